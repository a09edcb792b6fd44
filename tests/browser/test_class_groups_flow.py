"""Split a class into small groups in Chromium, with JavaScript and without: the teacher splits
the class at random, reads the groups side by side, gives one group a side and opens a
group's debate; a student of that group finds only their own group's debate."""

import pytest
from playwright.sync_api import Browser, Page, expect
from sqlalchemy import select

from app.classes.services import create_classroom, enrol
from app.extensions import db
from app.models import ClassGroup, GroupSplit
from tests.factories import PASSWORD, make_debate, make_position, make_user


def sign_in(page: Page, username: str) -> None:
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


@pytest.mark.parametrize("javascript", [True, False], ids=["with JS", "without JS"])
def test_a_teacher_splits_a_class_at_random_and_opens_a_group_s_debate(
    browser: Browser, live_server, javascript: bool
):
    # The live server's database outlives one run: each run has people of its own.
    run = "js" if javascript else "nojs"
    with live_server.app.app_context():
        teacher = make_user(username=f"gina_{run}", display_name="Gina Teach")
        pupils = [make_user(username=f"pupil{n}_{run}", display_name=f"Pupil {n} {run}",
                            is_managed=True) for n in range(6)]
        classroom = create_classroom(teacher, f"Civics groups {run}", "Autumn 2026")
        for pupil in pupils:
            enrol(classroom, pupil)
        template = make_debate(owner=teacher, title=f"Parks at night {run}")
        make_position(template, statement="Parks should stay open at night")
        db.session.commit()
        class_id = classroom.id

    def page_for(username: str) -> Page:
        page = browser.new_context(base_url=live_server.url,
                                   java_script_enabled=javascript).new_page()
        sign_in(page, username)
        return page

    gina = page_for(f"gina_{run}")
    gina.goto(f"/classes/{class_id}")
    gina.get_by_role("link", name="Small groups").click()
    expect(gina.get_by_text("The class is not split into groups yet.")).to_be_visible()
    gina.get_by_role("link", name="Split into groups").click()
    gina.get_by_label("Debate each group gets a copy of").select_option(
        label=f"Parks at night {run}")
    gina.get_by_label("At random, into groups of balanced sizes").check()
    # The browser checks the number first; the server checks it again (tests/test_class_groups).
    expect(gina.get_by_label("Number of groups (at random)")).to_have_attribute("min", "2")
    gina.get_by_label("Number of groups (at random)").fill("3")
    gina.get_by_role("button", name="Split the class").click()

    expect(gina.get_by_role("heading", name=f"Groups in “Parks at night {run}”")).to_be_visible()
    expect(gina.get_by_text("The class is split into 3 groups")).to_be_visible()
    rows = gina.locator(".groups-grid tbody tr")
    expect(rows).to_have_count(3)
    for number in range(3):
        # Two students a group, named for the teacher.
        expect(rows.nth(number).locator("td").first).to_contain_text(run)
        expect(rows.nth(number).locator(".arguments-for")).to_have_text("0")

    side = gina.get_by_role("combobox", name="Group 2 Parks should stay open at night")
    side.select_option("con")
    gina.get_by_role("button", name="Save the sides").click()
    expect(gina.get_by_text("2 sides assigned.")).to_be_visible()
    expect(side).to_have_value("con")

    gina.get_by_role("link", name="Open the debate of Group 2").click()
    expect(gina.get_by_role("heading", name=f"Parks at night {run} · Group 2")).to_be_visible()

    with live_server.app.app_context():
        group = db.session.scalar(select(ClassGroup).join(GroupSplit).where(
            GroupSplit.classroom_id == class_id, ClassGroup.name == "Group 2"))
        member = group.members[0].user.username
    student = page_for(member)
    student.goto(f"/classes/{class_id}")
    expect(student.get_by_text("your group: Group 2")).to_be_visible()
    expect(student.get_by_role("link", name=f"Parks at night {run} · Group 1")).to_have_count(0)
    expect(student.get_by_text("you argue Against: Parks should stay open at night")
           ).to_be_visible()


def test_a_teacher_splits_a_class_from_a_csv_file_after_fixing_an_unknown_name(
    browser: Browser, live_server, tmp_path
):
    with live_server.app.app_context():
        teacher = make_user(username="hana_csv", display_name="Hana Teach")
        pupils = [make_user(username=f"csv_pupil{n}", display_name=f"Csv Pupil {n}",
                            is_managed=True) for n in range(4)]
        classroom = create_classroom(teacher, "Civics from a table", "Autumn 2026")
        for pupil in pupils:
            enrol(classroom, pupil)
        template = make_debate(owner=teacher, title="Bikes on pavements")
        make_position(template, statement="Bikes belong on the road")
        db.session.commit()
        class_id = classroom.id
    wrong, right = tmp_path / "wrong.csv", tmp_path / "right.csv"
    wrong.write_text("name,group\nCsv Pupil 0,Red\nCsv Pupil 9,Blue\n", encoding="utf-8")
    right.write_text("username,group\ncsv_pupil0,Red\ncsv_pupil1,Red\ncsv_pupil2,Blue\n"
                     "csv_pupil3,Blue\n", encoding="utf-8")
    hana = browser.new_context(base_url=live_server.url).new_page()
    sign_in(hana, "hana_csv")
    hana.goto(f"/classes/{class_id}/groups/new")
    hana.get_by_label("Debate each group gets a copy of").select_option(
        label="Bikes on pavements")
    hana.get_by_label("From a CSV file with a name or username column").check()
    hana.get_by_label("CSV file (from a file)").set_input_files(wrong)
    hana.get_by_role("button", name="Split the class").click()
    expect(hana.locator("#csv_file-error")).to_contain_text("row 3 (“Csv Pupil 9”)")
    hana.get_by_label("CSV file (from a file)").set_input_files(right)
    hana.get_by_role("button", name="Split the class").click()
    expect(hana.get_by_role("heading", name="Groups in “Bikes on pavements”")).to_be_visible()
    rows = hana.locator(".groups-grid tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Blue")
    expect(rows.first).to_contain_text("Csv Pupil 2, Csv Pupil 3")
