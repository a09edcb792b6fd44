"""Store live events: an evening's schedule, speakers, audience devices, votes and questions."""

import enum
from datetime import datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
    false,
    func,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.columns import string_enum, utcnow
from app.models.debate import Debate
from app.models.position import Position
from app.models.stance import StanceChoice

# Codes are read off a projector and typed on phones: no 0/O, 1/I/L, 2/Z, 5/S, 8/B.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 6


class Round(enum.StrEnum):
    """Name the two votes of an Oxford-style evening."""

    PRE = "pre"
    POST = "post"


class SpeakerSide(enum.StrEnum):
    """Say which side of the motion a speaker argues."""

    FOR = "for"
    AGAINST = "against"


class MarkKind(enum.StrEnum):
    """Say what an audience member said of a speaker's argument."""

    CONVINCED = "convinced"
    CHANGED_MIND = "changed_mind"


class LiveEvent(db.Model):
    """One evening on a motion: its schedule and what the screens show now.

    Every change the moderator makes adds one to `version`; a change sent with an older
    version is refused, so two clicks (or two moderators) make one change.
    """

    __tablename__ = "live_events"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("current_phase >= 0", name="phase_not_negative"),
        CheckConstraint("timer_banked >= 0 AND timer_extra >= 0", name="timer_not_negative"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    debate_id: Mapped[int] = mapped_column(ForeignKey("debates.id", ondelete="CASCADE"),
                                           index=True)
    position_id: Mapped[int] = mapped_column(ForeignKey("positions.id", ondelete="CASCADE"),
                                             index=True)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(120))
    join_code: Mapped[str] = mapped_column(String(CODE_LENGTH), unique=True)
    # [{"name": "Opening statements", "minutes": 14}, ...] in the order of the evening.
    phases: Mapped[list] = mapped_column(JSON)
    current_phase: Mapped[int] = mapped_column(default=0)
    version: Mapped[int] = mapped_column(default=1)
    # The timer: seconds already run before the last start, and when it was started if it runs.
    timer_started_at: Mapped[datetime | None]
    timer_banked: Mapped[int] = mapped_column(default=0)
    timer_extra: Mapped[int] = mapped_column(default=0)
    open_vote: Mapped[Round | None] = mapped_column(string_enum(Round, 4))
    revealed: Mapped[bool] = mapped_column(default=False)
    question_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_questions.id", ondelete="SET NULL", use_alter=True)
    )
    speaking_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_speakers.id", ondelete="SET NULL", use_alter=True)
    )
    # Questions wait for the moderator's approval before anyone else sees them.
    premoderated: Mapped[bool] = mapped_column(default=True)
    # A verified audience: each phone joins with one of the single-use tickets handed out.
    tickets_required: Mapped[bool] = mapped_column(default=False)
    # Only phones joined by a signed-in account may vote, one phone per account.
    accounts_required: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    debate: Mapped[Debate] = relationship()
    position: Mapped[Position] = relationship()
    speakers: Mapped[list["LiveSpeaker"]] = relationship(
        back_populates="event", order_by="LiveSpeaker.order", foreign_keys="LiveSpeaker.event_id",
        cascade="all, delete-orphan",
    )

    @property
    def phase(self) -> dict:
        """Return the phase the evening is in."""
        return self.phases[min(self.current_phase, len(self.phases) - 1)]

    @property
    def is_last_phase(self) -> bool:
        """Say whether no phase follows this one."""
        return self.current_phase >= len(self.phases) - 1

    def timer_elapsed(self, now: datetime) -> int:
        """Return the seconds the phase timer has run."""
        running = (now - self.timer_started_at).total_seconds() if self.timer_started_at else 0
        return self.timer_banked + int(running)

    def timer_remaining(self, now: datetime) -> int:
        """Return the seconds left in this phase, negative once over time."""
        return int(self.phase["minutes"]) * 60 + self.timer_extra - self.timer_elapsed(now)


class LiveSpeaker(db.Model):
    """A speaker of the evening, for or against the motion, with their main argument."""

    __tablename__ = "live_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("live_events.id", ondelete="CASCADE"),
                                          index=True)
    name: Mapped[str] = mapped_column(String(80))
    side: Mapped[SpeakerSide] = mapped_column(string_enum(SpeakerSide, 7))
    bio: Mapped[str] = mapped_column(String(300), default="")
    # The speaker's main point, an argument in the debate's tree that the audience can rate.
    argument_id: Mapped[int | None] = mapped_column(
        ForeignKey("arguments.id", ondelete="SET NULL"), index=True
    )
    order: Mapped[int] = mapped_column(default=0)

    event: Mapped[LiveEvent] = relationship(back_populates="speakers", foreign_keys=[event_id])


class LiveDevice(db.Model):
    """A phone in the hall, known by the hash of its random audience token."""

    __tablename__ = "live_devices"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("live_events.id", ondelete="CASCADE"),
                                          index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The account that joined with this phone, where the event asks for one.
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"),
                                                index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())


class LiveTicket(db.Model):
    """A single-use ticket for a verified audience, known by the hash of its code; the phone
    that joined with it, once used."""

    __tablename__ = "live_tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("live_events.id", ondelete="CASCADE"),
                                          index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_devices.id", ondelete="SET NULL"), unique=True
    )


class LiveVote(db.Model):
    """A device's current choice in one of the two votes; changing it replaces it."""

    __tablename__ = "live_votes"
    __table_args__ = (
        UniqueConstraint("device_id", "round"),
        Index("ix_live_votes_event_id_round", "event_id", "round"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("live_events.id", ondelete="CASCADE"))
    device_id: Mapped[int] = mapped_column(ForeignKey("live_devices.id", ondelete="CASCADE"))
    round: Mapped[Round] = mapped_column(string_enum(Round, 4))
    choice: Mapped[StanceChoice] = mapped_column(string_enum(StanceChoice, 10))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class LiveQuestion(db.Model):
    """A question from the audience, shown to others once the moderator approves it."""

    __tablename__ = "live_questions"
    __table_args__ = (CheckConstraint("upvotes >= 0", name="upvotes_not_negative"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("live_events.id", ondelete="CASCADE"),
                                          index=True)
    device_id: Mapped[int | None] = mapped_column(
        ForeignKey("live_devices.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(String(280))
    approved: Mapped[bool] = mapped_column(default=False)
    upvotes: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, server_default=func.now())

    event: Mapped[LiveEvent] = relationship(foreign_keys=[event_id])


class LiveUpvote(db.Model):
    """One device's upvote of a question: once per device."""

    __tablename__ = "live_upvotes"
    __table_args__ = (UniqueConstraint("question_id", "device_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(
        ForeignKey("live_questions.id", ondelete="CASCADE"), index=True
    )
    device_id: Mapped[int] = mapped_column(ForeignKey("live_devices.id", ondelete="CASCADE"),
                                           index=True)


class LiveMark(db.Model):
    """A device's "this convinced me" or "this changed my mind" on a speaker's argument."""

    __tablename__ = "live_marks"
    __table_args__ = (UniqueConstraint("device_id", "argument_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("live_events.id", ondelete="CASCADE"),
                                          index=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("live_devices.id", ondelete="CASCADE"))
    argument_id: Mapped[int] = mapped_column(ForeignKey("arguments.id", ondelete="CASCADE"),
                                             index=True)
    kind: Mapped[MarkKind] = mapped_column(string_enum(MarkKind, 12))
