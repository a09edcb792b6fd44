"""Let people take away everything Agora holds about them, and delete their account."""

import json
from collections.abc import Callable, Iterator

from flask_babel import gettext as _
from sqlalchemy import delete, select, update
from sqlalchemy.orm import selectinload

from app.errors import Conflict, DomainError
from app.extensions import db
from app.models import (
    AccessToken,
    Argument,
    ArgumentRevision,
    CriterionMark,
    Debate,
    DebateStatus,
    Evidence,
    Feedback,
    Follow,
    Invite,
    Material,
    Membership,
    ModerationAction,
    Notification,
    Position,
    PositionStance,
    Rating,
    Reflection,
    Report,
    SignIn,
    StanceChange,
    Suspension,
    User,
)
from app.models.columns import isoformat_utc as iso

# The export reads each kind of record in batches and writes the JSON out in pieces of about
# this size, so that a prolific person's export never sits whole in memory.
EXPORT_BATCH = 500
EXPORT_CHUNK = 64 * 1024


def export_sections(user: User) -> list[tuple[str, object, Callable]]:
    """Name each kind of record stored about or by this person, its select and its shape."""
    uid = user.id
    return [
        ("memberships", select(Membership).where(Membership.user_id == uid),
         lambda m: {"debate_id": m.debate_id, "role": m.role.value}),
        ("sign_ins", select(SignIn).where(SignIn.user_id == uid),
         lambda s: {"started_at": iso(s.created_at), "expires_at": iso(s.expires_at),
                    "remembered": s.remember}),
        # Names and dates only: the hash is of no use to the person and would help a guesser.
        ("access_tokens", select(AccessToken).where(AccessToken.user_id == uid),
         lambda t: {"name": t.name, "scope": t.scope.value, "created_at": iso(t.created_at),
                    "last_used_on": iso(t.last_used_on), "revoked_at": iso(t.revoked_at)}),
        ("follows", select(Follow).where(Follow.user_id == uid),
         lambda f: {"kind": f.kind, "id": f.target_id, "created_at": iso(f.created_at)}),
        ("suspensions", select(Suspension).where(Suspension.user_id == uid),
         lambda s: {"debate_id": s.debate_id, "until": iso(s.until)}),
        ("positions", select(Position).where(Position.author_id == uid),
         lambda p: {"id": p.id, "debate_id": p.debate_id, "statement": p.statement,
                    "created_at": iso(p.created_at)}),
        ("arguments", select(Argument).where(Argument.author_id == uid),
         lambda a: {"id": a.id, "position_id": a.position_id, "parent_id": a.parent_id,
                    "side": a.side.value, "claim": a.claim, "body": a.body,
                    "created_at": iso(a.created_at), "edited_at": iso(a.edited_at),
                    "withdrawn_at": iso(a.withdrawn_at), "moderation": a.moderation.value,
                    "moderation_reason": a.moderation_reason}),
        ("argument_revisions",
         select(ArgumentRevision)
         .join(Argument, ArgumentRevision.argument_id == Argument.id)
         .where(Argument.author_id == uid),
         lambda r: {"argument_id": r.argument_id, "claim": r.claim, "body": r.body,
                    "replaced_at": iso(r.created_at)}),
        ("evidence", select(Evidence).where(Evidence.added_by_id == uid),
         lambda e: {"id": e.id, "argument_id": e.argument_id, "kind": e.kind.value,
                    "title": e.title, "url": e.url, "passage_id": e.passage_id,
                    "excerpt": e.excerpt, "created_at": iso(e.created_at)}),
        ("ratings", select(Rating).where(Rating.user_id == uid),
         lambda r: {"argument_id": r.argument_id, "score": r.score,
                    "updated_at": iso(r.updated_at)}),
        ("stances", select(PositionStance).where(PositionStance.user_id == uid),
         lambda s: {"position_id": s.position_id, "stance": s.stance.value,
                    "updated_at": iso(s.updated_at)}),
        ("stance_history", select(StanceChange).where(StanceChange.user_id == uid),
         lambda c: {"position_id": c.position_id,
                    "stance": c.stance.value if c.stance else None, "at": iso(c.created_at)}),
        ("reports", select(Report).where(Report.reporter_id == uid),
         lambda r: {"argument_id": r.argument_id, "evidence_id": r.evidence_id,
                    "reason": r.reason.value, "details": r.details, "status": r.status.value,
                    "created_at": iso(r.created_at)}),
        ("reflections", select(Reflection).where(Reflection.user_id == uid),
         lambda r: {"task_id": r.task_id, "text": r.text, "created_at": iso(r.created_at)}),
        # A teacher's feedback once released to the student, never before.
        ("feedback",
         select(Feedback).where(Feedback.student_id == uid, Feedback.released_at.is_not(None))
         .options(selectinload(Feedback.criterion_marks).joinedload(CriterionMark.criterion)),
         lambda f: {"argument_id": f.argument_id, "comment": f.comment, "mark": f.mark,
                    "out_of": f.out_of, "released_at": iso(f.released_at),
                    "criteria": [{"name": m.criterion.name, "mark": m.mark, "out_of": m.out_of}
                                 for m in f.criterion_marks]}),
        ("notifications", select(Notification).where(Notification.user_id == uid),
         lambda n: {"message": n.message, "created_at": iso(n.created_at),
                    "read_at": iso(n.read_at)}),
    ]


def export_account(user: User) -> Iterator[str]:
    """Write, piece by piece, a JSON object of everything stored about this person and by
    them: one query per kind of record, whatever their number."""
    account = {
        "username": user.username,
        "display_name": user.display_name,
        "email": user.email,
        "email_verified_at": iso(user.email_verified_at),
        "mail_mode": user.mail_mode.value,
        "profile_public": user.profile_public,
        "bio": user.bio,
        "trust_level_set": user.trust_level.value if user.trust_level else None,
        "suspended_at": iso(user.suspended_at),
        "is_admin": user.is_admin,
        "created_at": iso(user.created_at),
    }
    pieces = ['{"account": ', json.dumps(account)]
    size = 0
    for name, query, shape in export_sections(user):
        pieces.append(f', "{name}": [')
        entity = query.column_descriptions[0]["entity"]
        rows = db.session.scalars(
            query.order_by(entity.id).execution_options(yield_per=EXPORT_BATCH)
        )
        for number, row in enumerate(rows):
            piece = json.dumps(shape(row))
            pieces.append(f", {piece}" if number else piece)
            size += len(piece)
            if size > EXPORT_CHUNK:
                yield "".join(pieces)
                pieces, size = [], 0
        pieces.append("]")
    pieces.append("}")
    yield "".join(pieces)


def delete_account(user: User) -> None:
    """Delete a person's account and votes; their public arguments stay, by nobody.

    Debates they own must be handed over or closed first, so that no debate loses its owner
    in the middle of a discussion.
    """
    owned_open = db.session.scalars(
        select(Debate.title).where(
            Debate.owner_id == user.id, Debate.status != DebateStatus.CLOSED
        )
    ).all()
    if owned_open:
        raise Conflict(
            "Close the debates you own first: " + ", ".join(f"“{t}”" for t in owned_open) + ".",
            field="confirm",
        )
    if db.session.scalar(select(Debate.id).where(Debate.owner_id == user.id).limit(1)):
        raise DomainError(
            _("You own closed debates; an admin must take them over before you leave."),
            field="confirm",
        )
    uid = user.id
    for model, column in (
        (Rating, Rating.user_id),
        (PositionStance, PositionStance.user_id),
        (StanceChange, StanceChange.user_id),
        (Report, Report.reporter_id),
        (Notification, Notification.user_id),
        (Membership, Membership.user_id),
        (Suspension, Suspension.user_id),
        (SignIn, SignIn.user_id),
        (AccessToken, AccessToken.user_id),
    ):
        db.session.execute(delete(model).where(column == uid))
    for model, column in (
        (Argument, Argument.author_id),
        (Evidence, Evidence.added_by_id),
        (Position, Position.author_id),
        (Material, Material.added_by_id),
        (ModerationAction, ModerationAction.actor_id),
        (Invite, Invite.created_by_id),
    ):
        db.session.execute(update(model).where(column == uid).values({column.key: None}))
    db.session.delete(user)
    db.session.flush()
