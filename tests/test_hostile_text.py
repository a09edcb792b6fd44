"""Check that control characters in any text people send are refused beside the field, never a
crash (PostgreSQL cannot store NUL at all)."""

import pytest

from tests.forms import GOOD_PASSWORD
from tests.pages import HX, field_error, flashes, position_url, snapshot
from tests.routes import CASES
from tests.worlds import client_of, roles_world

REFUSAL = "invisible control character (U+0000)"

# (route case, who sends it, field): every text field of every form, each sent with a NUL.
TEXT_FIELDS = [
    ("arguments.new", "participant", "claim"),
    ("arguments.new", "participant", "body"),
    ("arguments.edit", "author", "claim"),
    ("arguments.edit", "author", "body"),
    ("arguments.new_evidence", "participant", "title"),
    ("arguments.new_evidence", "participant", "url"),
    ("arguments.new_evidence", "participant", "excerpt"),
    ("debates.new", "owner", "title"),
    ("debates.new", "owner", "question"),
    ("debates.new_position", "owner", "statement"),
    ("debates.new_position", "owner", "anchors-0-quote"),
    ("materials.new", "owner", "title"),
    ("materials.new", "owner", "author"),
    ("materials.new", "owner", "source_url"),
    ("materials.new", "owner", "text"),
    ("moderation.report:argument", "participant", "details"),
    ("memberships.members", "owner", "username"),
    ("debates.status:close", "owner", "conclusion"),
]


def with_nul(value: str) -> str:
    return (value or "words") + "\x00 and more"


@pytest.mark.parametrize(
    ("case", "who", "field"), TEXT_FIELDS, ids=[f"{case}-{field}" for case, _, field in TEXT_FIELDS]
)
def test_a_nul_in_any_text_field_is_refused_beside_it_and_nothing_is_stored(app, case, who, field):
    w = roles_world(app)
    client = client_of(app, w.users[who])
    route = CASES[case]
    with app.app_context():
        data = route.data(w)
    data[field] = with_nul(data.get(field, ""))
    before = snapshot(app)

    response = client.open(route.url(w), method="POST", data=data)

    assert response.status_code == 422
    assert REFUSAL in field_error(response.text, field)
    assert snapshot(app) == before


# The review queue's forms report a refusal above the queue, as they do for a missing reason.
QUEUE_FIELDS = [
    ("moderation.act:hide", "reason"),
    ("moderation.suspend", "username"),
    ("moderation.suspend", "reason"),
]


@pytest.mark.parametrize(("case", "field"), QUEUE_FIELDS)
def test_a_nul_in_a_queue_form_is_refused_above_the_queue_and_nothing_is_stored(app, case, field):
    w = roles_world(app)
    client = client_of(app, w.users["moderator"])
    route = CASES[case]
    with app.app_context():
        data = route.data(w)
    data[field] = with_nul(data[field])
    before = snapshot(app)

    response = client.post(route.url(w), data=data)

    assert response.status_code == 303
    assert any(REFUSAL in message for message in flashes(client.get(response.location).text))
    assert snapshot(app) == before


@pytest.mark.parametrize("case", ["moderation.act:hide", "moderation.suspend"])
def test_a_moderation_reason_over_the_limit_says_it_is_too_long(app, case):
    w = roles_world(app)
    client = client_of(app, w.users["moderator"])
    route = CASES[case]
    with app.app_context():
        data = {**route.data(w), "reason": "x" * 1001}
    before = snapshot(app)

    response = client.post(route.url(w), data=data)

    assert flashes(client.get(response.location).text) == ["Keep the reason to 1,000 characters."]
    assert snapshot(app) == before


def test_a_nul_in_the_username_when_signing_in_is_refused_beside_it(app, client):
    response = client.post(
        "/account/sign-in", data={"username": "xo\x00wner", "password": GOOD_PASSWORD}
    )

    assert response.status_code == 422
    assert REFUSAL in field_error(response.text, "username")


@pytest.mark.parametrize("field", ["username", "display_name", "email", "password"])
def test_a_nul_in_any_sign_up_field_is_refused_beside_it(app, client, field):
    data = {
        "username": "alice",
        "display_name": "Alice Liddell",
        "email": "alice@example.org",
        "password": GOOD_PASSWORD,
        "confirm": GOOD_PASSWORD,
    }
    data[field] = data[field][:3] + "\x00" + data[field][3:]
    before = snapshot(app)

    response = client.post("/account/sign-up", data=data)

    assert response.status_code == 422
    assert REFUSAL in field_error(response.text, field)
    assert snapshot(app) == before


@pytest.mark.parametrize("character", ["\x01", "\x1b", "\x7f", "\x85", "\x9f"])
def test_other_control_characters_are_refused_too_and_named(app, character):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    response = client.post(
        f"/positions/{w.position}/arguments/new",
        data={"side": "pro", "claim": f"Cameras{character} deter theft"},
    )

    assert response.status_code == 422
    assert f"(U+{ord(character):04X})" in field_error(response.text, "claim")


def test_tabs_and_line_breaks_in_an_explanation_are_kept(app):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    response = client.post(
        f"/positions/{w.position}/arguments/new",
        data={"side": "pro", "claim": "Cameras deter theft", "body": "One\r\n\tTwo\nThree"},
    )

    assert response.status_code == 303


def test_an_htmx_refusal_is_the_form_fragment_with_the_message(app):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    response = client.post(
        f"/positions/{w.position}/arguments/new",
        data={"side": "pro", "claim": "Cameras\x00 deter theft"},
        headers=HX,
    )

    assert response.status_code == 422
    assert "<html" not in response.text
    assert REFUSAL in field_error(response.text, "claim")


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_an_invite_link_with_a_control_character_is_not_found(app, method):
    w = roles_world(app)
    client = client_of(app, w.users["outsider"])

    assert client.open("/join/%FF%00", method=method).status_code == 404
    assert client.open(f"/join/{w.token}%00", method=method).status_code == 404


@pytest.mark.parametrize(
    "query", ["sort=%00", "next=%00", "claim=a%00b", "%00=1", "quote=%1b"]
)
def test_an_address_whose_query_holds_a_control_character_is_refused_with_a_reason(app, query):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    for url in (
        f"{position_url({'debate': w.debate, 'position': w.position})}?{query}",
        f"/positions/{w.position}/arguments/similar?{query}",
    ):
        response = client.get(url)

        assert response.status_code == 400
        assert "The address contains an invisible control character" in response.text


def test_the_api_refuses_a_control_character_in_its_query_with_json(client):
    response = client.get("/api/v1/debates?page=1%00")

    assert response.status_code == 400
    assert "control character" in response.get_json()["error"]["message"]
