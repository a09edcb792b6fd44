"""Tell people named as @username in an argument, when they may read where it was posted."""

import re

from flask_babel import gettext as _
from sqlalchemy import select

from app.extensions import db
from app.follows.services import already_told, readers_among, shown_chain
from app.models import Argument, User
from app.notifications.services import notify
from app.visibility import shown_name

MENTION = re.compile(r"(?<![\w@/.])@([a-z0-9_]{3,30})\b", re.IGNORECASE)
# Naming a crowd is not a way to reach it: past this many names, the rest are not told.
MENTIONS_MAX = 10


def mentioned_names(text: str) -> list[str]:
    """Return the usernames an argument's text names as @username, first ones first, once."""
    names = []
    for match in MENTION.finditer(text):
        name = match[1].lower()
        if name not in names:
            names.append(name)
    return names[:MENTIONS_MAX]


def notify_mentions(argument: Argument) -> None:
    """Tell each person the argument names that they were named, once it is shown to all,
    only if they may read its debate, and not its author."""
    names = mentioned_names(f"{argument.claim}\n{argument.body or ''}")
    if not names or shown_chain(argument) is None:
        return
    debate = argument.position.debate
    told = already_told(argument)
    named = db.session.scalars(
        select(User.id).where(User.username.in_(names), readers_among(debate))
    )
    for user_id in named:
        if user_id in told:
            continue

        def message(user_id: int = user_id) -> str:
            name = shown_name(debate, db.session.get(User, user_id), argument.author_id,
                              argument.author.display_name) if argument.author else None
            return _("%(name)s mentioned you in “%(title)s”: %(label)s “%(claim)s”",
                     name=name or _("Someone"), title=debate.title, label=argument.label,
                     claim=argument.claim[:120])

        notify(user_id, message, argument=argument)
