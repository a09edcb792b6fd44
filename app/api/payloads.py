"""Read the JSON bodies of API writes, refusing bad shapes with a 4xx that names the field."""

import enum
import json
import re

from flask import request
from flask_babel import gettext as _

from app.errors import BadRequest, DomainError, NotFound
from app.security import LARGEST_ID
from app.text import control_character

# JSON may spell half of a UTF-16 pair ("\ud800") that no UTF-8 text, and no database, can hold.
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")


def json_object(*fields: str) -> dict:
    """Read the request's JSON object, refusing anything else and any field not listed."""
    # Read whatever the Content-Type says: a client that forgets it still means JSON. Nesting
    # deep enough to exhaust the parser's recursion is as malformed as a missing brace.
    try:
        body = json.loads(request.get_data(cache=True))
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise BadRequest(_("Send a JSON object as the request body."))
    for name in body:
        if name not in fields:
            raise DomainError(
                _("Unknown field %(name)r; this endpoint takes %(fields)s.", name=name,
                  fields=", ".join(fields)),
                field=name,
            )
    return body


def text(body: dict, name: str, required: bool = True) -> str:
    """Read a string field; absent or null is the empty string where it is optional."""
    value = body.get(name)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise DomainError(_("%(name)s must be a string.", name=name), field=name)
    if character := control_character(value):
        raise DomainError(_("%(name)s contains an invisible control character (U+%(code)04X) "
                            "that cannot be kept; remove it and try again.", name=name,
                            code=ord(character)), field=name)
    if LONE_SURROGATE.search(value):
        raise DomainError(_("%(name)s holds half of a UTF-16 surrogate pair, which is not "
                            "text.", name=name), field=name)
    return value


def whole_number(body: dict, name: str) -> int | None:
    """Read a whole-number field that may be null or absent."""
    value = body.get(name)
    # bool is an int in Python; true is not a score or an id.
    if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
        raise DomainError(_("%(name)s must be a whole number or null.", name=name), field=name)
    return value


def identifier(body: dict, name: str, what: str) -> int | None:
    """Read the id of something to load (`what`, already in the reader's language), which may
    be null; one the database cannot hold cannot exist."""
    value = whole_number(body, name)
    if value is not None and not 1 <= value <= LARGEST_ID:
        raise NotFound(_("%(what)s %(id)s does not exist.", what=what, id=value))
    return value


def choice(body: dict, name: str, options: type[enum.StrEnum], nullable: bool = False):
    """Read a field that must be one of an enum's values (or null, where allowed)."""
    value = body.get(name)
    if value is None and nullable and name in body:
        return None
    try:
        return options(value)
    except (ValueError, TypeError):
        allowed = ", ".join(f'"{option.value}"' for option in options)
        message = (_("%(name)s must be one of %(allowed)s or null.", name=name, allowed=allowed)
                   if nullable else
                   _("%(name)s must be one of %(allowed)s.", name=name, allowed=allowed))
        raise DomainError(message, field=name) from None


def flag(body: dict, name: str) -> bool:
    """Read a true/false field, false when absent."""
    value = body.get(name, False)
    if not isinstance(value, bool):
        raise DomainError(_("%(name)s must be true or false.", name=name), field=name)
    return value
