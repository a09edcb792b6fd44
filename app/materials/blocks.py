"""Define the passages a document is reduced to, and the helpers every reader shares."""

from dataclasses import dataclass

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
PASSAGE_KINDS = (HEADING, PARAGRAPH, LIST_ITEM)


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
