"""Count, for every student of a class, what they did across its debates: the gradebook, read
in one query per column whatever the size of the class or its debates."""

from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased, joinedload

from app.extensions import db
from app.models import (
    Argument,
    Classroom,
    ClassStudent,
    CriterionMark,
    Debate,
    Evidence,
    EvidenceKind,
    Feedback,
    Position,
    Rating,
    StanceChange,
    User,
)
from app.models.argument import Side

PARENT = aliased(Argument, name="parent")
RATED = aliased(Argument, name="rated")
RATER = aliased(ClassStudent, name="rater")
# A primary source: a passage of the debate's own material, or official data.
PRIMARY = Evidence.passage_id.is_not(None) | (Evidence.kind == EvidenceKind.OFFICIAL)

COLUMNS = {
    "arguments_for": _l("Arguments for"),
    "arguments_against": _l("Arguments against"),
    "replies": _l("Replies to others"),
    "evidence": _l("Evidence"),
    "ratings_given": _l("Ratings given"),
    "mean_rating_received": _l("Mean strength from peers"),
    "stance_changes": _l("Stance changes"),
    "answered_other_side": _l("Arguments answered from the other side"),
    "evidence_quality": _l("Primary evidence (%)"),
    "marks": _l("Marks"),
}


@dataclass
class CriterionTotal:
    """A student's marks on one criterion of the rubric, added up: so many out of so many,
    from so many marks."""

    total: int = 0
    out_of: int = 0
    count: int = 0

    @property
    def mean(self) -> float:
        """The mean mark, to two places."""
        return round(self.total / self.count, 2)

    def __str__(self) -> str:
        return f"{self.total}/{self.out_of}"


@dataclass
class Line:
    """One student's line of the gradebook, with their totals per criterion id."""

    student: User
    counts: dict[str, float | int | None] = field(default_factory=dict)
    criteria: dict[int, CriterionTotal] = field(default_factory=dict)


def criterion_totals(feedback: list[Feedback]) -> dict[int, CriterionTotal]:
    """Add up the criterion marks of these feedback, per criterion id."""
    totals: dict[int, CriterionTotal] = {}
    for item in feedback:
        for given in item.criterion_marks:
            total = totals.setdefault(given.criterion_id, CriterionTotal())
            total.total += given.mark
            total.out_of += given.out_of
            total.count += 1
    return totals


def in_class(classroom: Classroom):
    """The where-clause keeping positions of the class's debates."""
    return Position.debate_id.in_(select(Debate.id).where(Debate.classroom_id == classroom.id))


def gradebook(classroom: Classroom, user_id: int | None = None) -> list[Line]:
    """Return each student's line (or one student's), by name."""
    students_query = (
        select(User).join(ClassStudent, ClassStudent.user_id == User.id)
        .where(ClassStudent.classroom_id == classroom.id).order_by(User.display_name, User.id)
    )
    if user_id is not None:
        students_query = students_query.where(User.id == user_id)
    lines = {user.id: Line(user, dict.fromkeys(COLUMNS, 0))
             for user in db.session.scalars(students_query)}
    for line in lines.values():
        line.counts["mean_rating_received"] = line.counts["evidence_quality"] = None
    ids = list(lines)
    if not ids:
        return []
    own = Argument.position_id == Position.id
    for author, supports, count in db.session.execute(
        select(Argument.author_id, Argument.supports_position, func.count())
        .join(Position, own).where(in_class(classroom), Argument.author_id.in_(ids),
                                   Argument.withdrawn_at.is_(None))
        .group_by(Argument.author_id, Argument.supports_position)
    ):
        lines[author].counts["arguments_for" if supports else "arguments_against"] += count
    fill(lines, "replies", select(Argument.author_id, func.count())
         .join(Position, own).join(PARENT, Argument.parent_id == PARENT.id)
         .where(in_class(classroom), Argument.author_id.in_(ids),
                PARENT.author_id.is_distinct_from(Argument.author_id))
         .group_by(Argument.author_id))
    fill(lines, "evidence", select(Evidence.added_by_id, func.count())
         .join(Argument, Evidence.argument_id == Argument.id).join(Position, own)
         .where(in_class(classroom), Evidence.added_by_id.in_(ids))
         .group_by(Evidence.added_by_id))
    fill(lines, "ratings_given", select(Rating.user_id, func.count())
         .join(Argument, Rating.argument_id == Argument.id).join(Position, own)
         .where(in_class(classroom), Rating.user_id.in_(ids)).group_by(Rating.user_id))
    fill(lines, "mean_rating_received", select(RATED.author_id, func.avg(Rating.score))
         .join(RATED, Rating.argument_id == RATED.id)
         .join(Position, RATED.position_id == Position.id)
         .join(RATER, (RATER.user_id == Rating.user_id)
               & (RATER.classroom_id == classroom.id))
         .where(in_class(classroom), RATED.author_id.in_(ids),
                Rating.user_id != RATED.author_id)
         .group_by(RATED.author_id))
    fill(lines, "stance_changes", select(StanceChange.user_id, func.count())
         .join(Position, StanceChange.position_id == Position.id)
         .where(in_class(classroom), StanceChange.user_id.in_(ids))
         .group_by(StanceChange.user_id))
    # Others' arguments the student replied to from the side opposite to theirs.
    fill(lines, "answered_other_side", select(Argument.author_id,
                                              func.count(PARENT.id.distinct()))
         .join(Position, own).join(PARENT, Argument.parent_id == PARENT.id)
         .where(in_class(classroom), Argument.author_id.in_(ids),
                Argument.withdrawn_at.is_(None),
                PARENT.author_id.is_distinct_from(Argument.author_id),
                PARENT.supports_position != Argument.supports_position)
         .group_by(Argument.author_id))
    for user_id, primary, total in db.session.execute(
        select(Evidence.added_by_id, func.sum(case((PRIMARY, 1), else_=0)), func.count())
        .join(Argument, Evidence.argument_id == Argument.id).join(Position, own)
        .where(in_class(classroom), Evidence.added_by_id.in_(ids))
        .group_by(Evidence.added_by_id)
    ):
        lines[user_id].counts["evidence_quality"] = round(100 * int(primary) / total)
    for user_id, marks, out_of in db.session.execute(
        select(Feedback.student_id, func.sum(Feedback.mark), func.sum(Feedback.out_of))
        .where(Feedback.classroom_id == classroom.id, Feedback.student_id.in_(ids),
               Feedback.mark.is_not(None))
        .group_by(Feedback.student_id)
    ):
        lines[user_id].counts["marks"] = f"{marks}/{out_of}"
    for user_id, criterion_id, marks, out_of, count in db.session.execute(
        select(Feedback.student_id, CriterionMark.criterion_id, func.sum(CriterionMark.mark),
               func.sum(CriterionMark.out_of), func.count(CriterionMark.id))
        .join(Feedback, CriterionMark.feedback_id == Feedback.id)
        .where(Feedback.classroom_id == classroom.id, Feedback.student_id.in_(ids))
        .group_by(Feedback.student_id, CriterionMark.criterion_id)
    ):
        lines[user_id].criteria[criterion_id] = CriterionTotal(int(marks), int(out_of), count)
    for line in lines.values():
        if not line.counts["marks"]:
            line.counts["marks"] = None
        mean = line.counts["mean_rating_received"]
        line.counts["mean_rating_received"] = round(float(mean), 2) if mean is not None else None
    return list(lines.values())


def fill(lines: dict[int, Line], column: str, query) -> None:
    """Put one grouped count into each student's line."""
    for user_id, value in db.session.execute(query):
        lines[user_id].counts[column] = value


def one_sided_positions(classroom: Classroom) -> list[tuple[Position, Side]]:
    """List the class's positions whose arguments all stand on one side, with that side, in
    one query: where nobody yet argued the other side."""
    sides = (
        select(Argument.position_id, func.min(case((Argument.supports_position, 1), else_=0))
               .label("low"), func.max(case((Argument.supports_position, 1), else_=0))
               .label("high"))
        .join(Position, Argument.position_id == Position.id)
        .where(in_class(classroom), Argument.withdrawn_at.is_(None))
        .group_by(Argument.position_id).subquery()
    )
    rows = db.session.execute(
        select(Position, sides.c.high).join(sides, sides.c.position_id == Position.id)
        .options(joinedload(Position.debate))
        .where(sides.c.low == sides.c.high).order_by(Position.debate_id, Position.id)
    ).all()
    return [(position, Side.PRO if high else Side.CON) for position, high in rows]
