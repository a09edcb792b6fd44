"""Keep students anonymous to one another in a class debate: every page, fragment, API answer
and export a student can fetch names other students only by their pseudonyms, while the
teacher reads their names."""

import re

from sqlalchemy import func, select

from app.arguments.votes import rate_argument
from app.classes.services import enrol, start_class_debate
from app.extensions import db
from app.models import (
    Argument,
    Classroom,
    ClassStudent,
    ClassTeacher,
    Membership,
    ModerationAction,
    Side,
    User,
)
from app.moderation.services import suspend_member
from tests.factories import (
    PASSWORD,
    make_argument,
    make_evidence,
    make_material,
    make_position,
    make_user,
)

ME = ("zeb_quux", "Zebediah Quux")
PEER = ("xan_vole", "Xanthippe Vole")
OTHER_PEER = ("ulla_brisk", "Ulla Briskwater")


def anonymous_class_debate(app) -> dict:
    """A class debate anonymous to peers, where three students argue, reply, add evidence and
    rate, and the teacher suspends one of them, so that names could leak everywhere."""
    with app.app_context():
        teacher = make_user(username="tilda_teach", display_name="Tilda Teach")
        me, peer, other = (make_user(username=u, display_name=d, is_managed=True)
                           for u, d in (ME, PEER, OTHER_PEER))
        classroom = Classroom(name="Civics 9B", term="Autumn", join_code="ACDEFGHJ",
                              teachers=[ClassTeacher(user=teacher)],
                              students=[ClassStudent(user=u) for u in (me, peer, other)])
        db.session.add(classroom)
        db.session.flush()
        debate = start_class_debate(classroom, teacher, make_material(), "Cameras", "Why?")
        position = make_position(debate, statement="Cameras make cities safer")
        theirs = make_argument(position, peer, claim="Cameras deter bicycle thieves")
        mine = make_argument(position, me, claim="Thieves move to the next street",
                             side=Side.CON, parent=theirs)
        make_argument(position, peer, claim="Every street can have a camera", parent=mine,
                      side=Side.CON)
        make_argument(position, other, claim="Cameras cost less than patrols")
        make_evidence(theirs, peer, title="A study of stations")
        rate_argument(mine, peer, 4)
        rate_argument(theirs, me, 2)
        suspend_member(debate, teacher, other, 1, "Posted off topic twice")
        db.session.commit()
        return {"classroom": classroom.id, "debate": debate.id, "position": position.id,
                "argument": theirs.id, "mine": mine.id, "teacher": teacher.id}


def client_as(app, username):
    client = app.test_client()
    response = client.post("/account/sign-in", data={"username": username,
                                                      "password": PASSWORD})
    assert response.status_code == 303
    return client


def every_get_url(app, w) -> list[str]:
    """Build every GET route whose parameters this debate can fill."""
    values = {"debate_id": w["debate"], "position_id": w["position"],
              "argument_id": w["argument"], "classroom_id": w["classroom"]}
    urls = []
    adapter = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint == "static":
            continue
        arguments = set(rule.arguments)
        if arguments <= set(values):
            urls.append(adapter.build(rule.endpoint, {a: values[a] for a in arguments}))
        elif arguments - set(values) == {"format"}:
            for format in ("kialo", "argdown", "aif", "csv", "archive"):
                urls.append(adapter.build(rule.endpoint, {
                    **{a: values[a] for a in arguments if a != "format"}, "format": format}))
    # The argument the student wrote, and its branch.
    urls += [f"/arguments/{w['mine']}", f"/api/v1/arguments/{w['mine']}"]
    return urls


def test_no_answer_a_student_can_fetch_names_another_student(app):
    w = anonymous_class_debate(app)
    student = client_as(app, ME[0])
    fetched = 0
    for url in every_get_url(app, w):
        for headers in ({}, {"HX-Request": "true"}):
            response = student.get(url, headers=headers)
            if response.status_code >= 400 or response.status_code in (301, 302, 303):
                continue
            body = response.get_data(as_text=True)
            fetched += 1
            for username, display_name in (PEER, OTHER_PEER):
                assert username not in body, url
                assert display_name not in body, url
    assert fetched > 30
    # The student sees the others by pseudonym, and themselves by name.
    page = student.get(f"/arguments/{w['mine']}").get_data(as_text=True)
    assert re.search(r"Student \d+", page) and ME[1] in page


def test_a_student_is_told_of_a_reply_by_the_pseudonym_of_its_author(app):
    anonymous_class_debate(app)
    notices = client_as(app, ME[0]).get("/notifications").get_data(as_text=True)
    assert re.search(r"Student \d+ replied objecting to your argument", notices)
    assert PEER[1] not in notices


def test_the_teacher_sees_pseudonyms_where_students_look_and_names_in_their_own_views(app):
    w = anonymous_class_debate(app)
    teacher = client_as(app, "tilda_teach")
    for url in (f"/debates/{w['debate']}/positions/{w['position']}",
                f"/arguments/{w['argument']}", f"/api/v1/positions/{w['position']}",
                f"/debates/{w['debate']}/log"):
        body = teacher.get(url).get_data(as_text=True)
        assert re.search(r"Student \d+", body), url
        for username, display_name in (PEER, OTHER_PEER):
            assert display_name not in body and username not in body, url
    for url in (f"/classes/{w['classroom']}", f"/classes/{w['classroom']}/gradebook",
                f"/classes/{w['classroom']}/gradebook.csv"):
        body = teacher.get(url).get_data(as_text=True)
        assert PEER[1] in body and OTHER_PEER[1] in body, url
    with app.app_context():
        assert not db.session.scalars(select(ModerationAction).where(
            ModerationAction.action == "reveal_name")).all()


def test_a_teacher_reveals_a_name_with_a_reason_and_the_log_records_it(app):
    w = anonymous_class_debate(app)
    teacher = client_as(app, "tilda_teach")
    page = teacher.get(f"/arguments/{w['argument']}").get_data(as_text=True)
    reveal_url = f"/classes/{w['classroom']}/arguments/{w['argument']}/reveal"
    assert reveal_url in page
    form = teacher.get(reveal_url)
    assert form.status_code == 200 and PEER[1] not in form.get_data(as_text=True)

    answer = teacher.post(reveal_url, data={"reason": "Bullying reported by a parent"})

    body = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert re.search(rf"Student \d+ is {PEER[1]} \({PEER[0]}\)", body)
    log = teacher.get(f"/debates/{w['debate']}/log").get_data(as_text=True)
    assert "Bullying reported by a parent" in log and "reveal a student" in log
    # The students read the log too: it says a name was revealed and why, never whose.
    student_log = client_as(app, ME[0]).get(f"/debates/{w['debate']}/log").get_data(
        as_text=True)
    assert "Bullying reported by a parent" in student_log
    assert PEER[1] not in student_log and PEER[0] not in student_log
    with app.app_context():
        entry = db.session.scalars(select(ModerationAction).where(
            ModerationAction.action == "reveal_name")).one()
        assert (entry.actor_id, entry.target_id) == (w["teacher"], w["argument"])


def test_revealing_without_a_reason_is_refused_and_logs_nothing(app):
    w = anonymous_class_debate(app)
    teacher = client_as(app, "tilda_teach")
    url = f"/classes/{w['classroom']}/arguments/{w['argument']}/reveal"
    for reason in ("", "   ", "x" * 501):
        answer = teacher.post(url, data={"reason": reason})
        body = answer.get_data(as_text=True)
        assert answer.status_code == 422, reason
        assert PEER[1] not in body
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ModerationAction).where(
            ModerationAction.action == "reveal_name")) == 0


def test_a_student_is_offered_no_reveal_and_is_refused_one(app):
    w = anonymous_class_debate(app)
    student = client_as(app, ME[0])
    url = f"/classes/{w['classroom']}/arguments/{w['argument']}/reveal"
    assert url not in student.get(f"/arguments/{w['argument']}").get_data(as_text=True)
    answer = student.post(url, data={"reason": "Curious"})
    assert answer.status_code == 403
    assert PEER[1] not in answer.get_data(as_text=True)


def test_pseudonyms_are_stable_per_debate_and_given_to_late_joiners(app):
    w = anonymous_class_debate(app)
    with app.app_context():
        numbers = dict(db.session.execute(select(Membership.user_id, Membership.pseudonym)
                                          .where(Membership.debate_id == w["debate"])).all())
        late = make_user()
        db.session.commit()
        late_id = late.id
        assert sorted(n for n in numbers.values() if n) == [1, 2, 3]
    with app.app_context():
        enrol(db.session.get(Classroom, w["classroom"]), db.session.get(User, late_id))
        db.session.commit()
        assert db.session.scalar(select(Membership.pseudonym).where(
            Membership.debate_id == w["debate"], Membership.user_id == late_id)) == 4
        again = dict(db.session.execute(select(Membership.user_id, Membership.pseudonym)
                                        .where(Membership.debate_id == w["debate"])).all())
        assert {k: v for k, v in again.items() if k != late_id} == numbers
        assert db.session.get(Argument, w["mine"]) is not None
