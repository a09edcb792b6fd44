"""Check the site admin page: reports of every debate, trust levels, repeated text."""

from html import unescape

from app.extensions import db
from app.models import Argument, Debate, TrustLevel, User
from tests.factories import make_argument, make_debate, make_position, make_report, make_user
from tests.forms import post_argument
from tests.worlds import client_of, moderation_world


def admin_client(app):
    with app.app_context():
        admin = make_user(is_admin=True)
        db.session.commit()
        return client_of(app, admin.id)


def test_only_site_admins_see_the_admin_page(app, client):
    w = moderation_world(app)

    assert client.get("/admin/").status_code == 302
    for person in ("owner", "moderator", "participant"):
        refused = client_of(app, w[person]).get("/admin/")
        assert refused.status_code == 403 and "Only site admins can do that." in refused.text
    assert admin_client(app).get("/admin/").status_code == 200


def test_the_admin_page_lists_open_reports_of_every_debate(app):
    w = moderation_world(app)
    with app.app_context():
        other = make_debate(title="A second debate")
        argument = make_argument(make_position(other, statement="Other question"),
                                 claim="Reported elsewhere")
        make_report(argument)
        make_report(db.session.get(Argument, w["shown"]))
        db.session.commit()
        first_title = db.session.get(Debate, w["debate"]).title

    page = unescape(admin_client(app).get("/admin/").text)

    assert "A second debate" in page and first_title in page


def test_the_admin_page_finds_a_claim_posted_in_several_debates(app):
    with app.app_context():
        spammer = make_user()
        for number in range(3):
            debate = make_debate(title=f"Debate {number} for spam")
            make_argument(make_position(debate, statement=f"Question {number}"), spammer,
                          claim="Buy cheap watches at our shop")
        make_argument(make_position(make_debate(), statement="Lone"), claim="Said only once")
        db.session.commit()

    page = admin_client(app).get("/admin/").text

    assert "Buy cheap watches at our shop</a></td><td>3</td><td>3</td><td>1</td>" in page
    assert "Said only once" not in page


def test_an_admin_sets_a_trust_level_and_can_let_it_be_earned_again(app):
    w = moderation_world(app)
    admin = admin_client(app)
    with app.app_context():
        name = db.session.get(User, w["participant"]).username

    saved = admin.post("/admin/trust", data={"username": name.upper(), "level": "member"})

    assert saved.status_code == 303
    with app.app_context():
        assert db.session.get(User, w["participant"]).trust_level == TrustLevel.MEMBER
    assert f"{name}: member" in admin.get("/admin/").text
    admin.post("/admin/trust", data={"username": name, "level": "auto"})
    with app.app_context():
        assert db.session.get(User, w["participant"]).trust_level is None


def test_setting_trust_refuses_bad_input_beside_the_field(app):
    admin = admin_client(app)

    unknown = admin.post("/admin/trust", data={"username": "nobody_here", "level": "basic"})
    bad_level = admin.post("/admin/trust", data={"username": "x", "level": "god"})
    empty = admin.post("/admin/trust", data={"username": "", "level": "basic"})

    assert unknown.status_code == 422 and "No account has this username." in unknown.text
    assert bad_level.status_code == 422 and "Not a valid choice" in bad_level.text
    assert empty.status_code == 422 and "Name the account." in empty.text


def test_a_site_wide_suspension_stops_posting_everywhere_and_is_logged(app):
    w = moderation_world(app)
    admin = admin_client(app)
    with app.app_context():
        name = db.session.get(User, w["participant"]).username
    participant = client_of(app, w["participant"])

    done = admin.post("/admin/suspensions", data={"username": name, "reason": "Spam links"})

    assert done.status_code == 303
    refused = post_argument(participant, w, "Still trying to post")
    assert refused.status_code == 403
    assert "Your account is suspended from the whole site." in refused.text
    assert participant.get(f"/debates/{w['debate']}").status_code == 200
    page = admin.get("/admin/").text
    assert f"suspended {name}: Spam links" in page
    again = admin.post("/admin/suspensions", data={"username": name, "reason": "Twice"})
    assert again.status_code == 422
    assert "This account is already suspended." in again.text

    lifted = admin.post("/admin/suspensions/lift", data={"username": name})
    assert lifted.status_code == 303
    assert post_argument(participant, w, "Back to posting").status_code == 303
    assert f"lifted the suspension of {name}" in admin.get("/admin/").text


def test_suspending_needs_a_reason_a_known_account_and_spares_admins(app):
    admin = admin_client(app)
    with app.app_context():
        other_admin = make_user(is_admin=True).username
        someone = make_user().username
        db.session.commit()

    no_reason = admin.post("/admin/suspensions", data={"username": someone, "reason": ""})
    unknown = admin.post("/admin/suspensions", data={"username": "ghost_user", "reason": "x"})
    an_admin = admin.post("/admin/suspensions", data={"username": other_admin, "reason": "x"})
    too_long = admin.post("/admin/suspensions", data={"username": someone, "reason": "x" * 501})
    not_suspended = admin.post("/admin/suspensions/lift", data={"username": someone})

    assert no_reason.status_code == 422 and "Say why" in no_reason.text
    assert unknown.status_code == 422 and "No account has this username." in unknown.text
    assert an_admin.status_code == 422 and "cannot be suspended" in an_admin.text
    assert too_long.status_code == 422
    assert not_suspended.status_code == 422
    assert "This account is not suspended." in not_suspended.text
