"""Take arguments, evidence, ratings, stances and imported debates through the API, for
write-scope tokens, through the same services, policy, limits and moderation as the pages."""

import re

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.api import bp
from app.api.bearer import write_token_required
from app.api.payloads import choice, flag, identifier, json_object, text, whole_number
from app.api.serializers import attached_evidence, posted_argument
from app.arguments.services import SimilarArgumentExists, attach_evidence, post_argument
from app.arguments.votes import rate_argument, rating_tally, stance_tally, take_stance
from app.debates.importing import import_budget, import_debate, read_file
from app.errors import DomainError
from app.extensions import db
from app.imports import FORMATS
from app.metrics import count
from app.models import EvidenceKind, Material, Side, StanceChoice
from app.visibility import load_argument, load_position, shows_tally


@bp.post("/positions/<int:position_id>/arguments")
@write_token_required
def post_argument_json(position_id: int):
    """Post an argument on a position, or a reply to one of its arguments."""
    user = current_user._get_current_object()
    position = load_position(position_id, user)
    body = json_object("parent_id", "side", "claim", "body", "allow_similar")
    parent_id = identifier(body, "parent_id", _("Argument"))
    side = choice(body, "side", Side)
    claim, explanation = text(body, "claim"), text(body, "body", required=False)
    parent = load_argument(parent_id, user) if parent_id is not None else None
    try:
        argument = post_argument(
            position, user, side, claim, explanation, parent=parent,
            allow_similar=flag(body, "allow_similar"),
        )
    except SimilarArgumentExists as error:
        # The page lists the look-alikes to read first; a script gets them here.
        similar = [posted_argument(match) for match in error.matches]
        db.session.rollback()
        return jsonify(error={"status": error.status, "message": error.message,
                              "field": error.field, "similar": similar}), error.status
    answer = posted_argument(argument)
    db.session.commit()
    return jsonify(answer), 201, {"Location": answer["url"]}


@bp.post("/arguments/<int:argument_id>/evidence")
@write_token_required
def attach_evidence_json(argument_id: int):
    """Back an argument with a web source or a passage (by number) of the debate's material."""
    user = current_user._get_current_object()
    argument = load_argument(argument_id, user)
    body = json_object("kind", "title", "url", "passage", "excerpt")
    kind = choice(body, "kind", EvidenceKind)
    title, excerpt = text(body, "title", required=False), text(body, "excerpt", required=False)
    url = text(body, "url", required=False) or None
    number = whole_number(body, "passage")
    passage = None
    if number is not None:
        passages = argument.position.debate.material.passages
        passage = next((each for each in passages if each.number == number), None)
        if passage is None:
            raise DomainError(_("The material has no passage %(number)s.", number=number),
                              field="passage")
    evidence = attach_evidence(argument, user, kind, title, url=url, passage=passage,
                               excerpt=excerpt)
    db.session.flush()
    answer = attached_evidence(evidence)
    db.session.commit()
    location = url_for("arguments.show", argument_id=argument.id, _external=True)
    return jsonify(answer), 201, {"Location": location}


@bp.put("/arguments/<int:argument_id>/rating")
@write_token_required
def rate_json(argument_id: int):
    """Set (0 to 4) or clear (null) one's rating of an argument's strength."""
    user = current_user._get_current_object()
    argument = load_argument(argument_id, user)
    body = json_object("score")
    if "score" not in body:
        raise DomainError(_("Give a score from 0 to 4, or null to clear it."), field="score")
    score = whole_number(body, "score")
    rate_argument(argument, user, score)
    tally = rating_tally(argument, user)
    shown = shows_tally(argument.position.debate, tally.my_rating is not None)
    answer = {
        "argument_id": argument.id,
        "score": score,
        "rating": {
            "mean": round(tally.rating_mean, 3) if shown and tally.rating_count else None,
            "count": tally.rating_count if shown else None,
        },
    }
    db.session.commit()
    if score is not None:
        count("ratings")
    return jsonify(answer)


@bp.put("/positions/<int:position_id>/stance")
@write_token_required
def stance_json(position_id: int):
    """Take (or, with null, withdraw) one's stance on a position."""
    user = current_user._get_current_object()
    position = load_position(position_id, user)
    body = json_object("stance")
    stance = choice(body, "stance", StanceChoice, nullable=True)
    take_stance(position, user, stance)
    answer = {
        "position_id": position.id,
        "stance": stance.value if stance else None,
        "stances": {each.value: number for each, number in stance_tally(position).items()},
    }
    db.session.commit()
    if stance is not None:
        count("votes")
    return jsonify(answer)


@bp.post("/imports")
@write_token_required
@import_budget
def import_json():
    """Import a debate file, sent as the multipart field "file" (or as the whole body), and
    answer as the CLI does: the debate's id, its counts and the problems met."""
    user = current_user._get_current_object()
    upload = request.files.get("file")
    data = upload.read() if upload is not None else request.get_data()
    if not data:
        raise DomainError(_("Send the file as the multipart field “file”."), field="file")
    file_format = request.values.get("format") or None
    if file_format is not None and file_format not in FORMATS:
        raise DomainError(_("Unknown format %(format)r; use one of %(formats)s.",
                            format=file_format, formats=", ".join(FORMATS)), field="format")
    material = None
    if material_id := request.values.get("material"):
        # Only ASCII digits: isdigit() also takes "²", which int() then refuses with a 500.
        material = db.session.get(Material, int(material_id)) \
            if re.fullmatch(r"[0-9]{1,9}", material_id) else None
        if material is None:
            raise DomainError(_("There is no material %(material)r.", material=material_id[:20]),
                              field="material")
    open_now = request.values.get("open", "").lower() in ("1", "true", "yes", "on")
    imported, _format = read_file(data, file_format)
    name = upload.filename.rsplit(".", 1)[0] if upload is not None and upload.filename else ""
    saved = import_debate(imported, user, material=material, open_now=open_now, name=name)
    db.session.commit()
    location = url_for("api.debate", debate_id=saved.debate.id, _external=True)
    return jsonify({**saved.report(), "url": location}), 201, {"Location": location}
