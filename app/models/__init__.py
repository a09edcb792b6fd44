"""Import every model so that Alembic and the app see the whole schema."""

from app.models.access_token import AccessToken, TokenScope
from app.models.argument import Argument, ArgumentRevision, Side
from app.models.audit import ModerationAction
from app.models.classroom import (
    Classroom,
    ClassStudent,
    ClassTeacher,
    Feedback,
    Reflection,
    SideAssignment,
    Task,
)
from app.models.debate import Debate, DebateStatus, PostingMode, Visibility, Voters
from app.models.evidence import Evidence, EvidenceKind
from app.models.import_draft import ImportDraft
from app.models.material import Material, Passage, PassageKind
from app.models.membership import Invite, Membership, Role
from app.models.moderation import ModerationState
from app.models.notification import Notification
from app.models.position import Position, PositionAnchor
from app.models.rating import Rating
from app.models.report import Report, ReportReason, ReportStatus
from app.models.sign_in import SignIn
from app.models.stance import PositionStance, StanceChange, StanceChoice
from app.models.suspension import Suspension
from app.models.user import User

__all__ = [
    "AccessToken",
    "Argument",
    "ArgumentRevision",
    "ClassStudent",
    "ClassTeacher",
    "Classroom",
    "Debate",
    "DebateStatus",
    "Evidence",
    "EvidenceKind",
    "Feedback",
    "ImportDraft",
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
    "Reflection",
    "Report",
    "ReportReason",
    "ReportStatus",
    "Role",
    "Side",
    "SideAssignment",
    "SignIn",
    "StanceChange",
    "StanceChoice",
    "Suspension",
    "Task",
    "TokenScope",
    "User",
    "Visibility",
    "Voters",
]
