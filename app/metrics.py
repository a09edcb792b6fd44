"""Count what happens in Agora for Prometheus: request latency, votes, ratings, reports, queue."""

import hmac
import os
from dataclasses import dataclass

from flask import Flask, current_app, request
from prometheus_client import CollectorRegistry, Counter, ProcessCollector, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_flask_exporter import PrometheusMetrics
from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from app.errors import roll_back
from app.extensions import db
from app.models import Argument, Evidence, ModerationState, Report, ReportStatus

EXTENSION = "agora.metrics"
# What people do, each counted once its transaction has committed.
EVENTS = {
    "ratings": "Ratings of an argument's strength saved",
    "votes": "Stances taken on a position (for, against, undecided)",
    "reports": "Reports of an argument or evidence to the moderators",
}


@dataclass
class Metrics:
    """Hold one app's exporter and counters."""

    exporter: PrometheusMetrics
    counters: dict[str, Counter]
    queue: CollectorRegistry


class ReviewQueueCollector:
    """Report how much waits for moderators across the site, counted when Prometheus scrapes."""

    def collect(self):
        """Yield the number of pending arguments, pending evidence and open reports."""
        try:
            lengths = review_queue_lengths()
        except SQLAlchemyError as error:
            # The other metrics matter most while the database is down: serve them without it.
            roll_back()
            current_app.logger.warning("Metrics: no review queue length (%s)", type(error).__name__)
            return
        gauge = GaugeMetricFamily(
            "agora_review_queue_length",
            "Contributions and reports waiting for a moderator",
            labels=["kind"],
        )
        for kind, length in lengths.items():
            gauge.add_metric([kind], length)
        yield gauge


def review_queue_lengths() -> dict[str, int]:
    """Count what waits for review in every debate, in one query."""
    pending_arguments = select(func.count()).where(
        Argument.moderation == ModerationState.PENDING
    ).scalar_subquery()
    pending_evidence = select(func.count()).where(
        Evidence.moderation == ModerationState.PENDING
    ).scalar_subquery()
    open_reports = select(func.count()).where(Report.status == ReportStatus.OPEN).scalar_subquery()
    row = db.session.execute(select(pending_arguments, pending_evidence, open_reports)).one()
    return dict(zip(("argument", "evidence", "report"), row, strict=True))


def init_metrics(app: Flask) -> None:
    """Time every request by endpoint and create the event counters, in a registry of this
    app's own, so that several apps in one process (the tests) never collide."""
    registry = CollectorRegistry()
    multiprocess = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
    if not multiprocess:
        # Under gunicorn each worker would report only itself; the shared files cover workers.
        ProcessCollector(registry=registry)
    exporter = PrometheusMetrics(
        app=None,
        path=None,
        registry=registry,
        group_by="endpoint",
        excluded_paths=["^/healthz$", "^/readyz$", "^/metrics$", "^/static/"],
    )
    exporter.init_app(app)
    counters = {
        name: Counter(f"agora_{name}_total", help_text, registry=registry)
        for name, help_text in EVENTS.items()
    }
    queue = CollectorRegistry()
    queue.register(ReviewQueueCollector())
    app.extensions[EXTENSION] = Metrics(exporter=exporter, counters=counters, queue=queue)


def count(event: str) -> None:
    """Count one event that has just been committed (a key of EVENTS)."""
    current_app.extensions[EXTENSION].counters[event].inc()


def is_authorised() -> bool:
    """Say whether the request carries the configured METRICS_TOKEN as a bearer token."""
    token = current_app.config.get("METRICS_TOKEN")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


def exposition() -> tuple[bytes, str]:
    """Render every metric in Prometheus's text format, with its content type."""
    metrics = current_app.extensions[EXTENSION]
    # With PROMETHEUS_MULTIPROC_DIR set, the exporter adds up what every worker wrote.
    text, content_type = metrics.exporter.generate_metrics()
    return text.encode() + generate_latest(metrics.queue), content_type
