"""Tell people, inside Agora, about replies to what they wrote and decisions about it."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from app.notifications import routes  # noqa: E402, F401 - routes attach to bp
