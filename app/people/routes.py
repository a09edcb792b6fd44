"""Serve a person's public profile."""

from flask import render_template, request
from flask_login import current_user

from app.auth.services import find_user
from app.errors import NotFound
from app.pagination import Cursor
from app.people import bp
from app.people.queries import public_arguments, public_positions


@bp.get("/people/<username>")
def show(username: str):
    """Show a profile its owner made public: their name, bio and public contributions; never
    their votes or stances. A private profile does not exist for anyone but its owner, and a
    class account's for nobody."""
    user = find_user(username[:60])
    own = user is not None and current_user.is_authenticated and current_user.id == user.id
    if user is None or user.is_managed or not (user.profile_public or own):
        raise NotFound("This person has no public profile.")
    arguments = public_arguments(user, Cursor.from_args(request.args))
    return render_template(
        "people/show.html",
        person=user,
        own=own,
        arguments=arguments.items,
        page=arguments,
        positions=public_positions(user),
    )
