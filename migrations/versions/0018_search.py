"""the search index: FTS5 (trigram) on SQLite, tsvector and pg_trgm on PostgreSQL, kept by triggers

Revision ID: 0018_search
Revises: 0014

"""
from alembic import op

from app.search.schema import build_index, drop_index

# revision identifiers, used by Alembic.
revision = '0018_search'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    build_index(op.get_bind())


def downgrade():
    drop_index(op.get_bind())
