"""Check that source documents are reduced to the passages a reader would see."""

from collections import Counter
from pathlib import Path

import pytest

from app.materials.passages import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    Block,
    MaterialFormatError,
    decode_upload,
    format_for_filename,
    split_document,
    split_html,
    split_markdown,
    split_plain_text,
)

SHARED_MATERIAL = Path(__file__).resolve().parents[2] / "shared" / "material"
ARTICLE = SHARED_MATERIAL / "beijing-ai-surveillance.txt"


def kinds_and_texts(blocks: list[Block]) -> list[tuple[str, str]]:
    return [(block.kind, block.text) for block in blocks]


def test_article_splits_into_exact_headings_paragraphs_and_list_items():
    blocks = split_document(decode_upload(ARTICLE.read_bytes()), "text")

    # Counted by hand from the file: 10 section titles, 20 "-" markers, 24 prose lines.
    assert Counter(block.kind for block in blocks) == {HEADING: 10, PARAGRAPH: 24, LIST_ITEM: 20}
    assert len(blocks) == 54
    headings = [block.text for block in blocks if block.kind == HEADING]
    items = [block.text for block in blocks if block.kind == LIST_ITEM]
    assert headings[0] == "A Technological Fortress: Beijing’s Surveillance Ecosystem"
    assert items[0] == "Identifying individuals via facial recognition within seconds."
    assert "International Reactions: A Model or a Warning?" in headings
    assert "Conclusion: A New Digital Order?" in headings
    assert "The Core Technologies: How AI Powers the System" in headings
    assert blocks[0].kind == PARAGRAPH
    assert blocks[0].text.startswith("In recent years, China has rapidly emerged")


def test_article_passages_keep_typographic_characters_and_lose_list_markers():
    blocks = split_document(decode_upload(ARTICLE.read_bytes()), "text")
    by_start = {block.text[:20]: block for block in blocks}

    in_return = by_start["In return, these fir"]
    assert in_return.kind == PARAGRAPH
    assert "Beijing’s" in by_start["Beijing’s surveillan"].text
    assert "implications—both practical" in blocks[-1].text
    assert all(block.text != "-" for block in blocks)


def test_long_line_plain_text_makes_each_line_a_passage_and_reads_inline_markers():
    text = (
        "Why It Matters\n"
        "Cities now record far more than anyone can watch, so software does the watching instead"
        " of people, and this changes what a camera on a lamp post actually means for residents.\n"
        "- first point\n"
        "* second point\n"
        "• third point\n"
        "1. numbered point\n"
        "2) another numbered point\n"
        "A short sentence.\n"
        "lowercase start without a full stop\n"
    )

    assert kinds_and_texts(split_plain_text(text)) == [
        (HEADING, "Why It Matters"),
        (PARAGRAPH, text.splitlines()[1]),
        (LIST_ITEM, "first point"),
        (LIST_ITEM, "second point"),
        (LIST_ITEM, "third point"),
        (LIST_ITEM, "numbered point"),
        (LIST_ITEM, "another numbered point"),
        (PARAGRAPH, "A short sentence."),
        (PARAGRAPH, "lowercase start without a full stop"),
    ]


def test_hard_wrapped_plain_text_joins_lines_into_paragraphs():
    text = (
        "Surveillance in Practice\n"
        "\n"
        "Cameras at every crossing feed a\n"
        "central platform that   matches faces\n"
        "within seconds.\n"
        "\n"
        "Critics point to three risks:\n"
        "- false matches that\n"
        "  follow people for years\n"
        "- no way to appeal\n"
        "-\n"
        "chilled protest\n"
        "\n"
        "Is this the future?\n"
    )

    assert kinds_and_texts(split_plain_text(text)) == [
        (HEADING, "Surveillance in Practice"),
        (
            PARAGRAPH,
            "Cameras at every crossing feed a central platform that matches faces within seconds.",
        ),
        (PARAGRAPH, "Critics point to three risks:"),
        (LIST_ITEM, "false matches that follow people for years"),
        (LIST_ITEM, "no way to appeal"),
        (LIST_ITEM, "chilled protest"),
        (HEADING, "Is this the future?"),
    ]


def test_short_line_in_a_hard_wrapped_block_is_not_a_heading():
    text = "Opening words\nthat carry on here\n\nSecond paragraph.\n"

    assert kinds_and_texts(split_plain_text(text)) == [
        (PARAGRAPH, "Opening words that carry on here"),
        (PARAGRAPH, "Second paragraph."),
    ]


def test_markdown_atx_and_setext_headings_become_headings():
    text = (
        "Setext Title\n"
        "============\n"
        "\n"
        "## Closed ATX heading ##\n"
        "\n"
        "Second level\n"
        "------------\n"
        "\n"
        "Body text.\n"
    )

    assert kinds_and_texts(split_markdown(text)) == [
        (HEADING, "Setext Title"),
        (HEADING, "Closed ATX heading"),
        (HEADING, "Second level"),
        (PARAGRAPH, "Body text."),
    ]


def test_markdown_lists_give_one_item_each_with_continuation_lines():
    text = (
        "Reasons given:\n"
        "\n"
        "- public order,\n"
        "  mostly\n"
        "* crime\n"
        "  + petty theft\n"
        "1. stability\n"
        "2) harmony\n"
        "\n"
        "After the list.\n"
    )

    assert kinds_and_texts(split_markdown(text)) == [
        (PARAGRAPH, "Reasons given:"),
        (LIST_ITEM, "public order, mostly"),
        (LIST_ITEM, "crime"),
        (LIST_ITEM, "petty theft"),
        (LIST_ITEM, "stability"),
        (LIST_ITEM, "harmony"),
        (PARAGRAPH, "After the list."),
    ]


def test_markdown_inline_markup_is_stripped_and_links_are_reduced_to_text():
    text = (
        "The **Social Credit** system is *fragmented* and _evolving_; see `IJOP`,\n"
        "[the report](https://example.org/report_(2024)) and ![a camera](camera.png).\n"
        "Names like snake_case_words survive.\n"
    )

    [block] = split_markdown(text)

    assert block == Block(
        PARAGRAPH,
        "The Social Credit system is fragmented and evolving; see IJOP, the report and a camera."
        " Names like snake_case_words survive.",
    )


def test_markdown_quotes_code_fences_and_rules_become_plain_paragraphs():
    text = (
        "> Stability over privacy,\n"
        "> said the official.\n"
        "\n"
        "---\n"
        "\n"
        "```python\n"
        "match(face, *records)\n"
        "```\n"
        "\n"
        "***\n"
        "```one-line code```\n"
        "\n"
        "Still read after the code.\n"
    )

    assert kinds_and_texts(split_markdown(text)) == [
        (PARAGRAPH, "Stability over privacy, said the official."),
        (PARAGRAPH, "match(face, *records)"),
        (PARAGRAPH, "one-line code"),
        (PARAGRAPH, "Still read after the code."),
    ]


def test_html_keeps_headings_paragraphs_and_list_items_without_markup():
    text = (
        "<!doctype html><html><head><title>Page title</title>"
        "<style>p { color: red }</style></head><body>"
        "<nav><a href='/'>Home</a></nav>"
        "<h2>Smart City &amp; Safe City</h2>"
        "<p>Cameras <em>everywhere</em>,<br>even in taxis &mdash; &ldquo;for safety&rdquo;.</p>"
        "<ul><li>Faces</li><li><b>Gait</b></li></ul>"
        "<script>document.write('<p>injected</p>')</script>"
        "<footer>Copyright</footer></body></html>"
    )

    blocks = split_html(text)

    assert kinds_and_texts(blocks) == [
        (HEADING, "Smart City & Safe City"),
        (PARAGRAPH, "Cameras everywhere, even in taxis — “for safety”."),
        (LIST_ITEM, "Faces"),
        (LIST_ITEM, "Gait"),
    ]
    assert not any("<" in block.text for block in blocks)


def test_html_loose_text_becomes_paragraphs_and_nested_items_are_not_duplicated():
    text = (
        "<article>Loose opening text"
        "<div>Inside a div<p>A paragraph</p>trailing words</div>"
        "<ol><li>Outer item<ul><li>Inner item</li></ul></li><li><p>Item in a p</p></li></ol>"
        "</article>"
    )

    assert kinds_and_texts(split_html(text)) == [
        (PARAGRAPH, "Loose opening text"),
        (PARAGRAPH, "Inside a div"),
        (PARAGRAPH, "A paragraph"),
        (PARAGRAPH, "trailing words"),
        (LIST_ITEM, "Outer item"),
        (LIST_ITEM, "Inner item"),
        (LIST_ITEM, "Item in a p"),
    ]


def test_decode_upload_strips_a_utf8_bom_and_normalises_line_endings():
    data = "\ufeffFirst line\r\nSecond line\rThird — “line”".encode()

    assert decode_upload(data) == "First line\nSecond line\nThird — “line”"


def test_decode_upload_accepts_utf16_with_a_bom():
    data = "Heading\r\nBody’s text".encode("utf-16")

    assert decode_upload(data) == "Heading\nBody’s text"


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.4\x00\x01binary", b"caf\xe9 in Latin-1", b"\xff\xfe\x00\x00R\x00\x00\x00"],
    ids=["nul-bytes", "invalid-utf8", "utf32"],
)
def test_decode_upload_refuses_files_that_are_not_text(data):
    with pytest.raises(MaterialFormatError, match="This file is not text"):
        decode_upload(data)


@pytest.mark.parametrize(
    ("filename", "expected"),
    [
        ("notes.txt", "text"),
        ("README.MD", "markdown"),
        ("essay.markdown", "markdown"),
        ("page.Html", "html"),
        ("archive.2024.htm", "html"),
    ],
)
def test_format_for_filename_names_the_format_of_accepted_extensions(filename, expected):
    assert format_for_filename(filename) == expected


@pytest.mark.parametrize("filename", ["report.pdf", "essay.docx", "notes", "notes.txt.exe", ".txt"])
def test_format_for_filename_refuses_other_files(filename):
    with pytest.raises(MaterialFormatError, match=r"Only \.txt, \.md and \.html files"):
        format_for_filename(filename)


@pytest.mark.parametrize(
    ("text", "fmt"),
    [
        ("", "text"),
        ("  \n\n\t\n", "text"),
        ("-\n\n---\n", "markdown"),
        ("<html><head><title>Only a title</title></head><body><script>x()</script></body>", "html"),
    ],
)
def test_document_without_readable_text_is_refused(text, fmt):
    with pytest.raises(MaterialFormatError, match="no readable text"):
        split_document(text, fmt)


def test_unknown_document_format_is_refused():
    with pytest.raises(MaterialFormatError):
        split_document("Some text.", "pdf")


def test_split_document_dispatches_on_format():
    text = "# Title\n\nBody."

    assert split_document(text, "markdown") == [Block(HEADING, "Title"), Block(PARAGRAPH, "Body.")]
    assert split_document(text, "text") == [Block(PARAGRAPH, "# Title"), Block(PARAGRAPH, "Body.")]
    assert split_document("<h1>Title</h1>", "html") == [Block(HEADING, "Title")]
