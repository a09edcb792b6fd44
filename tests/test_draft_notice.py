"""Check that a draft debate says so on every page its owner opens, and that new debates open."""

import re

import pytest

from app.extensions import db
from app.models import Debate, DebateStatus, Role
from tests.factories import add_member, make_user
from tests.worlds import new_argument

NOTICE = "This debate is a draft:"


def draft_pages(ids: dict) -> list[str]:
    debate, position, argument = ids["debate"], ids["position"], ids["argument"]
    return [
        f"/debates/{debate}",
        f"/debates/{debate}/read",
        f"/debates/{debate}/positions/{position}",
        f"/arguments/{argument}",
        f"/arguments/{argument}/history",
        f"/debates/{debate}/settings",
        f"/debates/{debate}/log",
    ]


@pytest.fixture
def draft(app):
    return new_argument(app, status=DebateStatus.DRAFT)


def test_every_page_of_a_draft_tells_its_owner_and_offers_to_open_it(app, client, auth, draft):
    auth.sign_in_as(draft["owner"])

    for url in draft_pages(draft):
        page = client.get(url)
        assert page.status_code == 200, url
        assert NOTICE in page.text, url
        assert "only you can see it" in page.text, url
        assert "Open it to let people argue." in page.text, url
        assert f'action="/debates/{draft["debate"]}/status"' in page.text, url


def test_an_open_debate_shows_no_draft_notice(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_as(ids["owner"])

    for url in draft_pages(ids):
        assert NOTICE not in client.get(url).text, url


def test_the_notice_button_opens_the_debate(app, client, auth, draft):
    auth.sign_in_as(draft["owner"])

    response = client.post(f"/debates/{draft['debate']}/status", data={"status": "open"})

    assert response.status_code == 303
    assert NOTICE not in client.get(f"/debates/{draft['debate']}").text


def test_a_new_debate_is_open_unless_the_owner_chooses_draft(app, client, auth, draft):
    auth.sign_in_as(draft["owner"])

    form = client.get("/debates/new").text

    checkbox = re.search(r'<input[^>]*name="open_now"[^>]*>', form).group(0)
    assert "checked" in checkbox
    assert "untick to keep it a draft" in form


def test_members_of_a_draft_see_no_notice_meant_for_its_owner(app, client, auth, draft):
    with app.app_context():
        member = make_user()
        add_member(db.session.get(Debate, draft["debate"]), member, Role.PARTICIPANT)
        db.session.commit()
        member_id = member.id
    auth.sign_in_as(member_id)

    assert NOTICE not in client.get(f"/debates/{draft['debate']}").text
    auth.sign_out()
    auth.sign_in_as(draft["owner"])
    assert "only you and its members can see it" in client.get(f"/debates/{draft['debate']}").text
