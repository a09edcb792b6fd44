"""Import every model so that Alembic and the app see the whole schema."""

from app.models.access_token import AccessToken, TokenScope
from app.models.argument import Argument, ArgumentRevision, Side
from app.models.audit import ModerationAction
from app.models.class_group import ClassGroup, GroupMember, GroupSplit
from app.models.classroom import (
    Classroom,
    ClassStudent,
    ClassTeacher,
    CriterionMark,
    Feedback,
    Reflection,
    RubricCriterion,
    SideAssignment,
    Task,
)
from app.models.debate import Debate, DebateStatus, PostingMode, Visibility, Voters
from app.models.evidence import Evidence, EvidenceKind
from app.models.follow import Follow
from app.models.import_draft import ImportDraft
from app.models.insight import ArgumentScore, ScoreMethod, ScoreState, StanceReason
from app.models.live import (
    LiveDevice,
    LiveEvent,
    LiveMark,
    LiveQuestion,
    LiveSpeaker,
    LiveTicket,
    LiveUpvote,
    LiveVote,
    MarkKind,
    Round,
    SpeakerSide,
)
from app.models.material import Material, Passage, PassageKind
from app.models.membership import Invite, Membership, Role
from app.models.moderation import ModerationState
from app.models.notification import Notification
from app.models.position import Position, PositionAnchor
from app.models.rating import Rating
from app.models.report import Report, ReportReason, ReportStatus
from app.models.sign_in import SignIn
from app.models.site_action import SiteAction
from app.models.spent_token import SpentToken
from app.models.stance import PositionStance, StanceChange, StanceChoice
from app.models.suspension import Suspension
from app.models.topic import Topic, debate_topics
from app.models.user import MailMode, TrustLevel, User

__all__ = [
    "AccessToken",
    "Argument",
    "ArgumentRevision",
    "ArgumentScore",
    "ClassGroup",
    "ClassStudent",
    "ClassTeacher",
    "Classroom",
    "CriterionMark",
    "Debate",
    "DebateStatus",
    "Evidence",
    "EvidenceKind",
    "Feedback",
    "Follow",
    "GroupMember",
    "GroupSplit",
    "ImportDraft",
    "Invite",
    "LiveDevice",
    "LiveEvent",
    "LiveMark",
    "LiveQuestion",
    "LiveSpeaker",
    "LiveTicket",
    "LiveUpvote",
    "LiveVote",
    "MailMode",
    "MarkKind",
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
    "Round",
    "RubricCriterion",
    "ScoreMethod",
    "ScoreState",
    "Side",
    "SideAssignment",
    "SignIn",
    "SiteAction",
    "SpeakerSide",
    "SpentToken",
    "StanceChange",
    "StanceChoice",
    "StanceReason",
    "Suspension",
    "Task",
    "TokenScope",
    "Topic",
    "TrustLevel",
    "User",
    "Visibility",
    "Voters",
    "debate_topics",
]
