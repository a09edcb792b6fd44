"""Read the little Markdown that argument files carry: backslash escapes and inline links."""

import re

from app.imports.debate import ImportedEvidence
from app.imports.decoding import clean_text

# A link whose text may hold escaped brackets and whose address may hold one level of
# balanced parentheses, as Wikipedia addresses do.
LINK_RE = re.compile(
    r"(?<!\\)\[((?:\\.|[^\[\]\\])*)\]\(((?:[^()\s\\]|\\.|\([^()\s]*\))+)\)"
)
_ESCAPE_RE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape_markdown(text: str) -> str:
    """Undo Markdown's backslash escapes: ``1\\)`` reads ``1)``."""
    return _ESCAPE_RE.sub(r"\1", text)


def is_web_address(url: str) -> bool:
    """Say whether a source's address is one Agora keeps as evidence (http or https)."""
    return url.startswith(("http://", "https://")) and len(url) > len("https://")


def take_links(text: str) -> tuple[str, list[ImportedEvidence]]:
    """Keep each link's words in the text and turn its web address into evidence."""
    evidence: list[ImportedEvidence] = []
    urls: set[str] = set()

    def keep_words(match: re.Match) -> str:
        words, url = match.group(1), unescape_markdown(match.group(2))
        if is_web_address(url) and url not in urls:
            urls.add(url)
            evidence.append(ImportedEvidence(url=url, title=clean_text(unescape_markdown(words))))
        return words

    return LINK_RE.sub(keep_words, text), evidence
