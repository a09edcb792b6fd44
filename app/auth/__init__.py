"""Let people sign up, sign in and sign out."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/account")

from app.auth import routes  # noqa: E402, F401 - routes attach themselves to bp
