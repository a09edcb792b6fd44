"""Show a person's public profile, for those who chose to have one."""

from flask import Blueprint

bp = Blueprint("people", __name__)

from app.people import routes  # noqa: E402, F401 - routes attach to bp
