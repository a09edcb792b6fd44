"""Decide between full pages and fragments: the only module that reads HX-* headers."""

import json

from flask import make_response, render_template, request, url_for


def wants_fragment() -> bool:
    """Say whether htmx asked for a fragment (set by htmx, but not by a boosted link)."""
    return bool(request.headers.get("HX-Request")) and not request.headers.get("HX-Boosted")


def render(page: str, fragment: str | None = None, status: int = 200, **context):
    """Render the fragment for htmx and the page for everyone else; a template that is both
    (fragment None) learns which it is from `as_fragment`."""
    as_fragment = wants_fragment()
    template = fragment if as_fragment and fragment else page
    body = render_template(template, as_fragment=as_fragment, **context)
    response = make_response(body, status)
    response.headers["Vary"] = "HX-Request"
    return response


def hx_redirect(location: str, status: int = 303):
    """Send htmx to a new page with HX-Redirect, everyone else with a 303."""
    if wants_fragment():
        response = make_response("", 204)
        response.headers["HX-Redirect"] = location
        return response
    response = make_response("", status)
    response.headers["Location"] = location
    return response


def login_redirect():
    """Send an expired session to the sign-in page, keeping where it was going."""
    target = request.headers.get("HX-Current-URL") if wants_fragment() else request.full_path
    return hx_redirect(url_for("auth.sign_in", next=target or request.path), status=302)


def announce(response, message: str):
    """Have the page read the outcome of an in-place swap aloud, politely: htmx fires the
    `announce` event and app.js puts the message in the live region."""
    # JSON escapes every non-ASCII character, so any language fits in a header.
    response.headers["HX-Trigger"] = json.dumps({"announce": message})
    return response
