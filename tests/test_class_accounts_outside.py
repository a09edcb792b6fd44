"""Keep class accounts inside their class: no public profile, no email address, and the notices
of follows and mentions in an anonymous class debate name students by their pseudonyms."""

import re

from app.extensions import db
from app.follows.services import follow
from app.models import Position, User
from tests.test_class_anonymity import ME, PEER, anonymous_class_debate, client_as


def test_a_class_account_has_no_public_profile_and_cannot_open_one(app):
    anonymous_class_debate(app)
    student = client_as(app, ME[0])

    refused = student.post("/account/profile", data={"public": "y", "bio": "I like debates"})

    assert refused.status_code == 422
    assert "Class accounts have no public profile." in refused.get_data(as_text=True)
    with app.app_context():
        db.session.query(User).filter_by(username=ME[0]).update({"profile_public": True})
        db.session.commit()
    # Even one opened behind the form's back stays closed to everyone, the student included.
    assert app.test_client().get(f"/people/{ME[0]}").status_code == 404
    assert student.get(f"/people/{ME[0]}").status_code == 404


def test_a_class_account_keeps_no_email_address(app):
    anonymous_class_debate(app)
    student = client_as(app, ME[0])

    page = student.get("/account/").get_data(as_text=True)
    refused = student.post("/account/email", data={"email": "zeb@example.org",
                                                  "mail_mode": "never"})

    assert "This is a class account" in page and 'id="mail-settings-form"' not in page
    assert refused.status_code == 422
    assert "Class accounts have no email address." in refused.get_data(as_text=True)
    with app.app_context():
        assert db.session.query(User).filter_by(username=ME[0]).one().email is None


def test_follow_and_mention_notices_name_a_classmate_by_pseudonym(app):
    w = anonymous_class_debate(app)
    with app.app_context():
        me = db.session.query(User).filter_by(username=ME[0]).one()
        follow(me, db.session.get(Position, w["position"]))
        db.session.commit()
    peer = client_as(app, PEER[0])

    posted = peer.post(f"/positions/{w['position']}/arguments/new", data={
        "side": "pro", "claim": "Footage settles disputes quickly",
        "body": f"As @{ME[0]} said in class, footage helps."})

    assert posted.status_code == 303
    notices = client_as(app, ME[0]).get("/notifications").get_data(as_text=True)
    assert re.search(r"Student \d+ posted the argument", notices)
    assert re.search(r"Student \d+ mentioned you", notices)
    assert PEER[1] not in notices and PEER[0] not in notices
