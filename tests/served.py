"""Serve the test database with gunicorn in a subprocess, and send it what browsers send.

The fault tests (tests/test_faults.py) restart PostgreSQL, stop Redis and kill workers under
this server while people rate and post through it.
"""

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from config import BASE_DIR

SERVER_START_SECONDS = 60


@dataclass
class Reply:
    """What one request got, and when it was sent and answered (monotonic seconds)."""

    action: str
    path: str
    status: int
    text: str
    started: float
    ended: float
    form: dict | None = None
    retry_after: float | None = None

    @property
    def ok(self) -> bool:
        """Say whether the server did what was asked (any 2xx or 3xx)."""
        return 200 <= self.status < 400


@dataclass
class Server:
    """A gunicorn master serving the suite's app on 127.0.0.1."""

    port: int
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        """Return what gunicorn and the app have logged so far."""
        return self.log_path.read_text(errors="replace")

    def workers(self) -> list[int]:
        """Return the pids of the master's workers."""
        found = subprocess.run(  # noqa: S603 - fixed tool and arguments
            ["ps", "--ppid", str(self.process.pid), "-o", "pid="],  # noqa: S607
            capture_output=True, text=True, check=False,
        )
        return [int(pid) for pid in found.stdout.split()]


def free_port() -> int:
    """Return a TCP port nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(log_path: Path, workers: int = 2, threads: int = 4) -> Iterator[Server]:
    """Serve tests/served_app.py with gunicorn.conf.py's settings (fewer workers, to spare a
    shared machine) until the block ends."""
    port = free_port()
    environment = {**os.environ, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers),
                   "GUNICORN_THREADS": str(threads), "LOG_FORMAT": "text"}
    # gunicorn.conf.py makes a metrics folder of its own for this server.
    environment.pop("PROMETHEUS_MULTIPROC_DIR", None)
    with log_path.open("w") as log:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
            [str(Path(sys.executable).with_name("gunicorn")), "--config", "gunicorn.conf.py",
             "tests.served_app:app"],
            cwd=BASE_DIR, env=environment, stdout=log, stderr=subprocess.STDOUT,
        )
    server = Server(port, process, log_path)
    try:
        wait_until_serving(server)
        yield server
    finally:
        # A quick shutdown: the load is over and nothing is left to finish gracefully.
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def wait_until_serving(server: Server) -> None:
    """Return once the server answers /healthz; fail with its log if it exits first."""
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.process.returncode}:\n"
                               f"{server.log()}")
        try:
            probe = http.client.HTTPConnection("127.0.0.1", server.port, timeout=2)
            probe.request("GET", "/healthz")
            if probe.getresponse().status == 200:
                probe.close()
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer within {SERVER_START_SECONDS} s")


@dataclass
class Browser:
    """One person's browser: their own address (behind the proxy) and session cookie, and a
    new connection for each request."""

    port: int
    address: str
    cookie: str = ""
    replies: list[Reply] = field(default_factory=list)

    def send(self, action: str, path: str, form: dict | None = None,
             htmx: bool = False) -> Reply:
        """GET the path, or POST the form to it; status 0 means the connection failed."""
        headers = {"X-Forwarded-For": self.address}
        if self.cookie:
            headers["Cookie"] = self.cookie
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            body = urlencode(form)
        started = time.monotonic()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request("GET" if form is None else "POST", path, body, headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            status = response.status
            retry_after = response.headers.get("Retry-After")
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = SimpleCookie(header)
                if "session" in cookie:
                    self.cookie = f"session={cookie['session'].value}"
        except (OSError, http.client.HTTPException) as error:
            status, text, retry_after = 0, f"{type(error).__name__}: {error}", None
        finally:
            connection.close()
        reply = Reply(action, path, status, text, started, time.monotonic(), form,
                      float(retry_after) if retry_after else None)
        self.replies.append(reply)
        return reply

    def sign_in(self, username: str, password: str) -> Reply:
        """Sign in through the form, keeping the session cookie it sets."""
        return self.send("sign in", "/account/sign-in",
                         {"username": username, "password": password})


def keep_busy(browsers: list[Browser], act: Callable[[int, Browser, int], None],
              stop: threading.Event) -> list[threading.Thread]:
    """Start a thread per browser that calls act(index, browser, turn) until stop is set,
    pausing after an answer that says when to retry."""

    def run(index: int, browser: Browser) -> None:
        turn = 0
        while not stop.is_set():
            act(index, browser, turn)
            turn += 1
            # People wait as long as an error page asks them to before trying again.
            if browser.replies and (wait := browser.replies[-1].retry_after):
                stop.wait(wait)

    threads = [threading.Thread(target=run, args=pair, daemon=True)
               for pair in enumerate(browsers)]
    for thread in threads:
        thread.start()
    return threads


def summary(replies: list[Reply]) -> str:
    """Say how many requests got each status, e.g. "200: 310, 503: 4"."""
    counts: dict[int, int] = {}
    for reply in replies:
        counts[reply.status] = counts.get(reply.status, 0) + 1
    return ", ".join(f"{status}: {count}" for status, count in sorted(counts.items()))
