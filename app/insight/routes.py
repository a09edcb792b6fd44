"""Show a position's insight page and the debate's brief."""

from app.insight import bp  # noqa: F401
