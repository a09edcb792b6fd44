"""Serve a debate's settings, its members and invite links, joining and leaving."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.access import load_debate
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
from app.models import Invite, Membership, PostingMode, Role, User, Visibility, Voters
from app.moderation import bp
from app.moderation.forms import InviteForm, MemberForm, SettingsForm


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
    memberships = sorted(
        db.session.scalars(
            select(Membership)
            .where(Membership.debate_id == debate.id)
            .options(selectinload(Membership.user))
        ),
        key=lambda m: (m.role.value != "owner", m.id),
    )
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
