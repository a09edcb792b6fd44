"""Set tasks with counted targets: each student's checklist fills in as they work, the teacher's
grid shows every student against every target with late work marked, in a constant number of
queries."""

from datetime import timedelta

from sqlalchemy import select

from app.arguments.votes import rate_argument, take_stance
from app.classes.progress import State, Target, progress
from app.classes.services import create_task, enrol, start_class_debate
from app.extensions import db
from app.models import (
    Classroom,
    ClassTeacher,
    Position,
    Side,
    SideAssignment,
    StanceChoice,
    Task,
    User,
)
from app.models.columns import utcnow
from tests.factories import (
    PASSWORD,
    make_argument,
    make_evidence,
    make_material,
    make_position,
    make_user,
)

DUE = "2099-01-31T17:00"


def task_world(app, students: int = 3) -> dict:
    with app.app_context():
        teacher = make_user()
        classroom = Classroom(name="Civics 9B", term="Autumn", join_code=f"ACDEFG{students:02d}",
                              teachers=[ClassTeacher(user=teacher)])
        db.session.add(classroom)
        pupils = [make_user(is_managed=True) for _ in range(students)]
        for pupil in pupils:
            enrol(classroom, pupil)
        debate = start_class_debate(classroom, teacher, make_material(), "Cameras", "Why?")
        position = make_position(debate, statement="Cameras make cities safer")
        db.session.commit()
        return {"classroom": classroom.id, "teacher": teacher.id, "debate": debate.id,
                "position": position.id, "students": [p.id for p in pupils]}


def client_for(app, user_id):
    with app.app_context():
        username = db.session.get(User, user_id).username
    client = app.test_client()
    assert client.post("/account/sign-in", data={
        "username": username, "password": PASSWORD}).status_code == 303
    return client


def set_task(client, w, **overrides):
    form = {"debate": str(w["debate"]), "title": "Argue your side", "due_at": DUE,
            "arguments_target": "2", "replies_target": "1", "evidence_target": "0",
            "ratings_target": "1", "stance_before_after": "y", "reflection": "y"}
    form.update(overrides)
    return client.post(f"/classes/{w['classroom']}/tasks/new", data=form)


def test_a_teacher_sets_a_task_and_a_student_sees_a_checklist_fill_in(app):
    w = task_world(app)
    teacher = client_for(app, w["teacher"])
    response = set_task(teacher, w)
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    with app.app_context():
        task_id = db.session.scalar(select(Task.id))
    student_id = w["students"][0]
    student = client_for(app, student_id)
    url = f"/classes/{w['classroom']}/tasks/{task_id}"
    page = student.get(url).get_data(as_text=True)
    assert "Arguments posted: 0/2" in page and "Reflection: 0/1" in page
    assert "Evidence attached" not in page
    position_url = f"/positions/{w['position']}/arguments/new"
    student.post(position_url, data={"side": "pro", "claim": "Cameras deter bicycle theft"})
    student.post(f"/positions/{w['position']}/stance", data={"stance": "for"})
    response = student.post(f"{url}/reflection", data={"text": "The cost argument did."})
    assert response.status_code == 303
    page = student.get(url).get_data(as_text=True)
    assert "Arguments posted: 1/2" in page and "Reflection: 1/1 · done" in page
    assert "Stance before and after: 1/2" in page
    # The class page lists the task for students and teachers.
    assert "Argue your side" in student.get(f"/classes/{w['classroom']}").get_data(as_text=True)
    grid = teacher.get(url).get_data(as_text=True)
    assert grid.count("<tr id=\"student-") == 3 and "1/2" in grid


def test_counts_follow_each_target_s_rule(app):
    w = task_world(app)
    with app.app_context():
        classroom = db.session.get(Classroom, w["classroom"])
        teacher = db.session.get(User, w["teacher"])
        debate = classroom.debates[0]
        position = debate.positions[0]
        me, peer, _third = (db.session.get(User, i) for i in w["students"])
        task = create_task(classroom, teacher, debate, "Everything", utcnow() + timedelta(days=1),
                           arguments_target=2, on_assigned_side=True, replies_target=1,
                           evidence_target=1, ratings_target=1, stance_before_after=True,
                           reflection=False)
        db.session.add(SideAssignment(position_id=position.id, user_id=me.id, side=Side.CON))
        db.session.flush()
        theirs = make_argument(position, peer, claim="Cameras deter theft in stations")
        mine = make_argument(position, me, claim="Cameras move theft elsewhere", side=Side.CON)
        # Replying to oneself is no reply to others.
        make_argument(position, me, claim="And elsewhere is worse", parent=mine)
        make_argument(position, me, claim="Stations have guards anyway", side=Side.CON,
                      parent=theirs)
        make_evidence(mine, me)
        rate_argument(theirs, me, 3)
        take_stance(position, me, StanceChoice.AGAINST)
        take_stance(position, me, StanceChoice.FOR)
        db.session.commit()
        row = progress(task, [me.id])[me.id]
        assert {target: cell.count for target, cell in row.items()} == {
            Target.ARGUMENTS: 1, Target.REPLIES: 1, Target.EVIDENCE: 1, Target.RATINGS: 1,
            Target.STANCE: 2}
        assert row[Target.ARGUMENTS].state == State.OPEN
        assert row[Target.REPLIES].state == State.DONE


def test_work_after_the_due_time_is_marked_late_and_work_not_done_missing(app):
    w = task_world(app)
    with app.app_context():
        classroom = db.session.get(Classroom, w["classroom"])
        position = classroom.debates[0].positions[0]
        task = create_task(classroom, db.session.get(User, w["teacher"]), classroom.debates[0],
                           "Past", utcnow() - timedelta(hours=1), arguments_target=1)
        late, lazy = (db.session.get(User, i) for i in w["students"][:2])
        make_argument(position, late, claim="Posted after the bell")
        db.session.commit()
        grid = progress(task, [late.id, lazy.id])
        assert grid[late.id][Target.ARGUMENTS].state == State.LATE
        assert grid[lazy.id][Target.ARGUMENTS].state == State.MISSING
        task_id = task.id
    page = client_for(app, w["teacher"]).get(
        f"/classes/{w['classroom']}/tasks/{task_id}").get_data(as_text=True)
    assert "1/1 · late" in page and "0/1 · missing" in page


def test_bad_tasks_are_refused_beside_the_field_and_nothing_saved(app):
    w = task_world(app)
    teacher = client_for(app, w["teacher"])
    for overrides, words in (
        ({"title": ""}, "Name the task."),
        ({"due_at": "tomorrow"}, "Say when the task is due."),
        ({"arguments_target": "-1"}, "Number must be between 0 and 100."),
        ({"arguments_target": "0", "replies_target": "0", "ratings_target": "0",
          "stance_before_after": "", "reflection": ""}, "Set at least one target"),
        ({"debate": "999999"}, "Not a valid choice."),
    ):
        response = set_task(teacher, w, **overrides)
        assert response.status_code == 422, overrides
        assert words in response.get_data(as_text=True), overrides
    with app.app_context():
        assert db.session.scalar(select(Task.id)) is None


def test_a_reflection_is_refused_when_empty_and_only_students_write_one(app):
    w = task_world(app)
    teacher = client_for(app, w["teacher"])
    set_task(teacher, w)
    with app.app_context():
        task_id = db.session.scalar(select(Task.id))
    url = f"/classes/{w['classroom']}/tasks/{task_id}/reflection"
    student = client_for(app, w["students"][0])
    response = student.post(url, data={"text": "   "})
    assert response.status_code == 422 and "Write a few sentences." in response.get_data(
        as_text=True)
    response = student.post(url, data={"text": "x" * 2001})
    assert response.status_code == 422
    response = teacher.post(url, data={"text": "I am no student"})
    assert response.status_code == 403
    assert "Only the class&#39;s students write reflections." in response.get_data(as_text=True)


def test_the_grid_costs_the_same_queries_for_3_or_12_students(app, count_queries):
    counts = []
    for students in (3, 12):
        w = task_world(app, students=students)
        with app.app_context():
            position = db.session.get(Position, w["position"])
            for student_id in w["students"]:
                make_argument(position, db.session.get(User, student_id))
            db.session.commit()
        teacher = client_for(app, w["teacher"])
        set_task(teacher, w)
        with app.app_context():
            task_id = db.session.scalar(select(Task.id).order_by(Task.id.desc()))
        url = f"/classes/{w['classroom']}/tasks/{task_id}"
        teacher.get(url)
        counts.append(count_queries(lambda url=url, teacher=teacher: teacher.get(url)))
    assert counts[0] == counts[1]
