"""Serve the Atom feeds of public debates and their positions."""

from flask import Response
from flask_login import AnonymousUserMixin, current_user

from app.debates.queries import position_of
from app.errors import NotFound
from app.feeds import bp
from app.feeds.atom import atom_feed, has_feed
from app.models import Debate
from app.visibility import load_debate

ATOM = "application/atom+xml; charset=utf-8"


def public_debate(debate_id: int) -> Debate:
    """Load a debate that publishes feeds, or answer 404 as if it had none."""
    debate = load_debate(debate_id, current_user)
    if not has_feed(debate):
        raise NotFound(f"Debate {debate_id} has no feed.")
    return debate


@bp.get("/debates/<int:debate_id>/feed.atom")
def debate(debate_id: int):
    """Give a public debate's newest arguments and its conclusion as an Atom feed."""
    return Response(atom_feed(public_debate(debate_id)), mimetype=ATOM)


@bp.get("/debates/<int:debate_id>/positions/<int:position_id>/feed.atom")
def position(debate_id: int, position_id: int):
    """Give a public position's newest arguments and the debate's conclusion as Atom."""
    found = public_debate(debate_id)
    position = position_of(found, position_id, AnonymousUserMixin())
    if position is None:
        raise NotFound(f"Position {position_id} does not exist.")
    return Response(atom_feed(found, position), mimetype=ATOM)
