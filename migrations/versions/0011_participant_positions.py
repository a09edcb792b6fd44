"""let a debate's owner allow participants to raise positions

Revision ID: 0011
Revises: 0010


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('participants_raise_positions', sa.Boolean(),
                                      server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.drop_column('participants_raise_positions')
