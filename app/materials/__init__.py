"""Let people import source material and read it passage by passage."""

from flask import Blueprint

bp = Blueprint("materials", __name__, url_prefix="/materials")

from app.materials import routes  # noqa: E402, F401 - routes attach themselves to bp
