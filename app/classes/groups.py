"""Hold the rules for small groups: splitting a class for one template debate at random, by
hand or from a CSV table, each group arguing in its own copy, and the side each group argues."""

import csv
import io
import random
import re

from flask_babel import gettext as _
from sqlalchemy import delete

from app.classes.services import NAME_HEADERS, copy_template
from app.debates.services import TITLE_MAX
from app.errors import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.models import (
    ClassGroup,
    Classroom,
    Debate,
    GroupMember,
    GroupSplit,
    Side,
    SideAssignment,
    User,
)
from app.models.class_group import GROUP_NAME_MAX
from app.policy import Action, ClassAction, allows, require_class

GROUP_HEADERS = ("group", "team", "组", "小组", "分组")
USERNAME_HEADERS = ("username", "user", "用户名")
# How many unmatched rows a refusal names before it says "and n more".
ROWS_NAMED = 10


def group_name(value: str) -> str:
    """Read a typed group as its name, spaces tidied; a bare number n is "Group n"."""
    value = " ".join((value or "").split())
    if value.isdigit():
        return _("Group %(number)s", number=int(value))
    return value


def natural_key(name: str) -> list:
    """Order group names as people count: "Group 2" before "Group 10"."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part.casefold())
            for part in re.split(r"(\d+)", name) if part]


def random_groups(classroom: Classroom, count: int | None) -> dict[int, str]:
    """Deal the class's students at random into `count` groups whose sizes differ by at most
    one, as student id → group name."""
    students = [student.user_id for student in classroom.students]
    if not students:
        raise Conflict(_("The class has no students yet; add them before splitting it."),
                       field="groups")
    if count is None:
        raise DomainError(_("Say how many groups to make."), field="groups")
    if count < 2:
        raise DomainError(_("Make at least 2 groups."), field="groups")
    if count > len(students):
        raise DomainError(_(
            "The class has %(students)s students: make at most %(students)s groups.",
            students=len(students),
        ), field="groups")
    drawn = random.SystemRandom().sample(students, len(students))
    return {user_id: _("Group %(number)s", number=index % count + 1)
            for index, user_id in enumerate(drawn)}


def hand_groups(classroom: Classroom, chosen: dict[int, str]) -> dict[int, str]:
    """Read the grid a teacher filled in, student id → group typed; a student left blank is in
    no group."""
    students = {student.user_id for student in classroom.students}
    if not students:
        raise Conflict(_("The class has no students yet; add them before splitting it."),
                       field="hand")
    if any(user_id not in students for user_id in chosen):
        raise DomainError(_("Put only this class's students in groups."), field="hand")
    groups = {}
    for user_id, value in chosen.items():
        name = group_name(value)
        if len(name) > GROUP_NAME_MAX:
            raise DomainError(_("Keep group names to %(most)s characters.", most=GROUP_NAME_MAX),
                              field="hand")
        if name:
            groups[user_id] = name
    return groups


def csv_groups(classroom: Classroom, students: list[User], text: str) -> dict[int, str]:
    """Read a CSV table with a name (or username) column and a group column, student id →
    group name; refuse the whole table when any row names nobody of the class."""
    if not students:
        raise Conflict(_("The class has no students yet; add them before splitting it."),
                       field="csv_file")
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise DomainError(_("The file is empty."), field="csv_file")
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect))
    header = [cell.strip().casefold() for cell in rows[0]]
    who = next((header.index(h) for h in (*USERNAME_HEADERS, *NAME_HEADERS) if h in header),
               None)
    group = next((header.index(h) for h in GROUP_HEADERS if h in header), None)
    if who is None or group is None:
        raise DomainError(_(
            "The table needs a “name” or “username” column and a “group” column; its first row "
            "reads: %(header)s.", header=", ".join(cell.strip() for cell in rows[0]) or "—",
        ), field="csv_file")
    by_username = {user.username.casefold(): user.id for user in students}
    by_name: dict[str, list[int]] = {}
    for user in students:
        by_name.setdefault(" ".join(user.display_name.split()).casefold(), []).append(user.id)
    groups: dict[int, str] = {}
    unmatched = []
    for number, row in enumerate(rows[1:], 2):
        name = row[who].strip() if len(row) > who else ""
        value = group_name(row[group]) if len(row) > group else ""
        ids = by_name.get(" ".join(name.split()).casefold(), [])
        user_id = by_username.get(name.casefold()) or (ids[0] if len(ids) == 1 else None)
        if user_id is None or not value or groups.get(user_id, value) != value:
            unmatched.append(_("row %(number)s (“%(name)s”)", number=number, name=name))
            continue
        if len(value) > GROUP_NAME_MAX:
            raise DomainError(_("Keep group names to %(most)s characters.", most=GROUP_NAME_MAX),
                              field="csv_file")
        groups[user_id] = value
    if unmatched:
        named = ", ".join(unmatched[:ROWS_NAMED])
        if len(unmatched) > ROWS_NAMED:
            named += " " + _("and %(count)s more", count=len(unmatched) - ROWS_NAMED)
        raise DomainError(_(
            "These rows match no student of the class, name two students alike, have no group, "
            "or put a student in a second group: %(rows)s. Nothing was saved; correct the file "
            "and upload it again.", rows=named,
        ), field="csv_file")
    return groups


def group_title(title: str, name: str) -> str:
    """Name a group's copy after the template and the group, within a debate title's length."""
    suffix = f" · {name}"
    return title[:TITLE_MAX - len(suffix)] + suffix


def split_class(
    classroom: Classroom, teacher: User, template: Debate, groups: dict[int, str],
    with_arguments: bool, peers_anonymous: bool, field: str = "groups",
) -> GroupSplit:
    """Split the class into the named groups (student id → group name), each with its own copy
    of the template for its students alone; teachers run every copy."""
    require_class(teacher, ClassAction.TEACH, classroom)
    if not allows(teacher, Action.VIEW, template):
        raise NotAllowed(_("You cannot read this debate; choose one you can."), field="template")
    roster = {student.user_id for student in classroom.students}
    if any(user_id not in roster for user_id in groups):
        raise DomainError(_("Put only this class's students in groups."), field=field)
    names = sorted(set(groups.values()), key=natural_key)
    if len(names) < 2:
        raise DomainError(_("Put the students in at least 2 groups."), field=field)
    split = GroupSplit(classroom=classroom, template_id=template.id, title=template.title)
    db.session.add(split)
    for name in names:
        members = [user_id for user_id in groups if groups[user_id] == name]
        debate = copy_template(classroom, teacher, template, with_arguments, peers_anonymous,
                               students=members, title=group_title(template.title, name))
        split.groups.append(ClassGroup(name=name, debate=debate, members=[
            GroupMember(user_id=user_id) for user_id in members]))
    db.session.flush()
    return split


def split_of(classroom: Classroom, split_id: int) -> GroupSplit:
    """Find one of the class's splits, or answer 404."""
    split = db.session.get(GroupSplit, split_id)
    if split is None or split.classroom_id != classroom.id:
        raise NotFound(_("This class has no such split into groups."))
    return split


def assign_group_sides(
    classroom: Classroom, teacher: User, split: GroupSplit,
    sides: dict[tuple[int, int], Side | None],
) -> int:
    """Give each group a side on positions of its debate, (group id, position id) → side or
    None for free: every student of the group argues it; return how many students are
    assigned."""
    require_class(teacher, ClassAction.TEACH, classroom)
    groups = {group.id: group for group in split.groups}
    if any(group_id not in groups
           or position_id not in {p.id for p in groups[group_id].debate.positions}
           for group_id, position_id in sides):
        raise DomainError(_("Assign sides only on the positions of this split's group "
                            "debates."))
    assigned = 0
    for (group_id, position_id), side in sides.items():
        db.session.execute(delete(SideAssignment).where(
            SideAssignment.position_id == position_id))
        if side is not None:
            members = groups[group_id].members
            db.session.add_all(SideAssignment(position_id=position_id, user_id=member.user_id,
                                              side=side) for member in members)
            assigned += len(members)
    db.session.flush()
    return assigned


def balance_group_sides(classroom: Classroom, teacher: User, split: GroupSplit) -> int:
    """Give each group a side at random on each position of its debate, as many groups For as
    Against on the positions the copies share (the first of each, the second of each...)."""
    slots: dict[int, list[tuple[int, int]]] = {}
    for group in split.groups:
        for rank, position in enumerate(group.debate.positions):
            slots.setdefault(rank, []).append((group.id, position.id))
    if not slots:
        raise Conflict(_("The group debates have no positions yet; sides are taken on "
                         "positions."))
    draw = random.SystemRandom()
    sides = {}
    for pairs in slots.values():
        first, second = draw.sample([Side.PRO, Side.CON], 2)
        for number, pair in enumerate(draw.sample(pairs, len(pairs))):
            sides[pair] = first if number % 2 == 0 else second
    return assign_group_sides(classroom, teacher, split, sides)
