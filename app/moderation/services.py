"""Hold the rules of moderation: reports, the review queue, the public log and notices."""

from datetime import timedelta

from flask_babel import format_number, ngettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.audit import log_action
from app.errors import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.follows.services import notify_followers
from app.models import (
    Argument,
    Debate,
    Evidence,
    LiveQuestion,
    ModerationState,
    Position,
    Report,
    ReportReason,
    ReportStatus,
    Role,
    Suspension,
    User,
)
from app.models.columns import utcnow
from app.models.report import REPORT_REASON_LABELS
from app.notifications.mentions import notify_mentions
from app.notifications.services import notify, notify_moderators, notify_reply, reply_announced
from app.policy import Action, allows, require
from app.policy import debate_of as item_debate

REASON_MAX = 1_000
DETAILS_MAX = 2_000
# Each upheld earlier report adds half a vote to a person's next reports, up to three votes.
UPHELD_BONUS = 0.5
WEIGHT_MAX = 3.0
AUTO_HIDE_REASON = _l("Hidden automatically after reports; waiting for a moderator's review.")

Item = Argument | Evidence
# What a moderator reviews: a reported or pending item, or a position a participant proposed.
Reviewed = Position | Argument | Evidence
# A position is reviewed once, when proposed; nothing reports, hides or restores it.
POSITION_ACTIONS = frozenset({"approve", "reject"})


def item_kind(item: Reviewed) -> str:
    """Name the kind of an item, as URLs and the log spell it."""
    if isinstance(item, Position):
        return "position"
    return "argument" if isinstance(item, Argument) else "evidence"


def item_author_id(item: Reviewed) -> int | None:
    """Return who raised a position, wrote an argument or added a piece of evidence."""
    return item.added_by_id if isinstance(item, Evidence) else item.author_id


def item_label(item: Reviewed) -> str:
    """Name an item in words safe for everyone: never its text."""
    if isinstance(item, Position):
        return _("position %(number)s", number=item.id)
    if isinstance(item, Argument):
        return _("argument %(label)s", label=item.label)
    return _("evidence on argument %(label)s", label=item.argument.label)


def item_argument(item: Reviewed) -> Argument | None:
    """Return the argument an item is, or stands under (none for a position)."""
    if isinstance(item, Position):
        return None
    return item if isinstance(item, Argument) else item.argument


def check_reason(reason: str, required: bool = True) -> str:
    """Require a reason for actions against someone's content, within bounds; approving and
    dismissing reports may go without."""
    reason = (reason or "").strip()
    if required and not reason:
        raise DomainError(
            _("Give a reason for this action: the author and the public log see it."), "reason"
        )
    if len(reason) > REASON_MAX:
        raise DomainError(_(
            "Keep the reason to %(reason_max)s characters.",
            reason_max=format_number(REASON_MAX),
        ), field="reason")
    return reason


def report_weight(reporter: User) -> float:
    """Weigh a report by how often the reporter's earlier reports were upheld."""
    upheld = db.session.scalar(
        select(func.count()).where(
            Report.reporter_id == reporter.id, Report.status == ReportStatus.UPHELD
        )
    )
    return min(WEIGHT_MAX, 1.0 + UPHELD_BONUS * upheld)


def open_reports(item: Item):
    """Select the reports on an item that wait for a moderator."""
    column = Report.argument_id if isinstance(item, Argument) else Report.evidence_id
    return select(Report).where(column == item.id, Report.status == ReportStatus.OPEN)


def report_item(
    item: Item, reporter: User, reason: ReportReason, details: str = ""
) -> Report:
    """Report an argument or evidence; enough weighted reports hide it until reviewed."""
    debate = item_debate(item)
    require(reporter, Action.REPORT, item)
    details = (details or "").strip()
    if len(details) > DETAILS_MAX:
        raise DomainError(_(
            "Keep the details to %(details_max)s characters.",
            details_max=format_number(DETAILS_MAX),
        ), field="details")
    if reason == ReportReason.OTHER and not details:
        raise DomainError(_("Say what is wrong when you choose “Other”."), field="details")
    column = Report.argument_id if isinstance(item, Argument) else Report.evidence_id
    already = select(Report.id).where(column == item.id, Report.reporter_id == reporter.id)
    if db.session.scalar(already) is not None:
        raise Conflict(_("You have already reported this."))
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
        raise Conflict(_("You have already reported this.")) from None
    notify_moderators(
        debate,
        lambda: _(
            "The %(label)s in “%(title)s” was reported: %(reason)s.",
            label=item_label(item), title=debate.title, reason=REPORT_REASON_LABELS[reason],
        ),
        item_argument(item),
        reporter,
    )
    total = sum(open_report.weight for open_report in db.session.scalars(open_reports(item)))
    if item.moderation == ModerationState.VISIBLE and total >= debate.report_threshold:
        item.moderation = ModerationState.HIDDEN
        item.moderation_reason = str(AUTO_HIDE_REASON)
        log_action(debate, None, "auto_hide", item_kind(item), item_label(item),
                   _("Reached the report threshold."), item.id)
        notify(
            item_author_id(item),
            lambda: _(
                "Your %(label)s was hidden after reports and waits for review. You may edit it; "
                "that puts it back in the review queue.",
                label=item_label(item),
            ),
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
        _l("was approved"),
    ),
    "reject": (
        {ModerationState.PENDING},
        ModerationState.REJECTED,
        ReportStatus.UPHELD,
        _l("was rejected"),
    ),
    "hide": (
        {ModerationState.VISIBLE, ModerationState.PENDING},
        ModerationState.HIDDEN,
        ReportStatus.UPHELD,
        _l("was hidden by a moderator"),
    ),
    "restore": (
        {ModerationState.HIDDEN, ModerationState.REJECTED},
        ModerationState.VISIBLE,
        ReportStatus.DISMISSED,
        _l("was restored"),
    ),
}


def moderate_item(item: Reviewed, moderator: User, action: str, reason: str) -> None:
    """Approve, reject, hide or restore an item (approve or reject a proposed position), with
    a reason its author sees."""
    debate = item_debate(item)
    require(moderator, Action.MODERATE, debate)
    if action not in ACTIONS:
        raise DomainError(_("Unknown moderation action."))
    if isinstance(item, Position) and action not in POSITION_ACTIONS:
        raise Conflict(_("A proposed position is approved or rejected, nothing else."))
    reason = check_reason(reason, required=action not in REASON_OPTIONAL)
    states, new_state, outcome, told = ACTIONS[action]
    if item.moderation not in states:
        state = item.moderation.value
        raise Conflict(_(
            "This %(value)s is %(state)s; it cannot be %(action)sd.",
            value=item_kind(item),
            state=state,
            action=action,
        ))
    item.moderation = new_state
    item.moderation_reason = None if new_state == ModerationState.VISIBLE else reason
    if not isinstance(item, Position):
        resolve_reports(item, outcome)
    log_action(debate, moderator, action, item_kind(item), item_label(item), reason, item.id)
    notify(
        item_author_id(item),
        lambda: (
            _("Your %(label)s %(told)s: %(reason)s", label=item_label(item), told=told,
              reason=reason)
            if reason else _("Your %(label)s %(told)s.", label=item_label(item), told=told)
        ),
        argument=item_argument(item),
        debate=debate if isinstance(item, Position) else None,
    )
    # A reply shown before it was hidden was announced then; approving it again is no news.
    if action == "approve" and isinstance(item, Argument) and not reply_announced(item):
        notify_reply(item)
    if action == "approve" and isinstance(item, Argument):
        notify_mentions(item)
        notify_followers(item)
    db.session.flush()


QUESTION_ACTIONS = frozenset({"approve", "reject"})


def question_label(question: LiveQuestion) -> str:
    """Name an audience question in words safe for everyone: never its text."""
    return _("audience question at “%(title)s”", title=question.event.title)


def moderate_question(question: LiveQuestion, moderator: User, action: str, reason: str) -> None:
    """Approve a live event's audience question, so the hall sees and upvotes it, or reject
    it, which removes it; the public log names the event, never the question's words."""
    debate = question.event.debate
    require(moderator, Action.MODERATE, debate)
    if action not in QUESTION_ACTIONS:
        raise DomainError(_("Unknown moderation action."))
    reason = check_reason(reason, required=action not in REASON_OPTIONAL)
    if question.approved:
        raise Conflict(_("This question was already approved."))
    log_action(debate, moderator, action, "question", question_label(question), reason,
               question.id)
    if action == "approve":
        question.approved = True
    else:
        db.session.delete(question)
    db.session.flush()


def dismiss_reports(item: Item, moderator: User, reason: str) -> None:
    """Close an item's open reports without acting on the item."""
    debate = item_debate(item)
    require(moderator, Action.MODERATE, debate)
    reason = check_reason(reason, required="dismiss_reports" not in REASON_OPTIONAL)
    if db.session.scalar(open_reports(item).limit(1)) is None:
        raise Conflict(_("There are no open reports on this."))
    resolve_reports(item, ReportStatus.DISMISSED)
    log_action(debate, moderator, "dismiss_reports", item_kind(item), item_label(item), reason,
               item.id)
    db.session.flush()


def lock_branch(argument: Argument, moderator: User, reason: str, locked: bool = True) -> None:
    """Stop (or allow again) new replies anywhere under an argument."""
    debate = argument.position.debate
    require(moderator, Action.MODERATE, debate)
    reason = check_reason(reason)
    if (argument.locked_at is not None) == locked:
        raise Conflict(_(
            "This branch is already locked.",
        ) if locked else _(
            "This branch is not locked.",
        ))
    argument.locked_at = utcnow() if locked else None
    log_action(debate, moderator, "lock" if locked else "unlock", "argument",
               item_label(argument), reason, argument.id)
    db.session.flush()


def role_of(debate: Debate, user: User) -> Role | None:
    """Return the role a person was given in the debate, if any."""
    membership = debate.membership_of(user)
    return membership.role if membership else None


def suspend_member(
    debate: Debate, moderator: User, member: User, days: int, reason: str
) -> None:
    """Stop someone posting and voting in this debate for a number of days (0 lifts it)."""
    require(moderator, Action.MODERATE, debate)
    reason = check_reason(reason)
    if not 0 <= days <= 365:
        raise DomainError(_("Suspend for 0 to 365 days."), field="days")
    if member.id == moderator.id or role_of(debate, member) == Role.OWNER or member.is_admin:
        raise Conflict(_("Owners, admins and you yourself cannot be suspended."))
    if role_of(debate, member) == Role.MODERATOR and role_of(debate, moderator) != Role.OWNER:
        raise NotAllowed(_("Only the owner can suspend a moderator."))
    # A suspension never touches memberships: a moderator may not grant or take away a
    # place in the debate, least of all a vote where only members vote.
    if not allows(member, Action.VIEW, debate):
        raise Conflict(_(
            "%(display_name)s is not a member of this debate.",
            display_name=member.display_name,
        ))
    suspension = db.session.scalar(
        select(Suspension).where(Suspension.debate_id == debate.id,
                                 Suspension.user_id == member.id)
    )
    if days and suspension is not None:
        suspension.until = utcnow() + timedelta(days=days)
    elif days:
        # Two moderators suspending one person at once: the unique constraint keeps one row.
        try:
            with db.session.begin_nested():
                db.session.add(Suspension(debate_id=debate.id, user_id=member.id,
                                          until=utcnow() + timedelta(days=days)))
        except IntegrityError:
            raise Conflict(_(
                "%(display_name)s was suspended a moment ago.",
                display_name=member.display_name,
            )) from None
    elif suspension is None or not suspension.is_active:
        raise Conflict(_(
            "%(display_name)s is not suspended here.",
            display_name=member.display_name,
        ))
    else:
        db.session.delete(suspension)
    action = "suspend" if days else "lift_suspension"
    label = (
        ngettext("member %(name)s for %(num)s day", "member %(name)s for %(num)s days", days,
                 name=member.display_name)
        if days
        else _("member %(name)s", name=member.display_name)
    )
    log_action(debate, moderator, action, "member", label, reason, member.id)
    notify(
        member.id,
        lambda: (
            ngettext(
                "You are suspended from “%(title)s” for %(num)s day: %(reason)s",
                "You are suspended from “%(title)s” for %(num)s days: %(reason)s",
                days,
                title=debate.title,
                reason=reason,
            )
            if days
            else _("Your suspension from “%(title)s” is lifted: %(reason)s", title=debate.title,
                   reason=reason)
        ),
        debate=debate,
    )
    db.session.flush()


# Actions that harm nobody's contribution, so a reason is welcome but not required.
REASON_OPTIONAL = frozenset({"approve", "dismiss_reports"})

ACTION_LABELS = {
    "approve": _l("Approve"),
    "reject": _l("Reject"),
    "hide": _l("Hide"),
    "restore": _l("Restore"),
    "dismiss_reports": _l("Dismiss reports"),
    "lock": _l("Lock branch"),
    "unlock": _l("Unlock branch"),
}


def available_actions(item: Reviewed | LiveQuestion, open_reports: list) -> list[tuple[str, str]]:
    """List the (action, label) pairs a moderator is offered for an item in its state."""
    if isinstance(item, LiveQuestion):
        return [] if item.approved else [(name, ACTION_LABELS[name])
                                         for name in ("approve", "reject")]
    state = item.moderation
    if isinstance(item, Position):
        names = ["approve", "reject"] if state == ModerationState.PENDING else []
        return [(name, ACTION_LABELS[name]) for name in names]
    names = []
    if state == ModerationState.PENDING:
        names += ["approve", "reject"]
    if state in (ModerationState.VISIBLE, ModerationState.PENDING):
        names.append("hide")
    if state in (ModerationState.HIDDEN, ModerationState.REJECTED):
        names.append("restore")
    if open_reports:
        names.append("dismiss_reports")
    if isinstance(item, Argument):
        names.append("unlock" if item.locked_at else "lock")
    return [(name, ACTION_LABELS[name]) for name in names]
