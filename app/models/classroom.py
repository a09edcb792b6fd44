"""Store classes: their teachers, their students and the debates they hold."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.argument import Argument, Side
from app.models.columns import string_enum, utcnow
from app.models.position import Position
from app.models.user import User

if TYPE_CHECKING:
    from app.models.debate import Debate

JOIN_CODE_LENGTH = 8
RUBRIC_MAX = 5
CRITERION_NAME_MAX = 60
CRITERION_KEY_MAX = 100
# No 0/O, 1/I/L, 2/Z, 5/S, 8/B: a code read off a board or a card is typed right first time.
JOIN_CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"


class Classroom(db.Model):
    """A class a teacher runs for a term: its roster, its join code and its debates."""

    __tablename__ = "classrooms"
    __table_args__ = (
        CheckConstraint(f"length(join_code) = {JOIN_CODE_LENGTH}", name="join_code_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    term: Mapped[str] = mapped_column(String(60))
    join_code: Mapped[str] = mapped_column(String(JOIN_CODE_LENGTH), unique=True)
    # Switched off, the code lets nobody in; the teacher can switch it back on.
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    archived_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    teachers: Mapped[list["ClassTeacher"]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", order_by="ClassTeacher.id"
    )
    students: Mapped[list["ClassStudent"]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan", order_by="ClassStudent.id"
    )
    debates: Mapped[list["Debate"]] = relationship(
        back_populates="classroom", order_by="Debate.id"
    )
    rubric: Mapped[list["RubricCriterion"]] = relationship(
        back_populates="classroom", cascade="all, delete-orphan",
        order_by="(RubricCriterion.position, RubricCriterion.id)",
    )

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None

    def __repr__(self) -> str:
        return f"<Classroom {self.id} {self.name!r}>"


class ClassTeacher(db.Model):
    """A teacher of a class: whoever made it, and the co-teachers they added."""

    __tablename__ = "class_teachers"
    __table_args__ = (UniqueConstraint("classroom_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(
        ForeignKey("classrooms.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    classroom: Mapped[Classroom] = relationship(back_populates="teachers")
    user: Mapped[User] = relationship()


class ClassStudent(db.Model):
    """A student on a class's roster, joined by code or made by the teacher as a managed
    account."""

    __tablename__ = "class_students"
    __table_args__ = (
        UniqueConstraint("classroom_id", "user_id"),
        Index("ix_class_students_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    classroom: Mapped[Classroom] = relationship(back_populates="students")
    user: Mapped[User] = relationship()


class SideAssignment(db.Model):
    """The side a teacher gave a student to argue on one position of a class debate, whatever
    the student's own stance."""

    __tablename__ = "side_assignments"
    __table_args__ = (
        UniqueConstraint("position_id", "user_id"),
        Index("ix_side_assignments_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    side: Mapped[Side] = mapped_column(string_enum(Side, 3))
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    position: Mapped[Position] = relationship()
    user: Mapped[User] = relationship()


class Task(db.Model):
    """Work a teacher sets in one class debate, due at a time: counted targets a student's
    checklist ticks off as they post, reply, add evidence, rate, vote and reflect."""

    __tablename__ = "tasks"
    __table_args__ = (
        CheckConstraint(
            "arguments_target >= 0 AND replies_target >= 0 AND evidence_target >= 0 "
            "AND ratings_target >= 0",
            name="targets_not_negative",
        ),
        Index("ix_tasks_classroom_id_due_at", "classroom_id", "due_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"),
                                           index=True)
    title: Mapped[str] = mapped_column(String(200))
    due_at: Mapped[datetime]
    arguments_target: Mapped[int] = mapped_column(default=0, server_default="0")
    # Count only top-level arguments on the side the teacher assigned.
    on_assigned_side: Mapped[bool] = mapped_column(default=False, server_default=false())
    replies_target: Mapped[int] = mapped_column(default=0, server_default="0")
    evidence_target: Mapped[int] = mapped_column(default=0, server_default="0")
    ratings_target: Mapped[int] = mapped_column(default=0, server_default="0")
    # A stance taken on a position before arguing and again after: two stance records.
    stance_before_after: Mapped[bool] = mapped_column(default=False, server_default=false())
    reflection: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    classroom: Mapped[Classroom] = relationship()
    debate: Mapped["Debate"] = relationship()


class Reflection(db.Model):
    """A student's short closing text for a task: what changed their mind?"""

    __tablename__ = "reflections"
    __table_args__ = (
        UniqueConstraint("task_id", "user_id"),
        Index("ix_reflections_user_id", "user_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("tasks.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())


class Feedback(db.Model):
    """A teacher's private comment and mark for one student, on one of their arguments or on
    their work as a whole; hidden from the student until the teacher releases it."""

    __tablename__ = "feedback"
    __table_args__ = (
        CheckConstraint("out_of BETWEEN 1 AND 100", name="out_of_range"),
        CheckConstraint("mark IS NULL OR (mark >= 0 AND mark <= out_of)", name="mark_range"),
        Index("ix_feedback_classroom_id_student_id", "classroom_id", "student_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    student_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"),
                                            index=True)
    # None: on the student's work as a whole.
    argument_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="CASCADE"), index=True)
    teacher_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True)
    comment: Mapped[str] = mapped_column(Text, default="")
    mark: Mapped[int | None]
    out_of: Mapped[int] = mapped_column(default=4, server_default="4")
    released_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    argument: Mapped["Argument | None"] = relationship()
    criterion_marks: Mapped[list["CriterionMark"]] = relationship(
        back_populates="feedback", cascade="all, delete-orphan", passive_deletes=True,
        order_by="CriterionMark.id",
    )

    @property
    def is_empty(self) -> bool:
        """Tell whether it holds neither a comment nor any mark."""
        return not self.comment and self.mark is None and not self.criterion_marks


class RubricCriterion(db.Model):
    """One named criterion of a class's rubric, marked from 0 to its own maximum; a class has
    at most five, in the order the teacher set."""

    __tablename__ = "rubric_criteria"
    __table_args__ = (
        CheckConstraint("max_mark BETWEEN 1 AND 100", name="max_mark_range"),
        CheckConstraint(f"position BETWEEN 1 AND {RUBRIC_MAX}", name="position_range"),
        # "Evidence" and "evidence " are one criterion: the key is the name as compared.
        UniqueConstraint("classroom_id", "name_key"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    classroom_id: Mapped[int] = mapped_column(ForeignKey("classrooms.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(CRITERION_NAME_MAX))
    name_key: Mapped[str] = mapped_column(String(CRITERION_KEY_MAX))
    max_mark: Mapped[int]
    position: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    classroom: Mapped[Classroom] = relationship(back_populates="rubric")

    def __repr__(self) -> str:
        return f"<RubricCriterion {self.id} {self.name!r}/{self.max_mark}>"


class CriterionMark(db.Model):
    """The mark a feedback gives on one criterion of the rubric, out of the criterion's maximum
    when it was given, so that a later change of maximum leaves it as it was."""

    __tablename__ = "criterion_marks"
    __table_args__ = (
        CheckConstraint("out_of BETWEEN 1 AND 100", name="out_of_range"),
        CheckConstraint("mark >= 0 AND mark <= out_of", name="mark_range"),
        UniqueConstraint("feedback_id", "criterion_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    feedback_id: Mapped[int] = mapped_column(ForeignKey("feedback.id", ondelete="CASCADE"))
    criterion_id: Mapped[int] = mapped_column(
        ForeignKey("rubric_criteria.id", ondelete="CASCADE"), index=True)
    mark: Mapped[int]
    out_of: Mapped[int]

    feedback: Mapped[Feedback] = relationship(back_populates="criterion_marks")
    criterion: Mapped[RubricCriterion] = relationship()
