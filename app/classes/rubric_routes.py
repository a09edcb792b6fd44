"""Serve a class's rubric: its criteria with their maxima, added, renamed, reordered and
removed by its teachers."""

from flask import flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.classes import bp, rubrics
from app.classes.forms import CriterionForm, RemoveCriterionForm
from app.classes.routes import load_classroom
from app.classes.rubrics import criterion_of, marks_per_criterion, removal_of, rubric_of
from app.errors import DomainError, beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect
from app.models import Classroom, RubricCriterion
from app.models.classroom import RUBRIC_MAX
from app.policy import ClassAction

MOVES = {"up": -1, "down": 1}


def rubric_page(classroom: Classroom, add_form: CriterionForm | None = None,
                edited: tuple[int, CriterionForm] | None = None):
    """Render the class's rubric: a form for each criterion, moves, removals, and one to add."""
    criteria = rubric_of(classroom)
    forms = {criterion.id: CriterionForm(formdata=None, prefix=f"criterion-{criterion.id}",
                                         name=criterion.name, max_mark=criterion.max_mark)
             for criterion in criteria}
    if edited:
        forms[edited[0]] = edited[1]
    for number, criterion in enumerate(criteria, 1):
        form = forms[criterion.id]
        form.name.label.text = _("Criterion %(number)s", number=number)
        form.max_mark.label.text = _("Criterion %(number)s out of", number=number)
    return render_template(
        "classes/rubric.html", classroom=classroom, criteria=criteria, forms=forms,
        add_form=add_form or CriterionForm(formdata=None), marks=marks_per_criterion(classroom),
        rubric_max=RUBRIC_MAX,
    ), form_status()


def back_to_rubric(classroom: Classroom):
    """Send the teacher back to the rubric page."""
    return hx_redirect(url_for("classes.rubric", classroom_id=classroom.id))


@bp.route("/<int:classroom_id>/rubric", methods=["GET", "POST"])
@login_required
def rubric(classroom_id: int):
    """Show the class's rubric, and add a criterion to it."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    if request.method == "GET":
        return rubric_page(classroom)
    form = CriterionForm()
    if form.validate_on_submit():
        with beside_field(form, "name"):
            criterion = rubrics.add_criterion(classroom, current_user, form.name.data,
                                              form.max_mark.data)
            db.session.commit()
            flash(_("“%(name)s” is added to the rubric.", name=criterion.name), "success")
            return back_to_rubric(classroom)
    return rubric_page(classroom, add_form=form)


@bp.post("/<int:classroom_id>/rubric/<int:criterion_id>")
@login_required
def edit_criterion(classroom_id: int, criterion_id: int):
    """Rename a criterion of the rubric or change the mark it is out of."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    criterion_of(classroom, criterion_id)
    prefix = f"criterion-{criterion_id}"
    form = CriterionForm(prefix=prefix)
    if form.validate_on_submit():
        with beside_field(form, f"{prefix}-name"):
            criterion = rubrics.change_criterion(classroom, current_user, criterion_id,
                                                 form.name.data, form.max_mark.data)
            db.session.commit()
            flash(_("“%(name)s” is saved.", name=criterion.name), "success")
            return back_to_rubric(classroom)
    return rubric_page(classroom, edited=(criterion_id, form))


@bp.post("/<int:classroom_id>/rubric/<int:criterion_id>/move")
@login_required
def move_criterion(classroom_id: int, criterion_id: int):
    """Move a criterion one place up or down the rubric."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    step = MOVES.get(request.form.get("direction", ""))
    if step is None:
        raise DomainError(_("Move a criterion up or down one place."))
    rubrics.move_criterion(classroom, current_user, criterion_id, step)
    db.session.commit()
    return back_to_rubric(classroom)


def removal_page(classroom: Classroom, criterion: RubricCriterion, form: RemoveCriterionForm):
    """Render what removing a criterion takes with it, and the box that confirms it."""
    return render_template("classes/remove_criterion.html", classroom=classroom,
                           criterion=criterion, removal=removal_of(criterion),
                           form=form), form_status()


@bp.route("/<int:classroom_id>/rubric/<int:criterion_id>/remove", methods=["GET", "POST"])
@login_required
def remove_criterion(classroom_id: int, criterion_id: int):
    """Remove a criterion from the rubric; one with marks only once the teacher confirms that
    its marks go with it."""
    classroom = load_classroom(classroom_id, current_user, ClassAction.TEACH)
    criterion = criterion_of(classroom, criterion_id)
    form = RemoveCriterionForm()
    if request.method == "POST" and form.validate_on_submit():
        name = criterion.name
        with beside_field(form, "confirm"):
            removal = rubrics.remove_criterion(classroom, current_user, criterion_id,
                                               form.confirm.data)
            db.session.commit()
            flash(ngettext("“%(name)s” is removed from the rubric, with %(num)s mark.",
                           "“%(name)s” is removed from the rubric, with %(num)s marks.",
                           removal.marks, name=name), "success")
            return back_to_rubric(classroom)
        criterion = criterion_of(classroom, criterion_id)
    return removal_page(classroom, criterion, form)
