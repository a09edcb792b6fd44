"""class rubrics: up to five named criteria with their own maximum, and feedback marks on each

Revision ID: 0026_rubrics
Revises: 0025_class_groups
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0026_rubrics'
down_revision = '0025_class_groups'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('rubric_criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=60), nullable=False),
    sa.Column('name_key', sa.String(length=100), nullable=False),
    sa.Column('max_mark', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint('max_mark BETWEEN 1 AND 100', name=op.f('ck_rubric_criteria_max_mark_range')),
    sa.CheckConstraint('position BETWEEN 1 AND 5', name=op.f('ck_rubric_criteria_position_range')),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_rubric_criteria_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rubric_criteria')),
    sa.UniqueConstraint('classroom_id', 'name_key', name=op.f('uq_rubric_criteria_classroom_id_name_key'))
    )
    op.create_table('criterion_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('mark', sa.Integer(), nullable=False),
    sa.Column('out_of', sa.Integer(), nullable=False),
    sa.CheckConstraint('mark >= 0 AND mark <= out_of', name=op.f('ck_criterion_marks_mark_range')),
    sa.CheckConstraint('out_of BETWEEN 1 AND 100', name=op.f('ck_criterion_marks_out_of_range')),
    sa.ForeignKeyConstraint(['criterion_id'], ['rubric_criteria.id'], name=op.f('fk_criterion_marks_criterion_id_rubric_criteria'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['feedback_id'], ['feedback.id'], name=op.f('fk_criterion_marks_feedback_id_feedback'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criterion_marks')),
    sa.UniqueConstraint('feedback_id', 'criterion_id', name=op.f('uq_criterion_marks_feedback_id_criterion_id'))
    )
    with op.batch_alter_table('criterion_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_criterion_marks_criterion_id'), ['criterion_id'], unique=False)


def downgrade():
    with op.batch_alter_table('criterion_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_criterion_marks_criterion_id'))

    op.drop_table('criterion_marks')
    op.drop_table('rubric_criteria')
