"""Check the cross-side scores on ratings built to have a known answer, and that they are
worked out again in the background, once, when ratings change."""

import time

import pytest
from flask.globals import _cv_request
from sqlalchemy import select, text

from app.extensions import db
from app.insight import bridging
from app.insight.scores import gather, recompute_position, scores_changed, store_scores
from app.jobs import queue, run_in, work
from app.models import ArgumentScore, Rating, ScoreMethod, ScoreState
from app.models.columns import utcnow
from tests.insight_worlds import polarised
from tests.worlds import client_of, new_user


def ranked(app, position_id: int) -> list[int]:
    with app.app_context():
        return db.session.scalars(
            select(ArgumentScore.argument_id)
            .where(ArgumentScore.position_id == position_id)
            .order_by(ArgumentScore.score.desc(), ArgumentScore.argument_id)
        ).all()


def by_score(scored: dict, argument_ids) -> list[int]:
    return [int(argument_ids[i]) for i in sorted(scored, key=lambda i: -scored[i][0])]


def test_the_bridging_argument_ranks_first_under_both_methods_but_not_by_plain_mean(app):
    w = polarised(app)
    with app.app_context():
        ratings, argument_ids = gather(w["position"])
        factorised = by_score(bridging.factorise(ratings), argument_ids)
        stances = by_score(bridging.by_stances(ratings), argument_ids)
        means = bridging.plain_means(ratings)
        by_mean = [int(argument_ids[i]) for i in sorted(means, key=lambda i: -means[i])]

    partisans = set(w["pro"] + w["con"])
    for order in (factorised, stances):
        assert order[0] == w["bridge"]
        assert set(order[1:]) == partisans
    # The plain mean puts the larger side's partisans above the argument both sides value.
    assert by_mean[0] in w["pro"]
    assert by_mean.index(w["bridge"]) == len(w["pro"])


def test_enough_raters_are_scored_by_the_factorisation_and_stored_ranked(app):
    w = polarised(app)
    with app.app_context():
        method = store_scores(w["position"], utcnow())
        db.session.commit()
        state = db.session.get(ScoreState, w["position"])
        assert (state.method, state.ratings, state.raters) == (ScoreMethod.BRIDGING, 112, 16)

    assert method == ScoreMethod.BRIDGING
    assert ranked(app, w["position"])[0] == w["bridge"]


def test_a_small_debate_falls_back_to_the_stances_and_still_ranks_the_bridge_first(app):
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    with app.app_context():
        assert store_scores(w["position"], utcnow()) == ScoreMethod.STANCES
        db.session.commit()
        scores = {s.argument_id: s for s in db.session.scalars(select(ArgumentScore))}

    assert ranked(app, w["position"])[0] == w["bridge"]
    assert scores[w["bridge"]].ratings == 5
    assert {s.method for s in scores.values()} == {ScoreMethod.STANCES}


def test_an_argument_with_too_few_ratings_gets_no_factorised_score(app):
    w = polarised(app)
    with app.app_context():
        ratings, _ = gather(w["position"])
        keep = ratings.argument != 0
        few = bridging.Ratings(
            ratings.rater[keep | (ratings.rater < 2)], ratings.argument[keep | (ratings.rater < 2)],
            ratings.score[keep | (ratings.rater < 2)], ratings.side, ratings.arguments,
        )

    assert bridging.ARGUMENT_MIN_RATINGS > 2
    assert 0 not in bridging.factorise(few)


def test_a_rating_through_the_page_recomputes_the_scores_after_the_answer(app):
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    rater = new_user(app)
    response = client_of(app, rater).post(
        f"/arguments/{w['pro'][0]}/rating", data={"score": "4"}
    )
    assert response.status_code == 303
    response.close()

    with app.app_context():
        state = db.session.get(ScoreState, w["position"])
        assert state.computed_at is not None and state.stale_since is None
        assert state.ratings == 5 * 5 + 1


def test_a_rating_in_place_marks_the_scores_stale_and_recomputes_them_after_the_answer(app):
    """The control htmx swaps in stores the rating, its tally and the stale mark at once."""
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    rater = client_of(app, new_user(app))
    response = rater.post(f"/arguments/{w['pro'][0]}/rating", data={"score": "4"},
                          headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "6 ratings" in response.get_data(as_text=True)
    response.close()

    with app.app_context():
        state = db.session.get(ScoreState, w["position"])
        assert state.computed_at is not None and state.stale_since is None
        assert state.ratings == 5 * 5 + 1


def test_ratings_of_a_busy_moment_are_scored_together_once_they_settle(app, monkeypatch):
    monkeypatch.setitem(app.config, "SCORES_SETTLE_SECONDS", 0.5)
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    raters = [client_of(app, new_user(app)) for _ in range(3)]
    for rater in raters:
        rater.post(f"/arguments/{w['pro'][0]}/rating", data={"score": "4"}).close()

    with app.app_context():
        state = db.session.get(ScoreState, w["position"])
        assert state.stale_since is not None and state.computed_at is None
    for _ in range(60):
        time.sleep(0.05)
        with app.app_context():
            state = db.session.get(ScoreState, w["position"])
            if state.computed_at is not None:
                break
    assert state.stale_since is None and state.ratings == 5 * 5 + 3


def test_many_ratings_queue_one_recompute(app):
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    with app.test_request_context():
        for _ in range(3):
            scores_changed(w["position"])
        db.session.commit()
        waiting = _cv_request.get()._after_request_functions

        assert len(waiting) == 1


@pytest.mark.redis
def test_on_rq_ratings_queue_one_job_and_the_worker_stores_the_scores(app):
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    app.config["JOBS"] = "rq"
    try:
        queue(app).empty()
        with app.app_context():
            for _ in range(3):
                scores_changed(w["position"])
                db.session.commit()
        assert queue(app).count == 1
        work(app, burst=True)
    finally:
        app.config["JOBS"] = "inline"

    assert ranked(app, w["position"])[0] == w["bridge"]


def test_the_command_recomputes_every_position(app):
    w = polarised(app, for_raters=4, against_raters=1, partisans=2)
    result = app.test_cli_runner().invoke(args=["recompute-scores"])

    assert result.exit_code == 0, result.output
    assert "Recomputed the scores of 1 positions." in result.output
    assert ranked(app, w["position"])[0] == w["bridge"]


def test_a_recompute_of_a_deleted_position_does_nothing(app):
    with app.app_context():
        recompute_position(999999)
        assert db.session.scalar(select(Rating.id)) is None


def end_own_session() -> None:
    """What a restart does to a session in the middle of its work: the server ends it."""
    ours = db.session.scalar(text("SELECT pg_backend_pid()"))
    with db.engine.connect() as other:
        other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": ours})


def gather_as_the_server_restarts(position_id: int) -> None:
    end_own_session()
    gather(position_id)


@pytest.mark.postgresql
def test_a_recompute_whose_connection_the_server_ends_logs_an_outage_not_a_bug(app, caplog):
    w = polarised(app)
    with app.app_context():
        run_in(app, gather_as_the_server_restarts, (w["position"],))
        assert "gather_as_the_server_restarts failed, the database is unreachable" in caplog.text
        assert "Traceback" not in caplog.text
        # The connection it lost is not handed out again: the next recompute works as ever.
        run_in(app, recompute_position, (w["position"],))

    assert ranked(app, w["position"])[0] == w["bridge"]
