"""Reduce an uploaded source document to the numbered passages a debate can cite."""

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
PASSAGE_KINDS = (HEADING, PARAGRAPH, LIST_ITEM)

FORMATS_BY_EXTENSION = {
    "txt": "text",
    "md": "markdown",
    "markdown": "markdown",
    "html": "html",
    "htm": "html",
}


class MaterialFormatError(ValueError):
    """Refuse a document whose shape we cannot read; the message is shown to the user."""


@dataclass(frozen=True)
class Block:
    """Hold one passage: its kind and its whitespace-collapsed text."""

    kind: str
    text: str

    def __post_init__(self) -> None:
        if self.kind not in PASSAGE_KINDS:
            raise ValueError(f"Unknown passage kind: {self.kind!r}")


def decode_upload(data: bytes) -> str:
    """Decode an uploaded file as UTF-8 (or UTF-16 with a BOM) with newlines normalised."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            raise MaterialFormatError("This file is not text: it is not valid UTF-16.") from None
    else:
        # UTF-8 text never holds NUL bytes, so one means a binary file such as a PDF or a .docx.
        if b"\x00" in data:
            raise MaterialFormatError("This file is not text: it contains binary data.")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise MaterialFormatError(
                "This file is not text: it is not valid UTF-8. Save it as UTF-8 and try again."
            ) from None
    if "\x00" in text:
        raise MaterialFormatError("This file is not text: it contains binary data.")
    return _normalise_newlines(text)


def format_for_filename(filename: str) -> str:
    """Name the document format implied by a file's extension."""
    stem, dot, extension = filename.strip().rpartition(".")
    document_format = FORMATS_BY_EXTENSION.get(extension.lower()) if dot and stem else None
    if document_format is None:
        raise MaterialFormatError("Only .txt, .md and .html files can be imported.")
    return document_format


def split_document(text: str, fmt: str) -> list[Block]:
    """Split a document of the given format into passages, refusing one with no text."""
    splitters = {"text": split_plain_text, "markdown": split_markdown, "html": split_html}
    if fmt not in splitters:
        raise MaterialFormatError(f"Unknown document format: {fmt!r}.")
    blocks = splitters[fmt](text)
    if not blocks:
        raise MaterialFormatError("This document has no readable text.")
    return blocks


def _normalise_newlines(text: str) -> str:
    """Turn Windows and old Mac line endings into plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def _append_block(blocks: list[Block], kind: str, text: str) -> None:
    """Append a passage unless its collapsed text is empty."""
    collapsed = _collapse(text)
    if collapsed:
        blocks.append(Block(kind, collapsed))


# Lines this short in a text with blank lines are taken as hard-wrapped prose.
HARD_WRAP_MAX_LINE = 100
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12

_LONE_MARKER_RE = re.compile(r"^(?:[-*•]|\d{1,3}[.)])$")
# Three digits at most, so that a wrapped line starting "1984. The novel" stays prose.
_PLAIN_ITEM_RE = re.compile(r"^(?:[-*•]|\d{1,3}[.)])\s+(.+)$")
_SEPARATOR_RE = re.compile(r"^[-*_=~#•\s]{3,}$")
_SENTENCE_END = ".,;:!…"
# A quoted sentence ends in punctuation followed by the closing quote or bracket.
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘(«"


def split_plain_text(text: str) -> list[Block]:
    """Split plain text into headings, paragraphs and list items."""
    lines = [line.strip() for line in _normalise_newlines(text).strip().split("\n")]
    content_lines = [line for line in lines if line]
    hard_wrapped = len(content_lines) < len(lines) and all(
        len(line) <= HARD_WRAP_MAX_LINE for line in content_lines
    )
    if hard_wrapped:
        groups = _groups_between_blank_lines(lines)
    else:
        groups = [[line] for line in content_lines]

    blocks: list[Block] = []
    item_pending = False
    for group in groups:
        item_pending = _split_plain_group(group, item_pending, blocks)
    return blocks


def _groups_between_blank_lines(lines: list[str]) -> list[list[str]]:
    """Group consecutive non-empty lines, using blank lines as separators."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if line:
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [group for group in groups if group]


def _split_plain_group(group: list[str], item_pending: bool, blocks: list[Block]) -> bool:
    """Append the passages of one group of lines; return whether a lone marker awaits its item."""
    group = [line for line in group if not _SEPARATOR_RE.match(line)]
    kind: str | None = None
    joined: list[str] = []

    def flush() -> None:
        if kind is None:
            return
        text = " ".join(joined)
        if kind == PARAGRAPH and len(group) == 1 and _looks_like_heading(text):
            _append_block(blocks, HEADING, text)
        else:
            _append_block(blocks, kind, text)

    for line in group:
        if _LONE_MARKER_RE.match(line):
            flush()
            kind, joined, item_pending = None, [], True
            continue
        item = _PLAIN_ITEM_RE.match(line)
        if item_pending or item:
            flush()
            kind, joined, item_pending = LIST_ITEM, [line if item_pending else item[1]], False
            continue
        if kind is None:
            kind = PARAGRAPH
        joined.append(line)
    flush()
    return item_pending


def _looks_like_heading(line: str) -> bool:
    """Tell whether a line standing alone reads as a title rather than a sentence."""
    if len(line) > HEADING_MAX_CHARS or len(line.split()) > HEADING_MAX_WORDS:
        return False
    unquoted_end = line.rstrip(_CLOSERS)
    if not unquoted_end or unquoted_end[-1] in _SENTENCE_END:
        return False
    first = line.lstrip(_OPENERS)[:1]
    return first.isupper() or first.isdigit()


# A backtick fence's info string holds no backticks, so "```x```" on one line is inline code.
_FENCE_OPEN_RE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
_ATX_RE = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*?))?\s*$")
_ATX_CLOSING_RE = re.compile(r"(?:^|\s+)#+$")
_QUOTE_RE = re.compile(r"^ {0,3}>\s?(.*)$")
_MD_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s+(.*))?$")
_LINK_DEFINITION_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")

_LINK_RE = re.compile(r"(?<!\\)\[([^\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])")
_IMAGE_RE = re.compile(r"!" + _LINK_RE.pattern)
_CODE_OR_ESCAPE_RE = re.compile(r"(`+)(.+?)\1|\\([!-/:-@\[-`{-~])")
_AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_LINE_BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_INLINE_TAG_RE = re.compile(r"<!--.*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL)
_EMPHASIS_RES = (
    re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*"),
    re.compile(r"(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)"),
    re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"),
    re.compile(r"\*(?=\S)(.+?)(?<=\S)\*"),
    # Underscores inside words (snake_case) are not emphasis.
    re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"),
)


def split_markdown(text: str) -> list[Block]:
    """Split Markdown into headings, paragraphs and list items with inline markup removed."""
    reader = _MarkdownReader()
    for line in _normalise_newlines(text).split("\n"):
        reader.read(line)
    return reader.finish()


class _MarkdownReader:
    """Turn Markdown lines into passages, one line at a time."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self._kind: str | None = None
        self._lines: list[str] = []
        self._blank_since_item_line = False
        self._fence: str | None = None
        self._code: list[str] = []
        self._quote: list[str] = []

    def read(self, line: str) -> None:
        """Take in the next line of the document."""
        if self._fence is not None:
            self._read_code(line)
            return
        quote = _QUOTE_RE.match(line)
        if quote:
            self._flush_run()
            self._quote.append(quote[1])
            return
        self._flush_quote()
        fence = _FENCE_OPEN_RE.match(line)
        if fence:
            self._flush_run()
            self._fence = fence[1]
            return
        self._read_text(line)

    def finish(self) -> list[Block]:
        """Close whatever is still open and return the passages."""
        if self._fence is not None:
            self._emit_code()
        self._flush_quote()
        self._flush_run()
        return self.blocks

    def _read_text(self, line: str) -> None:
        """Take in a line outside code fences and block quotes."""
        stripped = line.strip()
        if not stripped:
            if self._kind == LIST_ITEM:
                self._blank_since_item_line = True
            else:
                self._flush_run()
            return
        if self._kind == PARAGRAPH and _SETEXT_RE.match(line):
            self._kind = HEADING
            self._flush_run()
            return
        if _RULE_RE.match(line) or _LINK_DEFINITION_RE.match(line):
            self._flush_run()
            return
        heading = _ATX_RE.match(line)
        if heading:
            self._flush_run()
            self._start_run(HEADING, _ATX_CLOSING_RE.sub("", heading[1] or ""))
            self._flush_run()
            return
        item = _MD_ITEM_RE.match(line)
        if item:
            self._flush_run()
            self._start_run(LIST_ITEM, item[1] or "")
            return
        # After a blank line only indented lines still belong to the list item.
        continues_item = not self._blank_since_item_line or line[:1].isspace()
        if self._kind == LIST_ITEM and continues_item:
            self._lines.append(stripped)
            self._blank_since_item_line = False
            return
        if self._kind != PARAGRAPH:
            self._flush_run()
            self._kind = PARAGRAPH
        self._lines.append(stripped)

    def _read_code(self, line: str) -> None:
        """Collect a line of a fenced code block, closing it at the matching fence."""
        fence = self._fence or ""
        closing = line.strip()
        if closing.startswith(fence) and not closing.strip(fence[0]):
            self._emit_code()
        else:
            self._code.append(line)

    def _emit_code(self) -> None:
        """Emit the open code block verbatim, since its markup characters are its content."""
        _append_block(self.blocks, PARAGRAPH, " ".join(self._code))
        self._fence, self._code = None, []

    def _start_run(self, kind: str, text: str) -> None:
        """Open a new heading, paragraph or list item with its first line."""
        self._kind, self._lines = kind, [text]
        self._blank_since_item_line = False

    def _flush_run(self) -> None:
        """Emit the open heading, paragraph or list item."""
        if self._kind is not None:
            _append_block(self.blocks, self._kind, _strip_inline_markdown(" ".join(self._lines)))
        self._kind, self._lines = None, []
        self._blank_since_item_line = False

    def _flush_quote(self) -> None:
        """Emit the collected block quote as paragraphs."""
        if self._quote:
            for block in split_markdown("\n".join(self._quote)):
                self.blocks.append(Block(PARAGRAPH, block.text))
            self._quote = []


def _strip_inline_markdown(text: str) -> str:
    """Reduce inline Markdown to the words a reader sees."""
    text = _IMAGE_RE.sub(r"\1", text)
    text = _LINK_RE.sub(r"\1", text)
    pieces = []
    position = 0
    for match in _CODE_OR_ESCAPE_RE.finditer(text):
        pieces.append(_strip_emphasis_and_tags(text[position : match.start()]))
        pieces.append(match[2].strip() if match[2] is not None else match[3])
        position = match.end()
    pieces.append(_strip_emphasis_and_tags(text[position:]))
    return "".join(pieces)


def _strip_emphasis_and_tags(text: str) -> str:
    """Remove emphasis markers and raw HTML tags from text outside code spans."""
    text = _AUTOLINK_RE.sub(r"\1", text)
    text = _LINE_BREAK_TAG_RE.sub(" ", text)
    text = _INLINE_TAG_RE.sub("", text)
    for emphasis in _EMPHASIS_RES:
        text = emphasis.sub(r"\1", text)
    return text


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
        _append_block(self.blocks, top.kind, "".join(top.parts))
        top.parts = []

    def _pop(self) -> None:
        """Emit and close the innermost block."""
        self._flush_top()
        self._open.pop()
