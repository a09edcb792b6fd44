"""Serve the material library, the import form and the reading view."""

from flask import current_app, flash, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.auth.tokens import requester_key
from app.errors import beside_field, form_status
from app.extensions import db, limiter
from app.htmx import hx_redirect, render
from app.materials import bp
from app.materials.forms import MaterialForm
from app.materials.queries import citations_by_passage, debates_on, materials_page
from app.materials.services import import_material, read_upload
from app.models import Material
from app.pagination import Cursor


@bp.get("/")
def index():
    """List the material library, newest first, with the size of each document."""
    page = materials_page(Cursor.from_args(request.args))
    return render_template("materials/index.html", rows=page.items, page=page)


@bp.route("/new", methods=["GET", "POST"])
@login_required
# Reading a document costs far more than any other request, so each person gets a budget.
@limiter.limit(
    lambda: current_app.config["MATERIAL_IMPORT_LIMIT"], key_func=requester_key, methods=["POST"]
)
def new():
    """Import a material from pasted text or an uploaded file."""
    form = MaterialForm()
    if form.validate_on_submit():
        upload = form.file.data
        with beside_field(form, "text"):
            if upload and upload.filename:
                text, text_format = read_upload(upload.filename, upload.read())
                field = "file"
            else:
                text, text_format, field = form.text.data, form.text_format.data, "text"
            material = import_material(
                form.title.data,
                text,
                text_format,
                added_by=current_user,
                author=form.author.data,
                source_url=form.source_url.data,
                published_on=form.published_on.data,
                field=field,
            )
            db.session.commit()
            flash(_(
                "Imported “%(title)s” as %(count)s passages.",
                title=material.title,
                count=len(material.passages),
            ), "success")
            return hx_redirect(url_for("materials.show", material_id=material.id))
    return render("materials/new.html", "materials/_form.html", form_status(), form=form)


@bp.get("/<int:material_id>")
def show(material_id: int):
    """Show the material as an article with numbered passages and their citations."""
    material = db.get_or_404(Material, material_id)
    debates = debates_on(material, current_user, Cursor.from_args(request.args, "debates_"))
    return render_template(
        "materials/show.html",
        material=material,
        passages=material.passages,
        citations=citations_by_passage(material, current_user),
        debates=debates,
        raise_for=None,
        selected=request.args.get("p", type=int),
    )
