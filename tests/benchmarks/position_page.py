"""Time the position page, the position API and rating under load, on scratch databases.

`make bench` runs this on SQLite files in a temporary directory and, when BENCH_DATABASE_URL
names a PostgreSQL database, on that database too: its tables are dropped and created again,
so the name must contain "bench". Progress goes to stdout; the last line is one JSON object.
"""

import http.client
import json
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta
from http.cookies import SimpleCookie
from math import ceil
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, event, insert, make_url, select, text
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
    Rating,
    Role,
    User,
)
from app.models.columns import utcnow
from config import BASE_DIR
from tests.benchmarks.bulk import TreeData, insert_debate_data, insert_review_queue
from tests.benchmarks.settings import BenchConfig
from tests.benchmarks.signed_in import SIGNED_IN_URL

SIZES = (500, 2_000, 5_000)
USERS = 500
RATINGS_PER_ARGUMENT = 10
MAX_DEPTH = 8
WARM_UP = 5
REQUESTS = 30
NEEDS_EVIDENCE_REQUESTS = 3
FLOOR_URL = "/static/js/app.js"

CLIENTS = 16
RATINGS_PER_CLIENT = 150
REPEAT_SHARE = 0.3
RATING_SECONDS_MAX = 60
# Sixteen clients fetching a static file show what the server and machine manage at best.
FLOOR_LOAD_SECONDS = 5
# Ratings and the cheapest signed-in page take turns, so that a burst of load from elsewhere
# on the machine weighs on both alike: each round rates RATINGS_PER_CLIENT / ROUNDS times per
# client, then fetches the page for SIGNED_IN_LOAD_SECONDS.
ROUNDS = 3
SIGNED_IN_LOAD_SECONDS = 4
RATIO_TARGET = 0.5
CSRF_FIELD = re.compile(r'name="csrf_token"[^>]*? value="([^"]+)"')
SERVER_START_SECONDS = 30
# Four workers of four threads serve the sixteen clients at once; try others with the variables.
WORKERS = int(os.environ.get("BENCH_WORKERS", 4))
THREADS = int(os.environ.get("BENCH_THREADS", 4))
WORKER_CLASS = os.environ.get("BENCH_WORKER_CLASS", "gthread")

# The review queue's first page, with this many items held or reported in the debate.
QUEUE_ITEMS = 10_000
QUEUE_REPORTERS = 5

PAGE_P50_TARGET_MS = 150
RATINGS_PER_S_TARGET = 500
PASSWORD = "bench password, never used elsewhere"
MATERIAL = """## Watching the streets

Cameras in the city match faces against identity records within seconds.

Officials say the network found hundreds of missing people last year.

- Facial recognition at railway stations.
- Gait recognition for people who hide their faces.
- Licence plates read at every junction.

## Who decides

Critics say the public has little recourse against opaque systems.

No court has yet ruled on how long the records may be kept.
"""


def say(message: str) -> None:
    print(message, flush=True)


@dataclass
class Scene:
    """The debate a benchmark reads and rates, and what was stored in it."""

    debate_id: int
    position_id: int
    users: dict[str, int]
    tree: TreeData


def build_scene(size: int, password_hash: str, rng: random.Random) -> Scene:
    """Drop and create every table, then store one debate whose position has `size` arguments."""
    db.drop_all()
    db.create_all()
    names = [f"bench{number}" for number in range(USERS)]
    user_ids = db.session.scalars(
        insert(User).returning(User.id, sort_by_parameter_order=True),
        [
            {"username": name, "display_name": f"Bench person {number}",
             "password_hash": password_hash}
            for number, name in enumerate(names)
        ],
    ).all()
    owner = db.session.get(User, user_ids[0])
    material = import_material("Watching the streets", MATERIAL, "markdown", added_by=owner)
    debate = Debate(
        material=material,
        owner=owner,
        title="How far should a city watch its people?",
        question="Should the city keep its face-matching cameras?",
        status=DebateStatus.OPEN,
        memberships=[Membership(user=owner, role=Role.OWNER)],
    )
    passage = material.passages[1]
    position = Position(
        debate=debate,
        author=owner,
        statement="The cameras make the city safer",
        anchors=[PositionAnchor(passage=passage, quote=passage.text[:40])],
    )
    db.session.add_all([debate, position])
    db.session.flush()
    tree = insert_debate_data(
        position.id,
        # The owner runs the debate without arguing in it, so that whether a page happens to
        # load the position's author with the arguments' authors is the same at every size.
        list(user_ids[1:]),
        [passage.id for passage in material.passages],
        size=size,
        max_depth=MAX_DEPTH,
        ratings=RATINGS_PER_ARGUMENT * size,
        rng=rng,
    )
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        # Autovacuum would soon gather statistics after such a load in production, and mark the
        # pages all-visible so that index-only scans can skip the table; do both now.
        with db.engine.connect() as connection:
            connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                text("VACUUM ANALYZE"))
    return Scene(debate.id, position.id, dict(zip(names, user_ids, strict=True)), tree)


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile."""
    ordered = sorted(values)
    return ordered[max(0, ceil(share * len(ordered)) - 1)]


def timed_get(client, url: str) -> tuple[float, float]:
    """Request a URL and return the wall and CPU milliseconds it took, body included."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    response.get_data()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    response.close()
    if response.status_code != 200:
        raise RuntimeError(f"GET {url} answered {response.status_code}")
    return wall * 1000, cpu * 1000


def count_queries(app, client, url: str) -> int:
    """Count the SQL statements one request issues."""
    statements = []

    def count(*_):
        statements.append(1)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(url).close()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(statements)


def sign_in(client, username: str) -> None:
    response = client.post("/account/sign-in", data={"username": username, "password": PASSWORD})
    if response.status_code != 303:
        raise RuntimeError(f"signing in {username} answered {response.status_code}")


def measure_pages(apps: dict, scenes: dict[int, Scene]) -> dict[int, dict]:
    """Time every size's pages in-process, taking turns, so that load from other programs on
    the machine weighs on every size alike; then count each page's queries."""
    targets = {}
    for size, app in apps.items():
        scene = scenes[size]
        page = f"/debates/{scene.debate_id}/positions/{scene.position_id}"
        anonymous, member = app.test_client(), app.test_client()
        sign_in(member, list(scene.users)[1])
        targets[size] = {
            "floor": (anonymous, FLOOR_URL),
            "position_page": (anonymous, page),
            "position_page_signed_in": (member, page),
            "api_tree": (anonymous, f"/api/v1/positions/{scene.position_id}"),
        }
    samples = {size: {kind: ([], []) for kind in kinds} for size, kinds in targets.items()}
    for turn in range(WARM_UP + REQUESTS):
        for size, kinds in targets.items():
            for kind, (client, url) in kinds.items():
                wall, cpu = timed_get(client, url)
                if turn >= WARM_UP:
                    samples[size][kind][0].append(wall)
                    samples[size][kind][1].append(cpu)
    # The "needs evidence" filter lists every unsupported argument on one page: slow, so it
    # gets fewer turns.
    for size, kinds in targets.items():
        client, page = kinds["position_page"]
        kinds["needs_evidence"] = (client, f"{page}?filter=needs-evidence")
        samples[size]["needs_evidence"] = ([], [])
    for turn in range(1 + NEEDS_EVIDENCE_REQUESTS):
        for size, kinds in targets.items():
            wall, cpu = timed_get(*kinds["needs_evidence"])
            if turn:
                samples[size]["needs_evidence"][0].append(wall)
                samples[size]["needs_evidence"][1].append(cpu)
    figures = {}
    for size, kinds in targets.items():
        figures[size] = {
            kind: {
                "p50_ms": round(statistics.median(walls), 2),
                "p95_ms": round(percentile(walls, 0.95), 2),
                "cpu_p50_ms": round(statistics.median(cpus), 2),
            }
            for kind, (walls, cpus) in samples[size].items()
        }
        for kind in ("position_page", "position_page_signed_in", "api_tree", "needs_evidence"):
            client, url = kinds[kind]
            figures[size][f"queries_{kind}"] = count_queries(apps[size], client, url)
        client, url = kinds["api_tree"]
        nodes = count_nodes(client.get(url).get_json()["arguments"])
        if nodes != size:
            raise RuntimeError(f"the API returned {nodes} of {size} arguments")
    return figures


def measure_queue_page(app, scene: Scene) -> dict:
    """Hold QUEUE_ITEMS items for review in a debate of their own and time the queue's first
    page as the owner sees it."""
    (owner_name, owner), *rest = scene.users.items()
    others = [user_id for _, user_id in rest]
    with app.app_context():
        debate = db.session.get(Debate, scene.debate_id)
        queued = Debate(material_id=debate.material_id, owner_id=owner, title="Held for review",
                        question="What waits?", status=DebateStatus.OPEN,
                        memberships=[Membership(user_id=owner, role=Role.OWNER)])
        position = Position(debate=queued, author_id=owner, statement="Everything is held")
        db.session.add_all([queued, position])
        db.session.flush()
        insert_review_queue(queued.id, position.id, others[:QUEUE_REPORTERS], QUEUE_ITEMS,
                            since=utcnow() - timedelta(days=30), reports=QUEUE_REPORTERS)
        db.session.commit()
        queue_id = queued.id
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT").execute(
                    text("ANALYZE"))
    client = app.test_client()
    sign_in(client, owner_name)
    url = f"/debates/{queue_id}/queue"
    walls = []
    for turn in range(WARM_UP + REQUESTS):
        wall, _ = timed_get(client, url)
        if turn >= WARM_UP:
            walls.append(wall)
    entries = client.get(url).get_data(as_text=True).count('class="queue-entry')
    return {
        "items": QUEUE_ITEMS,
        "entries_on_page": entries,
        "p50_ms": round(statistics.median(walls), 2),
        "p95_ms": round(percentile(walls, 0.95), 2),
        "queries": count_queries(app, client, url),
    }


def count_nodes(nodes: list[dict]) -> int:
    total, stack = 0, list(nodes)
    while stack:
        node = stack.pop()
        total += 1
        stack.extend(node["children"])
    return total


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RatingClient:
    """One signed-in person rating arguments over one keep-alive connection, as htmx does."""

    port: int
    username: str
    user_id: int
    targets: list[int]
    rng: random.Random
    cookie: str = ""
    csrf_token: str = ""
    rated: list[int] = field(default_factory=list)
    sent: dict[int, int] = field(default_factory=dict)
    acknowledged: dict[int, int] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    errors: Counter = field(default_factory=Counter)
    connection: http.client.HTTPConnection | None = None

    def request(self, path: str, form: dict | None = None, headers: dict | None = None,
                body: list | None = None) -> int:
        """POST a form (GET without one) and return the status, or 0 when the connection failed;
        with `body`, append the response's text to it.

        Like a browser, send once more on a new connection when a reused keep-alive
        connection drops before answering: the server may close one it deems idle.
        """
        headers = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        for _ in range(2):
            reused = self.connection is not None
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            if self.cookie:
                headers["Cookie"] = self.cookie
            try:
                if form is None:
                    self.connection.request("GET", path, headers=headers)
                else:
                    self.connection.request("POST", path, urlencode(form), headers)
                response = self.connection.getresponse()
                content = response.read()
            except (OSError, http.client.HTTPException) as error:
                self.connection.close()
                self.connection = None
                self.errors[type(error).__name__] += 1
                if reused:
                    continue
                return 0
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                if "session" in cookie:
                    self.cookie = f"session={cookie['session'].value}"
            if body is not None:
                body.append(content.decode(errors="replace"))
            return response.status
        return 0

    def sign_in(self) -> None:
        """Sign in through the form, with its CSRF token, and keep the token pages then carry."""
        self.csrf_token = self.token_from("/account/sign-in")
        status = self.request(
            "/account/sign-in",
            {"username": self.username, "password": PASSWORD, "csrf_token": self.csrf_token},
        )
        if status != 303 or not self.cookie:
            raise RuntimeError(f"{self.username} could not sign in: {status}")
        self.csrf_token = self.token_from(SIGNED_IN_URL)

    def token_from(self, path: str) -> str:
        """GET a page and return the CSRF token in its form."""
        body: list[str] = []
        status = self.request(path, body=body)
        found = CSRF_FIELD.search(body[0]) if body else None
        if status != 200 or found is None:
            raise RuntimeError(f"{self.username} found no CSRF token at {path}: {status}")
        return found.group(1)

    def rate(self, count: int, deadline: float) -> None:
        """Rate `count` arguments, some of them again, stopping at the deadline."""
        rated = self.rated
        for _ in range(count):
            if time.monotonic() > deadline:
                break
            if rated and self.rng.random() < REPEAT_SHARE:
                argument_id = self.rng.choice(rated)
            else:
                argument_id = self.rng.choice(self.targets)
                rated.append(argument_id)
            score = self.rng.randint(0, 4)
            self.sent[argument_id] = score
            status = self.request(
                f"/arguments/{argument_id}/rating",
                {"score": score},
                {"HX-Request": "true", "X-CSRFToken": self.csrf_token},
            )
            self.statuses[status] += 1
            if status == 200:
                self.acknowledged[argument_id] = score

    def fetch_floor(self, deadline: float, counts: list[int]) -> None:
        """GET the floor route until the deadline, adding each success to counts."""
        while time.monotonic() < deadline:
            if self.request(FLOOR_URL) == 200:
                counts.append(1)

    def fetch_signed_in(self, deadline: float, counts: list[int]) -> None:
        """GET the cheapest signed-in page until the deadline, adding each success to counts."""
        while time.monotonic() < deadline:
            if self.request(SIGNED_IN_URL) == 200:
                counts.append(1)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def start_server(database_url: str, port: int, secret: str, log_path: Path,
                 jobs_redis_url: str | None = None):
    """Start gunicorn on 127.0.0.1 and wait until it serves a static file; with
    `jobs_redis_url`, it queues its jobs there."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [
        str(gunicorn),
        "--workers", str(WORKERS),
        "--worker-class", WORKER_CLASS,
        "--threads", str(THREADS),
        "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning",
        "--error-logfile", str(log_path),
        "tests.benchmarks.wsgi:app",
    ]
    environment = {**os.environ, "BENCH_DB_URL": database_url, "BENCH_SECRET_KEY": secret,
                   "BENCH_JOBS_REDIS_URL": jobs_redis_url or ""}
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        command, cwd=BASE_DIR, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}: see {log_path}")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            probe.request("GET", FLOOR_URL)
            if probe.getresponse().status == 200:
                probe.close()
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"gunicorn did not answer within {SERVER_START_SECONDS} s")


def stop_server(server) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait(timeout=30)


def run_together(jobs: list[tuple]) -> float:
    """Run each (function, arguments) in a thread of its own, all at once; return the wall
    seconds until the last one ends."""
    threads = [threading.Thread(target=function, args=args) for function, args in jobs]
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(RATING_SECONDS_MAX + 60)
    return time.perf_counter() - start


def rate_under_load(app, database_url: str, scene: Scene, log_path: Path) -> dict:
    """Have CLIENTS people rate at once through gunicorn, then check every stored rating."""
    rng = random.Random(7)
    targets = [
        argument_id
        for argument_id in scene.tree.argument_ids
        if argument_id not in scene.tree.withdrawn
    ]
    port = free_port()
    server = start_server(database_url, port, secrets.token_hex(32), log_path)
    # Nobody rates their own argument: each client rates the others'.
    clients = [
        RatingClient(port, name, user_id,
                     [target for target in targets if scene.tree.authors[target] != user_id],
                     random.Random(rng.random()))
        for name, user_id in list(scene.users.items())[1 : CLIENTS + 1]
    ]
    try:
        for client in clients:
            client.sign_in()
        served: list[int] = []
        deadline = time.monotonic() + FLOOR_LOAD_SECONDS
        seconds = run_together([(client.fetch_floor, (deadline, served)) for client in clients])
        floor_per_s = len(served) / seconds
        deadline = time.monotonic() + RATING_SECONDS_MAX
        signed_in_pages: list[int] = []
        wall = signed_in_wall = 0.0
        for _ in range(ROUNDS):
            window = time.monotonic() + SIGNED_IN_LOAD_SECONDS
            signed_in_wall += run_together(
                [(client.fetch_signed_in, (window, signed_in_pages)) for client in clients]
            )
            wall += run_together(
                [(client.rate, (RATINGS_PER_CLIENT // ROUNDS, deadline)) for client in clients]
            )
    finally:
        for client in clients:
            client.close()
        stop_server(server)
    with app.app_context():
        stored = {
            (user_id, argument_id): score
            for user_id, argument_id, score in db.session.execute(
                select(Rating.user_id, Rating.argument_id, Rating.score)
            )
        }
        db.session.remove()
    sent, acknowledged = dict(scene.tree.ratings), dict(scene.tree.ratings)
    for client in clients:
        sent.update({(client.user_id, key): score for key, score in client.sent.items()})
        acknowledged.update(
            {(client.user_id, key): score for key, score in client.acknowledged.items()}
        )
    statuses = sum((client.statuses for client in clients), Counter())
    errors = sum((client.errors for client in clients), Counter())
    requests = sum(statuses.values())
    log = log_path.read_text(errors="replace") if log_path.exists() else ""
    ratings_per_s = statuses[200] / wall
    trivial_per_s = len(signed_in_pages) / signed_in_wall
    return {
        "floor_requests_per_s": round(floor_per_s, 1),
        "requests": requests,
        "seconds": round(wall, 2),
        "ratings_per_s": round(ratings_per_s, 1),
        "trivial_per_s": round(trivial_per_s, 1),
        "ratings_ratio": round(ratings_per_s / trivial_per_s, 3),
        "trivial_url": SIGNED_IN_URL,
        "statuses": {str(status): count for status, count in sorted(statuses.items())},
        "connection_errors": dict(errors),
        "ratings_lost": mismatches(sent, stored),
        "mismatches_with_acknowledged": mismatches(acknowledged, stored),
        "database_is_locked_in_log": log.count("database is locked"),
        "tracebacks_in_log": log.count("Traceback"),
    }


def mismatches(expected: dict, stored: dict) -> int:
    """Count ratings missing, extra or with another score than expected."""
    wrong = sum(1 for key, score in expected.items() if stored.get(key) != score)
    return wrong + sum(1 for key in stored if key not in expected)


def reset_schema(url: str, schema: str, create: bool = True) -> None:
    """Drop a PostgreSQL schema with everything in it, and create it again empty."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            if create:
                connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        engine.dispose()


def bench_database(name: str, url_for_size, workdir: Path) -> dict:
    """Build every size, time their pages, then rate under load on the largest."""
    password_hash = generate_password_hash(PASSWORD)
    largest = SIZES[-1]
    apps, scenes, urls, schemas = {}, {}, {}, []
    for size in SIZES:
        url, schema = url_for_size(size)
        if schema:
            reset_schema(url, schema)
            schemas.append(schema)
        apps[size] = create_app(BenchConfig(url, secrets.token_hex(32), schema))
        urls[size] = url
        started = time.perf_counter()
        with apps[size].app_context():
            scenes[size] = build_scene(size, password_hash, random.Random(size))
            db.session.remove()
        say(f"[{name}] built {size} arguments with {RATINGS_PER_ARGUMENT * size} ratings "
            f"in {time.perf_counter() - started:.1f} s")
    say(f"[{name}] timing pages, {REQUESTS} requests each after {WARM_UP} to warm up; "
        f"load average {os.getloadavg()[0]:.1f}")
    figures: dict = {"load_average_before": round(os.getloadavg()[0], 2)}
    figures["growth"] = measure_pages(apps, scenes)
    figures["load_average_after_pages"] = round(os.getloadavg()[0], 2)
    for size, pages in figures["growth"].items():
        say(f"[{name}] {size} arguments: page p50 {pages['position_page']['p50_ms']} ms, "
            f"signed in {pages['position_page_signed_in']['p50_ms']} ms, "
            f"API p50 {pages['api_tree']['p50_ms']} ms, floor {pages['floor']['p50_ms']} ms, "
            f"needs-evidence filter {pages['needs_evidence']['p50_ms']} ms, "
            f"{pages['queries_position_page']} queries per page")
    say(f"[{name}] rating through gunicorn: {CLIENTS} clients, {WORKERS} workers "
        f"x {THREADS} threads")
    figures["ratings"] = rate_under_load(
        apps[largest], urls[largest], scenes[largest], workdir / f"gunicorn-{name}.log"
    )
    figures["load_average_after_ratings"] = round(os.getloadavg()[0], 2)
    say(f"[{name}] ratings under load: {json.dumps(figures['ratings'])}")
    figures["queue"] = measure_queue_page(apps[largest], scenes[largest])
    say(f"[{name}] review queue of {QUEUE_ITEMS} items: {json.dumps(figures['queue'])}")
    log_path = workdir / f"gunicorn-{name}.log"
    log = log_path.read_text(errors="replace").splitlines() if log_path.exists() else []
    for line in log[-5:]:
        say(f"[{name}] gunicorn log: {line}")
    for app in apps.values():
        with app.app_context():
            db.engine.dispose()
    for schema in schemas:
        reset_schema(urls[largest], schema, create=False)
    return figures


def summarise(name: str, figures: dict) -> dict:
    """Flatten one database's figures into the fields the JSON line reports."""
    growth = figures["growth"]
    largest, smallest = growth[SIZES[-1]], growth[SIZES[0]]
    floor = largest["floor"]["p50_ms"]
    size_ratio = SIZES[-1] / SIZES[0]
    kinds = ("position_page", "position_page_signed_in", "api_tree", "needs_evidence")
    ratio_key = f"ratio_{SIZES[-1]}_to_{SIZES[0]}"
    growths = {
        kind: {
            "p50_ms": {str(size): growth[size][kind]["p50_ms"] for size in SIZES},
            "cpu_p50_ms": {str(size): growth[size][kind]["cpu_p50_ms"] for size in SIZES},
            ratio_key: round(largest[kind]["p50_ms"] / smallest[kind]["p50_ms"], 2),
            f"cpu_{ratio_key}": round(
                largest[kind]["cpu_p50_ms"] / smallest[kind]["cpu_p50_ms"], 2
            ),
        }
        for kind in kinds
    }
    summary = {
        "database": name,
        "queries_per_page": largest["queries_position_page"],
        "queries_per_page_signed_in": largest["queries_position_page_signed_in"],
        "queries_per_api_tree": largest["queries_api_tree"],
        "queries_per_needs_evidence_page": largest["queries_needs_evidence"],
        "queries_by_size": {
            kind: {str(size): growth[size][f"queries_{kind}"] for size in SIZES}
            for kind in kinds
        },
        "queries_same_at_every_size": all(
            growth[size][f"queries_{kind}"] == largest[f"queries_{kind}"]
            for size in SIZES
            for kind in kinds
        ),
    }
    for kind in kinds:
        summary[f"{kind}_p50_ms"] = largest[kind]["p50_ms"]
        summary[f"{kind}_p95_ms"] = largest[kind]["p95_ms"]
    summary["floor_p50_ms"] = floor
    summary["floor_p95_ms"] = largest["floor"]["p95_ms"]
    for kind in kinds:
        summary[f"{kind}_p50_over_floor"] = round(largest[kind]["p50_ms"] / floor, 1)
    summary["growth"] = {
        "arguments": list(SIZES),
        "size_ratio": size_ratio,
        **growths,
        "linear_or_better": {kind: growths[kind][ratio_key] <= size_ratio for kind in kinds},
    }
    summary["load_average"] = {
        key: figures[key]
        for key in ("load_average_before", "load_average_after_pages",
                    "load_average_after_ratings")
    }
    summary["ratings"] = figures["ratings"]
    summary["queue_page_p50_ms"] = figures["queue"]["p50_ms"]
    summary["queue_page"] = figures["queue"]
    return summary


def postgresql_url() -> str | None:
    """Return BENCH_DATABASE_URL when set, refusing a database not named for benchmarks."""
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        return None
    if "bench" not in (make_url(url).database or ""):
        raise SystemExit("BENCH_DATABASE_URL must name a database with 'bench' in its name: "
                         "the benchmark drops its tables.")
    return url


def main() -> None:
    started = time.perf_counter()
    results = {}
    with tempfile.TemporaryDirectory(prefix="agora-bench-") as workdir:
        workdir = Path(workdir)
        results["sqlite"] = bench_database(
            "sqlite", lambda size: (f"sqlite:///{workdir / f'bench-{size}.sqlite'}", None), workdir
        )
        if url := postgresql_url():
            # The largest tree fills the database's own tables, which gunicorn then serves;
            # the smaller ones go to schemas dropped at the end.
            results["postgresql"] = bench_database(
                "postgresql",
                lambda size: (url, None if size == SIZES[-1] else f"agora_bench_{size}"),
                workdir,
            )
    by_database = {name: summarise(name, figures) for name, figures in results.items()}
    main_figures = by_database.get("postgresql", by_database["sqlite"])
    throughput = {
        name: {key: value["ratings"][key]
               for key in ("ratings_per_s", "trivial_per_s", "ratings_ratio")}
        for name, value in by_database.items()
    }
    ratings_per_s = {name: value["ratings_per_s"] for name, value in throughput.items()}
    report = {
        "arguments": SIZES[-1],
        "users": USERS,
        "ratings_seeded": RATINGS_PER_ARGUMENT * SIZES[-1],
        "max_depth": MAX_DEPTH,
        "requests_timed": REQUESTS,
        "page_database": main_figures["database"],
        **{key: value for key, value in main_figures.items() if key not in ("database", "ratings")},
        **throughput[main_figures["database"]],
        "throughput_by_database": throughput,
        "ratings_lost": sum(value["ratings"]["ratings_lost"] for value in by_database.values()),
        "rating_clients": CLIENTS,
        "gunicorn": {"workers": WORKERS, "threads": THREADS, "worker_class": WORKER_CLASS},
        "targets_met": {
            "position_page_p50_under_150_ms": all(
                value["position_page_p50_ms"] < PAGE_P50_TARGET_MS for value in by_database.values()
            ),
            "position_page_growth_linear_or_better": all(
                value["growth"]["linear_or_better"]["position_page"]
                for value in by_database.values()
            ),
            "postgresql_500_ratings_per_s": (
                ratings_per_s["postgresql"] >= RATINGS_PER_S_TARGET
                if "postgresql" in ratings_per_s else None
            ),
            # Per database: SQLite's four processes take turns at one file's write lock.
            "ratings_at_least_half_of_trivial": {
                name: value["ratings_ratio"] >= RATIO_TARGET for name, value in throughput.items()
            },
        },
        "by_database": by_database,
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
