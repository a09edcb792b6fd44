"""Serve reports, the review queue, the public log, members and settings of a debate."""

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access import load_debate, load_item
from app.auth.services import find_user
from app.debates.members import (
    accept_invite,
    add_member,
    create_invite,
    find_invite,
    leave_debate,
    remove_member,
    revoke_invite,
)
from app.debates.services import update_settings
from app.errors import DomainError
from app.extensions import db
from app.htmx import hx_redirect, render
from app.models import (
    Argument,
    Evidence,
    Invite,
    ModerationAction,
    ModerationState,
    Notification,
    Position,
    PostingMode,
    Report,
    ReportReason,
    ReportStatus,
    Role,
    User,
    Visibility,
    Voters,
)
from app.moderation import bp
from app.moderation.forms import (
    InviteForm,
    MemberForm,
    ModerationForm,
    ReportForm,
    SettingsForm,
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
    page = max(1, request.args.get("page", 1, type=int))
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


@bp.route("/debates/<int:debate_id>/settings", methods=["GET", "POST"])
@login_required
def settings(debate_id: int):
    """Change a debate's settings, members and invite links."""
    debate = load_debate(debate_id)
    if not debate.can_manage(current_user):
        abort(403)
    form = SettingsForm(obj=debate) if request.method == "GET" else SettingsForm()
    if request.method == "GET":
        for name in ("visibility", "posting_mode", "voters"):
            getattr(form, name).data = getattr(debate, name).value
    if form.validate_on_submit():
        try:
            changes = update_settings(
                debate,
                current_user,
                visibility=Visibility(form.visibility.data),
                posting_mode=PostingMode(form.posting_mode.data),
                voters=Voters(form.voters.data),
                posts_per_hour=form.posts_per_hour.data,
                report_threshold=form.report_threshold.data,
                hide_tallies_until_rated=form.hide_tallies_until_rated.data,
            )
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            getattr(form, error.field or "visibility").errors.append(error.message)
        else:
            flash("Settings saved: " + "; ".join(changes) if changes else "Nothing changed.",
                  "success")
            return redirect(url_for("moderation.settings", debate_id=debate.id), 303)
    return settings_page(debate, form=form, status=422 if form.errors else 200)


def settings_page(debate, status=200, **forms):
    invites = db.session.scalars(
        select(Invite).where(Invite.debate_id == debate.id).order_by(Invite.id.desc())
    ).all()
    memberships = sorted(debate.memberships, key=lambda m: (m.role.value != "owner", m.id))
    context = {
        "form": SettingsForm(formdata=None, obj=debate),
        "member_form": MemberForm(formdata=None),
        "invite_form": InviteForm(formdata=None),
        **forms,
    }
    if "form" not in forms:
        for name in ("visibility", "posting_mode", "voters"):
            getattr(context["form"], name).data = getattr(debate, name).value
    return render_template("moderation/settings.html", debate=debate, invites=invites,
                           memberships=memberships, **context), status


@bp.post("/debates/<int:debate_id>/members")
@login_required
def members(debate_id: int):
    """Add a member by username, or change a member's role."""
    debate = load_debate(debate_id)
    if not debate.can_manage(current_user):
        abort(403)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            add_member(debate, current_user, form.username.data, Role(form.role.data))
            db.session.commit()
        except DomainError as error:
            db.session.rollback()
            form.username.errors.append(error.message)
        else:
            flash(f"{form.username.data} is now a {form.role.data}.", "success")
            return redirect(url_for("moderation.settings", debate_id=debate.id), 303)
    return settings_page(debate, status=422, member_form=form)


@bp.post("/debates/<int:debate_id>/members/<int:user_id>/remove")
@login_required
def remove(debate_id: int, user_id: int):
    """Take someone out of the debate's members."""
    debate = load_debate(debate_id)
    member = db.get_or_404(User, user_id)
    remove_member(debate, current_user, member)
    db.session.commit()
    flash(f"{member.display_name} is no longer a member.", "success")
    return redirect(url_for("moderation.settings", debate_id=debate.id), 303)


@bp.post("/debates/<int:debate_id>/invites")
@login_required
def invite(debate_id: int):
    """Make a shareable invite link."""
    debate = load_debate(debate_id)
    if not debate.can_manage(current_user):
        abort(403)
    form = InviteForm()
    if not form.validate_on_submit():
        return settings_page(debate, status=422, invite_form=form)
    create_invite(debate, current_user, Role(form.role.data), form.days.data)
    db.session.commit()
    flash("Invite link created. Share it with the people you want to join.", "success")
    return redirect(url_for("moderation.settings", debate_id=debate.id), 303)


@bp.post("/invites/<int:invite_id>/revoke")
@login_required
def revoke(invite_id: int):
    """Stop an invite link from working."""
    invite = db.get_or_404(Invite, invite_id)
    revoke_invite(invite, current_user)
    db.session.commit()
    flash("Invite link revoked.", "success")
    return redirect(url_for("moderation.settings", debate_id=invite.debate_id), 303)


@bp.route("/join/<token>", methods=["GET", "POST"])
@login_required
def join(token: str):
    """Join a debate through an invite link."""
    invite = find_invite(token)
    if request.method == "POST":
        accept_invite(invite, current_user)
        db.session.commit()
        flash(f"Welcome to “{invite.debate.title}”.", "success")
        return redirect(url_for("debates.show", debate_id=invite.debate_id), 303)
    return render_template("moderation/join.html", invite=invite)


@bp.post("/debates/<int:debate_id>/leave")
@login_required
def leave(debate_id: int):
    """Leave a debate."""
    debate = load_debate(debate_id)
    leave_debate(debate, current_user)
    db.session.commit()
    flash(f"You left “{debate.title}”.", "info")
    return redirect(url_for("debates.index"), 303)


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
