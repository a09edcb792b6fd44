"""Check that the arguments closing a branch are read through their own small index."""

import re

import pytest
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


def generic_plan_of(statement: str, parameters: dict) -> str:
    """Return the plan PostgreSQL keeps for a statement prepared once and run many times (as
    psycopg prepares a statement run often): made for any values, not for these."""
    from psycopg import sql

    names: list[str] = []

    def numbered(match) -> str:
        if match[1] not in names:
            names.append(match[1])
        return f"${names.index(match[1]) + 1}"

    cursor = db.session.connection().connection.cursor()
    cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")
    cursor.execute("PREPARE agora_plan AS " + re.sub(r"%\((\w+)\)s", numbered, statement))
    values = sql.SQL(", ").join(sql.Literal(parameters[name]) for name in names)
    cursor.execute(sql.SQL("EXPLAIN EXECUTE agora_plan({})").format(values))
    plan = "\n".join(row[0] for row in cursor.fetchall())
    cursor.execute("DEALLOCATE agora_plan")
    return plan


@pytest.mark.postgresql
def test_the_plan_postgresql_keeps_for_loading_an_argument_reads_the_partial_index(app_ctx):
    """A prepared statement's plan is made once for any values: the states that hide a branch
    must be written into the SQL for that plan to know the partial index holds them."""
    from app.visibility import load_argument
    from tests.factories import make_argument, make_debate, make_position, make_user

    argument = make_argument(make_position(make_debate()))
    reader = make_user()
    (statement, parameters), = statements_of(lambda: load_argument(argument.id, reader))

    assert "ix_arguments_closing" in generic_plan_of(statement, parameters)
