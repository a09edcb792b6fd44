"""Read materials for their pages: which debates and positions cite each passage."""

from sqlalchemy import func, select

from app.extensions import db
from app.models import Debate, Material, Passage, Position, PositionAnchor
from app.pagination import Cursor, Slice, keyset
from app.visibility import select_debates, shown_debates

MATERIALS_PAGE_SIZE = 20
MATERIAL_ORDER = (Material.created_at, Material.id)


def materials_page(cursor: Cursor) -> Slice[tuple[Material, int]]:
    """List a page of the material library, newest first, each with its number of passages."""
    passages = select(func.count()).where(Passage.material_id == Material.id).scalar_subquery()
    return keyset(
        select(Material, passages),
        MATERIAL_ORDER,
        lambda row: (row[0].created_at, row[0].id),
        cursor,
        MATERIALS_PAGE_SIZE,
        descending=True,
        scalars=False,
    )


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
