"""Time search over a 5,000-argument debate and its material, and the debate directory with
1,000 debates, on SQLite and (with BENCH_DATABASE_URL) on PostgreSQL.

`python -m tests.benchmarks.search` (`make bench-search`). Goals: search p50 under 50 ms and the
directory p50 under 100 ms on PostgreSQL, each page in a fixed number of queries. On
PostgreSQL everything lives in the schema `search_bench`, dropped at the end. Progress goes to
stdout; the last line is one JSON object.
"""

import json
import random
import secrets
import statistics
import tempfile
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, insert, text
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.materials.services import import_material
from app.models import (
    Debate,
    DebateStatus,
    Membership,
    Position,
    PositionAnchor,
    Role,
    Topic,
    User,
    debate_topics,
)
from app.models.columns import utcnow
from tests.benchmarks.bulk import insert_debate_data, insert_people, insert_top_arguments
from tests.benchmarks.position_page import (
    MATERIAL,
    PASSWORD,
    count_queries,
    percentile,
    postgresql_url,
    reset_schema,
    say,
    timed_get,
)
from tests.benchmarks.settings import BenchConfig

ARGUMENTS = 5_000
DEBATES = 1_000
PEOPLE = 300
TOPICS = 12
WARM_UP = 3
REQUESTS = 20
SCHEMA = "search_bench"
CHINESE = Path(__file__).resolve().parents[1] / "material" / "beijing-bicycles-zh.txt"
SEARCHES = (
    "cameras",
    "missing children",
    '"public has little recourse"',
    "face records -gait",
    "report figures",
    "北京",
    "自行车",
    "最后一公里",
    "innocent OR masks",
    "zzzz nothing matches this",
)
DIRECTORY = (
    {},
    {"sort": "new"},
    {"sort": "participants"},
    {"status": "open", "topic": 1},
    {"sort": "new", "page": 20},
)
GOALS = {"search_p50_ms": 50, "directory_p50_ms": 100}


class SearchBenchConfig(BenchConfig):
    """Put PostgreSQL's tables in their own schema, with public (pg_trgm) behind it."""

    def __init__(self, database_url: str, secret_key: str, postgresql: bool) -> None:
        super().__init__(database_url, secret_key)
        if postgresql:
            self.SQLALCHEMY_ENGINE_OPTIONS = {
                "pool_pre_ping": True,
                "connect_args": {"options": f"-csearch_path={SCHEMA},public"},
            }


def fill(app) -> None:
    """Store the material (English and Chinese), a 5,000-argument debate, and 999 more
    debates with a position, a few arguments, some ratings and topics."""
    rng = random.Random(14)
    with app.app_context():
        db.create_all()
        people = insert_people(PEOPLE, "searcher-", generate_password_hash(PASSWORD))
        owner = db.session.get(User, people[0])
        material = import_material("Watching the streets", MATERIAL, "markdown", added_by=owner)
        chinese = import_material("北京的自行车回来了", CHINESE.read_text(), "text", added_by=owner)
        big = Debate(material=material, owner=owner, title="How far should a city watch?",
                     question="Should the city keep its cameras?", status=DebateStatus.OPEN,
                     memberships=[Membership(user=owner, role=Role.OWNER)])
        passage = material.passages[1]
        position = Position(debate=big, author=owner, statement="The cameras make the city safer",
                            anchors=[PositionAnchor(passage=passage, quote=passage.text[:40])])
        db.session.add_all([big, position])
        db.session.flush()
        insert_debate_data(position.id, list(people[1:]), [p.id for p in material.passages],
                           size=ARGUMENTS, max_depth=8, ratings=2 * ARGUMENTS, rng=rng)
        topics = db.session.scalars(insert(Topic).returning(Topic.id), [
            {"name": f"Topic {number}"} for number in range(1, TOPICS + 1)]).all()
        now = utcnow()
        debate_ids = db.session.scalars(insert(Debate).returning(Debate.id), [
            {"material_id": (material if number % 2 else chinese).id, "owner_id": people[0],
             "title": f"Debate {number} on the city", "question": "What now?",
             "status": DebateStatus.CLOSED if number % 5 == 0 else DebateStatus.OPEN,
             "created_at": now - timedelta(hours=number)}
            for number in range(1, DEBATES)]).all()
        db.session.execute(insert(debate_topics), [
            {"debate_id": debate_id, "topic_id": topics[number % TOPICS]}
            for number, debate_id in enumerate(debate_ids)])
        position_ids = db.session.scalars(insert(Position).returning(Position.id), [
            {"debate_id": debate_id, "author_id": people[0],
             "statement": f"Position of debate {debate_id}",
             "statement_key": f"position of debate {debate_id}"}
            for debate_id in debate_ids]).all()
        for number, position_id in enumerate(position_ids):
            count = number % 4
            if count:
                moments = [now - timedelta(minutes=rng.randrange(1, 50_000)) for _ in range(count)]
                insert_top_arguments(position_id, rng.sample(people, 3), moments)
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("VACUUM ANALYZE"))


def measure(app, urls: dict[str, str]) -> dict:
    """Time each URL, taking turns; return the p50 and p95 over all and each one's p50."""
    client = app.test_client()
    walls: dict[str, list[float]] = {name: [] for name in urls}
    for turn in range(WARM_UP + REQUESTS):
        for name, url in urls.items():
            wall, _ = timed_get(client, url)
            if turn >= WARM_UP:
                walls[name].append(wall)
    every = [wall for values in walls.values() for wall in values]
    return {
        "p50_ms": round(statistics.median(every), 2),
        "p95_ms": round(percentile(every, 0.95), 2),
        "each_p50_ms": {name: round(statistics.median(values), 2)
                        for name, values in walls.items()},
        "queries": sorted({count_queries(app, client, url) for url in urls.values()}),
    }


def bench(name: str, url: str, postgresql: bool) -> dict:
    """Fill one database and time search and the directory on it."""
    app = create_app(SearchBenchConfig(url, secrets.token_hex(16), postgresql))
    say(f"[{name}] storing {ARGUMENTS} arguments and {DEBATES} debates")
    fill(app)
    searches = {query: "/search?" + urlencode({"q": query}) for query in SEARCHES}
    api = {f"api {query}": "/api/v1/search?" + urlencode({"q": query}) for query in SEARCHES[:3]}
    directory = {json.dumps(args): "/debates?" + urlencode(args) for args in DIRECTORY}
    figures = {"search": measure(app, {**searches, **api}),
               "directory": measure(app, directory)}
    figures["search_p50_ms"] = figures["search"]["p50_ms"]
    figures["directory_p50_ms"] = figures["directory"]["p50_ms"]
    say(f"[{name}] {json.dumps(figures)}")
    with app.app_context():
        db.session.remove()
        db.engine.dispose()
    return figures


def main() -> None:
    results = {}
    with tempfile.TemporaryDirectory(prefix="agora-search-bench-") as workdir:
        results["sqlite"] = bench("sqlite", f"sqlite:///{Path(workdir) / 'search.sqlite'}", False)
    if url := postgresql_url():
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
        engine.dispose()
        reset_schema(url, SCHEMA)
        try:
            results["postgresql"] = bench("postgresql", url, True)
        finally:
            reset_schema(url, SCHEMA, create=False)
    headline = results.get("postgresql", results["sqlite"])
    report = {
        "search_p50_ms": headline["search_p50_ms"],
        "directory_p50_ms": headline["directory_p50_ms"],
        "measured_on": "postgresql" if "postgresql" in results else "sqlite",
        "goals_ms": GOALS,
        "goals_met": all(headline[name] < goal for name, goal in GOALS.items()),
        **results,
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
