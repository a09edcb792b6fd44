"""Define the passages a document is reduced to, and the helpers every reader shares."""

from typing import NamedTuple

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


def collapse(text: str) -> str:
    """Collapse runs of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def append_block(blocks: list[Block], kind: str, text: str) -> None:
    """Append a passage unless its collapsed text is empty."""
    collapsed = collapse(text)
    if collapsed:
        blocks.append(Block(kind, collapsed))
