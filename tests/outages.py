"""Restart the machine's PostgreSQL and stop its Redis for the fault tests, always bringing
them back and waiting until they answer, whatever happens meanwhile.

CI runs as root on the machine whose services these are (see .ci/run); so do the tests.
"""

import os
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

READY_SECONDS = 30


def run(*command: str) -> subprocess.CompletedProcess:
    """Run a command of the machine's, keeping what it printed."""
    return subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603


def postgresql_cluster() -> list[str]:
    """Name the machine's PostgreSQL cluster as pg_ctlcluster wants it: version and name."""
    [version] = sorted(path.name for path in Path("/etc/postgresql").iterdir())
    return [version, "main"]


def postgresql_is_ready() -> bool:
    """Say whether the test database's server accepts connections."""
    url = make_url(os.environ["TEST_DATABASE_URL"])
    ready = run("pg_isready", "-q", "-h", url.host or "127.0.0.1", "-p", str(url.port or 5432))
    return ready.returncode == 0


def restart_postgresql() -> None:
    """Restart PostgreSQL (a fast shutdown: connections in use are cut) and return once it
    accepts connections again."""
    try:
        restarted = run("pg_ctlcluster", "--skip-systemctl-redirect", *postgresql_cluster(),
                        "restart", "--mode", "fast")
        assert restarted.returncode == 0, restarted.stderr
    finally:
        if not wait_for(postgresql_is_ready, 5):
            run("pg_ctlcluster", "--skip-systemctl-redirect", *postgresql_cluster(), "start")
        assert wait_for(postgresql_is_ready, READY_SECONDS), "PostgreSQL did not come back"


def redis_address() -> tuple[str, int]:
    """Return the host and port of the suite's Redis."""
    url = make_url(os.environ["TEST_REDIS_URL"])
    return url.host or "127.0.0.1", url.port or 6379


def redis_is_up() -> bool:
    """Say whether the suite's Redis answers a ping."""
    host, port = redis_address()
    return run("redis-cli", "-h", host, "-p", str(port), "ping").stdout.strip() == "PONG"


@contextmanager
def redis_stopped() -> Iterator[None]:
    """Stop Redis for the block, then start it again as .ci/run does and wait for it."""
    host, port = redis_address()
    try:
        run("redis-cli", "-h", host, "-p", str(port), "shutdown", "nosave")
        assert wait_for(lambda: not redis_is_up(), 5), "Redis did not stop"
        yield
    finally:
        if not redis_is_up():
            run("redis-server", "--daemonize", "yes", "--bind", host, "--port", str(port),
                "--save", "", "--appendonly", "no")
        assert wait_for(redis_is_up, READY_SECONDS), "Redis did not come back"


def wait_for(condition, seconds: float) -> bool:
    """Check the condition every tenth of a second until it holds or the time is up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()
