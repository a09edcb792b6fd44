"""Serve the search page, whose results follow the box as one types."""

from flask import request
from flask_login import current_user

from app.htmx import render
from app.search import bp
from app.search.queries import KINDS, LAST_PAGE, QUERY_LENGTH, BadQuery, search
from app.security import query_int


@bp.get("/search")
def index():
    """Search passages, positions, arguments and evidence; without a query, show the box."""
    text = request.args.get("q", "")
    kind = request.args.get("kind") or None
    debate_id = query_int("debate")
    results, problem, status = None, None, 200
    if kind is not None and kind not in KINDS:
        kind = None
    if text.strip():
        try:
            results = search(current_user, text, kind, debate_id, query_int("page", 1, LAST_PAGE))
        except BadQuery as error:
            problem, status = str(error), 422
    return render(
        "search/index.html",
        "search/_results.html",
        status,
        text=text[:QUERY_LENGTH * 2],
        kind=kind,
        kinds=KINDS,
        debate_id=debate_id,
        results=results,
        problem=problem,
        query_length=QUERY_LENGTH,
    )
