"""Split a class into small groups: at random, by hand or from a CSV table, each group in its
own copy of a template debate that only its students and the teachers reach; the teacher's
side-by-side view of the groups, and a side given to a whole group."""

import io
import re
from collections import Counter
from datetime import datetime

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from app.classes.groups import split_class
from app.classes.services import new_join_code
from app.extensions import db
from app.models import (
    Argument,
    ClassGroup,
    Classroom,
    ClassStudent,
    ClassTeacher,
    Debate,
    GroupMember,
    GroupSplit,
    Membership,
    Position,
    Role,
    Side,
    SideAssignment,
    Task,
    User,
    Visibility,
)
from tests.factories import (
    PASSWORD,
    make_argument,
    make_debate,
    make_evidence,
    make_position,
    make_user,
)


def class_of(app, students: int = 7) -> dict:
    """A class with a teacher, a co-teacher and students, and a template debate with a position,
    an argument and a reply."""
    with app.app_context():
        teacher, colleague = make_user(), make_user()
        pupils = [make_user(is_managed=True, display_name=f"Pupil {chr(65 + n)} Lane")
                  for n in range(students)]
        classroom = Classroom(
            name="Civics 9B", term="Autumn", join_code=new_join_code(),
            teachers=[ClassTeacher(user=teacher), ClassTeacher(user=colleague)],
            students=[ClassStudent(user=pupil) for pupil in pupils],
        )
        template = make_debate(owner=teacher, title="Cameras in our town")
        position = make_position(template, statement="Cameras make cities safer")
        make_position(template, statement="Cameras cost too much")
        top = make_argument(position, teacher, claim="Cameras deter theft")
        make_argument(position, colleague, claim="Thieves just move on", side=Side.CON,
                      parent=top)
        db.session.add(classroom)
        db.session.commit()
        return {"classroom": classroom.id, "teacher": teacher.id, "colleague": colleague.id,
                "students": [pupil.id for pupil in pupils], "template": template.id,
                "usernames": [pupil.username for pupil in pupils]}


def client_for(app, user_id):
    with app.app_context():
        username = db.session.get(User, user_id).username
    client = app.test_client()
    assert client.post("/account/sign-in", data={
        "username": username, "password": PASSWORD}).status_code == 303
    return client


def split_url(w) -> str:
    return f"/classes/{w['classroom']}/groups/new"


def split_at_random(app, w, count: int, **extra) -> int:
    teacher = client_for(app, w["teacher"])
    response = teacher.post(split_url(w), data={
        "template": str(w["template"]), "method": "random", "groups": str(count), **extra})
    assert response.status_code == 303, response.get_data(as_text=True)[:600]
    with app.app_context():
        return db.session.scalar(select(func.max(GroupSplit.id)))


def groups_of(app, split_id: int) -> dict[str, tuple[int, set[int]]]:
    """Return each group's name → (its debate, its students)."""
    with app.app_context():
        return {group.name: (group.debate_id, {m.user_id for m in group.members})
                for group in db.session.get(GroupSplit, split_id).groups}


def nothing_saved(app) -> bool:
    with app.app_context():
        return (db.session.scalar(select(func.count()).select_from(GroupSplit)) == 0
                and db.session.scalar(select(func.count()).select_from(Debate).where(
                    Debate.classroom_id.is_not(None))) == 0)


def test_a_random_split_deals_every_student_into_balanced_groups_each_with_its_own_copy(app):
    w = class_of(app, students=7)
    split_id = split_at_random(app, w, 3, with_arguments="y")
    groups = groups_of(app, split_id)
    assert list(groups) == ["Group 1", "Group 2", "Group 3"]
    sizes = sorted(len(students) for _, students in groups.values())
    assert sizes == [2, 2, 3]
    assert set().union(*(students for _, students in groups.values())) == set(w["students"])
    with app.app_context():
        for name, (debate_id, students) in groups.items():
            debate = db.session.get(Debate, debate_id)
            assert debate.title == f"Cameras in our town · {name}"
            assert debate.classroom_id == w["classroom"]
            assert debate.visibility == Visibility.MEMBERS and debate.peers_anonymous is False
            roles = {m.user_id: m.role for m in debate.memberships}
            assert roles == {w["teacher"]: Role.OWNER, w["colleague"]: Role.MODERATOR,
                             **{student: Role.PARTICIPANT for student in students}}
            assert sorted(m.pseudonym for m in debate.memberships if m.pseudonym) == list(
                range(1, len(students) + 1))
            assert [p.statement for p in debate.positions] == [
                "Cameras make cities safer", "Cameras cost too much"]
            claims = db.session.scalars(select(Argument.claim).join(Position).where(
                Position.debate_id == debate_id).order_by(Argument.path)).all()
            assert claims == ["Cameras deter theft", "Thieves just move on"]


def test_anonymity_carries_to_every_group_copy(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2, peers_anonymous="y")
    with app.app_context():
        assert all(db.session.get(Debate, debate_id).peers_anonymous
                   for debate_id, _ in groups_of(app, split_id).values())


def test_a_split_by_hand_puts_each_student_where_typed_and_leaves_blanks_out(app):
    w = class_of(app, students=5)
    a, b, c, d, e = w["students"]
    teacher = client_for(app, w["teacher"])
    response = teacher.post(split_url(w), data={
        "template": str(w["template"]), "method": "hand", f"group-{a}": "Owls",
        f"group-{b}": " owls ".replace("o", "O"), f"group-{c}": "2", f"group-{d}": "2",
        f"group-{e}": ""})
    assert response.status_code == 303, response.get_data(as_text=True)[:600]
    with app.app_context():
        split_id = db.session.scalar(select(GroupSplit.id))
    groups = groups_of(app, split_id)
    assert {name: students for name, (_, students) in groups.items()} == {
        "Group 2": {c, d}, "Owls": {a, b}}
    # The student left out argues in neither copy.
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.user_id == e)) == 0


def test_a_split_from_a_csv_matches_names_and_usernames(app):
    w = class_of(app, students=4)
    a, b, c, d = w["students"]
    table = ("Name;Group\n"
             "pupil a lane;Red\n"
             f"{w['usernames'][1]};Blue\n"
             "Pupil C Lane;Red\n"
             "Pupil D  Lane;Blue\n")
    teacher = client_for(app, w["teacher"])
    response = teacher.post(split_url(w), data={
        "template": str(w["template"]), "method": "csv",
        "csv_file": (io.BytesIO(("\ufeff" + table).encode()), "groups.csv")},
        content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:600]
    with app.app_context():
        split_id = db.session.scalar(select(GroupSplit.id))
    assert {name: students for name, (_, students) in groups_of(app, split_id).items()} == {
        "Blue": {b, d}, "Red": {a, c}}


def test_a_csv_naming_unknown_students_is_refused_row_by_row_and_nothing_is_saved(app):
    w = class_of(app, students=4)
    table = "username,group\nnobody_here,1\n" + f"{w['usernames'][0]},1\nMystery Kid,2\n"
    teacher = client_for(app, w["teacher"])
    response = teacher.post(split_url(w), data={
        "template": str(w["template"]), "method": "csv",
        "csv_file": (io.BytesIO(table.encode()), "groups.csv")},
        content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "row 2 (“nobody_here”)" in body and "row 4 (“Mystery Kid”)" in body
    assert "row 3" not in body
    assert 'id="csv_file-error"' in body
    assert nothing_saved(app)


BAD_SPLITS = {
    "no number of groups": ({"method": "random", "groups": ""}, "groups",
                            "Say how many groups to make."),
    "zero groups": ({"method": "random", "groups": "0"}, "groups", "Make 2 to 200 groups."),
    "one group": ({"method": "random", "groups": "1"}, "groups", "Make 2 to 200 groups."),
    "more groups than students": ({"method": "random", "groups": "5"}, "groups",
                                  "The class has 4 students: make at most 4 groups."),
    "one group by hand": ({"method": "hand", "group-STUDENT": "A"}, "hand",
                          "Put the students in at least 2 groups."),
    "nobody by hand": ({"method": "hand"}, "hand", "Put the students in at least 2 groups."),
    "a CSV without the columns": ({"method": "csv", "csv_file": "pupil,team_colour\nA,1\n"},
                                  "csv_file", "The table needs a “name” or “username” column"),
    "a CSV of one group": ({"method": "csv", "csv_file": "username,group\nUSERNAME,1\n"},
                           "csv_file", "Put the students in at least 2 groups."),
    "no CSV file": ({"method": "csv"}, "csv_file", "Choose the CSV file"),
    "an unknown way": ({"method": "alphabetical", "groups": "2"}, "method",
                       "Not a valid choice"),
}


@pytest.mark.parametrize("case", BAD_SPLITS)
def test_a_bad_split_is_refused_beside_its_field_and_nothing_is_saved(app, case):
    w = class_of(app, students=4)
    data, field, words = BAD_SPLITS[case]
    data = {key.replace("STUDENT", str(w["students"][0])): value for key, value in data.items()}
    if "csv_file" in data:
        text = data["csv_file"].replace("USERNAME", w["usernames"][0])
        data["csv_file"] = (io.BytesIO(text.encode()), "groups.csv")
    teacher = client_for(app, w["teacher"])
    response = teacher.post(split_url(w), data={"template": str(w["template"]), **data},
                            content_type="multipart/form-data")
    body = response.get_data(as_text=True)
    assert response.status_code == 422, body[:600]
    error = re.search(rf'<p class="error" id="{field}-error"[^>]*>([^<]*)</p>', body)
    assert error and words in error[1].replace("&#34;", '"'), body[:3000]
    assert nothing_saved(app)


def test_an_empty_class_cannot_be_split(app):
    w = class_of(app, students=0)
    teacher = client_for(app, w["teacher"])
    page = teacher.get(split_url(w)).get_data(as_text=True)
    assert "The class has no students yet" in page
    response = teacher.post(split_url(w), data={
        "template": str(w["template"]), "method": "random", "groups": "2"})
    assert response.status_code == 422
    assert "The class has no students yet; add them before splitting it." in response.get_data(
        as_text=True)
    assert nothing_saved(app)


def test_a_teacher_cannot_split_on_a_debate_they_cannot_read(app):
    w = class_of(app, students=4)
    with app.app_context():
        hidden = make_debate(visibility=Visibility.MEMBERS)
        db.session.commit()
        hidden_id = hidden.id
    teacher = client_for(app, w["teacher"])
    response = teacher.post(split_url(w), data={
        "template": str(hidden_id), "method": "random", "groups": "2"})
    assert response.status_code == 422
    assert re.search(r'id="template-error"[^>]*>Not a valid choice',
                     response.get_data(as_text=True))
    assert nothing_saved(app)
    # The rule holds behind the form too.
    with app.app_context():
        from app.errors import NotAllowed

        with pytest.raises(NotAllowed):
            split_class(db.session.get(Classroom, w["classroom"]),
                        db.session.get(User, w["teacher"]), db.session.get(Debate, hidden_id),
                        {w["students"][0]: "A", w["students"][1]: "B"}, False, True)


def student_of_other_group(app, w, split_id) -> tuple[int, int, int]:
    """Return (a student of group 1, a student of group 2, group 2's debate)."""
    groups = groups_of(app, split_id)
    (_, first), (second_debate, second) = groups["Group 1"], groups["Group 2"]
    return min(first), min(second), second_debate


def test_a_student_of_another_group_reaches_nothing_of_a_group_s_debate(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2, with_arguments="y")
    outsider, insider, debate_id = student_of_other_group(app, w, split_id)
    with app.app_context():
        debate = db.session.get(Debate, debate_id)
        position = debate.positions[0]
        argument = db.session.scalar(select(Argument).where(Argument.position_id == position.id))
        make_evidence(argument, db.session.get(User, insider))
        values = {"debate_id": debate.id, "position_id": position.id,
                  "argument_id": argument.id}
        db.session.commit()
        urls = []
        adapter = app.url_map.bind("localhost")
        for rule in app.url_map.iter_rules():
            arguments = set(rule.arguments)
            if "GET" not in rule.methods or not arguments or not arguments & set(values):
                continue
            if arguments <= set(values):
                urls.append(adapter.build(rule.endpoint, {a: values[a] for a in arguments}))
            elif arguments - set(values) == {"format"}:
                for format in ("kialo", "argdown", "aif", "csv", "archive"):
                    urls.append(adapter.build(rule.endpoint, {
                        **{a: values[a] for a in arguments if a != "format"}, "format": format}))
    urls.append(f"/api/v1/arguments/{values['argument_id']}")
    assert any(url.startswith("/api/") for url in urls)
    assert any("/export/" in url for url in urls)
    stranger, member = client_for(app, outsider), client_for(app, insider)
    reached = 0
    for url in urls:
        status = stranger.get(url).status_code
        assert status in (403, 404), url
        if member.get(url).status_code == 200:
            reached += 1
    # The same pages answer the group's own students.
    assert reached > 10
    refused = stranger.post(f"/positions/{values['position_id']}/arguments/new",
                            data={"side": "pro", "claim": "I sneak in"})
    assert refused.status_code in (403, 404)
    assert "Cameras in our town · Group 2" not in stranger.get("/debates/").get_data(
        as_text=True)


def test_a_student_s_class_page_lists_only_their_own_group_s_debate(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    outsider, _, other_debate = student_of_other_group(app, w, split_id)
    groups = groups_of(app, split_id)
    with app.app_context():
        db.session.add(Task(classroom_id=w["classroom"], debate_id=other_debate,
                            title="Group 2 homework", due_at=datetime(2099, 1, 1),
                            arguments_target=1))
        db.session.commit()
        task_id = db.session.scalar(select(Task.id))
    student = client_for(app, outsider)
    page = student.get(f"/classes/{w['classroom']}").get_data(as_text=True)
    assert "Cameras in our town · Group 1" in page and "your group: Group 1" in page
    assert "Group 2" not in page and "Group 2 homework" not in page
    assert student.get(f"/classes/{w['classroom']}/tasks/{task_id}").status_code == 404
    teacher_page = client_for(app, w["teacher"]).get(
        f"/classes/{w['classroom']}").get_data(as_text=True)
    for name, (debate_id, _) in groups.items():
        assert f'href="/debates/{debate_id}"' in teacher_page and f"group: {name}" in teacher_page


def test_the_side_by_side_view_shows_each_group_s_work_and_opens_its_debate(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    groups = groups_of(app, split_id)
    first_debate, first_students = groups["Group 1"]
    with app.app_context():
        author = db.session.get(User, min(first_students))
        position = db.session.get(Debate, first_debate).positions[0]
        top = make_argument(position, author, claim="Cameras see the car park")
        reply = make_argument(position, author, claim="Only by day", side=Side.CON, parent=top)
        make_argument(position, author, claim="Lights fix that", parent=reply)
        make_argument(position, author, claim="Cameras cost a nurse", side=Side.CON)
        make_evidence(top, author)
        names = {user_id: db.session.get(User, user_id).display_name
                 for user_id in first_students}
        db.session.commit()
    page = client_for(app, w["colleague"]).get(
        f"/classes/{w['classroom']}/groups/{split_id}").get_data(as_text=True)
    row = re.search(r'<tr id="group-\d+">\s*<th scope="row" id="group-name-\d+"><a href="'
                    rf'/debates/{first_debate}">Group 1</a></th>(.*?)</tr>', page, re.S)
    assert row, page[:3000]
    cells = re.findall(r'<td class="([a-z-]+)">(\d+)</td>', row[1])
    # Counted for or against the position, as the gradebook counts: "Lights fix that" backs
    # an objection, so it stands against the position.
    assert dict(cells) == {"arguments-for": "1", "arguments-against": "3",
                           "deepest-reply": "2", "evidence": "1"}
    assert all(name in row[1] for name in names.values())
    assert "nothing yet" in page  # Group 2 did nothing yet.
    assert "Open the debate of Group 2" in page


def test_the_groups_page_shows_an_empty_state_before_any_split(app):
    w = class_of(app, students=2)
    page = client_for(app, w["teacher"]).get(f"/classes/{w['classroom']}/groups")
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "The class is not split into groups yet." in body
    assert f'href="/classes/{w["classroom"]}/groups/new"' in body


def grid_with(app, groups: int, count_queries) -> int:
    w = class_of(app, students=12)
    split_id = split_at_random(app, w, groups, with_arguments="y")
    with app.app_context():
        for debate_id, students in groups_of(app, split_id).values():
            position = db.session.get(Debate, debate_id).positions[0]
            for user_id in students:
                argument = make_argument(position, db.session.get(User, user_id),
                                         claim=f"Claim of {user_id}")
                make_evidence(argument, db.session.get(User, user_id))
        db.session.commit()
    teacher = client_for(app, w["teacher"])
    url = f"/classes/{w['classroom']}/groups/{split_id}"
    teacher.get(url)
    return count_queries(lambda: teacher.get(url))


def test_the_side_by_side_view_costs_the_same_queries_for_2_or_6_groups(app, count_queries):
    assert grid_with(app, 2, count_queries) == grid_with(app, 6, count_queries)


def test_a_side_given_to_a_group_holds_for_each_of_its_students(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    groups = groups_of(app, split_id)
    with app.app_context():
        group = db.session.scalar(select(ClassGroup).where(ClassGroup.name == "Group 1"))
        group_id, debate_id = group.id, group.debate_id
        first, second = (p.id for p in group.debate.positions)
    teacher = client_for(app, w["teacher"])
    url = f"/classes/{w['classroom']}/groups/{split_id}/sides"
    response = teacher.post(url, data={f"side-{group_id}-{first}": "con",
                                       f"side-{group_id}-{second}": ""})
    assert response.status_code == 303
    students = groups["Group 1"][1]
    with app.app_context():
        assert {(a.user_id, a.side) for a in db.session.scalars(select(SideAssignment))} == {
            (student, Side.CON) for student in students}
    page = teacher.get(f"/classes/{w['classroom']}/groups/{split_id}").get_data(as_text=True)
    assert re.search(rf'name="side-{group_id}-{first}"[^>]*>\s*<option value="">free</option>'
                     r'\s*<option value="pro">For</option><option value="con" selected>', page)
    # The student argues Against: For at the top level is refused.
    student = client_for(app, min(students))
    refused = student.post(f"/positions/{first}/arguments/new",
                           data={"side": "pro", "claim": "Cameras keep us safe"})
    assert refused.status_code == 422
    assert "you argue Against this position" in refused.get_data(as_text=True)
    # A side for a position of another group's debate is refused whole.
    with app.app_context():
        foreign = db.session.scalar(select(Position.id).where(
            Position.debate_id == groups["Group 2"][0]))
    bad = teacher.post(url, data={f"side-{group_id}-{foreign}": "pro"})
    assert bad.status_code == 422
    assert "Assign sides only on the positions of this split" in bad.get_data(as_text=True)
    assert debate_id != groups["Group 2"][0]


def test_a_group_whose_students_hold_different_sides_is_shown_mixed_and_left_alone(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    with app.app_context():
        group = db.session.scalar(select(ClassGroup).where(ClassGroup.name == "Group 1"))
        position = group.debate.positions[0].id
        a, b = (m.user_id for m in group.members)
        db.session.add_all([SideAssignment(position_id=position, user_id=a, side=Side.PRO),
                            SideAssignment(position_id=position, user_id=b, side=Side.CON)])
        db.session.commit()
        group_id = group.id
    teacher = client_for(app, w["teacher"])
    page = teacher.get(f"/classes/{w['classroom']}/groups/{split_id}").get_data(as_text=True)
    assert '<option value="mixed" selected>mixed (leave as is)</option>' in page
    assert teacher.post(f"/classes/{w['classroom']}/groups/{split_id}/sides",
                        data={f"side-{group_id}-{position}": "mixed"}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(SideAssignment)) == 2


def test_balancing_gives_as_many_groups_for_as_against_on_each_position(app):
    w = class_of(app, students=6)
    split_id = split_at_random(app, w, 4)
    teacher = client_for(app, w["teacher"])
    response = teacher.post(f"/classes/{w['classroom']}/groups/{split_id}/sides/balance")
    assert response.status_code == 303
    with app.app_context():
        groups = db.session.get(GroupSplit, split_id).groups
        for rank in (0, 1):
            sides = Counter()
            for group in groups:
                position = group.debate.positions[rank]
                given = set(db.session.scalars(select(SideAssignment.side).where(
                    SideAssignment.position_id == position.id)))
                assert len(given) == 1  # the whole group argues one side
                sides[given.pop()] += 1
            assert sides == {Side.PRO: 2, Side.CON: 2}
        assert db.session.scalar(select(func.count()).select_from(SideAssignment)) == 12


def test_the_sides_page_of_a_group_debate_lists_only_its_group(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    groups = groups_of(app, split_id)
    debate_id, students = groups["Group 1"]
    page = client_for(app, w["teacher"]).get(
        f"/classes/{w['classroom']}/debates/{debate_id}/sides").get_data(as_text=True)
    listed = {int(n) for n in re.findall(r'<tr id="student-(\d+)">', page)}
    assert listed == students


def test_a_student_who_joins_later_takes_part_in_class_debates_but_no_group_s(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    with app.app_context():
        late = make_user()
        db.session.commit()
        late_id = late.id
    assert client_for(app, late_id).post(
        "/classes/join", data={"code": db_code(app, w)}).status_code == 303
    with app.app_context():
        group_debates = [debate_id for debate_id, _ in groups_of(app, split_id).values()]
        assert db.session.scalar(select(func.count()).select_from(Membership).where(
            Membership.user_id == late_id, Membership.debate_id.in_(group_debates))) == 0


def db_code(app, w) -> str:
    with app.app_context():
        return db.session.get(Classroom, w["classroom"]).join_code


def test_a_student_is_in_at_most_one_group_of_a_split(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    with app.app_context():
        first, second = db.session.get(GroupSplit, split_id).groups
        member = first.members[0].user_id
        db.session.add(GroupMember(group=second, user_id=member))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_a_group_member_cannot_point_at_a_group_of_another_split(app):
    w = class_of(app, students=4)
    first_split, second_split = split_at_random(app, w, 2), split_at_random(app, w, 2)
    with app.app_context():
        if db.engine.dialect.name == "sqlite":
            # SQLite checks foreign keys only when asked, once per connection.
            db.session.execute(text("PRAGMA foreign_keys = ON"))
        group = db.session.get(GroupSplit, second_split).groups[0]
        # Someone in no group of the first split: only the composite key can refuse them.
        db.session.add(GroupMember(split_id=first_split, group_id=group.id,
                                   user_id=w["teacher"]))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        if db.engine.dialect.name == "sqlite":
            db.session.execute(text("PRAGMA foreign_keys = OFF"))


def test_deleting_a_class_deletes_its_groups_and_leaves_their_debates_to_the_teacher(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    debates = [debate_id for debate_id, _ in groups_of(app, split_id).values()]
    teacher = client_for(app, w["teacher"])
    assert teacher.post(f"/classes/{w['classroom']}/delete",
                        data={"accounts": "4"}).status_code == 303
    with app.app_context():
        for model in (GroupSplit, ClassGroup, GroupMember):
            assert db.session.scalar(select(func.count()).select_from(model)) == 0
        assert all(db.session.get(Debate, debate_id).owner_id == w["teacher"]
                   for debate_id in debates)


def test_removing_a_student_takes_them_out_of_their_group(app):
    w = class_of(app, students=4)
    split_id = split_at_random(app, w, 2)
    target = w["students"][0]
    assert client_for(app, w["teacher"]).post(
        f"/classes/{w['classroom']}/students/{target}/remove").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(GroupMember).where(
            GroupMember.split_id == split_id)) == 3
