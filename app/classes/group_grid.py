"""Read a class's splits into groups and the teacher's side-by-side view of one, each in a
constant number of queries whatever the number of groups, students or arguments."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import case, func, select
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import (
    Argument,
    ClassGroup,
    Classroom,
    Evidence,
    GroupMember,
    GroupSplit,
    Position,
    Side,
    SideAssignment,
    User,
)

# A group whose students were given different sides on a position, one by one.
MIXED = "mixed"


@dataclass
class GroupLine:
    """One group's line of the side-by-side view."""

    group: ClassGroup
    students: list[User] = field(default_factory=list)
    arguments_for: int = 0
    arguments_against: int = 0
    # Replies below a top-level argument: 0 where nobody replied yet.
    deepest_reply: int = 0
    evidence: int = 0
    last_activity: datetime | None = None
    positions: list[Position] = field(default_factory=list)
    # Position id → the side every student of the group argues, None (free) or MIXED.
    sides: dict[int, Side | str | None] = field(default_factory=dict)


def splits_of(classroom: Classroom) -> list[tuple[GroupSplit, int, int]]:
    """Return the class's splits, newest first, each with its number of groups and students."""
    groups = (select(ClassGroup.split_id, func.count().label("groups"))
              .group_by(ClassGroup.split_id).subquery())
    students = (select(GroupMember.split_id, func.count().label("students"))
                .group_by(GroupMember.split_id).subquery())
    return [tuple(row) for row in db.session.execute(
        select(GroupSplit, func.coalesce(groups.c.groups, 0),
               func.coalesce(students.c.students, 0))
        .outerjoin(groups, groups.c.split_id == GroupSplit.id)
        .outerjoin(students, students.c.split_id == GroupSplit.id)
        .where(GroupSplit.classroom_id == classroom.id)
        .order_by(GroupSplit.id.desc())
    )]


def group_grid(split: GroupSplit) -> list[GroupLine]:
    """Return one line per group of the split: its students, its arguments For and Against,
    its deepest reply, its evidence, when it last did something, and its sides."""
    lines = {group.id: GroupLine(group) for group in db.session.scalars(
        select(ClassGroup).join(ClassGroup.debate).options(contains_eager(ClassGroup.debate))
        .where(ClassGroup.split_id == split.id).order_by(ClassGroup.id)
    )}
    if not lines:
        return []
    by_debate = {line.group.debate_id: line for line in lines.values()}
    members: dict[int, set[int]] = {group_id: set() for group_id in lines}
    for group_id, user in db.session.execute(
        select(GroupMember.group_id, User).join(User, GroupMember.user_id == User.id)
        .where(GroupMember.split_id == split.id).order_by(User.display_name, User.id)
    ):
        lines[group_id].students.append(user)
        members[group_id].add(user.id)
    in_split = Position.debate_id.in_(list(by_debate))
    for debate_id, pro, con, depth, last in db.session.execute(
        select(Position.debate_id,
               func.sum(case((Argument.supports_position, 1), else_=0)),
               func.sum(case((Argument.supports_position, 0), else_=1)),
               func.max(Argument.depth), func.max(Argument.created_at))
        .join(Position, Argument.position_id == Position.id)
        .where(in_split, Argument.withdrawn_at.is_(None))
        .group_by(Position.debate_id)
    ):
        line = by_debate[debate_id]
        line.arguments_for, line.arguments_against = int(pro or 0), int(con or 0)
        line.deepest_reply, line.last_activity = max((depth or 1) - 1, 0), last
    for debate_id, count, last in db.session.execute(
        select(Position.debate_id, func.count(Evidence.id), func.max(Evidence.created_at))
        .join(Argument, Evidence.argument_id == Argument.id)
        .join(Position, Argument.position_id == Position.id)
        .where(in_split).group_by(Position.debate_id)
    ):
        line = by_debate[debate_id]
        line.evidence = count
        if line.last_activity is None or (last is not None and last > line.last_activity):
            line.last_activity = last
    for position in db.session.scalars(select(Position).where(in_split).order_by(Position.id)):
        by_debate[position.debate_id].positions.append(position)
    given: dict[int, dict[int, Side]] = {}
    for position_id, user_id, side in db.session.execute(
        select(SideAssignment.position_id, SideAssignment.user_id, SideAssignment.side)
        .join(Position, SideAssignment.position_id == Position.id).where(in_split)
    ):
        given.setdefault(position_id, {})[user_id] = side
    for line in lines.values():
        students = members[line.group.id]
        for position in line.positions:
            sides = {given.get(position.id, {}).get(user_id) for user_id in students}
            line.sides[position.id] = sides.pop() if len(sides) == 1 else (
                None if not sides else MIXED)
    return list(lines.values())
