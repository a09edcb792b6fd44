"""Read classes, their rosters and a person's classes, each in a constant number of queries."""

from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.models import (
    Argument,
    ClassGroup,
    Classroom,
    ClassStudent,
    ClassTeacher,
    CriterionMark,
    Debate,
    Feedback,
    GroupMember,
    Position,
    Reflection,
    Side,
    SideAssignment,
    Task,
    User,
)

# Running classes first, then the archived ones, newest first in each.
ARGUMENT_CHOICES = 200
CLASS_ORDER = (Classroom.archived_at.is_not(None), Classroom.id.desc())


def classes_taught(user: User) -> list[Classroom]:
    """Return the classes this person teaches."""
    return list(db.session.scalars(
        select(Classroom).join(ClassTeacher).where(ClassTeacher.user_id == user.id)
        .order_by(*CLASS_ORDER)
    ))


def classes_attended(user: User) -> list[Classroom]:
    """Return the classes this person is a student in."""
    return list(db.session.scalars(
        select(Classroom).join(ClassStudent).where(ClassStudent.user_id == user.id)
        .order_by(*CLASS_ORDER)
    ))


def roster(classroom: Classroom) -> list[tuple[User, datetime | None, int]]:
    """Return each student of the class with when they last posted in its debates and how many
    arguments they posted there, by name."""
    posted = (
        select(
            Argument.author_id.label("user_id"),
            func.max(Argument.created_at).label("last_posted"),
            func.count(Argument.id).label("arguments"),
        )
        .join(Position, Argument.position_id == Position.id)
        .join(Debate, Position.debate_id == Debate.id)
        .where(Debate.classroom_id == classroom.id)
        .group_by(Argument.author_id)
        .subquery()
    )
    rows = db.session.execute(
        select(User, posted.c.last_posted, func.coalesce(posted.c.arguments, 0))
        .join(ClassStudent, ClassStudent.user_id == User.id)
        .outerjoin(posted, posted.c.user_id == User.id)
        .where(ClassStudent.classroom_id == classroom.id)
        .order_by(User.display_name, User.id)
    ).all()
    return [(user, last, count) for user, last, count in rows]


def teachers_of(classroom: Classroom) -> list[User]:
    """Return the class's teachers, its maker first."""
    return list(db.session.scalars(
        select(User).join(ClassTeacher).where(ClassTeacher.classroom_id == classroom.id)
        .order_by(ClassTeacher.id)
    ))


def students_named(classroom: Classroom, usernames: list[str]) -> dict[str, User]:
    """Return those of these usernames that are students of the class, by username."""
    return {user.username: user for user in db.session.scalars(
        select(User).join(ClassStudent).where(
            ClassStudent.classroom_id == classroom.id, User.username.in_(usernames)
        )
    )}


def sides_of(debate: Debate) -> dict[tuple[int, int], Side]:
    """Return the sides assigned in a debate, by (position id, student id)."""
    return {(position_id, user_id): side for position_id, user_id, side in db.session.execute(
        select(SideAssignment.position_id, SideAssignment.user_id, SideAssignment.side)
        .join(Position).where(Position.debate_id == debate.id)
    )}


def my_sides(classroom: Classroom, user: User) -> list[tuple[Debate, Position, Side]]:
    """Return the sides this student was given in the class's debates."""
    return [tuple(row) for row in db.session.execute(
        select(Debate, Position, SideAssignment.side)
        .join(Position, SideAssignment.position_id == Position.id)
        .join(Debate, Position.debate_id == Debate.id)
        .where(SideAssignment.user_id == user.id, Debate.classroom_id == classroom.id)
        .order_by(Debate.id, Position.id)
    )]


def tasks_of(classroom: Classroom, student: User | None = None) -> list[Task]:
    """Return the class's tasks, soonest due first; for a student, not those set in another
    group's debate."""
    query = select(Task).where(Task.classroom_id == classroom.id)
    if student is not None:
        query = query.where(shown_to_student(Task.debate_id, student))
    return list(db.session.scalars(query.order_by(Task.due_at, Task.id)))


def reflection_of(task: Task, user: User) -> Reflection | None:
    """Return this person's reflection on the task, if written."""
    return db.session.scalar(select(Reflection).where(
        Reflection.task_id == task.id, Reflection.user_id == user.id))


def feedback_for(classroom: Classroom, student_id: int, released_only: bool) -> list[Feedback]:
    """Return the feedback a student was given in the class, with the arguments it is on."""
    query = (
        select(Feedback).where(Feedback.classroom_id == classroom.id,
                               Feedback.student_id == student_id)
        .options(selectinload(Feedback.argument),
                 selectinload(Feedback.criterion_marks).selectinload(CriterionMark.criterion))
        .order_by(Feedback.id)
    )
    if released_only:
        query = query.where(Feedback.released_at.is_not(None))
    return list(db.session.scalars(query))


def arguments_of(classroom: Classroom, student_id: int) -> list[Argument]:
    """Return a student's arguments in the class's debates, for feedback on one of them."""
    return list(db.session.scalars(
        select(Argument).join(Position, Argument.position_id == Position.id)
        .join(Debate, Position.debate_id == Debate.id)
        .where(Debate.classroom_id == classroom.id, Argument.author_id == student_id)
        .order_by(Argument.id).limit(ARGUMENT_CHOICES)
    ))


def waiting_feedback(classroom: Classroom) -> int:
    """Count the feedback not yet released to students."""
    return db.session.scalar(select(func.count(Feedback.id)).where(
        Feedback.classroom_id == classroom.id, Feedback.released_at.is_(None)))


def shown_to_student(debate_id, user: User):
    """Return a where-clause keeping the class debates a student argues in: those of the whole
    class and their own group's, not another group's."""
    grouped = select(ClassGroup.debate_id)
    own = (select(ClassGroup.debate_id).join(GroupMember, GroupMember.group_id == ClassGroup.id)
           .where(GroupMember.user_id == user.id))
    return or_(debate_id.not_in(grouped), debate_id.in_(own))


def class_debates(classroom: Classroom, user: User, teaching: bool) -> list[tuple[Debate, str]]:
    """Return the class's debates with the name of the group each is for (None: the whole
    class): every one for a teacher, the student's own for a student."""
    query = (select(Debate, ClassGroup.name)
             .outerjoin(ClassGroup, ClassGroup.debate_id == Debate.id)
             .where(Debate.classroom_id == classroom.id).order_by(Debate.id))
    if not teaching:
        query = query.where(shown_to_student(Debate.id, user))
    return [tuple(row) for row in db.session.execute(query)]
