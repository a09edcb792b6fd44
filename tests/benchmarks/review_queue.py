"""Time the review queue's first page with 10,000 and 100,000 items waiting, and show from
PostgreSQL's own plan that it reads a page's worth of rows from each source, not the queue.

`python -m tests.benchmarks.review_queue` needs BENCH_DATABASE_URL (a PostgreSQL database with
'bench' in its name; one schema per size is dropped and created again). Progress and the plans
go to stdout; the last line is one JSON object.
"""

import json
import re
import secrets
import statistics
import sys
from datetime import timedelta

from sqlalchemy import select, text
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.models import Argument, Debate, ModerationState, Position
from app.models.columns import utcnow
from app.moderation.queries import waiting_items
from app.pagination import encode_key
from tests.benchmarks.bulk import insert_people, insert_review_queue
from tests.benchmarks.position_page import (
    PASSWORD,
    count_queries,
    percentile,
    postgresql_url,
    reset_schema,
    say,
    sign_in,
    timed_get,
)
from tests.benchmarks.settings import BenchConfig
from tests.factories import make_debate, make_position, make_user

SIZES = (10_000, 100_000)
REPORTERS = 5
WARM_UP = 5
REQUESTS = 30


def fill(app, size: int) -> tuple[str, int]:
    """Store a debate with `size` items waiting for review; return its owner's name and id."""
    with app.app_context():
        db.create_all()
        owner = make_user(username=f"owner{secrets.token_hex(3)}",
                          password_hash=generate_password_hash(PASSWORD))
        debate = make_debate(owner=owner)
        position = make_position(debate)
        reporters = insert_people(REPORTERS, "reporter-")
        insert_review_queue(debate.id, position.id, reporters, size,
                            since=utcnow() - timedelta(days=30), reports=REPORTERS)
        db.session.commit()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        return owner.username, debate.id


def middle_of_queue(app, debate_id: int) -> str:
    """Return the token of a page that starts halfway down the queue, after a pending argument."""
    with app.app_context():
        pending = select(Argument.created_at, Argument.id).join(Position).where(
            Position.debate_id == debate_id, Argument.moderation == ModerationState.PENDING)
        total = db.session.scalar(select(db.func.count()).select_from(pending.subquery()))
        moment, item = db.session.execute(
            pending.order_by(Argument.created_at, Argument.id).offset(total // 2).limit(1)).one()
        return encode_key((moment, "argument", item))


def first_page_plan(app, debate_id: int) -> list[str]:
    """Run the first page's selection of waiting items under EXPLAIN ANALYZE."""
    with app.app_context():
        waiting = waiting_items(db.session.get(Debate, debate_id))
        order = (waiting.c.since, waiting.c.kind, waiting.c.id)
        query = select(*order).order_by(*order).limit(26)
        compiled = query.compile(db.engine, compile_kwargs={"literal_binds": True})
        return db.session.execute(
            text(f"EXPLAIN (ANALYZE, BUFFERS) {compiled}")).scalars().all()


def widest_node(plan: list[str]) -> int:
    """Return the most rows any step of a plan produced."""
    return max(int(rows) for rows in re.findall(r"actual time=\S+ rows=(\d+)", plan_text(plan)))


def plan_text(plan: list[str]) -> str:
    return "\n".join(plan)


def main() -> None:
    url = postgresql_url()
    if url is None:
        sys.exit("Set BENCH_DATABASE_URL to a PostgreSQL database with 'bench' in its name.")
    scenes = {}
    for size in SIZES:
        schema = f"review_queue_{size}"
        reset_schema(url, schema)
        app = create_app(BenchConfig(url, secrets.token_hex(16), schema=schema))
        username, debate_id = fill(app, size)
        plan = first_page_plan(app, debate_id)
        say(f"[{size} waiting] plan of the first page's waiting items:\n{plan_text(plan)}")
        client = app.test_client()
        sign_in(client, username)
        page = f"/debates/{debate_id}/queue"
        scenes[size] = (app, client, page, f"{page}?after={middle_of_queue(app, debate_id)}", plan)
    # The sizes take turns, so that load from elsewhere on the machine weighs on each alike.
    walls = {size: {"first": [], "middle": []} for size in SIZES}
    for turn in range(WARM_UP + REQUESTS):
        for size, (_, client, page, middle, _) in scenes.items():
            for name, url_of_page in (("first", page), ("middle", middle)):
                wall, _ = timed_get(client, url_of_page)
                if turn >= WARM_UP:
                    walls[size][name].append(wall)
    figures = {}
    for size, (app, client, page, _, plan) in scenes.items():
        figures[size] = {
            "waiting": size,
            "page_p50_ms": round(statistics.median(walls[size]["first"]), 2),
            "page_p95_ms": round(percentile(walls[size]["first"], 0.95), 2),
            "middle_page_p50_ms": round(statistics.median(walls[size]["middle"]), 2),
            "queries": count_queries(app, client, page),
            "widest_plan_step_rows": widest_node(plan),
            "plan_ms": float(re.search(r"Execution Time: ([\d.]+)", plan_text(plan))[1]),
        }
        say(f"[{size} waiting] {json.dumps(figures[size])}")
        with app.app_context():
            db.engine.dispose()
        reset_schema(url, f"review_queue_{size}", create=False)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
