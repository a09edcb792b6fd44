"""Check mail end to end against a real local SMTP server: confirming an address, resetting a
password, notices at once or in a daily digest, and unsubscribing without signing in."""

from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import select

from app.arguments.services import post_argument as post_argument_as
from app.extensions import db
from app.jobs import queue, work
from app.mail.tokens import make_token
from app.models import Follow, MailMode, Notification, Position, Side, User
from app.models.columns import utcnow
from tests.factories import PASSWORD, make_user
from tests.forms import post_argument
from tests.mailbox import link_in, start_smtp_server, text_of
from tests.worlds import client_of, moderation_world

NEW_PASSWORD = "a fresh and rather long passphrase"


@pytest.fixture
def mailbox(app):
    received, stop = start_smtp_server(app)
    yield received
    stop()


def reader_with_mail(app, mode: MailMode = MailMode.AT_ONCE, name: str = "reader") -> int:
    with app.app_context():
        person = make_user(display_name=name.capitalize(), email=f"{name}@example.org",
                           email_verified_at=utcnow(), mail_mode=mode)
        db.session.commit()
        return person.id


def test_an_address_is_confirmed_once_from_the_link_mailed_to_it(app, mailbox):
    with app.app_context():
        user_id = make_user().id
        db.session.commit()
    client = client_of(app, user_id)

    saved = client.post("/account/email", data={"email": "Ada@Example.org", "mail_mode": "daily"},
                        buffered=True)

    assert saved.status_code == 303
    [message] = mailbox.to("ada@example.org")
    assert message["Subject"] == "Confirm your email address for Agora"
    assert "List-Unsubscribe" not in message
    assert "To confirm that ada@example.org is your address on Agora" in text_of(message)
    link = link_in(message, "/account/email/verify/")
    page = client_of(app).get(link)
    assert page.status_code == 200 and "ada@example.org" in page.text
    assert "not confirmed yet" in client.get("/account/").text

    confirmed = client_of(app).post(link)

    assert confirmed.status_code == 303
    assert "ada@example.org (confirmed)" in client.get("/account/").text
    used = client_of(app).post(link)
    assert used.status_code == 410 and "This link was already used" in used.text
    assert client_of(app).get(link).status_code == 410


def test_a_forged_or_altered_link_is_refused_clearly(app, client):
    with app.app_context():
        user = make_user(email="x@example.org")
        genuine = make_token(user, "verify")
        reset = make_token(user, "reset")
        db.session.commit()

    for link in (f"/account/email/verify/{genuine[:-3]}abc", "/account/email/verify/nonsense",
                 f"/account/email/verify/{reset}", f"/account/reset/{genuine}",
                 f"/mail/unsubscribe/{'x' * 600}"):
        response = client.get(link)
        assert response.status_code == 400, link
        assert "This link is not valid: it was altered or cut short." in response.text


def test_a_password_is_reset_once_from_the_mailed_link(app, mailbox):
    user_id = reader_with_mail(app)

    asked = client_of(app).post("/account/reset", data={"name": "READER@example.org"},
                                buffered=True)

    assert asked.status_code == 303
    [message] = mailbox.to("reader@example.org")
    assert message["Subject"] == "Reset your Agora password"
    link = link_in(message, "/account/reset/")
    visitor = client_of(app)
    assert "Choose a new password" in visitor.get(link).text
    mismatch = visitor.post(link, data={"password": NEW_PASSWORD, "confirm": "other"})
    assert mismatch.status_code == 422 and "The two passwords differ." in mismatch.text
    weak = visitor.post(link, data={"password": "password", "confirm": "password"})
    assert weak.status_code == 422

    done = visitor.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert done.status_code == 303
    with app.app_context():
        username = db.session.get(User, user_id).username
    signed_in = client_of(app).post("/account/sign-in",
                                    data={"username": username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 303
    refused = client_of(app).post("/account/sign-in",
                                  data={"username": username, "password": PASSWORD})
    assert refused.status_code == 422
    again = visitor.post(link, data={"password": NEW_PASSWORD + "!", "confirm": NEW_PASSWORD + "!"})
    assert again.status_code == 410 and "This link was already used" in again.text


def test_a_reset_is_asked_for_with_the_same_answer_whether_or_not_the_account_exists(
    app, mailbox
):
    with app.app_context():
        unconfirmed = make_user(email="unconfirmed@example.org")
        db.session.commit()
        name = unconfirmed.username
    answers = [
        client_of(app).post("/account/reset", data={"name": value}, follow_redirects=True)
        for value in ("nobody_here", "ghost@example.org", name)
    ]

    assert {answer.status_code for answer in answers} == {200}
    assert all("If that account has a confirmed email address" in a.text for a in answers)
    assert mailbox.messages == []
    empty = client_of(app).post("/account/reset", data={"name": ""})
    assert empty.status_code == 422 and "Give your username or your email address." in empty.text


def test_an_expired_reset_link_is_refused(app, client):
    with app.app_context():
        token = make_token(make_user(), "reset")
        db.session.commit()
    app.config["RESET_LINK_LIFETIME"] = timedelta(seconds=-1)
    try:
        response = client.get(f"/account/reset/{token}")
    finally:
        app.config["RESET_LINK_LIFETIME"] = timedelta(hours=1)
    assert response.status_code == 410 and "This link has expired" in response.text


def test_a_follower_is_mailed_at_once_and_unsubscribes_with_one_click(app, mailbox):
    w = moderation_world(app)
    reader_id = reader_with_mail(app)
    client_of(app, reader_id).post(f"/follows/debate/{w['debate']}")

    post_argument(client_of(app, w["participant"]), w, "Lamps cut burglary", buffered=True)

    [message] = mailbox.to("reader@example.org")
    assert "Lamps cut burglary" in message["Subject"]
    assert "Participant posted the argument 2" in text_of(message)
    unsubscribe = link_in(message, "/mail/unsubscribe/")
    # A long header is folded onto its next line; mail programs unfold it.
    assert message["List-Unsubscribe"].strip() == f"<http://localhost:5000{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications" in text_of(message)

    # A mail program's one-click request: no session, no CSRF token.
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        clicked = client_of(app).post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
        again = client_of(app).post(unsubscribe, data={"List-Unsubscribe": "One-Click"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert clicked.status_code == 200 and "no more notices" in clicked.text
    assert again.status_code == 410
    post_argument(client_of(app, w["participant"]), w, "Lamps also cost little", buffered=True)
    assert len(mailbox.to("reader@example.org")) == 1
    notices = unescape(client_of(app, reader_id).get("/notifications").text)
    assert "Lamps also cost little" in notices


def test_no_mail_goes_to_an_unconfirmed_address_or_to_those_who_chose_never(app, mailbox):
    w = moderation_world(app)
    never = reader_with_mail(app, MailMode.NEVER, "never")
    with app.app_context():
        unconfirmed = make_user(email="unconfirmed@example.org").id
        db.session.commit()
    for person in (never, unconfirmed):
        client_of(app, person).post(f"/follows/debate/{w['debate']}")

    post_argument(client_of(app, w["participant"]), w, "Nobody is mailed", buffered=True)

    assert mailbox.messages == []


def test_the_daily_digest_sends_one_mail_per_person_with_waiting_notices(app, mailbox):
    w = moderation_world(app)
    daily = [reader_with_mail(app, MailMode.DAILY, name) for name in ("ann", "bob")]
    quiet = reader_with_mail(app, MailMode.DAILY, "quiet")
    for person in daily:
        client_of(app, person).post(f"/follows/position/{w['position']}")
    participant = client_of(app, w["participant"])
    post_argument(participant, w, "Street lamps deter thieves", buffered=True)
    post_argument(participant, w, "Neighbours watch more at dusk", buffered=True)
    assert mailbox.messages == []
    # Read notices are not mailed again.
    client_of(app, daily[1]).post("/notifications/read")

    result = app.test_cli_runner().invoke(args=["send-digests"])

    assert result.exit_code == 0 and "1 digest(s) queued." in result.output
    [digest] = mailbox.to("ann@example.org")
    assert digest["Subject"] == "Agora: your daily digest (2 notices)"
    body = text_of(digest)
    assert "Street lamps deter thieves" in body and "Neighbours watch more at dusk" in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert mailbox.to("bob@example.org") == mailbox.to("quiet@example.org") == []
    assert quiet

    rerun = app.test_cli_runner().invoke(args=["send-digests"])
    assert "0 digest(s) queued." in rerun.output
    assert len(mailbox.messages) == 1


def test_mail_settings_refuse_bad_input_beside_the_field(app):
    with app.app_context():
        user_id = make_user().id
        db.session.commit()
    client = client_of(app, user_id)

    bad_address = client.post("/account/email", data={"email": "not an address",
                                                      "mail_mode": "daily"})
    bad_mode = client.post("/account/email", data={"email": "", "mail_mode": "hourly"})

    assert bad_address.status_code == 422 and "Enter a valid email address." in bad_address.text
    assert bad_mode.status_code == 422 and "Not a valid choice" in bad_mode.text
    nothing = client.post("/account/email/resend")
    assert nothing.status_code == 422 and "Give an email address first." in nothing.text


def test_an_address_another_account_uses_is_not_taken_and_nothing_says_so(app, mailbox):
    reader_with_mail(app)
    with app.app_context():
        user_id = make_user().id
        db.session.commit()
    client = client_of(app, user_id)

    saved = client.post("/account/email", data={"email": "reader@example.org",
                                                "mail_mode": "at_once"}, follow_redirects=True)

    assert "If no other account uses this address" in saved.text
    assert mailbox.messages == []
    with app.app_context():
        assert db.session.get(User, user_id).email is None


@pytest.mark.redis
def test_a_notice_mail_waits_in_redis_until_a_worker_sends_it(app, mailbox):
    w = moderation_world(app)
    reader_id = reader_with_mail(app)
    client_of(app, reader_id).post(f"/follows/debate/{w['debate']}")
    app.config["JOBS"] = "rq"
    try:
        queue(app).empty()
        post_argument(client_of(app, w["participant"]), w, "Queued for the worker",
                      buffered=True)
        assert mailbox.messages == []
        assert queue(app).count == 1

        work(app, burst=True)
    finally:
        app.config["JOBS"] = "inline"

    [message] = mailbox.to("reader@example.org")
    assert "Queued for the worker" in text_of(message)
    assert queue(app).count == 0


def test_the_confirmation_link_is_sent_again_only_after_a_minute(app, mailbox):
    with app.app_context():
        user_id = make_user().id
        db.session.commit()
    client = client_of(app, user_id)
    client.post("/account/email", data={"email": "late@example.org", "mail_mode": "at_once"},
                buffered=True)

    too_soon = client.post("/account/email/resend")
    assert too_soon.status_code == 422 and "less than a minute ago" in too_soon.text
    with app.app_context():
        db.session.get(User, user_id).verification_sent_at = utcnow() - timedelta(minutes=2)
        db.session.commit()
    later = client.post("/account/email/resend", buffered=True)

    assert later.status_code == 303
    first, second = mailbox.to("late@example.org")
    assert link_in(first, "/account/email/verify/") != link_in(second, "/account/email/verify/")


def test_a_notice_made_outside_a_request_is_mailed_once_its_transaction_commits(app, mailbox):
    # Posting savepoints its work (and following, which a savepoint guards too): the mail must
    # wait for the real commit, not leave when a savepoint is released.
    w = moderation_world(app)
    reader_id = reader_with_mail(app)
    with app.app_context():
        db.session.add(Follow(user_id=reader_id, debate_id=w["debate"]))
        db.session.commit()
        post_argument_as(db.session.get(Position, w["position"]),
                         db.session.get(User, w["participant"]), Side.PRO,
                         "Written from a command")
        assert mailbox.messages == []
        db.session.commit()

    [message] = mailbox.to("reader@example.org")
    assert "Written from a command" in text_of(message)
    with app.app_context():
        mailed = select(Notification.mailed_at).where(Notification.user_id == reader_id)
        assert db.session.scalar(mailed) is not None
