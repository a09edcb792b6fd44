"""Build positions whose ratings have a known cross-side answer, straight in the database."""

from app.extensions import db
from app.models import Position, PositionStance, Rating, Side, StanceChange, StanceChoice
from tests.factories import make_argument, make_debate, make_position, make_user


def polarised(app, for_raters: int = 13, against_raters: int = 3, partisans: int = 3) -> dict:
    """Raise a position where every rater rates every argument: partisan arguments get 4 from
    their own side and 0 from the other, and one bridging argument gets 3 from everyone.

    With more For raters than Against raters, the For partisans' plain mean (above 3) beats
    the bridging argument's 3, so the plain mean and the cross-side score disagree.
    """
    with app.app_context():
        debate = make_debate()
        position = make_position(debate, statement="Cameras make cities safer")
        pro = [make_argument(position, claim=f"Cameras deter crime, reason {n}", side=Side.PRO)
               for n in range(partisans)]
        con = [make_argument(position, claim=f"Cameras chill speech, reason {n}", side=Side.CON)
               for n in range(partisans)]
        bridge = make_argument(position, claim="Cameras need a public register of where they are")
        raters = {StanceChoice.FOR: [make_user() for _ in range(for_raters)],
                  StanceChoice.AGAINST: [make_user() for _ in range(against_raters)]}
        for stance, people in raters.items():
            own, other = (pro, con) if stance == StanceChoice.FOR else (con, pro)
            for person in people:
                take(position, person, stance)
                ratings = [(each, 4) for each in own] + [(each, 0) for each in other]
                for argument, score in [*ratings, (bridge, 3)]:
                    db.session.add(Rating(argument_id=argument.id, user_id=person.id, score=score))
        db.session.commit()
        return {
            "debate": debate.id, "position": position.id, "owner": debate.owner_id,
            "pro": [each.id for each in pro], "con": [each.id for each in con],
            "bridge": bridge.id,
        }


def take(position: Position, person, stance: StanceChoice) -> None:
    """Record a current stance with its history row."""
    db.session.add(PositionStance(position_id=position.id, user_id=person.id, stance=stance))
    db.session.add(StanceChange(position_id=position.id, user_id=person.id, stance=stance))
