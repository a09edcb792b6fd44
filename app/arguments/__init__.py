"""Let people argue for and against positions, back arguments with evidence and vote."""

from flask import Blueprint

bp = Blueprint("arguments", __name__)

from app.arguments import routes  # noqa: E402, F401 - routes attach themselves to bp
