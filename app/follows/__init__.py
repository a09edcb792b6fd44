"""Let people follow a debate, a position or an argument and hear of what is posted in it."""

from flask import Blueprint

bp = Blueprint("follows", __name__)

from app.follows import routes  # noqa: E402, F401 - routes attach to bp
