"""Check the queue's actions: which need a reason, that each is logged and works; locks hold."""

import re
from html import unescape

import pytest

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    Evidence,
    ModerationAction,
    ModerationState,
    Notification,
    ReportReason,
    ReportStatus,
    Side,
    User,
)
from app.models.columns import utcnow
from tests.factories import make_argument, make_report, make_user
from tests.forms import act, post_argument
from tests.pages import (
    argument_by_claim,
    flashes,
    log_actions,
    position_url,
    report_statuses,
    state_of,
    stored,
)
from tests.worlds import HIDE_REASON, SHOWN_CLAIM, client_of, moderation_world

LOCKED = "A moderator locked this branch; it takes no new replies."

def prepare(app, w, action: str) -> None:
    """Put the shown argument in the state the action applies to."""
    with app.app_context():
        argument = db.session.get(Argument, w["shown"])
        if action in ("approve", "reject"):
            argument.moderation = ModerationState.PENDING
        elif action == "restore":
            argument.moderation = ModerationState.HIDDEN
        elif action == "unlock":
            argument.locked_at = utcnow()
        elif action == "dismiss_reports":
            make_report(argument, make_user(), reason=ReportReason.OFF_TOPIC)
        db.session.commit()


def moderation_snapshot(app, w) -> tuple:
    with app.app_context():
        argument = db.session.get(Argument, w["shown"])
        return (
            argument.moderation,
            argument.moderation_reason,
            argument.locked_at,
            report_statuses(app, w["shown"]),
            stored(app, ModerationAction),
            stored(app, Notification),
        )


ACTIONS = {
    # action: (what it leaves behind, the words the log page shows for it)
    "approve": (lambda a: a.moderation == ModerationState.VISIBLE, "approve"),
    "reject": (lambda a: a.moderation == ModerationState.REJECTED, "reject"),
    "hide": (lambda a: a.moderation == ModerationState.HIDDEN, "hide"),
    "restore": (lambda a: a.moderation == ModerationState.VISIBLE, "restore"),
    "dismiss_reports": (lambda a: True, "dismiss reports"),
    "lock": (lambda a: a.locked_at is not None, "lock"),
    "unlock": (lambda a: a.locked_at is None, "unlock"),
}


NEED_A_REASON = [action for action in ACTIONS if action not in ("approve", "dismiss_reports")]


@pytest.mark.parametrize("action", NEED_A_REASON)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_queue_action_without_a_reason_is_refused_and_changes_nothing(app, action, reason):
    w = moderation_world(app)
    prepare(app, w, action)
    before = moderation_snapshot(app, w)
    moderator = client_of(app, w["moderator"])

    response = act(moderator, w, w["shown"], action, reason)

    assert response.status_code == 303
    assert "Give a reason for this action: the author and the public log see it." in flashes(
        moderator.get(response.headers["Location"]).text)
    assert moderation_snapshot(app, w) == before


@pytest.mark.parametrize("action", ["approve", "dismiss_reports"])
def test_approving_and_dismissing_reports_need_no_reason(app, action):
    w = moderation_world(app)
    prepare(app, w, action)
    moderator = client_of(app, w["moderator"])

    response = act(moderator, w, w["shown"], action, "")

    assert response.status_code == 303
    assert "Done. The action is in the public moderation log." in flashes(
        moderator.get(response.headers["Location"]).text)
    with app.app_context():
        assert ACTIONS[action][0](db.session.get(Argument, w["shown"]))


@pytest.mark.parametrize("action", ACTIONS)
def test_each_queue_action_is_recorded_in_the_public_log_with_its_reason(app, action):
    w = moderation_world(app)
    prepare(app, w, action)
    reason = f"Reason for {action}: the rules say so."

    response = act(client_of(app, w["moderator"]), w, w["shown"], action, reason)

    assert response.status_code == 303
    with app.app_context():
        assert ACTIONS[action][0](db.session.get(Argument, w["shown"]))
    entry = log_actions(client_of(app), w)[0]
    assert entry["actor"] == "Moderator"
    assert entry["actor_role"] == "moderator"
    assert entry["action"] == action
    assert entry["target"] == {"kind": "argument", "id": w["shown"], "label": "argument 1"}
    assert entry["reason"] == reason
    page = client_of(app).get(f"/debates/{w['debate']}/log").text
    row = " ".join(unescape(re.sub(r"<[^>]+>", " ", page.split("<tbody>")[1])).split())
    assert f"Moderator (moderator) {ACTIONS[action][1]} argument 1 {reason}" in row


def test_dismissing_reports_closes_them_and_keeps_the_argument_shown(app):
    w = moderation_world(app)
    prepare(app, w, "dismiss_reports")

    act(client_of(app, w["moderator"]), w, w["shown"], "dismiss_reports", "Not spam at all.")

    assert report_statuses(app, w["shown"]) == [ReportStatus.DISMISSED]
    assert state_of(app, Argument, w["shown"]) == ModerationState.VISIBLE
    assert "Nothing waits for review." in client_of(app, w["moderator"]).get(
        f"/debates/{w['debate']}/queue").text


def test_the_log_names_the_owner_as_owner(app):
    w = moderation_world(app)

    act(client_of(app, w["owner"]), w, w["shown"], "hide", HIDE_REASON)

    entry = log_actions(client_of(app), w)[0]
    assert (entry["actor"], entry["actor_role"], entry["action"]) == ("Owner", "owner", "hide")


def test_a_locked_branch_takes_no_replies_anywhere_under_it_until_unlocked(app):
    w = moderation_world(app)
    with app.app_context():
        child = make_argument(db.session.get(Debate, w["debate"]).positions[0],
                              db.session.get(User, w["author"]), claim="Thieves moved to buses",
                              parent=db.session.get(Argument, w["shown"]), side=Side.CON).id
        db.session.commit()
    moderator, participant = client_of(app, w["moderator"]), client_of(app, w["participant"])
    assert act(moderator, w, w["shown"], "lock", "Going round in circles.").status_code == 303

    for parent in (w["shown"], child):
        form = participant.get(f"/positions/{w['position']}/arguments/new?parent={parent}")
        refused = post_argument(participant, w, f"A reply under {parent}", parent=parent)
        assert form.status_code == 409 and LOCKED in form.text
        assert refused.status_code == 409 and LOCKED in refused.text
    assert stored(app, Argument) == 2

    assert act(moderator, w, w["shown"], "unlock", "Calmer now.").status_code == 303

    for parent in (w["shown"], child):
        assert post_argument(participant, w, f"A reply under {parent}", parent=parent,
                             side="con").status_code == 303
    assert stored(app, Argument) == 4


def test_a_moderator_restores_a_hidden_argument_from_its_own_page(app):
    w = moderation_world(app)
    moderator = client_of(app, w["moderator"])
    assert act(moderator, w, w["shown"], "hide", "Off-topic here").status_code == 303
    assert f'id="queue-argument-{w["shown"]}"' not in moderator.get(
        f"/debates/{w['debate']}/queue"
    ).text

    page = moderator.get(f"/arguments/{w['shown']}").text
    assert "Moderate this argument" in page
    assert 'value="restore"' in page and 'value="hide"' not in page

    restored = moderator.post(
        f"/debates/{w['debate']}/queue/argument/{w['shown']}",
        data={"action": "restore", "reason": "On reflection it is on topic", "next": "item"},
    )

    assert restored.status_code == 303
    assert restored.headers["Location"] == f"/arguments/{w['shown']}"
    assert state_of(app, Argument, w["shown"]) == ModerationState.VISIBLE
    assert SHOWN_CLAIM in client_of(app).get(position_url(w)).text


def test_participants_see_no_moderation_controls_on_an_argument(app):
    w = moderation_world(app)

    page = client_of(app, w["participant"]).get(f"/arguments/{w['shown']}").text

    assert "Moderate this argument" not in page


def test_evidence_cannot_be_added_anywhere_under_a_locked_branch(app):
    w = moderation_world(app)
    author = client_of(app, w["author"])
    post_argument(author, w, "A reply deep in the branch", parent=w["shown"], side="con")
    child_id = argument_by_claim(app, "A reply deep in the branch").id
    assert act(client_of(app, w["moderator"]), w, w["shown"], "lock").status_code == 303

    response = author.post(
        f"/arguments/{child_id}/evidence/new",
        data={"kind": "research", "url": "https://example.org/study", "title": "A study"},
    )

    assert response.status_code == 409
    assert stored(app, Evidence) == 0


def test_the_browser_lets_approve_go_without_a_reason_but_not_hide(app):
    w = moderation_world(app)
    prepare(app, w, "approve")

    page = client_of(app, w["moderator"]).get(f"/debates/{w['debate']}/queue").text

    buttons = dict(re.findall(r'<button type="submit" name="action" value="(\w+)"([^>]*)>', page))
    assert "formnovalidate" in buttons["approve"]
    assert "formnovalidate" not in buttons["hide"]
    assert "formnovalidate" not in buttons["reject"]
