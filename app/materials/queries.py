"""Read materials for their pages: which debates and positions cite each passage."""

from dataclasses import dataclass

from sqlalchemy import Row, func, select

from app.debates.queries import DEBATE_ORDER
from app.extensions import db
from app.models import Debate, Material, Passage, Position, PositionAnchor
from app.pagination import Cursor, Slice, keyset
from app.visibility import shown_debates, shown_positions_anywhere

MATERIALS_PAGE_SIZE = 20
DEBATED_IN_PAGE_SIZE = 20
# Past this many, a person picks the material from the library, whose pages lead back here.
MATERIAL_MENU_SIZE = 50
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


def debates_on(material: Material, user, cursor: Cursor) -> Slice[Debate]:
    """List a page of the debates on a material that this person may find, newest first."""
    return keyset(
        select(Debate).where(
            Debate.material_id == material.id, shown_debates(user, listed_only=True)
        ),
        DEBATE_ORDER,
        lambda debate: (debate.created_at, debate.id),
        cursor,
        DEBATED_IN_PAGE_SIZE,
        descending=True,
    )


@dataclass(frozen=True)
class MaterialMenu:
    """The materials a menu offers, as (id, title) rows, and whether older ones were left
    out."""

    choices: list[Row]
    more: bool


def material_menu(chosen_id: int | None) -> MaterialMenu:
    """Offer the newest materials, and the chosen one wherever it falls in the library, in at
    most two queries whatever the library's size."""
    newest = select(Material.id, Material.title).order_by(
        *(column.desc() for column in MATERIAL_ORDER)
    )
    choices = list(db.session.execute(newest.limit(MATERIAL_MENU_SIZE + 1)))
    more, choices = len(choices) > MATERIAL_MENU_SIZE, choices[:MATERIAL_MENU_SIZE]
    if chosen_id and all(choice.id != chosen_id for choice in choices):
        chosen = db.session.execute(
            select(Material.id, Material.title).where(Material.id == chosen_id)
        ).first()
        if chosen is not None:
            choices.insert(0, chosen)
    return MaterialMenu(choices, more)


def citations_by_passage(material: Material, user) -> dict[int, list[tuple[int, int, str]]]:
    """Map each passage id to the (debate id, position id, statement) that cite it, among the
    positions this person may see."""
    visible = select(Debate.id).where(shown_debates(user, listed_only=True))
    rows = db.session.execute(
        select(PositionAnchor.passage_id, Position.debate_id, Position.id, Position.statement)
        .join(Position, PositionAnchor.position_id == Position.id)
        .join(Passage, PositionAnchor.passage_id == Passage.id)
        .where(Passage.material_id == material.id, Position.debate_id.in_(visible),
               shown_positions_anywhere(user))
        .order_by(Position.id)
    )
    citations: dict[int, list[tuple[int, int, str]]] = {}
    for passage_id, debate_id, position_id, statement in rows:
        citations.setdefault(passage_id, []).append((debate_id, position_id, statement))
    return citations
