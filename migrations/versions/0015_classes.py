"""classes: teachers, students and managed student accounts, and a class's debates

Revision ID: 0015_classes
Revises: 0014

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0015_classes'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('classrooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('term', sa.String(length=60), nullable=False),
    sa.Column('join_code', sa.String(length=8), nullable=False),
    sa.Column('joining_open', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint('length(join_code) = 8', name=op.f('ck_classrooms_join_code_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_classrooms')),
    sa.UniqueConstraint('join_code', name=op.f('uq_classrooms_join_code'))
    )
    op.create_table('class_students',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_class_students_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_class_students_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_students')),
    sa.UniqueConstraint('classroom_id', 'user_id', name=op.f('uq_class_students_classroom_id_user_id'))
    )
    with op.batch_alter_table('class_students', schema=None) as batch_op:
        batch_op.create_index('ix_class_students_user_id', ['user_id'], unique=False)

    op.create_table('class_teachers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_class_teachers_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_class_teachers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_class_teachers')),
    sa.UniqueConstraint('classroom_id', 'user_id', name=op.f('uq_class_teachers_classroom_id_user_id'))
    )
    with op.batch_alter_table('class_teachers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_class_teachers_classroom_id'), ['classroom_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_class_teachers_user_id'), ['user_id'], unique=False)

    op.create_table('side_assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('side', sa.Enum('pro', 'con', name='side', native_enum=False, create_constraint=True, length=3), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_side_assignments_position_id_positions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_side_assignments_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_side_assignments')),
    sa.UniqueConstraint('position_id', 'user_id', name=op.f('uq_side_assignments_position_id_user_id'))
    )
    with op.batch_alter_table('side_assignments', schema=None) as batch_op:
        batch_op.create_index('ix_side_assignments_user_id', ['user_id'], unique=False)

    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('classroom_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_debates_classroom_id'), ['classroom_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_debates_classroom_id_classrooms'), 'classrooms', ['classroom_id'], ['id'], ondelete='SET NULL')
        batch_op.add_column(sa.Column('peers_anonymous', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pseudonym', sa.Integer(), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_memberships_debate_id_pseudonym'), ['debate_id', 'pseudonym'])

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_managed', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), server_default=sa.false(), nullable=False))


    op.create_table('tasks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('due_at', sa.DateTime(), nullable=False),
    sa.Column('arguments_target', sa.Integer(), server_default='0', nullable=False),
    sa.Column('on_assigned_side', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('replies_target', sa.Integer(), server_default='0', nullable=False),
    sa.Column('evidence_target', sa.Integer(), server_default='0', nullable=False),
    sa.Column('ratings_target', sa.Integer(), server_default='0', nullable=False),
    sa.Column('stance_before_after', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('reflection', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint('arguments_target >= 0 AND replies_target >= 0 AND evidence_target >= 0 AND ratings_target >= 0', name=op.f('ck_tasks_targets_not_negative')),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_tasks_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_tasks_debate_id_debates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tasks'))
    )
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.create_index('ix_tasks_classroom_id_due_at', ['classroom_id', 'due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_tasks_debate_id'), ['debate_id'], unique=False)

    op.create_table('reflections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], name=op.f('fk_reflections_task_id_tasks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_reflections_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reflections')),
    sa.UniqueConstraint('task_id', 'user_id', name=op.f('uq_reflections_task_id_user_id'))
    )
    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.create_index('ix_reflections_user_id', ['user_id'], unique=False)


    op.create_table('feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('classroom_id', sa.Integer(), nullable=False),
    sa.Column('student_id', sa.Integer(), nullable=False),
    sa.Column('argument_id', sa.Integer(), nullable=True),
    sa.Column('teacher_id', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), nullable=False),
    sa.Column('mark', sa.Integer(), nullable=True),
    sa.Column('out_of', sa.Integer(), server_default='4', nullable=False),
    sa.Column('released_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.CheckConstraint('mark IS NULL OR (mark >= 0 AND mark <= out_of)', name=op.f('ck_feedback_mark_range')),
    sa.CheckConstraint('out_of BETWEEN 1 AND 100', name=op.f('ck_feedback_out_of_range')),
    sa.ForeignKeyConstraint(['argument_id'], ['arguments.id'], name=op.f('fk_feedback_argument_id_arguments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['classroom_id'], ['classrooms.id'], name=op.f('fk_feedback_classroom_id_classrooms'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['student_id'], ['users.id'], name=op.f('fk_feedback_student_id_users'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['teacher_id'], ['users.id'], name=op.f('fk_feedback_teacher_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_feedback'))
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_feedback_argument_id'), ['argument_id'], unique=False)
        batch_op.create_index('ix_feedback_classroom_id_student_id', ['classroom_id', 'student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_student_id'), ['student_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_teacher_id'), ['teacher_id'], unique=False)


def downgrade():
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_teacher_id'))
        batch_op.drop_index(batch_op.f('ix_feedback_student_id'))
        batch_op.drop_index('ix_feedback_classroom_id_student_id')
        batch_op.drop_index(batch_op.f('ix_feedback_argument_id'))

    op.drop_table('feedback')

    with op.batch_alter_table('reflections', schema=None) as batch_op:
        batch_op.drop_index('ix_reflections_user_id')

    op.drop_table('reflections')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tasks_debate_id'))
        batch_op.drop_index('ix_tasks_classroom_id_due_at')

    op.drop_table('tasks')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
        batch_op.drop_column('is_managed')

    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_memberships_debate_id_pseudonym'), type_='unique')
        batch_op.drop_column('pseudonym')

    with op.batch_alter_table('debates', schema=None) as batch_op:
        batch_op.drop_column('peers_anonymous')
        batch_op.drop_constraint(batch_op.f('fk_debates_classroom_id_classrooms'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_debates_classroom_id'))
        batch_op.drop_column('classroom_id')

    with op.batch_alter_table('class_teachers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_class_teachers_user_id'))
        batch_op.drop_index(batch_op.f('ix_class_teachers_classroom_id'))

    op.drop_table('class_teachers')
    with op.batch_alter_table('side_assignments', schema=None) as batch_op:
        batch_op.drop_index('ix_side_assignments_user_id')

    op.drop_table('side_assignments')
    with op.batch_alter_table('class_students', schema=None) as batch_op:
        batch_op.drop_index('ix_class_students_user_id')

    op.drop_table('class_students')
    op.drop_table('classrooms')
