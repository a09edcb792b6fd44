"""Read Markdown into headings, paragraphs and list items with inline markup removed."""

import re

from flask_babel import gettext as _

from app.materials.blocks import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    Block,
    MaterialFormatError,
    append_block,
    join_lines,
    normalise_newlines,
)

_FENCE_OPEN_RE = re.compile(r"^ {0,3}(`{3,}(?=[^`]*$)|~{3,})")
_SETEXT_RE = re.compile(r"^ {0,3}(?:=+|-+)\s*$")
_RULE_RE = re.compile(r"^ {0,3}([-*_])(?:\s*\1){2,}\s*$")
# Greedy to the end of the line: a lazy group before trailing spaces rescans every space.
_ATX_RE = re.compile(r"^ {0,3}#{1,6}(?:\s+(.*))?$")
_QUOTE_RE = re.compile(r"^ {0,3}>\s?(.*)$")
_MD_ITEM_RE = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])(?:\s+(.*))?$")
_LINK_DEFINITION_RE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*\S+")

# Each pattern below stops at the next place the same markup could start again, so that
# unclosed markup ("~~a ~~a ~~a …") costs one pass, not one pass per marker (quadratic time).
_LINK_RE = re.compile(r"(?<!\\)\[([^\[\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\[\]]*\])")
_IMAGE_RE = re.compile(r"!" + _LINK_RE.pattern)
# Code spans of up to 16 backticks: the longer a run, the more runs a failed match rescans.
_CODE_OR_ESCAPE_RE = re.compile(r"(`{1,16})(.+?)\1|\\([!-/:-@\[-`{-~])")
_AUTOLINK_RE = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>")
_LINE_BREAK_TAG_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_INLINE_TAG_RE = re.compile(
    r"<!--(?:(?!<!--).)*?-->|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>", re.DOTALL
)
_EMPHASIS_RES = (
    re.compile(r"\*\*(?=\S)((?:(?!\*\*).)+?)(?<=\S)\*\*"),
    re.compile(r"(?<!\w)__(?=\S)((?:(?!__).)+?)(?<=\S)__(?!\w)"),
    re.compile(r"~~(?=\S)((?:(?!~~).)+?)(?<=\S)~~"),
    re.compile(r"\*(?=\S)((?:(?!\*(?=\S)).)+?)(?<=\S)\*"),
    # Underscores inside words (snake_case) are not emphasis.
    re.compile(r"(?<!\w)_(?=\S)((?:(?!(?<!\w)_(?=\S)).)+?)(?<=\S)_(?!\w)"),
)
# Block quotes read recursively, each level once more: a few levels are plenty for any text.
MAX_QUOTE_DEPTH = 10


def split_markdown(text: str, quote_depth: int = 0) -> list[Block]:
    """Split Markdown into headings, paragraphs and list items with inline markup removed."""
    reader = _MarkdownReader(quote_depth)
    for line in normalise_newlines(text).split("\n"):
        reader.read(line)
    return reader.finish()


class _MarkdownReader:
    """Turn Markdown lines into passages, one line at a time."""

    def __init__(self, quote_depth: int = 0) -> None:
        self.blocks: list[Block] = []
        self._quote_depth = quote_depth
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
            self._start_run(HEADING, _without_closing_hashes((heading[1] or "").strip()))
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
        append_block(self.blocks, PARAGRAPH, " ".join(self._code))
        self._fence, self._code = None, []

    def _start_run(self, kind: str, text: str) -> None:
        """Open a new heading, paragraph or list item with its first line."""
        self._kind, self._lines = kind, [text]
        self._blank_since_item_line = False

    def _flush_run(self) -> None:
        """Emit the open heading, paragraph or list item."""
        if self._kind is not None:
            append_block(self.blocks, self._kind, _strip_inline_markdown(join_lines(self._lines)))
        self._kind, self._lines = None, []
        self._blank_since_item_line = False

    def _flush_quote(self) -> None:
        """Emit the collected block quote as paragraphs."""
        if self._quote:
            if self._quote_depth >= MAX_QUOTE_DEPTH:
                raise MaterialFormatError(
                    _(
                        "This Markdown nests block quotes more than %(max_quote_depth)s deep, "
                        "which no real document needs.",
                        max_quote_depth=MAX_QUOTE_DEPTH,
                    )
                )
            for block in split_markdown("\n".join(self._quote), self._quote_depth + 1):
                self.blocks.append(Block(PARAGRAPH, block.text))
            self._quote = []


def _without_closing_hashes(title: str) -> str:
    """Drop the optional closing run of # from a heading ("## Title ##"), not a # in a word."""
    bare = title.rstrip("#")
    if bare == title or (bare and not bare[-1].isspace()):
        return title
    return bare.rstrip()


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
