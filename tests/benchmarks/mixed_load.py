"""Put a mixed load on Agora with Locust: 100 people for 60 s on gunicorn, PostgreSQL, Redis.

`make load` seeds the PostgreSQL database BENCH_DATABASE_URL names (its tables are dropped and
created again, so the name must contain "bench") with one debate, serves it with gunicorn as
`gunicorn.conf.py` sets it up, with rate limits in Redis (BENCH_REDIS_URL), and runs Locust
headless with tests/benchmarks/locustfile.py: 80 % page reads, 15 % ratings and stances, 5 %
posts. Progress goes to stdout; the last line is one JSON object with the figures.
"""

import csv
import http.client
import json
import os
import random
import secrets
import subprocess
import sys
import tempfile
import time
from collections import Counter
from math import ceil
from pathlib import Path

from sqlalchemy import func, select, text, update
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.materials.services import import_material
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Membership,
    Position,
    PositionAnchor,
    Role,
    TrustLevel,
    User,
)
from config import BASE_DIR
from tests.benchmarks.bulk import insert_debate_data, insert_people
from tests.benchmarks.position_page import MATERIAL, free_port, postgresql_url
from tests.benchmarks.settings import BenchConfig

# LOAD_USERS and LOAD_SECONDS change them, e.g. for a quick try.
USERS = int(os.environ.get("LOAD_USERS", 100))
SPAWN_RATE = 25
SECONDS = int(os.environ.get("LOAD_SECONDS", 60))
# Each person has an account of their own; others only wrote the seeded arguments and ratings.
AUTHORS = 200
ARGUMENTS = 2_000
RATINGS = 20_000
MAX_DEPTH = 8
PASSWORD = "load password, never used elsewhere"
SERVER_START_SECONDS = 30
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
KINDS = {
    "reads": ("position page", "argument page", "debate page", "home page"),
    "votes": ("rate", "stance"),
    "posts": ("post argument",),
    "sign_in": ("sign-in form", "sign in", "landing page"),
}


def say(message: str) -> None:
    """Print progress at once, between Locust's and gunicorn's own output."""
    print(message, flush=True)


def seed(database_url: str) -> dict:
    """Drop and create every table, store one debate with a tree of arguments, ratings and
    stances, and return what the simulated people need to know of it."""
    app = create_app(BenchConfig(database_url, secrets.token_hex(32)))
    rng = random.Random(11)
    with app.app_context():
        db.drop_all()
        db.create_all()
        people = insert_people(USERS, "load", generate_password_hash(PASSWORD))
        authors = insert_people(AUTHORS, "author")
        owner = db.session.get(User, authors[0])
        material = import_material("Watching the streets", MATERIAL, "markdown", added_by=owner)
        debate = Debate(
            material=material, owner=owner, title="How far should a city watch its people?",
            question="Should the city keep its face-matching cameras?", status=DebateStatus.OPEN,
            memberships=[Membership(user=owner, role=Role.OWNER)],
        )
        passage = material.passages[1]
        position = Position(debate=debate, author=owner,
                            statement="The cameras make the city safer",
                            anchors=[PositionAnchor(passage=passage, quote=passage.text[:40])])
        db.session.add_all([debate, position])
        db.session.flush()
        tree = insert_debate_data(
            position.id, [*authors[1:], *people], [p.id for p in material.passages],
            size=ARGUMENTS, max_depth=MAX_DEPTH, ratings=RATINGS, rng=rng,
        )
        # The forum's regulars, as its admin has marked them: a new account may post three
        # arguments an hour, and the load's share of posts would be refused within the minute.
        db.session.execute(
            update(User).where(User.id.in_(people)).values(trust_level=TrustLevel.BASIC))
        db.session.commit()
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
        usernames = {person: f"load{number}" for number, person in enumerate(people)}
        own: dict[str, list[int]] = {}
        for argument_id, author_id in tree.authors.items():
            if author_id in usernames:
                own.setdefault(usernames[author_id], []).append(argument_id)
        scene = {
            "usernames": list(usernames.values()),
            "password": PASSWORD,
            "arguments": [a for a in tree.argument_ids if a not in tree.withdrawn],
            # Nobody rates their own argument (the server refuses it): each person's are listed.
            "own": own,
            "debate_url": f"/debates/{debate.id}",
            "position_url": f"/debates/{debate.id}/positions/{position.id}",
            "stance_url": f"/positions/{position.id}/stance",
            "new_argument_url": f"/positions/{position.id}/arguments/new",
            "position_id": position.id,
        }
        db.session.remove()
        db.engine.dispose()
    return scene


def start_gunicorn(environment: dict, port: int, log_path: Path) -> subprocess.Popen:
    """Start gunicorn with gunicorn.conf.py and wait until it answers /healthz."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log_path.open("w") as log:
        server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(gunicorn), "--config", "gunicorn.conf.py", "tests.benchmarks.load_wsgi:app"],
            cwd=BASE_DIR, env={**environment, "BIND": f"127.0.0.1:{port}"},
            stdout=log, stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}: see {log_path}")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                probe.close()
                return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not answer within {SERVER_START_SECONDS} s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    """Stop gunicorn as a deploy does (SIGTERM), killing it if it hangs."""
    server.terminate()
    try:
        server.wait(timeout=40)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=10)


def percentile(times: Counter, share: float) -> float:
    """Return the nearest-rank percentile of Locust's response times (milliseconds, rounded as
    Locust rounds them, with how many requests took each)."""
    rank, seen = max(1, ceil(share * sum(times.values()))), 0
    for milliseconds in sorted(times):
        seen += times[milliseconds]
        if seen >= rank:
            return float(milliseconds)
    return 0.0


def figures(requests: int, failures: int, times: Counter) -> dict:
    """Put requests, failures and the three percentiles in one dict."""
    return {"requests": requests, "failures": failures, "p50_ms": percentile(times, 0.5),
            "p95_ms": percentile(times, 0.95), "p99_ms": percentile(times, 0.99)}


def read_stats(path: Path) -> tuple[dict, dict[str, dict]]:
    """Read Locust's final stats: the figures of all requests, and of each request name."""
    by_name, everything = {}, Counter()
    for entry in json.loads(path.read_text()):
        times = Counter({int(ms): count for ms, count in entry["response_times"].items()})
        everything.update(times)
        by_name[entry["name"]] = figures(entry["num_requests"], entry["num_failures"], times)
    total = figures(sum(entry["requests"] for entry in by_name.values()),
                    sum(entry["failures"] for entry in by_name.values()), everything)
    return total, by_name


def read_failures(path: Path) -> dict[str, int]:
    """Read what Locust counted as failures: how often each request failed in each way."""
    if not path.exists():
        return {}
    with path.open(newline="") as rows:
        return {f"{row['Method']} {row['Name']}: {row['Error']}": int(row["Occurrences"])
                for row in csv.DictReader(rows)}


def main() -> None:
    """Seed, serve, load, check, and print the JSON line."""
    url = postgresql_url()
    if url is None:
        raise SystemExit("Set BENCH_DATABASE_URL to a PostgreSQL database with 'bench' in its "
                         "name, e.g. postgresql+psycopg://postgres@127.0.0.1:5432/agora_bench")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    started = time.perf_counter()
    scene = seed(url)
    say(f"seeded {ARGUMENTS} arguments, {RATINGS} ratings and {USERS + AUTHORS} people "
        f"in {time.perf_counter() - started:.1f} s")
    with tempfile.TemporaryDirectory(prefix="agora-load-") as workdir:
        workdir = Path(workdir)
        scene_path = workdir / "scene.json"
        scene_path.write_text(json.dumps(scene))
        port = free_port()
        environment = {**os.environ, "BENCH_DB_URL": url, "BENCH_REDIS_URL": redis_url,
                       "BENCH_SECRET_KEY": secrets.token_hex(32), "LOAD_SCENE": str(scene_path)}
        environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
        log_path = workdir / "gunicorn.log"
        server = start_gunicorn(environment, port, log_path)
        say(f"gunicorn serves on port {port}; Locust: {USERS} people for {SECONDS} s")
        try:
            locust = subprocess.run(  # noqa: S603 - our own Locust, fixed arguments
                [str(Path(sys.executable).with_name("locust")), "--locustfile", str(LOCUSTFILE),
                 "--headless", "--users", str(USERS), "--spawn-rate", str(SPAWN_RATE),
                 "--run-time", f"{SECONDS}s", "--stop-timeout", "10",
                 "--host", f"http://127.0.0.1:{port}", "--json-file", str(workdir / "load"),
                 "--csv", str(workdir / "load"),
                 "--only-summary", "--loglevel", "WARNING"],
                cwd=BASE_DIR, env=environment, capture_output=True, text=True,
                timeout=SECONDS + 120, check=False,
            )
        finally:
            stop_gunicorn(server)
        for line in (locust.stdout + locust.stderr).splitlines()[-40:]:
            say(f"locust: {line}")
        total, stats = read_stats(workdir / "load.json")
        failures = read_failures(workdir / "load_failures.csv")
        log = log_path.read_text(errors="replace")
        if "Traceback" in log or "WORKER TIMEOUT" in log:
            for line in log.splitlines():
                if "agora.requests" not in line and '"message": "GET' not in line:
                    say(f"gunicorn: {line[:300]}")
    app = create_app(BenchConfig(url, secrets.token_hex(32)))
    with app.app_context():
        arguments = db.session.scalar(select(func.count()).select_from(Argument))
        incomplete = db.session.scalar(
            select(func.count()).select_from(Argument).where(
                (Argument.path == "") | Argument.author_id.is_(None))
        )
        db.engine.dispose()
    requests_by_kind = {
        kind: sum(stats.get(name, {}).get("requests", 0) for name in names)
        for kind, names in KINDS.items()
    }
    actions = sum(requests_by_kind[kind] for kind in ("reads", "votes", "posts"))
    report = {
        "tool": "locust",
        "users": USERS,
        "seconds": SECONDS,
        "requests": total["requests"],
        "requests_per_s": round(total["requests"] / SECONDS, 1),
        "p50_ms": total["p50_ms"],
        "p95_ms": total["p95_ms"],
        "p99_ms": total["p99_ms"],
        "errors": total["failures"],
        "failures": failures,
        "mix": {kind: round(requests_by_kind[kind] / actions, 3)
                for kind in ("reads", "votes", "posts")},
        "requests_by_kind": requests_by_kind,
        "by_request": stats,
        "arguments_after": arguments,
        "arguments_posted": arguments - ARGUMENTS,
        "arguments_incomplete": incomplete,
        "tracebacks_in_log": log.count("Traceback"),
        "worker_timeouts_in_log": log.count("WORKER TIMEOUT"),
        "locust_exit_code": locust.returncode,
        # As gunicorn.conf.py reads them.
        "gunicorn": {"workers": int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() * 2 + 1)),
                     "threads": int(os.environ.get("GUNICORN_THREADS", 64))},
        "seeded": {"arguments": ARGUMENTS, "ratings": RATINGS, "people": USERS + AUTHORS},
        "load_average_after": round(os.getloadavg()[0], 2),
        "load_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
