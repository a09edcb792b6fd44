"""Limit how many accounts are made: per address, per code giver and across the whole site.

Only sign-ups that create an account count, so a class that mistypes passwords is not held up.
A class or a hall shares one address, so a code handed out by someone with an account (a
debate's invite today; class and event codes add their own finder to CODE_FINDERS) lifts the
address ceiling and counts against the ceiling of the account that gave it instead.
"""

from collections.abc import Callable

from flask import current_app, g, request
from sqlalchemy import select

from app.extensions import db, limiter
from app.models import Invite

CODE_FIELD = "code"
CODE_MAX = 64


def invite_giver(code: str) -> str | None:
    """Name the account behind a debate invite that still works, if the code is one."""
    invite = db.session.scalar(select(Invite).where(Invite.token == code))
    if invite is None or not invite.is_usable:
        return None
    # An invite whose maker deleted their account still has a ceiling of its own.
    return f"account:{invite.created_by_id}" if invite.created_by_id else f"invite:{invite.id}"


# Each finder turns a code into the key of the account that handed it out, or None.
CODE_FINDERS: list[Callable[[str], str | None]] = [invite_giver]


def typed_code() -> str:
    """Return the sign-up code sent with the form or carried in the link, trimmed."""
    code = request.form.get(CODE_FIELD) or request.args.get(CODE_FIELD) or ""
    return code.strip()[:CODE_MAX]


def code_giver() -> str | None:
    """Return the key of whoever gave the code this sign-up carries, once per request."""
    if "sign_up_code_giver" not in g:
        code = typed_code()
        g.sign_up_code_giver = next(
            (giver for finder in CODE_FINDERS if code and (giver := finder(code))), None
        )
    return g.sign_up_code_giver


def has_code() -> bool:
    """Say whether this sign-up carries a code that works."""
    return code_giver() is not None


def created_account(response) -> bool:
    """Count a sign-up only when it made an account (a redirect, or 204 for htmx)."""
    return response.status_code in (204, 303)


def per_address():
    """Hold back a script creating accounts from one address, unless a code vouches for it."""
    return limiter.limit(
        lambda: current_app.config["SIGN_UP_LIMIT_PER_ADDRESS"],
        key_func=lambda: f"sign-up:address:{request.remote_addr}",
        methods=["POST"],
        exempt_when=has_code,
        deduct_when=created_account,
    )


def per_code_giver():
    """Cap how many accounts one person's codes can create, however many codes they make."""
    return limiter.limit(
        lambda: current_app.config["SIGN_UP_LIMIT_PER_CODE_GIVER"],
        key_func=lambda: f"sign-up:{code_giver()}",
        methods=["POST"],
        exempt_when=lambda: not has_code(),
        deduct_when=created_account,
    )


def site_wide():
    """Cap how many accounts the whole site creates, whoever asks."""
    return limiter.limit(
        lambda: current_app.config["SIGN_UP_LIMIT_SITE_WIDE"],
        key_func=lambda: "sign-up:site",
        methods=["POST"],
        deduct_when=created_account,
    )
