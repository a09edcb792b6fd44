"""Answer what convinces people, in JSON: a position's cross-side ranking and opinion change,
and a debate's brief, with the visibility rules of the pages."""

from flask_login import current_user

from app.api import bp
from app.api.encoding import json_answer
from app.insight.brief import debate_brief
from app.insight.change import most_persuasive
from app.insight.ranking import cross_side, freshness, map_for, map_json
from app.insight.routes import change_asked
from app.models.columns import isoformat_utc
from app.visibility import load_debate, load_position, shown_branches


@bp.get("/positions/<int:position_id>/insight")
def position_insight(position_id: int):
    """Rank a position's arguments by cross-side score and sum up how minds moved on it."""
    position = load_position(position_id, current_user)
    change, since, until = change_asked(position)
    fresh = freshness(position)
    return json_answer({
        "position_id": position.id,
        "cross_side": [
            {"argument": argument_id, "score": score}
            for argument_id, score in cross_side(position, current_user)
        ],
        "method": fresh.method.value if fresh.method else None,
        "ratings": fresh.ratings,
        "raters": fresh.raters,
        "computed_at": isoformat_utc(fresh.computed_at),
        "pending": fresh.pending,
        "since": isoformat_utc(since),
        "until": isoformat_utc(until),
        "opinion_change": change.as_json(),
        "most_persuasive": most_persuasive(position, shown_branches(position.debate,
                                                                    current_user)),
        "opinion_map": map_json(map_for(position, current_user)),
    })


@bp.get("/debates/<int:debate_id>/brief")
def brief(debate_id: int):
    """Brief a reader on the state of a debate: participation, strongest and contested
    arguments, what is unanswered or unsupported, and what of the material nobody took up."""
    return json_answer(debate_brief(load_debate(debate_id, current_user), current_user).as_json())


@bp.get("/positions/<int:position_id>/brief")
def position_brief(position_id: int):
    """Brief a reader on the state of one position, in the shape of a debate's brief."""
    position = load_position(position_id, current_user)
    return json_answer(debate_brief(position.debate, current_user, position).as_json())
