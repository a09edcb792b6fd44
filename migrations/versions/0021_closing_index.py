"""a partial index of the arguments that lock or hide a branch

Revision ID: 0021
Revises: 0020

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

CLOSING = sa.text("(locked_at IS NOT NULL OR moderation <> 'visible')")


def upgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.create_index('ix_arguments_closing',
                              ['position_id', 'path', 'locked_at', 'moderation'], unique=False,
                              postgresql_where=CLOSING, sqlite_where=CLOSING)


def downgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.drop_index('ix_arguments_closing')
