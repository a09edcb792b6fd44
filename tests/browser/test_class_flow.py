"""Run a class in Chromium: a teacher makes it, pastes a roster of 30, prints the cards and
downloads them; two students sign in with their one-time passwords and choose their own; the
teacher copies a debate for the class and gives a student a side, which the student keeps to."""

import csv
import io

from playwright.sync_api import Browser, Page, expect
from sqlalchemy import func, select

from app.auth.services import register_user
from app.demo import read_demo
from app.extensions import db
from app.models import Debate
from tests.browser.conftest import PASSWORD

ROSTER = "\n".join(f"Pupil {chr(65 + n // 10)}{n % 10} Lane" for n in range(30))
FIRST_PASSWORDS = ("amber lantern seven", "quiet otter river")


def sign_in(page: Page, username: str, password: str) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()


def test_a_teacher_makes_a_class_of_30_and_two_students_choose_their_passwords(
    browser: Browser, live_server
):
    with live_server.app.app_context():
        register_user("flow_teacher", "Tess Teacher", PASSWORD)
        db.session.commit()
    teacher = browser.new_context(base_url=live_server.url, accept_downloads=True).new_page()
    sign_in(teacher, "flow_teacher", PASSWORD)
    teacher.get_by_role("link", name="Classes", exact=True).click()
    teacher.get_by_role("link", name="New class").click()
    # The page focuses its first field once settled: typing before that lands in it.
    expect(teacher.get_by_label("Class name")).to_be_focused()
    teacher.get_by_label("Class name").fill("Civics 9B")
    teacher.get_by_label("Term").fill("Autumn 2026")
    teacher.get_by_role("button", name="Make the class").click()
    expect(teacher.get_by_role("heading", name="Civics 9B")).to_be_visible()
    expect(teacher.locator("img.join-qr")).to_be_visible()

    teacher.get_by_label("Students’ names").fill(ROSTER)
    teacher.get_by_role("button", name="Make class accounts").click()
    expect(teacher.locator(".sign-in-card")).to_have_count(30)
    # On paper: ten cards to an A4 sheet, each sheet its own page, without the page's controls.
    teacher.emulate_media(media="print")
    expect(teacher.locator(".card-sheet")).to_have_count(3)
    expect(teacher.locator(".card-sheet").first).to_have_css("break-after", "page")
    expect(teacher.get_by_role("button", name="Download as CSV")).to_be_hidden()
    teacher.emulate_media(media="screen")
    cards = list(zip(teacher.locator(".card-username").all_inner_texts(),
                     teacher.locator(".card-password").all_inner_texts(), strict=True))

    with teacher.expect_download() as download:
        teacher.get_by_role("button", name="Download as CSV").click()
    text = download.value.path().read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert len(rows) == 31 and [row[1:3] for row in rows[1:]] == [list(c) for c in cards]

    students = []
    for (username, password), chosen in zip(cards[:2], FIRST_PASSWORDS, strict=True):
        student = browser.new_context(base_url=live_server.url).new_page()
        students.append(student)
        sign_in(student, username, password)
        expect(student.get_by_label("Password from your card")).to_be_focused()
        student.get_by_label("Password from your card").fill(password)
        student.get_by_label("Your new password", exact=True).fill(chosen)
        student.get_by_label("Your new password again").fill(chosen)
        student.get_by_role("button", name="Set my password").click()
        expect(student.get_by_text("Your password is set.")).to_be_visible()
        student.get_by_role("link", name="Civics 9B").click()
        expect(student.get_by_role("heading", name="Civics 9B")).to_be_visible()
        # A student sees no roster and no tools of the teacher.
        expect(student.get_by_role("heading", name="Students")).to_have_count(0)

    # Back on the class page the passwords are gone; 28 students have yet to sign in.
    teacher.get_by_role("link", name="Civics 9B").click()
    expect(teacher.locator(".roster tbody tr")).to_have_count(30)
    expect(teacher.get_by_text("not signed in yet")).to_have_count(28)
    assert cards[2][1] not in teacher.content()

    # A class debate copied from the demo; the first student must argue Against.
    teacher.get_by_role("link", name="New class debate").click()
    teacher.get_by_label("Debate to copy").select_option(label=read_demo()["debate"]["title"])
    teacher.get_by_role("button", name="Copy the debate").click()
    expect(teacher.get_by_role("heading", name="Sides in")).to_be_visible()
    with live_server.app.app_context():
        debate = db.session.get(Debate, db.session.scalar(select(func.max(Debate.id))))
        position_id, statement = debate.positions[0].id, debate.positions[0].statement
    first_name = teacher.locator(".sides tbody th").first.inner_text()
    teacher.locator(".sides tbody tr").first.locator("select").first.select_option("con")
    teacher.get_by_role("button", name="Save the sides").click()
    expect(teacher.get_by_text("1 side assigned.")).to_be_visible()

    student = next(page for page in students
                   if first_name in page.locator(".who").inner_text())
    student.get_by_role("link", name="Classes", exact=True).click()
    student.get_by_role("link", name="Civics 9B").click()
    expect(student.get_by_text(f"you argue Against: {statement}")).to_be_visible()
    student.goto(f"/positions/{position_id}/arguments/new")
    student.get_by_label("For", exact=True).check()
    student.get_by_label("Claim").fill("Cameras are worth their price in every town")
    student.get_by_role("button", name="Post the argument").click()
    expect(student.get_by_text("In this class debate you argue Against this position")
           ).to_be_visible()
    student.get_by_label("Against", exact=True).check()
    student.get_by_role("button", name="Post the argument").click()
    expect(student.get_by_text("Cameras are worth their price in every town")).to_be_visible()
