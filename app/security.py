"""Set security headers, sanitise user Markdown and keep redirects on this site."""

from urllib.parse import urlsplit

import nh3
from flask import Flask, current_app, request
from markdown_it import MarkdownIt
from markupsafe import Markup
from werkzeug.routing import IntegerConverter, UnicodeConverter

from app.errors import BadRequest
from app.text import PATH_SEGMENT_PATTERN, control_character, control_character_message

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)

# The one page other sites may frame: a public position's compact view (/embed/…).
EMBED_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
    "frame-ancestors 'none'", "frame-ancestors *"
)

SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}

MARKDOWN_TAGS = {
    "p", "br", "em", "strong", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h3", "h4", "hr",
}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False}).disable("image")


def render_markdown(text: str) -> Markup:
    """Turn user Markdown into HTML that keeps only safe tags and http(s) links."""
    html = _markdown.render(text or "")
    clean = nh3.clean(
        html,
        tags=MARKDOWN_TAGS,
        attributes={"a": {"href"}},
        url_schemes={"http", "https"},
        link_rel="nofollow ugc noopener",
    )
    return Markup(clean)  # noqa: S704 - nh3 has sanitised it


def is_safe_redirect(target: str | None) -> bool:
    """Accept only paths on this site (or absolute URLs naming this host)."""
    if not target or "\\" in target or any(ord(char) < 32 for char in target):
        return False
    try:
        parts = urlsplit(target)
    except ValueError:
        # An unclosed "[" of an IPv6 host, as in http://[::1: no address at all.
        return False
    if not parts.netloc and not parts.scheme:
        return target.startswith("/") and not target.startswith("//")
    return parts.scheme in ("http", "https") and parts.netloc == request.host


def add_security_headers(response):
    """Give every response the headers that keep pages from being framed or sniffed, and
    in production the one that keeps browsers on HTTPS."""
    framed = response.headers.get("Content-Security-Policy") == EMBED_CONTENT_SECURITY_POLICY
    for name, value in SECURITY_HEADERS.items():
        if framed and name == "X-Frame-Options":
            continue
        response.headers.setdefault(name, value)
    if hsts := current_app.config.get("STRICT_TRANSPORT_SECURITY"):
        response.headers.setdefault("Strict-Transport-Security", hsts)
    return response


# Every id column is a 32-bit INTEGER: PostgreSQL refuses a larger value with an error, so an
# id beyond it names nothing and must be a 404 before any query runs.
LARGEST_ID = 2**31 - 1
LARGEST_PAGE = 100_000


class IdConverter(IntegerConverter):
    """Match only integers the database can hold, so a huge id is a 404, not a crash."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", LARGEST_ID)
        super().__init__(map, *args, **kwargs)


class TextConverter(UnicodeConverter):
    """Match only path segments free of control characters, so /join/%00 is a 404, not a
    query that PostgreSQL refuses."""

    def __init__(self, map, *args, **kwargs) -> None:
        super().__init__(map, *args, **kwargs)
        self.regex = PATH_SEGMENT_PATTERN


def refuse_control_characters_in_query() -> None:
    """Refuse a query string holding a control character before any view reads it."""
    for key, value in request.args.items(multi=True):
        if character := control_character(key + value):
            raise BadRequest(control_character_message(character, "The address"))


def query_int(name: str, default: int | None = None, largest: int = LARGEST_ID) -> int | None:
    """Read a whole-number query or form value, treating out-of-range values as absent."""
    value = request.values.get(name, type=int)
    return value if value is not None and 0 < value <= largest else default


def page_number() -> int:
    """Read the page asked for, from 1 to LARGEST_PAGE."""
    return query_int("page", 1, LARGEST_PAGE)


def init_security(app: Flask) -> None:
    """Register the headers and the Markdown filter."""
    app.before_request(refuse_control_characters_in_query)
    app.after_request(add_security_headers)
    app.jinja_env.filters["markdown"] = render_markdown
