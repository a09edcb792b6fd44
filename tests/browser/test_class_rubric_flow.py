"""Mark a class's work on a rubric in Chromium, with JavaScript and without: the teacher sets
three criteria, reorders them, marks a student's argument on each, releases, and the student
reads the criterion marks; the gradebook's CSV has a column per criterion."""

import csv
import io

import pytest
from playwright.sync_api import Browser, Page, expect

from app.arguments.services import post_argument
from app.classes.services import create_classroom, enrol, start_class_debate
from app.extensions import db
from app.models import Side
from tests.browser.test_class_feedback_flow import sign_in
from tests.factories import make_material, make_position, make_user


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_teacher_marks_on_a_rubric_and_the_student_reads_each_criterion(
    browser: Browser, live_server, javascript: bool
):
    suffix = "js" if javascript else "nojs"
    teacher_name, student_name = f"rita_{suffix}", f"ravi_{suffix}"
    with live_server.app.app_context():
        teacher = make_user(username=teacher_name, display_name="Rita Teach")
        student = make_user(username=student_name, display_name="Ravi Pupil", is_managed=True)
        classroom = create_classroom(teacher, "Civics 10A", "Spring 2027")
        enrol(classroom, student)
        debate = start_class_debate(classroom, teacher, make_material(), "Curfews", "Why?")
        position = make_position(debate, statement="Curfews keep teenagers safe")
        post_argument(position, student, Side.CON, "Curfews punish everyone for a few")
        db.session.commit()
        ids = {"class": classroom.id, "student": student.id}
    base = f"/classes/{ids['class']}"

    def page_for(username: str) -> Page:
        page = browser.new_context(base_url=live_server.url,
                                   java_script_enabled=javascript).new_page()
        sign_in(page, username)
        return page

    rita, ravi = page_for(teacher_name), page_for(student_name)

    rita.goto(base)
    rita.get_by_role("link", name="Rubric", exact=True).click()
    expect(rita.get_by_text("No criteria yet")).to_be_visible()
    for name, most in (("Clear claim", "4"), ("Evidence", "5"), ("Rebuttal", "3")):
        rita.get_by_label("Criterion", exact=True).fill(name)
        rita.get_by_label("Out of", exact=True).fill(most)
        rita.get_by_role("button", name="Add the criterion").click()
        expect(rita.get_by_text(f"“{name}” is added to the rubric.")).to_be_visible()
    # Answering the other side matters most: it goes first, and gets a plainer name.
    rita.get_by_role("button", name="Move “Rebuttal” up").click()
    expect(rita.get_by_label("Criterion 2", exact=True)).to_have_value("Rebuttal")
    rita.get_by_role("button", name="Move “Rebuttal” up").click()
    expect(rita.get_by_label("Criterion 1", exact=True)).to_have_value("Rebuttal")
    rita.get_by_label("Criterion 1", exact=True).fill("Answers the other side")
    rita.get_by_role("button", name="Save “Rebuttal”").click()
    expect(rita.get_by_text("“Answers the other side” is saved.")).to_be_visible()
    expect(rita.get_by_label("Criterion 2", exact=True)).to_have_value("Clear claim")

    rita.goto(f"{base}/students/{ids['student']}/report")
    rita.get_by_label("On", exact=True).select_option(index=1)
    rita.get_by_label("Comment (only this student sees it, once released)").fill(
        "A sharp objection; back it with a source.")
    rita.get_by_label("Answers the other side, out of 3").fill("3")
    rita.get_by_label("Clear claim, out of 4").fill("4")
    # The browser itself keeps each mark between 0 and the criterion's maximum.
    expect(rita.get_by_label("Evidence, out of 5")).to_have_attribute("max", "5")
    expect(rita.get_by_label("Evidence, out of 5")).to_have_attribute("min", "0")
    rita.get_by_label("Evidence, out of 5").fill("1")
    rita.get_by_role("button", name="Save feedback").click()
    expect(rita.get_by_text("Feedback saved")).to_be_visible()
    expect(rita.locator(".criterion-marks")).to_contain_text("Answers the other side: 3/3")

    ravi.goto(f"{base}/feedback")
    expect(ravi.get_by_text("No feedback released to you yet.")).to_be_visible()
    expect(ravi.get_by_text("Evidence: 1/5")).to_have_count(0)

    rita.goto(f"{base}/gradebook")
    rita.get_by_role("button", name="Release feedback to the students").click()
    expect(rita.get_by_text("1 feedback released; the students are told.")).to_be_visible()

    ravi.goto(f"{base}/feedback")
    expect(ravi.get_by_text("A sharp objection; back it with a source.")).to_be_visible()
    marks = ravi.locator(".criterion-marks li")
    expect(marks).to_have_text(["Answers the other side: 3/3", "Clear claim: 4/4",
                                "Evidence: 1/5"])
    expect(ravi.get_by_role("heading", name="Your rubric marks, added up")).to_be_visible()

    answer = rita.context.request.get(f"{live_server.url}{base}/gradebook.csv")
    assert answer.ok
    rows = {row["username"]: row
            for row in csv.DictReader(io.StringIO(answer.body().decode("utf-8")[1:]))}
    assert rows[student_name]["rubric: Answers the other side"] == "3/3"
    assert rows[student_name]["rubric: Evidence"] == "1/5"

