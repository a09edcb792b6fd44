"""Read plain text: bare short lines are headings, "-" lines start list items."""

import re

from app.materials.blocks import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    Block,
    append_block,
    join_lines,
    normalise_newlines,
)
from app.text import is_cjk

# Lines this short in a text with blank lines are taken as hard-wrapped prose.
HARD_WRAP_MAX_LINE = 100
HEADING_MAX_CHARS = 80
HEADING_MAX_WORDS = 12
# Chinese writes a title in fewer characters than English, and a sentence in no spaces.
CJK_HEADING_MAX_CHARS = 30

_LONE_MARKER_RE = re.compile(r"^(?:[-*•]|\d{1,3}[.)])$")
# Three digits at most, so that a wrapped line starting "1984. The novel" stays prose.
_PLAIN_ITEM_RE = re.compile(r"^(?:[-*•]|\d{1,3}[.)])\s+(.+)$")
_SEPARATOR_RE = re.compile(r"^[-*_=~#•\s]{3,}$")
_SENTENCE_END = ".,;:!…。！？，；：、"
# Where a Chinese sentence ends; a line that stops elsewhere was wrapped mid-sentence.
_CJK_SENTENCE_END = "。！？!?…"
# A quoted sentence ends in punctuation followed by the closing quote or bracket.
_CLOSERS = "\"'”’)]»」』）】》〉"
_OPENERS = "\"'“‘(«「『（【《〈"


def split_plain_text(text: str) -> list[Block]:
    """Split plain text into headings, paragraphs and list items."""
    lines = [line.strip() for line in normalise_newlines(text).strip().split("\n")]
    content_lines = [line for line in lines if line]
    hard_wrapped = len(content_lines) < len(lines) and all(
        len(line) <= HARD_WRAP_MAX_LINE for line in content_lines
    )
    if hard_wrapped:
        groups = [
            passage
            for group in _groups_between_blank_lines(lines)
            for passage in _groups_of_sentences(group, wrapped=True)
        ]
    else:
        groups = _groups_of_sentences(content_lines, wrapped=False)

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


def _groups_of_sentences(lines: list[str], wrapped: bool) -> list[list[str]]:
    """Group lines into passages. Chinese prose ends its passage at a line ending in 。！？ (or
    at a title) and runs on from a line wrapped mid-sentence; other lines run on only in
    hard-wrapped text."""
    groups: list[list[str]] = []
    for line in lines:
        previous = groups[-1][-1] if groups else ""
        if not previous:
            runs_on = False
        elif is_cjk(previous[-1:]) or is_cjk(line[:1]):
            runs_on = not _ends_cjk_sentence(previous) and not _looks_like_heading(previous)
        else:
            runs_on = wrapped
        if runs_on:
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _ends_cjk_sentence(line: str) -> bool:
    """Tell whether a line ends a sentence, perhaps inside closing quotes or brackets."""
    return line.rstrip(_CLOSERS)[-1:] in tuple(_CJK_SENTENCE_END)


def _split_plain_group(group: list[str], item_pending: bool, blocks: list[Block]) -> bool:
    """Append the passages of one group of lines; return whether a lone marker awaits its item."""
    group = [line for line in group if not _SEPARATOR_RE.match(line)]
    kind: str | None = None
    joined: list[str] = []

    def flush() -> None:
        if kind is None:
            return
        text = join_lines(joined)
        if kind == PARAGRAPH and len(group) == 1 and _looks_like_heading(text):
            append_block(blocks, HEADING, text)
        else:
            append_block(blocks, kind, text)

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
    if is_cjk(first):
        # Chinese has no capitals: a short line that ends no sentence is the title.
        return len(line) <= CJK_HEADING_MAX_CHARS
    return first.isupper() or first.isdigit()


# A backtick fence's info string holds no backticks, so "```x```" on one line is inline code.
