"""Run a class's task through to the gradebook in Chromium, with JavaScript and without: the
student posts and watches their checklist, the teacher comments and marks, releases, the
student reads it, and the gradebook's CSV counts what happened."""

import csv
import io
from datetime import timedelta

import pytest
from playwright.sync_api import Browser, Page, expect

from app.classes.services import create_classroom, create_task, enrol, start_class_debate
from app.extensions import db
from app.models.columns import utcnow
from tests.factories import PASSWORD, make_material, make_position, make_user


def sign_in(page: Page, username: str) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_task_runs_from_progress_to_feedback_to_the_gradebook(
    browser: Browser, live_server, javascript: bool
):
    # The live server's database outlives one run: each run has people of its own.
    tess_name, sam_name = (f"{who}_{'js' if javascript else 'nojs'}" for who in ("tess", "sam"))
    with live_server.app.app_context():
        teacher = make_user(username=tess_name, display_name="Tess Teach")
        student = make_user(username=sam_name, display_name="Sam Pupil", is_managed=True)
        classroom = create_classroom(teacher, "Civics 9B", "Autumn 2026")
        enrol(classroom, student)
        debate = start_class_debate(classroom, teacher, make_material(), "Cameras", "Why?")
        position = make_position(debate, statement="Cameras make cities safer")
        task = create_task(classroom, teacher, debate, "Argue once",
                           utcnow() + timedelta(days=7), arguments_target=1)
        db.session.commit()
        ids = {"class": classroom.id, "task": task.id, "position": position.id,
               "student": student.id}
    base = f"/classes/{ids['class']}"

    def page_for(username: str) -> Page:
        page = browser.new_context(base_url=live_server.url,
                                   java_script_enabled=javascript).new_page()
        sign_in(page, username)
        return page

    pupil, tess = page_for(sam_name), page_for(tess_name)

    pupil.goto(f"{base}/tasks/{ids['task']}")
    expect(pupil.locator("#target-arguments")).to_contain_text("Arguments posted: 0/1")
    pupil.goto(f"/positions/{ids['position']}/arguments/new")
    pupil.get_by_label("For", exact=True).check()
    pupil.get_by_label("Claim").fill("Cameras deter bicycle thieves")
    pupil.get_by_role("button", name="Post the argument").click()
    expect(pupil.get_by_text("Cameras deter bicycle thieves")).to_be_visible()
    pupil.goto(f"{base}/tasks/{ids['task']}")
    expect(pupil.locator("#target-arguments")).to_contain_text("Arguments posted: 1/1 · done")

    # The teacher's grid shows it too; then a comment and a mark on that argument.
    tess.goto(f"{base}/tasks/{ids['task']}")
    expect(tess.locator(".task-grid tbody tr")).to_contain_text("1/1 · done")
    tess.goto(f"{base}/students/{ids['student']}/report")
    tess.get_by_label("On", exact=True).select_option(index=1)
    tess.get_by_label("Comment (only this student sees it, once released)").fill(
        "Good start: now answer an objection.")
    tess.get_by_label("Mark", exact=True).fill("3")
    tess.get_by_label("Out of").fill("4")
    tess.get_by_role("button", name="Save feedback").click()
    expect(tess.get_by_text("Feedback saved")).to_be_visible()

    pupil.goto(f"{base}/feedback")
    expect(pupil.get_by_text("No feedback released to you yet.")).to_be_visible()

    tess.goto(f"{base}/gradebook")
    tess.get_by_role("button", name="Release feedback to the students").click()
    expect(tess.get_by_text("1 feedback released; the students are told.")).to_be_visible()

    pupil.goto(f"{base}/feedback")
    expect(pupil.get_by_text("Good start: now answer an objection.")).to_be_visible()
    expect(pupil.get_by_text("Mark: 3/4")).to_be_visible()

    answer = tess.context.request.get(f"{live_server.url}{base}/gradebook.csv")
    assert answer.ok
    text = answer.body().decode("utf-8")
    assert text.startswith("\ufeff")
    rows = {row["username"]: row for row in csv.DictReader(io.StringIO(text[1:]))}
    assert rows[sam_name]["arguments_for"] == "1"
    assert rows[sam_name]["arguments_against"] == "0"
    assert rows[sam_name]["marks"] == "3/4"
