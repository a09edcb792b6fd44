"""Count what each student did towards a task's targets, in a fixed number of queries whatever
the size of the class or the debate."""

import enum
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import (
    Argument,
    Evidence,
    Position,
    Rating,
    Reflection,
    SideAssignment,
    StanceChange,
    Task,
)
from app.models.columns import utcnow

PARENT = aliased(Argument, name="parent")


class Target(enum.StrEnum):
    """Name each counted target a task may set."""

    ARGUMENTS = "arguments"
    REPLIES = "replies"
    EVIDENCE = "evidence"
    RATINGS = "ratings"
    STANCE = "stance"
    REFLECTION = "reflection"


TARGET_LABELS = {
    Target.ARGUMENTS: _l("Arguments posted"),
    Target.REPLIES: _l("Replies to others"),
    Target.EVIDENCE: _l("Evidence attached"),
    Target.RATINGS: _l("Arguments rated"),
    Target.STANCE: _l("Stance before and after"),
    Target.REFLECTION: _l("Reflection"),
}


class State(enum.StrEnum):
    """Say where a student stands on one target."""

    DONE = "done"
    LATE = "late"
    MISSING = "missing"
    OPEN = "open"


@dataclass(frozen=True)
class Cell:
    """One student's count on one target: all of it, what came by the due time, and the goal."""

    count: int
    on_time: int
    goal: int
    state: State


def targets_of(task: Task) -> dict[Target, int]:
    """Return the targets a task sets and how many each asks for."""
    goals = {
        Target.ARGUMENTS: task.arguments_target,
        Target.REPLIES: task.replies_target,
        Target.EVIDENCE: task.evidence_target,
        Target.RATINGS: task.ratings_target,
        Target.STANCE: 2 if task.stance_before_after else 0,
        Target.REFLECTION: 1 if task.reflection else 0,
    }
    return {target: goal for target, goal in goals.items() if goal}


def counted(author, moment, due, query):
    """Select per person: how many, and how many by the due time."""
    return query.with_only_columns(
        author.label("user_id"),
        func.count(),
        func.coalesce(func.sum(case((moment <= due, 1), else_=0)), 0),
    ).group_by(author)


def count_queries(task: Task, user_ids: list[int]) -> dict[Target, object]:
    """Build one grouped query per target the task sets."""
    in_debate = Position.debate_id == task.debate_id
    due = task.due_at
    queries = {}
    goals = targets_of(task)
    if Target.ARGUMENTS in goals:
        query = select(Argument.id).join(Position, Argument.position_id == Position.id).where(
            in_debate, Argument.parent_id.is_(None), Argument.author_id.in_(user_ids),
            Argument.withdrawn_at.is_(None))
        if task.on_assigned_side:
            query = query.join(SideAssignment, and_(
                SideAssignment.position_id == Argument.position_id,
                SideAssignment.user_id == Argument.author_id,
                SideAssignment.side == Argument.side))
        queries[Target.ARGUMENTS] = counted(Argument.author_id, Argument.created_at, due, query)
    if Target.REPLIES in goals:
        queries[Target.REPLIES] = counted(
            Argument.author_id, Argument.created_at, due,
            select(Argument.id).join(PARENT, Argument.parent_id == PARENT.id)
            .join(Position, Argument.position_id == Position.id).where(
                in_debate, Argument.author_id.in_(user_ids),
                PARENT.author_id.is_distinct_from(Argument.author_id),
                Argument.withdrawn_at.is_(None)))
    if Target.EVIDENCE in goals:
        queries[Target.EVIDENCE] = counted(
            Evidence.added_by_id, Evidence.created_at, due,
            select(Evidence.id).join(Argument, Evidence.argument_id == Argument.id)
            .join(Position, Argument.position_id == Position.id)
            .where(in_debate, Evidence.added_by_id.in_(user_ids)))
    if Target.RATINGS in goals:
        queries[Target.RATINGS] = counted(
            Rating.user_id, Rating.updated_at, due,
            select(Rating.id).join(Argument, Rating.argument_id == Argument.id)
            .join(Position, Argument.position_id == Position.id)
            .where(in_debate, Rating.user_id.in_(user_ids)))
    if Target.STANCE in goals:
        queries[Target.STANCE] = counted(
            StanceChange.user_id, StanceChange.created_at, due,
            select(StanceChange.id).join(Position, StanceChange.position_id == Position.id)
            .where(in_debate, StanceChange.user_id.in_(user_ids)))
    if Target.REFLECTION in goals:
        queries[Target.REFLECTION] = counted(
            Reflection.user_id, Reflection.created_at, due,
            select(Reflection.id).where(Reflection.task_id == task.id,
                                        Reflection.user_id.in_(user_ids)))
    return queries


def progress(task: Task, user_ids: list[int]) -> dict[int, dict[Target, Cell]]:
    """Return each student's cell on each of the task's targets, one query per target."""
    goals = targets_of(task)
    found: dict[Target, dict[int, tuple[int, int]]] = {
        target: {user_id: (count, on_time)
                 for user_id, count, on_time in db.session.execute(query).all()}
        for target, query in count_queries(task, user_ids).items()
    }
    overdue = utcnow() > task.due_at
    grid = {}
    for user_id in user_ids:
        row = {}
        for target, goal in goals.items():
            count, on_time = found[target].get(user_id, (0, 0))
            if on_time >= goal:
                state = State.DONE
            elif count >= goal:
                state = State.LATE
            elif overdue:
                state = State.MISSING
            else:
                state = State.OPEN
            row[target] = Cell(count, on_time, goal, state)
        grid[user_id] = row
    return grid
