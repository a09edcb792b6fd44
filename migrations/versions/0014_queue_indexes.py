"""indexes that read the review queue's waiting items in the order they wait

Revision ID: 0014
Revises: 0013

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_moderation_created_at_id',
                              ['moderation', 'created_at', 'id'], unique=False)

    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.create_index('ix_reports_debate_id_status_created_at_id',
                              ['debate_id', 'status', 'created_at', 'id'], unique=False)


def downgrade():
    with op.batch_alter_table('reports', schema=None) as batch_op:
        batch_op.drop_index('ix_reports_debate_id_status_created_at_id')

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_moderation_created_at_id')
