"""Check posting arguments: numbering, refusals, similar-claim warnings and the form."""

import re
import threading
from html import unescape

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Argument, Debate, DebateStatus, Role, Side, User
from app.models.argument import path_label
from tests.factories import add_member, make_argument, make_position, make_user
from tests.forms import new_url, post
from tests.pages import argument, claims_in, field_error, plain_or_boosted, position_page, stored
from tests.worlds import add_arguments, new_position, own_argument, reply

CLAIM = "Cameras in stations deter pickpockets"


def labels_in(html: str) -> list[str]:
    """List the path numbers a page shows, top to bottom."""
    return re.findall(r'<a class="path" href="[^"]*" title="Permalink">([\d.]+)</a>', html)


def only_argument_id(app) -> int:
    with app.app_context():
        return db.session.scalar(select(Argument.id))


# Posting


def test_participant_posts_an_argument_and_lands_on_it_in_the_positions_tree(app, client, auth):
    ids = new_position(app)
    user_id = auth.sign_in_new()

    response = post(client, ids["position"], "  Cameras   in stations deter pickpockets ")

    argument_id = only_argument_id(app)
    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/debates/{ids['debate']}/positions/{ids['position']}?sort=newest#argument-{argument_id}"
    )
    saved = argument(app, argument_id)
    assert (saved.claim, saved.author_id, saved.side) == (CLAIM, user_id, Side.PRO)
    assert saved.supports_position is True
    page = client.get(response.headers["Location"]).text
    assert "Argument posted." in page
    assert CLAIM in claims_in(page)
    assert f'id="argument-{argument_id}"' in page
    assert CLAIM in claims_in(position_page(client, ids))


def test_arguments_are_numbered_by_their_place_in_the_tree(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()

    assert post(client, ids["position"], "First for", "pro").status_code == 303
    assert post(client, ids["position"], "Second, against", "con").status_code == 303
    with app.app_context():
        first = db.session.scalar(select(Argument.id).where(Argument.claim == "First for"))
    assert post(client, ids["position"], "Answer to the first", "con", first).status_code == 303
    with app.app_context():
        answer = db.session.scalar(
            select(Argument.id).where(Argument.claim == "Answer to the first")
        )
    assert post(client, ids["position"], "Answer to the answer", "con", answer).status_code == 303
    assert post(client, ids["position"], "Thefts fell after", "pro", first).status_code == 303

    with app.app_context():
        labels = dict(db.session.execute(select(Argument.claim, Argument.path)).all())
        assert {claim: path_label(path) for claim, path in labels.items()} == {
            "First for": "1",
            "Second, against": "2",
            "Answer to the first": "1.1",
            "Answer to the answer": "1.1.1",
            "Thefts fell after": "1.2",
        }
    assert labels_in(position_page(client, ids)) == ["1", "2"]
    page = client.get(f"/arguments/{answer}").text
    assert labels_in(page) == ["1.1", "1.1.1"]
    assert "1 First for" in page  # the breadcrumb names the argument above


def test_objection_to_an_objection_supports_the_position(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    [objection] = add_arguments(app, ids, "Cameras only move crime elsewhere", side=Side.CON)

    response = post(
        client, ids["position"], "Crime that moves still falls overall", "con", objection
    )

    assert response.status_code == 303
    with app.app_context():
        counter = db.session.scalar(select(Argument).where(Argument.parent_id == objection))
        assert counter.side == Side.CON
        assert counter.supports_position is True
    assert argument(app, objection).supports_position is False
    page = client.get(f"/arguments/{objection}").text
    assert "supports the position" in page
    support = reply(app, ids, objection, "Studies show displacement", side=Side.PRO)
    assert argument(app, support).supports_position is False
    assert "opposes the position" in client.get(f"/arguments/{support}").text


def test_a_reply_names_its_relation_and_puts_its_effect_on_a_quieter_line(app, client, auth):
    ids = new_position(app)
    [objection] = add_arguments(app, ids, "Cameras only move crime elsewhere", side=Side.CON)
    support = reply(app, ids, objection, "Studies show displacement", side=Side.PRO)
    counter = reply(app, ids, objection, "Crime that moves still falls overall", side=Side.CON)

    page = client.get(f"/arguments/{objection}").text

    def card(argument_id):
        return re.search(rf'<article[^>]*id="argument-{argument_id}".*?</article>', page, re.S)[0]

    assert re.search(r'class="chip chip-pro relation">supports 1</span>', card(support))
    assert re.search(r'class="chip chip-con relation">objects to 1</span>', card(counter))
    assert ">Pro<" not in card(support) and ">Con<" not in card(counter)
    effect = '<p class="effect">In effect, it <span class="side">{} the position'
    assert effect.format("opposes") in card(support)
    assert effect.format("supports") in card(counter)


# Refusals


def test_posting_in_a_closed_debate_is_refused_with_a_reason(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    with app.app_context():
        db.session.get(Debate, ids["debate"]).status = DebateStatus.CLOSED
        db.session.commit()

    form = client.get(new_url(ids["position"]))
    response = post(client, ids["position"], CLAIM)

    for refused in (form, response):
        assert refused.status_code == 409
        assert "This debate is closed; it no longer takes arguments." in refused.text
    assert stored(app, Argument) == 0
    assert "Argue for" not in position_page(client, ids)


def test_replying_to_a_withdrawn_argument_is_refused(app, client, auth):
    ids = new_position(app)
    _, argument_id = own_argument(app, auth, ids)
    reply(app, ids, argument_id, "Thieves just wear hoods")
    assert client.post(f"/arguments/{argument_id}/withdraw").status_code == 303

    response = post(client, ids["position"], "One more answer", "con", argument_id)

    assert response.status_code == 409
    assert "This argument was withdrawn; it takes no more replies." in response.text
    assert stored(app, Argument) == 2
    page = client.get(f"/arguments/{argument_id}").text
    assert f"parent={argument_id}&amp;side=con" not in page


@pytest.mark.parametrize(
    "again",
    [CLAIM, CLAIM.upper(), f"  {CLAIM.replace(' ', '   ')} ", f"{CLAIM}.", f"{CLAIM}!!"],
    ids=["same", "case", "spacing", "full-stop", "exclamation"],
)
def test_the_same_claim_twice_under_one_parent_is_refused(app, client, auth, again):
    ids = new_position(app)
    auth.sign_in_new()
    assert post(client, ids["position"], CLAIM).status_code == 303

    response = post(client, ids["position"], again, "con")

    assert response.status_code == 422
    assert field_error(response.text, "claim") == "This argument has already been made here."
    assert stored(app, Argument) == 1


def test_the_same_claim_under_a_different_parent_is_accepted(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    first, second = add_arguments(app, ids, "Cameras deter theft", "Cameras are cheap")
    answer = post(client, ids["position"], "Nobody watches the footage", "con", first)
    assert answer.status_code == 303

    response = post(client, ids["position"], "Nobody watches the footage", "con", second)

    assert response.status_code == 303
    with app.app_context():
        parents = db.session.scalars(
            select(Argument.parent_id).where(Argument.claim == "Nobody watches the footage")
        ).all()
    assert sorted(parents) == [first, second]


@pytest.mark.parametrize("claim", ["", "   \n  "], ids=["empty", "blank"])
def test_an_empty_claim_is_refused(app, client, auth, claim):
    ids = new_position(app)
    auth.sign_in_new()

    response = post(client, ids["position"], claim)

    assert response.status_code == 422
    assert field_error(response.text, "claim") == "Write the claim in one sentence."
    assert stored(app, Argument) == 0


def test_a_claim_over_280_characters_is_refused_not_truncated(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    claim = "Cameras " + "really " * 40 + "help."
    assert len(claim) > 280

    response = post(client, ids["position"], claim)

    assert response.status_code == 422
    assert field_error(response.text, "claim") == "Field cannot be longer than 280 characters."
    assert claim in unescape(response.text)  # kept in the form to shorten, not cut
    assert stored(app, Argument) == 0


def test_a_claim_of_exactly_280_characters_is_accepted_whole(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    claim = ("Cameras help " * 30)[:279] + "."
    assert len(claim) == 280

    assert post(client, ids["position"], claim).status_code == 303
    assert argument(app, only_argument_id(app)).claim == claim


def test_an_explanation_over_the_limit_is_refused(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()

    response = post(client, ids["position"], CLAIM, body="x" * 10_001)

    assert response.status_code == 422
    assert field_error(response.text, "body") == "Field cannot be longer than 10000 characters."
    assert stored(app, Argument) == 0


def test_signed_out_visitor_is_sent_to_sign_in(app, client):
    ids = new_position(app)
    [argument_id] = add_arguments(app, ids, "Cameras deter theft")

    responses = [
        client.get(new_url(ids["position"])),
        post(client, ids["position"], CLAIM),
        client.post(f"/arguments/{argument_id}/edit", data={"claim": "Taken", "body": ""}),
        client.post(f"/arguments/{argument_id}/withdraw"),
    ]

    for response in responses:
        assert response.status_code == 302
        assert response.headers["Location"].startswith("/account/sign-in")
    assert stored(app, Argument) == 1
    assert argument(app, argument_id).claim == "Cameras deter theft"
    assert "Argue for" not in position_page(client, ids)


def test_signed_out_htmx_request_is_sent_to_sign_in_by_hx_redirect(app, client):
    ids = new_position(app)

    response = post(client, ids["position"], CLAIM, headers={"HX-Request": "true"})

    assert response.headers["HX-Redirect"].startswith("/account/sign-in")
    assert stored(app, Argument) == 0


def test_a_viewer_cannot_post(app, client, auth):
    ids = new_position(app)
    user_id = auth.sign_in_new()
    with app.app_context():
        add_member(
            db.session.get(Debate, ids["debate"]), db.session.get(User, user_id), Role.VIEWER
        )
        db.session.commit()

    form = client.get(new_url(ids["position"]))
    response = post(client, ids["position"], CLAIM)

    assert (form.status_code, response.status_code) == (403, 403)
    assert "You cannot post in this debate." in response.text
    assert stored(app, Argument) == 0
    assert "Argue for" not in position_page(client, ids)


def test_a_reply_to_an_argument_of_another_position_is_not_found(app, client, auth):
    ids = new_position(app)
    with app.app_context():
        other = make_position(db.session.get(Debate, ids["debate"]), statement="Other")
        foreign = make_argument(other, claim="Elsewhere").id
        db.session.commit()
    auth.sign_in_new()

    response = post(client, ids["position"], CLAIM, "con", foreign)

    assert response.status_code == 404
    assert stored(app, Argument) == 1


# Similar claims


def test_a_very_similar_claim_warns_and_posts_only_when_confirmed(app, client, auth):
    ids = new_position(app)
    [existing] = add_arguments(app, ids, "Cameras in train stations deter pickpockets")
    auth.sign_in_new()
    similar = "Cameras in busy train stations deter pickpockets"

    warned = post(client, ids["position"], similar)

    assert warned.status_code == 422
    assert "A very similar argument already exists here." in field_error(warned.text, "claim")
    warning = re.search(r'<div id="similar-warning".*?</div>', warned.text, re.S)[0]
    assert f'href="/arguments/{existing}"' in warning
    assert "Cameras in train stations deter pickpockets" in warning
    assert 'name="allow_similar" type="checkbox"' in warned.text
    assert stored(app, Argument) == 1

    confirmed = post(client, ids["position"], similar, allow_similar="y")

    assert confirmed.status_code == 303
    assert stored(app, Argument) == 2


def test_a_different_claim_gets_no_similarity_warning(app, client, auth):
    ids = new_position(app)
    add_arguments(app, ids, "Cameras in train stations deter pickpockets")
    auth.sign_in_new()

    response = post(client, ids["position"], "Footage is rarely reviewed by anyone")

    assert response.status_code == 303
    assert stored(app, Argument) == 2


def test_the_similar_claims_fragment_shows_the_match_while_typing(app, client):
    ids = new_position(app)
    [existing] = add_arguments(app, ids, "Cameras in train stations deter pickpockets")
    url = f"/positions/{ids['position']}/arguments/similar"

    match = client.get(
        url,
        query_string={"claim": "cameras in the train stations deter pickpockets"},
        headers={"HX-Request": "true"},
    )
    no_match = client.get(url, query_string={"claim": "Footage is rarely reviewed"})

    assert match.status_code == 200
    assert "<html" not in match.text
    assert match.text.lstrip().startswith('<div id="similar-warning"')
    assert f'href="/arguments/{existing}"' in match.text
    assert "1 Cameras in train stations deter pickpockets" in match.text
    assert "A very similar argument already exists here" in match.text
    assert "/arguments/" not in no_match.text
    assert "similar argument" not in no_match.text


def test_the_similar_claims_fragment_looks_only_under_the_same_parent(app, client):
    ids = new_position(app)
    [top] = add_arguments(app, ids, "Cameras in train stations deter pickpockets")
    url = f"/positions/{ids['position']}/arguments/similar"

    under_top = client.get(
        url, query_string={"parent": top, "claim": "Cameras in train stations deter pickpockets"}
    )

    assert "/arguments/" not in under_top.text


# The form


def test_the_reply_form_shows_the_argument_being_answered(app, client, auth):
    ids = new_position(app)
    [parent] = add_arguments(
        app, ids, "Cameras deter theft", body="Police figures show **fewer** thefts."
    )
    auth.sign_in_new()

    query = {"parent": parent, "side": "con"}
    page = client.get(new_url(ids["position"]), query_string=query).text

    aside = re.search(r'<aside class="compose-context".*?</aside>', page, re.S)[0]
    assert "Answering argument 1" in aside
    assert "<p>Cameras deter theft</p>" in aside
    assert "Police figures show <strong>fewer</strong> thefts." in aside
    assert '<input checked id="side-1" name="side" required type="radio" value="con">' in page
    assert 'id="argument-form"' in page


def test_the_top_level_form_shows_the_position_beside_it(app, client, auth):
    ids = new_position(app, statement="Cameras make cities safer")
    auth.sign_in_new()

    page = client.get(new_url(ids["position"])).text

    aside = re.search(r'<aside class="compose-context".*?</aside>', page, re.S)[0]
    assert "<p>Cameras make cities safer</p>" in aside


def test_a_refused_argument_form_comes_back_as_a_fragment_for_htmx(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()

    response = post(client, ids["position"], "", headers={"HX-Request": "true"})

    assert response.status_code == 422
    assert "<html" not in response.text
    assert response.text.lstrip().startswith('<form id="argument-form"')
    assert field_error(response.text, "claim") == "Write the claim in one sentence."


@plain_or_boosted
def test_a_refused_argument_form_without_htmx_is_the_full_page(app, client, auth, headers):
    ids = new_position(app)
    auth.sign_in_new()

    response = post(client, ids["position"], "", headers=headers)

    assert response.status_code == 422
    assert "<html" in response.text
    assert '<form id="argument-form"' in response.text
    assert field_error(response.text, "claim") == "Write the claim in one sentence."


def test_a_posted_argument_sends_htmx_to_it_in_the_tree(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()

    response = post(client, ids["position"], CLAIM, headers={"HX-Request": "true"})

    argument_id = only_argument_id(app)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"] == (
        f"/debates/{ids['debate']}/positions/{ids['position']}?sort=newest#argument-{argument_id}"
    )


def test_a_posted_reply_lands_among_its_parents_replies(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    post(client, ids["position"], "A first claim on the position")
    parent = only_argument_id(app)
    for number in range(25):
        post(client, ids["position"], f"Supporting reason number {number} stands", parent=parent)

    response = post(client, ids["position"], "The newest reply of all", "con", parent)

    with app.app_context():
        newest = db.session.scalar(select(func.max(Argument.id)))
    assert response.headers["Location"] == f"/arguments/{parent}?sort=newest#argument-{newest}"
    assert f'id="argument-{newest}"' in client.get(response.headers["Location"]).text


# At the same moment, on PostgreSQL



@pytest.mark.postgresql
@pytest.mark.parametrize("under", ["position", "argument"])
def test_the_same_claim_sent_by_several_people_at_once_is_posted_once(app, under):
    ids = new_position(app)
    parent = add_arguments(app, ids, "Cameras deter theft")[0] if under == "argument" else None
    with app.app_context():
        users = [make_user() for _ in range(6)]
        db.session.commit()
        usernames = [user.username for user in users]
    clients = []
    for username in usernames:
        client = app.test_client()
        signed_in = client.post(
            "/account/sign-in", data={"username": username, "password": "correct horse battery"}
        )
        assert signed_in.status_code == 303
        clients.append(client)
    barrier = threading.Barrier(len(clients))
    responses = []

    def send(client):
        barrier.wait(timeout=30)
        responses.append(post(client, ids["position"], "Nobody watches the footage", "con", parent))

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(response.status_code for response in responses) == [303] + [422] * 5
    for refused in (response for response in responses if response.status_code == 422):
        assert field_error(refused.text, "claim") == "This argument has already been made here."
    with app.app_context():
        assert db.session.scalar(
            select(func.count()).where(Argument.claim == "Nobody watches the footage")
        ) == 1


def test_a_reply_written_in_the_tree_comes_back_as_its_card_for_htmx(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    [parent] = add_arguments(app, ids, "Cameras only move crime elsewhere", side=Side.CON)
    url = f"/positions/{ids['position']}/arguments/new?parent={parent}&in_place=1"
    data = {"side": "con", "claim": "Crime that moves still falls overall", "body": ""}

    response = client.post(url, data=data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "HX-Redirect" not in response.headers
    assert response.text.lstrip().startswith("<article")
    assert "Crime that moves still falls overall" in response.text


def test_without_htmx_a_reply_from_the_tree_still_lands_on_it(app, client, auth):
    ids = new_position(app)
    auth.sign_in_new()
    [parent] = add_arguments(app, ids, "Cameras only move crime elsewhere", side=Side.CON)
    url = f"/positions/{ids['position']}/arguments/new?parent={parent}&in_place=1"

    response = client.post(url, data={"side": "con", "claim": "Crime still falls", "body": ""})

    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"/arguments/{parent}?sort=newest#argument-")
