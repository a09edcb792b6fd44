"""Hold the rules for classes: making them, their join code, rosters of managed accounts,
one-time passwords, joining, removing and archiving, and the class's debates and sides."""

import csv
import io
import random
import re
import secrets
import unicodedata

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from werkzeug.security import generate_password_hash

from app.audit import log_action
from app.auth.privacy import delete_account
from app.auth.services import (
    DISPLAY_NAME_MAX,
    USERNAME_MAX,
    change_password,
    check_password,
    find_user,
    register_user,
)
from app.auth.sign_ins import end_every_sign_in
from app.classes.rubrics import checked_criterion_marks
from app.debates.services import start_debate
from app.errors import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.models import (
    Argument,
    ClassGroup,
    Classroom,
    ClassStudent,
    ClassTeacher,
    Debate,
    Feedback,
    GroupMember,
    GroupSplit,
    Material,
    Membership,
    ModerationState,
    Position,
    PositionAnchor,
    Reflection,
    Role,
    Side,
    SideAssignment,
    Task,
    User,
    Visibility,
    Voters,
)
from app.models.classroom import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH
from app.models.columns import utcnow
from app.moderation.services import item_label
from app.notifications.services import notify
from app.policy import Action, ClassAction, require, require_class

NAME_MAX = 100
TERM_MAX = 60
ROSTER_MAX = 200
# Usernames made from names leave room for "_12" when two students share a name.
USERNAME_STEM_MAX = USERNAME_MAX - 4
# No look-alike characters (0/o, 1/l/i): a password copied off a card is typed right.
CARD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PASSWORD_GROUPS = 3
PASSWORD_GROUP_LENGTH = 4
# A one-time password is random and replaced at first sign-in; its length, not the hash's
# cost, keeps it from being guessed, so a roster of 200 is made in one request.
ONE_TIME_HASH = "pbkdf2:sha256:1000"
TASK_TITLE_MAX = 200
TARGET_MAX = 100
REFLECTION_MAX = 2000
COMMENT_MAX = 4000
REVEAL_REASON_MAX = 500
COUNTED_TARGETS = ("arguments_target", "replies_target", "evidence_target", "ratings_target")
NAME_HEADERS = ("name", "student", "full name", "姓名", "名字")


def new_join_code() -> str:
    """Draw a join code no class uses."""
    while True:
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if db.session.scalar(select(Classroom.id).where(Classroom.join_code == code)) is None:
            return code


def normalised_code(code: str) -> str:
    """Read a typed code the way it was meant: any case, spaces and dashes ignored."""
    return re.sub(r"[\s-]", "", code or "").upper()


def checked_text(value: str, most: int, field: str, what: str) -> str:
    """Return the text trimmed, or refuse an empty or overlong one."""
    value = (value or "").strip()
    if not value or len(value) > most:
        raise DomainError(_(
            "Use 1 to %(most)s characters for the %(what)s.", most=most, what=what
        ), field=field)
    return value


def create_classroom(teacher: User, name: str, term: str) -> Classroom:
    """Make a class taught by the person who makes it; the caller commits."""
    if teacher.is_managed:
        raise DomainError(_("Student accounts cannot make classes."), field="name")
    classroom = Classroom(
        name=checked_text(name, NAME_MAX, "name", _("class name")),
        term=checked_text(term, TERM_MAX, "term", _("term")),
        join_code=new_join_code(),
        teachers=[ClassTeacher(user=teacher)],
    )
    db.session.add(classroom)
    db.session.flush()
    return classroom


def add_co_teacher(classroom: Classroom, teacher: User, username: str) -> User:
    """Make another person with their own account a teacher of the class and of its debates."""
    require_class(teacher, ClassAction.TEACH, classroom)
    colleague = find_user(username or "")
    if colleague is None:
        raise DomainError(_("Nobody is called “%(username)s” here.", username=username),
                          field="username")
    if colleague.is_managed:
        raise DomainError(_("A student account cannot teach."), field="username")
    if any(t.user_id == colleague.id for t in classroom.teachers):
        raise Conflict(_("%(name)s already teaches this class.", name=colleague.display_name),
                       field="username")
    if any(s.user_id == colleague.id for s in classroom.students):
        raise Conflict(_("%(name)s is a student of this class.", name=colleague.display_name),
                       field="username")
    classroom.teachers.append(ClassTeacher(user=colleague))
    for debate in classroom.debates:
        membership = debate.membership_of(colleague)
        if membership is None:
            db.session.add(Membership(debate=debate, user=colleague, role=Role.MODERATOR))
    db.session.flush()
    return colleague


def rotate_join_code(classroom: Classroom, teacher: User) -> str:
    """Give the class a new join code; the old one stops working at once."""
    require_class(teacher, ClassAction.TEACH, classroom)
    classroom.join_code = new_join_code()
    db.session.flush()
    return classroom.join_code


def set_joining(classroom: Classroom, teacher: User, open_: bool) -> None:
    """Switch the join code on or off."""
    require_class(teacher, ClassAction.TEACH, classroom)
    classroom.joining_open = open_
    db.session.flush()


def find_classroom_by_code(code: str) -> Classroom:
    """Find the class a typed join code names, or refuse with a message for the code field."""
    code = normalised_code(code)
    if len(code) != JOIN_CODE_LENGTH or any(c not in JOIN_CODE_ALPHABET for c in code):
        raise DomainError(_(
            "A join code has %(length)s letters and digits, as your teacher gave it.",
            length=JOIN_CODE_LENGTH,
        ), field="code")
    classroom = db.session.scalar(select(Classroom).where(Classroom.join_code == code))
    if classroom is None:
        raise NotFound(_(
            "No class has this code. Check it with your teacher: it may have been replaced "
            "by a new one."
        ), field="code")
    return classroom


def join_classroom(classroom: Classroom, user: User) -> ClassStudent:
    """Put a person with their own account on a class's roster, and into its debates."""
    require_class(user, ClassAction.JOIN, classroom)
    return enrol(classroom, user)


def enrol(classroom: Classroom, user: User) -> ClassStudent:
    """Add a student to the roster and make them a participant in every debate of the class."""
    student = ClassStudent(classroom=classroom, user=user)
    db.session.add(student)
    # A group's debate is for its group: a newcomer joins the debates of the whole class.
    grouped = set(db.session.scalars(select(ClassGroup.debate_id).join(GroupSplit).where(
        GroupSplit.classroom_id == classroom.id)))
    for debate in classroom.debates:
        if debate.id not in grouped and debate.membership_of(user) is None:
            take_part(debate, user.id)
    db.session.flush()
    return student


def take_part(debate: Debate, user_id: int, number: int | None = None) -> Membership:
    """Make a student a participant of a class debate, under the next free pseudonym number."""
    if number is None:
        number = (db.session.scalar(select(func.max(Membership.pseudonym)).where(
            Membership.debate_id == debate.id)) or 0) + 1
    membership = Membership(debate=debate, user_id=user_id, role=Role.PARTICIPANT,
                            pseudonym=number)
    db.session.add(membership)
    return membership


def parse_roster(text: str) -> list[str]:
    """Read names from pasted text: one a line, or a CSV whose header has a name column."""
    lines = [line for line in (text or "").splitlines() if line.strip()]
    if not lines:
        raise DomainError(_("Paste at least one name, one a line."), field="roster")
    names = names_from_csv(lines)
    if names is None:
        names = [line.strip() for line in lines]
        if names[0].lower() in NAME_HEADERS:
            names = names[1:]
    if len(names) > ROSTER_MAX:
        raise DomainError(_(
            "A roster takes at most %(most)s names at once; this one has %(count)s. "
            "Paste it in parts.",
            most=ROSTER_MAX,
            count=len(names),
        ), field="roster")
    for number, name in enumerate(names, 1):
        if len(name) > DISPLAY_NAME_MAX:
            raise DomainError(_(
                "Name %(number)s is longer than %(most)s characters; shorten it.",
                number=number,
                most=DISPLAY_NAME_MAX,
            ), field="roster")
    if not names:
        raise DomainError(_("The name column is empty; paste at least one name."),
                          field="roster")
    return names


def names_from_csv(lines: list[str]) -> list[str] | None:
    """Return the name column of a pasted CSV, or None when the text is not one."""
    try:
        dialect = csv.Sniffer().sniff(lines[0], delimiters=",;\t")
    except csv.Error:
        return None
    rows = list(csv.reader(io.StringIO("\n".join(lines)), dialect))
    header = [cell.strip().lower() for cell in rows[0]]
    column = next((header.index(h) for h in NAME_HEADERS if h in header), None)
    if column is None:
        if len(header) > 1:
            raise DomainError(_(
                "This looks like a table, but no column is called “name”. Add that header, or "
                "paste one name a line."
            ), field="roster")
        return None
    return [row[column].strip() for row in rows[1:] if len(row) > column and row[column].strip()]


def username_stem(name: str) -> str:
    """Turn a name into the start of a username: lowercase Latin letters, digits, underscores."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")[:USERNAME_STEM_MAX]
    return stem.strip("_") if len(stem) >= 3 else "student"


def unique_usernames(names: list[str]) -> list[str]:
    """Make one free username per name, numbering those that share a stem."""
    stems = [username_stem(name) for name in names]
    taken = set(db.session.scalars(select(User.username).where(or_(*(
        User.username.like(stem.replace("_", r"\_") + "%", escape="\\") for stem in set(stems)
    )))))
    usernames = []
    for stem in stems:
        candidate, number = stem, 1
        while candidate in taken:
            number += 1
            candidate = f"{stem}_{number}"
        taken.add(candidate)
        usernames.append(candidate)
    return usernames


def one_time_password(username: str) -> str:
    """Draw a password to print on a sign-in card, such as "k7mp-w3qx-9tfa"."""
    while True:
        password = "-".join(
            "".join(secrets.choice(CARD_ALPHABET) for _ in range(PASSWORD_GROUP_LENGTH))
            for _ in range(PASSWORD_GROUPS)
        )
        try:
            check_password(password, username)
        except DomainError:
            continue
        return password


def add_managed_students(
    classroom: Classroom, teacher: User, roster: str
) -> list[tuple[User, str]]:
    """Make a managed account for each name on a roster, with a one-time password each, and
    return them with their passwords, which are shown this once and never stored."""
    require_class(teacher, ClassAction.TEACH, classroom)
    names = parse_roster(roster)
    made = []
    for name, username in zip(names, unique_usernames(names), strict=True):
        password = one_time_password(username)
        user = register_user(username, name, password, hash_method=ONE_TIME_HASH)
        user.is_managed = True
        user.must_change_password = True
        enrol(classroom, user)
        made.append((user, password))
    return made


def student_of(classroom: Classroom, user_id: int) -> ClassStudent:
    """Find a student on the class's roster, or answer 404."""
    student = db.session.scalar(select(ClassStudent).where(
        ClassStudent.classroom_id == classroom.id, ClassStudent.user_id == user_id
    ))
    if student is None:
        raise NotFound(_("This student is not in the class."))
    return student


def reset_student_password(classroom: Classroom, teacher: User, user_id: int) -> tuple[User, str]:
    """Give a managed student a new one-time password and sign them out everywhere."""
    require_class(teacher, ClassAction.TEACH, classroom)
    user = student_of(classroom, user_id).user
    if not user.is_managed:
        raise Conflict(_(
            "%(name)s has an account of their own; only they can change its password.",
            name=user.display_name,
        ))
    password = one_time_password(user.username)
    user.password_hash = generate_password_hash(password, method=ONE_TIME_HASH)
    user.must_change_password = True
    end_every_sign_in(user)
    db.session.flush()
    return user, password


def remove_student(classroom: Classroom, teacher: User, user_id: int) -> User:
    """Take a student off the roster: out of the class's debates, and a managed account is
    deleted, as it exists only for this class."""
    require_class(teacher, ClassAction.TEACH, classroom)
    student = student_of(classroom, user_id)
    user = student.user
    db.session.delete(student)
    class_debates = select(Debate.id).where(Debate.classroom_id == classroom.id)
    db.session.execute(delete(SideAssignment).where(
        SideAssignment.user_id == user.id,
        SideAssignment.position_id.in_(
            select(Position.id).where(Position.debate_id.in_(class_debates))),
    ))
    db.session.execute(delete(Membership).where(
        Membership.user_id == user.id,
        Membership.debate_id.in_(class_debates),
    ))
    db.session.execute(delete(GroupMember).where(
        GroupMember.user_id == user.id,
        GroupMember.split_id.in_(select(GroupSplit.id).where(
            GroupSplit.classroom_id == classroom.id)),
    ))
    if user.is_managed:
        delete_account(user)
    db.session.flush()
    return user


def archive_classroom(classroom: Classroom, teacher: User) -> None:
    """End the term: the class becomes read-only and its join code stops working."""
    require_class(teacher, ClassAction.TEACH, classroom)
    classroom.archived_at = utcnow()
    classroom.joining_open = False
    db.session.flush()


def set_first_password(user: User, one_time: str, new: str, lasts):
    """Replace the one-time password from the card with one the student chose."""
    sign_in = change_password(user, one_time, new, lasts)
    user.must_change_password = False
    db.session.flush()
    return sign_in


def start_class_debate(
    classroom: Classroom, teacher: User, material: Material, title: str, question: str,
    peers_anonymous: bool = True, students: list[int] | None = None,
) -> Debate:
    """Start an open debate for the class: for its members only and unlisted, run by its
    teachers, with every student of the class (or only these students, by id) taking part,
    under a pseudonym numbered at random where they are anonymous to one another."""
    require_class(teacher, ClassAction.TEACH, classroom)
    debate = start_debate(material, teacher, title, question, open_now=True)
    debate.classroom = classroom
    debate.visibility = Visibility.MEMBERS
    debate.voters = Voters.MEMBERS
    debate.peers_anonymous = peers_anonymous
    for colleague in classroom.teachers:
        if colleague.user_id != teacher.id:
            db.session.add(Membership(debate=debate, user_id=colleague.user_id,
                                      role=Role.MODERATOR))
    if students is None:
        students = [student.user_id for student in classroom.students]
    # Numbered at random, not in roster order, so that "Student 1" is nobody in particular.
    for number, user_id in enumerate(random.SystemRandom().sample(students, len(students)), 1):
        take_part(debate, user_id, number)
    db.session.flush()
    return debate


def copy_template(
    classroom: Classroom, teacher: User, template: Debate, with_arguments: bool,
    peers_anonymous: bool = True, students: list[int] | None = None, title: str | None = None,
) -> Debate:
    """Start a class debate from one the teacher can read: its material, question and positions,
    and if asked its shown arguments, posted again in the teacher's name; for every student of
    the class, or only these."""
    require(teacher, Action.VIEW, template)
    debate = start_class_debate(classroom, teacher, template.material, title or template.title,
                                template.question, peers_anonymous, students)
    for position in template.positions:
        copy = Position(debate=debate, author=teacher, statement=position.statement, anchors=[
            PositionAnchor(passage_id=anchor.passage_id, quote=anchor.quote)
            for anchor in position.anchors
        ])
        db.session.add(copy)
        if with_arguments:
            db.session.flush()
            copy_arguments(position, copy, teacher)
    db.session.flush()
    return debate


def copy_arguments(source: Position, target: Position, teacher: User) -> None:
    """Copy a position's shown arguments, replies under their parents, in tree order."""
    copies: dict[int, Argument] = {}
    for argument in db.session.scalars(
        select(Argument).where(
            Argument.position_id == source.id,
            Argument.moderation == ModerationState.VISIBLE,
            Argument.withdrawn_at.is_(None),
            Argument.link_to_id.is_(None),
        ).order_by(Argument.path)
    ):
        if argument.parent_id is not None and argument.parent_id not in copies:
            continue
        copies[argument.id] = Argument(
            position=target,
            parent=copies.get(argument.parent_id),
            author=teacher,
            side=argument.side,
            supports_position=argument.supports_position,
            path=argument.path,
            depth=argument.depth,
            claim=argument.claim,
            claim_key=argument.claim_key,
            body=argument.body,
        )
        db.session.add(copies[argument.id])


def class_debate(classroom: Classroom, debate_id: int) -> Debate:
    """Find one of the class's debates, or answer 404."""
    debate = db.session.get(Debate, debate_id)
    if debate is None or debate.classroom_id != classroom.id:
        raise NotFound(_("This class has no such debate."))
    return debate


def debate_students(classroom: Classroom, debate: Debate) -> list[int]:
    """Return the ids of the students who argue in a class debate: its group's, or the
    class's."""
    group = db.session.scalar(select(ClassGroup).where(ClassGroup.debate_id == debate.id))
    if group is not None:
        return [member.user_id for member in group.members]
    return [student.user_id for student in classroom.students]


def assign_sides(
    classroom: Classroom, teacher: User, debate: Debate, sides: dict[tuple[int, int], Side | None]
) -> int:
    """Give students sides on the debate's positions, (position id, student id) → side or None
    for free; return how many are assigned."""
    require_class(teacher, ClassAction.TEACH, classroom)
    positions = {position.id for position in debate.positions}
    students = set(debate_students(classroom, debate))
    if any(p not in positions or u not in students for p, u in sides):
        raise DomainError(_("Assign sides only to this class's students on this debate's "
                            "positions."))
    db.session.execute(delete(SideAssignment).where(SideAssignment.position_id.in_(positions)))
    chosen = [SideAssignment(position_id=p, user_id=u, side=side)
              for (p, u), side in sides.items() if side is not None]
    db.session.add_all(chosen)
    db.session.flush()
    return len(chosen)


def balance_sides(classroom: Classroom, teacher: User, debate: Debate) -> int:
    """Give every student a side on every position at random, half For and half Against."""
    if not debate.positions:
        raise Conflict(_("Raise the debate's positions first; sides are taken on positions."))
    students = debate_students(classroom, debate)
    if not students:
        raise Conflict(_("The class has no students yet."))
    sides = {}
    for position in debate.positions:
        drawn = random.SystemRandom().sample(students, len(students))
        for number, user_id in enumerate(drawn):
            sides[(position.id, user_id)] = Side.PRO if number % 2 == 0 else Side.CON
    return assign_sides(classroom, teacher, debate, sides)


def create_task(
    classroom: Classroom, teacher: User, debate: Debate, title: str, due_at, **targets
) -> Task:
    """Set a task in one of the class's debates, with at least one counted target."""
    require_class(teacher, ClassAction.TEACH, classroom)
    if debate.classroom_id != classroom.id:
        raise DomainError(_("Choose one of this class's debates."), field="debate")
    title = checked_text(title, TASK_TITLE_MAX, "title", _("task"))
    if due_at is None:
        raise DomainError(_("Say when the task is due."), field="due_at")
    for name in COUNTED_TARGETS:
        if not 0 <= (targets.get(name) or 0) <= TARGET_MAX:
            raise DomainError(_("Ask for 0 to %(most)s.", most=TARGET_MAX), field=name)
    if not any(targets.values()):
        raise DomainError(_("Set at least one target: something to post, rate or write."),
                          field="arguments_target")
    task = Task(classroom=classroom, debate=debate, title=title, due_at=due_at,
                **{name: value or 0 if name in COUNTED_TARGETS else bool(value)
                   for name, value in targets.items()})
    db.session.add(task)
    db.session.flush()
    return task


def write_reflection(task: Task, student: User, text: str) -> Reflection:
    """Keep a student's closing reflection on a task, replacing an earlier one."""
    classroom = task.classroom
    require_class(student, ClassAction.VIEW, classroom)
    if classroom.is_archived:
        raise Conflict(_("This class is archived and read-only."), field="text")
    if not task.reflection:
        raise Conflict(_("This task asks for no reflection."), field="text")
    if student_of_or_none(classroom, student.id) is None:
        raise NotAllowed(_("Only the class's students write reflections."), field="text")
    text = checked_text(text, REFLECTION_MAX, "text", _("reflection"))
    reflection = db.session.scalar(select(Reflection).where(
        Reflection.task_id == task.id, Reflection.user_id == student.id))
    if reflection is None:
        reflection = Reflection(task_id=task.id, user_id=student.id, text=text)
        db.session.add(reflection)
    else:
        reflection.text = text
    db.session.flush()
    return reflection


def student_of_or_none(classroom: Classroom, user_id: int) -> ClassStudent | None:
    """Find a student on the class's roster."""
    return db.session.scalar(select(ClassStudent).where(
        ClassStudent.classroom_id == classroom.id, ClassStudent.user_id == user_id))


def deletion_counts(classroom: Classroom) -> dict[str, int]:
    """Count what deleting the class deletes: its class accounts and what they wrote."""
    managed = select(User.id).join(ClassStudent, ClassStudent.user_id == User.id).where(
        ClassStudent.classroom_id == classroom.id, User.is_managed)
    return {
        "accounts": db.session.scalar(select(func.count()).select_from(managed.subquery())),
        "students": len(classroom.students),
        "arguments": db.session.scalar(select(func.count(Argument.id)).where(
            Argument.author_id.in_(managed))),
        "tasks": db.session.scalar(select(func.count(Task.id)).where(
            Task.classroom_id == classroom.id)),
    }


def delete_classroom(classroom: Classroom, teacher: User) -> dict[str, int]:
    """Delete the class, its tasks and its class accounts with their data; students with
    their own accounts keep them. The class's debates stay with their owner."""
    require_class(teacher, ClassAction.DELETE, classroom)
    counts = deletion_counts(classroom)
    managed = [student.user for student in classroom.students if student.user.is_managed]
    for debate in classroom.debates:
        debate.classroom = None
    for split in db.session.scalars(select(GroupSplit).where(
            GroupSplit.classroom_id == classroom.id)):
        db.session.delete(split)
    db.session.delete(classroom)
    db.session.flush()
    for user in managed:
        delete_account(user)
    db.session.flush()
    return counts


def give_feedback(
    classroom: Classroom, teacher: User, student_id: int, argument_id: int | None,
    comment: str, mark: int | None, out_of: int,
    criterion_marks: dict[int, int | None] | None = None,
) -> Feedback:
    """Leave a private comment and mark for a student, on one of their arguments in the class's
    debates or on their work as a whole, with a mark on each criterion of the class's rubric
    the teacher marks (criterion id → mark); the student sees it once released."""
    require_class(teacher, ClassAction.TEACH, classroom)
    student_of(classroom, student_id)
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise DomainError(_("Keep the comment to %(most)s characters.", most=COMMENT_MAX),
                          field="comment")
    if not 1 <= out_of <= 100:
        raise DomainError(_("Mark out of 1 to 100."), field="out_of")
    if mark is not None and not 0 <= mark <= out_of:
        raise DomainError(_("Give a mark from 0 to %(most)s.", most=out_of), field="mark")
    given = checked_criterion_marks(classroom, criterion_marks or {})
    if not comment and mark is None and not given:
        raise DomainError(_("Write a comment, give a mark, or both."), field="comment")
    if argument_id is not None:
        argument = db.session.get(Argument, argument_id)
        if (argument is None or argument.author_id != student_id
                or argument.position.debate.classroom_id != classroom.id):
            raise DomainError(_("Choose one of this student's arguments in the class."),
                              field="argument")
    feedback = Feedback(classroom_id=classroom.id, student_id=student_id,
                        argument_id=argument_id, teacher_id=teacher.id, comment=comment,
                        mark=mark, out_of=out_of, criterion_marks=given)
    db.session.add(feedback)
    db.session.flush()
    return feedback


def release_feedback(classroom: Classroom, teacher: User) -> int:
    """Show every student the feedback given so far and tell each of them once."""
    require_class(teacher, ClassAction.TEACH, classroom)
    waiting = list(db.session.scalars(select(Feedback).where(
        Feedback.classroom_id == classroom.id, Feedback.released_at.is_(None))))
    now = utcnow()
    for feedback in waiting:
        feedback.released_at = now
    for student_id in sorted({feedback.student_id for feedback in waiting}):
        notify(student_id, lambda: _("Your teacher released feedback in %(name)s.",
                                     name=classroom.name))
    db.session.flush()
    return len(waiting)


def reveal_name(classroom: Classroom, teacher: User, argument_id: int, reason: str) -> User:
    """Tell a teacher who wrote an argument in the class's debate anonymous to peers, and
    record in the debate's log that they looked, and why."""
    require_class(teacher, ClassAction.TEACH, classroom)
    argument = db.session.get(Argument, argument_id)
    if argument is None or argument.position.debate.classroom_id != classroom.id:
        raise NotFound(_("This class has no such argument."))
    debate = argument.position.debate
    if not debate.peers_anonymous:
        raise Conflict(_("This debate is not anonymous: everyone sees the names already."))
    if argument.author_id is None or student_of_or_none(classroom, argument.author_id) is None:
        raise Conflict(_("Only a student of this class can be revealed."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why you reveal this name; the debate’s log shows it."),
                          field="reason")
    if len(reason) > REVEAL_REASON_MAX:
        raise DomainError(_("Keep the reason to %(most)s characters.", most=REVEAL_REASON_MAX),
                          field="reason")
    log_action(debate, teacher, "reveal_name", "argument", item_label(argument), reason,
               argument.id)
    db.session.flush()
    return argument.author
