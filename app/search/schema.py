"""Build the search index each database keeps itself: FTS5 on SQLite, tsvector on PostgreSQL.

The index is one table, `search_entries`, of (kind, item_id, debate_id, body). Triggers on the
passages, positions, arguments and evidence tables keep it current on every write, whichever
path the write takes (a page, the API, an import, the CLI). It lives outside the models: its
shape depends on the database, so the migration and `db.create_all()` both build it from here.

Chinese has no spaces between words, so word tokens cannot find a word inside a sentence. Both
databases therefore also match by character n-grams: SQLite's FTS5 `trigram` tokenizer, and
PostgreSQL's pg_trgm index behind ILIKE. Terms shorter than three characters (most Chinese
words are two) are matched as substrings.
"""

from sqlalchemy import event

from app.extensions import db

# The integer each kind adds to item_id * 4 to make an FTS5 rowid: one entry per item, found
# and deleted by rowid without scanning.
KIND_CODES = {"passage": 0, "position": 1, "argument": 2, "evidence": 3}
# Names the models do not describe, so that comparing models and database leaves them aside.
OUTSIDE_MODELS = "search_entries"

# Each source: its table, the text columns a write must touch to change the entry, the debate and
# body of the entry as SQL over the written row (NEW), the tables to join for them with their
# join conditions, and the condition for an item to be indexed at all.
SOURCES = {
    "passage": ("passages", "text", "CAST(NULL AS integer)", "NEW.text", (), "true"),
    "position": ("positions", "statement", "NEW.debate_id", "NEW.statement", (), "true"),
    # A link repeats its target's claim: indexing it would list the same words twice.
    "argument": (
        "arguments",
        "claim, body",
        "p.debate_id",
        "NEW.claim || ' ' || NEW.body",
        (("positions p", "p.id = NEW.position_id"),),
        "NEW.link_to_id IS NULL",
    ),
    "evidence": (
        "evidence",
        "title",
        "p.debate_id",
        "NEW.title",
        (("arguments a", "a.id = NEW.argument_id"), ("positions p", "p.id = a.position_id")),
        "true",
    ),
}


def entry_of_new(kind: str) -> str:
    """Return the SELECT giving (debate_id, body) of the entry for the row a trigger wrote."""
    _table, _columns, debate, body, joins, where = SOURCES[kind]
    tables = ", ".join(name for name, _on in joins)
    conditions = " AND ".join([*(on for _name, on in joins), where])
    source = f" FROM {tables}" if tables else ""
    return f"SELECT {debate}, {body}{source} WHERE {conditions}"


def entries_of_table(kind: str, rowid: bool) -> str:
    """Return the INSERT that indexes every stored row of one source."""
    table, _columns, debate, body, joins, where = SOURCES[kind]
    joined = "".join(f" JOIN {name} ON {on}" for name, on in joins)
    key = f"NEW.id * 4 + {KIND_CODES[kind]}, " if rowid else ""
    return (
        f"INSERT INTO search_entries ({'rowid, ' if rowid else ''}kind, item_id, debate_id, body)"
        f" SELECT {key}'{kind}', NEW.id, {debate}, {body} FROM {table} AS NEW{joined}"
        f" WHERE {where}"
    )


def sqlite_statements() -> list[str]:
    """Return the statements that build the FTS5 index and its triggers on SQLite."""
    statements = [
        "CREATE VIRTUAL TABLE search_entries USING fts5("
        "body, kind UNINDEXED, item_id UNINDEXED, debate_id UNINDEXED, tokenize='trigram')"
    ]
    for kind, (table, columns, *_entry) in SOURCES.items():
        code = KIND_CODES[kind]
        insert = (
            "INSERT INTO search_entries (rowid, kind, item_id, debate_id, body) "
            f"SELECT NEW.id * 4 + {code}, '{kind}', NEW.id, entry.* FROM ({entry_of_new(kind)})"
            " AS entry;"
        )
        delete = f"DELETE FROM search_entries WHERE rowid = OLD.id * 4 + {code};"
        statements += [
            f"CREATE TRIGGER search_{table}_insert AFTER INSERT ON {table} BEGIN {insert} END",
            f"CREATE TRIGGER search_{table}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {delete} {insert} END",
            f"CREATE TRIGGER search_{table}_delete AFTER DELETE ON {table} BEGIN {delete} END",
        ]
    return statements


def postgresql_statements() -> list[str]:
    """Return the statements that build the tsvector and trigram index and its triggers."""
    statements = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        "CREATE TABLE search_entries ("
        " kind varchar(10) NOT NULL,"
        " item_id integer NOT NULL,"
        " debate_id integer,"
        " body text NOT NULL,"
        " document tsvector GENERATED ALWAYS AS (to_tsvector('simple', body)) STORED,"
        " CONSTRAINT pk_search_entries PRIMARY KEY (kind, item_id))",
        "CREATE INDEX ix_search_entries_document ON search_entries USING gin (document)",
        "CREATE INDEX ix_search_entries_body_trigrams ON search_entries"
        " USING gin (body gin_trgm_ops)",
        "CREATE INDEX ix_search_entries_debate_id ON search_entries (debate_id)",
    ]
    for kind, (table, columns, *_entry) in SOURCES.items():
        statements += [
            f"CREATE FUNCTION search_index_{table}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            "BEGIN\n"
            "  IF TG_OP <> 'INSERT' THEN\n"
            f"    DELETE FROM search_entries WHERE kind = '{kind}' AND item_id = OLD.id;\n"
            "  END IF;\n"
            "  IF TG_OP <> 'DELETE' THEN\n"
            "    INSERT INTO search_entries (kind, item_id, debate_id, body)\n"
            f"    SELECT '{kind}', NEW.id, entry.* FROM ({entry_of_new(kind)}) AS entry;\n"
            "  END IF;\n"
            "  RETURN NULL;\n"
            "END $$",
            f"CREATE TRIGGER search_{table} AFTER INSERT OR UPDATE OF {columns} OR DELETE"
            f" ON {table} FOR EACH ROW EXECUTE FUNCTION search_index_{table}()",
        ]
    return statements


def build_index(connection) -> None:
    """Create the search index and its triggers, and fill it from what is already stored."""
    dialect = connection.dialect.name
    statements = postgresql_statements() if dialect == "postgresql" else sqlite_statements()
    for statement in statements:
        connection.exec_driver_sql(statement)
    fill_index(connection)


def fill_index(connection) -> None:
    """Index every stored item, as the triggers would have had they existed when it was written."""
    rowid = connection.dialect.name != "postgresql"
    for kind in SOURCES:
        connection.exec_driver_sql(entries_of_table(kind, rowid))


def drop_index(connection) -> None:
    """Drop the search index, its triggers and (on PostgreSQL) their functions."""
    if connection.dialect.name == "postgresql":
        # Named in the schema the tables are made in: unqualified, a name missing there would
        # be looked for further along the search path, and another schema's dropped.
        schema = '"' + connection.exec_driver_sql("SELECT current_schema()").scalar() + '"'
        for table, *_rest in SOURCES.values():
            connection.exec_driver_sql(
                f"DROP TRIGGER IF EXISTS search_{table} ON {schema}.{table}")
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {schema}.search_index_{table}()")
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {schema}.search_entries")
        return
    for table, *_rest in SOURCES.values():
        for event_name in ("insert", "update", "delete"):
            connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS search_{table}_{event_name}")
    connection.exec_driver_sql("DROP TABLE IF EXISTS search_entries")


def include_name(name: str | None, type_: str, _parent_names) -> bool:
    """Leave the search index out when comparing the models with the database: it is built by
    the statements above, and FTS5 adds shadow tables of its own."""
    return not (type_ in ("table", "index") and name and name.startswith(OUTSIDE_MODELS))


@event.listens_for(db.metadata, "after_create")
def _build_after_create(_metadata, connection, **_kw):
    """Build the index where the tables are made without migrations (the tests)."""
    drop_index(connection)
    build_index(connection)


@event.listens_for(db.metadata, "before_drop")
def _drop_before_drop(_metadata, connection, **_kw):
    drop_index(connection)
