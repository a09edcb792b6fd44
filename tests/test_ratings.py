"""Check rating arguments from 0 to 4, hidden tallies, and the rating control with htmx."""

import re
from html import unescape

import pytest
from sqlalchemy.exc import IntegrityError

from app.arguments.services import withdraw_argument
from app.arguments.votes import rate_argument
from app.errors import DomainError
from app.extensions import db
from app.models import Argument, Debate, DebateStatus, Rating
from tests.factories import make_argument, make_user
from tests.pages import position_url, scores
from tests.worlds import new_argument


def rate(client, ids: dict, score, headers=None, **fields):
    return client.post(
        f"/arguments/{ids['argument']}/rating",
        data={"score": score, **fields},
        headers=headers or {},
    )


def rated_by_others(app, ids: dict, *others: int) -> list[int]:
    """Have new users rate the argument; return their ids."""
    with app.app_context():
        argument = db.session.get(Argument, ids["argument"])
        users = [make_user() for _ in others]
        for user, score in zip(users, others, strict=True):
            rate_argument(argument, user, score)
        db.session.commit()
        return [user.id for user in users]


def tally_text(html: str, argument_id: int) -> str:
    """Return the words of an argument's tally, as a reader sees them."""
    block = re.search(
        rf'<div class="rating" id="rating-{argument_id}">\s*<p class="tally">(.*?)</p>', html, re.S
    )
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", block[1])).split())


# Rating


@pytest.mark.parametrize("score", [0, 1, 2, 3, 4])
def test_member_rates_an_argument_from_0_to_4(app, client, auth, score):
    ids = new_argument(app)
    user_id = auth.sign_in_new()

    response = rate(client, ids, str(score))

    assert response.status_code == 303
    assert scores(app, ids["argument"]) == {user_id: score}
    page = client.get(response.headers["Location"]).text
    assert "Rating saved." in page
    assert tally_text(page, ids["argument"]) == f"Strength {score}.0 · 1 rating"
    assert f'value="{score}" class="score is-mine"' in page


def test_changing_a_rating_replaces_it(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()
    assert rate(client, ids, "1").status_code == 303

    response = rate(client, ids, "3")

    assert response.status_code == 303
    assert scores(app, ids["argument"]) == {user_id: 3}
    page = client.get(f"/arguments/{ids['argument']}").text
    assert tally_text(page, ids["argument"]) == "Strength 3.0 · 1 rating"


def test_clearing_a_rating_removes_it(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    assert rate(client, ids, "2").status_code == 303

    response = rate(client, ids, "")

    assert response.status_code == 303
    assert scores(app, ids["argument"]) == {}
    page = client.get(response.headers["Location"]).text
    assert "Rating cleared." in page
    assert tally_text(page, ids["argument"]) == "No ratings yet"


@pytest.mark.parametrize("score", ["5", "-1", "x", "2.5"])
def test_a_score_outside_0_to_4_is_a_bad_request_and_keeps_the_old_rating(
    app, client, auth, score
):
    ids = new_argument(app)
    user_id = auth.sign_in_new()
    assert rate(client, ids, "2").status_code == 303

    response = rate(client, ids, score)

    assert response.status_code == 400
    assert scores(app, ids["argument"]) == {user_id: 2}


def test_a_score_outside_0_to_4_is_refused_by_the_service_too(app):
    ids = new_argument(app)
    with app.app_context():
        user = make_user()
        argument = db.session.get(Argument, ids["argument"])
        for score in (5, -1):
            with pytest.raises(DomainError, match=r"Rate from 0 to 4\."):
                rate_argument(argument, user, score)
        db.session.rollback()
    assert scores(app, ids["argument"]) == {}


def test_one_rating_per_person_per_argument_is_a_database_rule(app):
    ids = new_argument(app)
    with app.app_context():
        user = make_user()
        db.session.add(Rating(argument_id=ids["argument"], user_id=user.id, score=1))
        db.session.commit()
        db.session.add(Rating(argument_id=ids["argument"], user_id=user.id, score=3))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert list(scores(app, ids["argument"]).values()) == [1]


def test_a_score_out_of_range_is_refused_by_the_database(app):
    ids = new_argument(app)
    with app.app_context():
        user = make_user()
        db.session.commit()
        db.session.add(Rating(argument_id=ids["argument"], user_id=user.id, score=5))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()
    assert scores(app, ids["argument"]) == {}


def test_a_withdrawn_argument_cannot_be_rated(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        argument = db.session.get(Argument, ids["argument"])
        make_argument(argument.position, claim="Thieves wear hoods", parent=argument)
        assert withdraw_argument(argument, argument.author) is True
        db.session.commit()
    auth.sign_in_new()

    response = rate(client, ids, "3")

    assert response.status_code == 409
    assert "This argument was withdrawn; it can no longer be rated." in response.text
    assert scores(app, ids["argument"]) == {}
    page = client.get(f"/arguments/{ids['argument']}").text
    assert f'action="/arguments/{ids["argument"]}/rating"' not in page


def test_rating_in_a_closed_debate_is_not_allowed(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        db.session.get(Debate, ids["debate"]).status = DebateStatus.CLOSED
        db.session.commit()
    auth.sign_in_new()

    response = rate(client, ids, "3")

    assert response.status_code == 403
    assert "You cannot rate arguments in this debate." in response.text
    assert scores(app, ids["argument"]) == {}
    assert 'class="rate-form"' not in client.get(f"/arguments/{ids['argument']}").text


def test_signed_out_visitor_is_sent_to_sign_in_to_rate(app, client):
    ids = new_argument(app)

    response = rate(client, ids, "3")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in")
    assert scores(app, ids["argument"]) == {}


def test_a_rating_without_the_csrf_token_is_refused(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = rate(client, ids, "3")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False

    assert response.status_code == 400
    assert scores(app, ids["argument"]) == {}


# Hidden tallies


def test_the_tally_stays_hidden_until_the_person_has_rated(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        assert db.session.get(Debate, ids["debate"]).hide_tallies_until_rated is True
    rated_by_others(app, ids, 4, 4)

    anonymous = client.get(position_url(ids)).text
    auth.sign_in_new()
    before = client.get(position_url(ids)).text
    rate(client, ids, "1")
    after = client.get(position_url(ids)).text

    hidden = "Rate it to see how others rated it"
    signed_out = "Sign in and rate it to see how others rated it"
    assert tally_text(anonymous, ids["argument"]) == signed_out
    assert tally_text(before, ids["argument"]) == hidden
    assert "Strength" not in tally_text(before, ids["argument"])
    assert tally_text(after, ids["argument"]) == "Strength 3.0 · 3 ratings"


def test_with_the_setting_off_everyone_sees_the_tally(app, client, auth):
    ids = new_argument(app, hide_tallies_until_rated=False)
    rated_by_others(app, ids, 4, 3)

    anonymous = client.get(position_url(ids)).text
    auth.sign_in_new()
    member = client.get(f"/arguments/{ids['argument']}").text

    assert tally_text(anonymous, ids["argument"]) == "Strength 3.5 · 2 ratings"
    assert tally_text(member, ids["argument"]) == "Strength 3.5 · 2 ratings"


# Without and with htmx


def test_a_rating_without_htmx_returns_to_the_page_it_was_sent_from(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    page = client.get(position_url(ids)).text
    next_url = unescape(re.search(r'name="next" value="([^"]*)"', page)[1])

    response = rate(client, ids, "4", next=next_url)

    assert response.status_code == 303
    assert response.headers["Location"] == f"{position_url(ids)}#argument-{ids['argument']}"


def test_a_rating_never_redirects_off_the_site(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = rate(client, ids, "4", next="https://evil.example/phish")

    assert response.status_code == 303
    assert response.headers["Location"] == (
        f"/arguments/{ids['argument']}#argument-{ids['argument']}"
    )


def test_a_rating_with_htmx_returns_the_control_with_the_new_tally(app, client, auth):
    ids = new_argument(app)
    rated_by_others(app, ids, 4)
    user_id = auth.sign_in_new()

    response = rate(client, ids, "2", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert response.text.lstrip().startswith(f'<div class="rating" id="rating-{ids["argument"]}">')
    assert tally_text(response.text, ids["argument"]) == "Strength 3.0 · 2 ratings"
    assert 'value="2" class="score is-mine"' in response.text
    assert f'hx-target="#rating-{ids["argument"]}" hx-swap="outerHTML"' in response.text
    assert "HX-Request" in response.headers["Vary"]
    assert scores(app, ids["argument"])[user_id] == 2


def test_changing_a_rating_with_htmx_counts_the_person_once_at_the_new_score(
    app, client, auth
):
    ids = new_argument(app)
    rated_by_others(app, ids, 4, 0)
    user_id = auth.sign_in_new()
    assert rate(client, ids, "1", headers={"HX-Request": "true"}).status_code == 200

    response = rate(client, ids, "2", headers={"HX-Request": "true"})

    assert tally_text(response.text, ids["argument"]) == "Strength 2.0 · 3 ratings"
    assert 'value="2" class="score is-mine"' in response.text
    assert 'value="1" class="score is-mine"' not in response.text
    assert scores(app, ids["argument"])[user_id] == 2


def test_clearing_the_only_rating_with_htmx_shows_no_ratings_yet(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    assert rate(client, ids, "3").status_code == 303

    response = rate(client, ids, "", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    assert tally_text(response.text, ids["argument"]) == "No ratings yet"
    assert "is-mine" not in response.text
    assert scores(app, ids["argument"]) == {}


def test_a_boosted_rating_gets_the_redirect_to_a_full_page(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = rate(client, ids, "2", headers={"HX-Request": "true", "HX-Boosted": "true"})

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "<html" in page
    assert tally_text(page, ids["argument"]) == "Strength 2.0 · 1 rating"


def test_a_refused_htmx_rating_gets_a_short_message_not_a_page(app, client, auth):
    ids = new_argument(app, status=DebateStatus.CLOSED)
    auth.sign_in_new()

    response = rate(client, ids, "3", headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert response.text.startswith("You cannot rate arguments in this debate.")
    assert "<" not in response.text


# One's own arguments


def test_people_cannot_rate_their_own_argument(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        author_id = db.session.get(Argument, ids["argument"]).author_id
    auth.sign_in_as(author_id)

    response = rate(client, ids, "4")

    assert response.status_code == 403
    assert "You cannot rate your own argument" in response.text
    assert scores(app, ids["argument"]) == {}


def test_the_service_refuses_a_rating_by_the_author(app):
    ids = new_argument(app)
    with app.app_context():
        argument = db.session.get(Argument, ids["argument"])
        with pytest.raises(DomainError, match="You cannot rate your own argument"):
            rate_argument(argument, argument.author, 4)


def test_the_author_sees_no_rating_buttons_but_says_why(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        author_id = db.session.get(Argument, ids["argument"]).author_id
    auth.sign_in_as(author_id)

    page = client.get(position_url(ids)).text

    control = re.search(rf'<div class="rating" id="rating-{ids["argument"]}">(.*?)</div>',
                        page, re.S)[1]
    assert 'name="score"' not in control
    assert "You cannot rate your own argument" in control


# The scale's words


def test_rating_buttons_show_the_scales_words_and_name_themselves(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    page = unescape(client.get(position_url(ids)).text)

    words = re.findall(r'<span class="score-number">(\d)</span> <span class="score-word">([^<]+)',
                       page)
    assert words == [("0", "no force"), ("1", "weak"), ("2", "some force"), ("3", "strong"),
                     ("4", "decisive")]
    names = re.findall(r'<button type="submit" name="score" value="\d"[^>]*aria-label="([^"]+)"',
                       page, re.S)
    assert names[0] == "0 no force: rate argument 1 0 of 4"
    assert names[4] == "4 decisive: rate argument 1 4 of 4"
