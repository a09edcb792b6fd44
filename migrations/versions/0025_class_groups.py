"""small groups: a class split into groups, each with its own copy of a template debate

Revision ID: 0025_class_groups
Revises: 0024_live_questions
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0025_class_groups'
down_revision = '0024_live_questions'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('group_splits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_group_splits_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['template_id'], ['debates.id'], name=op.f('fk_group_splits_template_id_debates'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_splits'))
    )
    with op.batch_alter_table('group_splits', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_group_splits_classroom_id'), ['classroom_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_group_splits_template_id'), ['template_id'], unique=False)

    op.create_table('class_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('split_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_class_groups_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['split_id'], ['group_splits.id'], name=op.f('fk_class_groups_split_id_group_splits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_groups')),
    sa.UniqueConstraint('debate_id', name=op.f('uq_class_groups_debate_id')),
    sa.UniqueConstraint('id', 'split_id', name=op.f('uq_class_groups_id_split_id')),
    sa.UniqueConstraint('split_id', 'name', name=op.f('uq_class_groups_split_id_name'))
    )

    op.create_table('group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('split_id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id', 'split_id'], ['class_groups.id', 'class_groups.split_id'], name=op.f('fk_group_members_group_id_class_groups'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_group_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_group_members')),
    sa.UniqueConstraint('split_id', 'user_id', name=op.f('uq_group_members_split_id_user_id'))
    )
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.create_index('ix_group_members_group_id', ['group_id'], unique=False)
        batch_op.create_index('ix_group_members_user_id', ['user_id'], unique=False)


def downgrade():
    with op.batch_alter_table('group_members', schema=None) as batch_op:
        batch_op.drop_index('ix_group_members_user_id')
        batch_op.drop_index('ix_group_members_group_id')
    op.drop_table('group_members')
    op.drop_table('class_groups')
    with op.batch_alter_table('group_splits', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_group_splits_template_id'))
        batch_op.drop_index(batch_op.f('ix_group_splits_classroom_id'))
    op.drop_table('group_splits')
