"""Let admins keep the site-wide list of topics and owners file their debates under them."""

from flask import Blueprint

bp = Blueprint("topics", __name__)

from app.topics import routes  # noqa: E402, F401 - routes attach themselves to bp
