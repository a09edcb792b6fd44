"""Time what convinces people on a 5,000-argument, 50,000-rating debate: the brief and the
insight API read from stored scores, and a full recompute of the scores.

`make bench-insight` builds the debate on SQLite in a temporary directory and, when
BENCH_DATABASE_URL names a PostgreSQL database, again in its own schema there. Tallies are
opened to everyone, so that every request ranks and counts the whole debate. Progress goes to
stdout; the last line is one JSON object.
"""

import json
import random
import secrets
import tempfile
import time
from pathlib import Path

from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.insight.scores import recompute_all
from app.models import Debate
from tests.benchmarks.position_page import (
    PASSWORD,
    RATINGS_PER_ARGUMENT,
    build_scene,
    percentile,
    postgresql_url,
    reset_schema,
    say,
    timed_get,
)
from tests.benchmarks.settings import BenchConfig

SIZE = 5_000
SCHEMA = "agora_bench_insight"
WARM_UP = 3
REQUESTS = 20
RECOMPUTES = 3
P50_TARGET_MS = 300
RECOMPUTE_TARGET_S = 10


def bench(url: str, schema: str | None, password_hash: str) -> dict:
    """Build the debate, recompute its scores a few times, then time the reads."""
    app = create_app(BenchConfig(url, secrets.token_hex(32), schema))
    started = time.perf_counter()
    with app.app_context():
        scene = build_scene(SIZE, password_hash, random.Random(SIZE))
        db.session.get(Debate, scene.debate_id).hide_tallies_until_rated = False
        db.session.commit()
    say(f"built {SIZE} arguments with {RATINGS_PER_ARGUMENT * SIZE} ratings "
        f"in {time.perf_counter() - started:.1f} s")
    recomputes = []
    for _ in range(RECOMPUTES):
        with app.app_context():
            began = time.perf_counter()
            recompute_all()
            recomputes.append(time.perf_counter() - began)
            db.session.remove()
    say(f"full recompute: {', '.join(f'{s:.2f} s' for s in recomputes)}")
    client = app.test_client()
    urls = {
        "insight_api": f"/api/v1/positions/{scene.position_id}/insight",
        "brief_api": f"/api/v1/debates/{scene.debate_id}/brief",
        "brief_page": f"/debates/{scene.debate_id}/brief",
        "insight_page": f"/positions/{scene.position_id}/insight",
    }
    walls = {name: [] for name in urls}
    for turn in range(WARM_UP + REQUESTS):
        for name, path in urls.items():
            wall, _ = timed_get(client, path)
            if turn >= WARM_UP:
                walls[name].append(wall)
    with app.app_context():
        method = client.get(urls["insight_api"]).get_json()["method"]
        db.engine.dispose()
    result = {f"{name}_p50_ms": round(percentile(values, 0.5), 1) for name, values in walls.items()}
    result |= {f"{name}_p95_ms": round(percentile(values, 0.95), 1)
               for name, values in walls.items()}
    result["recompute_s"] = round(min(recomputes), 2)
    result["method"] = method
    result["within_targets"] = (
        max(result[f"{name}_p50_ms"] for name in ("insight_api", "brief_api")) < P50_TARGET_MS
        and result["recompute_s"] < RECOMPUTE_TARGET_S
    )
    say(json.dumps(result))
    return result


def main() -> None:
    password_hash = generate_password_hash(PASSWORD)
    report = {"arguments": SIZE, "ratings": RATINGS_PER_ARGUMENT * SIZE}
    with tempfile.TemporaryDirectory(prefix="agora-insight-") as workdir:
        say("on SQLite")
        report["sqlite"] = bench(f"sqlite:///{Path(workdir) / 'insight.sqlite'}", None,
                                 password_hash)
    url = postgresql_url()
    if url:
        say("on PostgreSQL")
        reset_schema(url, SCHEMA)
        try:
            report["postgresql"] = bench(url, SCHEMA, password_hash)
        finally:
            reset_schema(url, SCHEMA, create=False)
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
