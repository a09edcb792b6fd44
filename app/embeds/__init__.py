"""Let other sites embed a public position: a compact page they may frame, and oEmbed."""

from flask import Blueprint

bp = Blueprint("embeds", __name__)

from app.embeds import routes  # noqa: E402, F401 - routes attach themselves to bp
