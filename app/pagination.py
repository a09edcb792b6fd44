"""Cut any list query into pages: by number (limit+1/offset), or by keyset after or before a row."""

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from sqlalchemy import tuple_

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


@dataclass(frozen=True)
class Cursor:
    """Where a keyset page starts: just after the row a token names, or just before it."""

    after: str | None = None
    before: str | None = None

    @classmethod
    def from_args(cls, args: Mapping, prefix: str = "") -> "Cursor":
        """Read a cursor from query arguments such as ?after=… (or ?members_after=…)."""
        return cls(args.get(f"{prefix}after"), args.get(f"{prefix}before"))


FIRST = Cursor()


@dataclass(frozen=True)
class Slice(Generic[Row]):
    """One keyset page of rows, with the tokens of the pages either side (None at the ends)."""

    items: list[Row]
    next: str | None
    previous: str | None


def encode_key(values: Sequence) -> str:
    """Write a row's sort key as a token fit for a URL."""
    plain = [value.isoformat() if isinstance(value, datetime) else value for value in values]
    return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")


def decode_key(token: str | None, order: Sequence) -> tuple | None:
    """Read a token back into a sort key of the order's types, or None when it is not one."""
    if not token:
        return None
    try:
        plain = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        if not isinstance(plain, list) or len(plain) != len(order):
            return None
        values = []
        for value, column in zip(plain, order, strict=True):
            kind = column.type.python_type
            if kind is datetime:
                values.append(datetime.fromisoformat(value))
            elif isinstance(value, kind) and not isinstance(value, bool):
                values.append(value)
            else:
                return None
        return tuple(values)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError, NotImplementedError):
        return None


def cursor_key(cursor: Cursor, order: Sequence) -> tuple[tuple | None, bool]:
    """Read where a cursor starts as a sort key, and whether the page lies before it.

    A token that does not decode starts from the first page.
    """
    values = decode_key(cursor.after, order)
    backwards = values is None and cursor.after is None
    if backwards:
        values = decode_key(cursor.before, order)
        backwards = values is not None
    return values, backwards


def keyset(
    query,
    order: Sequence,
    key: Callable[[Row], tuple],
    cursor: Cursor,
    per_page: int,
    descending: bool = False,
    scalars: bool = True,
) -> Slice[Row]:
    """Run a select for the page of rows just after (or before) a cursor in a unique order.

    `order` is the sort key's columns, all ascending or all descending, ending in something
    unique; `key` reads those values back from a row. A token that does not decode starts
    from the first page, as an out-of-range page number does.
    """
    values, backwards = cursor_key(cursor, order)
    if values is not None:
        row, bound = tuple_(*order), tuple_(*values)
        # Reading forwards in ascending order wants the rows above the cursor.
        query = query.where(row < bound if descending != backwards else row > bound)
    downwards = descending != backwards
    query = query.order_by(*(column.desc() if downwards else column.asc() for column in order))
    fetch = db.session.scalars if scalars else db.session.execute
    rows = list(fetch(query.limit(per_page + 1)).all())
    more = len(rows) > per_page
    rows = rows[:per_page]
    if backwards:
        rows.reverse()
        following = encode_key(key(rows[-1])) if rows else None
        preceding = encode_key(key(rows[0])) if more else None
    else:
        following = encode_key(key(rows[-1])) if more else None
        preceding = None if values is None else encode_key(key(rows[0]) if rows else values)
    return Slice(rows, following, preceding)
