"""Let people start debates on material and raise positions from its passages."""

from flask import Blueprint

bp = Blueprint("debates", __name__)

from app.debates import routes  # noqa: E402, F401 - routes attach themselves to bp
