"""Read what the screens of a live evening show: its state, vote counts and results."""

from sqlalchemy import and_, func, select
from sqlalchemy.orm import aliased

from app import opinion
from app.errors import NotFound
from app.extensions import db
from app.models import (
    Argument,
    LiveDevice,
    LiveEvent,
    LiveMark,
    LiveQuestion,
    LiveSpeaker,
    LiveVote,
    Round,
)
from app.models.columns import isoformat_utc, utcnow
from app.policy import require
from app.visibility import sees_debate


def vote_counts(event_id: int) -> dict[str, int]:
    """Count the votes cast in each round: turnout, never who chose what."""
    rows = db.session.execute(
        select(LiveVote.round, func.count()).where(LiveVote.event_id == event_id)
        .group_by(LiveVote.round)
    ).all()
    counted = {vote.value: count for vote, count in rows}
    return {vote.value: counted.get(vote.value, 0) for vote in Round}


def results(event: LiveEvent) -> dict:
    """Work out the evening's result: shares before and after, the swing and winner, and who
    moved where, from each device's pair of votes; only counts leave this function."""
    rows = db.session.execute(
        select(LiveVote.round, LiveVote.choice, func.count())
        .where(LiveVote.event_id == event.id).group_by(LiveVote.round, LiveVote.choice)
    ).all()
    counts = {vote: opinion.tally(()) for vote in Round}
    for vote, choice, count in rows:
        counts[vote][choice.value] = count
    pre, post = aliased(LiveVote), aliased(LiveVote)
    pairs = db.session.execute(
        select(pre.choice, post.choice, func.count())
        .join(post, and_(post.device_id == pre.device_id, post.round == Round.POST))
        .where(pre.event_id == event.id, pre.round == Round.PRE)
        .group_by(pre.choice, post.choice)
    ).all()
    matrix = opinion.transitions(())
    for first, last, count in pairs:
        matrix[first.value][last.value] = count
    devices = db.session.scalar(
        select(func.count()).select_from(LiveDevice).where(LiveDevice.event_id == event.id)
    )
    before, after = counts[Round.PRE], counts[Round.POST]
    swing = opinion.swing(before, after)
    both = sum(sum(row.values()) for row in matrix.values())
    return {
        "pre": before,
        "post": after,
        "pre_percent": opinion.shares(before),
        "post_percent": opinion.shares(after),
        "delta": swing.delta,
        "winner": swing.winner,
        "transitions": matrix,
        "changed_minds": opinion.changed_minds(matrix),
        "turnout": {
            "devices": devices,
            "pre": sum(before.values()),
            "post": sum(after.values()),
            "both": both,
        },
    }


def state(event: LiveEvent) -> dict:
    """Describe what every screen shows now, in plain values (the API's answer too)."""
    now = utcnow()
    speaker = next((each for each in event.speakers if each.id == event.speaking_id), None)
    question = db.session.get(LiveQuestion, event.question_id) if event.question_id else None
    answer = {
        "id": event.id,
        "debate_id": event.debate_id,
        "position_id": event.position_id,
        "title": event.title,
        "motion": event.position.statement,
        "join_code": event.join_code,
        "version": event.version,
        "phase": event.phase["name"],
        "phase_index": event.current_phase,
        "phases": event.phases,
        "timer": {
            "running": event.timer_started_at is not None,
            "remaining_seconds": event.timer_remaining(now),
            "started_at": isoformat_utc(event.timer_started_at),
        },
        "voting": event.open_vote.value if event.open_vote else None,
        "speaking": {"id": speaker.id, "name": speaker.name, "side": speaker.side.value}
        if speaker else None,
        "question": {"id": question.id, "body": question.body} if question else None,
        "speakers": [
            {"id": each.id, "name": each.name, "side": each.side.value, "bio": each.bio,
             "argument_id": each.argument_id}
            for each in event.speakers
        ],
        "revealed": event.revealed,
        "votes_cast": vote_counts(event.id),
    }
    if event.revealed:
        answer["results"] = results(event)
    return answer


def ranked_questions(event: LiveEvent, approved: bool | None = True, limit: int = 50):
    """List the event's questions, approved ones first, most upvoted first."""
    query = select(LiveQuestion).where(LiveQuestion.event_id == event.id)
    if approved is not None:
        query = query.where(LiveQuestion.approved.is_(approved))
    return db.session.scalars(
        query.order_by(LiveQuestion.approved.desc(), LiveQuestion.upvotes.desc(),
                       LiveQuestion.id).limit(limit)
    ).all()


def speaker_arguments(event: LiveEvent) -> list[tuple[LiveSpeaker, Argument]]:
    """Pair each speaker who has a main argument with it."""
    ids = [each.argument_id for each in event.speakers if each.argument_id]
    if not ids:
        return []
    found = {each.id: each for each in db.session.scalars(
        select(Argument).where(Argument.id.in_(ids)))}
    return [(each, found[each.argument_id]) for each in event.speakers
            if each.argument_id in found]


def mark_counts(event: LiveEvent) -> dict[tuple[int, str], int]:
    """Count the marks on each speaker's argument, by kind."""
    rows = db.session.execute(
        select(LiveMark.argument_id, LiveMark.kind, func.count())
        .where(LiveMark.event_id == event.id).group_by(LiveMark.argument_id, LiveMark.kind)
    ).all()
    return {(argument_id, kind.value): count for argument_id, kind, count in rows}


def device_votes(device: LiveDevice | None) -> dict[str, str]:
    """Return this device's own current choices, for its own phone only."""
    if device is None:
        return {}
    rows = db.session.execute(
        select(LiveVote.round, LiveVote.choice).where(LiveVote.device_id == device.id)
    ).all()
    return {vote.value: choice.value for vote, choice in rows}


def revealed_event_of(debate_id: int) -> LiveEvent | None:
    """Return the debate's latest evening whose results were revealed."""
    return db.session.scalar(
        select(LiveEvent).where(LiveEvent.debate_id == debate_id, LiveEvent.revealed.is_(True))
        .order_by(LiveEvent.id.desc()).limit(1)
    )


def load_event(event_id: int, user=None, then=None) -> LiveEvent:
    """Load an event, or answer 404; with `then`, refuse (403) unless this person may do that
    to its debate (organisers: Action.RUN_EVENT)."""
    event = db.session.get(LiveEvent, event_id)
    if event is None:
        raise NotFound(f"Live event {event_id} does not exist.")
    if then is not None:
        if not sees_debate(user, event.debate):
            raise NotFound(f"Live event {event_id} does not exist.")
        require(user, then, event.debate)
    return event


def events_of(debate) -> list[LiveEvent]:
    """List a debate's live evenings, newest first, for its organisers."""
    return db.session.scalars(
        select(LiveEvent).where(LiveEvent.debate_id == debate.id)
        .order_by(LiveEvent.id.desc()).limit(10)
    ).all()
