"""Hold the rules of a class's rubric: its named criteria, their maxima and order, the marks
feedback gives on them, and what removing a criterion does to the marks given on it."""

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import delete, exists, func, select
from sqlalchemy.orm import aliased

from app.errors import Conflict, DomainError, NotFound
from app.extensions import db
from app.models import Classroom, CriterionMark, Feedback, RubricCriterion, User
from app.models.classroom import CRITERION_KEY_MAX, CRITERION_NAME_MAX, RUBRIC_MAX
from app.policy import ClassAction, require_class
from app.text import comparison_key, control_character, control_character_message, fitted

MAX_MARK_LARGEST = 100
OTHER_MARK = aliased(CriterionMark, name="other_mark")


@dataclass(frozen=True)
class Removal:
    """What removing a criterion takes with it: the marks given on it, how many of those the
    students already read, and the feedback left holding nothing else."""

    marks: int
    released: int
    emptied: int


def rubric_of(classroom: Classroom) -> list[RubricCriterion]:
    """Return the class's criteria in the teacher's order."""
    return list(db.session.scalars(
        select(RubricCriterion).where(RubricCriterion.classroom_id == classroom.id)
        .order_by(RubricCriterion.position, RubricCriterion.id)
    ))


def criterion_of(classroom: Classroom, criterion_id: int) -> RubricCriterion:
    """Find one criterion of the class's rubric, or answer 404."""
    criterion = db.session.get(RubricCriterion, criterion_id)
    if criterion is None or criterion.classroom_id != classroom.id:
        raise NotFound(_("This class's rubric has no such criterion."))
    return criterion


def marks_per_criterion(classroom: Classroom) -> dict[int, int]:
    """Count the marks given on each criterion of the class, in one query."""
    return dict(db.session.execute(
        select(CriterionMark.criterion_id, func.count(CriterionMark.id))
        .join(RubricCriterion, CriterionMark.criterion_id == RubricCriterion.id)
        .where(RubricCriterion.classroom_id == classroom.id)
        .group_by(CriterionMark.criterion_id)
    ).all())


def lock_rubric(classroom: Classroom) -> None:
    """Hold the class's row until the transaction ends, so that two teachers editing the rubric
    at once take turns and neither slips a sixth criterion past the count."""
    db.session.execute(select(Classroom.id).where(Classroom.id == classroom.id)
                       .with_for_update())


def checked_name(classroom: Classroom, name: str, criterion_id: int | None = None
                 ) -> tuple[str, str]:
    """Return the name trimmed and its comparison key, or refuse an empty, overlong or
    unprintable name, or one the rubric already has under another criterion."""
    name = " ".join((name or "").split())
    if character := control_character(name):
        raise DomainError(control_character_message(character), field="name")
    if not name:
        raise DomainError(_("Name the criterion."), field="name")
    if len(name) > CRITERION_NAME_MAX:
        raise DomainError(_("Keep the criterion’s name to %(most)s characters.",
                            most=CRITERION_NAME_MAX), field="name")
    key = fitted(comparison_key(name), CRITERION_KEY_MAX)
    taken = db.session.scalar(select(RubricCriterion.name).where(
        RubricCriterion.classroom_id == classroom.id, RubricCriterion.name_key == key,
        RubricCriterion.id != (criterion_id or 0)))
    if taken is not None:
        raise Conflict(_("The rubric already has a criterion called “%(name)s”.", name=taken),
                       field="name")
    return name, key


def checked_max_mark(max_mark: int | None) -> int:
    """Return the maximum mark, or refuse one outside 1 to 100."""
    if max_mark is None or not 1 <= max_mark <= MAX_MARK_LARGEST:
        raise DomainError(_("Mark a criterion out of 1 to %(most)s.", most=MAX_MARK_LARGEST),
                          field="max_mark")
    return max_mark


def add_criterion(classroom: Classroom, teacher: User, name: str, max_mark: int | None
                  ) -> RubricCriterion:
    """Add a criterion at the end of the class's rubric, which holds at most five."""
    require_class(teacher, ClassAction.TEACH, classroom)
    lock_rubric(classroom)
    criteria = rubric_of(classroom)
    if len(criteria) >= RUBRIC_MAX:
        raise Conflict(_("A rubric has at most %(most)s criteria; remove one before adding "
                         "another.", most=RUBRIC_MAX), field="name")
    name, key = checked_name(classroom, name)
    criterion = RubricCriterion(classroom_id=classroom.id, name=name, name_key=key,
                                max_mark=checked_max_mark(max_mark),
                                position=len(criteria) + 1)
    db.session.add(criterion)
    db.session.flush()
    return criterion


def change_criterion(classroom: Classroom, teacher: User, criterion_id: int, name: str,
                     max_mark: int | None) -> RubricCriterion:
    """Rename a criterion or change its maximum; marks already given keep the maximum they
    were given out of."""
    require_class(teacher, ClassAction.TEACH, classroom)
    criterion = criterion_of(classroom, criterion_id)
    criterion.name, criterion.name_key = checked_name(classroom, name, criterion.id)
    criterion.max_mark = checked_max_mark(max_mark)
    db.session.flush()
    return criterion


def move_criterion(classroom: Classroom, teacher: User, criterion_id: int, step: int) -> None:
    """Move a criterion one place earlier (step -1) or later (step 1) in the rubric."""
    require_class(teacher, ClassAction.TEACH, classroom)
    if step not in (-1, 1):
        raise DomainError(_("Move a criterion up or down one place."))
    lock_rubric(classroom)
    criteria = rubric_of(classroom)
    criterion = criterion_of(classroom, criterion_id)
    place = criteria.index(criterion)
    if not 0 <= place + step < len(criteria):
        raise Conflict(_("“%(name)s” is already the first criterion.", name=criterion.name)
                       if step < 0 else
                       _("“%(name)s” is already the last criterion.", name=criterion.name))
    criteria[place], criteria[place + step] = criteria[place + step], criteria[place]
    renumber(criteria)


def renumber(criteria: list[RubricCriterion]) -> None:
    """Number the criteria 1, 2, 3… in the order given."""
    for number, criterion in enumerate(criteria, 1):
        criterion.position = number
    db.session.flush()


def removal_of(criterion: RubricCriterion) -> Removal:
    """Count what removing a criterion would take with it, in one query."""
    emptied = (
        (Feedback.comment == "") & Feedback.mark.is_(None)
        & ~exists().where(OTHER_MARK.feedback_id == Feedback.id,
                          OTHER_MARK.criterion_id != criterion.id)
    )
    marks, released, emptied_count = db.session.execute(
        select(func.count(CriterionMark.id),
               func.count(Feedback.released_at),
               func.count(Feedback.id).filter(emptied))
        .join(Feedback, CriterionMark.feedback_id == Feedback.id)
        .where(CriterionMark.criterion_id == criterion.id)
    ).one()
    return Removal(marks, released, emptied_count)


def remove_criterion(classroom: Classroom, teacher: User, criterion_id: int, confirmed: bool
                     ) -> Removal:
    """Remove a criterion from the rubric. Marks given on it go with it, so a criterion that
    has marks is removed only once the teacher confirms having read what goes: the marks, and
    feedback that held nothing but such a mark."""
    require_class(teacher, ClassAction.TEACH, classroom)
    lock_rubric(classroom)
    criterion = criterion_of(classroom, criterion_id)
    removal = removal_of(criterion)
    if removal.marks and not confirmed:
        raise Conflict(_("Tick the box to remove “%(name)s” with its marks.",
                         name=criterion.name), field="confirm")
    marked = select(CriterionMark.feedback_id).where(
        CriterionMark.criterion_id == criterion.id)
    emptied_ids = list(db.session.scalars(
        select(Feedback.id).where(
            Feedback.id.in_(marked), Feedback.comment == "", Feedback.mark.is_(None),
            ~exists().where(OTHER_MARK.feedback_id == Feedback.id,
                            OTHER_MARK.criterion_id != criterion.id))
    ))
    db.session.execute(delete(CriterionMark).where(CriterionMark.criterion_id == criterion.id))
    if emptied_ids:
        db.session.execute(delete(Feedback).where(Feedback.id.in_(emptied_ids)))
    db.session.delete(criterion)
    db.session.flush()
    renumber(rubric_of(classroom))
    return removal


def checked_criterion_marks(classroom: Classroom, marks: dict[int, int | None]
                            ) -> list[CriterionMark]:
    """Return a mark for each criterion given one, each between 0 and the criterion's maximum;
    a criterion left blank gets none."""
    criteria = {criterion.id: criterion for criterion in rubric_of(classroom)} if marks else {}
    given = []
    for criterion_id, mark in marks.items():
        if mark is None:
            continue
        criterion = criteria.get(criterion_id)
        if criterion is None:
            raise DomainError(_("The rubric changed meanwhile; give the marks again."),
                              field="comment")
        if not 0 <= mark <= criterion.max_mark:
            raise DomainError(_("Give a mark from 0 to %(most)s.", most=criterion.max_mark),
                              field=f"criterion_{criterion.id}")
        given.append(CriterionMark(criterion=criterion, mark=mark, out_of=criterion.max_mark))
    return given
