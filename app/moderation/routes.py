"""Serve reports, the review queue, moderators' actions and the public moderation log."""

import csv
import io

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.audit import log_rows, log_slice
from app.auth.services import find_user
from app.errors import DomainError, NotFound, beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect, render
from app.live.broker import tell_screens
from app.metrics import count
from app.models import Argument, Debate, LiveQuestion, Position, ReportReason
from app.models.columns import isoformat_utc
from app.moderation import bp
from app.moderation.forms import ModerationForm, ReportForm, SuspendForm
from app.moderation.queries import active_suspensions, review_queue
from app.moderation.services import (
    dismiss_reports,
    item_argument,
    item_debate,
    lock_branch,
    moderate_item,
    moderate_question,
    report_item,
    suspend_member,
)
from app.pagination import Cursor
from app.policy import Action
from app.visibility import load_debate, load_item

# The export reads the log from the database and writes it out in pieces of about this size.
LOG_EXPORT_BATCH = 500
LOG_EXPORT_CHUNK = 64 * 1024


def form_errors(form) -> str:
    """Join what a queue form was refused for, to flash above the queue it came from."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def back_to_queue(debate: Debate):
    """Send the moderator back to the review queue."""
    return redirect(url_for("moderation.queue", debate_id=debate.id), 303)


@bp.route("/report/<kind>/<int:item_id>", methods=["GET", "POST"])
@login_required
def report(kind: str, item_id: int):
    """Report an argument or evidence to the debate's moderators."""
    item = load_item(kind, item_id, current_user)
    if not item.is_visible or isinstance(item, Position):
        raise NotFound(_("This does not exist."))
    form = ReportForm()
    if form.validate_on_submit():
        with beside_field(form, "reason"):
            report_item(item, current_user, ReportReason(form.reason.data), form.details.data)
            db.session.commit()
            count("reports")
            flash(_("Thank you. The moderators will review your report."), "success")
            argument = item_argument(item)
            return hx_redirect(url_for("debates.position", debate_id=argument.position.debate_id,
                                       position_id=argument.position_id))
    return render("moderation/report.html", "moderation/_report_form.html", form_status(),
                  form=form, item=item, kind=kind)


@bp.get("/debates/<int:debate_id>/queue")
@login_required
def queue(debate_id: int):
    """List pending items and open reports, oldest first, with their context."""
    debate = load_debate(debate_id, current_user, then=Action.MODERATE)
    page = review_queue(debate, Cursor.from_args(request.args))
    return render_template("moderation/queue.html", debate=debate, page=page,
                           entries=page.items, form=ModerationForm(), suspend_form=SuspendForm(),
                           suspensions=active_suspensions(debate))


@bp.post("/debates/<int:debate_id>/queue/<kind>/<int:item_id>")
@login_required
def act(debate_id: int, kind: str, item_id: int):
    """Approve, reject, hide, restore, dismiss reports on, lock or unlock an item; approve or
    reject a proposed position."""
    debate = load_debate(debate_id, current_user, then=Action.MODERATE)
    if kind == "question":
        return act_on_question(debate, item_id)
    item = load_item(kind, item_id, current_user)
    if item_debate(item).id != debate.id:
        raise NotFound(_("This does not exist."))
    form = ModerationForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
        return back_to_queue(debate)
    action, reason = form.action.data, form.reason.data or ""
    if action in ("lock", "unlock") and not isinstance(item, Argument):
        abort(400)
    if action == "dismiss_reports" and isinstance(item, Position):
        abort(400)
    try:
        if action == "dismiss_reports":
            dismiss_reports(item, current_user, reason)
        elif action in ("lock", "unlock"):
            lock_branch(item, current_user, reason, locked=action == "lock")
        else:
            moderate_item(item, current_user, action, reason)
    except DomainError as error:
        if error.field != "reason":
            raise
        db.session.rollback()
        flash(error.message, "error")
        return back_to_queue(debate)
    db.session.commit()
    flash(_("Done. The action is in the public moderation log."), "success")
    if request.form.get("next") != "item":
        return hx_redirect(url_for("moderation.queue", debate_id=debate.id))
    if isinstance(item, Position):
        return hx_redirect(url_for("debates.position", debate_id=debate.id,
                                   position_id=item.id))
    return hx_redirect(url_for("arguments.show", argument_id=item_argument(item).id))


def act_on_question(debate: Debate, question_id: int):
    """Approve or reject an audience question of one of the debate's live events."""
    question = db.session.get(LiveQuestion, question_id)
    if question is None or question.event.debate_id != debate.id:
        raise NotFound(_("This does not exist."))
    form = ModerationForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
        return back_to_queue(debate)
    event = question.event
    try:
        moderate_question(question, current_user, form.action.data, form.reason.data or "")
    except DomainError as error:
        if error.field != "reason":
            raise
        db.session.rollback()
        flash(error.message, "error")
        return back_to_queue(debate)
    db.session.commit()
    tell_screens(event, questions=True)
    flash(_("Done. The action is in the public moderation log."), "success")
    return hx_redirect(url_for("moderation.queue", debate_id=debate.id))


@bp.post("/debates/<int:debate_id>/suspensions")
@login_required
def suspend(debate_id: int):
    """Suspend a member from the debate for some days, or lift a suspension."""
    debate = load_debate(debate_id, current_user, then=Action.MODERATE)
    form = SuspendForm()
    if not form.validate_on_submit():
        flash(form_errors(form), "error")
        return back_to_queue(debate)
    member = find_user(form.username.data)
    if member is None:
        flash(_("Nobody is called “%(data)s”.", data=form.username.data), "error")
        return back_to_queue(debate)
    suspend_member(debate, current_user, member, form.days.data, form.reason.data)
    db.session.commit()
    flash(_("Suspension recorded in the public log."), "success")
    return back_to_queue(debate)


@bp.get("/debates/<int:debate_id>/log")
def log(debate_id: int):
    """Show everyone what the moderators did, to what, and why."""
    debate = load_debate(debate_id, current_user)
    page = log_slice(debate, Cursor.from_args(request.args))
    return render_template("moderation/log.html", debate=debate, entries=page.items, page=page)


@bp.get("/debates/<int:debate_id>/log.csv")
@login_required
def log_csv(debate_id: int):
    """Export the whole moderation log as CSV for the moderators, streamed row by row."""
    debate = load_debate(debate_id, current_user, then=Action.MODERATE)
    return Response(
        stream_with_context(csv_lines(log_rows(debate))),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=debate-{debate.id}-log.csv"},
    )


def csv_lines(query):
    """Write the log's header, then each entry the query selects, as CSV lines."""
    # Run the query only once the response streams: by then the view's transaction has ended.
    rows = db.session.execute(query.execution_options(yield_per=LOG_EXPORT_BATCH))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when", "who", "role", "action", "target", "target_id", "reason"])
    for when, who, role, action, target, target_id, reason in rows:
        writer.writerow([
            isoformat_utc(when),
            csv_safe(who if who is not None else "Agora"),
            role,
            action,
            csv_safe(target),
            target_id or "",
            csv_safe(reason),
        ])
        # Hand over what a batch of rows wrote, so that memory holds one batch at most.
        if out.tell() > LOG_EXPORT_CHUNK:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running user text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value
