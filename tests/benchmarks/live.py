"""Fill a hall: 1,000 phones on two app instances sharing PostgreSQL and Redis, all voting.

`make bench-live` seeds the PostgreSQL database BENCH_DATABASE_URL names (its tables are
dropped and created again, so the name must contain "bench") with a debate and a live event,
starts two gunicorns (gunicorn.conf.py, gthread workers) that share it and Redis
(BENCH_REDIS_URL), and simulates LIVE_DEVICES phones with asyncio and httpx: each joins by code
through the API on one instance or the other, holds a server-sent-events connection, and votes
once at a random moment within LIVE_VOTE_SECONDS. Projector screens on both instances record
when each count of votes reaches them, so a vote accepted on one instance is timed until it is
visible on a screen connected to the other. The last line printed is the JSON report.
"""

import asyncio
import json
import logging
import os
import random
import re
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psutil
from redis import Redis
from sqlalchemy import func, select

from app import create_app
from app.extensions import db
from app.live.services import create_event
from app.materials.services import import_material
from app.models import (
    Debate,
    DebateStatus,
    LiveVote,
    Membership,
    Position,
    PositionAnchor,
    Role,
    Round,
    User,
)
from tests.benchmarks.mixed_load import start_gunicorn, stop_gunicorn
from tests.benchmarks.position_page import MATERIAL, free_port, postgresql_url
from tests.benchmarks.settings import BenchConfig

DEVICES = int(os.environ.get("LIVE_DEVICES", 1000))
VOTE_SECONDS = float(os.environ.get("LIVE_VOTE_SECONDS", 10))
# Projector screens per instance, whose arrivals time the updates.
SCREENS = int(os.environ.get("LIVE_SCREENS", 5))
# How each instance is served: gthread workers whose threads hold the screens' connections.
WORKERS = int(os.environ.get("LIVE_WORKERS", 2))
THREADS = int(os.environ.get("LIVE_THREADS", 400))
STREAMS_PER_CLIENT = 50
VOTES = re.compile(r'data-votes="(\d+)"')
VOTE_LOGGED = re.compile(r"POST /api/v1/live/\d+/vote 200 in ([\d.]+) ms")
# How long the instances took over each vote, from their request logs.
SERVER_VOTE_MS: list[float] = []


logging.getLogger("httpx").setLevel(logging.WARNING)


def say(message: str) -> None:
    print(message, flush=True)


def seed(database_url: str) -> dict:
    """Drop and create every table; store a debate, its motion and an event with the pre-vote
    open."""
    app = create_app(BenchConfig(database_url, secrets.token_hex(32)))
    with app.app_context():
        db.drop_all()
        db.create_all()
        owner = User(username="organiser", display_name="Organiser", password_hash="-")
        db.session.add(owner)
        db.session.flush()
        material = import_material("Watching the streets", MATERIAL, "markdown", added_by=owner)
        debate = Debate(
            material=material, owner=owner, title="Should the city keep its cameras?",
            question="Should the city keep its face-matching cameras?", status=DebateStatus.OPEN,
            memberships=[Membership(user=owner, role=Role.OWNER)],
        )
        passage = material.passages[1]
        position = Position(debate=debate, author=owner, statement="The cameras should stay",
                            anchors=[PositionAnchor(passage=passage, quote=passage.text[:40])])
        db.session.add_all([debate, position])
        db.session.flush()
        event = create_event(debate, position, owner, "A full hall")
        event.open_vote = Round.PRE
        db.session.commit()
        scene = {"event": event.id, "code": event.join_code}
        db.session.remove()
        db.engine.dispose()
    return scene


CHOICES = ("for", "against", "undecided")
RETRIED: list[str] = []


async def send(client: httpx.AsyncClient, path: str, body: dict,
               headers: dict | None = None) -> httpx.Response:
    """POST as a phone does: once more if the connection it reused was closed under it."""
    try:
        return await client.post(path, json=body, headers=headers)
    except httpx.TransportError as error:
        RETRIED.append(type(error).__name__)
        return await client.post(path, json=body, headers=headers)


class Arrivals:
    """When each count of votes first reached the screens of one instance."""

    def __init__(self) -> None:
        self.first_seen: dict[int, float] = {}
        self.highest = 0

    def saw(self, count: int, moment: float) -> None:
        for number in range(self.highest + 1, count + 1):
            self.first_seen[number] = moment
        self.highest = max(self.highest, count)


async def hold_stream(client: httpx.AsyncClient, url: str, headers: dict, ready: asyncio.Event,
                      arrivals: Arrivals | None, stop: asyncio.Event, errors: list) -> None:
    """Hold one server-sent-events connection until told to stop, noting vote counts seen."""
    try:
        async with client.stream("GET", url, headers=headers, timeout=None) as response:
            if response.status_code != 200:
                errors.append(f"stream {response.status_code}")
                ready.set()
                return
            if arrivals is None:
                # A phone only waits for its first state, then drains raw bytes unparsed, so
                # that a thousand of them cost the measuring side little CPU.
                async for chunk in response.aiter_raw():
                    if b"event: state" in chunk:
                        ready.set()
                    if stop.is_set():
                        return
                return
            async for line in response.aiter_lines():
                if line.startswith("event: state"):
                    ready.set()
                if found := VOTES.search(line):
                    arrivals.saw(int(found.group(1)), time.perf_counter())
                if stop.is_set():
                    return
    except (httpx.HTTPError, asyncio.CancelledError) as error:
        if not stop.is_set():
            errors.append(f"stream {type(error).__name__}")
        ready.set()


async def hall(ports: list[int], scene: dict) -> dict:
    """Join, connect, vote and time it all."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    bases = [f"http://127.0.0.1:{port}" for port in ports]
    clients = [httpx.AsyncClient(base_url=base, limits=limits, timeout=30) for base in bases]
    # Streams hold their connections for the whole evening. They get clients of their own, a
    # few dozen connections each: a connection pool looks through all it holds for each request,
    # and a thousand held streams in the voting clients' pools would time the simulator itself.
    stream_clients: list[httpx.AsyncClient] = []
    streams_held = [0, 0]
    newest_client: list[httpx.AsyncClient | None] = [None, None]

    def stream_client(side: int) -> httpx.AsyncClient:
        """Return the client that holds the side's next stream."""
        if streams_held[side] % STREAMS_PER_CLIENT == 0:
            newest_client[side] = httpx.AsyncClient(base_url=bases[side], limits=limits,
                                                    timeout=30)
            stream_clients.append(newest_client[side])
        streams_held[side] += 1
        return newest_client[side]

    event = scene["event"]
    errors: list[str] = []
    stop = asyncio.Event()
    try:
        # Join: each phone on one instance or the other, as a load balancer would spread them.
        async def join(number: int) -> tuple[int, str]:
            side = number % 2
            answer = await send(clients[side], "/api/v1/live/join", {"code": scene["code"]})
            answer.raise_for_status()
            return side, answer.json()["token"]

        started = time.perf_counter()
        phones = []
        for batch in range(0, DEVICES, 50):
            phones += await asyncio.gather(*(join(n) for n in range(batch, min(DEVICES,
                                                                                 batch + 50))))
        say(f"{len(phones)} phones joined in {time.perf_counter() - started:.1f} s")

        arrivals = [Arrivals(), Arrivals()]
        tasks, readies = [], []
        for side in (0, 1):
            for _ in range(SCREENS):
                ready = asyncio.Event()
                readies.append(ready)
                tasks.append(asyncio.create_task(hold_stream(
                    stream_client(side), f"/live/{event}/stream?screen=projector", {}, ready,
                    arrivals[side], stop, errors)))
        for side, token in phones:
            ready = asyncio.Event()
            readies.append(ready)
            tasks.append(asyncio.create_task(hold_stream(
                stream_client(side), f"/live/{event}/stream?screen=phone",
                {"Authorization": f"Bearer {token}"}, ready, None, stop, errors)))
        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(ready.wait() for ready in readies)), 120)
        connected = len(tasks) - len(errors)
        say(f"{connected} streams connected in {time.perf_counter() - started:.1f} s")

        rng = random.Random(7)
        accepted: list[tuple[int, int, float, float]] = []
        durations: list[float] = []
        refused: list[int] = []

        async def vote(side: int, token: str, delay: float) -> None:
            await asyncio.sleep(delay)
            sent = time.perf_counter()
            try:
                answer = await send(
                    clients[side], f"/api/v1/live/{event}/vote", {"vote": "pre", "choice":
                                                                   rng.choice(CHOICES)},
                    {"Authorization": f"Bearer {token}"})
            except httpx.HTTPError as error:
                refused.append(0)
                errors.append(f"vote {type(error).__name__}")
                return
            done = time.perf_counter()
            if answer.status_code != 200:
                refused.append(answer.status_code)
                return
            durations.append(done - sent)
            accepted.append((side, answer.json()["votes_cast"]["pre"], done, sent))

        say(f"{DEVICES} phones vote within {VOTE_SECONDS:.0f} s")
        started = time.perf_counter()
        await asyncio.gather(*(vote(side, token, rng.uniform(0, VOTE_SECONDS))
                               for side, token in phones))
        voting_seconds = time.perf_counter() - started
        # Give the last updates time to reach the screens.
        deadline = time.perf_counter() + 15
        while time.perf_counter() < deadline and min(a.highest for a in arrivals) < len(accepted):
            await asyncio.sleep(0.1)
        rss = {f"instance_{side}": instance_rss(port) for side, port in enumerate(ports)}
        # The server accepted each vote between its sending and its answer's arrival: timed
        # from the answer (a screen may show it first: zero), and from the sending.
        updates, updates_from_sending = [], []
        for side, count, done, sent in accepted:
            other = arrivals[1 - side]
            seen = other.first_seen.get(count)
            if seen is not None:
                updates.append(max(0.0, seen - done))
                updates_from_sending.append(seen - sent)
        stop.set()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for client in clients + stream_clients:
            await client.aclose()
    return {
        "accepted": len(accepted), "refused": refused, "durations": durations,
        "updates": updates, "unseen_updates": len(accepted) - len(updates),
        "updates_from_sending": updates_from_sending,
        "voting_seconds": voting_seconds, "rss_mb": rss, "streams": connected,
        "errors": sorted(set(errors))[:10], "error_count": len(errors),
    }


def instance_rss(port: int) -> float:
    """Return the resident memory, in MB, of the gunicorn (master and workers) on a port."""
    total = 0
    for process in psutil.process_iter(["cmdline"]):
        try:
            for connection in process.net_connections(kind="tcp"):
                if connection.laddr and connection.laddr.port == port and not connection.raddr:
                    master = process.parent() if "gunicorn" in " ".join(
                        process.parent().cmdline()) else process
                    total = master.memory_info().rss + sum(
                        child.memory_info().rss for child in master.children())
                    return round(total / 2**20, 1)
        except (psutil.Error, TypeError):
            continue
    return 0.0


def percentile(values: list[float], share: float) -> float | None:
    """Return a percentile in milliseconds, None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def main() -> None:
    url = postgresql_url()
    if url is None:
        raise SystemExit("make bench-live needs BENCH_DATABASE_URL (PostgreSQL) and Redis")
    redis_url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
    # A hall's thousand joins from one address count against its limit for ten minutes: an
    # earlier run's must not refuse this one's.
    limits = Redis.from_url(redis_url)
    for key in limits.scan_iter(match="LIMITER*"):
        limits.delete(key)
    scene = seed(url)
    say(f"seeded event {scene['event']} (code {scene['code']})")
    environment = {
        **os.environ, "BENCH_DB_URL": url, "BENCH_REDIS_URL": redis_url,
        "BENCH_SECRET_KEY": secrets.token_hex(32), "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_THREADS": str(THREADS),
    }
    # Each gunicorn makes its own metrics folder.
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    ports = [free_port(), free_port()]
    servers = []
    with tempfile.TemporaryDirectory(prefix="agora-live-") as folder:
        try:
            for number, port in enumerate(ports):
                servers.append(start_gunicorn(environment, port, Path(folder) /
                                              f"gunicorn-{number}.log"))
            say(f"two instances on ports {ports}, {WORKERS} workers × {THREADS} threads each")
            outcome = asyncio.run(hall(ports, scene))
        finally:
            for server in servers:
                stop_gunicorn(server)
            for log in sorted(Path(folder).glob("*.log")):
                lines = log.read_text().splitlines()
                SERVER_VOTE_MS.extend(float(found.group(1)) / 1000 for line in lines
                                      if (found := VOTE_LOGGED.search(line)))
                failures = [n for n, line in enumerate(lines) if "Traceback" in line]
                say(f"{log.name}: {len(failures)} tracebacks")
                for line in lines[failures[0]:failures[0] + 40] if failures else []:
                    say(f"{log.name}: {line[:300]}")
    app = create_app(BenchConfig(url, secrets.token_hex(32)))
    with app.app_context():
        stored = db.session.scalar(select(func.count()).select_from(LiveVote))
        db.engine.dispose()
    report = {
        "live_devices": DEVICES,
        "live_streams_connected": outcome["streams"],
        "live_votes_accepted": outcome["accepted"],
        "live_votes_refused": len(outcome["refused"]),
        "live_votes_stored": stored,
        "live_votes_lost": outcome["accepted"] - stored,
        "live_vote_p50_ms": percentile(outcome["durations"], 0.5),
        "live_vote_p95_ms": percentile(outcome["durations"], 0.95),
        "live_vote_server_p50_ms": percentile(SERVER_VOTE_MS, 0.5),
        "live_vote_server_p95_ms": percentile(SERVER_VOTE_MS, 0.95),
        "live_update_p50_ms": percentile(outcome["updates"], 0.5),
        "live_update_p95_ms": percentile(outcome["updates"], 0.95),
        "live_update_from_sending_p50_ms": percentile(outcome["updates_from_sending"], 0.5),
        "live_update_from_sending_p95_ms": percentile(outcome["updates_from_sending"], 0.95),
        "live_update_mean_ms": round(1000 * statistics.mean(outcome["updates"]), 1)
        if outcome["updates"] else None,
        "live_updates_unseen": outcome["unseen_updates"],
        "live_voting_seconds": round(outcome["voting_seconds"], 1),
        "live_rss_mb": outcome["rss_mb"],
        "live_client_errors": outcome["error_count"],
        "live_requests_retried": len(RETRIED),
        "live_client_error_kinds": outcome["errors"],
        "gunicorn": {"instances": 2, "workers": WORKERS, "threads": THREADS,
                     "worker_class": "gthread"},
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
