"""Serve classes: the teacher's class page, rosters and sign-in cards, join codes and their
QR codes, joining, and the first sign-in of a managed account."""

import csv
import io
import re

import segno
from flask import (
    Response,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required, login_user
from wtforms.fields import SelectChoice

from app.auth.privacy import export_account
from app.auth.routes import sign_in_lifetime
from app.classes import bp
from app.classes.forms import (
    ArchiveForm,
    CardsCsvForm,
    ClassDebateForm,
    ClassForm,
    CoTeacherForm,
    DeleteClassForm,
    FeedbackForm,
    FirstPasswordForm,
    JoinForm,
    ReflectionForm,
    RevealForm,
    RosterForm,
    SidesForm,
    TaskForm,
    TemplateForm,
    feedback_form,
)
from app.classes.gradebook import COLUMNS as GRADEBOOK_COLUMNS
from app.classes.gradebook import criterion_totals, gradebook, one_sided_positions
from app.classes.progress import TARGET_LABELS, progress, targets_of
from app.classes.queries import (
    arguments_of,
    class_debates,
    classes_attended,
    classes_taught,
    feedback_for,
    my_sides,
    reflection_of,
    roster,
    sides_of,
    students_named,
    tasks_of,
    teachers_of,
    waiting_feedback,
)
from app.classes.rubrics import rubric_of
from app.classes.services import (
    CARD_ALPHABET,
    ROSTER_MAX,
    add_co_teacher,
    add_managed_students,
    archive_classroom,
    assign_sides,
    balance_sides,
    class_debate,
    copy_template,
    create_classroom,
    create_task,
    debate_students,
    delete_classroom,
    deletion_counts,
    find_classroom_by_code,
    give_feedback,
    join_classroom,
    release_feedback,
    remove_student,
    reset_student_password,
    reveal_name,
    rotate_join_code,
    set_first_password,
    set_joining,
    start_class_debate,
    student_of,
    write_reflection,
)
from app.errors import DomainError, NotAllowed, NotFound, beside_field, form_status
from app.exports.spreadsheet import formula_safe
from app.extensions import db
from app.htmx import hx_redirect, render
from app.materials.queries import material_menu
from app.models import Argument, Classroom, Debate, Material, Side, Task, User
from app.models.argument import SIDE_LABELS
from app.policy import (
    Action,
    ClassAction,
    ClassStanding,
    allows,
    class_standing,
    require_class,
)
from app.visibility import load_debate, select_debates

# Pages a managed student may reach before choosing their own password.
BEFORE_FIRST_PASSWORD = {"classes.first_password", "auth.sign_out", "auth.language", "static"}
SIDE_FIELD = re.compile(r"^side-(\d{1,10})-(\d{1,10})$")
TEMPLATE_CHOICES = 100
TARGET_FIELDS = ("arguments_target", "on_assigned_side", "replies_target", "evidence_target",
                 "ratings_target", "stance_before_after", "reflection")
CARD_PASSWORD = re.compile(rf"^[{CARD_ALPHABET}-]{{1,20}}$")


@bp.before_app_request
def send_to_first_password():
    """Keep a managed student on the password page until they replace their one-time one."""
    if request.endpoint in BEFORE_FIRST_PASSWORD or request.endpoint is None:
        return None
    if current_user.is_authenticated and getattr(current_user, "must_change_password", False):
        return hx_redirect(url_for("classes.first_password"))
    return None


def load_classroom(classroom_id: int, user, then: ClassAction = ClassAction.VIEW) -> Classroom:
    """Load a class this person belongs to, or answer 404 as if it did not exist; refuse
    (403) a student what only teachers may do."""
    classroom = db.session.get(Classroom, classroom_id)
    if classroom is None or class_standing(user, classroom) not in (
        ClassStanding.TEACHER, ClassStanding.STUDENT
    ):
        raise NotFound(_("There is no such class."))
    require_class(user, then, classroom)
    return classroom


def back_to_class(classroom: Classroom):
    """Send the teacher back to the class page."""
    return hx_redirect(url_for("classes.show", classroom_id=classroom.id))


@bp.get("/")
@login_required
def index():
    """List the classes one teaches and those one is a student in."""
    return render_template(
        "classes/index.html",
        taught=classes_taught(current_user),
        attended=classes_attended(current_user),
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    """Make a class, taught by whoever makes it."""
    form = ClassForm()
    if form.validate_on_submit():
        with beside_field(form, "name"):
            classroom = create_classroom(current_user, form.name.data, form.term.data)
            db.session.commit()
            flash(_("Your class is ready. Add students with the join code or a roster."),
                  "success")
            return hx_redirect(url_for("classes.show", classroom_id=classroom.id))
    return render_template("classes/new.html", form=form), form_status()


def class_page(classroom: Classroom, **forms):
    """Render the class page: the teacher's roster and tools, or the student's view."""
    teaching = class_standing(current_user, classroom) == ClassStanding.TEACHER
    context = {
        "roster_form": RosterForm(formdata=None),
        "teacher_form": CoTeacherForm(formdata=None),
        "archive_form": ArchiveForm(formdata=None),
        **forms,
    }
    return render_template(
        "classes/show.html",
        classroom=classroom,
        teaching=teaching,
        students=roster(classroom) if teaching else [],
        debates=class_debates(classroom, current_user, teaching),
        my_sides=[] if teaching else my_sides(classroom, current_user),
        tasks=tasks_of(classroom, None if teaching else current_user),
        side_labels=SIDE_LABELS,
        teachers=teachers_of(classroom),
        roster_max=ROSTER_MAX,
        join_url=url_for("classes.join_link", code=classroom.join_code, _external=True),
        **context,
    ), form_status()


@bp.get("/<int:classroom_id>")
@login_required
def show(classroom_id: int):
    """Show a class to its teachers and students."""
    return class_page(load_classroom(classroom_id, current_user))


@bp.post("/<int:classroom_id>/roster")
@login_required
def add_roster(classroom_id: int):
    """Make managed accounts from a pasted roster and show their sign-in cards, once."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    form = RosterForm()
    if form.validate_on_submit():
        with beside_field(form, "roster"):
            made = add_managed_students(classroom, current_user, form.roster.data or "")
            db.session.commit()
            return cards_page(classroom, made)
    return class_page(classroom, roster_form=form)


def cards_page(classroom: Classroom, made: list[tuple[User, str]]):
    """Show sign-in cards with one-time passwords: this response is the only time they are."""
    response = render(
        "classes/cards.html",
        classroom=classroom,
        cards=made,
        csv_form=CardsCsvForm(formdata=None),
        sign_in_url=url_for("auth.sign_in", _external=True),
    )
    # Nobody's browser or proxy keeps a copy of the passwords.
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:classroom_id>/cards.csv")
@login_required
def cards_csv(classroom_id: int):
    """Turn the sign-in cards just shown into a CSV for a spreadsheet; the passwords come back
    from the page, as Agora keeps none."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    form = CardsCsvForm()
    if not form.validate_on_submit():
        return Response(_("The cards could not be read; make them again."), 400)
    pairs = list(zip(form.usernames.data, form.passwords.data, strict=False))
    if not pairs or any(not CARD_PASSWORD.match(password or "") for _, password in pairs):
        return Response(_("The cards could not be read; make them again."), 400)
    by_name = students_named(classroom, [username for username, _ in pairs])
    if set(by_name) != {username for username, _ in pairs}:
        return Response(_("These cards are not all of this class's students."), 400)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(["name", "username", "one_time_password", "class", "sign_in"])
    sign_in = url_for("auth.sign_in", _external=True)
    for username, password in pairs:
        writer.writerow([formula_safe(by_name[username].display_name), username, password,
                         formula_safe(classroom.name), sign_in])
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=class-{classroom.id}-sign-in-cards.csv",
            "Cache-Control": "no-store",
        },
    )


@bp.post("/<int:classroom_id>/students/<int:user_id>/password")
@login_required
def reset_password(classroom_id: int, user_id: int):
    """Give a managed student a new one-time password, shown once on a card."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    user, password = reset_student_password(classroom, current_user, user_id)
    db.session.commit()
    return cards_page(classroom, [(user, password)])


@bp.post("/<int:classroom_id>/students/<int:user_id>/remove")
@login_required
def remove(classroom_id: int, user_id: int):
    """Take a student off the roster; a managed account is deleted with its data."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    user = remove_student(classroom, current_user, user_id)
    name = user.display_name
    db.session.commit()
    flash(_("%(name)s is no longer in the class.", name=name), "success")
    return back_to_class(classroom)


@bp.post("/<int:classroom_id>/teachers")
@login_required
def add_teacher(classroom_id: int):
    """Add a co-teacher by username."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    form = CoTeacherForm()
    if form.validate_on_submit():
        with beside_field(form, "username"):
            colleague = add_co_teacher(classroom, current_user, form.username.data)
            db.session.commit()
            flash(_("%(name)s now teaches this class too.", name=colleague.display_name),
                  "success")
            return back_to_class(classroom)
    return class_page(classroom, teacher_form=form)


@bp.post("/<int:classroom_id>/code")
@login_required
def rotate_code(classroom_id: int):
    """Replace the join code; the old one stops working."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    code = rotate_join_code(classroom, current_user)
    db.session.commit()
    flash(_("The new join code is %(code)s; the old one no longer works.", code=code),
          "success")
    return back_to_class(classroom)


@bp.post("/<int:classroom_id>/joining")
@login_required
def joining(classroom_id: int):
    """Switch the join code on or off."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    open_ = request.form.get("open") == "1"
    set_joining(classroom, current_user, open_)
    db.session.commit()
    flash(_("The join code works again.") if open_ else
          _("The join code is switched off; nobody can join with it."), "success")
    return back_to_class(classroom)


@bp.get("/<int:classroom_id>/qr.svg")
@login_required
def qr(classroom_id: int):
    """Draw the join link as a QR code, for a projector or a printed sheet."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    out = io.BytesIO()
    segno.make(url_for("classes.join_link", code=classroom.join_code, _external=True),
               error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False,
                               title=_("Join link of %(name)s", name=classroom.name))
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "private, no-cache"})


@bp.post("/<int:classroom_id>/archive")
@login_required
def archive(classroom_id: int):
    """End the term: the class becomes read-only."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    form = ArchiveForm()
    if form.validate_on_submit():
        archive_classroom(classroom, current_user)
        db.session.commit()
        flash(_("The class is archived and read-only."), "success")
        return back_to_class(classroom)
    return class_page(classroom, archive_form=form)


@bp.route("/join", methods=["GET", "POST"])
@login_required
def join():
    """Join a class with the code the teacher gave."""
    form = JoinForm()
    if form.validate_on_submit():
        with beside_field(form, "code"):
            classroom = find_classroom_by_code(form.code.data)
            join_classroom(classroom, current_user)
            db.session.commit()
            flash(_("Welcome to %(name)s.", name=classroom.name), "success")
            return hx_redirect(url_for("classes.show", classroom_id=classroom.id))
    return render("classes/join.html", "classes/_join_form.html", form_status(), form=form)


@bp.route("/join/<code>", methods=["GET", "POST"])
def join_link(code: str):
    """Show which class a join link (or its QR code) leads to; join it once signed in."""
    if request.method == "POST" and not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in", next=request.path), 302)
    form = JoinForm(code=code) if request.method == "POST" else JoinForm(formdata=None, code=code)
    classroom = None
    with beside_field(form, "code"):
        classroom = find_classroom_by_code(code)
        if request.method == "POST" and form.validate_on_submit():
            join_classroom(classroom, current_user)
            db.session.commit()
            flash(_("Welcome to %(name)s.", name=classroom.name), "success")
            return hx_redirect(url_for("classes.show", classroom_id=classroom.id))
    return render_template(
        "classes/join.html", form=form, link=True, classroom=classroom
    ), form_status() if classroom else 404


@bp.route("/first-password", methods=["GET", "POST"])
@login_required
def first_password():
    """Have a managed student replace the one-time password from their card."""
    if not current_user.must_change_password:
        return redirect(url_for("classes.index"))
    form = FirstPasswordForm()
    if form.validate_on_submit():
        with beside_field(form, "current_password"):
            user = current_user._get_current_object()
            sign_in = set_first_password(user, form.current_password.data,
                                         form.password.data, sign_in_lifetime())
            db.session.commit()
            login_user(user, remember=sign_in.remember)
            flash(_("Your password is set. Keep it to yourself."), "success")
            return hx_redirect(url_for("classes.index"))
    return render(
        "classes/first_password.html", "classes/_first_password_form.html", form_status(),
        form=form,
    )


def debate_forms_page(classroom: Classroom, **forms):
    """Render the page that starts a class debate, fresh or from a template."""
    fresh = forms.get("fresh") or ClassDebateForm(formdata=None)
    template = forms.get("template") or TemplateForm(formdata=None)
    fill_debate_choices(fresh, template)
    return render_template(
        "classes/new_debate.html", classroom=classroom, fresh=fresh, template=template
    ), form_status()


def fill_debate_choices(fresh: ClassDebateForm, template: TemplateForm) -> None:
    """Offer the newest materials, and the debates the teacher may read, as the forms' choices."""
    menu = material_menu(fresh.material.data or None)
    fresh.material.choices = [SelectChoice(0, _("— choose the material —"))] + [
        SelectChoice(material.id, material.title) for material in menu.choices
    ]
    template.template.choices = [SelectChoice(0, _("— choose a debate —"))] + [
        SelectChoice(debate.id, debate.title)
        for debate in db.session.scalars(select_debates(current_user).limit(TEMPLATE_CHOICES))
    ]


@bp.route("/<int:classroom_id>/debates/new", methods=["GET", "POST"])
@login_required
def new_debate(classroom_id: int):
    """Start a debate for the class on a material."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    if request.method == "GET":
        return debate_forms_page(classroom)
    form = ClassDebateForm()
    fill_debate_choices(form, TemplateForm(formdata=None))
    if form.validate_on_submit():
        with beside_field(form, "title"):
            material = db.session.get(Material, form.material.data)
            debate = start_class_debate(classroom, current_user, material, form.title.data,
                                        form.question.data, form.peers_anonymous.data)
            db.session.commit()
            flash(_("The debate is open to the class. Raise its positions, then assign sides."),
                  "success")
            return hx_redirect(url_for("debates.show", debate_id=debate.id))
    return debate_forms_page(classroom, fresh=form)


@bp.post("/<int:classroom_id>/debates/copy")
@login_required
def copy_debate(classroom_id: int):
    """Start a class debate as a copy of an earlier debate: material, positions, and if asked
    its arguments."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    form = TemplateForm()
    fill_debate_choices(ClassDebateForm(formdata=None), form)
    if form.validate_on_submit():
        with beside_field(form, "template"):
            template = load_debate(form.template.data, current_user)
            debate = copy_template(classroom, current_user, template, form.with_arguments.data,
                                   form.peers_anonymous.data)
            db.session.commit()
            flash(_("The copy is open to the class. Assign sides when you are ready."),
                  "success")
            return hx_redirect(url_for("classes.sides", classroom_id=classroom.id,
                                       debate_id=debate.id))
    return debate_forms_page(classroom, template=form)


def sides_page(classroom: Classroom, debate: Debate, form: SidesForm | None = None):
    """Render the grid of students × positions with each assigned side: the group's students
    in a group's debate."""
    arguing = set(debate_students(classroom, debate))
    return render_template(
        "classes/sides.html",
        classroom=classroom,
        debate=debate,
        form=form or SidesForm(formdata=None),
        students=[student for student, _, _ in roster(classroom)
                  if student.id in arguing],
        assigned=sides_of(debate),
        sides=SIDE_LABELS,
    ), form_status()


@bp.route("/<int:classroom_id>/debates/<int:debate_id>/sides", methods=["GET", "POST"])
@login_required
def sides(classroom_id: int, debate_id: int):
    """Assign each student a side on each position, by hand."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    debate = class_debate(classroom, debate_id)
    form = SidesForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            count = assign_sides(classroom, current_user, debate, chosen_sides())
        except DomainError as refusal:
            db.session.rollback()
            form.form_errors.append(refusal.message)
            return sides_page(classroom, debate, form)
        db.session.commit()
        flash_sides(count)
        return back_to_sides(classroom, debate)
    return sides_page(classroom, debate, form)


@bp.post("/<int:classroom_id>/debates/<int:debate_id>/sides/balance")
@login_required
def balance(classroom_id: int, debate_id: int):
    """Give every student a side on every position at random, balanced For and Against."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    debate = class_debate(classroom, debate_id)
    count = balance_sides(classroom, current_user, debate)
    db.session.commit()
    flash_sides(count)
    return back_to_sides(classroom, debate)


def chosen_sides(leave: str | None = None) -> dict[tuple[int, int], Side | None]:
    """Read a grid of sides from the form: each side-<row>-<position> field For, Against or
    free (""), or `leave` for a cell to leave as it is."""
    chosen = {}
    for name, value in request.form.items():
        if (match := SIDE_FIELD.match(name)) and value != leave:
            if value not in ("", Side.PRO, Side.CON):
                raise DomainError(_("Choose For, Against or free."))
            chosen[(int(match[1]), int(match[2]))] = Side(value) if value else None
    return chosen


def flash_sides(count: int) -> None:
    """Say how many sides were assigned."""
    flash(ngettext("%(num)s side assigned.", "%(num)s sides assigned.", count), "success")


def back_to_sides(classroom: Classroom, debate: Debate):
    """Send the teacher back to the sides grid."""
    return hx_redirect(url_for("classes.sides", classroom_id=classroom.id, debate_id=debate.id))


def task_form_page(classroom: Classroom, form: TaskForm | None = None):
    """Render the form that sets a task."""
    form = form or TaskForm(formdata=None)
    fill_task_choices(form, classroom)
    return render_template("classes/new_task.html", classroom=classroom, form=form), \
        form_status()


def fill_task_choices(form: TaskForm, classroom: Classroom) -> None:
    """Offer the class's debates."""
    form.debate.choices = [SelectChoice(0, _("— choose a debate —"))] + [
        SelectChoice(debate.id, debate.title) for debate in classroom.debates]


@bp.route("/<int:classroom_id>/tasks/new", methods=["GET", "POST"])
@login_required
def new_task(classroom_id: int):
    """Set a task in a class debate, with a due time and counted targets."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    if request.method == "GET":
        return task_form_page(classroom)
    form = TaskForm()
    fill_task_choices(form, classroom)
    if form.validate_on_submit():
        with beside_field(form, "title"):
            task = create_task(
                classroom, current_user, db.session.get(Debate, form.debate.data),
                form.title.data, form.due_at.data,
                **{name: getattr(form, name).data for name in TARGET_FIELDS},
            )
            db.session.commit()
            flash(_("The task is set; each student sees it as a checklist."), "success")
            return hx_redirect(url_for("classes.task", classroom_id=classroom.id,
                                       task_id=task.id))
    return task_form_page(classroom, form)


def load_task(classroom: Classroom, task_id: int) -> Task:
    """Find one of the class's tasks in a debate one may read (not another group's), or
    answer 404."""
    task = db.session.get(Task, task_id)
    if (task is None or task.classroom_id != classroom.id
            or not allows(current_user, Action.VIEW, task.debate)):
        raise NotFound(_("This class has no such task."))
    return task


def task_page(classroom: Classroom, task: Task, form: ReflectionForm | None = None):
    """Render a task: the grid of every student for teachers, one's checklist for a student."""
    teaching = class_standing(current_user, classroom) == ClassStanding.TEACHER
    students = [student for student, _, _ in roster(classroom)] if teaching else [current_user]
    reflection = None if teaching else reflection_of(task, current_user)
    if form is None:
        form = ReflectionForm(formdata=None, text=reflection.text if reflection else "")
    return render(
        "classes/task.html",
        classroom=classroom, task=task, teaching=teaching, students=students,
        grid=progress(task, [student.id for student in students]),
        targets=targets_of(task), labels=TARGET_LABELS, form=form,
    ), form_status()


@bp.get("/<int:classroom_id>/tasks/<int:task_id>")
@login_required
def task(classroom_id: int, task_id: int):
    """Show a task: the teacher's grid of students × targets, or a student's checklist."""
    classroom = load_classroom(classroom_id, current_user)
    return task_page(classroom, load_task(classroom, task_id))


@bp.post("/<int:classroom_id>/tasks/<int:task_id>/reflection")
@login_required
def reflect(classroom_id: int, task_id: int):
    """Write or rewrite one's reflection on a task."""
    classroom = load_classroom(classroom_id, current_user)
    task = load_task(classroom, task_id)
    if class_standing(current_user, classroom) != ClassStanding.STUDENT:
        raise NotAllowed(_("Only the class's students write reflections."))
    form = ReflectionForm()
    if form.validate_on_submit():
        with beside_field(form, "text"):
            write_reflection(task, current_user, form.text.data)
            db.session.commit()
            flash(_("Your reflection is saved."), "success")
            return hx_redirect(url_for("classes.task", classroom_id=classroom.id,
                                       task_id=task.id))
    return task_page(classroom, task, form)


@bp.get("/<int:classroom_id>/gradebook")
@login_required
def gradebook_page(classroom_id: int):
    """Show every student's counts across the class's debates."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.GRADE)
    return render_template("classes/gradebook.html", classroom=classroom,
                           lines=gradebook(classroom), columns=GRADEBOOK_COLUMNS,
                           criteria=rubric_of(classroom), waiting=waiting_feedback(classroom),
                           one_sided=one_sided_positions(classroom), sides=SIDE_LABELS)


@bp.get("/<int:classroom_id>/gradebook.csv")
@login_required
def gradebook_csv(classroom_id: int):
    """Download the gradebook as CSV that spreadsheet programs open right."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.GRADE)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    criteria = rubric_of(classroom)
    # A criterion's column is named apart from the counts: a criterion may be called "marks".
    writer.writerow(["name", "username", *GRADEBOOK_COLUMNS,
                     *(formula_safe(f"rubric: {criterion.name}") for criterion in criteria)])
    for line in gradebook(classroom):
        writer.writerow([formula_safe(line.student.display_name), line.student.username,
                         *("" if line.counts[c] is None else line.counts[c]
                           for c in GRADEBOOK_COLUMNS),
                         *(str(line.criteria.get(criterion.id, "")) for criterion in criteria)])
    return Response(buffer.getvalue(), mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=class-{classroom.id}-gradebook.csv"})


@bp.get("/<int:classroom_id>/students/<int:user_id>/report")
@login_required
def report(classroom_id: int, user_id: int):
    """Show one student's report, laid out to print."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.GRADE)
    return report_page(classroom, user_id)


def report_page(classroom: Classroom, user_id: int, form=None):
    """Render a student's report, with their feedback and the form to give more."""
    lines = gradebook(classroom, user_id)
    if not lines:
        raise NotFound(_("This student is not in the class."))
    criteria = rubric_of(classroom)
    if form is None:
        form = feedback_form(criteria, formdata=None)
        fill_feedback_choices(form, classroom, user_id)
    return render_template(
        "classes/report.html", classroom=classroom, line=lines[0], columns=GRADEBOOK_COLUMNS,
        criteria=criteria, feedback=feedback_for(classroom, user_id, False), form=form,
    ), form_status()


@bp.get("/<int:classroom_id>/students/<int:user_id>/data.json")
@login_required
def student_data(classroom_id: int, user_id: int):
    """Download everything stored about a class account, for the teacher to hand on before
    the class is deleted; students with their own accounts download their own."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.GRADE)
    user = student_of(classroom, user_id).user
    if not user.is_managed:
        raise NotAllowed(_("%(name)s has an account of their own and downloads its data.",
                           name=user.display_name))
    return Response(
        stream_with_context(export_account(user)), mimetype="application/json",
        headers={"Content-Disposition": f"attachment; filename=agora-{user.username}.json"},
    )


@bp.route("/<int:classroom_id>/delete", methods=["GET", "POST"])
@login_required
def delete(classroom_id: int):
    """Delete the class and its class accounts, once the teacher types how many go."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.DELETE)
    counts = deletion_counts(classroom)
    form = DeleteClassForm()
    if form.validate_on_submit():
        if form.accounts.data.strip() != str(counts["accounts"]):
            form.accounts.errors.append(_(
                "Type %(count)s, the number of class accounts, to confirm.",
                count=counts["accounts"]))
        else:
            name = classroom.name
            delete_classroom(classroom, current_user)
            db.session.commit()
            flash(_("%(name)s is deleted, with its %(count)s class accounts.", name=name,
                    count=counts["accounts"]), "success")
            return hx_redirect(url_for("classes.index"))
    return render_template("classes/delete.html", classroom=classroom, counts=counts,
                           form=form), form_status()


def fill_feedback_choices(form: FeedbackForm, classroom: Classroom, student_id: int) -> None:
    """Offer the student's work as a whole and each of their arguments."""
    form.argument.choices = [SelectChoice(0, _("Their work as a whole"))] + [
        SelectChoice(argument.id, f"{argument.label} {argument.claim[:80]}")
        for argument in arguments_of(classroom, student_id)]


@bp.post("/<int:classroom_id>/students/<int:user_id>/feedback")
@login_required
def feedback(classroom_id: int, user_id: int):
    """Leave a private comment and mark for a student."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    form = feedback_form(rubric_of(classroom))
    fill_feedback_choices(form, classroom, user_id)
    if form.validate_on_submit():
        with beside_field(form, "comment"):
            give_feedback(classroom, current_user, user_id, form.argument.data or None,
                          form.comment.data, form.mark.data, form.out_of.data,
                          {criterion.id: field.data for criterion, field in form.criteria})
            db.session.commit()
            flash(_("Feedback saved; the student sees it once you release it."), "success")
            return hx_redirect(url_for("classes.report", classroom_id=classroom.id,
                                       user_id=user_id))
    return report_page(classroom, user_id, form)


@bp.post("/<int:classroom_id>/feedback/release")
@login_required
def release(classroom_id: int):
    """Release every feedback given so far to its student."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    count = release_feedback(classroom, current_user)
    db.session.commit()
    flash(ngettext("%(num)s feedback released; the students are told.",
                   "%(num)s feedback released; the students are told.", count), "success")
    return hx_redirect(url_for("classes.gradebook_page", classroom_id=classroom.id))


@bp.get("/<int:classroom_id>/feedback")
@login_required
def my_feedback(classroom_id: int):
    """Show a student the feedback their teacher released to them."""
    classroom = load_classroom(classroom_id, current_user)
    if class_standing(current_user, classroom) != ClassStanding.STUDENT:
        raise NotAllowed(_("Each student reads their own feedback here."))
    released = feedback_for(classroom, current_user.id, True)
    return render_template("classes/feedback.html", classroom=classroom, feedback=released,
                           criteria=rubric_of(classroom), totals=criterion_totals(released))


def reveal_page(classroom: Classroom, argument: Argument, form: RevealForm,
                revealed: User | None = None):
    """Render the reveal form, or the name just revealed (shown once, never kept in a flash)."""
    return render("classes/reveal.html", classroom=classroom, argument=argument,
                  debate=argument.position.debate, form=form, revealed=revealed), (
        200 if revealed else form_status())


@bp.route("/<int:classroom_id>/arguments/<int:argument_id>/reveal", methods=["GET", "POST"])
@login_required
def reveal(classroom_id: int, argument_id: int):
    """Ask a teacher why they need a student's name, then show it and log that they looked."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    argument = db.session.get(Argument, argument_id)
    if argument is None or argument.position.debate.classroom_id != classroom.id:
        raise NotFound(_("This class has no such argument."))
    form = RevealForm()
    if form.validate_on_submit():
        with beside_field(form, "reason"):
            student = reveal_name(classroom, current_user, argument.id, form.reason.data)
            db.session.commit()
            return reveal_page(classroom, argument, RevealForm(formdata=None), student)
    return reveal_page(classroom, argument, form)

