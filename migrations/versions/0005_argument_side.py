"""call an argument's pro/con its side, keeping "stance" for where people stand on positions

Revision ID: 0005
Revises: 0004


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_arguments_stance'), type_='check')
        batch_op.alter_column('stance', new_column_name='side', existing_type=sa.String(3),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_arguments_side'), "side IN ('pro', 'con')")


def downgrade():
    with op.batch_alter_table('arguments', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_arguments_side'), type_='check')
        batch_op.alter_column('side', new_column_name='stance', existing_type=sa.String(3),
                              existing_nullable=False)
        batch_op.create_check_constraint(op.f('ck_arguments_stance'), "stance IN ('pro', 'con')")
