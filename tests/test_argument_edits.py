"""Check editing and withdrawing arguments, and that only their authors may."""

from sqlalchemy import select

from app.extensions import db
from app.models import Argument, ArgumentRevision
from tests.pages import argument, claims_in, position_page, stored
from tests.worlds import add_arguments, new_position, own_argument, reply


def test_author_edits_an_argument_and_its_old_text_stays_in_its_history(app, client, auth):
    ids = new_position(app)
    _, argument_id = own_argument(app, auth, ids)
    assert "edited" not in client.get(f"/arguments/{argument_id}").text

    form = client.get(f"/arguments/{argument_id}/edit")
    response = client.post(
        f"/arguments/{argument_id}/edit",
        data={"claim": "Cameras deter theft in stations", "body": "Police figures show it."},
    )

    assert form.status_code == 200 and "Cameras deter theft" in form.text
    assert response.status_code == 303
    saved = argument(app, argument_id)
    assert saved.claim == "Cameras deter theft in stations"
    assert saved.edited_at is not None
    with app.app_context():
        assert db.session.scalars(select(ArgumentRevision.claim)).all() == ["Cameras deter theft"]
    page = client.get(response.headers["Location"]).text
    assert "Argument updated." in page
    assert f'<a href="/arguments/{argument_id}/history">edited</a>' in page
    history = client.get(f"/arguments/{argument_id}/history").text
    assert claims_in(history) == ["Cameras deter theft in stations", "Cameras deter theft"]
    assert "Police figures show it." in history


def test_withdrawing_an_answered_argument_keeps_it_marked_with_its_replies(app, client, auth):
    ids = new_position(app)
    _, argument_id = own_argument(app, auth, ids)
    reply(app, ids, argument_id, "Thieves just wear hoods")

    response = client.post(f"/arguments/{argument_id}/withdraw")

    assert response.status_code == 303
    assert argument(app, argument_id).is_withdrawn
    page = client.get(response.headers["Location"]).text
    assert "Withdrawn by its author." in page
    assert "Thieves just wear hoods" in claims_in(page)
    assert "Withdraw this argument" not in page
    assert "Withdrawn by its author." in position_page(client, ids)
    assert stored(app, Argument) == 2


def test_withdrawing_an_unanswered_argument_removes_it(app, client, auth):
    ids = new_position(app)
    _, argument_id = own_argument(app, auth, ids)

    response = client.post(f"/arguments/{argument_id}/withdraw")

    assert response.status_code == 303
    assert response.headers["Location"] == f"/debates/{ids['debate']}/positions/{ids['position']}"
    assert stored(app, Argument) == 0
    page = client.get(response.headers["Location"]).text
    assert "Argument withdrawn and removed." in page
    assert "Cameras deter theft" not in page
    assert client.get(f"/arguments/{argument_id}").status_code == 404


def test_only_the_author_may_edit_or_withdraw_an_argument(app, client, auth):
    ids = new_position(app)
    [argument_id] = add_arguments(app, ids, "Cameras deter theft")
    auth.sign_in_new()

    edit_form = client.get(f"/arguments/{argument_id}/edit")
    edit = client.post(f"/arguments/{argument_id}/edit", data={"claim": "Mine now", "body": ""})
    withdraw = client.post(f"/arguments/{argument_id}/withdraw")

    assert [edit_form.status_code, edit.status_code, withdraw.status_code] == [403, 403, 403]
    assert "Only the author can withdraw this argument" in withdraw.text
    saved = argument(app, argument_id)
    assert (saved.claim, saved.withdrawn_at) == ("Cameras deter theft", None)
    page = client.get(f"/arguments/{argument_id}").text
    assert "Withdraw this argument" not in page
    assert f'href="/arguments/{argument_id}/edit"' not in page
