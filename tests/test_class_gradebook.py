"""Read a class's gradebook, its CSV and a student's printable report, download a class
account's data, and delete a class after typing how many class accounts go with it."""

import csv
import io
import json

from sqlalchemy import func, select

from app.arguments.votes import rate_argument, take_stance
from app.classes.rubrics import add_criterion
from app.classes.services import enrol, give_feedback, start_class_debate
from app.extensions import db
from app.models import (
    Argument,
    Classroom,
    ClassTeacher,
    Debate,
    EvidenceKind,
    Side,
    StanceChoice,
    User,
)
from tests.factories import (
    PASSWORD,
    make_argument,
    make_evidence,
    make_material,
    make_position,
    make_user,
)


def graded_class(app, students: int = 3, code: str = "ACDEFGHJ") -> dict:
    """A class whose first two students argue, reply, add evidence, rate and vote; the first
    student's name would run as a formula in a spreadsheet."""
    with app.app_context():
        teacher = make_user()
        classroom = Classroom(name="Civics 9B", term="Autumn", join_code=code,
                              teachers=[ClassTeacher(user=teacher)])
        db.session.add(classroom)
        pupils = [make_user(is_managed=True) for _ in range(students)]
        pupils[0].display_name = "=SUM(A1)"
        own = make_user()
        for pupil in [*pupils, own]:
            enrol(classroom, pupil)
        debate = start_class_debate(classroom, teacher, make_material(), "Cameras", "Why?")
        position = make_position(debate, statement="Cameras make cities safer")
        first, second = pupils[0], pupils[1]
        mine = make_argument(position, first, claim="Cameras deter theft")
        make_argument(position, first, claim="Cameras cost too much", side=Side.CON)
        theirs = make_argument(position, second, claim="Thieves move on", side=Side.CON,
                               parent=mine)
        make_argument(position, first, claim="Moving on is still less theft", side=Side.CON,
                      parent=theirs)
        make_evidence(mine, first)
        rate_argument(mine, second, 4)
        rate_argument(mine, pupils[2], 2)
        rate_argument(theirs, first, 1)
        take_stance(position, first, StanceChoice.FOR)
        take_stance(position, first, StanceChoice.AGAINST)
        db.session.commit()
        return {"classroom": classroom.id, "teacher": teacher.id, "debate": debate.id,
                "students": [p.id for p in pupils], "own": own.id}


def client_for(app, user_id):
    with app.app_context():
        username = db.session.get(User, user_id).username
    client = app.test_client()
    assert client.post("/account/sign-in", data={
        "username": username, "password": PASSWORD}).status_code == 303
    return client


def test_the_gradebook_counts_each_student_s_work(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    response = teacher.get(f"/classes/{w['classroom']}/gradebook.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = {row["name"]: row
            for row in csv.DictReader(io.StringIO(text.removeprefix("\ufeff")))}
    first = rows["'=SUM(A1)"]
    assert (first["arguments_for"], first["arguments_against"], first["replies"],
            first["evidence"], first["ratings_given"], first["mean_rating_received"],
            first["stance_changes"]) == ("2", "1", "1", "1", "1", "3.0", "2")
    with app.app_context():
        second_name = db.session.get(User, w["students"][1]).display_name
    second = rows[second_name]
    assert (second["arguments_against"], second["replies"], second["ratings_given"],
            second["mean_rating_received"]) == ("1", "1", "1", "1.0")
    page = teacher.get(f"/classes/{w['classroom']}/gradebook").get_data(as_text=True)
    assert "Mean strength from peers" in page and "3.0" in page
    report = teacher.get(f"/classes/{w['classroom']}/students/{w['students'][0]}/report")
    assert report.status_code == 200 and "=SUM(A1)" in report.get_data(as_text=True)


def mark_on_a_rubric(app, w: dict, size: int) -> None:
    """Give the class a rubric of so many criteria and every student feedback marked on each:
    on their work as a whole, and for those who argued, on an argument too."""
    with app.app_context():
        classroom = db.session.get(Classroom, w["classroom"])
        teacher = db.session.get(User, w["teacher"])
        criteria = [add_criterion(classroom, teacher, f"Criterion {n}", n)
                    for n in range(1, size + 1)]
        for student_id in [*w["students"], w["own"]]:
            argument_id = db.session.scalar(select(Argument.id).where(
                Argument.author_id == student_id))
            for on in {None, argument_id}:
                give_feedback(classroom, teacher, student_id, on, "", None, 4,
                              {criterion.id: criterion.max_mark for criterion in criteria})
        db.session.commit()


def test_the_gradebook_costs_the_same_queries_for_3_or_12_students(app, count_queries):
    counts = []
    # The second class has four times the students and the most criteria a rubric holds.
    for students, criteria, code in ((3, 2, "ACDEFGHJ"), (12, 5, "KMNPQRTU")):
        w = graded_class(app, students, code)
        mark_on_a_rubric(app, w, criteria)
        teacher = client_for(app, w["teacher"])
        url = f"/classes/{w['classroom']}/gradebook"
        page = teacher.get(url).get_data(as_text=True)
        # The first student argued: two feedback, each with the criterion's full marks.
        assert f"Rubric: Criterion {criteria}" in page
        assert f"{2 * criteria}/{2 * criteria}" in page
        counts.append(count_queries(lambda url=url, teacher=teacher: teacher.get(url)))
    assert counts[0] == counts[1]


def test_a_teacher_downloads_a_class_account_s_data_but_not_an_own_account_s(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    response = teacher.get(f"/classes/{w['classroom']}/students/{w['students'][0]}/data.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["display_name"] == "=SUM(A1)"
    response = teacher.get(f"/classes/{w['classroom']}/students/{w['own']}/data.json")
    assert response.status_code == 403
    student = client_for(app, w["students"][1])
    assert student.get(f"/classes/{w['classroom']}/gradebook").status_code == 403


def test_deleting_a_class_names_the_counts_and_needs_them_typed(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    url = f"/classes/{w['classroom']}/delete"
    page = teacher.get(url).get_data(as_text=True)
    assert "3 class accounts" in page and "The 4 arguments" in page
    response = teacher.post(url, data={"accounts": "4"})
    assert response.status_code == 422
    assert "Type 3, the number of class accounts" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Classroom, w["classroom"]) is not None
    response = teacher.post(url, data={"accounts": "3"})
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Classroom, w["classroom"]) is None
        assert all(db.session.get(User, i) is None for i in w["students"])
        assert db.session.get(User, w["own"]) is not None
        debate = db.session.get(Debate, w["debate"])
        assert debate is not None and debate.classroom_id is None
        assert db.session.scalar(select(func.count(Argument.id)).where(
            Argument.author_id.in_(w["students"]))) == 0


def test_feedback_stays_hidden_until_released_then_the_student_is_told(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    with app.app_context():
        argument_id = db.session.scalar(select(Argument.id).where(
            Argument.author_id == student_id).order_by(Argument.id))
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    assert teacher.post(url, data={"argument": str(argument_id), "comment": "Clear claim.",
                                   "mark": "3", "out_of": "4"}).status_code == 303
    assert teacher.post(url, data={"argument": "0", "comment": "Good work overall.",
                                   "mark": "", "out_of": "4"}).status_code == 303
    student = client_for(app, student_id)
    page = student.get(f"/classes/{w['classroom']}/feedback").get_data(as_text=True)
    assert "Clear claim." not in page and "No feedback released to you yet." in page
    assert "Marks" in teacher.get(f"/classes/{w['classroom']}/gradebook").get_data(
        as_text=True)
    assert teacher.post(f"/classes/{w['classroom']}/feedback/release").status_code == 303
    page = student.get(f"/classes/{w['classroom']}/feedback").get_data(as_text=True)
    assert "Clear claim." in page and "Mark: 3/4" in page and "Good work overall." in page
    notices = student.get("/notifications").get_data(as_text=True)
    assert "Your teacher released feedback in Civics 9B." in notices
    # Another student reads none of it.
    other = client_for(app, w["students"][1]).get(f"/classes/{w['classroom']}/feedback")
    assert "Clear claim." not in other.get_data(as_text=True)
    csv_text = teacher.get(f"/classes/{w['classroom']}/gradebook.csv").data.decode("utf-8")
    assert "3/4" in csv_text


def test_bad_feedback_is_refused_beside_the_field(app):
    w = graded_class(app)
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    with app.app_context():
        others = db.session.scalar(select(Argument.id).where(
            Argument.author_id == w["students"][1]))
    url = f"/classes/{w['classroom']}/students/{student_id}/feedback"
    for data, words in (
        ({"argument": "0", "comment": "", "mark": "", "out_of": "4"},
         "Write a comment, give a mark, or both."),
        ({"argument": "0", "comment": "", "mark": "5", "out_of": "4"},
         "Give a mark from 0 to 4."),
        ({"argument": str(others), "comment": "Not theirs", "mark": "", "out_of": "4"},
         "Not a valid choice."),
        ({"argument": "0", "comment": "x", "mark": "", "out_of": "0"},
         "Number must be between 1 and 100."),
    ):
        response = teacher.post(url, data=data)
        assert response.status_code == 422, data
        assert words in response.get_data(as_text=True), data
    assert teacher.post(f"/classes/{w['classroom']}/students/{w['own'] + 999}/feedback",
                        data={"argument": "0", "comment": "Hi", "out_of": "4"}
                        ).status_code == 404


def beyond_class(app) -> dict:
    """Three students, two positions: on the first they answer each other across sides and
    bring evidence of every kind; on the second only the For side is argued."""
    with app.app_context():
        teacher = make_user()
        classroom = Classroom(name="Civics 9B", term="Autumn", join_code="BCDEFGHJ",
                              teachers=[ClassTeacher(user=teacher)])
        db.session.add(classroom)
        ana, ben, cai = (make_user(is_managed=True, display_name=name)
                         for name in ("Ana", "Ben", "Cai"))
        for pupil in (ana, ben, cai):
            enrol(classroom, pupil)
        debate = start_class_debate(classroom, teacher, make_material(), "Cameras", "Why?")
        both = make_position(debate, statement="Cameras make cities safer")
        lopsided = make_position(debate, statement="Cameras belong in schools")
        make_position(debate, statement="Nobody argued this yet")
        claim = make_argument(both, ana, claim="Cameras deter theft")
        objection = make_argument(both, ben, claim="Thieves move on", side=Side.CON,
                                  parent=claim)
        make_argument(both, ben, claim="And cameras fail at night", side=Side.CON,
                      parent=claim)
        make_argument(both, ana, claim="Moving on is still less theft", side=Side.CON,
                      parent=objection)
        make_argument(both, cai, claim="Stations saw less theft", parent=claim)
        make_argument(lopsided, cai, claim="Schools see less bullying")
        make_argument(lopsided, ana, claim="Teachers can check", parent=None)
        passage = debate.material.passages[0]
        make_evidence(claim, ana, url=None, passage=passage)
        make_evidence(claim, ana, kind=EvidenceKind.OFFICIAL)
        make_evidence(claim, ana, kind=EvidenceKind.NEWS)
        make_evidence(objection, ben, kind=EvidenceKind.NEWS)
        db.session.commit()
        return {"classroom": classroom.id, "teacher": teacher.id}


def test_the_gradebook_goes_beyond_counts(app):
    w = beyond_class(app)
    teacher = client_for(app, w["teacher"])

    body = teacher.get(f"/classes/{w['classroom']}/gradebook.csv").get_data(as_text=True)

    rows = {row["name"]: row for row in csv.DictReader(io.StringIO(body.lstrip("\ufeff")))}
    # Ben answered Ana's claim from the other side (twice, one argument); Ana answered Ben's
    # objection; Cai only backed Ana's claim.
    assert [rows[n]["answered_other_side"] for n in ("Ana", "Ben", "Cai")] == ["1", "1", "0"]
    # Ana's evidence: a passage and official data of three; Ben's: news only; Cai brought none.
    assert [rows[n]["evidence_quality"] for n in ("Ana", "Ben", "Cai")] == ["67", "0", ""]
    page = teacher.get(f"/classes/{w['classroom']}/gradebook").get_data(as_text=True)
    assert "Arguments answered from the other side" in page
    one_sided = page[page.index('id="one-sided"'):]
    assert "Cameras belong in schools" in one_sided and "only For" in one_sided
    assert "Cameras make cities safer" not in one_sided
    assert "Nobody argued this yet" not in one_sided
