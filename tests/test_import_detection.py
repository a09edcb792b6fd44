"""Tell formats apart by content, read any of them through one call, and never crash."""

import random
import time
from pathlib import Path

import pytest

from app.imports import FORMATS, MAX_PROBLEMS, ImportRefused, detect_format, read_debate

FIXTURES = Path(__file__).parent / "fixtures" / "imports"
FIXTURE_FORMATS = {
    "kialo_layout_a.txt": "kialo", "kialo_layout_b.txt": "kialo", "aif_plain.json": "aif",
    "aif_wrapped.json": "aif", "argdown_tree.argdown": "argdown", "spreadsheet.csv": "csv",
}


@pytest.mark.parametrize("name, expected", FIXTURE_FORMATS.items())
def test_every_fixture_is_recognised_from_its_content(name, expected):
    data = (FIXTURES / name).read_bytes()
    assert detect_format(data) == expected
    assert read_debate(data) == read_debate(data, format=expected)


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "binary"),
    (b'{"name": "not a graph"}', "not an AIF graph"),
    (b"Dear class,\nplease read chapter two.\n", "not in a format"),
])
def test_what_is_no_known_format_is_refused_with_a_reason(data, words):
    with pytest.raises(ImportRefused, match=words):
        read_debate(data)


def test_an_unknown_format_name_is_refused():
    with pytest.raises(ImportRefused, match="cannot import the format 'docx'"):
        read_debate(b"1. Thesis", format="docx")


@pytest.mark.parametrize("name", FIXTURE_FORMATS)
@pytest.mark.parametrize("format", FORMATS)
def test_a_file_read_as_the_wrong_format_is_refused_or_read_never_crashed_on(name, format):
    try:
        read_debate((FIXTURES / name).read_bytes(), format=format)
    except ImportRefused as refusal:
        assert refusal.message


@pytest.mark.parametrize("name", FIXTURE_FORMATS)
def test_damaged_files_are_refused_or_read_never_crashed_on(name):
    original = (FIXTURES / name).read_bytes()
    chance = random.Random(name)
    for _attempt in range(300):
        data = bytearray(original)
        for _change in range(chance.randint(1, 6)):
            at = chance.randrange(len(data))
            kind = chance.random()
            if kind < 0.4:
                data[at] = chance.choice(b"[]<>(){}\"':.,-+_#/*\\\n 1=\xa0\xc2")
            elif kind < 0.7:
                del data[at:at + chance.randint(1, 40)]
            else:
                data[at:at] = data[chance.randrange(len(data)):][:chance.randint(1, 80)]
        try:
            read_debate(bytes(data))
        except ImportRefused as refusal:
            assert refusal.message


def test_problems_beyond_the_limit_are_counted_not_listed():
    rows = "".join(f"1.{n},sideways,Claim {n}\n" for n in range(1, 1001))
    debate = read_debate("path,side,claim\n1,,Root\n" + rows)
    assert len(debate.problems) == MAX_PROBLEMS + 1
    assert debate.problems[-1].message == "800 more problems were found and are not listed."


def test_the_summary_counts_what_a_preview_shows():
    debate = read_debate((FIXTURES / "kialo_layout_a.txt").read_bytes())
    assert debate.summary() == {"positions": 1, "arguments": 9, "pro": 5, "con": 4, "links": 2,
                                "evidence": 3, "depth": 4, "unplaced": 0, "problems": 0}


HOSTILE = {
    "kialo spaces before a footnote that is not one": (
        "kialo", "Discussion Title: T\n\n1. Root.\n1.1. Pro: a" + " " * 500_000 + "b [x]\n\n"
        "Sources:\n[1] https://example.org/a\n"),
    "kialo unclosed links": ("kialo", "Discussion Title: T\n\n1. Root " + "[a](x" * 100_000),
    "argdown unclosed tags": ("argdown", "[A]: a " + "#( " * 300_000),
    "argdown spaces after an inference": ("argdown", "(1) a\n-- " + " " * 500_000 + "x\n"),
    "argdown a statement of many lines": ("argdown", "[A]: a\n" + "  more words\n" * 100_000),
    "argdown unclosed comments": ("argdown", "[A]: a\n" + "/* " * 300_000),
    "csv one enormous cell": ("csv", "path,side,claim\n1,,\"" + "word " * 190_000 + "\"\n"),
}


@pytest.mark.parametrize("format, data", HOSTILE.values(), ids=list(HOSTILE))
def test_hostile_lines_are_read_or_refused_quickly(format, data):
    started = time.perf_counter()
    try:
        read_debate(data, format=format)
    except ImportRefused as refusal:
        assert refusal.message
    assert time.perf_counter() - started < 5
