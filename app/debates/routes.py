"""Serve debates: the list, starting or importing one, its page and exports, its reading view
and its positions."""

from flask import abort, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from wtforms.fields import SelectChoice

from app.arguments.queries import (
    page_of,
    select_children,
    select_needing_evidence,
    sort_named,
    tallies_for,
)
from app.arguments.votes import stance_of, stance_tally
from app.debates import bp
from app.debates.directory import SORTS, STATUSES, Filters, all_topics, directory_page
from app.debates.exporting import export_response
from app.debates.forms import (
    IMPORT_FORMATS,
    ConfirmImportForm,
    DebateForm,
    ImportForm,
    PositionForm,
    StatusForm,
)
from app.debates.importing import (
    draft_named,
    import_budget,
    import_debate,
    keep_draft,
    read_file,
    save_problems,
)
from app.debates.queries import listed_debates, position_of, positions_of
from app.debates.services import change_status, close_debate, raise_position, start_debate
from app.errors import DomainError, NotFound, beside_field, form_status
from app.extensions import db
from app.htmx import hx_redirect, render
from app.i18n import term
from app.insight.brief import attention
from app.insight.ranking import badges, freshness
from app.live.queries import events_of, results, revealed_event_of
from app.materials.queries import MaterialMenu, citations_by_passage, material_menu
from app.models import DebateStatus, Material, Side
from app.pagination import Cursor
from app.policy import Action, allows, require, waits_for_review
from app.security import LARGEST_PAGE, page_number, query_int
from app.visibility import load_debate

LAST_DIRECTORY_PAGE = 1000


@bp.get("/")
def index():
    """List the debates this person may see, newest first, a page at a time."""
    page = listed_debates(current_user, Cursor.from_args(request.args))
    return render_template("debates/index.html", rows=page.items, page=page)


SORT_LABELS = {
    "active": _l("Recent activity"),
    "new": _l("Newest"),
    "participants": _l("Most participants"),
}


@bp.get("/debates")
def directory():
    """Find debates by status, topic and material, sorted by activity, age or participants."""
    status = request.args.get("status")
    sort = request.args.get("sort")
    filters = Filters(
        status=status if status in STATUSES else None,
        topic=query_int("topic"),
        material=query_int("material"),
        sort=sort if sort in SORTS else "active",
    )
    material = db.session.get(Material, filters.material) if filters.material else None
    return render_template(
        "debates/directory.html",
        filters=filters,
        page=directory_page(current_user, filters, query_int("page", 1, LAST_DIRECTORY_PAGE)),
        topics=all_topics(),
        material=material,
        sort_labels=SORT_LABELS,
    )


def material_to_preselect(menu: MaterialMenu, asked: int | None) -> int:
    """Pick the material the debate was started from, or the only one there is (0: none)."""
    if asked and any(material.id == asked for material in menu.choices):
        return asked
    return menu.choices[0].id if len(menu.choices) == 1 and not menu.more else 0


@bp.route("/debates/new", methods=["GET", "POST"])
@login_required
def new():
    """Start a debate on a material."""
    form = DebateForm()
    asked = request.args.get("material_id", type=int) if request.method == "GET" else None
    menu = material_menu(asked or form.material.data)
    form.material.choices = [SelectChoice(0, _l("— choose the material —"))] + [
        SelectChoice(material.id, material.title) for material in menu.choices
    ]
    if request.method == "GET":
        form.material.data = material_to_preselect(menu, asked)
    if not menu.choices:
        flash(_("Import a material first: a debate is always about a document."), "info")
    if form.validate_on_submit():
        material = db.session.get(Material, form.material.data)
        with beside_field(form, "title"):
            debate = start_debate(
                material, current_user, form.title.data, form.question.data, form.open_now.data
            )
            db.session.commit()
            flash(_("Debate started. Raise the positions its material puts forward."), "success")
            return hx_redirect(url_for("debates.show", debate_id=debate.id))
    return render("debates/new.html", "debates/_form.html", form_status(), form=form,
                  more_materials=menu.more)


@bp.get("/debates/<int:debate_id>")
def show(debate_id: int):
    """Show a debate: its question, status and positions with their anchors."""
    debate = load_debate(debate_id, current_user)
    live_event = revealed_event_of(debate.id)
    return render_template("debates/show.html", debate=debate,
                           positions=positions_of(debate, current_user),
                           live_event=live_event,
                           live_results=results(live_event) if live_event else None,
                           organised_events=events_of(debate)
                           if allows(current_user, Action.RUN_EVENT, debate) else [])


@bp.get("/debates/<int:debate_id>/export/<format>")
def export(debate_id: int, format: str):
    """Download what everyone may read of a debate as Kialo text, Argdown, AIF, CSV or an Agora
    archive."""
    debate = load_debate(debate_id, current_user)
    return export_response(debate, current_user, format)


@bp.post("/debates/<int:debate_id>/status")
@login_required
def status(debate_id: int):
    """Open a draft debate or close an open one."""
    debate = load_debate(debate_id, current_user)
    require(current_user, Action.MANAGE, debate)
    form = StatusForm()
    if not form.validate_on_submit():
        if not form.conclusion.errors:
            abort(400)
        return conclusion_refused(debate, form, form.conclusion.errors[0])
    new_status = DebateStatus(form.status.data)
    if new_status == DebateStatus.CLOSED:
        try:
            close_debate(debate, current_user, form.conclusion.data)
        except DomainError as error:
            if error.field != "conclusion":
                raise
            db.session.rollback()
            return conclusion_refused(debate, form, error.message)
    else:
        change_status(debate, current_user, new_status)
    db.session.commit()
    flash(_("The debate is now %(value)s.", value=term(new_status)), "success")
    return hx_redirect(url_for("debates.show", debate_id=debate.id))


def conclusion_refused(debate, form: StatusForm, message: str):
    """Show the debate again with the refused conclusion and the reason beside it."""
    return render_template(
        "debates/show.html",
        debate=debate,
        positions=positions_of(debate, current_user),
        conclusion_error=message,
        conclusion=form.conclusion.data,
    ), 422


@bp.get("/debates/<int:debate_id>/read")
def read(debate_id: int):
    """Show the debate's material, where selecting words raises a position."""
    debate = load_debate(debate_id, current_user)
    material = debate.material
    return render_template(
        "debates/read.html",
        debate=debate,
        material=material,
        passages=material.passages,
        citations=citations_by_passage(material, current_user),
        attention=attention(debate, current_user),
        selected=request.args.get("p", type=int),
    )


@bp.route("/debates/<int:debate_id>/positions/new", methods=["GET", "POST"])
@login_required
def new_position(debate_id: int):
    """Raise a position from quoted passages; a selection in the reading view prefills it."""
    debate = load_debate(debate_id, current_user)
    require(current_user, Action.RAISE_POSITION, debate)
    form = PositionForm()
    if request.method == "GET":
        numbers = request.args.getlist("passage", type=int)
        quotes = request.args.getlist("quote")
        for row, number, quote in zip(form.anchors, numbers, quotes, strict=False):
            row.passage.data, row.quote.data = number, quote
    form.set_passages(debate.material.passages)
    if form.validate_on_submit():
        with beside_field(form, form.anchors[0].quote.id):
            position = raise_position(debate, current_user, form.statement.data, form.quoted())
            db.session.commit()
            if position.is_visible:
                flash(_("Position raised."), "success")
            else:
                flash(_("Your position waits for a moderator's review. Until it is approved, "
                        "only you and the moderators can see it."), "success")
            return hx_redirect(
                url_for("debates.position", debate_id=debate.id, position_id=position.id)
            )
    return render(
        "debates/new_position.html",
        "debates/_position_form.html",
        form_status(),
        form=form,
        debate=debate,
        held=waits_for_review(current_user, debate),
    )


@bp.get("/debates/<int:debate_id>/positions/<int:position_id>")
def position(debate_id: int, position_id: int):
    """Show a position: its quoted passages, the stance vote and the arguments for and against."""
    debate = load_debate(debate_id, current_user)
    position = position_of(debate, position_id, current_user)
    if position is None:
        raise NotFound(_("Position %(position_id)s does not exist.", position_id=position_id))
    sort = sort_named(request.args.get("sort"))
    needs_evidence = request.args.get("filter") == "needs-evidence"
    columns, shown, unsupported = {}, [], None
    if needs_evidence:
        unsupported = page_of(select_needing_evidence(position, current_user), page_number())
        shown = unsupported.items
    else:
        for side in Side:
            number = query_int(f"{side.value}_page", 1, LARGEST_PAGE)
            columns[side] = page_of(select_children(position, None, side, sort, current_user),
                                    number)
            shown.extend(columns[side].items)
    return render_template(
        "debates/position.html",
        debate=debate,
        position=position,
        sort=sort,
        needs_evidence=needs_evidence,
        columns=columns,
        unsupported=unsupported,
        tallies=tallies_for(debate, shown, current_user),
        badges=badges(position, shown, current_user),
        freshness=freshness(position) if sort == "cross_side" else None,
        stance_tally=stance_tally(position),
        my_stance=stance_of(position, current_user),
    )



@bp.route("/debates/import", methods=["GET", "POST"])
@login_required
@import_budget
def import_file():
    """Upload a debate file and keep it for a preview; nothing of the debate is saved yet."""
    form = ImportForm()
    menu = material_menu(form.material.data)
    form.material.choices = [SelectChoice(0, _("— make one from the file —"))] + [
        SelectChoice(material.id, material.title) for material in menu.choices
    ]
    if form.validate_on_submit():
        with beside_field(form, "file"):
            data = form.file.data.read()
            _imported, file_format = read_file(data, form.format.data or None)
            material = db.session.get(Material, form.material.data) if form.material.data \
                else None
            draft = keep_draft(current_user, form.file.data.filename, data, file_format,
                               material)
            db.session.commit()
            return hx_redirect(url_for("debates.preview_import", key=draft.key))
    return render("debates/import.html", "debates/_import_form.html", form_status(), form=form)


@bp.get("/debates/import/<key>")
@login_required
def preview_import(key: str):
    """Show what importing the uploaded file will make, and every problem, before saving."""
    draft = draft_named(key, current_user)
    imported, _format = read_file(draft.data, draft.format)
    return render_template(
        "debates/import_preview.html", draft=draft, form=ConfirmImportForm(),
        title=" ".join(imported.title.split()) or draft.filename,
        format_label=IMPORT_FORMATS.get(draft.format, draft.format),
        summary=imported.summary(),
        statements=[position.statement for position in imported.positions],
        problems=imported.problems + save_problems(imported),
    )


@bp.post("/debates/import/<key>")
@login_required
def confirm_import(key: str):
    """Save the previewed file as a debate in one transaction and open its page."""
    draft = draft_named(key, current_user)
    form = ConfirmImportForm()
    if not form.validate_on_submit():
        abort(400)
    imported, _format = read_file(draft.data, draft.format)
    material = db.session.get(Material, draft.material_id) if draft.material_id else None
    saved = import_debate(imported, current_user, material=material,
                          open_now=form.open_now.data, name=draft.filename.rsplit(".", 1)[0])
    db.session.delete(draft)
    db.session.commit()
    flash(_(
        "Imported “%(title)s”: %(arguments)s arguments, %(links)s links, %(evidence)s sources.",
        title=saved.debate.title, arguments=saved.arguments, links=saved.links,
        evidence=saved.evidence,
    ), "success")
    return hx_redirect(url_for("debates.show", debate_id=saved.debate.id))


@bp.post("/debates/import/<key>/cancel")
@login_required
def cancel_import(key: str):
    """Forget an uploaded file without importing it."""
    draft = draft_named(key, current_user)
    db.session.delete(draft)
    db.session.commit()
    flash(_("Import cancelled; nothing was saved."), "info")
    return hx_redirect(url_for("debates.index"))
