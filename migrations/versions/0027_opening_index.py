"""a partial index of each position's opening arguments, by side

Revision ID: 0027_opening_index
Revises: 0026_rubrics

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027_opening_index'
down_revision = '0026_rubrics'
branch_labels = None
depends_on = None

OPENING = sa.text("parent_id IS NULL")


def upgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.create_index('ix_arguments_opening',
                              ['position_id', 'side', 'moderation', 'created_at'],
                              unique=False, postgresql_where=OPENING, sqlite_where=OPENING)


def downgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.drop_index('ix_arguments_opening')
