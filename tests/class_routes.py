"""Say how to call each class route, who may, and what its success leaves behind."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.classes.groups import split_class
from app.extensions import db
from app.models import (
    Classroom,
    ClassStudent,
    ClassTeacher,
    CriterionMark,
    Debate,
    Feedback,
    GroupSplit,
    ModerationAction,
    Position,
    Reflection,
    Role,
    RubricCriterion,
    SideAssignment,
    Task,
    User,
    Visibility,
)
from tests.factories import (
    PASSWORD,
    add_member,
    make_argument,
    make_debate,
    make_position,
    make_user,
)

CLASS_ACTORS = ("teacher", "co_teacher", "student", "other_student", "outsider", "anonymous")
TEACHERS = frozenset({"teacher", "co_teacher"})
MEMBERS = TEACHERS | {"student"}
SIGNED_IN = frozenset(CLASS_ACTORS) - {"anonymous"}
OWN_ACCOUNTS = frozenset({"teacher", "co_teacher", "outsider"})
NEW_PASSWORD = "blue kettle on a hill"


@dataclass
class ClassWorld:
    """A class with two teachers, a managed student and a managed target student; another
    class with its own teacher and managed student; and an outsider."""

    classroom: int
    other_classroom: int
    code: str
    users: dict[str, int]
    target: int
    debate: int
    position: int
    material: int
    task: int
    me: int | None = None
    argument: int | None = None
    criterion: int | None = None
    split: int | None = None
    group: int | None = None
    group_position: int | None = None


def class_world(app) -> ClassWorld:
    with app.app_context():
        people = {name: make_user() for name in CLASS_ACTORS if name != "anonymous"}
        other_teacher, target = make_user(), make_user()
        for name in ("student", "other_student"):
            people[name].is_managed = True
        target.is_managed = True
        classroom = Classroom(name="Civics 9B", term="Autumn", join_code="ACDEFGHJ", teachers=[
            ClassTeacher(user=people["teacher"]), ClassTeacher(user=people["co_teacher"])],
            students=[ClassStudent(user=people["student"]), ClassStudent(user=target)])
        other = Classroom(name="Civics 9C", term="Autumn", join_code="KMNPQRTU",
                          teachers=[ClassTeacher(user=other_teacher)],
                          students=[ClassStudent(user=people["other_student"])])
        db.session.add_all([classroom, other])
        debate = make_debate(owner=people["teacher"], classroom=classroom,
                             visibility=Visibility.MEMBERS)
        add_member(debate, people["co_teacher"], Role.MODERATOR)
        add_member(debate, people["student"], Role.PARTICIPANT)
        add_member(debate, target, Role.PARTICIPANT)
        position = make_position(debate, statement="Cameras make cities safer")
        task = Task(classroom=classroom, debate=debate, title="Reflect", reflection=True,
                    due_at=datetime(2099, 1, 1))
        db.session.add(task)
        db.session.commit()
        return ClassWorld(classroom.id, other.id, other.join_code,
                          {name: user.id for name, user in people.items()}, target.id,
                          debate.id, position.id, debate.material_id, task.id)


def get(model, ident):
    return db.session.get(model, ident)


def in_class(w: ClassWorld, user_id) -> bool:
    return db.session.scalar(select(ClassStudent.id).where(
        ClassStudent.classroom_id == w.other_classroom, ClassStudent.user_id == user_id
    )) is not None


def anonymous_argument(w: ClassWorld) -> None:
    """Make the class's debate anonymous to peers, with an argument by the target student."""
    get(Debate, w.debate).peers_anonymous = True
    w.argument = make_argument(get(Position, w.position), get(User, w.target)).id


def split_in_two(w: ClassWorld) -> None:
    """Split the class into two groups, each with its copy of the class's debate."""
    groups = {w.users["student"]: "A", w.target: "B"}
    split = split_class(get(Classroom, w.classroom), get(User, w.users["teacher"]),
                        get(Debate, w.debate), groups, False, True)
    w.split, w.group = split.id, split.groups[0].id
    w.group_position = split.groups[0].debate.positions[0].id


def sides_of_groups(w: ClassWorld) -> int:
    return db.session.scalar(select(func.count()).select_from(SideAssignment))


def revealed(w: ClassWorld) -> bool:
    return db.session.scalar(select(ModerationAction.actor_id).where(
        ModerationAction.action == "reveal_name")) == w.me


def rubric_of_two(w: ClassWorld, marked: bool = False) -> None:
    """Give the class a rubric of two criteria; the first is w.criterion, marked once if
    asked."""
    first, second = (RubricCriterion(classroom_id=w.classroom, name=name, name_key=name.lower(),
                                     max_mark=4, position=position)
                     for position, name in ((1, "Claim"), (2, "Evidence")))
    db.session.add_all([first, second])
    if marked:
        db.session.add(Feedback(classroom_id=w.classroom, student_id=w.target, criterion_marks=[
            CriterionMark(criterion=first, mark=3, out_of=4)]))
    db.session.flush()
    w.criterion = first.id


def criterion(w: ClassWorld) -> RubricCriterion | None:
    return get(RubricCriterion, w.criterion)


def everyone_must_change(w: ClassWorld) -> None:
    for user_id in w.users.values():
        get(User, user_id).must_change_password = True


@dataclass
class ClassCase:
    """One way to call a class route: how, with what, who may, and what success leaves."""

    method: str
    url: Callable[[ClassWorld], str]
    allowed: frozenset
    data: Callable[[ClassWorld], dict] = lambda w: {}
    done: Callable[[ClassWorld], bool] | None = None
    success: int = 303
    setup: Callable[[ClassWorld], None] | None = None
    # (actor → (status, words)) where a refusal is not the class's usual one.
    refused: dict = field(default_factory=dict)


def teach(path: str, method: str = "POST", **values) -> ClassCase:
    return ClassCase(method, lambda w: f"/classes/{w.classroom}{path}", TEACHERS, **values)


JOINED = {
    "teacher": (422, "You teach this class."),
    "co_teacher": (422, "You teach this class."),
    "student": (422, "You are already in this class."),
    "other_student": (422, "cannot join other classes"),
}

CLASS_CASES = {
    "classes.index:page": ClassCase("GET", lambda w: "/classes/", SIGNED_IN, success=200),
    "classes.new:form": ClassCase("GET", lambda w: "/classes/new", SIGNED_IN, success=200),
    "classes.new": ClassCase(
        "POST", lambda w: "/classes/new", OWN_ACCOUNTS,
        data=lambda w: {"name": "Matrix class", "term": "Spring"},
        done=lambda w: db.session.scalar(select(ClassTeacher.user_id).join(Classroom).where(
            Classroom.name == "Matrix class")) == w.me,
        refused={"student": (422, "Student accounts cannot make classes."),
                 "other_student": (422, "Student accounts cannot make classes.")},
    ),
    "classes.show:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}", MEMBERS, success=200),
    "classes.qr:page": teach("/qr.svg", "GET", success=200),
    "classes.add_roster": teach(
        "/roster", data=lambda w: {"roster": "Matrix Pupil"}, success=200,
        done=lambda w: db.session.scalar(select(User.is_managed).where(
            User.display_name == "Matrix Pupil")) is True),
    "classes.cards_csv": teach(
        "/cards.csv", data=lambda w: {"usernames-0": get(User, w.target).username,
                                      "passwords-0": "abcd-efgh-jkmn"}, success=200),
    "classes.reset_password": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/students/{w.target}/password", TEACHERS,
        success=200, done=lambda w: get(User, w.target).must_change_password),
    "classes.remove": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/students/{w.target}/remove", TEACHERS,
        done=lambda w: get(User, w.target) is None),
    "classes.add_teacher": teach(
        "/teachers", data=lambda w: {"username": get(User, w.users["outsider"]).username},
        done=lambda w: db.session.scalar(select(func.count()).select_from(ClassTeacher).where(
            ClassTeacher.classroom_id == w.classroom)) == 3,
        refused={"outsider": (404, "There is no such class.")}),
    "classes.rotate_code": teach(
        "/code", done=lambda w: get(Classroom, w.classroom).join_code != "ACDEFGHJ"),
    "classes.joining": teach(
        "/joining", data=lambda w: {"open": "0"},
        done=lambda w: not get(Classroom, w.classroom).joining_open),
    "classes.archive": teach(
        "/archive", data=lambda w: {"confirm": "y"},
        done=lambda w: get(Classroom, w.classroom).archived_at is not None),
    "classes.new_debate:form": teach("/debates/new", "GET", success=200),
    "classes.new_debate": teach(
        "/debates/new", data=lambda w: {"material": str(w.material), "title": "Matrix debate",
                                        "question": "Why?"},
        done=lambda w: db.session.scalar(select(Debate.classroom_id).where(
            Debate.title == "Matrix debate")) == w.classroom),
    "classes.copy_debate": teach(
        "/debates/copy", data=lambda w: {"template": str(w.debate)},
        done=lambda w: db.session.scalar(select(func.count()).select_from(Debate).where(
            Debate.classroom_id == w.classroom)) == 2),
    "classes.sides:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/debates/{w.debate}/sides", TEACHERS,
        success=200),
    "classes.sides": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/debates/{w.debate}/sides", TEACHERS,
        data=lambda w: {f"side-{w.position}-{w.target}": "con"},
        done=lambda w: db.session.scalar(select(SideAssignment.side)) == "con"),
    "classes.balance": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/debates/{w.debate}/sides/balance",
        TEACHERS, done=lambda w: db.session.scalar(
            select(func.count()).select_from(SideAssignment)) == 2),
    "classes.new_task:form": teach("/tasks/new", "GET", success=200),
    "classes.new_task": teach(
        "/tasks/new", data=lambda w: {"debate": str(w.debate), "title": "Matrix task",
                                      "due_at": "2099-02-01T09:00", "arguments_target": "1",
                                      "replies_target": "0", "evidence_target": "0",
                                      "ratings_target": "0"},
        done=lambda w: db.session.scalar(select(Task.id).where(Task.title == "Matrix task"))),
    "classes.task:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/tasks/{w.task}", MEMBERS, success=200),
    "classes.reflect": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/tasks/{w.task}/reflection",
        frozenset({"student"}), data=lambda w: {"text": "The cost argument changed my mind."},
        done=lambda w: db.session.scalar(select(Reflection.user_id)) == w.me,
        refused={"teacher": (403, "Only the class&#39;s students write reflections."),
                 "co_teacher": (403, "Only the class&#39;s students write reflections.")}),
    "classes.gradebook_page:page": teach("/gradebook", "GET", success=200),
    "classes.gradebook_csv:page": teach("/gradebook.csv", "GET", success=200),
    "classes.report:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/students/{w.target}/report", TEACHERS,
        success=200),
    "classes.student_data:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/students/{w.target}/data.json", TEACHERS,
        success=200),
    "classes.delete:page": teach("/delete", "GET", success=200),
    # The class's two class accounts: the student and the target.
    "classes.delete": teach(
        "/delete", data=lambda w: {"accounts": "2"},
        done=lambda w: get(Classroom, w.classroom) is None and get(User, w.target) is None),
    "classes.feedback": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/students/{w.target}/feedback", TEACHERS,
        data=lambda w: {"argument": "0", "comment": "Well argued.", "mark": "3", "out_of": "4"},
        done=lambda w: db.session.scalar(select(Feedback.student_id)) == w.target),
    "classes.release": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/feedback/release", TEACHERS,
        setup=lambda w: db.session.add(Feedback(
            classroom_id=w.classroom, student_id=w.users["student"], comment="Good")),
        done=lambda w: db.session.scalar(select(Feedback.released_at)) is not None),
    "classes.my_feedback:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/feedback", frozenset({"student"}),
        success=200,
        refused={"teacher": (403, "Each student reads their own feedback here."),
                 "co_teacher": (403, "Each student reads their own feedback here.")}),
    "classes.rubric:page": teach("/rubric", "GET", success=200),
    "classes.rubric": teach(
        "/rubric", data=lambda w: {"name": "Matrix criterion", "max_mark": "4"},
        done=lambda w: db.session.scalar(select(RubricCriterion.max_mark).where(
            RubricCriterion.name == "Matrix criterion")) == 4),
    "classes.edit_criterion": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/rubric/{w.criterion}", TEACHERS,
        setup=rubric_of_two,
        data=lambda w: {f"criterion-{w.criterion}-name": "Clear claim",
                        f"criterion-{w.criterion}-max_mark": "5"},
        done=lambda w: (criterion(w).name, criterion(w).max_mark) == ("Clear claim", 5)),
    "classes.move_criterion": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/rubric/{w.criterion}/move", TEACHERS,
        setup=rubric_of_two, data=lambda w: {"direction": "down"},
        done=lambda w: criterion(w).position == 2),
    "classes.remove_criterion:form": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/rubric/{w.criterion}/remove", TEACHERS,
        setup=lambda w: rubric_of_two(w, marked=True), success=200),
    "classes.remove_criterion": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/rubric/{w.criterion}/remove", TEACHERS,
        setup=lambda w: rubric_of_two(w, marked=True), data=lambda w: {"confirm": "y"},
        done=lambda w: criterion(w) is None and db.session.scalar(
            select(func.count()).select_from(CriterionMark)) == 0),
    "classes.reveal:form": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/arguments/{w.argument}/reveal", TEACHERS,
        setup=anonymous_argument, success=200),
    "classes.reveal": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/arguments/{w.argument}/reveal", TEACHERS,
        setup=anonymous_argument, data=lambda w: {"reason": "A parent reported bullying."},
        success=200, done=revealed),
    "classes.groups:page": teach("/groups", "GET", success=200, setup=split_in_two),
    "classes.split:form": teach("/groups/new", "GET", success=200),
    "classes.split": teach(
        "/groups/new", data=lambda w: {"template": str(w.debate), "method": "random",
                                       "groups": "2"},
        done=lambda w: db.session.scalar(select(func.count()).select_from(GroupSplit)) == 1),
    "classes.group_split:page": ClassCase(
        "GET", lambda w: f"/classes/{w.classroom}/groups/{w.split}", TEACHERS,
        setup=split_in_two, success=200),
    "classes.group_sides": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/groups/{w.split}/sides", TEACHERS,
        setup=split_in_two, data=lambda w: {f"side-{w.group}-{w.group_position}": "con"},
        done=lambda w: sides_of_groups(w) == 1),
    "classes.balance_groups": ClassCase(
        "POST", lambda w: f"/classes/{w.classroom}/groups/{w.split}/sides/balance", TEACHERS,
        setup=split_in_two, done=lambda w: sides_of_groups(w) == 2),
    "classes.join:form": ClassCase("GET", lambda w: "/classes/join", SIGNED_IN, success=200),
    # The class joined is the other one: the actors of the first are outsiders to it.
    "classes.join": ClassCase(
        "POST", lambda w: "/classes/join", OWN_ACCOUNTS, data=lambda w: {"code": w.code},
        done=lambda w: in_class(w, w.me),
        refused={"student": (422, "cannot join other classes"),
                 "other_student": (422, "You are already in this class.")},
    ),
    "classes.join_link:page": ClassCase(
        "GET", lambda w: f"/classes/join/{w.code}", frozenset(CLASS_ACTORS), success=200),
    "classes.join_link": ClassCase(
        "POST", lambda w: f"/classes/join/{w.code}", OWN_ACCOUNTS,
        done=lambda w: in_class(w, w.me),
        refused={"student": (422, "cannot join other classes"),
                 "other_student": (422, "You are already in this class.")},
    ),
    # Everyone holds a one-time password here: each replaces their own.
    "classes.first_password": ClassCase(
        "POST", lambda w: "/classes/first-password", SIGNED_IN, setup=everyone_must_change,
        data=lambda w: {"current_password": PASSWORD, "password": NEW_PASSWORD,
                        "confirm": NEW_PASSWORD},
        done=lambda w: check_password_hash(get(User, w.me).password_hash, NEW_PASSWORD)
        and not get(User, w.me).must_change_password,
    ),
    "classes.first_password:form": ClassCase(
        "GET", lambda w: "/classes/first-password", SIGNED_IN, setup=everyone_must_change,
        success=200),
}
# How the class's outsiders are refused: students of the class may not teach it (403); to
# anyone else the class does not exist (404).
REFUSAL = {
    "student": (403, "Only the class&#39;s teachers can do that."),
    "other_student": (404, "There is no such class."),
    "outsider": (404, "There is no such class."),
}
