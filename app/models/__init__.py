"""Import every model so that Alembic and the app see the whole schema."""

from app.models.argument import (
    Argument,
    ArgumentRevision,
    Evidence,
    EvidenceKind,
    Stance,
)
from app.models.debate import (
    Debate,
    DebateStatus,
    Membership,
    Position,
    PositionAnchor,
    Role,
)
from app.models.material import Material, Passage, PassageKind
from app.models.user import User
from app.models.vote import PositionStance, Rating, StanceChange, StanceChoice

__all__ = [
    "Argument",
    "ArgumentRevision",
    "Debate",
    "DebateStatus",
    "Evidence",
    "EvidenceKind",
    "Material",
    "Membership",
    "Passage",
    "PassageKind",
    "Position",
    "PositionAnchor",
    "PositionStance",
    "Rating",
    "Role",
    "Stance",
    "StanceChange",
    "StanceChoice",
    "User",
]
