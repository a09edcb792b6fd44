"""Hold the rules for accounts: names, password strength and checking credentials."""

import re
from datetime import timedelta
from functools import cache

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from app.auth.sign_ins import current_sign_in, end_every_sign_in, start_sign_in
from app.errors import Conflict, DomainError
from app.extensions import db
from app.models import SignIn, User

USERNAME_MIN = 3
USERNAME_MAX = 30
USERNAME_PATTERN = r"^[a-z0-9_]+$"
DISPLAY_NAME_MAX = 60
# NIST SP 800-63B asks for at least 8; 10 keeps short guessable phrases out while a passphrase
# stays easy. 128 is far beyond any real passphrase and bounds the hashing work per request.
PASSWORD_MIN = 10
PASSWORD_MAX = 128
COMMON_PASSWORDS_CHECKED = 10_000

# A hash to compare against when the username is unknown, so that both cases take equal time.
_DUMMY_HASH = generate_password_hash("not a real password")


@cache
def common_passwords() -> frozenset[str]:
    """Return the most common passwords from zxcvbn's list of leaked ones."""
    # Imported here, when a password is first chosen: its lists weigh 11 MB in every process,
    # and a job worker, or a web worker that only signs people in, never needs them.
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"][:COMMON_PASSWORDS_CHECKED])


def check_password(password: str, username: str = "", display_name: str = "") -> None:
    """Refuse passwords that are too short, too long, common or built from the name."""
    if len(password) < PASSWORD_MIN:
        raise DomainError(_(
            "Use at least %(password_min)s characters.",
            password_min=PASSWORD_MIN,
        ), field="password")
    if len(password) > PASSWORD_MAX:
        raise DomainError(_(
            "Use at most %(password_max)s characters.",
            password_max=PASSWORD_MAX,
        ), field="password")
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) < 4:
        raise DomainError(
            _("This password is one of the most commonly used; choose another."), field="password"
        )
    for name in (username, display_name.replace(" ", "")):
        if name and len(name) >= 3 and name.lower() in lowered:
            raise DomainError(_("Don't build the password from your name."), field="password")


def checked_display_name(display_name: str) -> str:
    """Return the display name trimmed, or refuse an empty or overlong one."""
    display_name = display_name.strip()
    if not display_name or len(display_name) > DISPLAY_NAME_MAX:
        raise DomainError(
            _(
                "Use 1 to %(display_name_max)s characters for your name.",
                display_name_max=DISPLAY_NAME_MAX,
            ), field="display_name"
        )
    return display_name


def rename_user(user: User, display_name: str) -> None:
    """Change how the person's name appears in debates; the username stays."""
    user.display_name = checked_display_name(display_name)
    db.session.flush()


def find_user(username: str) -> User | None:
    """Return the user with this username, whatever its case."""
    return db.session.scalar(select(User).where(User.username == username.strip().lower()))


def register_user(
    username: str,
    display_name: str,
    password: str,
    email: str | None = None,
    is_admin: bool = False,
    hash_method: str | None = None,
) -> User:
    """Create an account after checking every rule; the caller commits.

    A random one-time password may name a quicker `hash_method`: its own length makes it hard
    to guess, and a class of thirty needs thirty hashes in one request."""
    username = username.strip().lower()
    display_name = display_name.strip()
    email = email.strip().lower() if email else None
    if not (USERNAME_MIN <= len(username) <= USERNAME_MAX) or not re.match(
        USERNAME_PATTERN, username
    ):
        raise DomainError(
            _(
                "Use %(username_min)s to %(username_max)s lowercase letters, digits or "
                "underscores.",
                username_min=USERNAME_MIN,
                username_max=USERNAME_MAX,
            ),
            field="username",
        )
    display_name = checked_display_name(display_name)
    check_password(password, username, display_name)
    if find_user(username):
        raise Conflict(_("This username is taken."), field="username")
    if email and db.session.scalar(select(func.count()).where(User.email == email)):
        # Refusing would tell anyone whether an address has an account. Agora sends no mail
        # yet, so the address stays with its first account and this one goes without.
        email = None
    user = User(
        username=username,
        display_name=display_name,
        email=email,
        password_hash=(
            generate_password_hash(password, method=hash_method)
            if hash_method else generate_password_hash(password)
        ),
        is_admin=is_admin,
    )
    # Two sign-ups of one name at the same instant both pass the check above; the unique
    # constraint refuses the second, which must read as the same refusal.
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:
        raise Conflict(_("This username is taken."), field="username") from None
    return user


def authenticate(username: str, password: str) -> User | None:
    """Return the user whose password matches, or None, taking the same time either way."""
    user = find_user(username)
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return None
    return user if check_password_hash(user.password_hash, password) else None


def change_password(user: User, current: str, new: str, lasts: timedelta) -> SignIn:
    """Set a new password once the current one is given, end every sign-in made with the old
    one, and start a fresh sign-in for the browser that changed it."""
    if authenticate(user.username, current) is None:
        raise DomainError(_("The current password is not right."), field="current_password")
    check_password(new, user.username, user.display_name)
    if new == current:
        raise DomainError(_("Choose a password different from the current one."), field="password")
    remembered = current_sign_in(user)
    user.password_hash = generate_password_hash(new)
    end_every_sign_in(user)
    return start_sign_in(user, remembered is not None and remembered.remember, lasts)
