"""Drive live events from other tools: organisers with personal access tokens, phones with
audience tokens."""

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.api import bp
from app.api.bearer import write_token_required
from app.api.encoding import json_answer
from app.api.payloads import choice, flag, identifier, json_object, text, whole_number
from app.errors import DomainError, NotAllowed, NotFound
from app.extensions import db, limiter
from app.live.audience import device_for, limit_key, token_sent
from app.live.broker import tell_screens
from app.live.queries import load_event, results, state, vote_counts
from app.live.services import admit, cast_vote, create_event, go_to_phase, set_voting
from app.models import LiveEvent, Position, Round, StanceChoice
from app.policy import Action, allows
from app.visibility import load_debate


@bp.post("/debates/<int:debate_id>/events")
@write_token_required
def create_event_json(debate_id: int):
    """Set up a live event on one of the debate's positions."""
    user = current_user._get_current_object()
    debate = load_debate(debate_id, user, then=Action.RUN_EVENT)
    body = json_object("position_id", "title")
    position_id = identifier(body, "position_id", "Position")
    if position_id is None:
        raise DomainError("position_id is required.", field="position_id")
    position = db.session.get(Position, position_id)
    if position is None or position.debate_id != debate.id:
        raise NotFound(f"Position {position_id} is not in debate {debate.id}.")
    event = create_event(debate, position, user, text(body, "title"))
    db.session.commit()
    answer = state(event)
    location = url_for("api.live_event", event_id=event.id, _external=True)
    return json_answer({**answer, "url": location}, 201)


@bp.post("/live/join")
@limiter.limit(lambda: current_app.config["LIVE_JOIN_LIMIT"])
def join_json():
    """Join an event by its code, without an account: answer an audience token."""
    body = json_object("code", "ticket")
    code = text(body, "code").strip().upper()
    ticket = text(body, "ticket", required=False)
    event = db.session.scalar(select(LiveEvent).where(LiveEvent.join_code == code))
    if event is None:
        raise NotFound("No live event has this code.", field="code")
    if not allows(current_user, Action.VIEW, event.debate):
        raise NotAllowed("This event is for the debate's members: sign in to join it.")
    _device, token = admit(event, ticket, current_user)
    answer = state(event)
    db.session.commit()
    return json_answer({"token": token, "event": answer}, 201)


@bp.get("/live/<int:event_id>")
def live_event(event_id: int):
    """Describe an event's state: phase, version, open vote, counts once revealed."""
    return json_answer(state(event_seen(event_id)))


@bp.post("/live/<int:event_id>/phase")
@write_token_required
def phase_json(event_id: int):
    """Move the event to a phase, by name or place, if the version sent is still current."""
    event = load_event(event_id, current_user, then=Action.RUN_EVENT)
    body = json_object("phase", "version")
    version = whole_number(body, "version")
    if version is None:
        raise DomainError("version is required: send the version you last saw.",
                          field="version")
    phase = body.get("phase")
    if not isinstance(phase, str | int) or isinstance(phase, bool):
        raise DomainError("phase must be a phase's name or its place from 0.", field="phase")
    go_to_phase(event, version, text(body, "phase") if isinstance(phase, str) else phase)
    db.session.commit()
    tell_screens(event)
    return json_answer(state(event))


@bp.post("/live/<int:event_id>/voting")
@write_token_required
def voting_json(event_id: int):
    """Open or close the pre-vote or the post-vote."""
    event = load_event(event_id, current_user, then=Action.RUN_EVENT)
    body = json_object("vote", "open", "version")
    vote = choice(body, "vote", Round)
    if "open" not in body:
        raise DomainError("open is required: true or false.", field="open")
    set_voting(event, whole_number(body, "version"), vote, flag(body, "open"))
    db.session.commit()
    tell_screens(event)
    return json_answer(state(event))


@bp.post("/live/<int:event_id>/vote")
@limiter.limit(lambda: current_app.config["LIVE_VOTE_LIMIT"], key_func=limit_key)
def vote_json(event_id: int):
    """Cast or change this device's vote while that vote is open."""
    event = load_event(event_id)
    device = device_for(event, token_sent(event_id))
    if device is None:
        return json_answer({"error": {"status": 401, "message": _(
            "Join the event first and send its audience token as Authorization: Bearer <token>."
        )}}, 401)
    body = json_object("vote", "choice")
    vote, picked = choice(body, "vote", Round), choice(body, "choice", StanceChoice)
    cast_vote(event, device, vote, picked)
    db.session.commit()
    tell_screens(event)
    return json_answer({"vote": vote.value, "choice": picked.value,
                        "votes_cast": vote_counts(event.id)})


@bp.get("/live/<int:event_id>/results")
def results_json(event_id: int):
    """Give the evening's result: counts, shares, swing, winner, transitions and turnout."""
    event = event_seen(event_id)
    if not event.revealed and not allows(current_user, Action.RUN_EVENT, event.debate):
        raise NotAllowed("The results are not revealed yet.")
    return json_answer(results(event))


def event_seen(event_id: int) -> LiveEvent:
    """Load an event for someone who may read its debate or holds one of its audience tokens."""
    event = load_event(event_id)
    if allows(current_user, Action.VIEW, event.debate):
        return event
    if device_for(event, token_sent(event_id)) is None:
        raise NotFound(f"Live event {event_id} does not exist.")
    return event
