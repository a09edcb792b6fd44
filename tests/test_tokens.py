"""Check personal access tokens: made from the CLI or the account page, shown once, stored as a
hash, listed and revoked; and what a bearer token may read."""

import hashlib
import json
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.auth.tokens import ACTIVE_TOKENS_MAX, TOKEN_PREFIX
from app.extensions import db
from app.models import AccessToken, DebateStatus, Role, TokenScope, User, Visibility
from app.models.columns import utcnow
from tests.factories import (
    PASSWORD,
    add_member,
    make_argument,
    make_debate,
    make_position,
    make_token,
    make_user,
)
from tests.pages import page_or_fragment

GOOD = "a long walk by the quiet sea"


def cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def stored_tokens(app) -> list[AccessToken]:
    with app.app_context():
        tokens = db.session.scalars(select(AccessToken).order_by(AccessToken.id)).all()
        db.session.expunge_all()
        return tokens


# The command line


def test_create_user_and_create_token_print_a_token_that_opens_the_api(app, client, tmp_path):
    password_file = tmp_path / "pw"
    password_file.write_text(GOOD + "\n")

    made = cli(app, "create-user", "scripter", "--password-file", str(password_file),
               "--display-name", "Sam Scripter")
    token = cli(app, "create-token", "scripter", "--name", "nightly sync", "--scope", "write")

    assert made.exit_code == 0, made.output
    assert token.exit_code == 0, token.output
    secret = token.output.strip().splitlines()[-1].split()[-1]
    assert secret.startswith(TOKEN_PREFIX) and len(secret) > 40
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == "scripter"))
        assert user.display_name == "Sam Scripter"
        stored = db.session.scalar(select(AccessToken))
        assert (stored.name, stored.scope, stored.user_id) == ("nightly sync", TokenScope.WRITE,
                                                               user.id)
        # Only the hash is kept.
        assert stored.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert auth_ok(client, secret)
    assert client.post("/account/sign-in",
                       data={"username": "scripter", "password": GOOD}).status_code == 303


def auth_ok(client, secret) -> bool:
    return client.get("/api/v1/debates", headers=bearer(secret)).status_code == 200


def test_a_token_is_read_only_unless_write_is_asked_for(app):
    with app.app_context():
        make_user(username="reader")
        db.session.commit()

    assert cli(app, "create-token", "reader", "--name", "dashboard").exit_code == 0

    assert stored_tokens(app)[0].scope == TokenScope.READ


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["create-token", "nobody", "--name", "x"], "There is no user 'nobody'."),
        (["create-token", "taken", "--name", "x", "--scope", "admin"], "'admin' is not one of"),
        (["create-token", "taken", "--name", "   "], "Name the token"),
        (["create-token", "taken", "--name", "x" * 61], "Keep the name to 60 characters."),
        (["create-user", "taken", "--password-file", "{pw}"], "This username is taken."),
        (["create-user", "newbie", "--password-file", "{weak}"], "Use at least 10 characters."),
        (["create-user", "Bad Name!", "--password-file", "{pw}"], "Use 3 to 30 lowercase"),
    ],
)
def test_the_commands_refuse_clearly_and_change_nothing(app, tmp_path, args, words):
    (tmp_path / "pw").write_text(GOOD)
    (tmp_path / "weak").write_text("short")
    with app.app_context():
        make_user(username="taken")
        db.session.commit()
    args = [arg.format(pw=tmp_path / "pw", weak=tmp_path / "weak") for arg in args]

    result = cli(app, *args)

    assert result.exit_code != 0
    assert words in result.output
    assert stored_tokens(app) == []
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


# The account page


def test_a_token_made_on_the_account_page_is_shown_once_and_listed_after(app, client, auth):
    auth.sign_in_new()

    made = client.post("/account/tokens", data={"name": "my laptop", "scope": "write"})

    assert made.status_code == 200
    assert made.headers["Cache-Control"] == "no-store"
    secret = re.search(r'<code id="new-token">([^<]+)</code>', made.text).group(1)
    assert auth_ok(app.test_client(), secret)
    page = client.get("/account/").text
    assert "my laptop" in page and "write" in page
    assert secret not in page
    assert 'id="new-token"' not in page


@page_or_fragment
def test_htmx_gets_the_token_section_alone_and_everyone_else_the_page(
    app, client, auth, headers, full_page
):
    auth.sign_in_new()

    made = client.post("/account/tokens", data={"name": "my laptop", "scope": "read"},
                       headers=headers)

    assert made.status_code == 200
    assert "HX-Request" in made.headers["Vary"]
    assert ("<html" in made.text) == full_page
    assert made.text.lstrip().startswith('<section id="tokens"') != full_page
    assert 'id="new-token"' in made.text


@pytest.mark.parametrize(
    ("form", "words"),
    [
        ({"name": "", "scope": "read"}, "Name the token after where it will be used."),
        ({"name": "x" * 61, "scope": "read"}, "60"),
        ({"name": "laptop", "scope": "admin"}, "Not a valid choice"),
    ],
)
def test_a_bad_token_form_is_sent_back_with_the_reason(app, client, auth, form, words):
    auth.sign_in_new()

    response = client.post("/account/tokens", data=form)

    assert response.status_code == 422
    assert words in response.text
    assert 'id="new-token"' not in response.text
    assert stored_tokens(app) == []


def test_a_person_may_hold_only_so_many_active_tokens(app, client, auth):
    user_id = auth.sign_in_new()
    with app.app_context():
        user = db.session.get(User, user_id)
        for _ in range(ACTIVE_TOKENS_MAX):
            make_token(user)
        db.session.commit()

    refused = client.post("/account/tokens", data={"name": "one too many", "scope": "read"})

    assert refused.status_code == 422
    assert f"You have {ACTIVE_TOKENS_MAX} active tokens" in refused.text
    first = stored_tokens(app)[0]
    client.post(f"/account/tokens/{first.id}/revoke")
    assert client.post("/account/tokens",
                       data={"name": "room again", "scope": "read"}).status_code == 200


def test_revoking_a_token_shuts_the_api_to_it(app, client, auth):
    user_id = auth.sign_in_new()
    with app.app_context():
        secret = make_token(db.session.get(User, user_id), name="old script")
        db.session.commit()
    token_id = stored_tokens(app)[0].id
    assert auth_ok(app.test_client(), secret)

    response = client.post(f"/account/tokens/{token_id}/revoke")

    assert response.status_code == 303
    refused = app.test_client().get("/api/v1/debates", headers=bearer(secret))
    assert refused.status_code == 401
    assert refused.json == {"error": {"status": 401,
                                      "message": "This token is unknown or was revoked."}}
    assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    assert stored_tokens(app)[0].revoked_at is not None
    assert "revoked" in client.get("/account/").text


def test_nobody_revokes_another_persons_token(app, client, auth):
    with app.app_context():
        secret = make_token(make_user())
        db.session.commit()
    token_id = stored_tokens(app)[0].id
    auth.sign_in_new()

    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 404
    assert stored_tokens(app)[0].revoked_at is None
    assert auth_ok(client, secret)


def test_the_token_forms_need_the_csrf_token(app, client, auth):
    user_id = auth.sign_in_new()
    with app.app_context():
        make_token(db.session.get(User, user_id))
        db.session.commit()
    token_id = stored_tokens(app)[0].id
    app.config["WTF_CSRF_ENABLED"] = True

    assert client.post("/account/tokens", data={"name": "x", "scope": "read"}).status_code == 400
    assert client.post(f"/account/tokens/{token_id}/revoke").status_code == 400
    assert len(stored_tokens(app)) == 1 and stored_tokens(app)[0].revoked_at is None


def test_the_export_lists_token_names_but_never_their_hashes(app, client, auth):
    user_id = auth.sign_in_new()
    with app.app_context():
        secret = make_token(db.session.get(User, user_id), name="backup script")
        db.session.commit()
    stored = stored_tokens(app)[0]

    data = client.get("/account/export.json").get_data(as_text=True)

    tokens = json.loads(data)["access_tokens"]
    assert [(t["name"], t["scope"], t["revoked_at"]) for t in tokens] == [
        ("backup script", "write", None)
    ]
    assert stored.token_hash not in data and secret not in data


def test_deleting_the_account_deletes_its_tokens(app, client, auth):
    user_id = auth.sign_in_new()
    with app.app_context():
        secret = make_token(db.session.get(User, user_id))
        db.session.commit()

    client.post("/account/delete", data={"password": PASSWORD, "confirm": "y"})

    assert stored_tokens(app) == []
    assert app.test_client().get("/api/v1/debates", headers=bearer(secret)).status_code == 401


# Reading with a token


@pytest.fixture
def members_only(app):
    """A members-only debate and a draft, a member with a read token, an outsider with one."""
    with app.app_context():
        member, outsider = make_user(), make_user()
        debate = make_debate(visibility=Visibility.MEMBERS)
        add_member(debate, member, Role.PARTICIPANT)
        position = make_position(debate, statement="Cameras make cities safer")
        make_argument(position, member, claim="Members argue in private")
        draft = make_debate(status=DebateStatus.DRAFT)
        add_member(draft, member, Role.VIEWER)
        ids = {"debate": debate.id, "position": position.id, "draft": draft.id,
               "member": make_token(member, "read"), "outsider": make_token(outsider, "read")}
        db.session.commit()
        return ids


def test_a_members_token_reads_a_members_only_debate_and_a_draft(app, client, members_only):
    w = members_only

    debate = client.get(f"/api/v1/debates/{w['debate']}", headers=bearer(w["member"]))
    tree = client.get(f"/api/v1/positions/{w['position']}", headers=bearer(w["member"]))
    draft = client.get(f"/api/v1/debates/{w['draft']}", headers=bearer(w["member"]))

    assert debate.status_code == 200 and debate.json["positions"][0]["id"] == w["position"]
    assert [node["claim"] for node in tree.json["arguments"]] == ["Members argue in private"]
    assert draft.status_code == 200 and draft.json["status"] == "draft"


def test_an_outsiders_token_and_no_token_see_no_members_only_debate(app, client, members_only):
    w = members_only

    for headers in (bearer(w["outsider"]), {}):
        assert client.get(f"/api/v1/debates/{w['debate']}", headers=headers).status_code == 404
        assert client.get(f"/api/v1/positions/{w['position']}",
                          headers=headers).status_code == 404
        assert client.get(f"/api/v1/debates/{w['draft']}", headers=headers).status_code == 404


@pytest.mark.parametrize(
    "header",
    [f"Bearer {TOKEN_PREFIX}not-a-real-token", "Bearer not-even-the-prefix", "Bearer ",
     "Basic dXNlcjpwYXNz", "Bearer"],
)
def test_an_unknown_or_malformed_token_gets_401_not_anonymous_access(app, client, header):
    response = client.get("/api/v1/debates", headers={"Authorization": header})

    assert response.status_code == 401
    assert response.json["error"]["status"] == 401


def test_a_token_notes_the_day_it_was_last_used_not_the_moment(app, client, members_only):
    client.get("/api/v1/debates", headers=bearer(members_only["member"]))
    client.get("/api/v1/debates", headers=bearer(members_only["member"]))

    member, outsider = (token.last_used_on for token in stored_tokens(app))
    assert (member, outsider) == (utcnow().date(), None)
    assert type(member) is date


def test_a_bearer_request_sets_no_cookie(app, client, members_only):
    response = client.get("/api/v1/debates", headers=bearer(members_only["member"]))

    assert "Set-Cookie" not in response.headers
