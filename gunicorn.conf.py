"""Serve Agora in production: `gunicorn "app:create_app()"` in this folder reads this file.

Every setting can be overridden from the environment (shown beside it) or on the command line.
"""

import multiprocessing
import os
import shutil
import tempfile

# prometheus_client decides when first imported whether workers share their counts through
# files, so the folder must be named before the app (which imports it) is loaded.
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="agora-metrics-")
    _created_metrics_dir = True
else:
    _created_metrics_dir = False

from gunicorn.glogging import Logger
from prometheus_client import multiprocess

from app.logs import formatter_for
from config import ProductionConfig

bind = os.environ.get("BIND", "127.0.0.1:8000")
# Twice the cores plus one keeps every core busy while some workers wait on the database.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# Threads let a worker serve other requests while one waits on PostgreSQL or Redis. Live
# events hold one long connection (server-sent events) per screen in the hall, and each holds a
# thread while it waits: workers × threads is how many screens (phones, projector, console)
# one instance keeps connected besides its other requests. gthread rather than gevent: psycopg,
# Redis and the app run unpatched, and an idle waiting thread costs little memory. See README,
# "Running a live debate".
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "64"))
# A request still running after this many seconds is killed with its worker: no page takes
# that long unless something is wrong, and a stuck worker serves nobody.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On SIGTERM (a deploy or shutdown) workers stop accepting and finish what they serve.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# The reverse proxy keeps connections open; close idle ones a little after it would.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# Load the app once in the master: a broken deploy fails before any worker starts, and
# workers share its memory. New code therefore needs a restart, not a HUP.
preload_app = True
# X-Forwarded-Proto is believed only from the proxies the app trusts (TRUSTED_PROXIES).
forwarded_allow_ips = ",".join(ProductionConfig.TRUSTED_PROXIES)
# The app logs every request itself, with its id and without full client addresses.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()


class AgoraLogger(Logger):
    """Write gunicorn's own lines (boots, timeouts, exits) in the app's log format."""

    def setup(self, cfg) -> None:
        """Set gunicorn's handlers up, then give them the app's formatter."""
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            handler.setFormatter(formatter_for(ProductionConfig.LOG_FORMAT))


logger_class = AgoraLogger


def child_exit(server, worker) -> None:
    """Drop a finished worker's gauges from the shared metrics."""
    multiprocess.mark_process_dead(worker.pid)


def on_exit(server) -> None:
    """Remove the metrics folder this file created."""
    if _created_metrics_dir:
        shutil.rmtree(os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)
