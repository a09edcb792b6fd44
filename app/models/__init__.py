"""Import every model so that Alembic and the app see the whole schema."""

from app.models.argument import (
    Argument,
    ArgumentRevision,
    Evidence,
    EvidenceKind,
    ModerationState,
    Stance,
)
from app.models.debate import (
    Debate,
    DebateStatus,
    Membership,
    Position,
    PositionAnchor,
    PostingMode,
    Role,
    Visibility,
    Voters,
)
from app.models.material import Material, Passage, PassageKind
from app.models.moderation import (
    Invite,
    ModerationAction,
    Report,
    ReportReason,
    ReportStatus,
)
from app.models.notification import Notification
from app.models.user import User
from app.models.vote import PositionStance, Rating, StanceChange, StanceChoice

__all__ = [
    "Argument",
    "ArgumentRevision",
    "Debate",
    "DebateStatus",
    "Evidence",
    "EvidenceKind",
    "Invite",
    "Material",
    "Membership",
    "ModerationAction",
    "ModerationState",
    "Notification",
    "Passage",
    "PassageKind",
    "Position",
    "PositionAnchor",
    "PositionStance",
    "PostingMode",
    "Rating",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Role",
    "Stance",
    "StanceChange",
    "StanceChoice",
    "User",
    "Visibility",
    "Voters",
]
