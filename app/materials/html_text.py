"""Read HTML into passages, keeping only the visible text and never the markup."""

from dataclasses import dataclass
from html.parser import HTMLParser

from app.materials.blocks import HEADING, LIST_ITEM, PARAGRAPH, Block, append_block

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
    parser = _PassageParser()
    parser.feed(text)
    parser.close()
    return parser.blocks


@dataclass
class _OpenBlock:
    """Track a block-level element that is still open and the text gathered inside it."""

    tag: str
    kind: str
    parts: list[str]


class _PassageParser(HTMLParser):
    """Collect passages from HTML, one per block-level element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._open: list[_OpenBlock] = [_OpenBlock("#document", PARAGRAPH, [])]
        self._skipped: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a block, start skipping hidden content, or turn a line break into a space."""
        if tag == "body" and "head" in self._skipped:
            # Pages that never close <head> would otherwise lose their whole body.
            del self._skipped[self._skipped.index("head") :]
        if tag in _SKIPPED_TAGS:
            self._skipped.append(tag)
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
            self._open.append(_OpenBlock(tag, self._kind_for(tag), []))

    def handle_endtag(self, tag: str) -> None:
        """Close a block, or stop skipping hidden content."""
        if self._skipped:
            if tag in self._skipped:
                last = len(self._skipped) - 1 - self._skipped[::-1].index(tag)
                del self._skipped[last:]
            return
        if tag in _BLOCK_TAGS and any(block.tag == tag for block in self._open[1:]):
            while self._open[-1].tag != tag:
                self._pop()
            self._pop()

    def handle_data(self, data: str) -> None:
        """Add visible text to the innermost open block."""
        if not self._skipped:
            self._open[-1].parts.append(data)

    def close(self) -> None:
        """Finish parsing and emit every block still open."""
        super().close()
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
        closes, boundaries = _IMPLICIT_CLOSES.get(tag, (set(), set()))
        for depth in range(len(self._open) - 1, 0, -1):
            open_tag = self._open[depth].tag
            if open_tag in boundaries:
                return
            if open_tag in closes:
                while len(self._open) > depth:
                    self._pop()
                return

    def _flush_top(self) -> None:
        """Emit the text gathered so far in the innermost block."""
        top = self._open[-1]
        append_block(self.blocks, top.kind, "".join(top.parts))
        top.parts = []

    def _pop(self) -> None:
        """Emit and close the innermost block."""
        self._flush_top()
        self._open.pop()
