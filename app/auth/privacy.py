"""Let people take away everything Agora holds about them, and delete their account."""

from sqlalchemy import delete, select, update

from app.errors import Conflict, DomainError
from app.extensions import db
from app.models import (
    Argument,
    ArgumentRevision,
    Debate,
    DebateStatus,
    Evidence,
    Invite,
    Material,
    Membership,
    ModerationAction,
    Notification,
    Position,
    PositionStance,
    Rating,
    Report,
    SignIn,
    StanceChange,
    Suspension,
    User,
)
from app.models.columns import isoformat_utc as iso


def export_account(user: User) -> dict:
    """Gather, as plain data, everything stored about this person and by them."""
    arguments = db.session.scalars(select(Argument).where(Argument.author_id == user.id)).all()
    revisions = db.session.scalars(
        select(ArgumentRevision).where(
            ArgumentRevision.argument_id.in_([argument.id for argument in arguments])
        )
    ).all()
    return {
        "account": {
            "username": user.username,
            "display_name": user.display_name,
            "email": user.email,
            "is_admin": user.is_admin,
            "created_at": iso(user.created_at),
        },
        "memberships": [
            {"debate_id": m.debate_id, "role": m.role.value}
            for m in db.session.scalars(select(Membership).where(Membership.user_id == user.id))
        ],
        "sign_ins": [
            {"started_at": iso(s.created_at), "expires_at": iso(s.expires_at),
             "remembered": s.remember}
            for s in db.session.scalars(select(SignIn).where(SignIn.user_id == user.id))
        ],
        "suspensions": [
            {"debate_id": s.debate_id, "until": iso(s.until)}
            for s in db.session.scalars(select(Suspension).where(Suspension.user_id == user.id))
        ],
        "positions": [
            {"id": p.id, "debate_id": p.debate_id, "statement": p.statement,
             "created_at": iso(p.created_at)}
            for p in db.session.scalars(select(Position).where(Position.author_id == user.id))
        ],
        "arguments": [
            {"id": a.id, "position_id": a.position_id, "parent_id": a.parent_id,
             "side": a.side.value, "claim": a.claim, "body": a.body,
             "created_at": iso(a.created_at), "edited_at": iso(a.edited_at),
             "withdrawn_at": iso(a.withdrawn_at), "moderation": a.moderation.value,
             "moderation_reason": a.moderation_reason}
            for a in arguments
        ],
        "argument_revisions": [
            {"argument_id": r.argument_id, "claim": r.claim, "body": r.body,
             "replaced_at": iso(r.created_at)}
            for r in revisions
        ],
        "evidence": [
            {"id": e.id, "argument_id": e.argument_id, "kind": e.kind.value, "title": e.title,
             "url": e.url, "passage_id": e.passage_id, "excerpt": e.excerpt,
             "created_at": iso(e.created_at)}
            for e in db.session.scalars(select(Evidence).where(Evidence.added_by_id == user.id))
        ],
        "ratings": [
            {"argument_id": r.argument_id, "score": r.score, "updated_at": iso(r.updated_at)}
            for r in db.session.scalars(select(Rating).where(Rating.user_id == user.id))
        ],
        "stances": [
            {"position_id": s.position_id, "stance": s.stance.value,
             "updated_at": iso(s.updated_at)}
            for s in db.session.scalars(
                select(PositionStance).where(PositionStance.user_id == user.id)
            )
        ],
        "stance_history": [
            {"position_id": c.position_id, "stance": c.stance.value if c.stance else None,
             "at": iso(c.created_at)}
            for c in db.session.scalars(
                select(StanceChange).where(StanceChange.user_id == user.id)
            )
        ],
        "reports": [
            {"argument_id": r.argument_id, "evidence_id": r.evidence_id,
             "reason": r.reason.value, "details": r.details, "status": r.status.value,
             "created_at": iso(r.created_at)}
            for r in db.session.scalars(select(Report).where(Report.reporter_id == user.id))
        ],
        "notifications": [
            {"message": n.message, "created_at": iso(n.created_at), "read_at": iso(n.read_at)}
            for n in db.session.scalars(
                select(Notification).where(Notification.user_id == user.id)
            )
        ],
    }


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
            "You own closed debates; an admin must take them over before you leave.",
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
