"""Serve reports, the review queue, the public moderation log and notifications."""

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access import load_debate, load_item
from app.auth.services import find_user
from app.errors import DomainError
from app.extensions import db
from app.htmx import hx_redirect, render
from app.models import (
    Argument,
    Evidence,
    ModerationAction,
    ModerationState,
    Notification,
    Position,
    Report,
    ReportReason,
    ReportStatus,
)
from app.moderation import bp
from app.moderation.forms import (
    ModerationForm,
    ReportForm,
    SuspendForm,
)
from app.moderation.services import (
    dismiss_reports,
    item_debate,
    lock_branch,
    mark_notifications_read,
    moderate_item,
    report_item,
    suspend_member,
)
from app.security import page_number

LOG_PAGE_SIZE = 50


def require_moderator(debate) -> None:
    if not debate.can_moderate(current_user):
        abort(403)


@bp.route("/report/<kind>/<int:item_id>", methods=["GET", "POST"])
@login_required
def report(kind: str, item_id: int):
    """Report an argument or evidence to the debate's moderators."""
    item = load_item(kind, item_id)
    if not item.is_visible:
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        try:
            report_item(item, current_user, ReportReason(form.reason.data), form.details.data)
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "reason").errors.append(error.message)
        else:
            flash("Thank you. The moderators will review your report.", "success")
            argument = item if isinstance(item, Argument) else item.argument
            return hx_redirect(url_for("debates.position", debate_id=argument.position.debate_id,
                                       position_id=argument.position_id))
    status = 422 if form.errors else 200
    return render("moderation/report.html", "moderation/_report_form.html", status,
                  form=form, item=item, kind=kind)


@bp.get("/debates/<int:debate_id>/queue")
@login_required
def queue(debate_id: int):
    """List pending items and open reports, oldest first, with their context."""
    debate = load_debate(debate_id)
    require_moderator(debate)
    in_debate = select(Position.id).where(Position.debate_id == debate.id)
    reports = db.session.scalars(
        select(Report)
        .where(Report.debate_id == debate.id, Report.status == ReportStatus.OPEN)
        .options(selectinload(Report.reporter))
        .order_by(Report.created_at, Report.id)
    ).all()
    reported_arguments = {r.argument_id for r in reports if r.argument_id}
    reported_evidence = {r.evidence_id for r in reports if r.evidence_id}
    arguments = db.session.scalars(
        select(Argument)
        .where(
            Argument.position_id.in_(in_debate),
            (Argument.moderation == ModerationState.PENDING)
            | Argument.id.in_(reported_arguments),
        )
        .options(selectinload(Argument.parent), selectinload(Argument.author),
                 selectinload(Argument.position))
    ).all()
    evidence = db.session.scalars(
        select(Evidence)
        .join(Argument, Evidence.argument_id == Argument.id)
        .where(
            Argument.position_id.in_(in_debate),
            (Evidence.moderation == ModerationState.PENDING)
            | Evidence.id.in_(reported_evidence),
        )
        .options(selectinload(Evidence.argument).selectinload(Argument.position),
                 selectinload(Evidence.added_by), selectinload(Evidence.passage))
    ).all()
    entries = []
    for kind, items, key in (("argument", arguments, "argument_id"),
                             ("evidence", evidence, "evidence_id")):
        for item in items:
            item_reports = [r for r in reports if getattr(r, key) == item.id]
            since = min([r.created_at for r in item_reports] + [item.created_at]
                        if item.moderation == ModerationState.PENDING
                        else [r.created_at for r in item_reports])
            entries.append({"kind": kind, "item": item, "reports": item_reports, "since": since})
    entries.sort(key=lambda entry: entry["since"])
    return render_template("moderation/queue.html", debate=debate, entries=entries,
                           form=ModerationForm(), suspend_form=SuspendForm())


@bp.post("/debates/<int:debate_id>/queue/<kind>/<int:item_id>")
@login_required
def act(debate_id: int, kind: str, item_id: int):
    """Approve, reject, hide, restore, dismiss reports on, lock or unlock an item."""
    debate = load_debate(debate_id)
    require_moderator(debate)
    item = load_item(kind, item_id)
    if item_debate(item).id != debate.id:
        abort(404)
    form = ModerationForm()
    if not form.validate_on_submit():
        flash("Give a reason for every moderation action.", "error")
        return redirect(url_for("moderation.queue", debate_id=debate.id), 303)
    action, reason = form.action.data, form.reason.data
    if action == "dismiss_reports":
        dismiss_reports(item, current_user, reason)
    elif action in ("lock", "unlock"):
        if not isinstance(item, Argument):
            abort(400)
        lock_branch(item, current_user, reason, locked=action == "lock")
    else:
        moderate_item(item, current_user, action, reason)
    db.session.commit()
    flash("Done. The action is in the public moderation log.", "success")
    target = request.form.get("next")
    if target != "item":
        return hx_redirect(url_for("moderation.queue", debate_id=debate.id))
    argument = item if isinstance(item, Argument) else item.argument
    return hx_redirect(url_for("arguments.show", argument_id=argument.id))


@bp.post("/debates/<int:debate_id>/suspensions")
@login_required
def suspend(debate_id: int):
    """Suspend a member from the debate for some days, or lift a suspension."""
    debate = load_debate(debate_id)
    require_moderator(debate)
    form = SuspendForm()
    if not form.validate_on_submit():
        flash(" ".join(error for errors in form.errors.values() for error in errors), "error")
        return redirect(url_for("moderation.queue", debate_id=debate.id), 303)
    member = find_user(form.username.data)
    if member is None:
        flash(f"Nobody is called “{form.username.data}”.", "error")
        return redirect(url_for("moderation.queue", debate_id=debate.id), 303)
    suspend_member(debate, current_user, member, form.days.data, form.reason.data)
    db.session.commit()
    flash("Suspension recorded in the public log.", "success")
    return redirect(url_for("moderation.queue", debate_id=debate.id), 303)


def log_entries(debate_id: int, page: int):
    rows = db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.debate_id == debate_id)
        .options(selectinload(ModerationAction.actor))
        .order_by(ModerationAction.created_at.desc(), ModerationAction.id.desc())
        .limit(LOG_PAGE_SIZE + 1)
        .offset((page - 1) * LOG_PAGE_SIZE)
    ).all()
    return rows[:LOG_PAGE_SIZE], len(rows) > LOG_PAGE_SIZE


@bp.get("/debates/<int:debate_id>/log")
def log(debate_id: int):
    """Show everyone what the moderators did, to what, and why."""
    debate = load_debate(debate_id)
    page = page_number()
    entries, more = log_entries(debate.id, page)
    return render_template("moderation/log.html", debate=debate, entries=entries, page=page,
                           more=more)


@bp.get("/debates/<int:debate_id>/log.csv")
@login_required
def log_csv(debate_id: int):
    """Export the whole moderation log as CSV for the moderators."""
    debate = load_debate(debate_id)
    require_moderator(debate)
    rows = db.session.scalars(
        select(ModerationAction)
        .where(ModerationAction.debate_id == debate.id)
        .options(selectinload(ModerationAction.actor))
        .order_by(ModerationAction.created_at, ModerationAction.id)
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["when", "who", "role", "action", "target", "target_id", "reason"])
    for entry in rows:
        writer.writerow([
            entry.created_at.isoformat(timespec="seconds") + "Z",
            csv_safe(entry.actor.display_name if entry.actor else "Agora"),
            entry.actor_role,
            entry.action,
            csv_safe(entry.target_label),
            entry.target_id or "",
            csv_safe(entry.reason),
        ])
    return Response(
        out.getvalue(),
        mimetype="text/csv",
        headers={"Content-Disposition": f"attachment; filename=debate-{debate.id}-log.csv"},
    )


def csv_safe(value: str) -> str:
    """Keep spreadsheet programs from running user text as a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/notifications")
@login_required
def notifications():
    """List a person's notices, newest first."""
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == current_user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(200)
    ).all()
    return render_template("moderation/notifications.html", notifications=rows)


@bp.post("/notifications/read")
@login_required
def read_notifications():
    """Mark every notice read."""
    mark_notifications_read(current_user)
    db.session.commit()
    return redirect(url_for("moderation.notifications"), 303)
