"""Check reports: their reasons, weights, hiding at the threshold, mending and restoring."""

from html import unescape

import pytest
from sqlalchemy import select

from app.errors import Conflict
from app.extensions import db
from app.models import Argument, Debate, ModerationState, Report, ReportReason, ReportStatus, User
from tests.factories import make_argument, make_report
from tests.forms import act
from tests.pages import (
    card,
    field_error,
    log_actions,
    position_url,
    queue_entry,
    report_statuses,
    state_of,
    stored,
)
from tests.worlds import (
    HELD_CLAIM,
    HIDE_REASON,
    SHOWN_CLAIM,
    client_of,
    hide_by_reports,
    moderation_world,
    new_user,
)

AUTO_HIDE_REASON = "Hidden automatically after reports; waiting for a moderator's review."


def report(client, item_id: int, reason: str = "spam", details: str = "", kind="argument"):
    return client.post(f"/report/{kind}/{item_id}", data={"reason": reason, "details": details})

@pytest.mark.parametrize(
    ("reason", "label"),
    [("spam", "Spam"), ("abuse", "Abuse or harassment"), ("off_topic", "Off-topic"),
     ("personal_information", "Personal information"), ("other", "Other")],
)
def test_a_reader_reports_an_argument_for_each_listed_reason(app, reason, label):
    w = moderation_world(app)

    response = report(client_of(app, w["participant"]), w["shown"], reason, "It names my boss.")

    assert response.status_code == 303
    with app.app_context():
        stored = db.session.scalar(select(Report))
        assert (stored.reason, stored.details, stored.reporter_id) == (
            ReportReason(reason), "It names my boss.", w["participant"])
    entry = queue_entry(client_of(app, w["moderator"]).get(f"/debates/{w['debate']}/queue").text,
                        "argument", w["shown"])
    assert f"{label} (weight 1.0)" in entry and "It names my boss." in entry


def test_other_without_details_is_refused_beside_the_details_field(app):
    w = moderation_world(app)

    response = report(client_of(app, w["participant"]), w["shown"], "other", "   ")

    assert response.status_code == 422
    assert field_error(response.text, "details") == "Say what is wrong when you choose “Other”."
    assert stored(app, Report) == 0


def test_reporting_the_same_argument_twice_is_refused_with_a_message(app):
    w = moderation_world(app)
    participant = client_of(app, w["participant"])
    assert report(participant, w["shown"], "spam").status_code == 303

    again = report(participant, w["shown"], "abuse")

    # The service refuses with a conflict; the page puts its message beside the form with
    # the status every refused form gets, which htmx swaps in.
    assert again.status_code == 422
    assert "You have already reported this." in again.text
    assert stored(app, Report) == 1
    with app.app_context():
        argument = db.session.get(Argument, w["shown"])
        with pytest.raises(Conflict) as refused:
            make_report(argument, db.session.get(User, w["participant"]), reason=ReportReason.ABUSE)
        assert refused.value.status == 409
        assert refused.value.message == "You have already reported this."


def test_two_reports_leave_an_argument_shown_and_the_third_hides_it(app):
    w = moderation_world(app)
    with app.app_context():
        argument = make_argument(db.session.get(Debate, w["debate"]).positions[0],
                                 db.session.get(User, w["author"]), claim=HELD_CLAIM)
        db.session.commit()
        target = argument.id
    reporters = [client_of(app, new_user(app)) for _ in range(3)]

    for reporter in reporters[:2]:
        assert report(reporter, target).status_code == 303
    assert state_of(app, Argument, target) == ModerationState.VISIBLE
    assert HELD_CLAIM in client_of(app).get(position_url(w)).text
    assert report(reporters[2], target).status_code == 303

    assert state_of(app, Argument, target) == ModerationState.HIDDEN
    entry = log_actions(client_of(app), w)[0]
    assert (entry["action"], entry["actor"], entry["actor_role"]) == ("auto_hide", None, "system")
    assert entry["target"] == {"kind": "argument", "id": target, "label": "argument 2"}
    author = client_of(app, w["author"])
    own_card = card(author.get(f"/arguments/{target}").text, target)
    assert "Hidden" in own_card and f"Reason: {AUTO_HIDE_REASON}" in own_card
    assert "was hidden after reports" in unescape(author.get("/notifications").text)
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM not in reader.get(position_url(w)).text
        assert reader.get(f"/arguments/{target}").status_code == 404


def test_a_reporter_whose_two_earlier_reports_were_upheld_counts_double(app):
    w = moderation_world(app)
    with app.app_context():
        position = db.session.get(Debate, w["debate"]).positions[0]
        author = db.session.get(User, w["author"])
        earlier = [make_argument(position, author, claim=f"Earlier spam number {n}").id
                   for n in (1, 2)]
        target = make_argument(position, author, claim=HELD_CLAIM).id
        db.session.commit()
    trusted = client_of(app, w["participant"])
    moderator = client_of(app, w["moderator"])
    for argument_id in earlier:
        assert report(trusted, argument_id).status_code == 303
        assert act(moderator, w, argument_id, "hide", HIDE_REASON).status_code == 303

    assert report(trusted, target).status_code == 303
    assert state_of(app, Argument, target) == ModerationState.VISIBLE
    assert report(client_of(app, new_user(app)), target).status_code == 303

    assert state_of(app, Argument, target) == ModerationState.HIDDEN
    with app.app_context():
        weights = db.session.scalars(
            select(Report.weight).where(Report.argument_id == target).order_by(Report.id)
        ).all()
    assert weights == [2.0, 1.0]
    entry = queue_entry(moderator.get(f"/debates/{w['debate']}/queue").text, "argument", target)
    assert "(weight 2.0)" in entry and "(weight 1.0)" in entry


def test_the_author_mending_a_hidden_argument_sends_it_back_for_review(app):
    w = moderation_world(app)
    with app.app_context():
        position = db.session.get(Debate, w["debate"]).positions[0]
        target = make_argument(position, db.session.get(User, w["author"]), claim=HELD_CLAIM).id
        db.session.commit()
    hide_by_reports(app, w, target)
    mended = "Station thefts fell by a fifth once the cameras went up"

    response = client_of(app, w["author"]).post(
        f"/arguments/{target}/edit", data={"claim": mended, "body": ""}
    )

    assert response.status_code == 303
    assert state_of(app, Argument, target) == ModerationState.PENDING
    assert "Awaiting review" in card(
        client_of(app, w["author"]).get(f"/arguments/{target}").text, target)
    assert mended not in client_of(app).get(position_url(w)).text
    assert client_of(app, w["participant"]).get(f"/arguments/{target}").status_code == 404
    moderator = client_of(app, w["moderator"])
    assert "pending" in queue_entry(
        moderator.get(f"/debates/{w['debate']}/queue").text, "argument", target)

    assert act(moderator, w, target, "approve", "Mended: no insult left.").status_code == 303

    assert state_of(app, Argument, target) == ModerationState.VISIBLE
    assert mended in client_of(app).get(position_url(w)).text
    assert report_statuses(app, target) == [ReportStatus.DISMISSED] * 3


def test_restoring_a_hidden_argument_shows_it_again_and_dismisses_its_reports(app):
    w = moderation_world(app)
    hide_by_reports(app, w, w["shown"])
    assert SHOWN_CLAIM not in client_of(app).get(position_url(w)).text

    owner = client_of(app, w["owner"])

    response = act(owner, w, w["shown"], "restore", "The reports were a pile-on.")

    assert response.status_code == 303
    assert state_of(app, Argument, w["shown"]) == ModerationState.VISIBLE
    assert SHOWN_CLAIM in client_of(app).get(position_url(w)).text
    assert report_statuses(app, w["shown"]) == [ReportStatus.DISMISSED] * 3
