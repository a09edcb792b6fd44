"""store live events: schedule, speakers, audience devices, votes, questions and marks

Revision ID: 0016_live
Revises: 0015_classes
Create Date: 2026-11-30 21:06:34.025508

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0016_live'
down_revision = '0015_classes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('live_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('join_code', sa.String(length=6), nullable=False),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('current_phase', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('timer_started_at', sa.DateTime(), nullable=True),
    sa.Column('timer_banked', sa.Integer(), nullable=False),
    sa.Column('timer_extra', sa.Integer(), nullable=False),
    sa.Column('open_vote', sa.Enum('pre', 'post', name='round', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('revealed', sa.Boolean(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('speaking_id', sa.Integer(), nullable=True),
    sa.Column('premoderated', sa.Boolean(), nullable=False),
    sa.Column('tickets_required', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('current_phase >= 0', name=op.f('ck_live_events_phase_not_negative')),
    sa.CheckConstraint('timer_banked >= 0 AND timer_extra >= 0', name=op.f('ck_live_events_timer_not_negative')),
    sa.CheckConstraint('version >= 1', name=op.f('ck_live_events_version_positive')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_live_events_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_live_events_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_live_events_position_id_positions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_events')),
    sa.UniqueConstraint('join_code', name=op.f('uq_live_events_join_code'))
    )
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_events_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_events_debate_id'), ['debate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_events_position_id'), ['position_id'], unique=False)

    op.create_table('live_devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['event_id'], ['live_events.id'], name=op.f('fk_live_devices_event_id_live_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_devices')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_live_devices_token_hash'))
    )
    with op.batch_alter_table('live_devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_devices_event_id'), ['event_id'], unique=False)

    op.create_table('live_speakers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('side', sa.Enum('for', 'against', name='speakerside', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('bio', sa.String(length=300), nullable=False),
    sa.Column('argument_id', sa.Integer(), nullable=True),
    sa.Column('order', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['argument_id'], ['arguments.id'], name=op.f('fk_live_speakers_argument_id_arguments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['live_events.id'], name=op.f('fk_live_speakers_event_id_live_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_speakers'))
    )
    with op.batch_alter_table('live_speakers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_speakers_argument_id'), ['argument_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_speakers_event_id'), ['event_id'], unique=False)

    op.create_table('live_marks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('argument_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('convinced', 'changed_mind', name='markkind', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['argument_id'], ['arguments.id'], name=op.f('fk_live_marks_argument_id_arguments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['device_id'], ['live_devices.id'], name=op.f('fk_live_marks_device_id_live_devices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['live_events.id'], name=op.f('fk_live_marks_event_id_live_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_marks')),
    sa.UniqueConstraint('device_id', 'argument_id', 'kind', name=op.f('uq_live_marks_device_id_argument_id_kind'))
    )
    with op.batch_alter_table('live_marks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_marks_argument_id'), ['argument_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_marks_event_id'), ['event_id'], unique=False)

    op.create_table('live_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.String(length=280), nullable=False),
    sa.Column('approved', sa.Boolean(), nullable=False),
    sa.Column('upvotes', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.CheckConstraint('upvotes >= 0', name=op.f('ck_live_questions_upvotes_not_negative')),
    sa.ForeignKeyConstraint(['device_id'], ['live_devices.id'], name=op.f('fk_live_questions_device_id_live_devices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['live_events.id'], name=op.f('fk_live_questions_event_id_live_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_questions'))
    )
    with op.batch_alter_table('live_questions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_questions_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_questions_event_id'), ['event_id'], unique=False)

    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f('fk_live_events_question_id_live_questions'),
                                    'live_questions', ['question_id'], ['id'], ondelete='SET NULL')
        batch_op.create_foreign_key(batch_op.f('fk_live_events_speaking_id_live_speakers'),
                                    'live_speakers', ['speaking_id'], ['id'], ondelete='SET NULL')

    op.create_table('live_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['live_devices.id'], name=op.f('fk_live_tickets_device_id_live_devices'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['event_id'], ['live_events.id'], name=op.f('fk_live_tickets_event_id_live_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_tickets')),
    sa.UniqueConstraint('code_hash', name=op.f('uq_live_tickets_code_hash')),
    sa.UniqueConstraint('device_id', name=op.f('uq_live_tickets_device_id'))
    )
    with op.batch_alter_table('live_tickets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_tickets_event_id'), ['event_id'], unique=False)

    op.create_table('live_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Enum('pre', 'post', name='round', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('choice', sa.Enum('for', 'against', 'undecided', name='stancechoice', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['live_devices.id'], name=op.f('fk_live_votes_device_id_live_devices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['live_events.id'], name=op.f('fk_live_votes_event_id_live_events'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_votes')),
    sa.UniqueConstraint('device_id', 'round', name=op.f('uq_live_votes_device_id_round'))
    )
    with op.batch_alter_table('live_votes', schema=None) as batch_op:
        batch_op.create_index('ix_live_votes_event_id_round', ['event_id', 'round'], unique=False)

    op.create_table('live_upvotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['live_devices.id'], name=op.f('fk_live_upvotes_device_id_live_devices'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['live_questions.id'], name=op.f('fk_live_upvotes_question_id_live_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_live_upvotes')),
    sa.UniqueConstraint('question_id', 'device_id', name=op.f('uq_live_upvotes_question_id_device_id'))
    )
    with op.batch_alter_table('live_upvotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_live_upvotes_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_live_upvotes_question_id'), ['question_id'], unique=False)



def downgrade():
    with op.batch_alter_table('live_tickets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_tickets_event_id'))

    op.drop_table('live_tickets')
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_live_events_speaking_id_live_speakers'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('fk_live_events_question_id_live_questions'), type_='foreignkey')

    with op.batch_alter_table('live_upvotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_upvotes_question_id'))
        batch_op.drop_index(batch_op.f('ix_live_upvotes_device_id'))

    op.drop_table('live_upvotes')
    with op.batch_alter_table('live_votes', schema=None) as batch_op:
        batch_op.drop_index('ix_live_votes_event_id_round')

    op.drop_table('live_votes')
    with op.batch_alter_table('live_questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_questions_event_id'))
        batch_op.drop_index(batch_op.f('ix_live_questions_device_id'))

    op.drop_table('live_questions')
    with op.batch_alter_table('live_marks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_marks_event_id'))
        batch_op.drop_index(batch_op.f('ix_live_marks_argument_id'))

    op.drop_table('live_marks')
    with op.batch_alter_table('live_speakers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_speakers_event_id'))
        batch_op.drop_index(batch_op.f('ix_live_speakers_argument_id'))

    op.drop_table('live_speakers')
    with op.batch_alter_table('live_devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_devices_event_id'))

    op.drop_table('live_devices')
    with op.batch_alter_table('live_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_live_events_position_id'))
        batch_op.drop_index(batch_op.f('ix_live_events_debate_id'))
        batch_op.drop_index(batch_op.f('ix_live_events_created_by_id'))

    op.drop_table('live_events')
