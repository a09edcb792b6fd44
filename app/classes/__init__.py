"""Let teachers run classes: rosters, managed student accounts, join codes and class debates."""

from flask import Blueprint

bp = Blueprint("classes", __name__, url_prefix="/classes")

from app.classes import group_routes, routes, rubric_routes  # noqa: E402, F401 - routes attach to bp
