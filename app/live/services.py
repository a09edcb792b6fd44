"""Hold the rules of a live evening: the schedule, the moderator's changes, votes, questions."""

import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from app.errors import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.live.audience import hash_of, new_device, rotate_token
from app.models import (
    Argument,
    Debate,
    LiveDevice,
    LiveEvent,
    LiveMark,
    LiveQuestion,
    LiveSpeaker,
    LiveTicket,
    LiveUpvote,
    LiveVote,
    MarkKind,
    Position,
    Round,
    SpeakerSide,
    StanceChoice,
)
from app.models.columns import utcnow
from app.models.live import CODE_ALPHABET, CODE_LENGTH

MAX_PHASES = 20
MAX_MINUTES = 240
PHASE_NAME_LENGTH = 60


def oxford_phases() -> list[dict]:
    """Return the Oxford-style schedule an organiser starts from, in their language."""
    return [
        {"name": _("Doors open and pre-vote"), "minutes": 15},
        {"name": _("Opening statements"), "minutes": 28},
        {"name": _("Moderated discussion"), "minutes": 20},
        {"name": _("Audience questions"), "minutes": 20},
        {"name": _("Closing statements"), "minutes": 8},
        {"name": _("Post-vote"), "minutes": 5},
        {"name": _("Results"), "minutes": 5},
    ]


def read_phases(text: str) -> list[dict]:
    """Read a schedule written one phase a line as "name | minutes"."""
    phases = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, bar, minutes = line.rpartition("|")
        if not bar:
            raise DomainError(_("Line %(n)s: write the phase as “name | minutes”.", n=number))
        phases.append(checked_phase(name.strip(), minutes.strip(), number))
    return check_schedule(phases)


def checked_phase(name: str, minutes, number: int) -> dict:
    """Return one phase with its name and whole minutes, or say what is wrong with it."""
    if not name or len(name) > PHASE_NAME_LENGTH:
        raise DomainError(_("Line %(n)s: a phase needs a name of 1 to %(max)s characters.",
                            n=number, max=PHASE_NAME_LENGTH))
    try:
        whole = int(minutes)
    except (TypeError, ValueError):
        whole = -1
    if isinstance(minutes, bool) or not 0 <= whole <= MAX_MINUTES:
        raise DomainError(_("Line %(n)s: minutes must be a whole number from 0 to %(max)s.",
                            n=number, max=MAX_MINUTES))
    return {"name": name, "minutes": whole}


def check_schedule(phases: list[dict]) -> list[dict]:
    """Refuse an empty or overlong schedule, or one naming a phase twice."""
    if not 1 <= len(phases) <= MAX_PHASES:
        raise DomainError(_("An evening has 1 to %(max)s phases.", max=MAX_PHASES))
    names = [phase["name"].casefold() for phase in phases]
    if len(set(names)) != len(names):
        raise DomainError(_("Each phase needs a name of its own."))
    return phases


def new_join_code() -> str:
    """Draw a join code no other event holds."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(LiveEvent.id).where(LiveEvent.join_code == code)) is None:
            return code


def create_event(debate: Debate, position: Position, user, title: str,
                 phases: list[dict] | None = None) -> LiveEvent:
    """Set up an evening on one of the debate's positions, the motion."""
    if position.debate_id != debate.id:
        raise NotFound(_("This debate has no such position."))
    title = title.strip()
    if not 1 <= len(title) <= 120:
        raise DomainError(_("Give the evening a title of 1 to 120 characters."), field="title")
    event = LiveEvent(
        debate=debate, position=position, created_by_id=user.id, title=title,
        join_code=new_join_code(), phases=check_schedule(phases or oxford_phases()),
    )
    db.session.add(event)
    db.session.flush()
    return event


def claim_version(event: LiveEvent, version: int | None) -> None:
    """Take the next version of the event or refuse a change made from an outdated screen.

    The check and the increment are one UPDATE, so of two moderators (or two clicks) sending
    the same version only the first changes anything.
    """
    expected = event.version if version is None else version
    if expected != event.version:
        raise stale(event)
    claimed = db.session.execute(
        update(LiveEvent)
        .where(LiveEvent.id == event.id, LiveEvent.version == expected)
        .values(version=expected + 1)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        db.session.refresh(event)
        raise stale(event)
    event.version = expected + 1
    db.session.flush()


def stale(event: LiveEvent) -> Conflict:
    """Explain a change refused because the screen that sent it was out of date."""
    return Conflict(_(
        "Someone changed the event first (it is now at version %(version)s, phase “%(phase)s”). "
        "Nothing was changed; check the screen and try again.",
        version=event.version, phase=event.phase["name"],
    ))


def restart_timer(event: LiveEvent) -> None:
    """Set the phase timer back to the full duration, stopped."""
    event.timer_started_at = None
    event.timer_banked = 0
    event.timer_extra = 0


def go_to_phase(event: LiveEvent, version: int | None, phase: int | str) -> None:
    """Move the evening to a phase, by its place in the schedule or its name."""
    if isinstance(phase, str):
        names = [each["name"].casefold() for each in event.phases]
        if phase.casefold() not in names:
            raise DomainError(_("There is no phase called “%(name)s”.", name=phase),
                              field="phase")
        phase = names.index(phase.casefold())
    if not 0 <= phase < len(event.phases):
        raise DomainError(_("There is no such phase."), field="phase")
    claim_version(event, version)
    event.current_phase = phase
    event.speaking_id = None
    restart_timer(event)


def next_phase(event: LiveEvent, version: int | None) -> None:
    """Move on to the phase after this one."""
    if event.is_last_phase:
        raise Conflict(_("This is the last phase."))
    go_to_phase(event, version, event.current_phase + 1)


def run_timer(event: LiveEvent, version: int | None, action: str, seconds: int = 60) -> None:
    """Start, pause or extend the phase timer."""
    now = utcnow()
    if action not in ("start", "pause", "extend"):
        raise DomainError(_("The timer can only start, pause or be extended."))
    if action == "extend" and not 1 <= seconds <= 3600:
        raise DomainError(_("Extend by 1 second to an hour."))
    claim_version(event, version)
    if action == "start" and event.timer_started_at is None:
        event.timer_started_at = now
    elif action == "pause" and event.timer_started_at is not None:
        event.timer_banked = event.timer_elapsed(now)
        event.timer_started_at = None
    elif action == "extend":
        event.timer_extra += seconds


def set_voting(event: LiveEvent, version: int | None, vote: Round, is_open: bool) -> None:
    """Open one of the two votes (closing the other) or close it."""
    claim_version(event, version)
    if is_open:
        event.open_vote = vote
    elif event.open_vote == vote:
        event.open_vote = None


def show_question(event: LiveEvent, version: int | None, question_id: int | None) -> None:
    """Put an approved question on the screens, or take it off."""
    if question_id is not None:
        question = db.session.get(LiveQuestion, question_id)
        if question is None or question.event_id != event.id or not question.approved:
            raise NotFound(_("This event has no such approved question."))
    claim_version(event, version)
    event.question_id = question_id


def mark_speaking(event: LiveEvent, version: int | None, speaker_id: int | None) -> None:
    """Say who is speaking now, or that nobody is."""
    if speaker_id is not None and speaker_id not in {each.id for each in event.speakers}:
        raise NotFound(_("This event has no such speaker."))
    claim_version(event, version)
    event.speaking_id = speaker_id


def reveal_results(event: LiveEvent, version: int | None, revealed: bool = True) -> None:
    """Show the tallies on every screen (or hide them again)."""
    claim_version(event, version)
    event.revealed = revealed
    if revealed:
        event.open_vote = None


def add_speaker(event: LiveEvent, name: str, side: SpeakerSide, bio: str = "",
                argument_id: int | None = None) -> LiveSpeaker:
    """Add a speaker, with their main argument from the motion's tree if one is named."""
    if argument_id is not None:
        argument = db.session.get(Argument, argument_id)
        if argument is None or argument.position_id != event.position_id:
            raise DomainError(_("Pick an argument on this evening's motion."), field="argument")
    speaker = LiveSpeaker(event=event, name=name.strip(), side=side, bio=bio.strip(),
                          argument_id=argument_id, order=len(event.speakers))
    db.session.add(speaker)
    claim_version(event, None)
    return speaker


def set_schedule(event: LiveEvent, version: int | None, phases: list[dict]) -> None:
    """Replace the schedule: reorder, rename, add or drop phases."""
    claim_version(event, version)
    event.phases = check_schedule(phases)
    event.current_phase = min(event.current_phase, len(phases) - 1)


def cast_vote(event: LiveEvent, device: LiveDevice, vote: Round, choice: StanceChoice) -> None:
    """Record the device's choice in a vote, replacing its earlier one in the same vote."""
    if event.accounts_required and device.user_id is None:
        raise NotAllowed(account_needed())
    if event.open_vote != vote:
        raise Conflict(_("The %(vote)s is closed; it takes no more votes.",
                         vote=_("pre-vote") if vote == Round.PRE else _("post-vote")))
    current = db.session.scalar(
        select(LiveVote).where(LiveVote.device_id == device.id, LiveVote.round == vote)
    )
    if current is not None:
        current.choice = choice
        db.session.flush()
        return
    try:
        with db.session.begin_nested():
            db.session.add(LiveVote(event_id=event.id, device_id=device.id, round=vote,
                                    choice=choice))
    except IntegrityError:
        # The same phone sent twice at once: the other request's vote stands, now this one's.
        current = db.session.scalar(
            select(LiveVote).where(LiveVote.device_id == device.id, LiveVote.round == vote)
        )
        current.choice = choice
        db.session.flush()


def ask_question(event: LiveEvent, device: LiveDevice, body: str) -> LiveQuestion:
    """Take a question from the audience, waiting for approval unless the event is open."""
    body = body.strip()
    if not 3 <= len(body) <= 280:
        raise DomainError(_("Ask in 3 to 280 characters."), field="body")
    question = LiveQuestion(event_id=event.id, device_id=device.id, body=body,
                            approved=not event.premoderated)
    db.session.add(question)
    db.session.flush()
    return question


def approve_question(event: LiveEvent, question_id: int) -> LiveQuestion:
    """Let the audience see and upvote a question."""
    question = db.session.get(LiveQuestion, question_id)
    if question is None or question.event_id != event.id:
        raise NotFound(_("This event has no such question."))
    question.approved = True
    claim_version(event, None)
    return question


def upvote_question(event: LiveEvent, device: LiveDevice, question_id: int) -> None:
    """Count a device's upvote of an approved question once."""
    question = db.session.get(LiveQuestion, question_id)
    if question is None or question.event_id != event.id or not question.approved:
        raise NotFound(_("This event has no such question."))
    try:
        with db.session.begin_nested():
            db.session.add(LiveUpvote(question_id=question.id, device_id=device.id))
    except IntegrityError:
        return
    db.session.execute(
        update(LiveQuestion).where(LiveQuestion.id == question.id)
        .values(upvotes=LiveQuestion.upvotes + 1)
        .execution_options(synchronize_session=False)
    )


def mark_argument(event: LiveEvent, device: LiveDevice, argument_id: int, kind: MarkKind) -> None:
    """Record that a speaker's argument convinced the device's holder, or changed their mind."""
    if argument_id not in {each.argument_id for each in event.speakers}:
        raise NotFound(_("This evening's speakers made no such argument."))
    exists = db.session.scalar(select(func.count()).select_from(LiveMark).where(
        LiveMark.device_id == device.id, LiveMark.argument_id == argument_id,
        LiveMark.kind == kind))
    if exists:
        return
    try:
        with db.session.begin_nested():
            db.session.add(LiveMark(event_id=event.id, device_id=device.id,
                                    argument_id=argument_id, kind=kind))
    except IntegrityError:
        return


TICKET_LENGTH = 8
MAX_TICKETS = 2000


def issue_tickets(event: LiveEvent, count: int) -> list[str]:
    """Make single-use tickets for a verified audience and return their codes, shown only now;
    from then on every phone joins with one."""
    if not 1 <= count <= MAX_TICKETS:
        raise DomainError(_("Issue 1 to %(max)s tickets at a time.", max=MAX_TICKETS),
                          field="count")
    codes = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(TICKET_LENGTH)))
    db.session.add_all(LiveTicket(event_id=event.id, code_hash=hash_of(code)) for code in codes)
    event.tickets_required = True
    claim_version(event, None)
    return sorted(codes)


def account_needed() -> str:
    """Tell a phone without an account why its vote is refused and what to do."""
    return _("This evening takes votes only from signed-in accounts: sign in, then join again "
             "with the code.")


def require_accounts(event: LiveEvent, required: bool) -> None:
    """Let only phones joined by a signed-in account vote, or any phone again."""
    event.accounts_required = required
    claim_version(event, None)


def admit(event: LiveEvent, ticket: str | None, user=None) -> tuple[LiveDevice, str]:
    """Let a phone join the evening, with an unused ticket where the audience is verified;
    a signed-in account keeps one phone, so joining again moves its vote to the new one."""
    if user is not None and user.is_authenticated:
        device = db.session.scalar(select(LiveDevice).where(
            LiveDevice.event_id == event.id, LiveDevice.user_id == user.id))
        if device is not None:
            return device, rotate_token(device)
    device, token = admit_device(event, ticket)
    if user is not None and user.is_authenticated:
        device.user_id = user.id
        db.session.flush()
    return device, token


def admit_device(event: LiveEvent, ticket: str | None) -> tuple[LiveDevice, str]:
    """Register a phone, taking an unused ticket where the audience is verified."""
    if not event.tickets_required:
        return new_device(event)
    code = (ticket or "").strip().upper()
    if not code:
        raise DomainError(_("This evening needs a ticket: type the code printed on yours."),
                          field="ticket")
    found = db.session.scalar(select(LiveTicket).where(
        LiveTicket.event_id == event.id, LiveTicket.code_hash == hash_of(code)))
    if found is None:
        raise DomainError(_("This ticket is not one of this evening's."), field="ticket")
    device, token = new_device(event)
    # One UPDATE that only an unused ticket matches: two phones with one ticket admit one.
    taken = db.session.execute(
        update(LiveTicket).where(LiveTicket.id == found.id, LiveTicket.device_id.is_(None))
        .values(device_id=device.id).execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        raise Conflict(_("This ticket was used already, on another phone."))
    return device, token
