"""Load what a request names, answering 404 when the current user may not see it."""

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Argument, Debate, Evidence, Position


def load_debate(debate_id: int) -> Debate:
    """Load a debate the current user may see, or answer 404 as if it did not exist."""
    debate = db.get_or_404(Debate, debate_id)
    if not debate.can_view(current_user):
        abort(404)
    return debate


def load_position(position_id: int) -> Position:
    """Load a position whose debate the current user may see, or answer 404."""
    position = db.get_or_404(Position, position_id)
    if not position.debate.can_view(current_user):
        abort(404)
    return position


def load_argument(argument_id: int) -> Argument:
    """Load an argument the current user may see, under a chain they may see, or answer 404."""
    argument = db.get_or_404(
        Argument,
        argument_id,
        options=[joinedload(Argument.position).joinedload(Position.debate)],
    )
    if not argument.position.debate.can_view(current_user) or not argument.can_see(current_user):
        abort(404)
    ancestors = db.session.scalars(argument.select_ancestors()) if argument.parent_id else []
    if any(not ancestor.can_see(current_user) for ancestor in ancestors):
        abort(404)
    return argument


def load_item(kind: str, item_id: int) -> Argument | Evidence:
    """Load an argument, or evidence under an argument, that the current user may see."""
    if kind == "argument":
        return load_argument(item_id)
    if kind != "evidence":
        abort(404)
    evidence = db.get_or_404(Evidence, item_id)
    load_argument(evidence.argument_id)
    return evidence
