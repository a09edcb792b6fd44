"""Read HTML into passages, keeping only the visible text and never the markup."""

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from lxml import etree

from app.materials.blocks import (
    HEADING,
    LIST_ITEM,
    MAX_NESTING,
    PARAGRAPH,
    Block,
    MaterialFormatError,
    append_block,
)

_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Text directly inside any of these tags (other than headings and li) becomes a paragraph.
_TEXT_TAGS = {"p", "blockquote", "pre", "figcaption", "caption", "address", "summary"}
_SECTION_TAGS = {"html", "body", "main", "div", "section", "article", "aside", "header"}
_GROUP_TAGS = {"ul", "ol", "dl", "dt", "dd", "figure", "details", "fieldset", "hgroup", "center"}
_TABLE_TAGS = {"table", "thead", "tbody", "tfoot", "tr", "td", "th"}
_BLOCK_TAGS = _HEADING_TAGS | _TEXT_TAGS | _SECTION_TAGS | _GROUP_TAGS | _TABLE_TAGS | {"li"}
# Page furniture and embedded code carry no passage a reader would cite.
_HIDDEN_TAGS = {"head", "title", "script", "style", "noscript", "template", "svg", "iframe"}
_FURNITURE_TAGS = {"nav", "footer", "form", "button"}
_SKIPPED_TAGS = _HIDDEN_TAGS | _FURNITURE_TAGS
# An opening tag closes an unclosed earlier sibling, but not across the boundary tags.
_IMPLICIT_CLOSES = {
    "li": ({"li"}, {"ul", "ol"}),
    "dt": ({"dt", "dd"}, {"dl"}),
    "dd": ({"dt", "dd"}, {"dl"}),
    "td": ({"td", "th"}, {"tr", "table"}),
    "th": ({"td", "th"}, {"tr", "table"}),
    "tr": ({"tr"}, {"table"}),
}


def split_html(text: str) -> list[Block]:
    """Split HTML into headings, paragraphs and list items, keeping only the visible text."""
    # libxml2 reads any markup in linear time and recovers from errors as browsers do; the
    # standard library's parser takes quadratic time on unclosed tags and raises on some.
    passages = _PassageParser()
    parser = etree.HTMLParser(target=passages, recover=True, no_network=True)
    try:
        parser.feed(text)
        parser.close()
    except etree.LxmlError as error:
        raise MaterialFormatError(
            _("This HTML could not be read. Save the page again, or paste its text instead.")
        ) from error
    return passages.blocks


@dataclass
class _OpenBlock:
    """Track a block-level element that is still open and the text gathered inside it."""

    tag: str
    kind: str
    parts: list[str]


class _PassageParser:
    """Collect passages from the parser's events, one passage per block-level element.

    Every step is constant time, whatever the depth: which tags are open is counted, and
    where each open tag stands is kept per tag, so nothing rescans the stack.
    """

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._open: list[_OpenBlock] = [_OpenBlock("#document", PARAGRAPH, [])]
        # For each block tag, the indexes in _open where it is open, innermost last.
        self._open_at: dict[str, list[int]] = {}
        self._skipped: list[str] = []
        self._skipped_count: Counter[str] = Counter()
        self._depth = 0

    def start(self, tag: str, attrib) -> None:
        """Open a block, start skipping hidden content, or turn a line break into a space."""
        self._depth += 1
        if self._depth > MAX_NESTING:
            raise MaterialFormatError(
                _(
                    "This HTML nests elements more than %(max_nesting)s deep, which no real "
                    "document needs. Paste its text instead.",
                    max_nesting=MAX_NESTING,
                )
            )
        if tag == "body" and self._skipped_count["head"]:
            # Pages that never close <head> would otherwise lose their whole body.
            while self._skipped_count["head"]:
                self._skipped_count[self._skipped.pop()] -= 1
        if tag in _SKIPPED_TAGS:
            self._skipped.append(tag)
            self._skipped_count[tag] += 1
            return
        if self._skipped:
            return
        if tag == "br":
            self._open[-1].parts.append(" ")
        elif tag == "hr":
            self._flush_top()
        elif tag in _BLOCK_TAGS:
            self._close_implied_by(tag)
            self._flush_top()
            self._open_at.setdefault(tag, []).append(len(self._open))
            self._open.append(_OpenBlock(tag, self._kind_for(tag), []))

    def end(self, tag: str) -> None:
        """Close a block, or stop skipping hidden content."""
        self._depth -= 1
        if self._skipped:
            if self._skipped_count[tag]:
                while True:
                    closed = self._skipped.pop()
                    self._skipped_count[closed] -= 1
                    if closed == tag:
                        break
            return
        if tag in _BLOCK_TAGS and self._open_at.get(tag):
            while self._open[-1].tag != tag:
                self._pop()
            self._pop()

    def data(self, data: str) -> None:
        """Add visible text to the innermost open block."""
        if not self._skipped:
            self._open[-1].parts.append(data)

    def close(self) -> None:
        """Emit every block still open once the document ends."""
        while len(self._open) > 1:
            self._pop()
        self._flush_top()

    def _kind_for(self, tag: str) -> str:
        """Choose a new block's kind, letting a paragraph inside a list item stay a list item."""
        if tag in _HEADING_TAGS:
            return HEADING
        if tag == "li":
            return LIST_ITEM
        parent_kind = self._open[-1].kind
        return parent_kind if parent_kind in (HEADING, LIST_ITEM) else PARAGRAPH

    def _close_implied_by(self, tag: str) -> None:
        """Close the unclosed elements that HTML ends when this tag opens."""
        if self._open[-1].tag == "p":
            self._pop()
        if tag not in _IMPLICIT_CLOSES:
            return
        closes, boundaries = _IMPLICIT_CLOSES[tag]
        closing = max((self._innermost(name) for name in closes), default=0)
        if closing > max((self._innermost(name) for name in boundaries), default=0):
            while len(self._open) > closing:
                self._pop()

    def _innermost(self, tag: str) -> int:
        """Return where the innermost open element of this tag stands, or 0 if none is open."""
        indexes = self._open_at.get(tag)
        return indexes[-1] if indexes else 0

    def _flush_top(self) -> None:
        """Emit the text gathered so far in the innermost block."""
        top = self._open[-1]
        append_block(self.blocks, top.kind, "".join(top.parts))
        top.parts = []

    def _pop(self) -> None:
        """Emit and close the innermost block."""
        self._flush_top()
        self._open_at[self._open.pop().tag].pop()
