"""Build the app gunicorn serves in `make bench`, on the database BENCH_DB_URL names."""

import os

from app import create_app
from tests.benchmarks.settings import BenchConfig

app = create_app(BenchConfig(os.environ["BENCH_DB_URL"], os.environ["BENCH_SECRET_KEY"]))
