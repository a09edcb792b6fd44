"""Build the app gunicorn serves in `make bench`, on the database BENCH_DB_URL names, with
CSRF checked as in production and the benchmark's own signed-in page added; jobs are queued
in BENCH_JOBS_REDIS_URL when it is set (tests/benchmarks/job_worker.py runs them)."""

import os

from app import create_app
from tests.benchmarks.settings import BenchConfig
from tests.benchmarks.signed_in import bp as signed_in_bp

app = create_app(
    BenchConfig(os.environ["BENCH_DB_URL"], os.environ["BENCH_SECRET_KEY"], csrf=True,
                jobs_redis_url=os.environ.get("BENCH_JOBS_REDIS_URL"))
)
app.register_blueprint(signed_in_bp)
