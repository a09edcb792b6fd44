"""link arguments and keep imported authors' names

Revision ID: 0010
Revises: 0009

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('link_to_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('imported_author', sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f('ix_arguments_link_to_id'), ['link_to_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_arguments_link_to_id_arguments'), 'arguments', ['link_to_id'], ['id'], ondelete='CASCADE')


def downgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_arguments_link_to_id_arguments'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_arguments_link_to_id'))
        batch_op.drop_column('imported_author')
        batch_op.drop_column('link_to_id')
