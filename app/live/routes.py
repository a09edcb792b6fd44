"""Serve the pages of a live evening: setup, console, projector, phones and results."""

import io

import segno
from flask import (
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields import SelectChoice

from app.errors import Conflict, DomainError, NotAllowed, NotFound, beside_field, form_status
from app.extensions import db, limiter
from app.htmx import announce, wants_fragment
from app.live import bp
from app.live.audience import cookie_name, device_for, limit_key, token_sent
from app.live.broker import tell_screens
from app.live.forms import (
    CONSOLE_ACTIONS,
    ConsoleForm,
    EmptyForm,
    EventForm,
    JoinForm,
    MarkForm,
    QuestionForm,
    ScheduleForm,
    SpeakerForm,
    TicketsForm,
    VoteForm,
)
from app.live.queries import (
    device_votes,
    load_event,
    mark_counts,
    ranked_questions,
    results,
    speaker_arguments,
    state,
)
from app.live.services import (
    add_speaker,
    admit,
    approve_question,
    ask_question,
    cast_vote,
    create_event,
    go_to_phase,
    issue_tickets,
    mark_argument,
    mark_speaking,
    next_phase,
    oxford_phases,
    read_phases,
    require_accounts,
    reveal_results,
    run_timer,
    set_schedule,
    set_voting,
    show_question,
    upvote_question,
)
from app.models import (
    Argument,
    LiveEvent,
    LiveMark,
    MarkKind,
    Position,
    Round,
    SpeakerSide,
    StanceChoice,
)
from app.policy import Action, allows
from app.visibility import load_debate

# A phone keeps its token for a long evening and no longer.
COOKIE_SECONDS = 12 * 3600


def schedule_text(phases: list[dict]) -> str:
    """Write a schedule one phase a line, as the form reads it."""
    return "\n".join(f"{phase['name']} | {phase['minutes']}" for phase in phases)


def organised(event_id: int) -> LiveEvent:
    """Load an event for its organiser: the debate's owner, a moderator or a site admin."""
    return load_event(event_id, current_user, then=Action.RUN_EVENT)


@bp.route("/debates/<int:debate_id>/events/new", methods=["GET", "POST"])
@login_required
def new(debate_id: int):
    """Set up a live evening on one of the debate's positions."""
    debate = load_debate(debate_id, current_user, then=Action.RUN_EVENT)
    form = EventForm()
    positions = db.session.scalars(
        select(Position).where(Position.debate_id == debate.id).order_by(Position.id)).all()
    form.position.choices = [SelectChoice(position.id, position.statement)
                             for position in positions]
    if request.method == "GET":
        form.phases.data = schedule_text(oxford_phases())
    if form.validate_on_submit():
        with beside_field(form, "title"):
            phases = read_phases_into(form, form.phases.data)
            position = db.session.get(Position, form.position.data)
            event = create_event(debate, position, current_user, form.title.data, phases)
            db.session.commit()
            return redirect(url_for("live.setup", event_id=event.id), 303)
    return render_template("live/new.html", debate=debate, form=form), form_status()


def read_phases_into(form, text: str) -> list[dict]:
    """Read the schedule, putting a refusal beside the phases field."""
    try:
        return read_phases(text)
    except DomainError as error:
        error.field = "phases"
        raise


@bp.get("/live/<int:event_id>/setup")
@login_required
def setup(event_id: int):
    """Show the organiser's setup: speakers, schedule and the links to each screen."""
    return setup_page(organised(event_id))


def setup_page(event: LiveEvent, speaker_form=None, schedule_form=None, tickets_form=None,
               tickets=None):
    """Render the setup page with whichever forms were sent kept as they were."""
    speaker_form = speaker_form or SpeakerForm(formdata=None)
    fill_arguments(speaker_form, event)
    schedule_form = schedule_form or ScheduleForm(
        formdata=None, data={"phases": schedule_text(event.phases), "version": event.version})
    return render_template(
        "live/setup.html", event=event, debate=event.debate, speaker_form=speaker_form,
        schedule_form=schedule_form, tickets_form=tickets_form or TicketsForm(formdata=None),
        tickets=tickets,
    ), form_status()


def fill_arguments(form: SpeakerForm, event: LiveEvent) -> None:
    """Offer the motion's top-level arguments as a speaker's main point."""
    arguments = db.session.scalars(
        select(Argument).where(Argument.position_id == event.position_id,
                               Argument.parent_id.is_(None)).order_by(Argument.id).limit(200)
    ).all()
    form.argument.choices = [SelectChoice(0, _("— none —"))] + [
        SelectChoice(argument.id, argument.claim or _("(link)")) for argument in arguments
    ]


@bp.post("/live/<int:event_id>/speakers")
@login_required
def speakers(event_id: int):
    """Add a speaker to the evening."""
    event = organised(event_id)
    form = SpeakerForm()
    fill_arguments(form, event)
    if form.validate_on_submit():
        with beside_field(form, "argument"):
            add_speaker(event, form.name.data, SpeakerSide(form.side.data), form.bio.data or "",
                        form.argument.data or None)
            db.session.commit()
            tell_screens(event)
            flash(_("Speaker added."), "success")
            return redirect(url_for("live.setup", event_id=event.id), 303)
    return setup_page(event, speaker_form=form)


@bp.post("/live/<int:event_id>/schedule")
@login_required
def schedule(event_id: int):
    """Replace the evening's schedule."""
    event = organised(event_id)
    form = ScheduleForm()
    if form.validate_on_submit():
        with beside_field(form, "phases"):
            set_schedule(event, form.version.data, read_phases_into(form, form.phases.data))
            db.session.commit()
            tell_screens(event)
            flash(_("Schedule saved."), "success")
            return redirect(url_for("live.setup", event_id=event.id), 303)
    return setup_page(event, schedule_form=form)


@bp.post("/live/<int:event_id>/tickets")
@login_required
def tickets(event_id: int):
    """Issue single-use tickets and show their codes, this once, to print and hand out."""
    event = organised(event_id)
    form = TicketsForm()
    if form.validate_on_submit():
        with beside_field(form, "count"):
            codes = issue_tickets(event, form.count.data)
            db.session.commit()
            tell_screens(event)
            # Shown once, never stored: the page is the answer, not a redirect.
            body, _status = setup_page(event, tickets=codes)
            return body, 200, {"Cache-Control": "no-store"}
    return setup_page(event, tickets_form=form)


@bp.post("/live/<int:event_id>/accounts")
@login_required
def accounts(event_id: int):
    """Let only phones joined by a signed-in account vote, or any phone again."""
    event = organised(event_id)
    EmptyForm().validate_on_submit() or abort(400)
    require_accounts(event, request.form.get("required") == "1")
    db.session.commit()
    tell_screens(event)
    flash(_("Only signed-in accounts can vote now.") if event.accounts_required
          else _("Any phone with the join code can vote now."), "success")
    return redirect(url_for("live.setup", event_id=event.id), 303)


@bp.get("/live/<int:event_id>/console")
@login_required
def console(event_id: int):
    """Show the moderator's console."""
    event = organised(event_id)
    template = "live/_console.html" if wants_fragment() else "live/console.html"
    return render_template(template, event=event, debate=event.debate,
                           questions=ranked_questions(event, approved=None),
                           state=state(event)), 200, {"Vary": "HX-Request"}


@bp.post("/live/<int:event_id>/console/actions")
@login_required
def act(event_id: int):
    """Carry out one moderator action, if the console showed the current version."""
    event = organised(event_id)
    form = ConsoleForm()
    if not form.validate_on_submit() or form.action.data not in CONSOLE_ACTIONS:
        raise DomainError(_("This console action is not understood; reload the console."))
    try:
        apply_action(event, form.action.data, form.version.data, form.value.data or "")
    except Conflict as error:
        db.session.rollback()
        if wants_fragment():
            raise
        flash(error.message, "error")
        return redirect(url_for("live.console", event_id=event_id), 303)
    db.session.commit()
    tell_screens(event)
    if wants_fragment():
        return console(event_id)
    return redirect(url_for("live.console", event_id=event.id), 303)


def apply_action(event: LiveEvent, action: str, version: int, value: str) -> None:
    """Call the service a console button names."""
    number = whole(value)
    if action == "next":
        next_phase(event, version)
    elif action == "jump":
        go_to_phase(event, version, number if number is not None else -1)
    elif action in ("start", "pause", "extend"):
        run_timer(event, version, action, number or 60)
    elif action in ("open_pre", "open_post"):
        set_voting(event, version, Round(action.removeprefix("open_")), True)
    elif action == "close" and event.open_vote is not None:
        set_voting(event, version, event.open_vote, False)
    elif action == "close":
        raise Conflict(_("No vote is open."))
    elif action == "question":
        show_question(event, version, number)
    elif action == "speaking":
        mark_speaking(event, version, number)
    else:
        reveal_results(event, version, action == "reveal")


def whole(value: str) -> int | None:
    """Read a whole number from a button's value; empty means none."""
    if value == "":
        return None
    if not value.isdigit() or len(value) > 9:
        raise DomainError(_("This console action needs a whole number."))
    return int(value)


@bp.post("/live/<int:event_id>/questions/<int:question_id>/approve")
@login_required
def approve(event_id: int, question_id: int):
    """Let the audience see and upvote a question."""
    event = organised(event_id)
    EmptyForm().validate_on_submit() or abort(400)
    approve_question(event, question_id)
    db.session.commit()
    tell_screens(event)
    return redirect(url_for("live.console", event_id=event.id), 303)


@bp.get("/live/<int:event_id>/projector")
def projector(event_id: int):
    """Show the hall's screen: motion, phase, speaker, timer, join code, question, tallies."""
    event = watched(event_id)
    return render_template("live/projector.html", event=event, state=state(event))


@bp.get("/live/<int:event_id>/qr.svg")
def qr(event_id: int):
    """Draw the QR code that leads a phone to the join page with the code filled in."""
    event = watched(event_id)
    link = url_for("live.join", code=event.join_code, _external=True)
    svg = io.BytesIO()
    segno.make(link, error="m").save(svg, kind="svg", scale=8, dark="#000", light="#fff",
                                     title=_("Join code %(code)s", code=event.join_code))
    response = make_response(svg.getvalue())
    response.mimetype = "image/svg+xml"
    return response


@bp.get("/live/<int:event_id>/screen/<kind>")
def screen(event_id: int, kind: str):
    """Answer the current state of one screen: what polling fetches when live updates fail."""
    event = watched(event_id)
    if kind not in ("projector", "phone"):
        raise NotFound(_("There is no such screen."))
    return render_template(f"live/_{kind}_state.html", event=event, state=state(event))


def watched(event_id: int) -> LiveEvent:
    """Load an event for a screen: anyone who may read its debate, or a phone that joined."""
    event = load_event(event_id)
    if allows(current_user, Action.VIEW, event.debate):
        return event
    if device_for(event, token_sent(event_id)) is None:
        raise NotFound(f"Live event {event_id} does not exist.")
    return event


@bp.route("/live/join", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LIVE_JOIN_LIMIT"], methods=["POST"])
def join():
    """Join an evening by its code, without an account."""
    form, status = JoinForm(), 200
    if request.method == "GET" and request.args.get("code"):
        form.code.data = request.args["code"][:6].upper()
    if form.validate_on_submit():
        code = form.code.data.strip().upper()
        event = db.session.scalar(select(LiveEvent).where(LiveEvent.join_code == code))
        if event is None:
            form.code.errors.append(_("No evening has this code; check the screen."))
            status = 404
        elif not allows(current_user, Action.VIEW, event.debate):
            form.code.errors.append(_("This evening is for the debate's members: sign in first."))
            status = 403
        else:
            response = redirect(url_for("live.phone", event_id=event.id), 303)
            known = device_for(event, request.cookies.get(cookie_name(event.id)))
            # A phone that joined before signing in joins again to vote where accounts count.
            if known is not None and not (event.accounts_required and known.user_id is None
                                          and current_user.is_authenticated):
                return response
            try:
                _device, token = admit(event, form.ticket.data, current_user)
            except DomainError as error:
                db.session.rollback()
                form.ticket.errors.append(error.message)
                status = error.status
            else:
                db.session.commit()
                response.set_cookie(cookie_name(event.id), token, max_age=COOKIE_SECONDS,
                                    httponly=True, samesite="Lax",
                                    secure=current_app.config.get("SESSION_COOKIE_SECURE",
                                                                  False))
                return response
    if request.method == "POST" and status == 200:
        status = 422
    return render_template("live/join.html", form=form), status


def audience(event_id: int):
    """Load an event and this phone's device, or send the phone to join first."""
    event = load_event(event_id)
    device = device_for(event, token_sent(event_id))
    return event, device


@bp.get("/live/<int:event_id>/phone")
def phone(event_id: int):
    """Show a phone its evening: the phase, the vote, questions and the speakers' arguments."""
    event, device = audience(event_id)
    if device is None:
        return redirect(url_for("live.join", code=event.join_code), 303)
    return phone_page(event, device)


def phone_page(event: LiveEvent, device, status: int = 200, **forms):
    """Render the phone page, with any form sent kept as it was."""
    template = "live/_phone_controls.html" if wants_fragment() else "live/phone.html"
    return render_template(
        template, event=event, state=state(event), mine=device_votes(device),
        questions=ranked_questions(event), arguments=speaker_arguments(event),
        needs_account=event.accounts_required and device.user_id is None,
        marked=marked_by(device), question_form=forms.get("question_form") or QuestionForm(
            formdata=None),
    ), status, {"Vary": "HX-Request"}


def marked_by(device) -> set[tuple[int, str]]:
    """Return the (argument, kind) marks this phone made."""
    rows = db.session.execute(select(LiveMark.argument_id, LiveMark.kind).where(
        LiveMark.device_id == device.id)).all()
    return {(argument_id, kind.value) for argument_id, kind in rows}


def joined(event_id: int):
    """Load an event and this phone's device for a phone's action, refusing without one."""
    event, device = audience(event_id)
    if device is None:
        raise NotAllowed(_("Join the evening with its code first."))
    return event, device


def back_to_phone(event: LiveEvent, device, message: str):
    """Answer a phone's action: its refreshed controls for htmx, the page otherwise."""
    if wants_fragment():
        return announce(make_response(phone_page(event, device)), message)
    flash(message, "success")
    return redirect(url_for("live.phone", event_id=event.id), 303)


@bp.post("/live/<int:event_id>/phone/vote")
@limiter.limit(lambda: current_app.config["LIVE_VOTE_LIMIT"], key_func=limit_key)
def vote(event_id: int):
    """Cast or change this phone's vote while it is open."""
    event, device = joined(event_id)
    form = VoteForm()
    if not form.validate_on_submit():
        raise DomainError(_("Choose For, Against or Undecided."))
    cast_vote(event, device, Round(form.vote.data), StanceChoice(form.choice.data))
    db.session.commit()
    tell_screens(event)
    return back_to_phone(event, device, _("Your vote is counted. You can change it while "
                                          "voting is open."))


@bp.post("/live/<int:event_id>/phone/questions")
@limiter.limit(lambda: current_app.config["LIVE_VOTE_LIMIT"], key_func=limit_key)
def ask(event_id: int):
    """Send the speakers a question, which the moderator approves before others see it."""
    event, device = joined(event_id)
    form = QuestionForm()
    if form.validate_on_submit():
        with beside_field(form, "body"):
            ask_question(event, device, form.body.data)
            db.session.commit()
            tell_screens(event, questions=True)
            return back_to_phone(event, device, _("Question sent. The moderator reads it "
                                                  "before it is shown."))
    return phone_page(event, device, 422, question_form=form)


@bp.post("/live/<int:event_id>/phone/questions/<int:question_id>/upvote")
@limiter.limit(lambda: current_app.config["LIVE_VOTE_LIMIT"], key_func=limit_key)
def upvote(event_id: int, question_id: int):
    """Upvote a question, once per phone."""
    event, device = joined(event_id)
    EmptyForm().validate_on_submit() or abort(400)
    upvote_question(event, device, question_id)
    db.session.commit()
    return back_to_phone(event, device, _("Upvoted."))


@bp.post("/live/<int:event_id>/phone/marks")
@limiter.limit(lambda: current_app.config["LIVE_VOTE_LIMIT"], key_func=limit_key)
def mark(event_id: int):
    """Say a speaker's argument convinced you, or changed your mind."""
    event, device = joined(event_id)
    form = MarkForm()
    if not form.validate_on_submit():
        raise DomainError(_("Pick one of the speakers' arguments."))
    mark_argument(event, device, form.argument.data, MarkKind(form.kind.data))
    db.session.commit()
    return back_to_phone(event, device, _("Thank you, noted."))


@bp.get("/live/<int:event_id>/results")
def result(event_id: int):
    """Show the evening's result with its charts, once revealed (to organisers anytime)."""
    event = watched(event_id)
    if not event.revealed and not allows(current_user, Action.RUN_EVENT, event.debate):
        raise NotAllowed(_("The results are not revealed yet."))
    return render_template("live/results.html", event=event, debate=event.debate,
                           results=results(event), arguments=speaker_arguments(event),
                           marks=mark_counts(event))
