"""Check rating arguments, taking stances, hidden tallies and votes sent at the same moment."""

import re
import threading
from html import unescape

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.arguments.services import withdraw_argument
from app.arguments.votes import rate_argument, take_stance
from app.errors import DomainError
from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Position,
    PositionStance,
    Rating,
    StanceChange,
    StanceChoice,
    User,
)
from tests.factories import make_argument, make_debate, make_position, make_user

postgresql_only = pytest.mark.postgresql


def new_argument(app, status=DebateStatus.OPEN, **debate_overrides) -> dict:
    """Create a debate with a position and one argument; return their ids."""
    with app.app_context():
        debate = make_debate(**debate_overrides)
        position = make_position(debate, statement="Cameras make cities safer")
        argument = make_argument(position, claim="Cameras deter pickpockets")
        debate.status = status  # arguments are posted while open; the debate may close later
        db.session.commit()
        return {
            "debate": debate.id,
            "position": position.id,
            "argument": argument.id,
            "owner": debate.owner_id,
        }


def position_url(ids: dict) -> str:
    return f"/debates/{ids['debate']}/positions/{ids['position']}"


def rate(client, ids: dict, score, headers=None, **fields):
    return client.post(
        f"/arguments/{ids['argument']}/rating",
        data={"score": score, **fields},
        headers=headers or {},
    )


def choose(client, ids: dict, stance: str, headers=None):
    return client.post(
        f"/positions/{ids['position']}/stance", data={"stance": stance}, headers=headers or {}
    )


def scores(app, argument_id: int) -> dict[int, int]:
    """Map each rater's id to their stored score."""
    with app.app_context():
        return dict(
            db.session.execute(
                select(Rating.user_id, Rating.score).where(Rating.argument_id == argument_id)
            ).all()
        )


def stances(app, position_id: int) -> dict[int, StanceChoice]:
    with app.app_context():
        return dict(
            db.session.execute(
                select(PositionStance.user_id, PositionStance.stance).where(
                    PositionStance.position_id == position_id
                )
            ).all()
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


def distribution(html: str) -> dict[str, int]:
    """Read the stance counts a page shows."""
    return {
        label: int(count)
        for label, count in re.findall(
            r'<span class="stance-count stance-\w+">(\w+) <strong>(\d+)</strong>', html
        )
    }


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


# Stances


def test_a_member_takes_a_stance_and_changes_it_and_every_change_is_kept(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()

    responses = [choose(client, ids, choice) for choice in ("for", "against", "undecided")]

    assert [response.status_code for response in responses] == [303, 303, 303]
    assert responses[0].headers["Location"] == position_url(ids)
    assert stances(app, ids["position"]) == {user_id: StanceChoice.UNDECIDED}
    with app.app_context():
        changes = db.session.execute(
            select(StanceChange.stance, StanceChange.created_at)
            .where(StanceChange.user_id == user_id)
            .order_by(StanceChange.id)
        ).all()
    assert [change.stance for change in changes] == [
        StanceChoice.FOR,
        StanceChoice.AGAINST,
        StanceChoice.UNDECIDED,
    ]
    assert all(change.created_at is not None for change in changes)
    assert changes[0].created_at <= changes[1].created_at <= changes[2].created_at
    page = client.get(position_url(ids)).text
    assert "Your stance is recorded." in page
    assert distribution(page) == {"For": 0, "Against": 0, "Undecided": 1}
    assert "1 person;" in page
    assert 'value="undecided" class="stance-choice is-mine"' in page


def test_choosing_the_same_stance_again_records_no_change(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()

    choose(client, ids, "for")
    choose(client, ids, "for")

    with app.app_context():
        assert db.session.scalar(
            select(func.count()).where(StanceChange.user_id == user_id)
        ) == 1


def test_clearing_a_stance_removes_it_from_the_tally_and_is_recorded(app, client, auth):
    ids = new_argument(app)
    user_id = auth.sign_in_new()
    choose(client, ids, "against")

    response = choose(client, ids, "")

    assert response.status_code == 303
    assert stances(app, ids["position"]) == {}
    with app.app_context():
        assert db.session.scalars(
            select(StanceChange.stance).where(StanceChange.user_id == user_id)
            .order_by(StanceChange.id)
        ).all() == [StanceChoice.AGAINST, None]
    page = client.get(response.headers["Location"]).text
    assert "Your stance is cleared." in page
    assert distribution(page) == {"For": 0, "Against": 0, "Undecided": 0}


def test_an_unknown_stance_is_a_bad_request(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = choose(client, ids, "maybe")

    assert response.status_code == 400
    assert stances(app, ids["position"]) == {}


def test_taking_a_stance_in_a_closed_debate_is_not_allowed(app, client, auth):
    ids = new_argument(app, status=DebateStatus.CLOSED)
    auth.sign_in_new()

    response = choose(client, ids, "for")

    assert response.status_code == 403
    assert "You cannot vote in this debate." in response.text
    assert stances(app, ids["position"]) == {}


def test_the_page_shows_how_many_stand_where_but_never_who(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        voters = [
            make_user(username=f"voter{number}", display_name=f"Secret Voter {number}")
            for number in range(4)
        ]
        for voter, choice in zip(voters, ["for", "for", "against", "undecided"], strict=True):
            take_stance(position, voter, StanceChoice(choice))
        rate_argument(db.session.get(Argument, ids["argument"]), voters[0], 2)
        db.session.commit()

    pages = {
        "position": client.get(position_url(ids)).text,
        "argument": client.get(f"/arguments/{ids['argument']}").text,
        "api": client.get(f"/api/v1/positions/{ids['position']}").text,
    }
    auth.sign_in_new()
    pages["position, signed in"] = client.get(position_url(ids)).text

    assert distribution(pages["position"]) == {"For": 2, "Against": 1, "Undecided": 1}
    assert "(50%)" in pages["position"] and "(25%)" in pages["position"]
    assert "4 people;" in pages["position"]
    assert client.get(f"/api/v1/positions/{ids['position']}").json["stances"] == {
        "for": 2,
        "against": 1,
        "undecided": 1,
    }
    for name, page in pages.items():
        assert "Secret Voter" not in page, name
        assert "voter0" not in page and "voter3" not in page, name


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


def test_a_stance_with_htmx_returns_the_control_with_the_new_distribution(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        take_stance(db.session.get(Position, ids["position"]), make_user(), StanceChoice.FOR)
        db.session.commit()
    auth.sign_in_new()

    response = choose(client, ids, "against", headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert "<html" not in response.text
    root = f'<section class="stance" id="stance-{ids["position"]}"'
    assert response.text.lstrip().startswith(root)
    assert distribution(response.text) == {"For": 1, "Against": 1, "Undecided": 0}
    assert 'value="against" class="stance-choice is-mine"' in response.text
    assert "HX-Request" in response.headers["Vary"]


def test_a_boosted_stance_gets_the_redirect_to_a_full_page(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = choose(client, ids, "for", headers={"HX-Request": "true", "HX-Boosted": "true"})

    assert response.status_code == 303
    page = client.get(response.headers["Location"]).text
    assert "<html" in page
    assert distribution(page) == {"For": 1, "Against": 0, "Undecided": 0}


def test_a_refused_htmx_rating_gets_a_short_message_not_a_page(app, client, auth):
    ids = new_argument(app, status=DebateStatus.CLOSED)
    auth.sign_in_new()

    response = rate(client, ids, "3", headers={"HX-Request": "true"})

    assert response.status_code == 403
    assert response.text.startswith("You cannot rate arguments in this debate.")
    assert "<" not in response.text


# At the same moment, on PostgreSQL


def signed_in_clients(app, count: int) -> list[tuple[int, object]]:
    """Create users and a test client signed in as each; return (user id, client) pairs."""
    with app.app_context():
        users = [make_user() for _ in range(count)]
        db.session.commit()
        pairs = [(user.id, user.username) for user in users]
    signed_in = []
    for user_id, username in pairs:
        client = app.test_client()
        response = client.post(
            "/account/sign-in", data={"username": username, "password": "correct horse battery"}
        )
        assert response.status_code == 303
        signed_in.append((user_id, client))
    return signed_in


def run_at_once(jobs) -> list:
    """Run each job in its own thread, all released together; return what each returned."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list = []

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # reported to the test below
            errors.append(error)

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    return results


@postgresql_only
def test_many_people_rating_at_once_leave_one_rating_each_with_its_last_score(app):
    ids = new_argument(app)
    people = signed_in_clients(app, 20)
    url = f"/arguments/{ids['argument']}/rating"
    first = {user_id: number % 5 for number, (user_id, _) in enumerate(people)}
    last = {user_id: (number * 3) % 5 for number, (user_id, _) in enumerate(people)}

    def rate_twice(user_id, client):
        return (
            client.post(url, data={"score": str(first[user_id])}).status_code,
            client.post(url, data={"score": str(last[user_id])}).status_code,
        )

    results = run_at_once(
        [lambda user_id=user_id, client=client: rate_twice(user_id, client)
         for user_id, client in people]
    )

    assert results == [(303, 303)] * 20
    assert scores(app, ids["argument"]) == last
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Rating)) == 20
        total, count = db.session.execute(
            select(func.sum(Rating.score), func.count()).where(
                Rating.argument_id == ids["argument"]
            )
        ).one()
    assert (total, count) == (sum(last.values()), 20)


@postgresql_only
def test_one_person_rating_from_eight_tabs_at_once_keeps_one_rating(app):
    ids = new_argument(app)
    [(user_id, client)] = signed_in_clients(app, 1)
    url = f"/arguments/{ids['argument']}/rating"
    others = [app.test_client() for _ in range(7)]
    for other in others:
        # Each tab carries the same signed-in session cookie.
        other.set_cookie("session", client.get_cookie("session").value)

    results = run_at_once(
        [lambda tab=tab, score=score: tab.post(url, data={"score": str(score)}).status_code
         for score, tab in zip([0, 1, 2, 3, 4, 0, 1, 2], [client, *others], strict=True)]
    )

    assert results == [303] * 8
    stored = scores(app, ids["argument"])
    assert list(stored) == [user_id]
    assert stored[user_id] in range(5)


@postgresql_only
def test_many_people_choosing_stances_at_once_count_once_each(app):
    ids = new_argument(app)
    people = signed_in_clients(app, 20)
    url = f"/positions/{ids['position']}/stance"
    choices = ["for", "against", "undecided"]
    first = {user_id: choices[number % 3] for number, (user_id, _) in enumerate(people)}
    last = {user_id: choices[(number + 1) % 3] for number, (user_id, _) in enumerate(people)}

    def choose_twice(user_id, client):
        return (
            client.post(url, data={"stance": first[user_id]}).status_code,
            client.post(url, data={"stance": last[user_id]}).status_code,
        )

    results = run_at_once(
        [lambda user_id=user_id, client=client: choose_twice(user_id, client)
         for user_id, client in people]
    )

    assert results == [(303, 303)] * 20
    assert stances(app, ids["position"]) == {
        user_id: StanceChoice(choice) for user_id, choice in last.items()
    }
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StanceChange)) == 40


@postgresql_only
def test_one_person_choosing_a_stance_from_eight_tabs_at_once_stands_once(app):
    ids = new_argument(app)
    [(user_id, client)] = signed_in_clients(app, 1)
    url = f"/positions/{ids['position']}/stance"
    others = [app.test_client() for _ in range(7)]
    for other in others:
        other.set_cookie("session", client.get_cookie("session").value)

    results = run_at_once(
        [lambda tab=tab: tab.post(url, data={"stance": "for"}).status_code
         for tab in [client, *others]]
    )

    assert results == [303] * 8
    assert stances(app, ids["position"]) == {user_id: StanceChoice.FOR}
    with app.app_context():
        recorded = db.session.scalars(
            select(StanceChange.stance).where(StanceChange.user_id == user_id)
        ).all()
    # Eight clicks on the same choice are one change of mind, not eight.
    assert recorded == [StanceChoice.FOR]


@postgresql_only
def test_rating_through_the_service_in_parallel_sessions_keeps_one_row_per_person(app):
    ids = new_argument(app)
    with app.app_context():
        user_ids = [make_user().id for _ in range(10)]
        db.session.commit()

    def rate_in_own_session(user_id, score):
        with app.app_context():
            rate_argument(
                db.session.get(Argument, ids["argument"]), db.session.get(User, user_id), score
            )
            db.session.commit()
        return score

    jobs = [
        lambda user_id=user_id, score=score: rate_in_own_session(user_id, score)
        for user_id in user_ids
        for score in (1, 3)
    ]
    run_at_once(jobs)

    stored = scores(app, ids["argument"])
    assert sorted(stored) == sorted(user_ids)
    assert set(stored.values()) <= {1, 3}
