"""Check a class's rubric: its teachers name up to five criteria with their own maximum, mark
feedback on each, and students read those marks once released; the gradebook, its CSV and the
report add them up per criterion."""

import csv
import io
import json

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.classes.rubrics import add_criterion
from app.extensions import db
from app.models import (
    Argument,
    Classroom,
    CriterionMark,
    Feedback,
    RubricCriterion,
    User,
)
from app.models.columns import utcnow
from tests.pages import field_error, snapshot
from tests.test_class_gradebook import client_for, graded_class

FORMULA = '=HYPERLINK("http://x")'


def rubric_names(app, classroom_id: int) -> list[tuple[str, int, int]]:
    with app.app_context():
        return [tuple(row) for row in db.session.execute(
            select(RubricCriterion.name, RubricCriterion.max_mark, RubricCriterion.position)
            .where(RubricCriterion.classroom_id == classroom_id)
            .order_by(RubricCriterion.position))]


def criterion_ids(app, classroom_id: int) -> dict[str, int]:
    with app.app_context():
        return dict(db.session.execute(
            select(RubricCriterion.name, RubricCriterion.id)
            .where(RubricCriterion.classroom_id == classroom_id)).all())


def with_rubric(app, w: dict, criteria=(("Claim", 4), ("Evidence", 5), ("Rebuttal", 3))
                ) -> dict[str, int]:
    """Give the class a rubric through its services, and return the criteria's ids by name."""
    with app.app_context():
        classroom = db.session.get(Classroom, w["classroom"])
        teacher = db.session.get(User, w["teacher"])
        for name, most in criteria:
            add_criterion(classroom, teacher, name, most)
        db.session.commit()
    return criterion_ids(app, w["classroom"])


def first_argument(app, student_id: int) -> int:
    with app.app_context():
        return db.session.scalar(select(Argument.id).where(Argument.author_id == student_id)
                                 .order_by(Argument.id))


def test_a_teacher_builds_a_rubric_of_five_criteria_and_a_sixth_is_refused(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    url = f"/classes/{w['classroom']}/rubric"
    page = teacher.get(url).get_data(as_text=True)
    assert "No criteria yet" in page and "Add the criterion" in page
    for name, most in (("Claim", "4"), ("Evidence", "5"), ("Rebuttal", "3"), ("Clarity", "2"),
                       ("Sources", "10")):
        response = teacher.post(url, data={"name": name, "max_mark": most})
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
    assert rubric_names(app, w["classroom"]) == [
        ("Claim", 4, 1), ("Evidence", 5, 2), ("Rebuttal", 3, 3), ("Clarity", 2, 4),
        ("Sources", 10, 5)]
    page = teacher.get(url).get_data(as_text=True)
    assert "the most it can; remove one to add another" in page
    assert 'id="add-criterion"' not in page
    before = snapshot(app)

    response = teacher.post(url, data={"name": "Tone", "max_mark": "4"})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "name") == (
        "A rubric has at most 5 criteria; remove one before adding another.")
    assert snapshot(app) == before


@pytest.mark.parametrize(("data", "field", "words"), [
    ({"name": "", "max_mark": "4"}, "name", "Name the criterion."),
    ({"name": "   ", "max_mark": "4"}, "name", "Name the criterion."),
    ({"name": "x" * 61, "max_mark": "4"}, "name",
     "Keep the criterion’s name to 60 characters."),
    ({"name": "Clai\x00m", "max_mark": "4"}, "name", "invisible control character (U+0000)"),
    ({"name": "Clai\x1bm", "max_mark": "4"}, "name", "invisible control character (U+001B)"),
    ({"name": "EVIDENCE", "max_mark": "4"}, "name",
     "The rubric already has a criterion called “Evidence”."),
    ({"name": " evidence ", "max_mark": "4"}, "name",
     "The rubric already has a criterion called “Evidence”."),
    ({"name": "Tone", "max_mark": "0"}, "max_mark", "Mark a criterion out of 1 to 100."),
    ({"name": "Tone", "max_mark": "101"}, "max_mark", "Mark a criterion out of 1 to 100."),
    ({"name": "Tone", "max_mark": "-3"}, "max_mark", "Mark a criterion out of 1 to 100."),
    ({"name": "Tone", "max_mark": "four"}, "max_mark", "Not a valid integer value."),
    ({"name": "Tone", "max_mark": ""}, "max_mark", "Give a number."),
], ids=["empty", "blank", "too long", "nul", "escape", "same name", "same name spaced",
        "out of 0", "out of 101", "negative", "not a number", "no number"])
def test_a_bad_criterion_is_refused_beside_its_field_and_nothing_is_saved(app, data, field,
                                                                          words):
    w = graded_class(app)
    with_rubric(app, w, (("Evidence", 5),))
    teacher = client_for(app, w["teacher"])
    before = snapshot(app)

    response = teacher.post(f"/classes/{w['classroom']}/rubric", data=data)

    assert response.status_code == 422
    assert words in (field_error(response.get_data(as_text=True), field) or "")
    assert snapshot(app) == before


def test_a_criterion_is_renamed_given_a_new_maximum_and_moved(app):
    w = graded_class(app)
    ids = with_rubric(app, w)
    teacher = client_for(app, w["teacher"])
    base = f"/classes/{w['classroom']}/rubric"
    prefix = f"criterion-{ids['Evidence']}"

    response = teacher.post(f"{base}/{ids['Evidence']}", data={
        f"{prefix}-name": "Use of evidence", f"{prefix}-max_mark": "6"})

    assert response.status_code == 303
    assert teacher.post(f"{base}/{ids['Rebuttal']}/move",
                        data={"direction": "up"}).status_code == 303
    assert teacher.post(f"{base}/{ids['Claim']}/move",
                        data={"direction": "down"}).status_code == 303
    assert rubric_names(app, w["classroom"]) == [
        ("Rebuttal", 3, 1), ("Claim", 4, 2), ("Use of evidence", 6, 3)]
    page = teacher.get(base).get_data(as_text=True)
    assert (page.index('value="Rebuttal"') < page.index('value="Claim"')
            < page.index('value="Use of evidence"'))
    assert "Move “Rebuttal” up" not in page and "Move “Use of evidence” down" not in page
    before = snapshot(app)
    # Renamed as another criterion, or moved past either end: refused, nothing changes.
    response = teacher.post(f"{base}/{ids['Claim']}", data={
        f"criterion-{ids['Claim']}-name": "rebuttal", f"criterion-{ids['Claim']}-max_mark": "4"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), f"criterion-{ids['Claim']}-name") == (
        "The rubric already has a criterion called “Rebuttal”.")
    response = teacher.post(f"{base}/{ids['Claim']}", data={
        f"criterion-{ids['Claim']}-name": "Claim", f"criterion-{ids['Claim']}-max_mark": "x"})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True),
                       f"criterion-{ids['Claim']}-max_mark") == "Not a valid integer value."
    assert teacher.post(f"{base}/{ids['Rebuttal']}/move",
                        data={"direction": "up"}).status_code == 409
    assert teacher.post(f"{base}/{ids['Claim']}/move",
                        data={"direction": "sideways"}).status_code == 422
    assert snapshot(app) == before


def test_a_criterion_of_another_class_is_not_found(app):
    w = graded_class(app)
    other = graded_class(app, code="KMNPQRTU")
    theirs = with_rubric(app, other, (("Claim", 4),))["Claim"]
    teacher = client_for(app, w["teacher"])
    base = f"/classes/{w['classroom']}/rubric/{theirs}"
    assert teacher.post(base, data={f"criterion-{theirs}-name": "Mine",
                                    f"criterion-{theirs}-max_mark": "4"}).status_code == 404
    assert teacher.post(f"{base}/move", data={"direction": "down"}).status_code == 404
    assert teacher.get(f"{base}/remove").status_code == 404
    assert rubric_names(app, other["classroom"]) == [("Claim", 4, 1)]


def test_feedback_with_a_rubric_marks_each_criterion_and_students_read_them_once_released(app):
    w = graded_class(app)
    ids = with_rubric(app, w)
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    report_url = f"/classes/{w['classroom']}/students/{student_id}/report"
    form = teacher.get(report_url).get_data(as_text=True)
    assert "Claim, out of 4" in form and "Evidence, out of 5" in form
    assert "Rebuttal, out of 3" in form
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    argument = first_argument(app, student_id)

    # On one argument, two criteria marked and one left blank, no comment nor single mark.
    assert teacher.post(url, data={
        "argument": str(argument), "comment": "", "mark": "", "out_of": "4",
        f"criterion_{ids['Claim']}": "3", f"criterion_{ids['Evidence']}": "5",
        f"criterion_{ids['Rebuttal']}": ""}).status_code == 303
    # On the work as a whole: every criterion, a comment and a single mark too.
    assert teacher.post(url, data={
        "argument": "0", "comment": "Well defended.", "mark": "7", "out_of": "10",
        f"criterion_{ids['Claim']}": "2", f"criterion_{ids['Evidence']}": "0",
        f"criterion_{ids['Rebuttal']}": "3"}).status_code == 303

    report = teacher.get(report_url).get_data(as_text=True)
    assert "Claim: 3/4" in report and "Evidence: 5/5" in report and "Rebuttal: 3/3" in report
    assert f'id="criterion-total-{ids["Claim"]}">5/8' in report
    assert "(mean 2.5 of 2 marks)" in report
    assert f'id="criterion-total-{ids["Rebuttal"]}">3/3' in report
    student = client_for(app, student_id)
    page = student.get(f"/classes/{w['classroom']}/feedback").get_data(as_text=True)
    assert "Claim: 3/4" not in page and "Your rubric marks" not in page
    assert "No feedback released to you yet." in page

    assert teacher.post(f"/classes/{w['classroom']}/feedback/release").status_code == 303

    page = student.get(f"/classes/{w['classroom']}/feedback").get_data(as_text=True)
    assert "Claim: 3/4" in page and "Evidence: 0/5" in page and "Rebuttal: 3/3" in page
    assert "Your rubric marks, added up" in page
    assert f'id="criterion-total-{ids["Evidence"]}">5/10' in page
    assert "Mark: 7/10" in page and "Well defended." in page
    other = client_for(app, w["students"][1])
    assert "Claim: 3/4" not in other.get(f"/classes/{w['classroom']}/feedback").get_data(
        as_text=True)


def test_criterion_marks_given_after_a_release_wait_for_the_next_one(app):
    w = graded_class(app)
    ids = with_rubric(app, w, (("Claim", 4),))
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    teacher.post(url, data={"argument": "0", "out_of": "4", f"criterion_{ids['Claim']}": "1"})
    teacher.post(f"/classes/{w['classroom']}/feedback/release")
    teacher.post(url, data={"argument": "0", "out_of": "4", f"criterion_{ids['Claim']}": "4"})

    page = client_for(app, student_id).get(f"/classes/{w['classroom']}/feedback").get_data(
        as_text=True)

    assert "Claim: 1/4" in page and "Claim: 4/4" not in page
    assert f'id="criterion-total-{ids["Claim"]}">1/4' in page


@pytest.mark.parametrize(("value", "words"), [
    ("5", "Give a mark from 0 to 4."),
    ("-1", "Give a mark from 0 to 4."),
    ("three", "Not a valid integer value."),
    ("2.5", "Not a valid integer value."),
])
def test_a_bad_criterion_mark_is_refused_beside_it_and_nothing_is_saved(app, value, words):
    w = graded_class(app)
    ids = with_rubric(app, w)
    teacher = client_for(app, w["teacher"])
    url = f"/classes/{w['classroom']}/students/{w['students'][0]}/feedback"
    before = snapshot(app)

    response = teacher.post(url, data={
        "argument": "0", "comment": "Good", "mark": "", "out_of": "4",
        f"criterion_{ids['Claim']}": value, f"criterion_{ids['Evidence']}": "2"})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), f"criterion_{ids['Claim']}") == words
    assert snapshot(app) == before


def test_feedback_of_blank_criteria_only_asks_for_something(app):
    w = graded_class(app)
    ids = with_rubric(app, w)
    teacher = client_for(app, w["teacher"])
    before = snapshot(app)

    response = teacher.post(
        f"/classes/{w['classroom']}/students/{w['students'][0]}/feedback",
        data={"argument": "0", "comment": "", "mark": "", "out_of": "4",
              **{f"criterion_{i}": "" for i in ids.values()}})

    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "comment") == (
        "Write a comment, give a mark, or both.")
    assert snapshot(app) == before


def test_without_a_rubric_feedback_asks_for_the_single_mark_only(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    page = teacher.get(f"/classes/{w['classroom']}/students/{student_id}/report").get_data(
        as_text=True)
    assert "rubric-marks" not in page and "Rubric:" not in page
    assert teacher.post(f"/classes/{w['classroom']}/students/{student_id}/feedback", data={
        "argument": "0", "comment": "Fine", "mark": "3", "out_of": "4"}).status_code == 303
    text = teacher.get(f"/classes/{w['classroom']}/gradebook.csv").data.decode("utf-8")
    header = next(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert header[-1] == "marks"


def test_a_new_maximum_leaves_the_marks_already_given_as_they_were(app):
    w = graded_class(app)
    ids = with_rubric(app, w, (("Claim", 4),))
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    teacher.post(url, data={"argument": "0", "out_of": "4", f"criterion_{ids['Claim']}": "4"})
    prefix = f"criterion-{ids['Claim']}"
    assert teacher.post(f"/classes/{w['classroom']}/rubric/{ids['Claim']}", data={
        f"{prefix}-name": "Claim", f"{prefix}-max_mark": "2"}).status_code == 303

    report = teacher.get(f"/classes/{w['classroom']}/students/{student_id}/report")

    assert "Claim: 4/4" in report.get_data(as_text=True)
    assert "Claim, out of 2" in report.get_data(as_text=True)
    assert teacher.post(url, data={"argument": "0", "out_of": "4",
                                   f"criterion_{ids['Claim']}": "3"}).status_code == 422


def test_removing_a_criterion_without_marks_takes_one_press(app):
    w = graded_class(app)
    ids = with_rubric(app, w)
    teacher = client_for(app, w["teacher"])
    page = teacher.get(f"/classes/{w['classroom']}/rubric").get_data(as_text=True)
    assert "Remove “Claim”…" not in page and "Remove “Claim”" in page

    response = teacher.post(f"/classes/{w['classroom']}/rubric/{ids['Claim']}/remove")

    assert response.status_code == 303
    assert rubric_names(app, w["classroom"]) == [("Evidence", 5, 1), ("Rebuttal", 3, 2)]


def test_removing_a_criterion_with_marks_says_what_goes_and_waits_for_the_box(app):
    w = graded_class(app)
    ids = with_rubric(app, w)
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    claim, evidence = f"criterion_{ids['Claim']}", f"criterion_{ids['Evidence']}"
    # Three feedback marked on Claim: one with a comment, one with Evidence too, one with
    # nothing else. The first two are released.
    teacher.post(url, data={"argument": "0", "comment": "Keep going", "out_of": "4",
                            claim: "2"})
    teacher.post(url, data={"argument": "0", "out_of": "4", claim: "3", evidence: "4"})
    teacher.post(f"/classes/{w['classroom']}/feedback/release")
    teacher.post(url, data={"argument": "0", "out_of": "4", claim: "1"})
    remove_url = f"/classes/{w['classroom']}/rubric/{ids['Claim']}/remove"
    page = teacher.get(f"/classes/{w['classroom']}/rubric").get_data(as_text=True)
    assert "Remove “Claim”…" in page and "3 marks given on it." in page

    page = teacher.get(remove_url).get_data(as_text=True)

    assert "3 marks;" in page
    assert "2 of them were already released: the students no longer see them" in page
    assert "1 feedback that holds nothing but this mark goes too." in page
    before = snapshot(app)
    response = teacher.post(remove_url, data={})
    assert response.status_code == 422
    assert field_error(response.get_data(as_text=True), "confirm") == (
        "Tick the box to remove “Claim” with its marks.")
    assert snapshot(app) == before

    response = teacher.post(remove_url, data={"confirm": "y"})

    assert response.status_code == 303
    assert rubric_names(app, w["classroom"]) == [("Evidence", 5, 1), ("Rebuttal", 3, 2)]
    with app.app_context():
        assert db.session.scalar(select(func.count(CriterionMark.id))) == 1
        left = db.session.execute(select(Feedback.comment).order_by(Feedback.id)).all()
        assert [comment for comment, in left] == ["Keep going", ""]
    flash = teacher.get(f"/classes/{w['classroom']}/rubric").get_data(as_text=True)
    assert "“Claim” is removed from the rubric, with 3 marks." in flash


def test_the_gradebook_its_csv_and_the_report_add_up_each_criterion(app):
    w = graded_class(app)
    ids = with_rubric(app, w, (("Claim", 4), (FORMULA, 5)))
    teacher = client_for(app, w["teacher"])
    first, second = w["students"][0], w["students"][1]
    claim, formula = f"criterion_{ids['Claim']}", f"criterion_{ids[FORMULA]}"
    for student, marks in ((first, ("4", "3")), (first, ("2", "")), (second, ("1", "5"))):
        assert teacher.post(f"/classes/{w['classroom']}/students/{student}/feedback", data={
            "argument": "0", "out_of": "4", claim: marks[0], formula: marks[1]}
        ).status_code == 303

    text = teacher.get(f"/classes/{w['classroom']}/gradebook.csv").data.decode("utf-8")

    assert text.startswith("\ufeff")
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader)
    assert header[-2:] == ["rubric: Claim", f"rubric: {FORMULA}"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in header)
    rows = {row["username"]: row for row in csv.DictReader(
        io.StringIO(text.removeprefix("\ufeff")))}
    with app.app_context():
        names = {i: db.session.get(User, i).username for i in (first, second, w["own"])}
    assert rows[names[first]]["rubric: Claim"] == "6/8"
    assert rows[names[first]][f"rubric: {FORMULA}"] == "3/5"
    assert rows[names[second]]["rubric: Claim"] == "1/4"
    assert rows[names[w["own"]]]["rubric: Claim"] == ""
    page = teacher.get(f"/classes/{w['classroom']}/gradebook").get_data(as_text=True)
    assert "Rubric: Claim" in page and "6/8" in page and "mean 3.0" in page
    report = teacher.get(f"/classes/{w['classroom']}/students/{first}/report").get_data(
        as_text=True)
    assert f'id="criterion-total-{ids["Claim"]}">6/8' in report
    assert "(mean 3.0 of 2 marks)" in report


def test_the_rubric_is_for_teachers_of_a_running_class(app):
    w = graded_class(app)
    with_rubric(app, w, (("Claim", 4),))
    student = client_for(app, w["students"][0])
    assert student.get(f"/classes/{w['classroom']}/rubric").status_code == 403
    teacher = client_for(app, w["teacher"])
    assert "Rubric</a>" in teacher.get(f"/classes/{w['classroom']}").get_data(as_text=True)
    with app.app_context():
        db.session.get(Classroom, w["classroom"]).archived_at = utcnow()
        db.session.commit()
    before = snapshot(app)
    response = teacher.post(f"/classes/{w['classroom']}/rubric",
                            data={"name": "Tone", "max_mark": "4"})
    assert response.status_code == 409
    assert "This class is archived and read-only." in response.get_data(as_text=True)
    assert snapshot(app) == before
    # The marks' names still show where the class's work is read.
    assert "Rubric: Claim" in teacher.get(f"/classes/{w['classroom']}/gradebook").get_data(
        as_text=True)


def test_the_database_holds_the_rubric_s_rules(app):
    w = graded_class(app)
    ids = with_rubric(app, w, (("Claim", 4),))
    with app.app_context():
        feedback = Feedback(classroom_id=w["classroom"], student_id=w["students"][0],
                            comment="x")
        db.session.add(feedback)
        db.session.commit()
        feedback_id = feedback.id
    bad_rows = [
        RubricCriterion(classroom_id=w["classroom"], name="Tone", name_key="tone",
                        max_mark=0, position=2),
        RubricCriterion(classroom_id=w["classroom"], name="Tone", name_key="tone",
                        max_mark=101, position=2),
        RubricCriterion(classroom_id=w["classroom"], name="Tone", name_key="tone",
                        max_mark=4, position=6),
        RubricCriterion(classroom_id=w["classroom"], name="CLAIM", name_key="claim",
                        max_mark=4, position=2),
        CriterionMark(feedback_id=feedback_id, criterion_id=ids["Claim"], mark=5, out_of=4),
        CriterionMark(feedback_id=feedback_id, criterion_id=ids["Claim"], mark=-1, out_of=4),
        CriterionMark(feedback_id=feedback_id, criterion_id=ids["Claim"], mark=1, out_of=0),
    ]
    for row in bad_rows:
        with app.app_context():
            db.session.add(row)
            with pytest.raises(IntegrityError):
                db.session.commit()
            db.session.rollback()
    with app.app_context():
        db.session.add(CriterionMark(feedback_id=feedback_id, criterion_id=ids["Claim"],
                                     mark=4, out_of=4))
        db.session.commit()
        db.session.add(CriterionMark(feedback_id=feedback_id, criterion_id=ids["Claim"],
                                     mark=1, out_of=4))
        with pytest.raises(IntegrityError):
            db.session.commit()


def test_deleting_the_class_takes_its_rubric(app):
    w = graded_class(app)
    with_rubric(app, w)
    teacher = client_for(app, w["teacher"])

    response = teacher.post(f"/classes/{w['classroom']}/delete", data={"accounts": "3"})

    assert response.status_code == 303
    assert rubric_names(app, w["classroom"]) == []


def test_a_student_s_data_holds_the_feedback_released_to_them_with_its_criterion_marks(app):
    w = graded_class(app)
    ids = with_rubric(app, w, (("Claim", 4),))
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    data_url = f"/classes/{w['classroom']}/students/{student_id}/data.json"
    teacher.post(url, data={"argument": "0", "comment": "Sharp.", "mark": "3", "out_of": "4",
                            f"criterion_{ids['Claim']}": "2"})
    assert json.loads(teacher.get(data_url).get_data(as_text=True))["feedback"] == []

    teacher.post(f"/classes/{w['classroom']}/feedback/release")
    teacher.post(url, data={"argument": "0", "comment": "Not yet released.", "out_of": "4"})
    feedback = json.loads(teacher.get(data_url).get_data(as_text=True))["feedback"]

    assert [(f["comment"], f["mark"], f["out_of"], f["criteria"]) for f in feedback] == [
        ("Sharp.", 3, 4, [{"name": "Claim", "mark": 2, "out_of": 4}])]
