"""Let moderators run a debate in the open: members, settings, reports, the queue and the log."""

from flask import Blueprint

bp = Blueprint("moderation", __name__)

from app.moderation import membership, routes  # noqa: E402, F401 - routes attach to bp
