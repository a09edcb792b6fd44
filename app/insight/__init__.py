"""Show what convinces people: cross-side scores, opinion change and the debate's brief."""

from flask import Blueprint

bp = Blueprint("insight", __name__)

from app.insight import routes  # noqa: E402, F401 - the routes attach themselves to bp
