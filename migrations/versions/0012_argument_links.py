"""link arguments, keep imported authors' names and hold uploads between preview and import

Revision ID: 0012
Revises: 0011

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('import_drafts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=43), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('material_id', sa.Integer(), nullable=True),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['material_id'], ['materials.id'], name=op.f('fk_import_drafts_material_id_materials'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_import_drafts_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_import_drafts')),
    sa.UniqueConstraint('key', name=op.f('uq_import_drafts_key'))
    )
    with op.batch_alter_table('import_drafts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_drafts_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_drafts_material_id'), ['material_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_import_drafts_owner_id'), ['owner_id'], unique=False)

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

    with op.batch_alter_table('import_drafts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_drafts_owner_id'))
        batch_op.drop_index(batch_op.f('ix_import_drafts_material_id'))
        batch_op.drop_index(batch_op.f('ix_import_drafts_created_at'))

    op.drop_table('import_drafts')
