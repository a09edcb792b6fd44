"""cross-side scores, their freshness and the arguments that moved people

Revision ID: 0017_insight
Revises: 0016_live

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_insight'
down_revision = '0016_live'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('score_states',
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('method', sa.Enum('bridging', 'stances', name='scoremethod', native_enum=False, create_constraint=True, length=10), nullable=True),
    sa.Column('ratings', sa.Integer(), server_default='0', nullable=False),
    sa.Column('raters', sa.Integer(), server_default='0', nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=True),
    sa.Column('stale_since', sa.DateTime(), nullable=True),
    sa.Column('opinion_map', sa.JSON(), nullable=True),
    sa.CheckConstraint('ratings >= 0', name=op.f('ck_score_states_ratings_counted')),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_score_states_position_id_positions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('position_id', name=op.f('pk_score_states'))
    )
    op.create_table('argument_scores',
    sa.Column('argument_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('method', sa.Enum('bridging', 'stances', name='scoremethod', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('ratings', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ratings >= 0', name=op.f('ck_argument_scores_ratings_counted')),
    sa.ForeignKeyConstraint(['argument_id'], ['arguments.id'], name=op.f('fk_argument_scores_argument_id_arguments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_argument_scores_position_id_positions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('argument_id', name=op.f('pk_argument_scores'))
    )
    with op.batch_alter_table('argument_scores', schema=None) as batch_op:
        batch_op.create_index('ix_argument_scores_position_id_score', ['position_id', 'score'], unique=False)

    op.create_table('stance_reasons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('stance_change_id', sa.Integer(), nullable=False),
    sa.Column('position_id', sa.Integer(), nullable=False),
    sa.Column('argument_id', sa.Integer(), nullable=False),
    sa.Column('from_stance', sa.Enum('for', 'against', 'undecided', name='from_stance', native_enum=False, create_constraint=True, length=10), nullable=True),
    sa.Column('to_stance', sa.Enum('for', 'against', 'undecided', name='to_stance', native_enum=False, create_constraint=True, length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
    sa.ForeignKeyConstraint(['argument_id'], ['arguments.id'], name=op.f('fk_stance_reasons_argument_id_arguments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['position_id'], ['positions.id'], name=op.f('fk_stance_reasons_position_id_positions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['stance_change_id'], ['stance_changes.id'], name=op.f('fk_stance_reasons_stance_change_id_stance_changes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_stance_reasons')),
    sa.UniqueConstraint('stance_change_id', 'argument_id', name=op.f('uq_stance_reasons_stance_change_id_argument_id'))
    )
    with op.batch_alter_table('stance_reasons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_stance_reasons_argument_id'), ['argument_id'], unique=False)
        batch_op.create_index('ix_stance_reasons_position_id_to_stance', ['position_id', 'to_stance'], unique=False)
        batch_op.create_index(batch_op.f('ix_stance_reasons_stance_change_id'), ['stance_change_id'], unique=False)



def downgrade():
    with op.batch_alter_table('stance_reasons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_stance_reasons_stance_change_id'))
        batch_op.drop_index('ix_stance_reasons_position_id_to_stance')
        batch_op.drop_index(batch_op.f('ix_stance_reasons_argument_id'))

    op.drop_table('stance_reasons')
    with op.batch_alter_table('argument_scores', schema=None) as batch_op:
        batch_op.drop_index('ix_argument_scores_position_id_score')

    op.drop_table('argument_scores')
    op.drop_table('score_states')
