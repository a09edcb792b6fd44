"""keep suspensions apart from memberships, so that suspending someone never makes them a member

Revision ID: 0007
Revises: 0006


"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('suspensions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('debate_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('until', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(), nullable=False),
    sa.ForeignKeyConstraint(['debate_id'], ['debates.id'], name=op.f('fk_suspensions_debate_id_debates'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_suspensions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suspensions')),
    sa.UniqueConstraint('debate_id', 'user_id', name=op.f('uq_suspensions_debate_id_user_id'))
    )
    with op.batch_alter_table('suspensions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suspensions_debate_id'), ['debate_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_suspensions_user_id'), ['user_id'], unique=False)

    # Data migration: every suspension recorded on a membership moves to its own row.
    op.execute(
        "INSERT INTO suspensions (debate_id, user_id, until)"
        " SELECT debate_id, user_id, suspended_until FROM memberships"
        " WHERE suspended_until IS NOT NULL"
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_column('suspended_until')


def downgrade():
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_until', sa.DateTime(), nullable=True))
    # Data migration: suspensions of members go back on their memberships; those of people
    # who are not members have nowhere to go, and end.
    op.execute(
        "UPDATE memberships SET suspended_until = (SELECT until FROM suspensions"
        " WHERE suspensions.debate_id = memberships.debate_id"
        " AND suspensions.user_id = memberships.user_id)"
    )

    with op.batch_alter_table('suspensions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suspensions_user_id'))
        batch_op.drop_index(batch_op.f('ix_suspensions_debate_id'))

    op.drop_table('suspensions')
