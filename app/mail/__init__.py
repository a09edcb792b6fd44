"""Reach people by email: verifying an address, resetting a password, notices and digests,
and unsubscribing from a link without signing in."""

from flask import Blueprint

bp = Blueprint("mail", __name__)

from app.mail import routes  # noqa: E402, F401 - routes attach to bp
