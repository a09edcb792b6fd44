"""Publish Atom feeds of public debates and positions: new arguments and the conclusion."""

from flask import Blueprint

bp = Blueprint("feeds", __name__)

from app.feeds import routes  # noqa: E402, F401 - routes attach themselves to bp
