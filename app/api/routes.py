"""Answer the read-only JSON API with the same visibility rules as the pages."""

from flask import request, url_for
from flask_login import current_user
from sqlalchemy import and_

from app.api import bp
from app.api.encoding import json_answer
from app.api.paging import cursor_asked, depth_asked, encode_cursor, limit_asked
from app.api.serializers import (
    Cut,
    argument_tree,
    debate_summary,
    log_entry,
    material_summary,
    position_summary,
)
from app.arguments.queries import (
    evidence_rows,
    link_claims,
    reply_paths,
    siblings_and_branches,
    tallies,
    tree_rows,
)
from app.arguments.votes import stance_tally
from app.audit import log_slice
from app.debates.exporting import export_response
from app.debates.queries import ANCHORS, positions_of
from app.errors import BadRequest
from app.extensions import csrf
from app.memory import without_cycle_collection
from app.models import Argument
from app.pagination import Cursor, paginate
from app.search.queries import KINDS as SEARCH_KINDS
from app.search.queries import LAST_PAGE as SEARCH_LAST_PAGE
from app.search.queries import BadQuery, search
from app.security import page_number, query_int
from app.visibility import (
    load_argument,
    load_debate,
    load_position,
    select_debates,
    shows_tally,
)

csrf.exempt(bp)

PAGE_SIZE_MAX = 100


@bp.get("/debates")
def debates():
    """List the debates the caller may see, newest first, a page at a time."""
    per_page = min(PAGE_SIZE_MAX, max(1, request.args.get("per_page", 50, type=int)))
    page = paginate(select_debates(current_user, listed_only=True), page_number(), per_page)
    return json_answer(
        {
            "debates": [debate_summary(debate) for debate in page.items],
            "page": page.number,
            "per_page": page.per_page,
            "has_more": page.has_more,
        }
    )


@bp.get("/debates/<int:debate_id>")
def debate(debate_id: int):
    """Describe a debate with its material and positions."""
    debate = load_debate(debate_id, current_user)
    return json_answer(
        {
            **debate_summary(debate),
            "material": material_summary(debate.material),
            "positions": [
                position_summary(position) for position in positions_of(debate, current_user)
            ],
        }
    )


@bp.get("/debates/<int:debate_id>/export/<format>")
def export(debate_id: int, format: str):
    """Download what everyone may read of a debate, as the debate page's export links do."""
    return export_response(load_debate(debate_id, current_user), current_user, format)


@bp.get("/positions/<int:position_id>")
@without_cycle_collection
def position(position_id: int):
    """Describe a position with its anchors, stance tally and argument tree: whole, or cut at
    the depth asked with links to the replies left out."""
    position = load_position(position_id, current_user, ANCHORS)
    depth = depth_asked(default=None)
    scope = [] if depth is None else [Argument.depth <= depth]
    cut = None if depth is None else Cut(depth=depth, asked=depth)
    summary = {
        **position_summary(position),
        "debate_id": position.debate.id,
        "stances": {choice.value: count for choice, count in stance_tally(position).items()},
    }
    if depth is not None:
        summary["depth"] = depth
    return json_answer(
        {**summary, "arguments": tree_of(position, scope, under=None, cut=cut)}
    )


@bp.get("/arguments/<int:argument_id>/children")
@without_cycle_collection
def children(argument_id: int):
    """List a page of an argument's direct replies in tree order, each with its replies to the
    depth asked, and the cursor of the next page."""
    argument = load_argument(argument_id, current_user)
    depth, limit = depth_asked(default=1), limit_asked()
    after = cursor_asked(argument)
    paths = reply_paths(argument, current_user, after, limit + 1)
    more, paths = len(paths) > limit, paths[:limit]
    nodes = []
    if paths:
        scope = [
            siblings_and_branches(paths[0], paths[-1]),
            Argument.depth <= argument.depth + depth,
        ]
        cut = Cut(depth=argument.depth + depth, asked=depth)
        nodes = tree_of(argument.position, scope, under=argument.id, cut=cut)
    following = encode_cursor(paths[-1]) if more else None
    return json_answer(
        {
            "argument_id": argument.id,
            "position_id": argument.position_id,
            "depth": depth,
            "limit": limit,
            "children": nodes,
            "next": following,
            "next_url": url_for(
                "api.children", argument_id=argument.id, depth=depth, limit=limit,
                after=following, _external=True,
            )
            if following
            else None,
        }
    )


def tree_of(position, scope: list, under: int | None, cut: Cut | None) -> list[dict]:
    """Read and nest the arguments of a position within a scope, with their tallies and
    evidence, in a fixed number of queries."""
    debate = position.debate
    # Nodes show no count of evidence, and the count of replies only where the tree is cut.
    counts = tallies(debate, and_(Argument.position_id == position.id, *scope), current_user,
                     replies=cut is not None, evidence=False)

    rating_shown = {has_rated: shows_tally(debate, has_rated) for has_rated in (False, True)}
    rows = tree_rows(position, current_user, *scope)
    return argument_tree(
        rows,
        counts,
        rating_shown,
        evidence_rows(position, current_user, *scope),
        under=under,
        cut=cut,
        links=link_claims(debate, rows, current_user),
    )


@bp.get("/debates/<int:debate_id>/moderation-log")
def moderation_log(debate_id: int):
    """List a page of a debate's moderation actions, newest first, with the cursors of the
    pages either side; never the hidden text itself."""
    debate = load_debate(debate_id, current_user)
    page = log_slice(debate, Cursor.from_args(request.args))
    return json_answer(
        {
            "debate_id": debate.id,
            "actions": [log_entry(entry) for entry in page.items],
            "has_more": page.next is not None,
            "next": page.next,
            "next_url": log_url(debate, after=page.next),
            "previous": page.previous,
            "previous_url": log_url(debate, before=page.previous),
        }
    )


def log_url(debate, **cursor: str | None) -> str | None:
    """Link to the page of a debate's log a cursor names, or None without one."""
    if not any(cursor.values()):
        return None
    return url_for("api.moderation_log", debate_id=debate.id, **cursor, _external=True)


@bp.get("/search")
def search_items():
    """Search what the caller may read, best match first, a page at a time."""
    kind = request.args.get("kind") or None
    if kind is not None and kind not in SEARCH_KINDS:
        raise BadRequest(f"kind must be one of: {', '.join(SEARCH_KINDS)}.", "kind")
    page = request.args.get("page", 1, type=int)
    if not 1 <= page <= SEARCH_LAST_PAGE:
        raise BadRequest(f"page must be from 1 to {SEARCH_LAST_PAGE}.", "page")
    try:
        results = search(current_user, request.args.get("q", ""), kind, query_int("debate"), page)
    except BadQuery as error:
        raise BadRequest(str(error), "q") from error
    return json_answer(
        {
            "results": [
                {
                    "kind": hit.kind,
                    "id": hit.id,
                    "url": url_for_external(hit.url),
                    "snippet": hit.plain_snippet,
                    "context": hit.context,
                }
                for hit in results.hits
            ],
            "total": results.total,
            "capped": results.capped,
            "page": results.page,
            "has_more": results.has_more,
        }
    )


def url_for_external(path: str) -> str:
    """Make a site path absolute, as the other answers' urls are."""
    return request.host_url.rstrip("/") + path
