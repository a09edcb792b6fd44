"""Run a live Oxford-style evening: setup, console, projector, phones, results."""

from flask import Blueprint

bp = Blueprint("live", __name__)

from app.live import routes, stream  # noqa: E402, F401 - routes attach to bp
