"""Let a debate's owner decide who belongs: members, roles, invite links and settings."""

from flask import Blueprint

bp = Blueprint("memberships", __name__)

from app.memberships import routes  # noqa: E402, F401 - routes attach to bp
