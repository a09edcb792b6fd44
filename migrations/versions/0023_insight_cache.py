"""a position's brief kept with its scores

Revision ID: 0023_insight_cache
Revises: 0021

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0023_insight_cache'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('score_states', schema=None) as batch_op:
        batch_op.add_column(sa.Column('brief', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('score_states', schema=None) as batch_op:
        batch_op.drop_column('brief')
