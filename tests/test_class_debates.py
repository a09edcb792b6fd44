"""Run a class's debates: start one for the class or copy a template, give students sides,
and hold each assigned student's top-level arguments to their side."""

from collections import Counter

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Argument,
    Classroom,
    ClassStudent,
    ClassTeacher,
    Debate,
    Membership,
    Position,
    Role,
    Side,
    SideAssignment,
    User,
    Visibility,
    Voters,
)
from app.policy import Standing, standing
from tests.factories import PASSWORD, make_argument, make_debate, make_position, make_user

CLAIM = "Cameras catch the people who steal bicycles"


def class_of(app, students: int = 4) -> dict:
    """Make a class with a teacher, a co-teacher and students with their own passwords."""
    with app.app_context():
        teacher, colleague = make_user(), make_user()
        pupils = [make_user(is_managed=True) for _ in range(students)]
        classroom = Classroom(
            name="Civics 9B", term="Autumn", join_code="ACDEFGHJ",
            teachers=[ClassTeacher(user=teacher), ClassTeacher(user=colleague)],
            students=[ClassStudent(user=pupil) for pupil in pupils],
        )
        template = make_debate(owner=teacher)
        position = make_position(template, statement="Cameras make cities safer")
        top = make_argument(position, teacher, claim="Cameras deter theft")
        make_argument(position, colleague, claim="Thieves just move on", side=Side.CON,
                      parent=top)
        db.session.add(classroom)
        db.session.commit()
        return {"classroom": classroom.id, "teacher": teacher.id, "colleague": colleague.id,
                "students": [pupil.id for pupil in pupils], "template": template.id,
                "material": template.material_id}


def client_for(app, user_id):
    with app.app_context():
        username = db.session.get(User, user_id).username
    client = app.test_client()
    assert client.post("/account/sign-in", data={
        "username": username, "password": PASSWORD}).status_code == 303
    return client


def copy(app, w, with_arguments=True) -> int:
    teacher = client_for(app, w["teacher"])
    response = teacher.post(f"/classes/{w['classroom']}/debates/copy", data={
        "template": str(w["template"]), "with_arguments": "y" if with_arguments else ""})
    assert response.status_code == 303, response.get_data(as_text=True)[:400]
    with app.app_context():
        return db.session.scalar(select(func.max(Debate.id)))


def test_a_class_debate_is_members_only_unlisted_and_takes_in_every_student(app):
    w = class_of(app)
    teacher = client_for(app, w["teacher"])
    response = teacher.post(f"/classes/{w['classroom']}/debates/new", data={
        "material": str(w["material"]), "title": "Cameras in our town",
        "question": "Should our town add cameras?", "peers_anonymous": "y"})
    assert response.status_code == 303
    with app.app_context():
        debate = db.session.scalar(select(Debate).where(Debate.title == "Cameras in our town"))
        assert debate.classroom_id == w["classroom"] and debate.is_open
        assert debate.visibility == Visibility.MEMBERS and debate.voters == Voters.MEMBERS
        assert debate.peers_anonymous
        # Each student has a pseudonym number of their own in this debate.
        assert sorted(m.pseudonym for m in debate.memberships if m.pseudonym) == [1, 2, 3, 4]
        roles = {m.user_id: m.role for m in debate.memberships}
        assert roles == {w["teacher"]: Role.OWNER, w["colleague"]: Role.MODERATOR,
                         **{student: Role.PARTICIPANT for student in w["students"]}}
        colleague, student = db.session.get(User, w["colleague"]), db.session.get(
            User, w["students"][0])
        assert standing(colleague, debate) == Standing.TEACHER
        assert standing(student, debate) == Standing.STUDENT
        debate_id = debate.id
    # Outsiders neither find nor read it; the co-teacher runs it like its owner.
    assert "Cameras in our town" not in app.test_client().get("/debates/").get_data(as_text=True)
    assert app.test_client().get(f"/debates/{debate_id}").status_code == 404
    assert client_for(app, w["colleague"]).get(f"/debates/{debate_id}/settings").status_code == 200
    assert client_for(app, w["students"][0]).get(
        f"/debates/{debate_id}/settings").status_code == 403
    # A class page lists it for its students.
    page = client_for(app, w["students"][1]).get(f"/classes/{w['classroom']}")
    assert "Cameras in our town" in page.get_data(as_text=True)


def test_a_student_who_joins_later_takes_part_in_the_class_debates(app):
    w = class_of(app)
    debate_id = copy(app, w)
    with app.app_context():
        late = make_user()
        db.session.commit()
        late_id = late.id
    client = client_for(app, late_id)
    assert client.post("/classes/join", data={"code": "ACDEFGHJ"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(Membership.role).where(
            Membership.debate_id == debate_id, Membership.user_id == late_id)) == Role.PARTICIPANT


def test_a_template_copies_material_positions_and_seed_arguments(app):
    w = class_of(app)
    debate_id = copy(app, w)
    with app.app_context():
        debate = db.session.get(Debate, debate_id)
        template = db.session.get(Debate, w["template"])
        assert debate.material_id == template.material_id and debate.title == template.title
        assert [p.statement for p in debate.positions] == ["Cameras make cities safer"]
        assert [a.quote for a in debate.positions[0].anchors] == [
            a.quote for a in template.positions[0].anchors]
        copied = db.session.scalars(select(Argument).where(
            Argument.position_id == debate.positions[0].id).order_by(Argument.path)).all()
        assert [(a.claim, a.depth, a.side) for a in copied] == [
            ("Cameras deter theft", 1, Side.PRO), ("Thieves just move on", 2, Side.CON)]
        assert copied[1].parent_id == copied[0].id
        assert {a.author_id for a in copied} == {w["teacher"]}
    bare = copy(app, w, with_arguments=False)
    with app.app_context():
        position = db.session.get(Debate, bare).positions[0]
        assert db.session.scalar(select(func.count()).select_from(Argument).where(
            Argument.position_id == position.id)) == 0


def test_a_teacher_cannot_copy_a_debate_they_cannot_read(app):
    w = class_of(app)
    with app.app_context():
        hidden = make_debate(visibility=Visibility.MEMBERS)
        db.session.commit()
        hidden_id = hidden.id
    teacher = client_for(app, w["teacher"])
    response = teacher.post(f"/classes/{w['classroom']}/debates/copy",
                            data={"template": str(hidden_id)})
    assert response.status_code == 422
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_random_sides_are_balanced_for_and_against(app):
    w = class_of(app, students=5)
    debate_id = copy(app, w)
    teacher = client_for(app, w["teacher"])
    response = teacher.post(f"/classes/{w['classroom']}/debates/{debate_id}/sides/balance")
    assert response.status_code == 303
    with app.app_context():
        sides = Counter(db.session.scalars(select(SideAssignment.side)))
        assert sides == {Side.PRO: 3, Side.CON: 2}
    page = teacher.get(f"/classes/{w['classroom']}/debates/{debate_id}/sides")
    assert page.get_data(as_text=True).count("selected>For<") == 3


def test_an_assigned_student_argues_only_their_side_at_the_top_level(app):
    w = class_of(app)
    debate_id = copy(app, w)
    with app.app_context():
        position = db.session.get(Debate, debate_id).positions[0]
        position_id = position.id
        top = db.session.scalar(select(Argument.id).where(
            Argument.position_id == position_id, Argument.depth == 1))
    teacher = client_for(app, w["teacher"])
    student_id = w["students"][0]
    response = teacher.post(f"/classes/{w['classroom']}/debates/{debate_id}/sides",
                            data={f"side-{position_id}-{student_id}": "con"})
    assert response.status_code == 303
    student = client_for(app, student_id)
    url = f"/positions/{position_id}/arguments/new"
    refused = student.post(url, data={"side": "pro", "claim": CLAIM})
    assert refused.status_code == 422
    assert "In this class debate you argue Against this position" in refused.get_data(
        as_text=True)
    assert student.post(url, data={"side": "con", "claim": CLAIM}).status_code == 303
    # Replies are free, whichever way they lean.
    assert student.post(url, data={"side": "pro", "claim": "Yet it deters some",
                                   "parent": str(top)}).status_code == 303
    # Their own stance stays free too.
    assert student.post(f"/positions/{position_id}/stance",
                        data={"stance": "for"}).status_code in (200, 303)
    # A student with no side may post on either.
    free = client_for(app, w["students"][1])
    assert free.post(url, data={"side": "pro", "claim": "A second claim on cameras"}
                     ).status_code == 303


def test_bad_side_grids_are_refused_and_change_nothing(app):
    w = class_of(app)
    debate_id = copy(app, w)
    with app.app_context():
        position_id = db.session.get(Debate, debate_id).positions[0].id
        outsider = make_user()
        db.session.commit()
        outsider_id = outsider.id
    teacher = client_for(app, w["teacher"])
    url = f"/classes/{w['classroom']}/debates/{debate_id}/sides"
    response = teacher.post(url, data={f"side-{position_id}-{w['students'][0]}": "maybe"})
    assert response.status_code == 422
    assert "Choose For, Against or free." in response.get_data(as_text=True)
    response = teacher.post(url, data={f"side-{position_id}-{outsider_id}": "pro"})
    assert response.status_code == 422
    assert "only to this class&#39;s students" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SideAssignment)) == 0
    # A debate of another class (or none) is not this class's.
    assert teacher.get(
        f"/classes/{w['classroom']}/debates/{w['template']}/sides").status_code == 404
    student = client_for(app, w["students"][0])
    assert student.get(url).status_code == 403


def test_a_student_sees_the_sides_they_were_given_on_the_class_page(app):
    w = class_of(app)
    debate_id = copy(app, w)
    with app.app_context():
        position_id = db.session.get(Debate, debate_id).positions[0].id
        db.session.add(SideAssignment(position_id=position_id, user_id=w["students"][0],
                                      side=Side.CON))
        db.session.commit()
    page = client_for(app, w["students"][0]).get(f"/classes/{w['classroom']}")
    assert "you argue Against: Cameras make cities safer" in page.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Position, position_id) is not None
