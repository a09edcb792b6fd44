"""the search index (FTS5 trigram on SQLite, tsvector and pg_trgm on PostgreSQL, kept by
triggers) and the topics debates are filed under

Revision ID: 0018_search
Revises: 0017_insight

"""
import sqlalchemy as sa
from alembic import op

from app.search.schema import build_index, drop_index

# revision identifiers, used by Alembic.
revision = '0018_search'
down_revision = '0017_insight'
branch_labels = None
depends_on = None


def upgrade():
    build_index(op.get_bind())
    op.create_table(
        'topics',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=60), nullable=False),
        sa.Column('created_at', sa.DateTime(), server_default=sa.func.now(),
                  nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_topics')),
        sa.UniqueConstraint('name', name=op.f('uq_topics_name')),
    )
    op.create_table(
        'debate_topics',
        sa.Column('debate_id', sa.Integer(), nullable=False),
        sa.Column('topic_id', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['debate_id'], ['debates.id'],
                                name=op.f('fk_debate_topics_debate_id_debates'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['topic_id'], ['topics.id'],
                                name=op.f('fk_debate_topics_topic_id_topics'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('debate_id', 'topic_id', name=op.f('pk_debate_topics')),
    )
    with op.batch_alter_table('debate_topics', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_debate_topics_topic_id'), ['topic_id'],
                              unique=False)


def downgrade():
    with op.batch_alter_table('debate_topics', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_debate_topics_topic_id'))
    op.drop_table('debate_topics')
    op.drop_table('topics')
    drop_index(op.get_bind())
