"""Check what people see, and what is stored, when PostgreSQL restarts, Redis stops or a
gunicorn worker dies while people rate and post through a real server.

These tests restart the machine's PostgreSQL and stop its Redis (tests/outages.py), so they
run only on PostgreSQL, as root, as CI runs them; each puts a few seconds of load on gunicorn.
"""

import random
import threading
import time

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Argument, Debate
from tests.factories import PASSWORD
from tests.outages import restart_postgresql
from tests.served import Browser, gunicorn, keep_busy, summary
from tests.worlds import add_arguments, new_argument, new_user

pytestmark = pytest.mark.postgresql

CLIENTS = 16
WORDS = ("cameras", "courts", "footage", "audits", "storage", "faces", "streets", "trust",
         "police", "consent", "privacy", "safety", "crime", "budgets", "appeals", "records")
UNAVAILABLE = "The database is briefly out of reach. Nothing was saved; please try again."


@pytest.fixture
def debate_under_load(app):
    """Make an open debate without a posting limit, twenty arguments to rate and CLIENTS
    people; return their ids."""
    ids = new_argument(app)
    with app.app_context():
        db.session.get(Debate, ids["debate"]).posts_per_hour = 0
        db.session.commit()
    targets = [ids["argument"], *add_arguments(app, ids, *(
        f"{number}. {' '.join(random.Random(number).sample(WORDS, 6))}" for number in range(19)
    ))]
    people = [new_user(app) for _ in range(CLIENTS)]
    return {**ids, "targets": targets, "people": people}


def signed_in_browsers(app, server, people: list[int]) -> list[Browser]:
    """Open a browser per person and sign each in through the server."""
    from app.models import User

    with app.app_context():
        names = [db.session.get(User, person).username for person in people]
    browsers = []
    for number, name in enumerate(names):
        browser = Browser(server.port, f"10.0.{number}.9")
        assert browser.sign_in(name, PASSWORD).status == 303
        browser.replies.clear()
        browsers.append(browser)
    return browsers


def rate_and_post(w: dict):
    """Return an action that has a person rate (always the same score, their number modulo
    five), post an argument or reply, or read an argument's page, in turn."""
    position = w["position"]

    def act(index: int, browser: Browser, turn: int) -> None:
        rng = random.Random(index * 10_000 + turn)
        target = rng.choice(w["targets"])
        if turn % 3 == 0:
            browser.send("rate", f"/arguments/{target}/rating", {"score": index % 5}, htmx=True)
        elif turn % 3 == 1:
            parent = f"?parent={target}" if turn % 2 else ""
            browser.send("post", f"/positions/{position}/arguments/new{parent}", {
                "side": rng.choice(["pro", "con"]),
                "claim": f"Person {index} posts point {turn} on {' '.join(rng.sample(WORDS, 4))}",
                "body": "Said under load.",
                # Claims from one template read alike; these are meant to stand side by side.
                "allow_similar": "y",
            }, htmx=True)
        else:
            browser.send("read", f"/arguments/{target}")

    return act


def half_written_rows(app) -> dict[str, int]:
    """Count arguments without author, path or a depth that matches their path, replies
    whose path does not continue their parent's, and ratings without their argument."""
    checks = {
        "arguments without author or path": """
            SELECT count(*) FROM arguments a LEFT JOIN users u ON u.id = a.author_id
            WHERE u.id IS NULL OR a.path IS NULL OR a.path = ''
               OR a.depth <> length(a.path) - length(replace(a.path, '.', '')) + 1""",
        "replies off their parent's path": """
            SELECT count(*) FROM arguments a JOIN arguments p ON p.id = a.parent_id
            WHERE a.path NOT LIKE p.path || '.%' OR a.depth <> p.depth + 1""",
        "ratings without their argument or person": """
            SELECT count(*) FROM ratings r LEFT JOIN arguments a ON a.id = r.argument_id
            LEFT JOIN users u ON u.id = r.user_id WHERE a.id IS NULL OR u.id IS NULL""",
    }
    with app.app_context():
        return {name: db.session.scalar(text(sql)) for name, sql in checks.items()}


def stored_claims(app, position_id: int) -> set[str]:
    with app.app_context():
        return set(db.session.scalars(
            select(Argument.claim).where(Argument.position_id == position_id)))


def sent_claims(browsers: list[Browser], acknowledged: bool) -> set[str]:
    """Return the claims people posted (only those the server said it saved, if asked)."""
    return {
        reply.form["claim"]
        for browser in browsers
        for reply in browser.replies
        if reply.action == "post" and (reply.status == 204 or not acknowledged)
    }


def test_a_postgresql_restart_fails_only_requests_in_flight_with_a_clean_503(
        app, debate_under_load, tmp_path):
    w = debate_under_load
    with gunicorn(tmp_path / "gunicorn.log") as server:
        browsers = signed_in_browsers(app, server, w["people"])
        stop = threading.Event()
        threads = keep_busy(browsers, rate_and_post(w), stop)
        try:
            time.sleep(1.5)
            restarting = time.monotonic()
            restart_postgresql()
            back = time.monotonic()
            time.sleep(2)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
            # The suite's own pooled connections died with the restart.
            with app.app_context():
                db.engine.dispose()
        log = server.log()

    replies = sorted((r for b in browsers for r in b.replies), key=lambda r: r.started)
    failed = [reply for reply in replies if not reply.ok]
    report = (f"{len(failed)} of {len(replies)} requests failed while PostgreSQL restarted "
              f"in {back - restarting:.2f} s ({summary(replies)})")
    print(report)
    assert failed, report
    for reply in failed:
        assert reply.status == 503, (report, reply)
        # htmx shows the text in the flash area; a page says it in the error page.
        assert UNAVAILABLE in reply.text, (report, reply)
        assert reply.started < back, (report, reply)
    assert [r for r in replies if r.ended < restarting], report
    after = [reply for reply in replies if reply.started > back]
    assert after and all(reply.ok for reply in after), report
    assert "Traceback" not in log
    assert set(half_written_rows(app).values()) == {0}, half_written_rows(app)
    stored = stored_claims(app, w["position"])
    assert sent_claims(browsers, acknowledged=True) <= stored
    assert stored - {"Cameras deter pickpockets"} <= sent_claims(browsers, acknowledged=False) | {
        claim for claim in stored if claim[0].isdigit()}
