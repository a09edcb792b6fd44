"""Serve following and unfollowing a debate, a position or an argument."""

from flask import abort, redirect, request, url_for
from flask_login import current_user, login_required

from app.extensions import db
from app.follows import bp
from app.follows.services import find_follow, follow, unfollow
from app.htmx import render, wants_fragment
from app.security import is_safe_redirect
from app.visibility import load_argument, load_debate, load_position

LOADERS = {"debate": load_debate, "position": load_position, "argument": load_argument}


def page_of(kind: str, target) -> str:
    """Return the address of the followed thing's own page."""
    if kind == "debate":
        return url_for("debates.show", debate_id=target.id)
    if kind == "position":
        return url_for("debates.position", debate_id=target.debate_id, position_id=target.id)
    return url_for("arguments.show", argument_id=target.id)


def answer(kind: str, target, following: bool):
    """Answer htmx with the button in its new state, everyone else by going back."""
    if wants_fragment():
        return render(
            "follows/_button.html", kind=kind, target_id=target.id, following=following
        )
    back = request.form.get("next")
    return redirect(back if is_safe_redirect(back) else page_of(kind, target), 303)


def load_target(kind: str, target_id: int):
    """Load what is to be followed, if this person may see it (404 otherwise)."""
    if kind not in LOADERS:
        abort(404)
    return LOADERS[kind](target_id, current_user)


@bp.post("/follows/<kind>/<int:target_id>")
@login_required
def add(kind: str, target_id: int):
    """Follow a debate, position or argument one may read."""
    target = load_target(kind, target_id)
    follow(current_user, target)
    db.session.commit()
    return answer(kind, target, following=True)


@bp.post("/follows/<kind>/<int:target_id>/delete")
@login_required
def remove(kind: str, target_id: int):
    """Stop following something, from its page or from a notice about it."""
    if kind not in LOADERS:
        abort(404)
    unfollow(current_user, kind, target_id)
    db.session.commit()
    back = request.form.get("next")
    if not wants_fragment() and is_safe_redirect(back):
        return redirect(back, 303)
    target = load_target(kind, target_id)
    return answer(kind, target, following=False)


def is_following(kind: str, target_id: int) -> bool:
    """Say whether the signed-in person follows this thing, for its page's button."""
    if not current_user.is_authenticated:
        return False
    return find_follow(current_user, kind, target_id) is not None
