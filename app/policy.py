"""Decide who may do what in a debate: one role per person, one table of allowed actions.

Every route, service, template and API answer asks `check()` (or `allows()` / `require()`),
so a button that is shown works, and a refusal reads the same on the page and from a service.
"""

import enum
from dataclasses import dataclass
from datetime import datetime

from flask import g, has_app_context
from flask_babel import format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.errors import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.models import (
    Argument,
    Classroom,
    ClassStudent,
    ClassTeacher,
    Debate,
    Evidence,
    Membership,
    ModerationState,
    Position,
    Role,
    Side,
    SideAssignment,
    Suspension,
    Visibility,
    Voters,
)
from app.models.argument import CLOSING, MAX_DEPTH, SIDE_LABELS
from app.models.columns import utcnow


class Standing(enum.StrEnum):
    """Say what a person effectively is in one debate, all things considered.

    In a class's debate its teachers (the owner's co-teachers, made moderators) run it as its
    owner does, and its students take part.
    """

    ADMIN = "admin"
    OWNER = "owner"
    TEACHER = "teacher"
    MODERATOR = "moderator"
    PARTICIPANT = "participant"
    STUDENT = "student"
    # Signed in, not a member: takes part where the debate is open to everyone signed in.
    GUEST = "guest"
    VIEWER = "viewer"
    SUSPENDED = "suspended"
    ANONYMOUS = "anonymous"


class Action(enum.StrEnum):
    """Name what a person may try to do in a debate."""

    VIEW = "view"
    ARGUE = "argue"
    REPLY = "reply"
    ATTACH_EVIDENCE = "attach_evidence"
    RATE = "rate"
    TAKE_STANCE = "take_stance"
    EDIT_OWN = "edit_own"
    WITHDRAW_OWN = "withdraw_own"
    REPORT = "report"
    RAISE_POSITION = "raise_position"
    MODERATE = "moderate"
    MANAGE = "manage"
    # Post without waiting for review or counting against the hourly limit.
    SKIP_REVIEW = "skip_review"
    # Set up and run a live event on the debate: phases, timer, voting, questions, results.
    RUN_EVENT = "run_event"


CONTRIBUTE = {
    Action.VIEW, Action.ARGUE, Action.REPLY, Action.ATTACH_EVIDENCE, Action.RATE,
    Action.TAKE_STANCE, Action.EDIT_OWN, Action.WITHDRAW_OWN, Action.REPORT,
}
RUN = CONTRIBUTE | {
    Action.RAISE_POSITION, Action.MODERATE, Action.SKIP_REVIEW, Action.RUN_EVENT,
}

ALLOWED: dict[Standing, frozenset[Action]] = {
    Standing.ADMIN: frozenset(Action),
    Standing.OWNER: frozenset(Action),
    Standing.TEACHER: frozenset(Action),
    Standing.MODERATOR: frozenset(RUN),
    Standing.PARTICIPANT: frozenset(CONTRIBUTE),
    Standing.STUDENT: frozenset(CONTRIBUTE),
    Standing.GUEST: frozenset(CONTRIBUTE),
    Standing.VIEWER: frozenset({Action.VIEW, Action.EDIT_OWN, Action.WITHDRAW_OWN, Action.REPORT}),
    Standing.SUSPENDED: frozenset({Action.VIEW, Action.REPORT}),
    Standing.ANONYMOUS: frozenset({Action.VIEW}),
}

# What each action is called in a refusal: "You cannot <verb> in this debate."
VERBS = {
    Action.VIEW: _l("read"),
    Action.ARGUE: _l("post"),
    Action.REPLY: _l("reply"),
    Action.ATTACH_EVIDENCE: _l("add evidence"),
    Action.RATE: _l("rate arguments"),
    Action.TAKE_STANCE: _l("vote"),
    Action.EDIT_OWN: _l("edit"),
    Action.WITHDRAW_OWN: _l("withdraw"),
    Action.REPORT: _l("report"),
    Action.RAISE_POSITION: _l("raise positions"),
    Action.MODERATE: _l("moderate"),
    Action.MANAGE: _l("manage"),
    Action.SKIP_REVIEW: _l("post without review"),
    Action.RUN_EVENT: _l("run live events"),
}
ONLY = {
    Action.RAISE_POSITION: _l("Only the owner and moderators can raise positions in this debate."),
    Action.MODERATE: _l("Only the debate's moderators can do that."),
    Action.MANAGE: _l("Only the debate's owner can do that."),
    Action.RUN_EVENT: _l("Only the debate's owner and moderators can run its live events."),
}
# Actions that need the debate open, and what a closed debate answers to each.
WHILE_OPEN = {
    Action.ARGUE: Conflict(_l("This debate is closed; it no longer takes arguments.")),
    Action.REPLY: Conflict(_l("This debate is closed; it no longer takes arguments.")),
    Action.ATTACH_EVIDENCE: NotAllowed(
        _l("This debate is closed and read-only; it takes no more evidence.")
    ),
    Action.RATE: NotAllowed(
        _l("You cannot rate arguments in this debate. It is closed and read-only.")
    ),
    Action.TAKE_STANCE: NotAllowed(
        _l("You cannot vote in this debate. It is closed and read-only.")
    ),
}
MEMBERS_VOTE = (Action.RATE, Action.TAKE_STANCE)
# Actions that need the position shown to everyone: one waiting for review takes none.
ON_SHOWN_POSITION = frozenset({
    Action.ARGUE, Action.REPLY, Action.ATTACH_EVIDENCE, Action.RATE, Action.TAKE_STANCE,
})


@dataclass(frozen=True)
class Verdict:
    """The answer to "may this person do this?", with the reason when not."""

    refusal: DomainError | None = None

    def __bool__(self) -> bool:
        return self.refusal is None

    @property
    def reason(self) -> str:
        return self.refusal.message if self.refusal else ""

    def enforce(self) -> None:
        """Raise the refusal, if any, for the error handler to show."""
        if self.refusal is not None:
            raise type(self.refusal)(self.refusal.message, self.refusal.field)


ALLOW = Verdict()


def refuse(error: type[DomainError], message: str, field: str | None = None) -> Verdict:
    """Answer no, with the error the handler turns into a status and the reason people read."""
    return Verdict(error(message, field))


def is_signed_in(user) -> bool:
    """Say whether this is a person signed in rather than an anonymous visitor."""
    return bool(getattr(user, "is_authenticated", False))


def is_admin(user) -> bool:
    """Say whether this is a signed-in site admin."""
    return is_signed_in(user) and bool(getattr(user, "is_admin", False))


def is_suspended_site_wide(user) -> bool:
    """Say whether a site admin suspended this account from every debate."""
    return is_signed_in(user) and getattr(user, "suspended_at", None) is not None


def memo() -> dict:
    """Return this request's (or app context's) memo of standings and locked branches."""
    if not has_app_context():
        return {}
    context = g._get_current_object()
    known = getattr(context, "policy_memo", None)
    if known is None:
        known = context.policy_memo = {}
    return known


@event.listens_for(Session, "after_flush")
def forget_after_writes(session, _flush_context) -> None:
    """Work standings and branches out again once memberships, suspensions or arguments change."""
    changed = (*session.new, *session.dirty, *session.deleted)
    watched = Membership | Suspension | Argument
    if has_app_context() and any(isinstance(row, watched) for row in changed):
        g.pop("policy_memo", None)


# In a class's debate, the teachers are its moderators and the students its participants.
CLASS_ROLES = {Role.MODERATOR: Standing.TEACHER, Role.PARTICIPANT: Standing.STUDENT}


def standing(user, debate: Debate) -> Standing:
    """Work out what this person effectively is in this debate, once per request."""
    if not is_signed_in(user):
        return Standing.ANONYMOUS
    key = ("standing", debate.id, user.id)
    known = memo()
    if key not in known:
        known[key] = work_out_standing(user, debate)
    return known[key]


def work_out_standing(user, debate: Debate) -> Standing:
    """Derive a signed-in person's standing from their membership, admin flag and suspension."""
    role = role_of(user, debate)
    if role == Role.OWNER:
        return Standing.OWNER
    if is_admin(user):
        return Standing.ADMIN
    if is_suspended_site_wide(user) or suspended_until(user, debate) is not None:
        return Standing.SUSPENDED
    if debate.classroom_id is not None and role in CLASS_ROLES:
        return CLASS_ROLES[role]
    return {
        Role.MODERATOR: Standing.MODERATOR,
        Role.PARTICIPANT: Standing.PARTICIPANT,
        Role.VIEWER: Standing.VIEWER,
        None: Standing.GUEST,
    }[role]


def standing_facts(user_id, debate_id, now: datetime) -> tuple:
    """Select a signed-in person's role in a debate (by its id, or a column holding it) and
    the end of a suspension from it that still lasts at `now`: what a standing is made of,
    fetched together in one query, or alongside whatever a loader fetches (then
    `know_standing`). The ids and time may be bound parameters, for a statement built once."""
    role = select(Membership.role).where(
        Membership.debate_id == debate_id, Membership.user_id == user_id
    )
    until = select(Suspension.until).where(
        Suspension.debate_id == debate_id,
        Suspension.user_id == user_id,
        Suspension.until > now,
    )
    return role.scalar_subquery(), until.scalar_subquery()


def know_standing(user, debate: Debate, role: Role | None, until: datetime | None) -> dict:
    """Remember for this request what `standing_facts` found about this person and debate."""
    facts = {"role": role, "suspended_until": until}
    memo()[("standing_facts", debate.id, user.id)] = facts
    return facts


def facts_of(user, debate: Debate) -> dict:
    """Return this person's role in the debate and suspension end, asking once per request."""
    known = memo().get(("standing_facts", debate.id, user.id))
    if known is None:
        facts = standing_facts(user.id, debate.id, utcnow())
        role, until = db.session.execute(select(*facts)).one()
        known = know_standing(user, debate, role, until)
    return known


def role_of(user, debate: Debate) -> Role | None:
    """Return this person's role in the debate, None for those who are not members."""
    if not is_signed_in(user):
        return None
    return facts_of(user, debate)["role"]


def suspended_until(user, debate: Debate) -> datetime | None:
    """Return when this person's suspension from the debate ends, while it lasts."""
    return facts_of(user, debate)["suspended_until"]


def debate_of(target) -> Debate:
    """Find the debate an item belongs to."""
    if isinstance(target, Debate):
        return target
    if isinstance(target, Position):
        return target.debate
    if isinstance(target, Evidence):
        target = target.argument
    return target.position.debate


def check(user, action: Action, target) -> Verdict:
    """Decide whether this person may do this to a debate, position, argument or evidence."""
    debate = debate_of(target)
    role = standing(user, debate)
    if action == Action.VIEW:
        return check_view(user, role, debate)
    if not check_view(user, role, debate):
        return refuse(NotAllowed, _("This debate is not open to you."))
    if action not in ALLOWED[role] and not proposes_positions(role, action, debate):
        return refuse_role(user, role, action, debate)
    if action in MEMBERS_VOTE and debate.voters == Voters.MEMBERS and role == Standing.GUEST:
        return refuse(NotAllowed, _(
            "You cannot %(verb)s in this debate. Only its members vote.",
            verb=VERBS[action],
        ))
    if action in WHILE_OPEN and not debate.is_open:
        if debate.is_closed:
            return Verdict(WHILE_OPEN[action])
        return refuse(NotAllowed, _(
            "You cannot %(verb)s in this debate until its owner opens it.",
            verb=VERBS[action],
        ))
    if action == Action.RAISE_POSITION and debate.is_closed:
        return refuse(NotAllowed, _("This debate is closed; it takes no new positions."))
    if action in ON_SHOWN_POSITION and isinstance(target, Position | Argument | Evidence):
        verdict = check_position_shown(action, position_under(target))
        if not verdict:
            return verdict
    if action == Action.REPORT and isinstance(target, Argument | Evidence):
        return check_report(user, target)
    if isinstance(target, Argument):
        return check_argument(user, action, target)
    return ALLOW


def proposes_positions(role: Standing, action: Action, debate: Debate) -> bool:
    """Let participants raise positions where the owner allows it; in a pre-moderated debate
    theirs wait for a moderator's review, like their arguments (`waits_for_review`)."""
    return (
        action == Action.RAISE_POSITION
        and role == Standing.PARTICIPANT
        and debate.participants_raise_positions
    )


def position_under(target: Position | Argument | Evidence) -> Position:
    """Find the position an item belongs to."""
    if isinstance(target, Evidence):
        target = target.argument
    return target if isinstance(target, Position) else target.position


def check_position_shown(action: Action, position: Position) -> Verdict:
    """Refuse arguing and voting on a position not shown to everyone: one waiting for review,
    or one a moderator rejected."""
    if position.moderation == ModerationState.VISIBLE:
        return ALLOW
    if position.moderation == ModerationState.PENDING:
        return refuse(Conflict, _(
            "This position waits for a moderator's review; you cannot %(verb)s on it until it "
            "is approved.",
            verb=VERBS[action],
        ))
    return refuse(Conflict, _(
        "This position is not shown to everyone; you cannot %(verb)s on it.",
        verb=VERBS[action],
    ))


def check_view(user, role: Standing, debate: Debate) -> Verdict:
    """Members read their debates; others read what is neither a draft nor members-only."""
    # A suspension is no membership: an outsider suspended from a public debate loses sight
    # of it like any other outsider once it becomes members-only.
    outsider = role in (Standing.GUEST, Standing.ANONYMOUS) or (
        role == Standing.SUSPENDED and role_of(user, debate) is None
    )
    if not outsider:
        return ALLOW
    if debate.is_draft or debate.visibility == Visibility.MEMBERS:
        return refuse(NotAllowed, _("This debate is not open to you."))
    return ALLOW


def refuse_role(user, role: Standing, action: Action, debate: Debate) -> Verdict:
    """Say why this person's standing does not allow the action."""
    if role == Standing.ANONYMOUS:
        return refuse(NotAllowed, _("Sign in to %(verb)s.", verb=VERBS[action]))
    if role == Standing.SUSPENDED and is_suspended_site_wide(user):
        return refuse(NotAllowed, _("Your account is suspended from the whole site."))
    if role == Standing.SUSPENDED:
        until = format_datetime(suspended_until(user, debate), "medium") + " UTC"
        return refuse(NotAllowed, _(
            "You are suspended from this debate until %(until)s.",
            until=until,
        ))
    return refuse(
        NotAllowed,
        ONLY.get(action) or _("You cannot %(verb)s in this debate.", verb=VERBS[action]),
    )


def check_argument(user, action: Action, argument: Argument) -> Verdict:
    """Apply the rules that depend on the argument itself and the branch above it."""
    if action in (Action.REPLY, Action.ATTACH_EVIDENCE):
        return check_branch_open(user, action, argument)
    if action in (Action.EDIT_OWN, Action.WITHDRAW_OWN):
        changeable = (
            argument.author_id == user.id
            and not argument.is_withdrawn
            and argument.moderation != ModerationState.REJECTED
            and argument.position.debate.is_open
        )
        if not changeable:
            return refuse(NotAllowed, _(
                "Only the author can %(verb)s this argument while the debate is open.",
                verb=VERBS[action],
            ))
    if action == Action.RATE and argument.is_withdrawn:
        return refuse(Conflict, _("This argument was withdrawn; it can no longer be rated."))
    if action == Action.RATE and argument.author_id == user.id:
        # Everyone would rate their own work highly; the tally is others' judgement.
        return refuse(NotAllowed,
                      _("You cannot rate your own argument; others judge its strength."))
    return ALLOW


def check_report(user, item: Argument | Evidence) -> Verdict:
    """Let people report what others contributed, never their own."""
    author_id = item.author_id if isinstance(item, Argument) else item.added_by_id
    if author_id == user.id:
        return refuse(
            Conflict, _("You cannot report your own contribution; edit or withdraw it instead.")
        )
    return ALLOW


def check_branch_open(user, action: Action, argument: Argument) -> Verdict:
    """Refuse answers under a withdrawn, unreviewed, hidden or locked argument or branch."""
    what = _("replies") if action == Action.REPLY else _("evidence")
    if argument.is_withdrawn:
        return refuse(Conflict, _(
            "This argument was withdrawn; it takes no more %(what)s.",
            what=what,
        ))
    locked, unshown = closed_branches(argument.position_id)
    ancestry = ancestor_paths(argument.path)
    if not argument.is_visible or unshown & ancestry:
        return refuse(
            Conflict, _(
                "This argument is not shown to everyone; it takes no %(what)s for now.",
                what=what,
            )
        )
    if argument.locked_at is not None or locked & ancestry:
        return refuse(Conflict, _(
            "A moderator locked this branch; it takes no new %(what)s.",
            what=what,
        ))
    if action == Action.REPLY and argument.depth >= MAX_DEPTH:
        return refuse(Conflict, _("This branch is as deep as it can go."))
    return ALLOW


def ancestor_paths(path: str) -> set[str]:
    """Return the paths of every argument above the one at this path."""
    segments = path.split(".")
    return {".".join(segments[:depth]) for depth in range(1, len(segments))}


def closed_branches(position_id: int) -> tuple[set[str], set[str]]:
    """Return the paths of a position's locked arguments and of those not shown to everyone,
    in one query per request, so that any number of arguments can be checked for free."""
    key = ("branches", position_id)
    known = memo()
    if key not in known:
        rows = db.session.execute(
            select(Argument.path, Argument.locked_at, Argument.moderation).where(
                Argument.position_id == position_id, CLOSING
            )
        ).all()
        known[key] = (
            {path for path, locked_at, _ in rows if locked_at is not None},
            {path for path, _, state in rows if state != ModerationState.VISIBLE},
        )
    return known[key]


def assigned_side(user, position: Position) -> Side | None:
    """Return the side a teacher gave this person on this position of a class debate."""
    if position.debate.classroom_id is None or not is_signed_in(user):
        return None
    key = ("assigned_side", position.id, user.id)
    known = memo()
    if key not in known:
        known[key] = db.session.scalar(select(SideAssignment.side).where(
            SideAssignment.position_id == position.id, SideAssignment.user_id == user.id
        ))
    return known[key]


def check_side(user, position: Position, side: Side, parent: Argument | None) -> Verdict:
    """Keep a student's top-level arguments on the side their teacher gave them; replies, ratings
    and their own stance stay free."""
    assigned = assigned_side(user, position) if parent is None else None
    if assigned is None or assigned == side:
        return ALLOW
    return refuse(NotAllowed, _(
        "In this class debate you argue %(side)s this position: post your arguments on that "
        "side. You may still reply to anyone, rate anything and vote as you think.",
        side=SIDE_LABELS[assigned],
    ), field="side")


def allows(user, action: Action, target) -> bool:
    """Say whether this person may do this."""
    return bool(check(user, action, target))


def require_site_admin(user) -> None:
    """Refuse anyone but a site admin the pages over every debate."""
    if not is_admin(user):
        raise NotAllowed(_("Only site admins can do that."))


def require(user, action: Action, target) -> None:
    """Raise the refusal when this person may not do this."""
    check(user, action, target).enforce()


def skips_review(user, debate: Debate) -> bool:
    """Say whether this person's posts appear at once and escape the hourly limit."""
    return Action.SKIP_REVIEW in ALLOWED[standing(user, debate)]


def waits_for_review(user, debate: Debate) -> bool:
    """Say whether this person's new contributions wait for a moderator."""
    return debate.is_premoderated and not skips_review(user, debate)


def acting_role(user, debate: Debate) -> str:
    """Name the capacity someone acted in, for the public log."""
    if user is None:
        return "system"
    role = role_of(user, debate)
    if role in (Role.OWNER, Role.MODERATOR):
        return role.value
    if is_admin(user):
        return "admin"
    return role.value if role else "member"


# Classes: who may see a class, run it, or join it.


class ClassStanding(enum.StrEnum):
    """Say what a person is to one class."""

    TEACHER = "teacher"
    STUDENT = "student"
    OUTSIDER = "outsider"
    ANONYMOUS = "anonymous"


class ClassAction(enum.StrEnum):
    """Name what a person may try to do with a class."""

    VIEW = "view"
    # The roster, accounts and passwords, the join code, debates, archiving.
    TEACH = "teach"
    # The gradebook, reports and a student's data: read-only, so archived classes too.
    GRADE = "grade"
    # End of term: delete the class and its class accounts, archived or not.
    DELETE = "delete"
    JOIN = "join"


CLASS_ALLOWED: dict[ClassStanding, frozenset[ClassAction]] = {
    ClassStanding.TEACHER: frozenset(
        {ClassAction.VIEW, ClassAction.TEACH, ClassAction.GRADE, ClassAction.DELETE}
    ),
    ClassStanding.STUDENT: frozenset({ClassAction.VIEW}),
    ClassStanding.OUTSIDER: frozenset({ClassAction.JOIN}),
    ClassStanding.ANONYMOUS: frozenset(),
}
# Archived classes are read-only: nothing changes and nobody joins.
WHILE_TERM_RUNS = frozenset({ClassAction.TEACH, ClassAction.JOIN})


def class_standing(user, classroom: Classroom) -> ClassStanding:
    """Work out what this person is to this class, in one query per request."""
    if not is_signed_in(user):
        return ClassStanding.ANONYMOUS
    key = ("class_standing", classroom.id, user.id)
    known = memo()
    if key not in known:
        teaches, studies = db.session.execute(select(
            select(ClassTeacher.id).where(
                ClassTeacher.classroom_id == classroom.id, ClassTeacher.user_id == user.id
            ).scalar_subquery(),
            select(ClassStudent.id).where(
                ClassStudent.classroom_id == classroom.id, ClassStudent.user_id == user.id
            ).scalar_subquery(),
        )).one()
        known[key] = (
            ClassStanding.TEACHER if teaches else
            ClassStanding.STUDENT if studies else ClassStanding.OUTSIDER
        )
    return known[key]


def check_class(user, action: ClassAction, classroom: Classroom) -> Verdict:
    """Decide whether this person may do this to a class, with the reason when not."""
    role = class_standing(user, classroom)
    if action == ClassAction.JOIN:
        return check_join(user, role, classroom)
    if action not in CLASS_ALLOWED[role]:
        if role == ClassStanding.ANONYMOUS:
            return refuse(NotAllowed, _("Sign in to see your class."))
        if role == ClassStanding.OUTSIDER:
            return refuse(NotFound, _("There is no such class."))
        return refuse(NotAllowed, _("Only the class's teachers can do that."))
    if action in WHILE_TERM_RUNS and classroom.is_archived:
        return refuse(Conflict, _("This class is archived and read-only."))
    return ALLOW


def check_join(user, role: ClassStanding, classroom: Classroom) -> Verdict:
    """Let a signed-in person with their own account join a class that takes students."""
    if role == ClassStanding.ANONYMOUS:
        return refuse(NotAllowed, _("Sign in to join a class."))
    if role == ClassStanding.TEACHER:
        return refuse(Conflict, _("You teach this class."), field="code")
    if role == ClassStanding.STUDENT:
        return refuse(Conflict, _("You are already in this class."), field="code")
    if getattr(user, "is_managed", False):
        return refuse(NotAllowed, _(
            "Your account was made by your teacher for your class; it cannot join other classes."
        ), field="code")
    if classroom.is_archived:
        return refuse(Conflict, _("This class has ended; it takes no new students."),
                      field="code")
    if not classroom.joining_open:
        return refuse(Conflict, _(
            "This class's join code is switched off. Ask your teacher to switch it on."
        ), field="code")
    return ALLOW


def require_class(user, action: ClassAction, classroom: Classroom) -> None:
    """Raise the refusal when this person may not do this to the class."""
    check_class(user, action, classroom).enforce()


def can_class(user, action: ClassAction, classroom: Classroom) -> bool:
    """Say whether this person may do this to the class."""
    return bool(check_class(user, action, classroom))
