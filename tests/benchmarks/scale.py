"""Time the position page of a debate ten times larger than the largest real discussions, and
weigh each gunicorn worker while sixteen people read and rate it.

`make bench-scale` stores 50,000 arguments with 500,000 ratings on PostgreSQL when
BENCH_DATABASE_URL is set (its tables are dropped and created again), else on SQLite in a
temporary directory, and a 5,000-argument debate beside it whose page must cost the same
queries. With BENCH_REDIS_URL set, the server queues its score recomputes there for a job
worker of its own, as production does, and that worker is weighed apart from the web workers;
without, the recomputes run inside the web workers. Progress goes to stdout; the last line is
one JSON object.
"""

import json
import os
import random
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

from redis import Redis
from rq import Queue
from werkzeug.security import generate_password_hash

from app import create_app
from app.extensions import db
from app.jobs import QUEUE
from tests.benchmarks.position_page import (
    BASE_DIR,
    CLIENTS,
    PASSWORD,
    RATINGS_PER_ARGUMENT,
    RatingClient,
    Scene,
    build_scene,
    count_queries,
    free_port,
    percentile,
    postgresql_url,
    reset_schema,
    run_together,
    say,
    sign_in,
    start_server,
    stop_server,
    timed_get,
)
from tests.benchmarks.settings import BenchConfig

LARGE = 50_000
# The size `make bench` reports its query counts at; the large page must cost no more.
USUAL = 5_000
SMALL_SCHEMA = "agora_bench_scale_small"
WARM_UP = 5
REQUESTS = 30
LOAD_SECONDS = 20
# How often each worker's resident memory is read while the clients load it.
RSS_EVERY_SECONDS = 0.25
# How long the job worker may take, after the load, to finish the recomputes it queued.
JOBS_WAIT_SECONDS = 60
PAGE_P50_TARGET_MS = 100
RSS_TARGET_MB = 200


def page_url(scene: Scene) -> str:
    return f"/debates/{scene.debate_id}/positions/{scene.position_id}"


def time_pages(apps: dict, scenes: dict[int, Scene], username: str) -> dict[int, dict]:
    """Time the position page of every size in-process, anonymous and signed in, taking
    turns so that load from elsewhere on the machine weighs on each alike; then count each
    page's queries."""
    clients = {}
    for size, app in apps.items():
        member = app.test_client()
        sign_in(member, username)
        clients[size] = {"anonymous": app.test_client(), "signed_in": member}
    walls = {size: {kind: [] for kind in kinds} for size, kinds in clients.items()}
    for turn in range(WARM_UP + REQUESTS):
        for size, kinds in clients.items():
            for kind, client in kinds.items():
                wall, _ = timed_get(client, page_url(scenes[size]))
                if turn >= WARM_UP:
                    walls[size][kind].append(wall)
    return {
        size: {
            kind: {
                "p50_ms": round(statistics.median(walls[size][kind]), 2),
                "p95_ms": round(percentile(walls[size][kind], 0.95), 2),
                "queries": count_queries(apps[size], client, page_url(scenes[size])),
            }
            for kind, client in kinds.items()
        }
        for size, kinds in clients.items()
    }


def worker_pids(master_pid: int) -> list[int]:
    """Return the pids of a gunicorn master's workers."""
    children = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def resident_mb(pid: int) -> float | None:
    """Read a process's resident set size (VmRSS) in megabytes, None once it has gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return None


def watch_memory(pids_of, stop: threading.Event, samples: dict[int, list[float]]):
    """Sample the RSS of every process pids_of() names until told to stop."""
    while not stop.is_set():
        for pid in pids_of():
            rss = resident_mb(pid)
            if rss is not None:
                samples.setdefault(pid, []).append(rss)
        stop.wait(RSS_EVERY_SECONDS)


def read_and_rate(client: RatingClient, url: str, deadline: float, pages: list[float],
                  failures: list[int]) -> None:
    """Load the position page, then rate an argument, over and over until the deadline."""
    while time.monotonic() < deadline:
        started = time.perf_counter()
        status = client.request(url)
        if status == 200:
            pages.append((time.perf_counter() - started) * 1000)
        else:
            failures.append(status)
        client.rate(1, deadline)


def start_job_worker(database_url: str, secret: str, redis_url: str) -> subprocess.Popen:
    """Empty the benchmark's job queue of earlier runs and start a worker on it."""
    Queue(QUEUE, connection=Redis.from_url(redis_url)).empty()
    environment = {**os.environ, "BENCH_DB_URL": database_url, "BENCH_SECRET_KEY": secret,
                   "BENCH_JOBS_REDIS_URL": redis_url}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.benchmarks.job_worker"], cwd=BASE_DIR, env=environment,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def wait_for_jobs(redis_url: str) -> None:
    """Wait until the job worker has run every recompute the load queued, so that its RSS is
    sampled through them, for at most JOBS_WAIT_SECONDS."""
    queue = Queue(QUEUE, connection=Redis.from_url(redis_url))
    deadline = time.monotonic() + JOBS_WAIT_SECONDS
    while time.monotonic() < deadline and (
        queue.count or queue.scheduled_job_registry.count or queue.started_job_registry.count
    ):
        time.sleep(0.5)


def load_and_weigh(database_url: str, scene: Scene, log_path: Path,
                   redis_url: str | None) -> dict:
    """Have CLIENTS people read the page and rate through gunicorn for LOAD_SECONDS while
    each worker's RSS is sampled. With a Redis URL, score recomputes run in a job worker, as
    in production, whose RSS is sampled too; without, in the web workers."""
    targets = [argument_id for argument_id in scene.tree.argument_ids
               if argument_id not in scene.tree.withdrawn]
    rng = random.Random(11)
    port = free_port()
    secret = secrets.token_hex(32)
    server = start_server(database_url, port, secret, log_path, redis_url)
    job_worker = start_job_worker(database_url, secret, redis_url) if redis_url else None
    job_samples: dict[int, list[float]] = {}
    clients = [
        RatingClient(port, name, user_id, targets, random.Random(rng.random()))
        for name, user_id in list(scene.users.items())[1 : CLIENTS + 1]
    ]
    samples: dict[int, list[float]] = {}
    pages: list[float] = []
    failures: list[int] = []
    stop = threading.Event()
    watchers = [
        threading.Thread(target=watch_memory,
                         args=(lambda: worker_pids(server.pid), stop, samples)),
        threading.Thread(target=watch_memory,
                         args=(lambda: [job_worker.pid] if job_worker else [], stop, job_samples)),
    ]
    try:
        for client in clients:
            client.sign_in()
        at_rest = {pid: resident_mb(pid) for pid in worker_pids(server.pid)}
        for watcher in watchers:
            watcher.start()
        deadline = time.monotonic() + LOAD_SECONDS
        seconds = run_together(
            [(read_and_rate, (client, page_url(scene), deadline, pages, failures))
             for client in clients]
        )
        if job_worker:
            wait_for_jobs(redis_url)
    finally:
        stop.set()
        for watcher in watchers:
            if watcher.is_alive():
                watcher.join()
        for client in clients:
            client.close()
        stop_server(server)
        if job_worker:
            stop_server(job_worker)
    ratings = sum(client.statuses[200] for client in clients)
    peaks = [max(values) for values in samples.values()]
    job_peak = max((max(values) for values in job_samples.values()), default=None)
    return {
        "score_recomputes_run_in": "a job worker (RQ)" if job_worker else "the web workers",
        "job_worker_rss_mb_max": round(job_peak, 1) if job_peak else None,
        "workers": len(samples),
        "rss_mb_at_rest": sorted(round(value, 1) for value in at_rest.values() if value),
        "rss_mb_peak_per_worker": sorted(round(value, 1) for value in peaks),
        "rss_mb_max": round(max(peaks), 1) if peaks else None,
        "pages_per_s": round(len(pages) / seconds, 1),
        "ratings_per_s": round(ratings / seconds, 1),
        "page_under_load_p50_ms": round(statistics.median(pages), 1) if pages else None,
        "page_under_load_p95_ms": round(percentile(pages, 0.95), 1) if pages else None,
        "failed_pages": len(failures),
        "rating_statuses": {
            str(status): count
            for status, count in sorted(sum((c.statuses for c in clients), Counter()).items())
        },
    }


def build(app, size: int, password_hash: str) -> Scene:
    started = time.perf_counter()
    with app.app_context():
        scene = build_scene(size, password_hash, random.Random(size))
        db.session.remove()
    say(f"built {size} arguments with {RATINGS_PER_ARGUMENT * size} ratings "
        f"in {time.perf_counter() - started:.1f} s")
    return scene


def main() -> None:
    started = time.perf_counter()
    password_hash = generate_password_hash(PASSWORD)
    with tempfile.TemporaryDirectory(prefix="agora-scale-") as workdir:
        workdir = Path(workdir)
        url = postgresql_url()
        if url:
            database, small_url, schema = "postgresql", url, SMALL_SCHEMA
            reset_schema(url, schema)
        else:
            database, schema = "sqlite", None
            url = f"sqlite:///{workdir / 'large.sqlite'}"
            small_url = f"sqlite:///{workdir / 'small.sqlite'}"
        large_app = create_app(BenchConfig(url, secrets.token_hex(32)))
        small_app = create_app(BenchConfig(small_url, secrets.token_hex(32), schema))
        large = build(large_app, LARGE, password_hash)
        small = build(small_app, USUAL, password_hash)
        member = list(large.users)[1]
        say(f"timing the position page, {REQUESTS} requests after {WARM_UP} to warm up; "
            f"load average {os.getloadavg()[0]:.1f}")
        pages = time_pages({LARGE: large_app, USUAL: small_app}, {LARGE: large, USUAL: small},
                           member)
        say(f"page at {LARGE}: {json.dumps(pages[LARGE])}; at {USUAL}: {json.dumps(pages[USUAL])}")
        say(f"reading and rating through gunicorn with {CLIENTS} clients for {LOAD_SECONDS} s")
        load = load_and_weigh(url, large, workdir / "gunicorn-scale.log",
                              os.environ.get("BENCH_REDIS_URL"))
        say(f"under load: {json.dumps(load)}")
        for app in (large_app, small_app):
            with app.app_context():
                db.engine.dispose()
        if schema:
            reset_schema(url, schema, create=False)
    same_queries = all(
        pages[LARGE][kind]["queries"] == pages[USUAL][kind]["queries"]
        for kind in ("anonymous", "signed_in")
    )
    report = {
        "database": database,
        "arguments": LARGE,
        "ratings_seeded": RATINGS_PER_ARGUMENT * LARGE,
        "page_p50_ms_50k": pages[LARGE]["anonymous"]["p50_ms"],
        "page_p50_ms_50k_signed_in": pages[LARGE]["signed_in"]["p50_ms"],
        "page_p50_ms_5k": pages[USUAL]["anonymous"]["p50_ms"],
        "queries_50k": {kind: pages[LARGE][kind]["queries"] for kind in pages[LARGE]},
        "queries_5k": {kind: pages[USUAL][kind]["queries"] for kind in pages[USUAL]},
        "queries_same_at_5k_and_50k": same_queries,
        "rss_mb_max": load["rss_mb_max"],
        "job_worker_rss_mb_max": load["job_worker_rss_mb_max"],
        "under_load": load,
        "pages": {str(size): figures for size, figures in pages.items()},
        "targets_met": {
            "page_p50_under_100_ms_at_50k": pages[LARGE]["anonymous"]["p50_ms"]
            < PAGE_P50_TARGET_MS,
            "queries_constant": same_queries,
            # Every process that serves or recomputes: the web workers and any job worker.
            "rss_under_200_mb": load["rss_mb_max"] is not None
            and max(load["rss_mb_max"], load["job_worker_rss_mb_max"] or 0) < RSS_TARGET_MB,
        },
        "load_average": round(os.getloadavg()[0], 2),
        "bench_seconds": round(time.perf_counter() - started, 1),
    }
    print(json.dumps(report), flush=True)


if __name__ == "__main__":
    main()
