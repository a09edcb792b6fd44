"""Serve Agora on a real port with the demo loaded, and drive Debian's Chromium against it."""

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect
from sqlalchemy import inspect
from werkzeug.serving import make_server

from app import create_app
from app.demo import load_demo
from app.extensions import db, limiter
from config import TestConfig

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_TESTS = Path(__file__).resolve().parent
# Installed by `make test` (npm ci) from the pinned package-lock.json at the project's root.
AXE = BROWSER_TESTS.parents[1] / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "correct horse battery"


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    """Mark the tests in this folder `browser`; skip them, or refuse to run, without Chromium."""
    # tryfirst: the marker must be there before `-m browser` / `-m "not browser"` selects.
    ours = [item for item in items if item.path.is_relative_to(BROWSER_TESTS)]
    for item in ours:
        item.add_marker(pytest.mark.browser)
    checked = [item for item in ours if "axe" in getattr(item, "fixturenames", ())]
    if checked and not AXE.exists():
        if os.environ.get("REQUIRE_BROWSER") == "1":
            raise pytest.UsageError(
                f"REQUIRE_BROWSER=1 but {AXE} is missing: npm ci (make test runs it)"
            )
        skip = pytest.mark.skip(reason=f"{AXE} is missing (npm ci)")
        for item in checked:
            item.add_marker(skip)
    if not ours or CHROMIUM.exists():
        return
    if os.environ.get("REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(
            f"REQUIRE_BROWSER=1 but {CHROMIUM} is missing: apt-get install chromium"
        )
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is missing (apt-get install chromium)")
    for item in ours:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: Playwright's own builds cannot be downloaded here."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        # --no-sandbox because the suite runs as root; the rest keep Chromium off the network.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@dataclass
class LiveServer:
    """The address of the running app, and the app itself for reading its database."""

    url: str
    app: Flask


def empty_tables() -> None:
    """Delete every row, children first, from the tables that exist."""
    # On a shared PostgreSQL database the main suite's session fixture may already have
    # dropped the tables by the time this server is torn down.
    existing = set(inspect(db.engine).get_table_names())
    for table in reversed(db.metadata.sorted_tables):
        if table.name in existing:
            db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Serve the app with the demo loaded and CSRF on, on a free port of 127.0.0.1."""
    database = os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('live-server') / 'agora.sqlite'}"
    )
    config = type(
        "LiveServerConfig",
        (TestConfig,),
        {"SQLALCHEMY_DATABASE_URI": database, "WTF_CSRF_ENABLED": True},
    )
    app = create_app(config)
    with app.app_context():
        db.create_all()
        empty_tables()
        load_demo()
        db.session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.port}", app=app)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        # The main suite shares TEST_DATABASE_URL and expects to find it empty.
        with app.app_context():
            empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="session")
def base_url(live_server):
    """Let pages open paths such as "/account/sign-up" on the live server."""
    return live_server.url


@pytest.fixture(autouse=True)
def _close_own_contexts(browser):
    """Close the browser contexts a test opened itself once it ends (Playwright closes its own
    page's): a live evening's projector or phone left open would go on polling the server,
    into the next tests' logs."""
    yield
    for context in browser.contexts:
        context.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Give every test the sign-up and sign-in allowance of a new visitor."""
    limiter.reset()


@pytest.fixture
def sign_up(live_server) -> Callable[[Page, str], str]:
    """Return a function that signs up through the real form and waits for the home page."""

    def sign_up(page: Page, username: str) -> str:
        display_name = username.replace("_", " ").title()
        page.goto("/account/sign-up")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Display name").fill(display_name)
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_label("Repeat the password").fill(PASSWORD)
        page.get_by_role("button", name="Create account").click()
        expect(page).to_have_url(f"{live_server.url}/")
        expect(page.get_by_text(f"Welcome to Agora, {display_name}.")).to_be_visible()
        return display_name

    return sign_up


def describe_violations(violations: list[dict]) -> str:
    """Say which axe rules failed, on which elements, in lines a person can act on."""
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {target}  {summary}")
    return "\n".join(lines)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """Read axe-core's bundle once."""
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def axe(axe_source) -> Callable[[Page, str], str]:
    """Return a function that runs axe-core on the page and describes its violations, if any."""

    def check(page: Page, where: str) -> str:
        page.wait_for_load_state("load")
        # evaluate() runs outside the page's CSP, which rightly refuses injected scripts.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(axe_source)
        results = page.evaluate(
            """async () => {
              const results = await window.axe.run(document, {
                resultTypes: ["violations"],
                runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                "wcag22aa", "best-practice"]},
              });
              return results.violations;
            }"""
        )
        if not results:
            return ""
        return f"{where} ({page.url}):\n{describe_violations(results)}"

    return check
