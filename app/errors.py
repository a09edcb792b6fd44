"""Define the domain errors services raise, how they reach a form, and the error pages."""

import time
from contextlib import contextmanager

from flask import Flask, g, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_limiter.errors import RateLimitExceeded
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import HTTPException
from wtforms import FieldList, FormField

from app.extensions import db, limiter, login
from app.htmx import wants_fragment


class DomainError(Exception):
    """A rule refused an action; the message is fit to show to the user."""

    status = 422

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self._message = message
        self.field = field

    @property
    def message(self) -> str:
        """Return the message in the reader's language; errors made at import hold it lazily."""
        return str(self._message)


class BadRequest(DomainError):
    status = 400


class NotAllowed(DomainError):
    status = 403


class NotFound(DomainError):
    status = 404


class Conflict(DomainError):
    status = 409


class Refusal:
    """Hold the refusal that beside_field() caught, if any, for the route to look at."""

    error: DomainError | None = None


@contextmanager
def beside_field(form, default_field: str):
    """Put a service's refusal beside the field it names (or the default one) and carry on to
    re-render the form; refusals that are no fault of the form (429) go to the error page."""
    refusal = Refusal()
    try:
        yield refusal
    except DomainError as error:
        db.session.rollback()
        if error.status == 429:
            raise
        refusal.error = error
        field = field_named(form, error.field or default_field) or field_named(form, default_field)
        field.errors = [*field.errors, error.message]


def field_named(form, name: str):
    """Find a form's input by its name or id, in nested rows too (such as "anchors-0-quote");
    a list of rows is no place for a message, so its name finds nothing."""
    for field in form:
        if isinstance(field, FieldList | FormField):
            if found := field_named(field, name):
                return found
        elif name in (field.name, field.id):
            return field
    return None


def form_status() -> int:
    """Answer 422 to a form sent back with errors: any POST that is re-rendered was refused."""
    return 422 if request.method == "POST" else 200


PAGE_CODES = (400, 403, 404, 405, 409, 413, 422, 429, 500)

TITLES = {
    400: _l("Bad request"),
    403: _l("Not allowed"),
    404: _l("Not found"),
    405: _l("Method not allowed"),
    409: _l("Conflict"),
    410: _l("This link no longer works"),
    413: _l("Too large"),
    422: _l("Could not do that"),
    429: _l("Too many attempts"),
    500: _l("Something went wrong"),
    503: _l("Briefly unavailable"),
}
# How long to tell a client to wait when the database is out of reach: a restart takes a second.
DATABASE_RETRY_SECONDS = 2


def error_response(
    code: int, message: str, retry_after: int | None = None, field: str | None = None
):
    """Render the error page, or a short text for htmx to show in the flash area; API callers
    get JSON naming the field at fault, when there is one."""
    headers = {"Vary": "HX-Request"}
    message = str(message)  # titles are lazy: said in the reader's language only now
    if retry_after is not None:
        headers["Retry-After"] = str(retry_after)
    if request.path.startswith("/api/"):
        error = {"status": code, "message": message}
        if field:
            error["field"] = field
        return jsonify(error=error), code, headers
    if wants_fragment():
        return message, code, {**headers, "Content-Type": "text/plain; charset=utf-8"}
    template = f"errors/{code}.html" if code in PAGE_CODES else "errors/default.html"
    body = render_template(
        [template, "errors/default.html"],
        code=code,
        title=TITLES.get(code, "Error"),
        message=message,
        retry_after=retry_after,
    )
    return body, code, headers


def retry_after_seconds(error: HTTPException) -> int | None:
    """Say how many seconds remain until the limit that refused this request lets it in."""
    # The limiter adds its Retry-After header only after this handler has rendered the page,
    # so read the window of the breached limit instead.
    limit = limiter.current_limit
    if not isinstance(error, RateLimitExceeded) or limit is None:
        return None
    return max(1, limit.reset_at - int(time.time()))


def roll_back() -> None:
    """Roll the session back, even over a connection the database has just dropped.

    The first attempt then fails, but the pool has discarded the connection, so a second one
    has nothing left to send.
    """
    try:
        db.session.rollback()
    except DBAPIError as error:
        if not error.connection_invalidated:
            raise
        db.session.rollback()


def is_database_unreachable(error: DBAPIError) -> bool:
    """Say whether an error means the database is out of reach (restarting, failing over, or
    the connection cut) rather than a fault in what was asked of it."""
    return isinstance(error, OperationalError) or error.connection_invalidated


def register_error_handlers(app: Flask) -> None:
    """Route every error to a page that explains it and leaks nothing."""

    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        db.session.rollback()
        return error_response(error.status, error.message, field=error.field)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        retry_after = retry_after_seconds(error) if code == 429 else None
        message = TITLES.get(code, error.name)
        if code in (400, 413, 429) and error.description:
            message = public_description(code, retry_after)
        return error_response(code, message, retry_after)

    @app.errorhandler(DBAPIError)
    def database_unavailable(error: DBAPIError):
        if not is_database_unreachable(error):
            return unexpected_error(error)
        # A restart or failover breaks the connections in flight; the pool reconnects on the
        # next checkout, so the person only needs to try again.
        roll_back()
        # The page must not ask the database who is signed in: it is shown as to a visitor.
        # This is for this response only (Flask-Login keeps the user in g); the sign-in holds.
        g._login_user = login.anonymous_user()
        app.logger.warning("Database unavailable on %s %s: %s", request.method, request.path,
                           type(error.orig).__name__)
        return error_response(
            503,
            _("The database is briefly out of reach. Nothing was saved; please try again."),
            DATABASE_RETRY_SECONDS,
        )

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        roll_back()
        app.logger.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500, _("Something went wrong on our side. Please try again."))

    @app.teardown_appcontext
    def close_session(_error: BaseException | None) -> None:
        # Runs before Flask-SQLAlchemy's own teardown (teardowns run last registered first),
        # which would otherwise fail the response after the fact on a connection the database
        # dropped, with gunicorn's bare 500.
        try:
            db.session.remove()
        except DBAPIError as error:
            if not error.connection_invalidated:
                raise
            db.session.remove()


def public_description(code: int, retry_after: int | None) -> str:
    """Say what went wrong without echoing internals."""
    if code == 429:
        if retry_after:
            minutes, seconds = divmod(retry_after, 60)
            wait = (_("%(minutes)s min %(seconds)s s", minutes=minutes, seconds=seconds)
                    if minutes else ngettext("%(num)s second", "%(num)s seconds", seconds))
            return _("Too many attempts. Please try again in %(wait)s.", wait=wait)
        return _("Too many attempts. Please wait a little and try again.")
    if code == 413:
        return _("What you sent is too large.")
    return _("The request could not be understood. Please reload the page and try again.")
