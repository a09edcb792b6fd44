"""Serve the compact view of a position that other sites frame, and its oEmbed description."""

from urllib.parse import urlsplit

from flask import current_app, render_template, request, url_for
from flask_login import AnonymousUserMixin
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from app.api.encoding import json_answer
from app.arguments.queries import select_children
from app.arguments.votes import stance_tally
from app.debates.queries import position_of
from app.embeds import bp
from app.errors import BadRequest, DomainError, NotFound
from app.extensions import db
from app.feeds.atom import has_feed as is_public
from app.models import Argument, Debate, Position, Side
from app.security import EMBED_CONTENT_SECURITY_POLICY, query_int
from app.visibility import shows_tally

WIDTH, HEIGHT = 560, 420
SMALLEST, LARGEST = 200, 2000
# The compact view shows what anyone may read, whoever's browser frames it.
NOBODY = AnonymousUserMixin()


def public_position(position_id: int) -> Position:
    """Load a position of a public debate, or answer 404 as if it did not exist."""
    position = db.session.get(Position, position_id)
    if position is None or not is_public(position.debate) or not position.is_visible:
        raise NotFound(f"Position {position_id} does not exist.")
    return position


def top_argument(position: Position, side: Side) -> Argument | None:
    """Return the strongest standing argument on one side of a position, if any."""
    query = select_children(position, None, side, "strongest", NOBODY)
    return db.session.scalar(query.where(Argument.withdrawn_at.is_(None)).limit(1))


@bp.get("/embed/positions/<int:position_id>")
def position(position_id: int):
    """Show a public position compactly, for framing in another site."""
    found = public_position(position_id)
    debate = found.debate
    response = current_app.make_response(render_template(
        "embeds/position.html",
        position=found,
        debate=debate,
        top={side: top_argument(found, side) for side in Side},
        tally=stance_tally(found) if shows_tally(debate, False) else None,
    ))
    response.headers["Content-Security-Policy"] = EMBED_CONTENT_SECURITY_POLICY
    return response


def iframe_of(position: Position, width: int = WIDTH, height: int = HEIGHT) -> str:
    """Write the <iframe> that embeds a position."""
    source = url_for("embeds.position", position_id=position.id, _external=True)
    return (
        f'<iframe src="{escape(source)}" width="{width}" height="{height}" '
        f'title="{escape(position.statement)}" loading="lazy"></iframe>'
    )


def position_named_by(url: str) -> Position:
    """Find the public position whose page (or embed) a URL on this site names."""
    try:
        parts = urlsplit(url)
    except ValueError as error:
        raise NotFound("That address is not a position on this site.") from error
    if parts.scheme not in ("http", "https") or parts.netloc != request.host:
        raise NotFound("That address is not a position on this site.")
    adapter = current_app.url_map.bind(request.host)
    try:
        endpoint, values = adapter.match(parts.path, method="GET")
    except HTTPException as error:
        raise NotFound("That address is not a position on this site.") from error
    if endpoint == "embeds.position":
        return public_position(values["position_id"])
    if endpoint == "debates.position":
        debate = public_position_debate(values["debate_id"])
        found = position_of(debate, values["position_id"], NOBODY)
        if found is not None:
            return found
    raise NotFound("That address is not a position on this site.")


def public_position_debate(debate_id: int) -> Debate:
    """Load a public debate, or answer 404."""
    debate = db.session.get(Debate, debate_id)
    if debate is None or not is_public(debate):
        raise NotFound("That address is not a position on this site.")
    return debate


@bp.get("/oembed")
def oembed():
    """Describe a public position for oEmbed consumers: a rich type holding the iframe; refuse
    in JSON, as they expect."""
    try:
        return describe(request.args.get("url", ""))
    except DomainError as error:
        refusal = {"status": error.status, "message": error.message}
        return json_answer({"error": refusal}, error.status)


def describe(url: str):
    """Answer the oEmbed description of the position a URL names."""
    if not url:
        raise BadRequest("Give the url of a position's page.", "url")
    if request.args.get("format", "json") != "json":
        return json_answer({"error": {"status": 501, "message": "Only format=json is offered."}},
                           501)
    found = position_named_by(url)
    width = min(WIDTH, query_int("maxwidth", WIDTH, LARGEST))
    height = min(HEIGHT, query_int("maxheight", HEIGHT, LARGEST))
    width, height = max(width, SMALLEST), max(height, SMALLEST)
    return json_answer({
        "version": "1.0",
        "type": "rich",
        "provider_name": "Agora",
        "provider_url": url_for("debates.index", _external=True),
        "title": found.statement,
        "author_name": found.debate.owner.display_name,
        "html": iframe_of(found, width, height),
        "width": width,
        "height": height,
    })
