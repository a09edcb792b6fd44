"""Check importing material, refusing bad imports, the library and the reading view."""

import io
import re
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import DebateStatus, Material, Passage, PassageKind
from tests.factories import make_debate, make_material, make_position, make_user
from tests.pages import field_error, page_or_fragment, stored

ARTICLE = (
    Path(__file__).resolve().parents[2] / "shared" / "material" / "beijing-ai-surveillance.txt"
)

# Counted by hand from the article: 10 short title lines (no closing full stop), 20 items that
# each follow a line holding only "-", and 24 prose lines; 74 non-blank lines less 20 markers.
ARTICLE_HEADINGS = 10
ARTICLE_LIST_ITEMS = 20
ARTICLE_PARAGRAPHS = 24
ARTICLE_PASSAGES = ARTICLE_HEADINGS + ARTICLE_LIST_ITEMS + ARTICLE_PARAGRAPHS


def upload(client, filename: str, data: bytes, title: str = "Uploaded", **fields):
    return client.post(
        "/materials/new",
        data={"title": title, "file": (io.BytesIO(data), filename), **fields},
        content_type="multipart/form-data",
    )


def passage_numbers(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'id="p-(\d+)"', html)]


def test_uploading_the_article_stores_every_hand_counted_passage(app, client, auth):
    auth.sign_in_new()

    response = upload(client, ARTICLE.name, ARTICLE.read_bytes(), title="AI surveillance")

    assert response.status_code == 303
    with app.app_context():
        material = db.session.scalar(select(Material))
        assert response.headers["Location"] == f"/materials/{material.id}"
        kinds = Counter(passage.kind for passage in material.passages)
        assert material.title == "AI surveillance"
        assert material.passages[0].text.startswith("In recent years, China has rapidly")
        assert material.passages[2].kind == PassageKind.HEADING
        assert material.passages[2].text == (
            "A Technological Fortress: Beijing’s Surveillance Ecosystem"
        )
        assert len(material.passages) == ARTICLE_PASSAGES == 54
        assert kinds == {
            PassageKind.HEADING: ARTICLE_HEADINGS,
            PassageKind.PARAGRAPH: ARTICLE_PARAGRAPHS,
            PassageKind.LIST_ITEM: ARTICLE_LIST_ITEMS,
        }

    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert "Imported “AI surveillance” as 54 passages." in page.text
    assert passage_numbers(page.text) == list(range(1, ARTICLE_PASSAGES + 1))


def test_importing_the_article_from_the_command_line_stores_the_same_passages(app):
    runner = app.test_cli_runner()
    with app.app_context():
        result = runner.invoke(
            args=[
                "import-material",
                str(ARTICLE),
                "--title",
                "AI surveillance",
                "--source-url",
                "https://example.org/beijing",
            ]
        )
        material = db.session.scalar(select(Material))

        assert result.exit_code == 0, result.output
        assert f"Imported material {material.id}: {ARTICLE_PASSAGES} passages." in result.output
        assert material.source_url == "https://example.org/beijing"
        assert [passage.number for passage in material.passages] == list(
            range(1, ARTICLE_PASSAGES + 1)
        )


def test_command_line_import_refuses_a_javascript_source_url(app):
    runner = app.test_cli_runner()
    with app.app_context():
        result = runner.invoke(
            args=[
                "import-material",
                str(ARTICLE),
                "--title",
                "X",
                "--source-url",
                "javascript:alert(1)",
            ]
        )

    assert result.exit_code != 0
    assert "http:// or https://" in result.output
    assert stored(app, Material) == 0


def test_pasted_plain_text_is_split_into_passages(app, client, auth):
    auth.sign_in_new()
    text = "Why It Matters\nCameras watch the streets.\n- Stations\n- Airports\n"

    response = client.post(
        "/materials/new", data={"title": "Plain", "text": text, "text_format": "text"}
    )

    assert response.status_code == 303
    with app.app_context():
        passages = db.session.scalars(select(Passage).order_by(Passage.number)).all()
        assert [(p.number, p.kind, p.text) for p in passages] == [
            (1, PassageKind.HEADING, "Why It Matters"),
            (2, PassageKind.PARAGRAPH, "Cameras watch the streets."),
            (3, PassageKind.LIST_ITEM, "Stations"),
            (4, PassageKind.LIST_ITEM, "Airports"),
        ]


def test_pasted_markdown_loses_its_markup(app, client, auth):
    auth.sign_in_new()
    text = (
        "# Watching the streets\n\n"
        "Cameras **match faces** against [records](https://example.org) in seconds.\n\n"
        "- Facial recognition\n- Gait recognition\n"
    )

    response = client.post(
        "/materials/new",
        data={"title": "Markdown", "text": text, "text_format": "markdown", "author": "Ann"},
    )

    assert response.status_code == 303
    with app.app_context():
        material = db.session.scalar(select(Material))
        assert material.author == "Ann"
        assert [(p.kind, p.text) for p in material.passages] == [
            (PassageKind.HEADING, "Watching the streets"),
            (PassageKind.PARAGRAPH, "Cameras match faces against records in seconds."),
            (PassageKind.LIST_ITEM, "Facial recognition"),
            (PassageKind.LIST_ITEM, "Gait recognition"),
        ]


def test_uploaded_html_is_reduced_to_its_visible_text(app, client, auth):
    auth.sign_in_new()
    page = b"""<!doctype html><html><head><title>Page title</title>
    <style>p { color: red }</style></head><body>
    <nav><a href="/">Home</a></nav>
    <h1>Watching the <em>streets</em></h1>
    <p>Cameras match <b>faces</b>.<script>alert("stolen")</script></p>
    <ul><li>Stations</li><li>Airports</li></ul>
    </body></html>"""

    response = upload(client, "page.html", page, title="HTML")

    assert response.status_code == 303
    with app.app_context():
        texts = [(p.kind, p.text) for p in db.session.scalars(select(Passage))]
    assert texts == [
        (PassageKind.HEADING, "Watching the streets"),
        (PassageKind.PARAGRAPH, "Cameras match faces."),
        (PassageKind.LIST_ITEM, "Stations"),
        (PassageKind.LIST_ITEM, "Airports"),
    ]
    assert not any("<" in text or "stolen" in text or "color" in text for _, text in texts)


@pytest.mark.parametrize(
    ("filename", "data", "message"),
    [
        ("empty.txt", b"", "The file is empty."),
        ("scan.txt", b"Looks like text\x00\x01\x02", "This file is not text: it contains binary"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "Only .txt, .md and .html files"),
        ("blank.md", b"  \n\n  ", "This file has no readable text."),
    ],
    ids=["empty", "binary", "pdf", "blank"],
)
def test_an_unreadable_upload_is_refused_beside_the_file_field(
    app, client, auth, filename, data, message
):
    auth.sign_in_new()

    response = upload(client, filename, data)

    assert response.status_code == 422
    assert field_error(response.text, "file").startswith(message)
    assert stored(app, Material) == stored(app, Passage) == 0


def test_a_file_over_the_size_limit_is_refused_with_both_sizes(app, client, auth, monkeypatch):
    auth.sign_in_new()
    monkeypatch.setitem(app.config, "MATERIAL_MAX_BYTES", 2048)

    response = upload(client, "long.txt", b"Words. " * 300)

    assert response.status_code == 422
    assert field_error(response.text, "file") == "The file is 3 KB; the limit is 2 KB."
    assert stored(app, Material) == stored(app, Passage) == 0


def test_text_over_the_character_limit_is_refused_not_truncated(app, client, auth, monkeypatch):
    auth.sign_in_new()
    monkeypatch.setitem(app.config, "MATERIAL_MAX_CHARS", 100)

    response = client.post("/materials/new", data={"title": "Long", "text": "a" * 101})

    assert response.status_code == 422
    assert field_error(response.text, "text") == "The text has 101 characters; the limit is 100."
    assert stored(app, Material) == stored(app, Passage) == 0


@pytest.mark.parametrize(
    ("fields", "field_id", "message"),
    [
        (
            {"title": "No text", "text": "  "},
            "text",
            "Paste the text of the material or upload a file.",
        ),
        ({"title": "", "text": "Some text."}, "title", "Give the material a title."),
        (
            {"title": "Bad link", "text": "Some text.", "source_url": "javascript:alert(1)"},
            "source_url",
            "Enter a full http:// or https:// address.",
        ),
        (
            {"title": "File link", "text": "Some text.", "source_url": "file:///etc/passwd"},
            "source_url",
            "Enter a full http:// or https:// address.",
        ),
    ],
    ids=["no-text-no-file", "no-title", "javascript-url", "file-url"],
)
def test_an_incomplete_import_form_is_refused_beside_the_field(
    app, client, auth, fields, field_id, message
):
    auth.sign_in_new()

    response = client.post("/materials/new", data=fields)

    assert response.status_code == 422
    assert field_error(response.text, field_id) == message
    assert 'aria-invalid="true"' in response.text
    assert stored(app, Material) == stored(app, Passage) == 0


def test_signed_out_visitor_is_sent_to_sign_in_and_nothing_is_saved(client, app):
    form = client.get("/materials/new")
    post = client.post("/materials/new", data={"title": "Sneaky", "text": "Some text."})

    for response in (form, post):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/sign-in")
    assert stored(app, Material) == stored(app, Passage) == 0


def test_reading_view_numbers_passages_in_order_with_anchors(app, client):
    with app.app_context():
        material_id = make_material().id
        db.session.commit()

    response = client.get(f"/materials/{material_id}")

    assert response.status_code == 200
    assert passage_numbers(response.text) == [1, 2, 3, 4, 5]
    assert re.findall(r'aria-label="Passage (\d+)">(\d+)</a>', response.text) == [
        (str(n), str(n)) for n in range(1, 6)
    ]
    assert response.text.index("Watching the streets") < response.text.index("Critics say")


def test_reading_view_marks_cited_passages_but_hides_others_drafts(app, client, auth):
    with app.app_context():
        owner, stranger = make_user(), make_user()
        material = make_material()
        debate = make_debate(owner=owner, material=material)
        cited = make_position(debate, "Cameras keep people safe", passage_number=2)
        draft = make_debate(
            owner=stranger,
            material=material,
            status=DebateStatus.DRAFT,
            title="Secret draft debate",
        )
        make_position(draft, "Secret draft position", passage_number=3)
        db.session.commit()
        material_id, debate_id, position_id = material.id, debate.id, cited.id
        stranger_name = stranger.username

    page = client.get(f"/materials/{material_id}").text

    marker = re.search(
        r'<div class="passage[^"]*is-cited[^"]*"\s+id="p-(\d+)".*?'
        r'<a class="citation-marker" href="([^"]+)">([^<]+)</a>',
        page,
        re.S,
    )
    assert marker.groups() == (
        "2",
        f"/debates/{debate_id}/positions/{position_id}",
        "Cameras keep people safe",
    )
    assert page.count('class="citation-marker"') == 1
    assert "Secret draft" not in page

    auth.sign_in(stranger_name)
    page = client.get(f"/materials/{material_id}").text
    assert "Secret draft position" in page
    assert page.count('class="citation-marker"') == 2


def test_reading_view_escapes_user_text(app, client):
    with app.app_context():
        material = make_material(
            "Cameras <script>alert(1)</script> everywhere.\n",
            text_format="text",
            title="<b>Bold</b> claims",
        )
        db.session.commit()
        material_id = material.id

    page = client.get(f"/materials/{material_id}").text

    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script>alert(1)" not in page
    assert "&lt;b&gt;Bold&lt;/b&gt; claims" in page
    assert "<b>Bold</b>" not in page


def test_library_lists_materials_with_their_passage_counts(app, client):
    with app.app_context():
        make_material(title="Short briefing")
        make_material("One.\n\nTwo.\n\nThree.\n", text_format="markdown", title="Three lines")
        db.session.commit()

    page = client.get("/materials/").text

    cards = re.findall(
        r'<h2><a href="/materials/\d+">(.*?)</a></h2>\s*<p class="meta">(.*?)</p>', page, re.S
    )
    assert [(title, " ".join(meta.split())) for title, meta in cards] == [
        ("Three lines", "3 passages"),
        ("Short briefing", "5 passages"),
    ]


def test_library_says_when_there_is_no_material(client):
    page = client.get("/materials/").text

    assert "No material yet." in page
    assert "Sign in" in page


def test_reading_view_query_count_does_not_grow_with_passages_or_positions(
    app, client, count_queries
):
    with app.app_context():
        small = make_material("\n\n".join(f"Paragraph {n} says a thing." for n in range(10)))
        make_position(make_debate(material=small), "Small claim")
        large = make_material("\n\n".join(f"Paragraph {n} says a thing." for n in range(300)))
        for debate in (make_debate(material=large), make_debate(material=large)):
            for number in range(2, 300, 60):
                make_position(debate, f"Claim {debate.id}-{number}", passage_number=number)
        db.session.commit()
        small_id, large_id = small.id, large.id
        assert len(large.passages) == 300

    def show(material_id):
        def action():
            assert client.get(f"/materials/{material_id}").status_code == 200

        return action

    client.get(f"/materials/{small_id}")  # warm up anything done once per process
    small_queries = count_queries(show(small_id))
    large_queries = count_queries(show(large_id))

    assert small_queries == large_queries
    page = client.get(f"/materials/{large_id}").text
    assert passage_numbers(page)[-1] == 300
    assert page.count('class="citation-marker"') == 10


@page_or_fragment
def test_refused_import_is_a_page_unless_htmx_asks_for_the_fragment(
    app, client, auth, headers, full_page
):
    auth.sign_in_new()

    response = client.post("/materials/new", data={"title": "", "text": "x"}, headers=headers)

    assert response.status_code == 422
    assert ("<html" in response.text) is full_page
    assert full_page or response.text.lstrip().startswith('<form id="material-form"')
    assert field_error(response.text, "title") == "Give the material a title."
    assert "HX-Request" in response.headers["Vary"]


def test_htmx_import_redirects_with_hx_redirect(app, client, auth):
    auth.sign_in_new()

    response = client.post(
        "/materials/new", data={"title": "Fragment", "text": "Words."}, headers={"HX-Request": "1"}
    )

    with app.app_context():
        material_id = db.session.scalar(select(Material.id))
    assert response.headers["HX-Redirect"] == f"/materials/{material_id}"


def test_import_without_the_csrf_token_is_refused(app, client, auth, monkeypatch):
    auth.sign_in_new()
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)

    response = client.post("/materials/new", data={"title": "Forged", "text": "Words."})

    assert response.status_code == 400
    assert stored(app, Material) == 0


# Hostile documents


def test_html_the_standard_parser_crashed_on_is_read_without_the_markup(app, client, auth):
    auth.sign_in_new()
    page = b'<p>Before</p><![><img src="]><img src=x onerror=alert(39)//"><p>After</p>'

    response = upload(client, "attack.html", page, title="Attack")

    assert response.status_code == 303
    with app.app_context():
        texts = [passage.text for passage in db.session.scalar(select(Material)).passages]
    assert texts == ["Before", "After"]


@pytest.mark.parametrize(
    ("filename", "document", "message"),
    [
        ("deep.html", "<div>" * 27_000 + "Deep", "This HTML nests elements more than 100 deep"),
        ("deep.md", "> " * 50 + "Deep", "This Markdown nests block quotes more than 10 deep"),
    ],
    ids=["html", "markdown"],
)
def test_a_document_nested_beyond_the_cap_is_refused_beside_the_file(
    app, client, auth, filename, document, message
):
    auth.sign_in_new()

    response = upload(client, filename, document.encode())

    assert response.status_code == 422
    assert message in field_error(response.text, "file")
    assert stored(app, Material) == 0


@pytest.mark.parametrize(
    ("filename", "document"),
    [
        ("strike.md", "~~a " * 74_000),
        ("links.md", "[a](" * 74_000),
        ("attributes.html", "<p>Text</p>" + "<a b " * 59_000),
        ("paragraphs.html", "<div><p>a</div>" * 1_000),
    ],
    ids=["markdown-strikethrough", "markdown-links", "html-unclosed-tags", "html-paragraphs"],
)
def test_pathological_documents_import_in_linear_time(app, client, auth, filename, document):
    auth.sign_in_new()

    started = time.perf_counter()
    response = upload(client, filename, document.encode())

    # Minutes before the readers were made linear; a fraction of a second now.
    assert time.perf_counter() - started < 5
    assert response.status_code == 303


def test_imports_beyond_the_hourly_budget_are_refused(app, client, auth, monkeypatch):
    monkeypatch.setitem(app.config, "MATERIAL_IMPORT_LIMIT", "2 per hour")
    auth.sign_in_new()

    statuses = [
        upload(client, "notes.txt", f"Note number {number}.".encode()).status_code
        for number in range(3)
    ]

    assert statuses == [303, 303, 429]
    assert stored(app, Material) == 2
