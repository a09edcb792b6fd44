"""Answer the read-only JSON API with the same visibility rules as the pages."""

from flask import jsonify, request
from flask_login import current_user

from app.api import bp
from app.api.serializers import (
    argument_tree,
    debate_summary,
    log_entry,
    material_summary,
    position_summary,
)
from app.arguments.queries import evidence_rows, tallies, tree_rows
from app.arguments.votes import stance_tally
from app.audit import log_page
from app.debates.queries import ANCHORS, positions_of
from app.extensions import csrf
from app.models import Argument
from app.pagination import paginate
from app.security import page_number
from app.visibility import (
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
    return jsonify(
        debates=[debate_summary(debate) for debate in page.items],
        page=page.number,
        per_page=page.per_page,
        has_more=page.has_more,
    )


@bp.get("/debates/<int:debate_id>")
def debate(debate_id: int):
    """Describe a debate with its material and positions."""
    debate = load_debate(debate_id, current_user)
    return jsonify(
        {
            **debate_summary(debate),
            "material": material_summary(debate.material),
            "positions": [position_summary(position) for position in positions_of(debate)],
        }
    )


@bp.get("/positions/<int:position_id>")
def position(position_id: int):
    """Describe a position with its anchors, stance tally and whole argument tree."""
    position = load_position(position_id, current_user, ANCHORS)
    debate = position.debate
    arguments = tree_rows(position, current_user)
    counts = tallies(debate, Argument.position_id == position.id, current_user)

    def show_rating(tally) -> bool:
        return shows_tally(debate, tally is not None and tally.my_rating is not None)

    return jsonify(
        {
            **position_summary(position),
            "debate_id": debate.id,
            "stances": {choice.value: count for choice, count in stance_tally(position).items()},
            "arguments": argument_tree(
                arguments, counts, show_rating, evidence_rows(position, current_user)
            ),
        }
    )


@bp.get("/debates/<int:debate_id>/moderation-log")
def moderation_log(debate_id: int):
    """List a debate's moderation actions, newest first; never the hidden text itself."""
    debate = load_debate(debate_id, current_user)
    page = log_page(debate, page_number())
    return jsonify(
        debate_id=debate.id,
        page=page.number,
        has_more=page.has_more,
        actions=[log_entry(entry) for entry in page.items],
    )
