"""give positions a moderation state, so that those participants propose can wait for review

Revision ID: 0020
Revises: 0019_follow_mail

"""
from alembic import op
import sqlalchemy as sa

from app.search.schema import build_index, drop_index


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019_follow_mail'
branch_labels = None
depends_on = None


def rebuilt_search_index(work):
    """Run work that SQLite does by copying the positions table into a new one: the search
    index's triggers name that table, so they are dropped first and built again after."""
    connection = op.get_bind()
    if connection.dialect.name != 'sqlite':
        work()
        return
    drop_index(connection)
    work()
    build_index(connection)


def upgrade():
    rebuilt_search_index(add_moderation)


def downgrade():
    rebuilt_search_index(drop_moderation)


def add_moderation():
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('moderation', sa.Enum('visible', 'pending', 'hidden', 'rejected', name='moderationstate', native_enum=False, create_constraint=True, length=10), server_default='visible', nullable=False))
        batch_op.add_column(sa.Column('moderation_reason', sa.Text(), nullable=True))
        batch_op.create_index(batch_op.f('ix_positions_moderation'), ['moderation'], unique=False)
        batch_op.create_index('ix_positions_debate_id_moderation_created_at',
                              ['debate_id', 'moderation', 'created_at'], unique=False)


def drop_moderation():
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_index('ix_positions_debate_id_moderation_created_at')
        batch_op.drop_index(batch_op.f('ix_positions_moderation'))
        batch_op.drop_column('moderation_reason')
        batch_op.drop_constraint(batch_op.f('ck_positions_moderationstate'), type_='check')
        batch_op.drop_column('moderation')
