"""Write a debate's or a position's newest public arguments and its conclusion as Atom."""

import re
from datetime import UTC, datetime

from feedgen.feed import FeedGenerator
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Argument, Debate, DebateStatus, Position, Visibility
from app.visibility import shown_to_everyone

ENTRIES = 50
# XML 1.0 has no place for these; input forms refuse them, but imports are older than that rule.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def has_feed(debate: Debate) -> bool:
    """Say whether a debate publishes feeds: only public ones, once opened."""
    return debate.visibility == Visibility.PUBLIC and debate.status != DebateStatus.DRAFT


def xml_text(text: str | None) -> str:
    """Drop the characters XML cannot hold."""
    return NOT_XML.sub("", text or "")


def aware(moment: datetime) -> datetime:
    """Mark a stored (UTC, naive) time as UTC, as Atom needs."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def newest_arguments(debate: Debate, position: Position | None) -> list[Argument]:
    """Return the newest arguments anyone may read in a debate or one of its positions."""
    query = (
        select(Argument)
        .join(Argument.position)
        .where(Position.debate_id == debate.id, shown_to_everyone(), Argument.link_to_id.is_(None))
        .options(joinedload(Argument.author), joinedload(Argument.position))
        .order_by(Argument.created_at.desc(), Argument.id.desc())
        .limit(ENTRIES)
    )
    if position is not None:
        query = query.where(Argument.position_id == position.id)
    return list(db.session.scalars(query))


def atom_feed(debate: Debate, position: Position | None = None) -> bytes:
    """Write the feed of a public debate, or of one of its positions."""
    if position is None:
        page = url_for("debates.show", debate_id=debate.id, _external=True)
        here = url_for("feeds.debate", debate_id=debate.id, _external=True)
        title, subtitle = debate.title, debate.question
    else:
        page = url_for("debates.position", debate_id=debate.id, position_id=position.id,
                       _external=True)
        here = url_for("feeds.position", debate_id=debate.id, position_id=position.id,
                       _external=True)
        title, subtitle = f"{position.statement} — {debate.title}", debate.question
    arguments = newest_arguments(debate, position)
    feed = FeedGenerator()
    feed.id(here)
    feed.title(xml_text(title))
    feed.subtitle(xml_text(subtitle) or xml_text(title))
    feed.link(href=page, rel="alternate", type="text/html")
    feed.link(href=here, rel="self", type="application/atom+xml")
    feed.generator("Agora")
    moments = [debate.created_at]
    if debate.is_closed and debate.conclusion:
        closed_at = debate.closed_at or debate.created_at
        moments.append(closed_at)
        entry = feed.add_entry(order="append")
        entry.id(f"{url_for('debates.show', debate_id=debate.id, _external=True)}#conclusion")
        entry.title(xml_text(_("Conclusion: %(title)s", title=debate.title)))
        entry.link(href=url_for("debates.show", debate_id=debate.id, _external=True),
                   rel="alternate")
        entry.author(name=xml_text(debate.owner.display_name))
        entry.content(xml_text(debate.conclusion), type="text")
        entry.published(aware(closed_at))
        entry.updated(aware(closed_at))
    for argument in arguments:
        url = url_for("arguments.show", argument_id=argument.id, _external=True)
        changed = argument.edited_at or argument.created_at
        moments.append(changed)
        entry = feed.add_entry(order="append")
        entry.id(url)
        entry.title(xml_text(argument.claim))
        entry.link(href=url, rel="alternate")
        entry.author(name=xml_text(argument.author_name))
        side = _("For") if argument.supports_position else _("Against")
        summary = f"{side} · {argument.position.statement}"
        entry.summary(xml_text(summary))
        if argument.body:
            entry.content(xml_text(argument.body), type="text")
        entry.published(aware(argument.created_at))
        entry.updated(aware(changed))
    feed.updated(aware(max(moments)))
    return feed.atom_str(pretty=True)
