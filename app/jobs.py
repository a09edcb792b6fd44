"""Run work that no request should wait for: mail, score recomputes.

With `JOBS = "rq"` (the default when REDIS_URL is set) a job goes onto an RQ queue in Redis
and `flask --app app worker` runs it, in any process that shares the database. With
`JOBS = "inline"` it runs in this process once the response has been sent, or at once outside
a request (the CLI, tests). A queue that cannot be reached falls back to inline: the work is
done late rather than lost. A job may ask to wait a few seconds first, so that what piles up
meanwhile is done in one go; outside a request (a command about to exit) it runs at once.
"""

import logging
import threading
from collections.abc import Callable
from datetime import timedelta
from importlib import import_module

from flask import Flask, after_this_request, current_app, has_request_context
from redis import Redis
from redis.exceptions import RedisError
from rq import Queue, SimpleWorker
from sqlalchemy.exc import InterfaceError, OperationalError

from app.extensions import db

log = logging.getLogger(__name__)
QUEUE = "agora"


def enqueue(job: Callable[..., object], *args: object, delay: float = 0) -> None:
    """Have job(*args) run outside the request, `delay` seconds from now at the earliest.
    Arguments must be plain values (ids, text)."""
    app = current_app._get_current_object()
    delay = delay if has_request_context() else 0
    if app.config["JOBS"] == "rq":
        try:
            if delay:
                queue(app).enqueue_in(timedelta(seconds=delay), run_job, name_of(job), *args)
            else:
                queue(app).enqueue(run_job, name_of(job), *args)
            return
        except RedisError:
            log.warning("job queue unreachable, running %s in this process", name_of(job))
    if delay:
        timer = threading.Timer(delay, run_in, (app, job, args))
        timer.daemon = True
        timer.start()
    elif has_request_context():

        @after_this_request
        def run_once_sent(response):
            response.call_on_close(lambda: run_in(app, job, args))
            return response
    else:
        run_in(app, job, args)


def run_in(app: Flask, job: Callable[..., object], args: tuple) -> None:
    """Run a job in its own app context, logging a failure instead of raising it: a database
    that went away is an outage, said in one line; anything else is a bug, with its trace."""
    with app.app_context():
        try:
            job(*args)
        except (OperationalError, InterfaceError) as error:
            db.session.rollback()
            log.warning("job %s failed, the database is unreachable: %s", name_of(job),
                        type(error.orig).__name__)
        except Exception:
            log.exception("job %s failed", name_of(job))


def run_job(name: str, *args: object) -> None:
    """Run the job a worker took off the queue (the worker holds an app context)."""
    module, _, function = name.rpartition(".")
    getattr(import_module(module), function)(*args)


def name_of(job: Callable[..., object]) -> str:
    """Name a job by its import path, so that any worker can find it."""
    return f"{job.__module__}.{job.__qualname__}"


def queue(app: Flask) -> Queue:
    """Return the app's job queue in Redis."""
    return Queue(QUEUE, connection=Redis.from_url(app.config["REDIS_URL"]))


def work(app: Flask, burst: bool = False) -> None:
    """Run queued jobs in this process, in the app's context: until stopped, or until the
    queue is empty with burst; jobs that asked to wait join the queue when their time comes."""
    with app.app_context():
        SimpleWorker([queue(app)], connection=queue(app).connection).work(
            burst=burst, with_scheduler=True, logging_level="WARNING"
        )
