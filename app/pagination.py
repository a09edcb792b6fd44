"""Cut any list query into pages, fetching one row more to know whether another page follows."""

from dataclasses import dataclass
from typing import Generic, TypeVar

from app.extensions import db

Row = TypeVar("Row")


@dataclass(frozen=True)
class Page(Generic[Row]):
    """One page of rows, its number, and whether a next page exists."""

    items: list[Row]
    number: int
    per_page: int
    has_more: bool


def paginate(query, number: int, per_page: int) -> Page:
    """Run a select for one page of its rows."""
    rows = db.session.scalars(query.limit(per_page + 1).offset((number - 1) * per_page)).all()
    return Page(list(rows[:per_page]), number, per_page, len(rows) > per_page)
