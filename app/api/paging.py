"""Read the paged tree's parameters (depth, limit, cursor), refusing bad values with a 400."""

import base64
import binascii
import re

from flask import request
from flask_babel import gettext as _

from app.errors import BadRequest
from app.models import Argument
from app.models.argument import MAX_DEPTH, SEGMENT_WIDTH

LIMIT_DEFAULT, LIMIT_MAX = 50, 200


def whole_number(name: str, default: int | None, largest: int) -> int | None:
    """Read a query value from 1 to `largest`, the default when it is absent."""
    raw = request.args.get(name)
    if raw is None:
        return default
    # Only ASCII digits: int() would also take "+3", " 3" and other scripts' digits.
    if not re.fullmatch(r"[0-9]{1,9}", raw) or not 1 <= int(raw) <= largest:
        raise BadRequest(_("%(name)s must be a whole number from 1 to %(largest)s.", name=name,
                           largest=largest))
    return int(raw)


def depth_asked(default: int | None) -> int | None:
    """Read how many levels of the tree the caller wants."""
    return whole_number("depth", default, MAX_DEPTH)


def limit_asked() -> int:
    """Read how many replies the caller wants in one page."""
    return whole_number("limit", LIMIT_DEFAULT, LIMIT_MAX)


def encode_cursor(path: str) -> str:
    """Write the path of the last reply on a page as a token fit for a URL."""
    return base64.urlsafe_b64encode(path.encode()).decode().rstrip("=")


def cursor_asked(parent: Argument) -> str | None:
    """Read the path of the reply a page of `parent`'s replies starts after, if any."""
    token = request.args.get("after")
    if token is None:
        return None
    try:
        path = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("ascii")
    except (ValueError, binascii.Error):
        path = ""
    # A token from another argument's replies would silently start in the wrong place.
    if not re.fullmatch(rf"{re.escape(parent.path)}\.[0-9]{{{SEGMENT_WIDTH}}}", path):
        raise BadRequest(_("after must be a cursor given by a page of this argument's "
                           "replies."))
    return path
