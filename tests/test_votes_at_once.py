"""Check that ratings and stances sent at the same moment count once each, on PostgreSQL."""

import threading

import pytest
from sqlalchemy import func, select, text

from app.arguments.votes import rate_argument, saving_with_tally
from app.extensions import db
from app.models import Argument, Rating, StanceChange, StanceChoice, User
from app.models.columns import utcnow
from tests.factories import make_user
from tests.pages import scores, stances
from tests.worlds import add_arguments, client_of, new_argument, new_user

postgresql_only = pytest.mark.postgresql

def signed_in_clients(app, count: int) -> list[tuple[int, object]]:
    """Create users and a test client signed in as each; return (user id, client) pairs."""
    user_ids = [new_user(app) for _ in range(count)]
    return [(user_id, client_of(app, user_id)) for user_id in user_ids]


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


@postgresql_only
def test_a_rating_does_not_wait_for_another_one_on_the_same_position_to_commit(app):
    ids = new_argument(app)
    second_argument = add_arguments(app, ids, "Cameras watch the watchers too")[0]
    first_rater, second_rater = new_user(app), new_user(app)

    def rating(argument_id: int, user_id: int) -> dict:
        return {"argument_id": argument_id, "user_id": user_id, "score": 3,
                "updated_at": utcnow(), "position": ids["position"], "now": utcnow()}

    with app.app_context(), db.engine.connect() as first, db.engine.connect() as second:
        # The position's scores are stale already, as they are through a busy evening.
        first.execute(saving_with_tally(), rating(ids["argument"], first_rater))
        first.commit()
        # One person's rating is saved but not yet committed (its page is being rendered)...
        first.execute(saving_with_tally(), rating(second_argument, first_rater))
        # ...while another person rates the position's other argument: this would fail here
        # if it queued behind the first transaction's lock on the position's scores.
        second.execute(text("SET lock_timeout = '500ms'"))
        count, total, newly_stale = second.execute(
            saving_with_tally(), rating(ids["argument"], second_rater)
        ).one()
        second.commit()
        first.commit()

    assert (count, total, newly_stale) == (2, 6, 0)
    assert scores(app, ids["argument"]) == {first_rater: 3, second_rater: 3}
