"""Serve Agora's JSON API under /api/v1: reads for anyone, writes for access tokens."""

from flask import Blueprint

bp = Blueprint("api", __name__, url_prefix="/api/v1")

from app.api import bearer, insight, live, openapi, routes, writes  # noqa: E402, F401 - they attach themselves to bp
