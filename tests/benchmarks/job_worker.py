"""Run the jobs the benchmark's server queues (tests/benchmarks/wsgi.py), in a process of
their own as production's `flask worker` does, on the same database and Redis."""

from app.jobs import work
from tests.benchmarks.wsgi import app

if __name__ == "__main__":
    work(app)
