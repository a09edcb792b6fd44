"""Let moderators run a debate in the open: reports, the review queue and the public log."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import routes  # noqa: E402, F401 - routes attach to bp
