"""Run every benchmark in turn and join their reports into one JSON line.

`make bench` runs this: the position page, API tree, review queue and rating figures
(position_page), the 50,000-argument debate with worker memory (scale), imports and exports
(imports), material import (material_import), search and the debate directory (search),
the brief, insight API and score recompute (insight), a class's teacher pages (classes) and,
when BENCH_DATABASE_URL names a PostgreSQL database, the Locust mixed load (mixed_load) and a
live evening's hall of 1,000 phones (live). Each one's progress is passed through; the last
line printed is one JSON object with the headline figures at the top and each report whole
under its own name.
"""

import json
import os
import subprocess
import sys
import time

BENCHMARKS = (
    "position_page", "scale", "imports", "material_import", "search", "insight", "classes",
    "mixed_load", "live",
)
# Figures read from each report and raised to the top of the joined one, under the same name
# unless another is given.
HEADLINES = {
    "position_page": {
        "position_page_p50_ms": None,
        "api_tree_p50_ms": None,
        "queue_page_p50_ms": None,
        "ratings_per_s": None,
        "trivial_per_s": None,
        "ratings_ratio": None,
        "queries_per_page": None,
    },
    "scale": {"page_p50_ms_50k": None, "page_p50_ms_50k_signed_in": None, "rss_mb_max": None,
              "job_worker_rss_mb_max": None},
    "search": {"search_p50_ms": None, "directory_p50_ms": None},
    "insight": {"sqlite": "insight_sqlite", "postgresql": "insight_postgresql"},
    "classes": {
        "task_grid_p50_ms": None,
        "gradebook_p50_ms": None,
        "gradebook_csv_p50_ms": None,
        "groups_p50_ms": None,
    },
    "mixed_load": {
        "requests_per_s": "load_requests_per_s",
        "p50_ms": "load_p50_ms",
        "p95_ms": "load_p95_ms",
        "p99_ms": "load_p99_ms",
        "errors": "load_errors",
    },
    "live": {
        "live_devices": None,
        "live_votes_accepted": None,
        "live_votes_lost": None,
        "live_vote_p95_ms": None,
        "live_update_p50_ms": None,
        "live_update_p95_ms": None,
        "live_rss_mb": None,
    },
}


def run(name: str) -> dict | None:
    """Run one benchmark module, passing its output through; return its last line's JSON."""
    process = subprocess.Popen(  # noqa: S603 - this interpreter and our own module
        [sys.executable, "-m", f"tests.benchmarks.{name}"],
        stdout=subprocess.PIPE, text=True, env=os.environ.copy(),
    )
    last = ""
    for line in process.stdout:
        print(f"[{name}] {line}", end="", flush=True)
        if line.strip():
            last = line
    if process.wait() != 0:
        return {"failed": f"exit status {process.returncode}"}
    try:
        return json.loads(last)
    except ValueError:
        return {"failed": "its last line is not JSON"}


def main() -> None:
    started = time.perf_counter()
    reports: dict[str, dict | None] = {}
    for name in BENCHMARKS:
        if name in ("mixed_load", "live") and not os.environ.get("BENCH_DATABASE_URL"):
            reports[name] = {"skipped": "needs BENCH_DATABASE_URL (PostgreSQL) and Redis"}
            continue
        reports[name] = run(name)
    joined: dict = {}
    for name, fields in HEADLINES.items():
        report = reports.get(name) or {}
        for field, headline in fields.items():
            joined[headline or field] = report.get(field)
    joined["reports"] = reports
    joined["bench_seconds"] = round(time.perf_counter() - started, 1)
    print(json.dumps(joined), flush=True)


if __name__ == "__main__":
    main()
