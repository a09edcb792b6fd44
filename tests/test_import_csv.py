"""Read debates prepared in spreadsheets and saved as CSV."""

import time
from pathlib import Path

import pytest

from app.imports.debate import MAX_DEPTH, ImportRefused
from app.imports.spreadsheet import read_spreadsheet

FIXTURES = Path(__file__).parent / "fixtures" / "imports"


def sheet():
    """Read the CSV fixture."""
    return read_spreadsheet((FIXTURES / "spreadsheet.csv").read_bytes())


def by_key(debate):
    """Map every placed argument's key to the argument."""
    return {argument.key: argument for argument, _depth in debate.arguments()}


def test_one_number_paths_are_positions_and_the_first_names_the_debate():
    debate = sheet()
    assert [p.statement for p in debate.positions] == [
        "The town should close its high street to cars on Saturdays.",
        "The market should move to the high street."]
    assert debate.title == debate.positions[0].statement


def test_rows_in_any_order_hang_under_their_paths_with_their_sides():
    assert [(a.key, a.side, depth) for a, depth in sheet().arguments()] == [
        ("1.1", "pro", 1), ("1.1.1", "con", 2), ("1.2", "con", 1), ("1.2.1", "pro", 2),
        ("1.2.2", "con", 2), ("2.1", "pro", 1)]


def test_a_quoted_body_keeps_its_blank_line():
    assert by_key(sheet())["1.1"].body == ("The traders counted visitors on two Saturdays.\n\n"
                                           "Both were closed to cars.")


def test_a_repeated_path_adds_a_source():
    assert [e.url for e in by_key(sheet())["1.1"].evidence] == [
        "https://example.org/traders-count", "https://example.org/footfall-calendar"]


def test_a_see_claim_is_a_link():
    link = by_key(sheet())["1.2.1"]
    assert (link.link_to, link.side, link.claim) == ("1.1.1", "pro", "")


def test_a_source_that_is_not_a_web_address_is_reported_with_its_line():
    [problem] = sheet().problems
    assert problem.line == 10 and "ftp://" in problem.message


def test_semicolons_optional_columns_and_crlf_are_read():
    data = ("path;side;claim;body;evidence_url;evidence_title;evidence_excerpt;author\r\n"
            "1;;Close it.;;;;;Ada\r\n"
            "1.1;con;No\u00a0way.;;https://example.org/a;A report;"
            "\"Line one\r\n\r\nline two\";Sam\r\n")
    debate = read_spreadsheet(data.encode())
    [argument] = [a for a, _ in debate.arguments()]
    assert (argument.claim, argument.author_name) == ("No way.", "Sam")
    assert argument.evidence[0].title == "A report"
    assert argument.evidence[0].excerpt == "Line one\n\nline two"
    assert debate.positions[0].author_name == "Ada"


def test_bad_rows_are_reported_and_left_out():
    debate = read_spreadsheet("path,side,claim\n1,,Root\n1.2.3,pro,Orphan\nx.1,pro,Bad\n"
                              "1.1,sideways,Odd\n1.2,con,-> See 1.9\n1.1,pro,Other text\n")
    assert [a.key for a, _ in debate.arguments()] == ["1.1"]
    assert [p.line for p in debate.problems] == [3, 4, 5, 6, 7]


@pytest.mark.parametrize("data, words", [
    (b"", "empty"),
    (b"\x00,\x00", "binary"),
    (b"a,b,c\n1,2,3\n", "name its columns"),
    (b"path,side,claim\n1.1,pro,No position\n", "no position"),
    (b'path,side,claim\n1,,"never closed\n', "cannot be read as CSV"),
])
def test_files_that_are_not_debate_sheets_are_refused(data, words):
    with pytest.raises(ImportRefused, match=words):
        read_spreadsheet(data)


def test_a_file_cut_off_anywhere_reads_or_is_refused_but_never_crashes():
    data = (FIXTURES / "spreadsheet.csv").read_bytes()
    for end in range(len(data)):
        try:
            read_spreadsheet(data[:end])
        except ImportRefused:
            continue


def test_a_path_five_hundred_deep_is_refused():
    with pytest.raises(ImportRefused, match=f"at most {MAX_DEPTH}"):
        read_spreadsheet("path,side,claim\n1,,Root\n" + "1." * 500 + "1,pro,Deep\n")


def test_a_hundred_thousand_claims_are_refused_quickly():
    rows = "".join(f"1.{n},pro,Claim {n}\n" for n in range(1, 100_001))
    started = time.perf_counter()
    with pytest.raises(ImportRefused, match="more than 20,000 claims"):
        read_spreadsheet("path,side,claim\n1,,Root\n" + rows)
    assert time.perf_counter() - started < 5


def test_twenty_thousand_claims_read_in_linear_time():
    rows = "".join(f"1.{n // 19 + 1}.{n % 19 + 1},con,Claim {n}\n" for n in range(18_999))
    tops = "".join(f"1.{n},pro,Top {n}\n" for n in range(1, 1001))
    started = time.perf_counter()
    debate = read_spreadsheet("path,side,claim\n" + rows + tops + "1,,Root\n")
    assert time.perf_counter() - started < 5
    assert debate.summary()["arguments"] == 19_999


def test_a_sheet_saved_as_utf16_unicode_text_is_read():
    data = "path\tside\tclaim\n1\t\tFermez la rue\n1.1\tcon\tLes livraisons\n"
    debate = read_spreadsheet(data.encode("utf-16"))
    assert [a.claim for a, _ in debate.arguments()] == ["Les livraisons"]
