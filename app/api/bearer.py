"""Let personal access tokens act for their owner in the API, where this is the one reader of
the Authorization header."""

from functools import wraps

from flask import current_app, g, request
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.auth.tokens import token_named
from app.errors import NotAllowed, error_response
from app.extensions import csrf, db, login
from app.live.audience import is_audience_token

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def refused_token(message: str):
    """Answer 401 in JSON, saying how to authenticate."""
    body, code, headers = error_response(401, message)
    return body, code, {**headers, "WWW-Authenticate": 'Bearer realm="agora-api"'}


@bp.before_request
def authenticate_bearer():
    """Act as the owner of the bearer token, if one is sent; refuse an unknown or revoked one.

    A bearer token is never sent by a browser on its own, so CSRF does not apply to it; an unsafe
    request signed in by cookie is checked like a form would be, and one with no credentials at
    all has nothing to forge.
    """
    g.api_token = None
    header = request.headers.get("Authorization")
    if header is None:
        forgeable = request.method in UNSAFE_METHODS and current_user.is_authenticated
        if forgeable and current_app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect()
        return None
    scheme, _space, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        return refused_token(_("Send a personal access token as Authorization: Bearer "
                               "<token>."))
    if is_audience_token(secret.strip()):
        # A phone's audience token for a live event: the live routes read it themselves.
        return None
    token = token_named(secret.strip())
    if token is None:
        db.session.rollback()
        return refused_token(_("This token is unknown or was revoked."))
    # Noting the day of use is the only write a read makes, at most once a day.
    db.session.commit()
    g.api_token = token
    # For this request only: login_user() would write the session and send a cookie back, and
    # Flask-Login offers no public way to act as someone for one request without it.
    login._update_request_context_with_user(token.user)
    return None


def write_token_required(view):
    """Let a view run only for a bearer token with write scope: cookies never write here."""

    @wraps(view)
    def guarded(*args, **kwargs):
        token = g.get("api_token")
        if token is None:
            return refused_token(_(
                "Writing through the API needs a personal access token with write scope, "
                "sent as Authorization: Bearer <token>; cookies are not accepted."
            ))
        if not token.can_write:
            raise NotAllowed(_("This token may only read; make one with write scope to change "
                               "anything."))
        return view(*args, **kwargs)

    return guarded
