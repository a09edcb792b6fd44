"""Give templates their filters, labels and the one question they ask: may this person do it?"""

from flask import Flask
from flask_login import current_user

from app.arguments.queries import SORTS
from app.debates.exporting import EXPORTS
from app.embeds.routes import iframe_of
from app.feeds.atom import has_feed
from app.follows.routes import is_following
from app.models.argument import SIDE_LABELS
from app.models.rating import RATING_LABELS
from app.moderation.services import REASON_OPTIONAL, available_actions
from app.notifications.services import unread_count
from app.policy import Action, check
from app.search.queries import KIND_LABELS
from app.visibility import shown_author, shown_name, shows_tally


def can(action: str, target) -> bool:
    """Say whether the signed-in person may do this, for showing or hiding a control."""
    # The person behind the proxy, once: a page asks this for every argument it shows.
    return bool(check(current_user._get_current_object(), Action(action), target))


def refusal(action: str, target) -> str:
    """Say why the signed-in person may not do this (empty when they may)."""
    return check(current_user._get_current_object(), Action(action), target).reason


def init_templating(app: Flask) -> None:
    """Make the filters, labels and permission questions available to every template."""
    app.jinja_env.globals.update(
        can=can,
        is_following=is_following,
        refusal=refusal,
        shows_tally=shows_tally,
        shown_author=shown_author,
        shown_name=shown_name,
        unread_notifications=lambda: unread_count(current_user),
        moderation_actions=available_actions,
        reason_optional=REASON_OPTIONAL,
        side_labels=SIDE_LABELS,
        sorts=SORTS,
        rating_labels=RATING_LABELS,
        export_formats=EXPORTS,
        search_kind_labels=KIND_LABELS,
        has_feed=has_feed,
        embed_snippet=lambda position: iframe_of(position),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
