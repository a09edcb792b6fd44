"""Check that duplicate claims, positions and sources are caught however they are spelled, and
that what people typed is what the page shows."""

import pytest

from app.models import Argument, Evidence, Position
from tests.forms import position_form
from tests.pages import field_error, stored
from tests.worlds import client_of, roles_world

# Each variant reads as the first to a person, but differs in code points.
CLAIM_VARIANTS = [
    ("Cafés deter theft", "Cafe\u0301s deter theft"),  # composed and decomposed accents
    ("Cameras define safety", "Cameras de\ufb01ne safety"),  # the "ﬁ" ligature
    ("Cameras deter theft", "Ｃａｍｅｒａｓ deter theft"),  # full-width letters
    ("Cameras deter theft", "Cam\u200beras deter\u200d theft"),  # zero-width characters
    ("Straße lights help", "STRASSE LIGHTS HELP"),  # case folding, not only lower case
]


def post_claim(client, w, claim):
    return client.post(f"/positions/{w.position}/arguments/new",
                       data={"side": "pro", "claim": claim, "allow_similar": "y"})


@pytest.mark.parametrize(("first", "variant"), CLAIM_VARIANTS)
def test_a_claim_spelled_with_other_code_points_is_a_duplicate(app, first, variant):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])
    assert post_claim(client, w, first).status_code == 303

    response = post_claim(client, w, variant)

    assert response.status_code == 422
    assert field_error(response.text, "claim") == "This argument has already been made here."
    assert stored(app, Argument, Argument.claim == variant) == 0


def test_a_claim_keeps_the_characters_its_author_typed(app):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    response = post_claim(client, w, "Ｃａｆé\u0301 owners de\ufb01ne it")

    assert response.status_code == 303
    assert "Ｃａｆé\u0301 owners de\ufb01ne it" in client.get(response.location).text


@pytest.mark.parametrize(("first", "variant"), CLAIM_VARIANTS)
def test_a_position_spelled_with_other_code_points_is_a_duplicate(app, first, variant):
    w = roles_world(app)
    client = client_of(app, w.users["owner"])
    url = f"/debates/{w.debate}/positions/new"
    assert client.post(url, data=position_form(first, (2, "Cameras"))).status_code == 303

    response = client.post(url, data=position_form(variant, (2, "Cameras")))

    assert response.status_code == 422
    assert field_error(response.text, "statement") == "This debate already has that position."
    assert stored(app, Position, Position.statement == variant) == 0


URL_VARIANTS = [
    "https://EXAMPLE.org/report",
    "https://example.org/report/",
    "https://example.org/%72eport",
    "HTTPS://example.org/report",
    "https://example.org/report#findings",
    "https://example.org:443/report",
]


def attach(client, w, url):
    return client.post(f"/arguments/{w.argument}/evidence/new",
                       data={"kind": "news", "url": url, "title": "Report", "passage": "0"})


@pytest.mark.parametrize("variant", URL_VARIANTS)
def test_a_source_written_another_way_is_already_attached(app, variant):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])
    assert attach(client, w, "https://example.org/report").status_code == 303

    response = attach(client, w, variant)

    assert response.status_code == 422
    assert field_error(response.text, "url") == "This source is already attached to this argument."
    assert stored(app, Evidence, Evidence.url == variant) == 0


def test_a_source_keeps_the_address_as_typed_and_other_pages_stay_distinct(app):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    assert attach(client, w, "https://Example.org/Report?b=2").status_code == 303
    assert attach(client, w, "https://example.org/report?b=2").status_code == 303

    assert stored(app, Evidence, Evidence.url == "https://Example.org/Report?b=2") == 1


@pytest.mark.parametrize(
    "url", ["https://exa mple.com/", "https://<b>evil</b>.com/", "https://exam_ple..com/",
            "https://example.com:99999/", "https://-example.com/"]
)
def test_a_source_whose_host_is_no_host_name_is_refused_beside_the_address(app, url):
    w = roles_world(app)
    client = client_of(app, w.users["participant"])

    response = attach(client, w, url)

    assert response.status_code == 422
    assert "no valid host name" in field_error(response.text, "url")
    assert stored(app, Evidence, Evidence.url == url) == 0
