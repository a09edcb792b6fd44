"""Time importing and exporting large debates and print the timings as JSON.

Run with `python -m tests.benchmarks.imports` (or `make bench-imports`). It imports a
1,000-claim Kialo export 19 levels deep and a 5,000-argument Agora archive (goal: p50 under
2 s each, reading and saving in one transaction), then exports the 5,000-argument debate in
every format (goal: p50 under 1 s each). It runs on a scratch SQLite file, and also on
PostgreSQL when BENCH_DATABASE_URL is set (its tables are dropped and made afresh). The last
line printed is the JSON report.
"""

import json
import os
import random
import statistics
import sys
import tempfile
import time

from flask_login import AnonymousUserMixin
from werkzeug.security import generate_password_hash

from app import create_app
from app.debates.exporting import EXPORTS, export_debate
from app.debates.importing import import_debate
from app.exports import write_debate
from app.extensions import db
from app.imports import (
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedPosition,
    read_debate,
)
from app.models import Debate, User
from tests.benchmarks.settings import BenchConfig

IMPORT_GOAL = 2.0
EXPORT_GOAL = 1.0
RUNS = 5
WORDS = (
    "cameras", "deter", "theft", "in", "busy", "streets", "but", "move", "it",
    "elsewhere", "while", "recording", "everyone", "who", "passes", "and", "costing",
    "the", "council", "money", "it", "could", "spend", "on", "lighting",
)


def made_up_debate(claims: int, deepest: int, positions: int = 1,
                   seed: int = 12) -> ImportedDebate:
    """Make a debate of the given number of claims, one chain reaching the deepest level, with
    a link for every fiftieth claim and a source for every tenth."""
    rng = random.Random(seed)
    debate = ImportedDebate(title="Benchmark debate")
    places: list[tuple[list, int]] = []
    claimed: list[str] = []
    for number in range(1, positions + 1):
        position = ImportedPosition(key=f"t{number}", statement=f"Benchmark position {number}")
        debate.positions.append(position)
        places.append((position.arguments, 0))
    count = 0

    def add(siblings: list, depth: int) -> ImportedArgument:
        nonlocal count
        count += 1
        key = f"a{count}"
        if claimed and count % 50 == 0:
            argument = ImportedArgument(key=key, side=rng.choice(("pro", "con")), claim="",
                                        link_to=rng.choice(claimed))
        else:
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 24)))
            argument = ImportedArgument(key=key, side=rng.choice(("pro", "con")),
                                        claim=f"Claim {count}: {text}.")
            if count % 10 == 0:
                argument.evidence.append(ImportedEvidence(url=f"https://example.org/s/{count}",
                                                          title=f"Study {count}"))
            claimed.append(key)
            if depth < deepest:
                places.append((argument.children, depth))
        siblings.append(argument)
        return argument

    chain, depth = debate.positions[0].arguments, 1
    while depth <= deepest:
        chain, depth = add(chain, depth).children, depth + 1
    while count < claims:
        siblings, depth = rng.choice(places)
        add(siblings, depth + 1)
    return debate


def p50(timings: list[float]) -> float:
    return round(statistics.median(timings), 3)


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_database(url: str) -> dict:
    """Run every timing on one database and say how each went."""
    app = create_app(BenchConfig(url, "bench-only-secret"))
    report: dict = {}
    with app.test_request_context():
        db.drop_all()
        db.create_all()
        owner = User(username="bencher", display_name="Bencher",
                     password_hash=generate_password_hash("correct horse battery"))
        db.session.add(owner)
        db.session.commit()

        kialo = write_debate(made_up_debate(1_000, 19), "kialo").encode()

        def import_kialo():
            saved = import_debate(read_debate(kialo, "kialo"), owner)
            db.session.commit()
            assert saved.arguments == 1_000 and max(
                depth for _a, depth in read_debate(kialo).arguments()) == 19

        timings = [timed(import_kialo) for _ in range(RUNS)]
        report["import_kialo_1000_depth19"] = {"p50": p50(timings), "runs": RUNS,
                                               "bytes": len(kialo),
                                               "ok": p50(timings) < IMPORT_GOAL}

        source = import_debate(made_up_debate(5_000, 12, positions=3, seed=5), owner,
                               open_now=True)
        db.session.commit()
        debate = db.session.get(Debate, source.debate.id)
        reader = AnonymousUserMixin()
        archive = export_debate(debate, reader, "archive").encode()

        def import_archive():
            saved = import_debate(read_debate(archive), owner)
            db.session.commit()
            assert saved.arguments == 5_000

        timings = [timed(import_archive) for _ in range(RUNS)]
        report["import_archive_5000"] = {"p50": p50(timings), "runs": RUNS,
                                         "bytes": len(archive),
                                         "ok": p50(timings) < IMPORT_GOAL}
        for name in EXPORTS:
            db.session.expire_all()
            timings = []
            for _ in range(RUNS):
                db.session.expire_all()
                timings.append(timed(lambda name=name: export_debate(debate, reader, name)))
            report[f"export_{name}_5000"] = {"p50": p50(timings), "runs": RUNS,
                                             "ok": p50(timings) < EXPORT_GOAL}
        db.session.remove()
        db.drop_all()
    return report


def main() -> int:
    """Time both databases and print the report; exit 1 when a goal is missed."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        results["sqlite"] = bench_database(f"sqlite:///{folder}/imports.sqlite")
    if url := os.environ.get("BENCH_DATABASE_URL"):
        results["postgresql"] = bench_database(url)
    for database, timings in results.items():
        for name, outcome in timings.items():
            print(f"{database:10} {name:28} p50 {outcome['p50']:6.3f} s "
                  f"{'ok' if outcome['ok'] else 'SLOW'}", file=sys.stderr)
    print(json.dumps(results))
    return 0 if all(o["ok"] for t in results.values() for o in t.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
