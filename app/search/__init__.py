"""Let people search everything they may read: passages, positions, arguments and evidence."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from app.search import routes, schema  # noqa: E402, F401 - routes attach themselves to bp; the index to the tables
