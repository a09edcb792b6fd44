"""index ratings by argument with their score, so that sorting by strength reads the index only

Revision ID: 0009
Revises: 0008


"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ratings_argument_id_score', ['argument_id', 'score'],
                              unique=False)
        batch_op.drop_index(batch_op.f('ix_ratings_argument_id'))


def downgrade():
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratings_argument_id'), ['argument_id'], unique=False)
        batch_op.drop_index('ix_ratings_argument_id_score')
