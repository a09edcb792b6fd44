"""Hold the rules of following: who follows what, and who hears of a new argument."""

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Follow,
    Membership,
    ModerationState,
    Notification,
    Position,
    User,
    Visibility,
)
from app.notifications.services import notify
from app.visibility import shown_name

Target = Debate | Position | Argument
COLUMNS = {
    "debate": Follow.debate_id, "position": Follow.position_id, "argument": Follow.argument_id
}
# The narrower a follow, the better it says why the notice came: it is the one unfollowed.
NARROWEST_FIRST = ("argument", "position", "debate")


def kind_of(target: Target) -> str:
    """Name the kind of a followed thing."""
    if isinstance(target, Debate):
        return "debate"
    return "position" if isinstance(target, Position) else "argument"


def find_follow(user: User, kind: str, target_id: int) -> Follow | None:
    """Return this person's follow of one thing, if they follow it."""
    return db.session.scalar(
        select(Follow).where(Follow.user_id == user.id, COLUMNS[kind] == target_id)
    )


def follow(user: User, target: Target) -> Follow:
    """Follow a debate, position or argument (the caller checked it may be seen); following
    it again changes nothing."""
    kind = kind_of(target)
    known = find_follow(user, kind, target.id)
    if known is not None:
        return known
    row = Follow(user_id=user.id, **{f"{kind}_id": target.id})
    try:
        with db.session.begin_nested():
            db.session.add(row)
            db.session.flush()
    except IntegrityError:
        # The same person followed it from another tab at the same moment.
        return find_follow(user, kind, target.id)
    return row


def unfollow(user: User, kind: str, target_id: int) -> bool:
    """Stop following one thing; say whether there was a follow to stop."""
    row = find_follow(user, kind, target_id)
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    return True


def follow_what_one_posts_in(author: User, argument: Argument) -> None:
    """Have the author follow the position they argued on, to hear of what follows."""
    if find_follow(author, "position", argument.position_id) is None:
        follow(author, argument.position)


def readers_among(debate: Debate):
    """Return a where-clause on User keeping those who may read this debate: the Python rule
    of app/policy.check_view, written once for a whole list of followers."""
    if debate.status != DebateStatus.DRAFT and debate.visibility != Visibility.MEMBERS:
        return User.id.is_not(None)
    members = select(Membership.user_id).where(Membership.debate_id == debate.id)
    return or_(User.is_admin.is_(True), User.id.in_(members))


def shown_chain(argument: Argument) -> list[Argument] | None:
    """Return the arguments above one that everyone may see, when it and all of them are
    shown; None when anything in the chain is not."""
    if argument.moderation != ModerationState.VISIBLE:
        return None
    ancestors = db.session.scalars(argument.select_ancestors()).all() if argument.parent_id else []
    if any(each.moderation != ModerationState.VISIBLE for each in ancestors):
        return None
    return ancestors


def already_told(argument: Argument) -> set[int | None]:
    """Return who heard of this argument already (a reply, a mention), and its author."""
    told = select(Notification.user_id).where(Notification.argument_id == argument.id)
    return {argument.author_id, *db.session.scalars(told)}


def notify_followers(argument: Argument) -> None:
    """Tell those who follow the argument's debate, position or any argument above it about
    it, once, when everyone may see it: never about what a follower may not read."""
    ancestors = shown_chain(argument)
    if ancestors is None:
        return
    position = argument.position
    debate = position.debate
    told = already_told(argument)
    followed = or_(
        Follow.debate_id == debate.id,
        Follow.position_id == position.id,
        Follow.argument_id.in_([each.id for each in ancestors]),
    )
    rows = db.session.scalars(
        select(Follow).join(User, User.id == Follow.user_id)
        .where(followed, readers_among(debate))
        .order_by(Follow.id)
    ).all()
    narrowest: dict[int, Follow] = {}
    for row in rows:
        current = narrowest.get(row.user_id)
        if current is None or NARROWEST_FIRST.index(row.kind) < NARROWEST_FIRST.index(current.kind):
            narrowest[row.user_id] = row
    for user_id, row in narrowest.items():
        if user_id in told:
            continue
        notify(user_id, followed_message(argument, row), argument=argument, follow=row)


def followed_message(argument: Argument, row: Follow):
    """Return the words of a follower's notice, to be said in their language."""

    def message() -> str:
        values = {
            "name": shown_name(argument.position.debate, db.session.get(User, row.user_id),
                               argument.author_id, argument.author.display_name)
            if argument.author else _("Someone"),
            "label": argument.label,
            "claim": argument.claim[:120],
            "title": argument.position.debate.title,
        }
        if argument.parent_id is None:
            return _("%(name)s posted the argument %(label)s in “%(title)s”, which you "
                     "follow: “%(claim)s”", **values)
        return _("%(name)s replied with %(label)s in “%(title)s”, which you follow: "
                 "“%(claim)s”", **values)

    return message
