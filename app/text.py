"""Check the text people send for characters that cannot be stored or shown."""

import re

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
