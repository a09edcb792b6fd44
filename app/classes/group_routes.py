"""Serve a class's small groups: splitting the class for a template debate, the teacher's
side-by-side view of the groups, and the side each group argues."""

import re

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields import SelectChoice

from app.classes import bp
from app.classes.forms import GroupsForm, GroupSidesForm
from app.classes.group_grid import MIXED, group_grid, splits_of
from app.classes.groups import (
    assign_group_sides,
    balance_group_sides,
    csv_groups,
    hand_groups,
    random_groups,
    split_class,
    split_of,
)
from app.classes.routes import TEMPLATE_CHOICES, chosen_sides, flash_sides, load_classroom
from app.errors import DomainError, beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect
from app.models import Classroom, ClassStudent, GroupSplit, User
from app.models.argument import SIDE_LABELS
from app.models.class_group import GROUP_NAME_MAX
from app.policy import ClassAction
from app.visibility import load_debate, select_debates

GROUP_FIELD = re.compile(r"^group-(\d{1,10})$")
METHOD_FIELDS = {"random": "groups", "hand": "hand", "csv": "csv_file"}


def students_by_name(classroom: Classroom) -> list[User]:
    """Return the class's students by name."""
    return list(db.session.scalars(
        select(User).join(ClassStudent, ClassStudent.user_id == User.id)
        .where(ClassStudent.classroom_id == classroom.id).order_by(User.display_name, User.id)
    ))


@bp.get("/<int:classroom_id>/groups")
@login_required
def groups(classroom_id: int):
    """List the class's splits into groups, newest first."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.GRADE)
    return render_template("classes/groups.html", classroom=classroom,
                           splits=splits_of(classroom))


def split_page(classroom: Classroom, form: GroupsForm, students: list[User]):
    """Render the form that splits the class, with the grid of students for splitting by
    hand, as typed."""
    typed = {}
    if request.method == "POST":
        typed = {int(match[1]): value for name, value in request.form.items()
                 if (match := GROUP_FIELD.match(name))}
    return render_template("classes/split.html", classroom=classroom, form=form,
                           students=students, typed=typed, name_max=GROUP_NAME_MAX), \
        form_status()


def fill_template_choices(form: GroupsForm) -> None:
    """Offer the debates the teacher may read, as the copy form does."""
    form.template.choices = [SelectChoice(0, _("— choose a debate —"))] + [
        SelectChoice(debate.id, debate.title)
        for debate in db.session.scalars(select_debates(current_user).limit(TEMPLATE_CHOICES))
    ]


def groups_asked(form: GroupsForm, classroom: Classroom, students: list[User]) -> dict[int, str]:
    """Read who goes in which group, the way the teacher chose: student id → group name."""
    if form.method.data == "random":
        return random_groups(classroom, form.groups.data)
    if form.method.data == "hand":
        chosen = {}
        for name, value in request.form.items():
            if match := GROUP_FIELD.match(name):
                chosen[int(match[1])] = value
        return hand_groups(classroom, chosen)
    upload = form.csv_file.data
    if not upload or not getattr(upload, "filename", ""):
        raise DomainError(_("Choose the CSV file to read the groups from."), field="csv_file")
    try:
        text = upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError(_("Save the table as CSV in UTF-8, then upload it again."),
                          field="csv_file") from None
    return csv_groups(classroom, students, text)


@bp.route("/<int:classroom_id>/groups/new", methods=["GET", "POST"])
@login_required
def split(classroom_id: int):
    """Split the class into groups at random, by hand or from a CSV file; each group gets its
    own copy of a debate."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    students = students_by_name(classroom)
    form = GroupsForm() if request.method == "POST" else GroupsForm(formdata=None)
    fill_template_choices(form)
    if request.method == "POST" and form.validate_on_submit():
        with beside_field(form, METHOD_FIELDS[form.method.data]):
            template = load_debate(form.template.data, current_user)
            made = split_class(classroom, current_user, template,
                               groups_asked(form, classroom, students),
                               form.with_arguments.data, form.peers_anonymous.data,
                               field=METHOD_FIELDS[form.method.data])
            db.session.commit()
            flash_split(made)
            return hx_redirect(url_for("classes.group_split", classroom_id=classroom.id,
                                       split_id=made.id))
    return split_page(classroom, form, students)


def flash_split(split: GroupSplit) -> None:
    """Say how the class was split."""
    flash(ngettext("The class is split into %(num)s groups, each with its own copy.",
                   "The class is split into %(num)s groups, each with its own copy.",
                   len(split.groups)), "success")


def split_view(classroom: Classroom, split: GroupSplit, form: GroupSidesForm | None = None):
    """Render the groups of a split side by side, with the form for their sides."""
    return render_template(
        "classes/group_split.html", classroom=classroom, split=split, lines=group_grid(split),
        form=form or GroupSidesForm(formdata=None), sides=SIDE_LABELS, mixed=MIXED,
    ), form_status()


@bp.get("/<int:classroom_id>/groups/<int:split_id>")
@login_required
def group_split(classroom_id: int, split_id: int):
    """Show the groups of a split side by side: students, arguments per side, depth,
    evidence, last activity and their debates."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.GRADE)
    return split_view(classroom, split_of(classroom, split_id))


@bp.post("/<int:classroom_id>/groups/<int:split_id>/sides")
@login_required
def group_sides(classroom_id: int, split_id: int):
    """Give each group For or Against on the positions of its debate."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    split = split_of(classroom, split_id)
    form = GroupSidesForm()
    if not form.validate_on_submit():
        return split_view(classroom, split, form)
    try:
        count = assign_group_sides(classroom, current_user, split, chosen_sides(leave=MIXED))
    except DomainError as refusal:
        db.session.rollback()
        form.form_errors.append(refusal.message)
        return split_view(classroom, split, form)
    db.session.commit()
    flash_sides(count)
    return back_to_split(classroom, split)


@bp.post("/<int:classroom_id>/groups/<int:split_id>/sides/balance")
@login_required
def balance_groups(classroom_id: int, split_id: int):
    """Give each group a side at random on each position, as many groups For as Against."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    split = split_of(classroom, split_id)
    count = balance_group_sides(classroom, current_user, split)
    db.session.commit()
    flash_sides(count)
    return back_to_split(classroom, split)



def back_to_split(classroom: Classroom, split: GroupSplit):
    """Send the teacher back to the side-by-side view."""
    return hx_redirect(url_for("classes.group_split", classroom_id=classroom.id,
                               split_id=split.id))
