"""Serve a debate's settings, its members and invite links, joining and leaving."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.debates.services import update_settings
from app.errors import beside_field, form_status
from app.extensions import db, login
from app.memberships import bp
from app.memberships.forms import InviteForm, MemberForm, SettingsForm
from app.memberships.queries import invites_page, members_page
from app.memberships.services import (
    accept_invite,
    add_member,
    create_invite,
    find_invite,
    leave_debate,
    remove_member,
    revoke_invite,
)
from app.models import Debate, Invite, PostingMode, Role, User, Visibility, Voters
from app.moderation.queries import active_suspensions
from app.pagination import Cursor
from app.policy import Action
from app.visibility import load_debate


def settings_page(debate: Debate, **forms):
    """Render the settings page, with whichever forms were sent kept as they were."""
    members = members_page(debate, Cursor.from_args(request.args, "members_"))
    invites = invites_page(debate, Cursor.from_args(request.args, "invites_"))
    context = {
        "form": SettingsForm(formdata=None, obj=debate).fill_from(debate),
        "member_form": MemberForm(formdata=None),
        "invite_form": InviteForm(formdata=None),
        **forms,
    }
    return render_template(
        "memberships/settings.html",
        debate=debate,
        invites=invites.items,
        invites_page=invites,
        memberships=members.items,
        members_page=members,
        suspended={s.user_id: s.until for s in active_suspensions(debate)},
        **context,
    ), form_status()


def back_to_settings(debate_id: int):
    """Send the owner back to the settings page."""
    return redirect(url_for("memberships.settings", debate_id=debate_id), 303)


@bp.route("/debates/<int:debate_id>/settings", methods=["GET", "POST"])
@login_required
def settings(debate_id: int):
    """Change a debate's settings, members and invite links."""
    debate = load_debate(debate_id, current_user, then=Action.MANAGE)
    form = SettingsForm()
    if form.validate_on_submit():
        with beside_field(form, "visibility"):
            changes = update_settings(
                debate,
                current_user,
                visibility=Visibility(form.visibility.data),
                posting_mode=PostingMode(form.posting_mode.data),
                voters=Voters(form.voters.data),
                posts_per_hour=form.posts_per_hour.data,
                report_threshold=form.report_threshold.data,
                hide_tallies_until_rated=form.hide_tallies_until_rated.data,
                participants_raise_positions=form.participants_raise_positions.data,
            )
            db.session.commit()
            flash("Settings saved: " + "; ".join(changes) if changes else _("Nothing changed."),
                  "success")
            return back_to_settings(debate.id)
    if request.method == "GET":
        return settings_page(debate)
    return settings_page(debate, form=form)


@bp.post("/debates/<int:debate_id>/members")
@login_required
def members(debate_id: int):
    """Add a member by username, or change a member's role."""
    debate = load_debate(debate_id, current_user, then=Action.MANAGE)
    form = MemberForm()
    if form.validate_on_submit():
        with beside_field(form, "username"):
            add_member(debate, current_user, form.username.data, Role(form.role.data))
            db.session.commit()
            flash(_(
                "%(data)s is now a %(data2)s.",
                data=form.username.data,
                data2=form.role.data,
            ), "success")
            return back_to_settings(debate.id)
    return settings_page(debate, member_form=form)


@bp.post("/debates/<int:debate_id>/members/<int:user_id>/remove")
@login_required
def remove(debate_id: int, user_id: int):
    """Take someone out of the debate's members."""
    debate = load_debate(debate_id, current_user)
    member = db.get_or_404(User, user_id)
    remove_member(debate, current_user, member)
    db.session.commit()
    flash(_(
        "%(display_name)s is no longer a member.",
        display_name=member.display_name,
    ), "success")
    return back_to_settings(debate.id)


@bp.post("/debates/<int:debate_id>/invites")
@login_required
def invite(debate_id: int):
    """Make a shareable invite link."""
    debate = load_debate(debate_id, current_user, then=Action.MANAGE)
    form = InviteForm()
    if form.validate_on_submit():
        with beside_field(form, "role"):
            create_invite(debate, current_user, Role(form.role.data), form.days.data)
            db.session.commit()
            flash(_("Invite link created. Share it with the people you want to join."), "success")
            return back_to_settings(debate.id)
    return settings_page(debate, invite_form=form)


@bp.post("/invites/<int:invite_id>/revoke")
@login_required
def revoke(invite_id: int):
    """Stop an invite link from working."""
    invite = db.get_or_404(Invite, invite_id)
    revoke_invite(invite, current_user)
    db.session.commit()
    flash(_("Invite link revoked."), "success")
    return back_to_settings(invite.debate_id)


@bp.route("/join/<token>", methods=["GET", "POST"])
def join(token: str):
    """Show whom an invite link comes from and to which debate; join it once signed in."""
    invite = find_invite(token)
    if request.method == "POST":
        if not current_user.is_authenticated:
            return login.unauthorized()
        accept_invite(invite, current_user)
        db.session.commit()
        flash(_("Welcome to “%(title)s”.", title=invite.debate.title), "success")
        return redirect(url_for("debates.show", debate_id=invite.debate_id), 303)
    return render_template("memberships/join.html", invite=invite)


@bp.post("/debates/<int:debate_id>/leave")
@login_required
def leave(debate_id: int):
    """Leave a debate."""
    debate = load_debate(debate_id, current_user)
    leave_debate(debate, current_user)
    db.session.commit()
    flash(_("You left “%(title)s”.", title=debate.title), "info")
    return redirect(url_for("debates.index"), 303)
