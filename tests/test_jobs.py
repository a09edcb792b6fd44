"""Check that work handed to the job queue runs once: after the response, at once, or on RQ."""

import time
from pathlib import Path

import pytest

from app.jobs import enqueue, queue, work


def note(path: str, text: str) -> None:
    """The job under test: add a line to a file."""
    with Path(path).open("a", encoding="utf-8") as file:
        file.write(text + "\n")


def fail() -> None:
    raise RuntimeError("this job always fails")


def test_a_job_outside_a_request_runs_at_once(app, tmp_path):
    target = tmp_path / "notes.txt"
    with app.app_context():
        enqueue(note, str(target), "from the command line")

    assert target.read_text(encoding="utf-8") == "from the command line\n"


def test_a_job_from_a_request_runs_after_the_response_is_sent(app, tmp_path):
    target = tmp_path / "notes.txt"
    with app.test_request_context("/job-check", method="POST"):
        enqueue(note, str(target), "after the answer")
        assert not target.exists()
        # What Flask does with a view's answer: after-request hooks, then the server sends it.
        response = app.process_response(app.make_response("queued"))
        assert not target.exists()

    response.close()

    assert target.read_text(encoding="utf-8") == "after the answer\n"


def test_a_job_that_asks_to_wait_runs_once_its_time_has_come(app, tmp_path):
    target = tmp_path / "notes.txt"
    with app.test_request_context("/job-check", method="POST"):
        enqueue(note, str(target), "a little later", delay=0.5)
        app.process_response(app.make_response("queued")).close()

    assert not target.exists()
    for _ in range(50):
        if target.exists():
            break
        time.sleep(0.05)
    assert target.read_text(encoding="utf-8") == "a little later\n"


def test_a_job_that_asks_to_wait_outside_a_request_runs_at_once(app, tmp_path):
    target = tmp_path / "notes.txt"
    with app.app_context():
        enqueue(note, str(target), "before the command ends", delay=60)

    assert target.read_text(encoding="utf-8") == "before the command ends\n"


def test_a_failing_job_is_logged_and_does_not_raise(app, caplog):
    with app.app_context():
        enqueue(fail)

    assert "job tests.test_jobs.fail failed" in caplog.text


@pytest.mark.redis
def test_on_rq_a_job_waits_in_redis_until_a_worker_runs_it(app, tmp_path):
    target = tmp_path / "notes.txt"
    app.config["JOBS"] = "rq"
    try:
        queue(app).empty()
        with app.app_context():
            enqueue(note, str(target), "from the worker")
            enqueue(note, str(target), "in order")

        assert not target.exists()
        assert queue(app).count == 2
        work(app, burst=True)
    finally:
        app.config["JOBS"] = "inline"

    assert target.read_text(encoding="utf-8") == "from the worker\nin order\n"
    assert queue(app).count == 0


@pytest.mark.redis
def test_on_rq_a_job_that_asks_to_wait_joins_the_queue_when_its_time_comes(app, tmp_path,
                                                                           monkeypatch):
    target = tmp_path / "notes.txt"
    monkeypatch.setitem(app.config, "JOBS", "rq")
    queue(app).empty()
    with app.test_request_context("/job-check", method="POST"):
        enqueue(note, str(target), "when due", delay=1)

    assert queue(app).count == 0
    assert queue(app).scheduled_job_registry.count == 1
    time.sleep(1.2)
    work(app, burst=True)

    assert target.read_text(encoding="utf-8") == "when due\n"
    assert queue(app).scheduled_job_registry.count == 0


def test_an_unreachable_queue_runs_the_job_in_the_app_instead(app, tmp_path):
    target = tmp_path / "notes.txt"
    redis_url = app.config["REDIS_URL"]
    app.config.update(JOBS="rq", REDIS_URL="redis://127.0.0.1:1/0")
    try:
        with app.app_context():
            enqueue(note, str(target), "not lost")
    finally:
        app.config.update(JOBS="inline", REDIS_URL=redis_url)

    assert target.read_text(encoding="utf-8") == "not lost\n"
