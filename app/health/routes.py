"""Say whether this instance is alive and ready to serve, for load balancers and orchestrators."""

from flask import jsonify

from app.health import bp
from app.health.checks import readiness


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
