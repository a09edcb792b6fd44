"""Hold the rules of moderation: reports, the review queue, the public log and notices."""

from datetime import timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.models import (
    Argument,
    Debate,
    Evidence,
    ModerationAction,
    ModerationState,
    Notification,
    Report,
    ReportReason,
    ReportStatus,
    User,
)
from app.models.columns import utcnow

REASON_MAX = 1_000
DETAILS_MAX = 2_000
# Each upheld earlier report adds half a vote to a person's next reports, up to three votes.
UPHELD_BONUS = 0.5
WEIGHT_MAX = 3.0
AUTO_HIDE_REASON = "Hidden automatically after reports; waiting for a moderator's review."

Item = Argument | Evidence


def item_kind(item: Item) -> str:
    return "argument" if isinstance(item, Argument) else "evidence"


def item_debate(item: Item) -> Debate:
    argument = item if isinstance(item, Argument) else item.argument
    return argument.position.debate


def item_author_id(item: Item) -> int | None:
    return item.author_id if isinstance(item, Argument) else item.added_by_id


def item_label(item: Item) -> str:
    """Name an item in words safe for everyone: never its text."""
    if isinstance(item, Argument):
        return f"argument {item.label}"
    return f"evidence on argument {item.argument.label}"


def item_argument(item: Item) -> Argument:
    return item if isinstance(item, Argument) else item.argument


def actor_role(debate: Debate, user: User | None) -> str:
    """Name the capacity someone acted in, for the public log."""
    if user is None:
        return "system"
    role = debate.role_of(user)
    if role is not None and role.value in ("owner", "moderator"):
        return role.value
    return "admin" if user.is_admin else (role.value if role else "member")


def log_action(
    debate: Debate,
    actor: User | None,
    action: str,
    target_kind: str,
    target_label: str,
    reason: str = "",
    target_id: int | None = None,
) -> ModerationAction:
    """Record an action in the debate's public moderation log."""
    entry = ModerationAction(
        debate_id=debate.id,
        actor_id=actor.id if actor else None,
        actor_role=actor_role(debate, actor),
        action=action,
        target_kind=target_kind,
        target_id=target_id,
        target_label=target_label[:200],
        reason=reason,
    )
    db.session.add(entry)
    return entry


def notify(
    user_id: int | None,
    message: str,
    argument: Argument | None = None,
    debate: Debate | None = None,
) -> None:
    """Leave a notice for someone (nobody, when the account is gone)."""
    if user_id is not None:
        db.session.add(
            Notification(
                user_id=user_id,
                message=message[:500],
                argument_id=argument.id if argument else None,
                debate_id=debate.id if debate else None,
            )
        )


def check_reason(reason: str) -> str:
    """Require a reason for every moderation action, within bounds."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Give a reason: the author and the public log will see it.", "reason")
    if len(reason) > REASON_MAX:
        raise DomainError(f"Keep the reason to {REASON_MAX:,} characters.", field="reason")
    return reason


def require_moderator(debate: Debate, user: User) -> None:
    if not debate.can_moderate(user):
        raise NotAllowed("Only the debate's moderators can do that.")


def report_weight(reporter: User) -> float:
    """Weigh a report by how often the reporter's earlier reports were upheld."""
    upheld = db.session.scalar(
        select(func.count()).where(
            Report.reporter_id == reporter.id, Report.status == ReportStatus.UPHELD
        )
    )
    return min(WEIGHT_MAX, 1.0 + UPHELD_BONUS * upheld)


def open_reports(item: Item):
    column = Report.argument_id if isinstance(item, Argument) else Report.evidence_id
    return select(Report).where(column == item.id, Report.status == ReportStatus.OPEN)


def report_item(
    item: Item, reporter: User, reason: ReportReason, details: str = ""
) -> Report:
    """Report an argument or evidence; enough weighted reports hide it until reviewed."""
    debate = item_debate(item)
    if not getattr(reporter, "is_authenticated", False) or not debate.can_view(reporter):
        raise NotAllowed("Sign in to report.")
    if item_author_id(item) == reporter.id:
        raise Conflict("You cannot report your own contribution; edit or withdraw it instead.")
    details = (details or "").strip()
    if len(details) > DETAILS_MAX:
        raise DomainError(f"Keep the details to {DETAILS_MAX:,} characters.", field="details")
    if reason == ReportReason.OTHER and not details:
        raise DomainError("Say what is wrong when you choose “Other”.", field="details")
    column = Report.argument_id if isinstance(item, Argument) else Report.evidence_id
    already = select(Report.id).where(column == item.id, Report.reporter_id == reporter.id)
    if db.session.scalar(already) is not None:
        raise Conflict("You have already reported this.")
    report = Report(
        debate_id=debate.id,
        reporter_id=reporter.id,
        argument_id=item.id if isinstance(item, Argument) else None,
        evidence_id=item.id if isinstance(item, Evidence) else None,
        reason=reason,
        details=details,
        weight=report_weight(reporter),
    )
    # The unique constraint settles two reports sent at once; the second reads as a repeat.
    try:
        with db.session.begin_nested():
            db.session.add(report)
    except IntegrityError:
        raise Conflict("You have already reported this.") from None
    total = sum(open_report.weight for open_report in db.session.scalars(open_reports(item)))
    if item.moderation == ModerationState.VISIBLE and total >= debate.report_threshold:
        item.moderation = ModerationState.HIDDEN
        item.moderation_reason = AUTO_HIDE_REASON
        log_action(debate, None, "auto_hide", item_kind(item), item_label(item),
                   "Reached the report threshold.", item.id)
        notify(
            item_author_id(item),
            f"Your {item_label(item)} was hidden after reports and waits for review. "
            "You may edit it; that puts it back in the review queue.",
            argument=item_argument(item),
        )
    db.session.flush()
    return report


def resolve_reports(item: Item, status: ReportStatus) -> None:
    """Close the item's open reports as upheld or dismissed."""
    for report in db.session.scalars(open_reports(item)):
        report.status = status
        report.resolved_at = utcnow()


ACTIONS = {
    # action: (states it applies to, new state, report outcome, what the author is told)
    "approve": (
        {ModerationState.PENDING, ModerationState.HIDDEN},
        ModerationState.VISIBLE,
        ReportStatus.DISMISSED,
        "was approved",
    ),
    "reject": (
        {ModerationState.PENDING},
        ModerationState.REJECTED,
        ReportStatus.UPHELD,
        "was rejected",
    ),
    "hide": (
        {ModerationState.VISIBLE, ModerationState.PENDING},
        ModerationState.HIDDEN,
        ReportStatus.UPHELD,
        "was hidden by a moderator",
    ),
    "restore": (
        {ModerationState.HIDDEN, ModerationState.REJECTED},
        ModerationState.VISIBLE,
        ReportStatus.DISMISSED,
        "was restored",
    ),
}


def moderate_item(item: Item, moderator: User, action: str, reason: str) -> None:
    """Approve, reject, hide or restore an item, with a reason its author sees."""
    debate = item_debate(item)
    require_moderator(debate, moderator)
    if action not in ACTIONS:
        raise DomainError("Unknown moderation action.")
    reason = check_reason(reason)
    states, new_state, outcome, told = ACTIONS[action]
    if item.moderation not in states:
        state = item.moderation.value
        raise Conflict(f"This {item_kind(item)} is {state}; it cannot be {action}d.")
    item.moderation = new_state
    item.moderation_reason = None if new_state == ModerationState.VISIBLE else reason
    resolve_reports(item, outcome)
    log_action(debate, moderator, action, item_kind(item), item_label(item), reason, item.id)
    notify(item_author_id(item), f"Your {item_label(item)} {told}: {reason}",
           argument=item_argument(item))
    # A reply shown before it was hidden was announced then; approving it again is no news.
    if action == "approve" and isinstance(item, Argument) and not reply_announced(item):
        notify_reply(item)
    db.session.flush()


def dismiss_reports(item: Item, moderator: User, reason: str) -> None:
    """Close an item's open reports without acting on the item."""
    debate = item_debate(item)
    require_moderator(debate, moderator)
    reason = check_reason(reason)
    if db.session.scalar(open_reports(item).limit(1)) is None:
        raise Conflict("There are no open reports on this.")
    resolve_reports(item, ReportStatus.DISMISSED)
    log_action(debate, moderator, "dismiss_reports", item_kind(item), item_label(item), reason,
               item.id)
    db.session.flush()


def lock_branch(argument: Argument, moderator: User, reason: str, locked: bool = True) -> None:
    """Stop (or allow again) new replies anywhere under an argument."""
    debate = argument.position.debate
    require_moderator(debate, moderator)
    reason = check_reason(reason)
    if (argument.locked_at is not None) == locked:
        raise Conflict("This branch is already locked." if locked else "This branch is not locked.")
    argument.locked_at = utcnow() if locked else None
    log_action(debate, moderator, "lock" if locked else "unlock", "argument",
               item_label(argument), reason, argument.id)
    db.session.flush()


def suspend_member(
    debate: Debate, moderator: User, member: User, days: int, reason: str
) -> None:
    """Stop someone posting and voting in this debate for a number of days (0 lifts it)."""
    from app.models import Membership, Role

    require_moderator(debate, moderator)
    reason = check_reason(reason)
    if not 0 <= days <= 365:
        raise DomainError("Suspend for 0 to 365 days.", field="days")
    if member.id == moderator.id or debate.role_of(member) in (Role.OWNER,) or member.is_admin:
        raise Conflict("Owners, admins and you yourself cannot be suspended.")
    if debate.role_of(member) == Role.MODERATOR and debate.role_of(moderator) != Role.OWNER:
        raise NotAllowed("Only the owner can suspend a moderator.")
    membership = debate.membership_of(member)
    if membership is None:
        # The suspension lives on a membership, which must not let anyone read a debate
        # closed to them, nor (when lifting what was never there) admit them at all.
        if not debate.can_view(member):
            raise Conflict(f"{member.display_name} is not a member of this debate.")
        if not days:
            raise Conflict(f"{member.display_name} is not suspended here.")
        membership = Membership(debate=debate, user=member, role=Role.PARTICIPANT)
        db.session.add(membership)
    membership.suspended_until = utcnow() + timedelta(days=days) if days else None
    action = "suspend" if days else "lift_suspension"
    label = f"member {member.display_name}" + (f" for {days} days" if days else "")
    log_action(debate, moderator, action, "member", label, reason, member.id)
    notify(
        member.id,
        (f"You are suspended from “{debate.title}” for {days} days: {reason}" if days
         else f"Your suspension from “{debate.title}” is lifted: {reason}"),
        debate=debate,
    )
    db.session.flush()


def notify_reply(reply: Argument) -> None:
    """Tell the author of the parent argument about a reply others can see."""
    parent = reply.parent
    if parent is None or not reply.is_visible or parent.author_id in (None, reply.author_id):
        return
    side = "supporting" if reply.stance.value == "pro" else "objecting to"
    notify(
        parent.author_id,
        f"{reply.author.display_name if reply.author else 'Someone'} replied {side} your "
        f"argument {parent.label}: “{reply.claim[:120]}”",
        argument=reply,
    )


def reply_announced(reply: Argument) -> bool:
    """Say whether the parent argument's author was already told about this reply."""
    if reply.parent is None or reply.parent.author_id is None:
        return False
    told = select(Notification.id).where(
        Notification.user_id == reply.parent.author_id, Notification.argument_id == reply.id
    )
    return db.session.scalar(told.limit(1)) is not None


def posts_in_last_hour(debate: Debate, user: User) -> int:
    """Count the arguments this person posted in this debate in the last hour."""
    from app.models import Position

    return db.session.scalar(
        select(func.count())
        .select_from(Argument)
        .join(Position, Argument.position_id == Position.id)
        .where(
            Position.debate_id == debate.id,
            Argument.author_id == user.id,
            Argument.created_at > utcnow() - timedelta(hours=1),
        )
    )


def mark_notifications_read(user: User) -> None:
    """Mark all of a person's notices read."""
    db.session.execute(
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
    )


def available_actions(item: Item, kind: str, open_reports: list) -> list[tuple[str, str]]:
    """List the (action, label) pairs that make sense for an item in its current state."""
    state = item.moderation
    actions = []
    if state == ModerationState.PENDING:
        actions += [("approve", "Approve"), ("reject", "Reject")]
    if state in (ModerationState.VISIBLE, ModerationState.PENDING):
        actions.append(("hide", "Hide"))
    if state in (ModerationState.HIDDEN, ModerationState.REJECTED):
        actions.append(("restore", "Restore"))
    if open_reports:
        actions.append(("dismiss_reports", "Dismiss reports"))
    if kind == "argument":
        actions.append(("unlock", "Unlock branch") if item.locked_at else ("lock", "Lock branch"))
    return actions
