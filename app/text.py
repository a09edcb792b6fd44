"""Check the text people send, and reduce it to the form that says whether two are the same."""

import hashlib
import ipaddress
import re
import unicodedata
from urllib.parse import quote, urlsplit, urlunsplit

# Every control character but tab, newline and carriage return, which text areas send.
# PostgreSQL cannot store NUL at all; the others would only ever be hidden junk on a page.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The same characters for a URL path segment, where not even tabs and newlines belong.
PATH_SEGMENT_PATTERN = r"[^/\x00-\x1f\x7f-\x9f]+"


def control_character(text: str) -> str | None:
    """Return the first control character in the text that cannot be kept, if any."""
    match = _CONTROL_RE.search(text)
    return match.group(0) if match else None


def control_character_message(character: str, subject: str = "This") -> str:
    """Say which invisible character was found and what to do about it."""
    return (
        f"{subject} contains an invisible control character (U+{ord(character):04X}) that "
        "cannot be kept; remove it and try again."
    )


# Chinese and Japanese characters and their full-width punctuation.
CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f"
)
_CJK_CHAR_RE = re.compile(f"[{CJK}]")


def is_cjk(text: str) -> bool:
    """Tell whether a character (or the first of a text) is Chinese or its punctuation."""
    return _CJK_CHAR_RE.match(text) is not None


# Characters that show nothing: "cam\u200beras" must read as "cameras" when comparing.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u180e\u200b\u200c\u200d\u2060\ufeff"))


def comparison_key(text: str) -> str:
    """Reduce text to what makes it the same text: compatibility forms (NFKC: ligatures,
    full-width letters, composed accents), invisible characters, case and spacing aside."""
    text = unicodedata.normalize("NFKC", text.translate(_INVISIBLE))
    # Case folding can undo NFKC (as with some Greek letters), so normalise once more.
    text = unicodedata.normalize("NFKC", text.casefold())
    return " ".join(text.split())


def fitted(key: str, limit: int) -> str:
    """Return the key as it is when it fits its column, else a digest that is just as exact.

    NFKC can make text longer (one Arabic ligature becomes 18 letters), so a key may outgrow
    the column that fits what people typed.
    """
    if len(key) <= limit:
        return key
    return "sha256:" + hashlib.sha256(key.encode()).hexdigest()


_HOST_LABEL_RE = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE_RE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def web_host(url: str) -> str | None:
    """Return the host of a web address in lower case ASCII, or None when it is no host name
    or IP address (spaces, markup, an empty label or a bad port)."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
        host = parts.hostname or ""
    except ValueError:
        return None
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    try:
        host = host.encode("idna").decode("ascii").rstrip(".")
    except UnicodeError:
        return None
    labels = host.split(".")
    if not host or not all(_HOST_LABEL_RE.match(label) for label in labels):
        return None
    return host


def _escapes_normalised(part: str) -> str:
    """Percent-encode what must be, decode what need not be (%61 is a), in upper case hex."""
    encoded = quote(part, safe="!$&'()*+,/:;=?@[]~%")

    def one(match: re.Match) -> str:
        character = chr(int(match.group(1), 16))
        return character if character in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE_RE.sub(one, encoded)


def canonical_url(url: str) -> str:
    """Return one spelling for every way of writing the same web address: scheme and host in
    lower case, default port, fragment and trailing slash dropped, escapes normalised."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = web_host(url) or (parts.hostname or "")
    netloc = f"[{host}]" if ":" in host else host
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        netloc += f":{parts.port}"
    path = _escapes_normalised(parts.path).rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path, _escapes_normalised(parts.query), ""))
