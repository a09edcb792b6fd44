"""Answer the probes and scrapes of the people who run Agora: liveness, readiness, metrics."""

from flask import Blueprint

from app.extensions import csrf, limiter

bp = Blueprint("health", __name__)
# Probes come every few seconds from the same few addresses; a limit would only turn a
# healthy instance into one that looks down.
limiter.exempt(bp)
csrf.exempt(bp)

from app.health import routes  # noqa: E402, F401 - routes attach themselves to bp
