"""live events may ask for a signed-in account to vote; a phone remembers its account

Revision ID: 0024_live_questions
Revises: 0023_insight_cache
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0024_live_questions'
down_revision = '0023_insight_cache'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('accounts_required', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))
    with op.batch_alter_table('live_devices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_live_devices_user_id'), ['user_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_live_devices_event_id_user_id'),
                                          ['event_id', 'user_id'])
        batch_op.create_foreign_key(batch_op.f('fk_live_devices_user_id_users'), 'users',
                                    ['user_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('live_devices', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_live_devices_user_id_users'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_live_devices_event_id_user_id'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_live_devices_user_id'))
        batch_op.drop_column('user_id')
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.drop_column('accounts_required')
