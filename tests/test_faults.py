"""Check what people see, and what is stored, when PostgreSQL restarts, Redis stops or a
gunicorn worker dies while people rate and post through a real server.

These tests restart the machine's PostgreSQL and stop its Redis (tests/outages.py), so they
run only on PostgreSQL, as root, as CI runs them; each puts a few seconds of load on gunicorn.
"""

import json
import os
import random
import re
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest
from redis import Redis
from sqlalchemy import select, text

from app.extensions import db
from app.models import Argument, Debate, Rating, User
from tests.factories import PASSWORD
from tests.outages import redis_stopped, restart_postgresql, wait_for
from tests.served import Browser, gunicorn, keep_busy, summary
from tests.worlds import add_arguments, new_argument, new_user

pytestmark = pytest.mark.postgresql

CLIENTS = 16
WORDS = ("cameras", "courts", "footage", "audits", "storage", "faces", "streets", "trust",
         "police", "consent", "privacy", "safety", "crime", "budgets", "appeals", "records")
UNAVAILABLE = "The database is briefly out of reach. Nothing was saved; please try again."
FALLBACK = "Rate limit storage unreachable - falling back to in-memory storage"
RECOVERED = "Rate limit storage recovered"


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
    return {**ids, "targets": targets, "people": people,
            "seeded": stored_claims(app, ids["position"])}


def signed_in_browsers(app, server, people: list[int]) -> list[Browser]:
    """Open a browser per person and sign each in through the server, all at once."""
    with app.app_context():
        names = [db.session.get(User, person).username for person in people]
    browsers = [Browser(server.port, f"10.0.{number}.9") for number in range(len(people))]
    with ThreadPoolExecutor(len(browsers)) as pool:
        signed_in = list(pool.map(lambda pair: pair[0].sign_in(pair[1], PASSWORD),
                                  zip(browsers, names, strict=True)))
    assert [reply.status for reply in signed_in] == [303] * len(browsers)
    for browser in browsers:
        browser.replies.clear()
    return browsers


def rate_and_post(w: dict):
    """Return an action that has a person rate (always the same score, their number modulo
    five), post an argument or reply, read an argument's page, or read the position's tree
    from the API, in turn."""
    position = w["position"]

    def act(index: int, browser: Browser, turn: int) -> None:
        rng = random.Random(index * 10_000 + turn)
        target = rng.choice(w["targets"])
        if turn % 4 == 0:
            browser.send("rate", f"/arguments/{target}/rating", {"score": index % 5}, htmx=True)
        elif turn % 4 == 1:
            parent = f"?parent={target}" if turn % 8 == 1 else ""
            browser.send("post", f"/positions/{position}/arguments/new{parent}", {
                "side": rng.choice(["pro", "con"]),
                "claim": f"Person {index} posts point {turn} on {' '.join(rng.sample(WORDS, 4))}",
                "body": "Said under load.",
                # Claims from one template read alike; these are meant to stand side by side.
                "allow_similar": "y",
            }, htmx=True)
        elif turn % 4 == 2:
            browser.send("read", f"/arguments/{target}")
        else:
            browser.send("api", f"/api/v1/positions/{position}")

    return act


def answered(browsers: list[Browser], since: float, count: int = 1) -> bool:
    """Say whether every browser has had `count` answers to requests sent after `since`."""
    return all(sum(reply.started > since for reply in browser.replies) >= count
               for browser in browsers)


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
    """Return the claims of every argument stored under the position."""
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
        prober = Browser(server.port, "10.9.0.1")
        stop = threading.Event()
        threads = [*keep_busy(browsers, rate_and_post(w), stop),
                   *keep_busy([prober], lambda *_: prober.send("ready", "/readyz"), stop)]
        try:
            assert wait_for(lambda: answered(browsers, 0), 60)
            restarting = time.monotonic()
            restart_postgresql()
            back = time.monotonic()
            assert wait_for(lambda: answered(browsers, back, 2), 60)
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
        assert reply.started < back, (report, reply)
        if reply.action == "api":
            assert json.loads(reply.text)["error"]["status"] == 503, (report, reply)
        else:
            # htmx shows the text in the flash area; a page says it in the error page.
            assert UNAVAILABLE in reply.text, (report, reply)
    assert [r for r in replies if r.ended < restarting], report
    after = [reply for reply in replies if reply.started > back]
    assert after and all(reply.ok for reply in after), report
    assert "Traceback" not in log
    # The readiness probe says which service is down, in its own JSON, and then that all is up.
    for reply in prober.replies:
        assert reply.status == 200 or (reply.status == 503 and json.loads(reply.text)["down"]
                                       == ["database"]), reply
    assert prober.replies[-1].status == 200
    assert set(half_written_rows(app).values()) == {0}, half_written_rows(app)
    stored = stored_claims(app, w["position"])
    assert sent_claims(browsers, acknowledged=True) <= stored
    assert stored - w["seeded"] <= sent_claims(browsers, acknowledged=False)


def test_redis_stopped_under_load_leaves_sign_in_working_and_limits_resume_on_redis(
        app, debate_under_load, tmp_path):
    # Redis holds only rate limits (and /readyz checks it): there are no live updates or jobs
    # to fall back from yet.
    if not os.environ.get("TEST_REDIS_URL"):
        pytest.skip("needs TEST_REDIS_URL, as CI's PostgreSQL run sets it")
    w = debate_under_load
    with app.app_context():
        names = [db.session.get(User, person).username for person in w["people"]]
    with gunicorn(tmp_path / "gunicorn.log") as server:
        browsers = signed_in_browsers(app, server, w["people"][:8])

        def sign_in_and_out(index: int, visitor: Browser, turn: int) -> None:
            # Each visit comes from a new address without a cookie, as people arriving.
            visitor.address, visitor.cookie = f"10.1.{index}.{turn % 250}", ""
            visitor.sign_in(names[8 + index], PASSWORD)
            visitor.send("account", "/account/")
            visitor.send("sign out", "/account/sign-out", {})

        visitors = [Browser(server.port, "") for _ in range(4)]
        stop = threading.Event()
        threads = [*keep_busy(browsers, rate_and_post(w), stop),
                   *keep_busy(visitors, sign_in_and_out, stop)]
        arriving = [Browser(server.port, f"10.2.0.{number}") for number in range(2)]
        try:
            assert wait_for(lambda: answered(browsers, 0), 60)
            with redis_stopped():
                stopped = time.monotonic()
                for browser, name in zip(arriving, names[12:], strict=False):
                    browser.sign_in(name, PASSWORD)
                    browser.send("account", "/account/")
                ready_during = Browser(server.port, "10.3.0.1").send("ready", "/readyz")
                time.sleep(max(0.0, stopped + 2 - time.monotonic()))
            # Each worker looks at Redis again after 1, 2, 4… seconds of counting in memory.
            resumed = wait_for(lambda: set() < workers_saying(server.log(), FALLBACK)
                               <= workers_saying(server.log(), RECOVERED), 30)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        log = server.log()
        ready_after = Browser(server.port, "10.3.0.2").send("ready", "/readyz")
        wrong = Browser(server.port, "10.3.0.3").sign_in(names[14], "not the password")
        limits_in_redis = Redis.from_url(os.environ["TEST_REDIS_URL"]).keys("LIMITS*")

    replies = [r for b in [*browsers, *visitors, *arriving] for r in b.replies]
    sign_ins = sum(reply.action == "sign in" for reply in replies)
    report = f"{len(replies)} requests, {sign_ins} of them sign-ins: {summary(replies)}"
    print(report)
    assert all(reply.ok for reply in replies), report
    assert [reply.status for b in arriving for reply in b.replies] == [303, 200] * 2
    # The requests that found Redis gone, each in its worker, are sign-ins that went through.
    fell_back = re.findall(rf"\[([\w-]+)\] flask-limiter: {FALLBACK}", log)
    assert fell_back, log
    for request_id in fell_back:
        assert f"[{request_id}] agora.requests: POST /account/sign-in 303" in log
    assert (ready_during.status, json.loads(ready_during.text)["down"]) == (503, ["redis"])
    assert resumed, log
    assert ready_after.status == 200
    assert wrong.status == 422
    # Redis came back empty: these are counts made after the workers went back to it.
    assert limits_in_redis, log
    assert "Traceback" not in log


def workers_saying(log: str, message: str) -> set[str]:
    """Return the ids of the processes whose log lines hold the message."""
    return set(re.findall(rf"\[(\d+)\] \w+ \[[\w-]+\] [\w.-]+: {message}", log))


def waiting_for_notifications(app) -> list[int]:
    """Return the client ports of the database connections waiting to write a notification."""
    with app.app_context():
        return list(db.session.scalars(text(
            "SELECT a.client_port FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
            "WHERE NOT l.granted AND l.relation = 'notifications'::regclass")))


def worker_using(server, ports: list[int]) -> int | None:
    """Find the worker one of whose database connections leaves from one of these ports."""
    for pid in server.workers():
        try:
            connections = psutil.Process(pid).net_connections(kind="tcp")
        except psutil.NoSuchProcess:
            continue
        if any(connection.laddr.port in ports for connection in connections):
            return pid
    return None


def test_a_worker_killed_mid_transaction_loses_nothing_committed_and_leaves_nothing_half_done(
        app, debate_under_load, tmp_path):
    w = debate_under_load
    with gunicorn(tmp_path / "gunicorn.log") as server:
        browsers = signed_in_browsers(app, server, w["people"])
        stop = threading.Event()
        threads = keep_busy(browsers, rate_and_post(w), stop)
        try:
            assert wait_for(lambda: answered(browsers, 0), 60)
            with app.app_context(), db.engine.connect() as blocker:
                # A reply inserts its argument, then tells the parent's author: holding the
                # notifications table stops replies between the two, uncommitted. The worker
                # killed is one serving such a reply.
                blocker.execute(text("LOCK TABLE notifications IN EXCLUSIVE MODE"))
                # Replies that committed before the lock have time to answer: only those
                # stopped halfway are on the line when the worker dies.
                time.sleep(0.5)
                victim = None
                for _ in range(100):
                    if victim := worker_using(server, waiting_for_notifications(app)):
                        break
                    time.sleep(0.1)
                assert victim, "no reply was waiting for the lock"
                os.kill(victim, signal.SIGKILL)
                killed = time.monotonic()
                time.sleep(0.3)
                blocker.rollback()
            assert wait_for(lambda: answered(browsers, killed + 0.5), 60)
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        log = server.log()

    replies = [r for b in browsers for r in b.replies]
    failed = [reply for reply in replies if not reply.ok]
    report = f"worker {victim} killed; {len(failed)} of {len(replies)} requests failed " \
             f"({summary(replies)})"
    print(report)
    # Only the requests that worker was serving fail: their connection drops with it.
    assert failed, report
    assert all(reply.status == 0 and reply.started < killed for reply in failed), report
    after = [reply for reply in replies if reply.started > killed + 0.5]
    assert after and all(reply.ok for reply in after), report
    # The replies it held were between their two inserts: neither was kept.
    cut_replies = {reply.form["claim"] for reply in failed
                   if reply.action == "post" and "parent=" in reply.path}
    stored = stored_claims(app, w["position"])
    assert cut_replies and not cut_replies & stored, report
    assert sent_claims(browsers, acknowledged=True) <= stored
    assert stored - w["seeded"] <= sent_claims(browsers, acknowledged=False)
    assert set(half_written_rows(app).values()) == {0}, half_written_rows(app)
    with app.app_context():
        unannounced = db.session.scalar(text("""
            SELECT count(*) FROM arguments a JOIN arguments p ON p.id = a.parent_id
            WHERE p.author_id <> a.author_id AND NOT EXISTS (
                SELECT 1 FROM notifications n WHERE n.argument_id = a.id)"""))
        ratings = {(user_id, argument_id): score for user_id, argument_id, score in
                   db.session.execute(select(Rating.user_id, Rating.argument_id, Rating.score))}
    assert unannounced == 0
    # Everyone always sends the same score: any other is a torn write, and a rating the
    # server acknowledged must be there.
    score_of = {person: index % 5 for index, person in enumerate(w["people"])}
    assert all(score == score_of[user_id] for (user_id, _), score in ratings.items())
    acknowledged = {(w["people"][index], int(reply.path.split("/")[2]))
                    for index, browser in enumerate(browsers) for reply in browser.replies
                    if reply.action == "rate" and reply.ok}
    assert acknowledged and acknowledged <= set(ratings)
    assert "Traceback" not in log
