"""Run a class: make it, paste a roster into managed accounts with sign-in cards, join by code,
reset passwords, remove students, archive; and the first sign-in of a managed account."""

import csv
import io
import re

from sqlalchemy import func, select

from app.classes.services import ONE_TIME_HASH, ROSTER_MAX, parse_roster
from app.errors import DomainError
from app.extensions import db
from app.models import Classroom, ClassStudent, Debate, User
from app.models.classroom import JOIN_CODE_ALPHABET
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "blue kettle on a hill"


def make_class(client, name="Civics 9B", term="Autumn 2026"):
    response = client.post("/classes/new", data={"name": name, "term": term})
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    return int(response.headers["Location"].rsplit("/", 1)[-1])


def cards_of(html: str) -> list[tuple[str, str]]:
    """Read the usernames and one-time passwords off the sign-in cards."""
    usernames = re.findall(r'class="card-username">([^<]+)<', html)
    passwords = re.findall(r'class="card-password">([^<]+)<', html)
    return list(zip(usernames, passwords, strict=True))


def paste(client, classroom_id, roster):
    return client.post(f"/classes/{classroom_id}/roster", data={"roster": roster})


def test_a_teacher_makes_a_class_with_a_join_code_without_look_alike_letters(app, client, auth):
    teacher = auth.sign_in_new()
    classroom_id = make_class(client)
    with app.app_context():
        classroom = db.session.get(Classroom, classroom_id)
        assert len(classroom.join_code) == 8
        assert set(classroom.join_code) <= set(JOIN_CODE_ALPHABET)
        assert not set("01OILSZB") & set(JOIN_CODE_ALPHABET)
        assert [t.user_id for t in classroom.teachers] == [teacher]
        code = classroom.join_code
    page = client.get(f"/classes/{classroom_id}").get_data(as_text=True)
    assert code in page and "Civics 9B" in page
    qr = client.get(f"/classes/{classroom_id}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    assert b"<svg" in qr.data and b"<path" in qr.data


def test_an_empty_class_name_is_refused_beside_the_field(client, auth):
    auth.sign_in_new()
    response = client.post("/classes/new", data={"name": "  ", "term": "Autumn"})
    assert response.status_code == 422
    assert "Name the class." in response.get_data(as_text=True)


def test_pasting_a_roster_makes_managed_accounts_and_shows_each_password_once(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    response = paste(client, classroom_id, "Anna Köhler\nBen Li\n\nAnna Köhler\n李明\n")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    cards = cards_of(response.get_data(as_text=True))
    usernames = [username for username, _ in cards]
    # Duplicates get numbered usernames; a name with no Latin letters still gets one.
    assert usernames == ["anna_kohler", "ben_li", "anna_kohler_2", "student"]
    with app.app_context():
        users = {u.username: u for u in db.session.scalars(select(User).where(
            User.username.in_(usernames)))}
        assert all(u.is_managed and u.must_change_password and u.email is None
                   for u in users.values())
        assert users["student"].display_name == "李明"
        # The password is stored only as a hash.
        assert all(u.password_hash.startswith(ONE_TIME_HASH) for u in users.values())
        assert db.session.scalar(select(func.count()).select_from(ClassStudent)) == 4
    # The class page never shows a password again.
    page = client.get(f"/classes/{classroom_id}").get_data(as_text=True)
    assert all(password not in page for _, password in cards)
    assert "anna_kohler_2" in page


def test_a_second_roster_numbers_names_taken_by_the_first(client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    paste(client, classroom_id, "Ben Li")
    cards = cards_of(paste(client, classroom_id, "Ben Li").get_data(as_text=True))
    assert [u for u, _ in cards] == ["ben_li_2"]


def test_a_csv_roster_reads_its_name_column(client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    roster = "id,Name,form\n1,Cara Diaz,9B\n2,\"Dan, Jr. Eze\",9B\n"
    cards = cards_of(paste(client, classroom_id, roster).get_data(as_text=True))
    assert [u for u, _ in cards] == ["cara_diaz", "dan_jr_eze"]


def test_bad_rosters_are_refused_with_a_clear_message_and_nothing_saved(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    too_many = "\n".join(f"Student {n}" for n in range(ROSTER_MAX + 300))
    for roster, words in (
        ("", "Paste at least one name"),
        ("  \n \n", "Paste at least one name"),
        (too_many, f"at most {ROSTER_MAX} names at once; this one has 500"),
        ("Ann\n" + "x" * 61, "Name 2 is longer than 60 characters"),
        ("id,form\n1,9B", "no column is called “name”"),
    ):
        response = paste(client, classroom_id, roster)
        assert response.status_code == 422, roster[:40]
        assert words in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ClassStudent)) == 0
        assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_roster_with_one_bad_name_saves_none_of_the_good_ones(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    response = paste(client, classroom_id, "name\nEve\n" + "y" * 70)
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "eve")) is None


def test_the_cards_download_as_a_spreadsheet_safe_csv(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client, name="=HYPERLINK(1)")
    cards = cards_of(paste(client, classroom_id, "=cmd|' /C calc'!A0\nZoë Ng").get_data(
        as_text=True))
    form = {}
    for number, (username, password) in enumerate(cards):
        form[f"usernames-{number}"] = username
        form[f"passwords-{number}"] = password
    response = client.post(f"/classes/{classroom_id}/cards.csv", data=form)
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.data.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == ["name", "username", "one_time_password", "class", "sign_in"]
    assert rows[1][0] == "'=cmd|' /C calc'!A0" and rows[1][3] == "'=HYPERLINK(1)"
    assert rows[2][:3] == ["Zoë Ng", "zoe_ng", cards[1][1]]
    # Cards of people who are not this class's students are refused.
    form["usernames-0"] = "someone_else"
    assert client.post(f"/classes/{classroom_id}/cards.csv", data=form).status_code == 400


def sign_in_with_card(app, username, password):
    client = app.test_client()
    response = client.post("/account/sign-in", data={"username": username, "password": password})
    assert response.status_code == 303
    return client


def test_a_managed_student_must_choose_a_password_before_anything_else(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    (username, password), = cards_of(paste(client, classroom_id, "Fay Ho").get_data(
        as_text=True))
    student = sign_in_with_card(app, username, password)
    response = student.get(f"/classes/{classroom_id}")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/classes/first-password")
    assert student.post("/debates/new", data={}).headers["Location"].endswith(
        "/classes/first-password")
    # The one-time password must be typed right, and the new one must be a good one.
    response = student.post("/classes/first-password", data={
        "current_password": "wrong", "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 422
    assert "The current password is not right." in response.get_data(as_text=True)
    response = student.post("/classes/first-password", data={
        "current_password": password, "password": "password1", "confirm": "password1"})
    assert response.status_code == 422
    response = student.post("/classes/first-password", data={
        "current_password": password, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 303
    page = student.get(f"/classes/{classroom_id}")
    assert page.status_code == 200 and "Civics 9B" in page.get_data(as_text=True)
    # The card's password no longer works; the chosen one does.
    assert app.test_client().post("/account/sign-in", data={
        "username": username, "password": password}).status_code == 422
    sign_in_with_card(app, username, NEW_PASSWORD)


def test_a_teacher_resets_a_forgotten_password_without_ever_reading_it(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    (username, password), = cards_of(paste(client, classroom_id, "Gus Ivy").get_data(
        as_text=True))
    student = sign_in_with_card(app, username, password)
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.username == username))
    response = client.post(f"/classes/{classroom_id}/students/{user_id}/password")
    assert response.status_code == 200
    (same, fresh), = cards_of(response.get_data(as_text=True))
    assert same == username and fresh != password
    # The old sign-in is ended everywhere.
    assert student.get("/classes/").status_code == 302
    sign_in_with_card(app, username, fresh)


def test_a_teacher_cannot_reset_the_password_of_a_student_with_their_own_account(
        app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    with app.app_context():
        code = db.session.get(Classroom, classroom_id).join_code
        own = make_user()
        db.session.commit()
        own_id = own.id
    other = app.test_client()
    other.post("/account/sign-in", data={"username": f"user{own_id}", "password": PASSWORD})
    with app.app_context():
        username = db.session.get(User, own_id).username
    other = sign_in_with_card(app, username, PASSWORD)
    assert other.post("/classes/join", data={"code": code.lower()}).status_code == 303
    response = client.post(f"/classes/{classroom_id}/students/{own_id}/password")
    assert response.status_code == 409
    assert "only they can change its password" in response.get_data(as_text=True)


def test_students_with_their_own_account_join_by_code_or_link(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    with app.app_context():
        code = db.session.get(Classroom, classroom_id).join_code
        first, second = make_user(), make_user()
        db.session.commit()
        names = first.username, second.username
    one = sign_in_with_card(app, names[0], PASSWORD)
    spaced = f"{code[:4].lower()} - {code[4:]}"
    assert one.post("/classes/join", data={"code": spaced}).status_code == 303
    assert "Civics 9B" in one.get("/classes/").get_data(as_text=True)
    response = one.post("/classes/join", data={"code": code})
    assert response.status_code == 422
    assert "You are already in this class." in response.get_data(as_text=True)
    two = sign_in_with_card(app, names[1], PASSWORD)
    landing = two.get(f"/classes/join/{code}")
    assert landing.status_code == 200 and "Join Civics 9B" in landing.get_data(as_text=True)
    assert two.post(f"/classes/join/{code}").status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ClassStudent)) == 2


def test_wrong_replaced_and_switched_off_codes_say_why(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    with app.app_context():
        old = db.session.get(Classroom, classroom_id).join_code
        username = make_user().username
        db.session.commit()
    student = sign_in_with_card(app, username, PASSWORD)
    response = student.post("/classes/join", data={"code": "ABC"})
    assert response.status_code == 422
    assert "A join code has 8 letters and digits" in response.get_data(as_text=True)
    assert client.post(f"/classes/{classroom_id}/code").status_code == 303
    response = student.post("/classes/join", data={"code": old})
    assert response.status_code == 422
    assert "No class has this code" in response.get_data(as_text=True)
    assert student.get(f"/classes/join/{old}").status_code == 404
    client.post(f"/classes/{classroom_id}/joining", data={"open": "0"})
    with app.app_context():
        new = db.session.get(Classroom, classroom_id).join_code
    response = student.post("/classes/join", data={"code": new})
    assert response.status_code == 422
    assert "join code is switched off" in response.get_data(as_text=True)
    client.post(f"/classes/{classroom_id}/joining", data={"open": "1"})
    assert student.post("/classes/join", data={"code": new}).status_code == 303


def test_a_managed_student_cannot_join_another_class_or_start_a_debate(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    other_id = make_class(client, name="Other class")
    (username, password), = cards_of(paste(client, classroom_id, "Hal Jo").get_data(
        as_text=True))
    with app.app_context():
        code = db.session.get(Classroom, other_id).join_code
    student = sign_in_with_card(app, username, password)
    student.post("/classes/first-password", data={
        "current_password": password, "password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    response = student.post("/classes/join", data={"code": code})
    assert response.status_code == 422
    assert "cannot join other classes" in response.get_data(as_text=True)
    assert student.get(f"/classes/{other_id}").status_code == 404
    with app.app_context():
        user = db.session.scalar(select(User).where(User.username == username))
        from app.debates.services import start_debate
        from tests.factories import make_material
        try:
            start_debate(make_material(), user, "Mine", "Why?")
            raise AssertionError("a class account started a debate")
        except DomainError as refusal:
            assert "Class accounts cannot start debates" in refusal.message
        db.session.rollback()
        assert db.session.scalar(select(func.count()).select_from(Debate)) == 0


def test_removing_a_managed_student_deletes_the_account(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    cards = cards_of(paste(client, classroom_id, "Ida\nJon").get_data(as_text=True))
    with app.app_context():
        ida = db.session.scalar(select(User.id).where(User.username == cards[0][0]))
    response = client.post(f"/classes/{classroom_id}/students/{ida}/remove")
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, ida) is None
    page = client.get(f"/classes/{classroom_id}").get_data(as_text=True)
    assert f'id="student-{ida}"' not in page and cards[1][0] in page


def test_an_archived_class_is_read_only(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    response = client.post(f"/classes/{classroom_id}/archive", data={})
    assert response.status_code == 422
    assert client.post(f"/classes/{classroom_id}/archive",
                       data={"confirm": "y"}).status_code == 303
    response = paste(client, classroom_id, "Kai")
    assert response.status_code == 409
    assert "archived and read-only" in response.get_data(as_text=True)


def test_a_co_teacher_runs_the_class_too(app, client, auth):
    auth.sign_in_new()
    classroom_id = make_class(client)
    with app.app_context():
        colleague = make_user()
        db.session.commit()
        name, colleague_id = colleague.username, colleague.id
    response = client.post(f"/classes/{classroom_id}/teachers", data={"username": "nobody"})
    assert response.status_code == 422 and "Nobody is called" in response.get_data(as_text=True)
    assert client.post(f"/classes/{classroom_id}/teachers",
                       data={"username": name}).status_code == 303
    other = sign_in_with_card(app, name, PASSWORD)
    assert other.get(f"/classes/{classroom_id}").status_code == 200
    assert paste(other, classroom_id, "Lou").status_code == 200
    with app.app_context():
        assert colleague_id in [t.user_id for t in db.session.get(
            Classroom, classroom_id).teachers]


def test_parse_roster_skips_a_lone_name_header():
    assert parse_roster("Name\nMo\nNia") == ["Mo", "Nia"]
