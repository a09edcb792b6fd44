"""Say whether this instance is alive and ready, and how it is doing, for the people running it."""

from flask import abort, current_app, jsonify

from app.health import bp
from app.health.checks import readiness
from app.metrics import exposition, is_authorised


@bp.get("/healthz")
def alive():
    """Answer that the process runs, without touching the database or Redis."""
    return jsonify(status="alive")


@bp.get("/readyz")
def ready():
    """Answer 200 when the database and Redis answer, 503 naming those that do not."""
    checks = readiness()
    down = [name for name, up in checks.items() if not up]
    body = {
        "status": "unavailable" if down else "ready",
        "checks": {name: "up" if up else "down" for name, up in checks.items()},
        "down": down,
    }
    return jsonify(body), 503 if down else 200


@bp.get("/metrics")
def metrics():
    """Serve the metrics to whoever presents METRICS_TOKEN; without a token set, there are none."""
    if not current_app.config.get("METRICS_TOKEN"):
        abort(404)
    if not is_authorised():
        return "Metrics need the bearer token.\n", 401, {
            "WWW-Authenticate": 'Bearer realm="metrics"',
            "Content-Type": "text/plain; charset=utf-8",
        }
    body, content_type = exposition()
    return body, 200, {"Content-Type": content_type, "Cache-Control": "no-store"}
