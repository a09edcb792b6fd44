"""Define the column types and defaults that several models share."""

import enum
from datetime import UTC, date, datetime

from sqlalchemy import Enum


def utcnow() -> datetime:
    """Return the current time in UTC, stored without a zone on every database."""
    return datetime.now(UTC).replace(tzinfo=None)


def string_enum(enum_class: type[enum.StrEnum], length: int) -> Enum:
    """Store a StrEnum as its values in a checked VARCHAR, the same on every database."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=True,
        length=length,
        values_callable=lambda members: [member.value for member in members],
    )


def isoformat_utc(moment: datetime | date | None) -> str | None:
    """Write a stored UTC time as ISO 8601 to the second with its zone, and a date as is."""
    if moment is None:
        return None
    if isinstance(moment, datetime):
        return moment.replace(microsecond=0).isoformat() + "Z"
    return moment.isoformat()
