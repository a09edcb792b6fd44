"""Check who may change what: every state-changing route against every kind of person."""

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AccessToken, User
from app.models.columns import utcnow
from tests.class_routes import CLASS_CASES
from tests.factories import PASSWORD, make_token, make_user
from tests.pages import snapshot
from tests.routes import CASES
from tests.worlds import ACTORS, roles_world, sign_in_as

NOBODY = frozenset()
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
POSTERS = frozenset({"outsider", "participant", "author", "moderator", "owner", "admin"})
AUTHOR = frozenset({"author"})
RUNNERS = frozenset({"moderator", "owner", "admin"})
MANAGERS = frozenset({"owner", "admin"})
MEMBERS_BUT_OWNER = frozenset({"viewer", "participant", "author", "moderator"})

# The product rules: route → the people who may use it. Everyone else is refused.
ALLOWED = {
    "debates.status:open": MANAGERS,
    "debates.status:close": MANAGERS,
    "debates.new_position": RUNNERS,
    "debates.new_position:form": RUNNERS,
    # Where the owner lets participants propose (and pre-moderates: theirs wait for review).
    "debates.new_position:proposed": RUNNERS | {"participant", "author"},
    "debates.new": SIGNED_IN,
    "debates.new:form": SIGNED_IN,
    "materials.new": SIGNED_IN,
    "materials.new:form": SIGNED_IN,
    "arguments.new": POSTERS,
    "arguments.new:reply": POSTERS,
    "arguments.new:form": POSTERS,
    "arguments.new_evidence": POSTERS,
    "arguments.new_evidence:form": POSTERS,
    # Nobody rates their own argument: its strength is for others to judge.
    "arguments.rate": POSTERS - AUTHOR,
    "arguments.stance": POSTERS,
    # Saying what moved one to a new stance is part of voting, on one's own change only.
    "insight.moved": POSTERS,
    "arguments.edit": AUTHOR,
    "arguments.edit:form": AUTHOR,
    "arguments.withdraw": AUTHOR,
    "moderation.report:argument": SIGNED_IN - AUTHOR,
    "moderation.report:evidence": SIGNED_IN - AUTHOR,
    "moderation.queue:page": RUNNERS,
    "moderation.log_csv:export": RUNNERS,
    # A members-only debate's exports are its members' (and site admins'); one's own data, one's
    # own.
    "debates.export:members": MEMBERS_BUT_OWNER | MANAGERS,
    "api.export:members": MEMBERS_BUT_OWNER | MANAGERS,
    "auth.export:account": SIGNED_IN,
    "moderation.act:approve": RUNNERS,
    "moderation.act:reject": RUNNERS,
    "moderation.act:approve-position": RUNNERS,
    "moderation.act:reject-position": RUNNERS,
    "moderation.act:hide": RUNNERS,
    "moderation.act:hide-evidence": RUNNERS,
    "moderation.act:restore": RUNNERS,
    "moderation.act:dismiss_reports": RUNNERS,
    "moderation.act:lock": RUNNERS,
    "moderation.act:unlock": RUNNERS,
    "moderation.suspend": RUNNERS,
    "memberships.settings": MANAGERS,
    "memberships.settings:page": MANAGERS,
    "memberships.members": MANAGERS,
    "memberships.remove": MANAGERS,
    "memberships.invite": MANAGERS,
    "memberships.revoke": MANAGERS,
    "memberships.leave": MEMBERS_BUT_OWNER,
    "memberships.join": SIGNED_IN,
    # The invite's landing page names the debate and its inviter to anyone holding the link.
    "memberships.join:page": frozenset(ACTORS),
    "notifications.read": SIGNED_IN,
    # Following needs only sight of the thing; unfollowing touches one's own follow only.
    "follows.add:debate": SIGNED_IN,
    "follows.add:position": SIGNED_IN,
    "follows.add:argument": SIGNED_IN,
    "follows.remove": SIGNED_IN,
    "auth.sign_out": SIGNED_IN,
    # One's own account only; whoever owns a debate must hand it over or close it first.
    "auth.delete": SIGNED_IN - {"owner"},
    "auth.account:page": SIGNED_IN,
    "auth.sign_out_everywhere": SIGNED_IN,
    "auth.password": SIGNED_IN,
    "auth.password:page": SIGNED_IN,
    # One's own tokens only: revoking another's answers 404 (tests/test_tokens.py).
    "auth.new_token": SIGNED_IN,
    "auth.revoke": SIGNED_IN,
    # API writes, with the actor's write token: the same people as the pages' forms.
    "api.post_argument_json": POSTERS,
    "api.post_argument_json:reply": POSTERS,
    "api.attach_evidence_json": POSTERS,
    "api.rate_json": POSTERS - AUTHOR,
    "api.stance_json": POSTERS,
    "auth.display_name": SIGNED_IN,
    # One's own address and mail settings only.
    "auth.mail_settings": SIGNED_IN,
    "auth.profile": SIGNED_IN,
    # The site admin page spans every debate: site admins only.
    "admin.index:page": frozenset({"admin"}),
    "admin.trust": frozenset({"admin"}),
    "admin.suspend": frozenset({"admin"}),
    "admin.lift": frozenset({"admin"}),
    "auth.resend_verification_link": SIGNED_IN,
    # Importing makes a new debate of one's own; a preview is its uploader's alone (anyone
    # else's key answers 404, tests/test_debate_import_pages.py).
    "debates.import_file": SIGNED_IN,
    "debates.import_file:form": SIGNED_IN,
    "debates.confirm_import": SIGNED_IN,
    "debates.cancel_import": SIGNED_IN,
    "api.import_json": SIGNED_IN,
    # The site-wide list of topics is the admins'; filing a debate under them, its owner's.
    "topics.index": frozenset({"admin"}),
    "topics.index:page": frozenset({"admin"}),
    "topics.delete": frozenset({"admin"}),
    "topics.choose": MANAGERS,
    "topics.choose:page": MANAGERS,
    # Live evenings: their organisers set up and run them, by page or API.
    "live.new": RUNNERS,
    "live.new:form": RUNNERS,
    "live.setup:page": RUNNERS,
    "live.console:page": RUNNERS,
    "live.speakers": RUNNERS,
    "live.schedule": RUNNERS,
    "live.act": RUNNERS,
    "live.tickets": RUNNERS,
    "live.accounts": RUNNERS,
    "live.approve": RUNNERS,
    "api.create_event_json": RUNNERS,
    "api.phase_json": RUNNERS,
    "api.voting_json": RUNNERS,
    # The hall joins by code without an account; a phone acts with its audience token.
    "live.join": frozenset(ACTORS),
    "live.vote": frozenset(ACTORS),
    "live.ask": frozenset(ACTORS),
    "live.upvote": frozenset(ACTORS),
    "live.mark": frozenset(ACTORS),
    "api.join_json": frozenset(ACTORS),
    "api.vote_json": frozenset(ACTORS),
}

# Refusals that are not a plain 403 (anonymous visitors are always sent to sign in):
# (route, actor) → (status, words the refusal shows).
REFUSED_OTHERWISE = {
    # Reporting one's own work is refused beside the form's field, like any refused submission
    # (422, which htmx swaps in; a 409 would not show the form's message).
    ("moderation.report:argument", "author"): (422, "You cannot report your own contribution"),
    ("moderation.report:evidence", "author"): (422, "You cannot report your own contribution"),
    ("arguments.rate", "author"): (403, "You cannot rate your own argument"),
    # Leaving needs a membership to give up; the owner must close the debate instead.
    ("memberships.leave", "outsider"): (409, "You are not a member of this debate."),
    ("memberships.leave", "admin"): (409, "You are not a member of this debate."),
    ("memberships.leave", "owner"): (409, "The owner cannot leave"),
    # A draft does not exist for those who may not read it.
    ("debates.status:open", "outsider"): (404, "Not found"),
    ("auth.delete", "owner"): (422, "Close the debates you own first"),
    # Nor does a members-only debate, to anyone outside it.
    **{(route, actor): (404, words)
       for route, words in (("debates.export:members", "Not found"),
                            ("api.export:members", "does not exist."))
       for actor in ("anonymous", "outsider")},
    # The API answers in JSON with the same reason the pages give.
    ("api.post_argument_json", "viewer"): (403, "You cannot post in this debate."),
    ("api.post_argument_json:reply", "viewer"): (403, "You cannot reply in this debate."),
    ("api.attach_evidence_json", "viewer"): (403, "You cannot add evidence in this debate."),
    ("api.rate_json", "viewer"): (403, "You cannot rate arguments in this debate."),
    ("api.rate_json", "author"): (403, "You cannot rate your own argument"),
    ("api.stance_json", "viewer"): (403, "You cannot vote in this debate."),
    ("insight.moved", "viewer"): (403, "You cannot vote in this debate."),
    **{
        (route, actor): (403, "Only the debate's owner and moderators can run its live events.")
        for route in ("api.create_event_json", "api.phase_json", "api.voting_json")
        for actor in ("viewer", "outsider", "participant", "author")
    },
}

for refused in SIGNED_IN - {"admin"}:
    REFUSED_OTHERWISE[("admin.index:page", refused)] = (403, "Only site admins can do that.")
    REFUSED_OTHERWISE[("admin.trust", refused)] = (403, "Only site admins can do that.")
    REFUSED_OTHERWISE[("admin.suspend", refused)] = (403, "Only site admins can do that.")
    REFUSED_OTHERWISE[("admin.lift", refused)] = (403, "Only site admins can do that.")

SIGN_IN_PATH = "/account/sign-in"
# Choosing the interface language is open to everyone, signed in or not.
# Links mailed to a person work without signing in: the signed token in them is the permission
# (tests/test_mail.py checks forged, used and expired ones).
ANONYMOUS_BY_DESIGN = {
    "auth.sign_up", "auth.sign_in", "auth.language",
    "mail.verify", "mail.reset_request", "mail.reset", "mail.unsubscribe_page",
}


def test_the_matrix_covers_every_post_route(app):
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    covered = {case.endpoint for case in CASES.values() if case.method == "POST"}
    # Class routes have their own people: tests/test_class_permission_matrix.py.
    classes = {route.split(":")[0] for route, case in CLASS_CASES.items() if case.method == "POST"}
    assert posts - ANONYMOUS_BY_DESIGN == covered | classes
    assert set(ALLOWED) == set(CASES)
    assert {route for route, _ in REFUSED_OTHERWISE} <= set(CASES)


@pytest.mark.parametrize(
    ("route", "actor"), [(route, actor) for route in CASES for actor in ACTORS]
)
def test_each_route_lets_exactly_the_allowed_people_through(app, client, auth, route, actor):
    case = CASES[route]
    w = roles_world(app)
    w.client = client
    if case.setup:
        with app.app_context():
            case.setup(w)
            db.session.commit()
    w.me = sign_in_as(app, auth, w.users, actor)
    with app.app_context():
        url, data = case.url(w), case.data(w)
    headers, body = {}, {"data": data}
    if case.bearer:
        headers, body = bearer_of(app, w.me), {"data" if case.multipart else "json": data}
    before = snapshot(app)

    response = client.open(url, method=case.method, headers=headers, **body)

    if actor in ALLOWED[route]:
        assert response.status_code == case.success, response.get_data(as_text=True)[:500]
        if case.method == "GET":
            assert snapshot(app) == before
        else:
            with app.app_context():
                assert case.done(w)
        return
    if actor == "anonymous" and case.bearer:
        # No token: the cookie-less API answers 401 rather than sending anyone to sign in.
        assert response.status_code == 401
    elif actor == "anonymous" and (route, actor) not in REFUSED_OTHERWISE:
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == SIGN_IN_PATH
    else:
        status, words = REFUSED_OTHERWISE.get((route, actor), (403, "Not allowed"))
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        assert words in response.get_data(as_text=True)
    assert snapshot(app) == before


def bearer_of(app, user_id: int | None) -> dict:
    """Give a signed-in actor a write token, already marked used today so that a refusal
    leaves the database exactly as it was; an anonymous visitor has none."""
    if user_id is None:
        return {}
    with app.app_context():
        secret = make_token(db.session.get(User, user_id), "write")
        db.session.scalar(select(AccessToken).where(AccessToken.user_id == user_id)
                          .order_by(AccessToken.id.desc())).last_used_on = utcnow().date()
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_anyone_may_sign_up_but_a_signed_in_person_makes_no_second_account(app, client, auth):
    form = {
        "username": "newreader",
        "display_name": "New Reader",
        "password": "a long walk by the sea",
        "confirm": "a long walk by the sea",
    }
    response = client.post("/account/sign-up", data=form)
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "newreader"))
    response = client.post("/account/sign-up", data={**form, "username": "secondreader"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "secondreader")) is None


def test_sign_in_is_open_to_anonymous_visitors_only(app, client, auth):
    with app.app_context():
        username = make_user().username
        db.session.commit()
    assert auth.sign_in(username, "not the password").status_code == 422
    assert auth.sign_in(username, PASSWORD).status_code == 303
    # Signed in already: the form just sends you on.
    assert auth.sign_in(username, PASSWORD).status_code == 302
