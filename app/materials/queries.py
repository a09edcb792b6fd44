"""Read materials for their pages: which debates and positions cite each passage."""

from sqlalchemy import select

from app.extensions import db
from app.models import Debate, Material, Passage, Position, PositionAnchor
from app.visibility import select_debates, shown_debates


def debates_on(material: Material, user) -> list[Debate]:
    """List the debates on a material that this person may find, newest first."""
    query = select_debates(user, listed_only=True).where(Debate.material_id == material.id)
    return db.session.scalars(query).all()


def citations_by_passage(material: Material, user) -> dict[int, list[tuple[int, int, str]]]:
    """Map each passage id to the (debate id, position id, statement) that cite it."""
    visible = select(Debate.id).where(shown_debates(user, listed_only=True))
    rows = db.session.execute(
        select(PositionAnchor.passage_id, Position.debate_id, Position.id, Position.statement)
        .join(Position, PositionAnchor.position_id == Position.id)
        .join(Passage, PositionAnchor.passage_id == Passage.id)
        .where(Passage.material_id == material.id, Position.debate_id.in_(visible))
        .order_by(Position.id)
    )
    citations: dict[int, list[tuple[int, int, str]]] = {}
    for passage_id, debate_id, position_id, statement in rows:
        citations.setdefault(passage_id, []).append((debate_id, position_id, statement))
    return citations
