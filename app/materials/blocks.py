"""Define the passages a document is reduced to, and the helpers every reader shares."""

import re
from typing import NamedTuple

from app.text import CJK

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
PASSAGE_KINDS = (HEADING, PARAGRAPH, LIST_ITEM)
# How deep HTML elements may nest. Real pages stay far below; a document of thousands of
# levels is only ever an attack on the reader's time and memory.
MAX_NESTING = 100


class MaterialFormatError(ValueError):
    """Refuse a document whose shape we cannot read; the message is shown to the user."""


class Block(NamedTuple):
    """Hold one passage: its kind (one of PASSAGE_KINDS) and its whitespace-collapsed text."""

    # A tuple, not a dataclass: a megabyte of short paragraphs makes 250,000 of them.
    kind: str
    text: str


def normalise_newlines(text: str) -> str:
    """Turn Windows and old Mac line endings into plain newlines."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Chinese writes no spaces between words, so a line break that wraps Chinese prose is no space.
_CJK_LINE_BREAK_RE = re.compile(rf"(?<=[{CJK}])[^\S\n]*\n\s*(?=[{CJK}])")


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one passage: with a space, or with nothing between Chinese."""
    return collapse("\n".join(lines))


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and trim the ends; a run holding a line break
    between two Chinese characters disappears, as it does when Chinese wrapped text is read."""
    return " ".join(_CJK_LINE_BREAK_RE.sub("", text).split())


def append_block(blocks: list[Block], kind: str, text: str) -> None:
    """Append a passage unless its collapsed text is empty."""
    collapsed = collapse(text)
    if collapsed:
        blocks.append(Block(kind, collapsed))
