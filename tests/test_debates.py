"""Check starting debates, who sees and runs them, and raising positions from quotes."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (
    Debate,
    DebateStatus,
    Membership,
    Position,
    PositionAnchor,
    Role,
    User,
)
from tests.factories import add_member, make_debate, make_material, make_position
from tests.forms import position_form
from tests.pages import field_error, page_or_fragment, stored

# Passage 2 of the factories' material.
PASSAGE_2 = "Cameras in the city match faces against identity records within seconds."

QUOTED_TEXT = """## Beijing’s cameras

Beijing’s cameras match faces against “national ID” records within seconds.

Critics say the public has little recourse against opaque systems.
"""


def new_debate(app, status=DebateStatus.OPEN, text: str | None = None, **overrides) -> dict:
    """Create a debate and return the ids a test needs."""
    with app.app_context():
        material = make_material(text) if text else make_material()
        debate = make_debate(material=material, status=status, **overrides)
        db.session.commit()
        return {"debate": debate.id, "owner": debate.owner_id, "material": material.id}


def raise_url(debate_id: int) -> str:
    return f"/debates/{debate_id}/positions/new"


# Starting a debate


def test_starting_a_debate_makes_a_draft_owned_by_its_starter(app, client, auth):
    user_id = auth.sign_in_new()
    with app.app_context():
        material_id = make_material().id
        db.session.commit()

    response = client.post(
        "/debates/new",
        data={"material": material_id, "title": "Cameras", "question": "How far is too far?"},
    )

    with app.app_context():
        debate = db.session.scalar(select(Debate))
        assert response.status_code == 303
        assert response.headers["Location"] == f"/debates/{debate.id}"
        assert debate.status == DebateStatus.DRAFT
        assert debate.owner_id == user_id
        assert [(m.user_id, m.role) for m in debate.memberships] == [(user_id, Role.OWNER)]
    page = client.get(response.headers["Location"]).text
    assert "Debate started." in page
    assert "How far is too far?" in page
    assert "Open the debate" in page


def test_starting_a_debate_with_open_now_opens_it(app, client, auth):
    auth.sign_in_new()
    with app.app_context():
        material_id = make_material().id
        db.session.commit()

    response = client.post(
        "/debates/new",
        data={"material": material_id, "title": "Cameras", "question": "Why?", "open_now": "y"},
    )

    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Debate.status)) == DebateStatus.OPEN


def test_starting_a_debate_without_title_or_question_is_refused_beside_each(app, client, auth):
    auth.sign_in_new()
    with app.app_context():
        material_id = make_material().id
        db.session.commit()

    response = client.post(
        "/debates/new", data={"material": material_id, "title": " ", "question": ""}
    )

    assert response.status_code == 422
    assert field_error(response.text, "title") == "Give the debate a title."
    assert field_error(response.text, "question") == "Ask the question the debate is about."
    assert stored(app, Debate) == stored(app, Membership) == 0


def test_signed_out_visitor_cannot_start_a_debate(app, client):
    with app.app_context():
        material_id = make_material().id
        db.session.commit()

    form = client.get("/debates/new")
    post = client.post(
        "/debates/new", data={"material": material_id, "title": "T", "question": "Q?"}
    )

    for response in (form, post):
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/sign-in")
    assert stored(app, Debate) == 0


# Who sees a debate


def test_draft_debate_is_hidden_from_everyone_but_its_owner(app, client, auth):
    ids = new_debate(app, status=DebateStatus.DRAFT, title="Quiet draft")
    pages = (f"/debates/{ids['debate']}", f"/debates/{ids['debate']}/read")

    assert [client.get(url).status_code for url in pages] == [404, 404]
    auth.sign_in_new()
    assert [client.get(url).status_code for url in pages] == [404, 404]
    auth.sign_out()
    auth.sign_in_as(ids["owner"])
    assert [client.get(url).status_code for url in pages] == [200, 200]
    assert "Quiet draft" in client.get(pages[0]).text


def test_index_lists_open_debates_to_everyone_and_drafts_to_their_owner(app, client, auth):
    draft = new_debate(app, status=DebateStatus.DRAFT, title="Quiet draft")
    with app.app_context():
        owner = db.session.get(Debate, draft["debate"]).owner
        make_debate(owner=owner, title="Public debate")
        db.session.commit()

    anonymous = client.get("/").text
    auth.sign_in_new()
    stranger = client.get("/").text
    auth.sign_out()
    auth.sign_in_as(draft["owner"])
    own = client.get("/").text

    assert "Public debate" in anonymous and "Public debate" in stranger
    assert "Quiet draft" not in anonymous
    assert "Quiet draft" not in stranger
    assert "Quiet draft" in own and "Public debate" in own


def test_index_says_when_there_are_no_debates(client):
    assert "No debates yet." in client.get("/").text


# Status


def status_of(app, debate_id: int) -> DebateStatus:
    with app.app_context():
        return db.session.get(Debate, debate_id).status


def test_owner_opens_a_draft_then_closes_it(app, client, auth):
    ids = new_debate(app, status=DebateStatus.DRAFT)
    auth.sign_in_as(ids["owner"])
    url = f"/debates/{ids['debate']}/status"

    opened = client.post(url, data={"status": "open"})
    assert opened.status_code == 303
    assert opened.headers["Location"] == f"/debates/{ids['debate']}"
    assert status_of(app, ids["debate"]) == DebateStatus.OPEN
    assert "The debate is now open." in client.get(opened.headers["Location"]).text

    refused = client.post(url, data={"status": "closed"})
    assert refused.status_code == 422
    assert "Write the conclusion people will read first." in refused.text
    assert status_of(app, ids["debate"]) == DebateStatus.OPEN

    conclusion = "Most agreed that oversight matters more than the cameras themselves."
    closed = client.post(url, data={"status": "closed", "conclusion": conclusion})
    assert closed.status_code == 303
    assert status_of(app, ids["debate"]) == DebateStatus.CLOSED
    page = client.get(closed.headers["Location"]).text
    assert "Close the debate" not in page and "Open the debate" not in page
    assert conclusion in page


def test_stranger_cannot_change_a_debates_status(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_new()

    response = client.post(f"/debates/{ids['debate']}/status", data={"status": "closed"})

    assert response.status_code == 403
    assert status_of(app, ids["debate"]) == DebateStatus.OPEN


def test_closed_debate_cannot_be_reopened(app, client, auth):
    ids = new_debate(app, status=DebateStatus.CLOSED)
    auth.sign_in_as(ids["owner"])

    response = client.post(f"/debates/{ids['debate']}/status", data={"status": "open"})

    assert response.status_code == 409
    assert "A closed debate cannot become open." in response.text
    assert status_of(app, ids["debate"]) == DebateStatus.CLOSED


def test_unknown_status_is_a_bad_request(app, client, auth):
    ids = new_debate(app, status=DebateStatus.DRAFT)
    auth.sign_in_as(ids["owner"])

    response = client.post(f"/debates/{ids['debate']}/status", data={"status": "archived"})

    assert response.status_code == 400
    assert status_of(app, ids["debate"]) == DebateStatus.DRAFT


# Raising positions


def test_owner_raises_a_position_from_an_exact_quote(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form("Face matching is worth it", (2, "match faces against identity")),
    )

    with app.app_context():
        position = db.session.scalar(select(Position))
        assert response.status_code == 303
        assert response.headers["Location"] == f"/debates/{ids['debate']}/positions/{position.id}"
        assert [(a.passage.number, a.quote) for a in position.anchors] == [
            (2, "match faces against identity")
        ]
    page = client.get(response.headers["Location"]).text
    assert "Face matching is worth it" in page
    assert "Cameras in the city <mark>match faces against identity</mark> records" in page
    assert f'href="/debates/{ids["debate"]}/read?p=2#p-2"' in page


def test_quote_with_other_spacing_and_quote_marks_is_stored_as_the_passages_words(
    app, client, auth
):
    ids = new_debate(app, text=QUOTED_TEXT)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form(
            "ID matching is fine", (2, 'Beijing\'s cameras   match\nfaces against "national ID"')
        ),
    )

    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(PositionAnchor.quote)) == (
            "Beijing’s cameras match faces against “national ID”"
        )
    page = client.get(response.headers["Location"]).text
    assert "<mark>Beijing’s cameras match faces against “national ID”</mark>" in page


def test_quote_not_in_the_passage_is_refused_beside_that_quote(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form(
            "Two anchors, one wrong", (2, "match faces"), (5, "the public has no say")
        ),
    )

    assert response.status_code == 422
    assert field_error(response.text, "anchors-1-quote") == (
        "These words are not in passage 5. Copy them exactly from the text."
    )
    assert field_error(response.text, "anchors-0-quote") is None
    assert "the public has no say" in response.text
    assert stored(app, Position) == stored(app, PositionAnchor) == 0


def test_passage_outside_the_debates_material_is_refused(app, client, auth):
    ids = new_debate(app)
    with app.app_context():
        make_material("\n\n".join(f"Paragraph {n} of another text." for n in range(1, 21)))
        db.session.commit()
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form("Borrowed words", (20, "Paragraph 19 of another text.")),
    )

    assert response.status_code == 422
    assert field_error(response.text, "anchors-0-passage") == "Not a valid choice."
    assert stored(app, Position) == 0


def test_same_statement_twice_in_any_case_is_refused(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])
    url = raise_url(ids["debate"])
    assert client.post(url, data=position_form("Cameras help", (2, "match"))).status_code == 303

    response = client.post(url, data=position_form("  CAMERAS   help ", (5, "Critics say")))

    assert response.status_code == 422
    assert field_error(response.text, "statement") == "This debate already has that position."
    assert stored(app, Position) == 1


def test_position_without_any_quote_is_refused(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(raise_url(ids["debate"]), data=position_form("Nothing quoted"))

    assert response.status_code == 422
    assert field_error(response.text, "anchors-0-quote") == (
        "Quote at least one passage that raises this position."
    )
    assert stored(app, Position) == 0


def test_position_may_quote_two_passages(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form(
            "Recognition tech is a threat", (2, "match faces"), (4, "Gait recognition")
        ),
    )

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "<mark>match faces</mark>" in page
    assert "<mark>Gait recognition</mark>" in page
    assert page.index("?p=2#p-2") < page.index("?p=4#p-4")


@pytest.mark.parametrize("role", [Role.PARTICIPANT, None], ids=["participant", "stranger"])
def test_only_those_running_the_debate_may_raise_positions(app, client, auth, role):
    ids = new_debate(app)
    user_id = auth.sign_in_new()
    if role:
        with app.app_context():
            add_member(db.session.get(Debate, ids["debate"]), db.session.get(User, user_id), role)
            db.session.commit()

    form = client.get(raise_url(ids["debate"]))
    post = client.post(raise_url(ids["debate"]), data=position_form("Mine", (2, "match faces")))

    assert (form.status_code, post.status_code) == (403, 403)
    assert stored(app, Position) == 0
    assert "Raise a position" not in client.get(f"/debates/{ids['debate']}").text


def test_owner_cannot_raise_positions_once_the_debate_is_closed(app, client, auth):
    ids = new_debate(app, status=DebateStatus.CLOSED)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]), data=position_form("Too late", (2, "match faces"))
    )

    assert response.status_code == 403
    assert stored(app, Position) == 0


def test_selection_in_the_reading_view_prefills_the_position_form(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    page = client.get(raise_url(ids["debate"]) + "?passage=2&quote=match+faces+%26+records").text

    select_html = re.search(r'<select[^>]*id="anchors-0-passage"[^>]*>(.*?)</select>', page, re.S)
    selected = re.findall(r'<option selected value="(\d+)">', select_html[1])
    quote = re.search(r'<textarea[^>]*id="anchors-0-quote"[^>]*>(.*?)</textarea>', page, re.S)
    assert selected == ["2"]
    assert unescape(quote[1]).strip() == "match faces & records"


# The debate page


def test_debate_page_lists_positions_with_their_passage_anchors(app, client):
    ids = new_debate(app)
    with app.app_context():
        debate = db.session.get(Debate, ids["debate"])
        make_position(debate, "Cameras keep people safe", passage_number=2)
        make_position(debate, "Gait tracking goes too far", passage_number=4)
        db.session.commit()

    page = client.get(f"/debates/{ids['debate']}").text

    items = re.findall(
        r'<li class="position" id="position-\d+">.*?>([^<]+)</a></h3>.*?'
        r'href="(/debates/\d+/read\?p=\d+#p-\d+)">(§\d+)</a>',
        page,
        re.S,
    )
    debate_id = ids["debate"]
    assert items == [
        ("Cameras keep people safe", f"/debates/{debate_id}/read?p=2#p-2", "§2"),
        ("Gait tracking goes too far", f"/debates/{debate_id}/read?p=4#p-4", "§4"),
    ]
    assert "No positions yet." not in page


def test_debate_page_says_when_there_are_no_positions(app, client):
    ids = new_debate(app)

    page = client.get(f"/debates/{ids['debate']}").text

    assert "No positions yet." in page
    assert 'class="position-list"' not in page


# htmx


def test_htmx_refused_position_returns_only_the_form_fragment(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form("Fragments", (2, "words that are not there")),
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 422
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<form id="position-form"')
    assert "HX-Request" in response.headers["Vary"]
    assert field_error(response.text, "anchors-0-quote").startswith("These words are not in")
    assert stored(app, Position) == 0


def test_htmx_raised_position_redirects_with_hx_redirect(app, client, auth):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form("Fragments work", (2, "match faces")),
        headers={"HX-Request": "true"},
    )

    with app.app_context():
        position_id = db.session.scalar(select(Position.id))
    assert response.headers["HX-Redirect"] == f"/debates/{ids['debate']}/positions/{position_id}"
    assert "Location" not in response.headers


@page_or_fragment
def test_position_form_is_a_page_unless_htmx_asks_for_the_fragment(
    app, client, auth, headers, full_page
):
    ids = new_debate(app)
    auth.sign_in_as(ids["owner"])

    response = client.get(raise_url(ids["debate"]), headers=headers)

    assert response.status_code == 200
    assert ("<html" in response.text) is full_page
    assert 'id="position-form"' in response.text
    assert "HX-Request" in response.headers["Vary"]


# Query counts


def test_debate_page_query_count_does_not_grow_with_positions(app, client, count_queries):
    few, many = new_debate(app), new_debate(app)
    with app.app_context():
        for ids, total in ((few, 2), (many, 40)):
            debate = db.session.get(Debate, ids["debate"])
            for number in range(total):
                make_position(debate, f"Claim {number}", passage_number=2 + number % 4)
        db.session.commit()

    def show(ids):
        def action():
            page = client.get(f"/debates/{ids['debate']}").text
            assert page.count('class="position"') == (2 if ids is few else 40)

        return action

    client.get(f"/debates/{few['debate']}")  # warm up anything done once per process
    assert count_queries(show(few)) == count_queries(show(many))


def test_expired_session_during_htmx_sends_htmx_to_sign_in(app, client):
    ids = new_debate(app)

    response = client.post(
        raise_url(ids["debate"]),
        data=position_form("Anonymous", (2, "match faces")),
        headers={
            "HX-Request": "true",
            "HX-Current-URL": f"http://localhost/debates/{ids['debate']}",
        },
    )

    assert response.headers["HX-Redirect"].startswith("/account/sign-in")
    assert "<form" not in response.text
    assert stored(app, Position) == 0


def test_position_is_not_found_under_another_debate(app, client):
    first, second = new_debate(app), new_debate(app)
    with app.app_context():
        position_id = make_position(db.session.get(Debate, first["debate"])).id
        db.session.commit()

    assert client.get(f"/debates/{first['debate']}/positions/{position_id}").status_code == 200
    assert client.get(f"/debates/{second['debate']}/positions/{position_id}").status_code == 404


# Which material a new debate starts on


def selected_material(page: str) -> str | None:
    select_box = re.search(r'<select[^>]*name="material".*?</select>', page, re.S).group(0)
    chosen = re.search(r'<option selected value="(\d+)"|<option value="(\d+)" selected', select_box)
    return next(filter(None, chosen.groups())) if chosen else None


def test_start_a_debate_preselects_the_material_it_was_started_from(app, client, auth):
    auth.sign_in_new()
    with app.app_context():
        first, second = make_material().id, make_material(title="Another text").id
        db.session.commit()

    assert selected_material(client.get(f"/debates/new?material_id={first}").text) == str(first)
    assert selected_material(client.get(f"/debates/new?material_id={second}").text) == str(second)
    assert selected_material(client.get("/debates/new").text) == "0"


def test_start_a_debate_preselects_the_only_material(app, client, auth):
    auth.sign_in_new()
    with app.app_context():
        only = make_material().id
        db.session.commit()

    assert selected_material(client.get("/debates/new").text) == str(only)
