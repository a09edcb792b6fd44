"""compare claims, position statements and evidence addresses on normalised keys

Claim keys are recomputed (NFKC, invisible characters removed, case folded); positions gain a
statement key and evidence a canonical address, each unique in place of the raw text.

Revision ID: 0006
Revises: 0005

"""
import re

from alembic import op
import sqlalchemy as sa

# The rules as they stand at this revision; a later change of meaning gets its own migration.
from app.text import canonical_url, comparison_key, fitted

# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

CLAIM_LENGTH = 280
STATEMENT_LENGTH = 300
URL_LENGTH = 2000

arguments = sa.table('arguments', sa.column('id', sa.Integer), sa.column('claim', sa.String),
                     sa.column('claim_key', sa.String))
positions = sa.table('positions', sa.column('id', sa.Integer), sa.column('debate_id', sa.Integer),
                     sa.column('statement', sa.String), sa.column('statement_key', sa.String))
evidence = sa.table('evidence', sa.column('id', sa.Integer), sa.column('argument_id', sa.Integer),
                    sa.column('url', sa.String), sa.column('url_key', sa.String))


def claim_key(claim):
    return fitted(re.sub(r"[\s.!?;:,]+$", "", comparison_key(claim)), CLAIM_LENGTH)


def old_claim_key(claim):
    return re.sub(r"[\s.!?;:,]+$", "", " ".join(claim.lower().split()))


def set_claim_keys(connection, key):
    rows = connection.execute(sa.select(arguments.c.id, arguments.c.claim)).all()
    for argument_id, claim in rows:
        connection.execute(arguments.update().where(arguments.c.id == argument_id)
                           .values(claim_key=key(claim)))


def upgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.add_column(sa.Column('url_key', sa.String(length=URL_LENGTH), nullable=True))
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('statement_key', sa.String(length=STATEMENT_LENGTH),
                                      nullable=True))

    connection = op.get_bind()
    set_claim_keys(connection, claim_key)
    # Rows that already read alike under the new keys stay as they are: the first keeps the
    # key and refuses new copies, later ones get a key of their own (a position) or none (a
    # source, whose key is only ever compared).
    seen = set()
    rows = connection.execute(sa.select(positions.c.id, positions.c.debate_id,
                                        positions.c.statement).order_by(positions.c.id)).all()
    for position_id, debate_id, statement in rows:
        key = fitted(comparison_key(statement), STATEMENT_LENGTH)
        if (debate_id, key) in seen:
            key = fitted(f"{key} #{position_id}", STATEMENT_LENGTH)
        seen.add((debate_id, key))
        connection.execute(positions.update().where(positions.c.id == position_id)
                           .values(statement_key=key))
    seen = set()
    rows = connection.execute(sa.select(evidence.c.id, evidence.c.argument_id, evidence.c.url)
                              .where(evidence.c.url.is_not(None)).order_by(evidence.c.id)).all()
    for evidence_id, argument_id, url in rows:
        key = fitted(canonical_url(url), URL_LENGTH)
        if (argument_id, key) in seen:
            continue
        seen.add((argument_id, key))
        connection.execute(evidence.update().where(evidence.c.id == evidence_id)
                           .values(url_key=key))

    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_evidence_argument_id_url'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_evidence_argument_id_url_key'),
                                          ['argument_id', 'url_key'])
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.alter_column('statement_key', existing_type=sa.String(length=STATEMENT_LENGTH),
                              nullable=False)
        batch_op.drop_constraint(batch_op.f('uq_positions_debate_id_statement'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_positions_debate_id_statement_key'),
                                          ['debate_id', 'statement_key'])


def downgrade():
    with op.batch_alter_table('positions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_positions_debate_id_statement_key'),
                                 type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_positions_debate_id_statement'),
                                          ['debate_id', 'statement'])
        batch_op.drop_column('statement_key')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_evidence_argument_id_url_key'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_evidence_argument_id_url'),
                                          ['argument_id', 'url'])
        batch_op.drop_column('url_key')
    set_claim_keys(op.get_bind(), old_claim_key)
