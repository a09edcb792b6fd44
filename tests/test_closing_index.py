"""Check that the arguments closing a branch are read through their own small index."""

from sqlalchemy import event, text

from app.extensions import db
from app.policy import closed_branches


def statements_of(work) -> list[tuple[str, dict]]:
    """Run work and return the SQL statements it sent, with their parameters."""
    sent = []

    def keep(_connection, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        work()
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    return sent


def plan_of(statement: str, parameters) -> str:
    """Return the database's plan for a statement, as one text."""
    if db.engine.dialect.name == "postgresql":
        # Tiny test tables are cheaper to scan; the question is whether the index applies.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        cursor = db.session.connection().connection.cursor()
        cursor.execute(f"EXPLAIN {statement}", parameters)
        return "\n".join(row[0] for row in cursor.fetchall())
    cursor = db.session.connection().connection.cursor()
    cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
    return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_a_positions_locked_and_unshown_arguments_are_read_through_the_partial_index(app_ctx):
    (statement, parameters), = statements_of(lambda: closed_branches(1))

    assert "ix_arguments_closing" in plan_of(statement, parameters)
