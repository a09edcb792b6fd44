"""Import every model so that Alembic and the app see the whole schema."""

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

__all__ = [
    "Debate",
    "DebateStatus",
    "Material",
    "Membership",
    "Passage",
    "PassageKind",
    "Position",
    "PositionAnchor",
    "Role",
    "User",
]
