"""Say how to call each route that changes something, and what its success leaves behind."""

import io
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from werkzeug.security import check_password_hash

from app.debates.importing import keep_draft
from app.extensions import db
from app.live.audience import cookie_name, new_device
from app.live.services import create_event
from app.models import (
    AccessToken,
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    Follow,
    ImportDraft,
    Invite,
    LiveDevice,
    LiveEvent,
    LiveMark,
    LiveQuestion,
    LiveSpeaker,
    LiveTicket,
    LiveUpvote,
    LiveVote,
    MailMode,
    Material,
    Membership,
    ModerationState,
    Notification,
    Position,
    PositionStance,
    PostingMode,
    Rating,
    Report,
    ReportReason,
    ReportStatus,
    Role,
    Round,
    StanceChange,
    StanceChoice,
    StanceReason,
    Suspension,
    Topic,
    TrustLevel,
    User,
    Visibility,
)
from app.models.columns import utcnow
from tests.factories import PASSWORD, make_token
from tests.forms import GOOD_PASSWORD, position_form
from tests.worlds import World

NEW_CLAIM = "A fresh claim from the permission matrix"
EDITED_CLAIM = "An edited claim from the permission matrix"
NEW_URL = "https://example.org/matrix-source"
REASON = "Checked by the permission matrix"


def get(model, ident):
    return db.session.get(model, ident)


def membership(w: World, user_id: int | None) -> Membership | None:
    return db.session.scalar(
        select(Membership).where(Membership.debate_id == w.debate, Membership.user_id == user_id)
    )


def set_argument(**values) -> Callable[[World], None]:
    def setup(w: World) -> None:
        for name, value in values.items():
            setattr(get(Argument, w.argument), name, value)

    return setup


def moved_url(w: World) -> str:
    """Give the person (or, signed out, someone else) a change of mind on the position and
    return the address of its "what moved you?" prompt."""
    user_id = w.me or w.users["target"]
    for stance in (StanceChoice.AGAINST, StanceChoice.FOR):
        db.session.add(StanceChange(position_id=w.position, user_id=user_id, stance=stance))
    db.session.flush()
    change_id = db.session.scalar(select(func.max(StanceChange.id)))
    db.session.commit()
    return f"/positions/{w.position}/moved/{change_id}"


def make_draft(w: World) -> None:
    get(Debate, w.debate).status = DebateStatus.DRAFT


def report_argument(w: World) -> None:
    db.session.add(
        Report(
            debate_id=w.debate,
            reporter_id=w.users["target"],
            argument_id=w.argument,
            reason=ReportReason.SPAM,
        )
    )


def argument_state(state: ModerationState) -> Callable[[World], bool]:
    return lambda w: get(Argument, w.argument).moderation == state


def posted(w: World, parent: int | None = None) -> bool:
    argument = db.session.scalar(select(Argument).where(Argument.claim == NEW_CLAIM))
    return argument is not None and argument.author_id == w.me and argument.parent_id == parent


def withdrawn(w: World) -> bool:
    argument = get(Argument, w.argument)
    return argument is None or argument.withdrawn_at is not None


def suspended(w: World) -> bool:
    until = db.session.scalar(select(Suspension.until).where(
        Suspension.debate_id == w.debate, Suspension.user_id == w.users["target"]))
    return until is not None and until > utcnow()


def notices_read(w: World) -> bool:
    unread = {
        notice.user_id
        for notice in db.session.scalars(select(Notification).where(Notification.read_at.is_(None)))
    }
    # Only one's own notices: everybody else's stay unread.
    return w.me not in unread and unread == set(w.users.values()) - {w.me}


def follows_of(kind: str, target_id: int) -> set[int]:
    column = {"debate": Follow.debate_id, "position": Follow.position_id,
              "argument": Follow.argument_id}[kind]
    return set(db.session.scalars(select(Follow.user_id).where(column == target_id)))


def everyone_follows_the_debate(w: World) -> None:
    for user_id in w.users.values():
        db.session.add(Follow(user_id=user_id, debate_id=w.debate))


def unfollowed(w: World) -> bool:
    # Only one's own follow: everybody else keeps theirs.
    return follows_of("debate", w.debate) == set(w.users.values()) - {w.me}


def everyone_gave_an_address(w: World) -> None:
    for name, user_id in w.users.items():
        get(User, user_id).email = f"{name}@example.org"


def link_sent_again(w: World) -> bool:
    return get(User, w.me).verification_sent_at is not None


def signed_out(w: World) -> bool:
    return w.client.get("/notifications").status_code == 302


@dataclass
class Case:
    """One way to call a route: how, with what, and what success leaves behind."""

    endpoint: str
    method: str
    url: Callable[[World], str]
    data: Callable[[World], dict] = lambda w: {}
    setup: Callable[[World], None] | None = None
    # Checked after an allowed POST; an allowed GET must leave the database as it was.
    done: Callable[[World], bool] | None = None
    success: int = 303
    # An API write: sent as JSON with the actor's write token instead of their cookie.
    bearer: bool = False
    # Sent as a form with files (an upload), even through the API.
    multipart: bool = False


def members_only(w: World) -> None:
    """Let only the debate's members read it."""
    get(Debate, w.debate).visibility = Visibility.MEMBERS


def tokens_for_everyone(w: World) -> None:
    """Give every person in the world a token of their own."""
    w.api_tokens = {}
    for user_id in w.users.values():
        make_token(get(User, user_id), "read")
        w.api_tokens[user_id] = db.session.scalar(
            select(AccessToken.id).where(AccessToken.user_id == user_id)
        )


def own_token_url(w: World) -> str:
    """Revoke one's own token; an anonymous visitor tries the owner's."""
    return f"/account/tokens/{w.api_tokens.get(w.me, w.api_tokens[w.users['owner']])}/revoke"


MATRIX_DEBATE = b"""Discussion Title: Matrix import

1. Imported by the matrix.
1.1. Pro: A reason from the file.
"""


def debate_file(w: World) -> dict:
    return {"file": (io.BytesIO(MATRIX_DEBATE), "matrix.txt")}


def drafts_for_everyone(w: World) -> None:
    """Give every person in the world an uploaded file waiting for their confirmation."""
    w.drafts = {}
    for user_id in w.users.values():
        draft = keep_draft(get(User, user_id), "matrix.txt", MATRIX_DEBATE, "kialo", None)
        w.drafts[user_id] = draft.key


def own_draft_url(suffix: str = "") -> Callable[[World], str]:
    """Confirm or cancel one's own import; an anonymous visitor tries the owner's."""
    return lambda w: ("/debates/import/" + w.drafts.get(w.me, w.drafts[w.users["owner"]])
                      + suffix)


def imported_by_me(w: World) -> bool:
    return db.session.scalar(
        select(Debate.owner_id).where(Debate.title == "Matrix import")) == w.me


def queue_act(action: str, kind: str = "argument") -> Callable[[World], str]:
    def url(w: World) -> str:
        item = {"argument": w.argument, "evidence": w.evidence, "position": w.position}[kind]
        return f"/debates/{w.debate}/queue/{kind}/{item}"

    return url


def let_participants_propose(w: World) -> None:
    debate = get(Debate, w.debate)
    debate.participants_raise_positions = True
    debate.posting_mode = PostingMode.PREMODERATED


def proposed_as_their_standing_says(w: World) -> bool:
    position = db.session.scalar(
        select(Position).where(Position.statement == "Proposed in the matrix"))
    runs_it = w.me in {w.users[name] for name in ("owner", "moderator", "admin")}
    expected = ModerationState.VISIBLE if runs_it else ModerationState.PENDING
    return position.author_id == w.me and position.moderation == expected


def proposed_position(w: World) -> None:
    get(Position, w.position).moderation = ModerationState.PENDING


def position_state(state: ModerationState) -> Callable[[World], bool]:
    return lambda w: get(Position, w.position).moderation == state


def act_data(action: str) -> Callable[[World], dict]:
    return lambda w: {"action": action, "reason": REASON}


def add_matrix_topic(w: World) -> None:
    db.session.add(Topic(name="Filed"))


def matrix_topic_id() -> int | None:
    return db.session.scalar(select(Topic.id).where(Topic.name == "Filed"))


def live_evening(w: World, phone: bool = True) -> None:
    """Set up an evening on the world's motion, with the pre-vote open, a question waiting,
    and a phone (this client's cookie) that joined it."""
    event = create_event(get(Debate, w.debate), get(Position, w.position), get(User, w.users[
        "owner"]), "Matrix evening")
    event.open_vote = Round.PRE
    _device, token = new_device(event)
    db.session.add(LiveQuestion(event_id=event.id, body="A matrix question?"))
    db.session.flush()
    w.event = event.id
    w.question = db.session.scalar(select(LiveQuestion.id))
    if phone:
        w.client.set_cookie(cookie_name(event.id), token)


def live_evening_without_phone(w: World) -> None:
    """Set up an evening this client has not joined yet."""
    live_evening(w, phone=False)


def live_url(suffix: str) -> Callable[[World], str]:
    return lambda w: f"/live/{w.event}{suffix}"


def event_version(w: World) -> int:
    return get(LiveEvent, w.event).version


def live_moved(w: World) -> bool:
    return get(LiveEvent, w.event).current_phase == 1


def counted(model, **where) -> Callable[[World], bool]:
    return lambda w: db.session.scalar(
        select(func.count()).select_from(model).filter_by(**where)) > 0


LIVE_CASES = {
    "live.new": Case(
        "live.new", "POST", lambda w: f"/debates/{w.debate}/events/new",
        lambda w: {"position": w.position, "title": "Matrix night", "phases": "Debate | 30"},
        done=counted(LiveEvent, title="Matrix night"),
    ),
    "live.new:form": Case(
        "live.new", "GET", lambda w: f"/debates/{w.debate}/events/new", success=200),
    "live.setup:page": Case(
        "live.setup", "GET", live_url("/setup"), setup=live_evening, success=200),
    "live.console:page": Case(
        "live.console", "GET", live_url("/console"), setup=live_evening, success=200),
    "live.speakers": Case(
        "live.speakers", "POST", live_url("/speakers"),
        lambda w: {"name": "Matrix speaker", "side": "for", "bio": "", "argument": 0},
        setup=live_evening, done=counted(LiveSpeaker, name="Matrix speaker"),
    ),
    "live.schedule": Case(
        "live.schedule", "POST", live_url("/schedule"),
        lambda w: {"phases": "Only phase | 9", "version": event_version(w)}, setup=live_evening,
        done=lambda w: get(LiveEvent, w.event).phases == [{"name": "Only phase", "minutes": 9}],
    ),
    "live.tickets": Case(
        "live.tickets", "POST", live_url("/tickets"), lambda w: {"count": 5},
        setup=live_evening, success=200,
        done=lambda w: db.session.scalar(select(func.count()).select_from(LiveTicket)) == 5,
    ),
    "live.accounts": Case(
        "live.accounts", "POST", live_url("/accounts"), lambda w: {"required": "1"},
        setup=live_evening, done=lambda w: get(LiveEvent, w.event).accounts_required,
    ),
    "live.act": Case(
        "live.act", "POST", live_url("/console/actions"),
        lambda w: {"action": "next", "version": event_version(w)}, setup=live_evening,
        done=live_moved,
    ),
    "live.approve": Case(
        "live.approve", "POST", lambda w: f"/live/{w.event}/questions/{w.question}/approve",
        setup=live_evening, done=lambda w: get(LiveQuestion, w.question).approved,
    ),
    # The audience: anyone holding the evening's code, account or not.
    "live.join": Case(
        "live.join", "POST", lambda w: "/live/join",
        lambda w: {"code": get(LiveEvent, w.event).join_code},
        setup=live_evening_without_phone,
        done=lambda w: db.session.scalar(select(func.count()).select_from(LiveDevice)) == 2,
    ),
    "live.vote": Case(
        "live.vote", "POST", live_url("/phone/vote"), lambda w: {"vote": "pre",
                                                                 "choice": "for"},
        setup=live_evening, done=counted(LiveVote),
    ),
    "live.ask": Case(
        "live.ask", "POST", live_url("/phone/questions"),
        lambda w: {"body": "Who pays for the buses?"}, setup=live_evening,
        done=counted(LiveQuestion, body="Who pays for the buses?"),
    ),
    "live.upvote": Case(
        "live.upvote", "POST", lambda w: f"/live/{w.event}/phone/questions/{w.question}/upvote",
        setup=lambda w: (live_evening(w), setattr(get(LiveQuestion, w.question), "approved",
                                                   True)),
        done=counted(LiveUpvote),
    ),
    "live.mark": Case(
        "live.mark", "POST", live_url("/phone/marks"),
        lambda w: {"argument": w.argument, "kind": "convinced"},
        setup=lambda w: (live_evening(w), db.session.add(LiveSpeaker(
            event_id=w.event, name="Speaker", side="for", argument_id=w.argument))),
        done=counted(LiveMark),
    ),
    "api.create_event_json": Case(
        "api.create_event_json", "POST", lambda w: f"/api/v1/debates/{w.debate}/events",
        lambda w: {"position_id": w.position, "title": "Matrix API night"}, bearer=True,
        success=201, done=counted(LiveEvent, title="Matrix API night"),
    ),
    "api.phase_json": Case(
        "api.phase_json", "POST", lambda w: f"/api/v1/live/{w.event}/phase",
        lambda w: {"phase": 1, "version": event_version(w)}, setup=live_evening,
        bearer=True, success=200, done=live_moved,
    ),
    "api.voting_json": Case(
        "api.voting_json", "POST", lambda w: f"/api/v1/live/{w.event}/voting",
        lambda w: {"vote": "post", "open": True}, setup=live_evening, bearer=True,
        success=200, done=lambda w: get(LiveEvent, w.event).open_vote == Round.POST,
    ),
    "api.join_json": Case(
        "api.join_json", "POST", lambda w: "/api/v1/live/join",
        lambda w: {"code": get(LiveEvent, w.event).join_code}, setup=live_evening,
        bearer=True, success=201,
        done=lambda w: db.session.scalar(select(func.count()).select_from(LiveDevice)) == 2,
    ),
    # The phone's audience token travels in its cookie here; scripts send it as a bearer.
    "api.vote_json": Case(
        "api.vote_json", "POST", lambda w: f"/api/v1/live/{w.event}/vote",
        lambda w: {"vote": "pre", "choice": "against"}, setup=live_evening, bearer=True,
        success=200, done=counted(LiveVote),
    ),
}

CASES = {
    "debates.import_file": Case(
        "debates.import_file", "POST", lambda w: "/debates/import", debate_file,
        done=lambda w: db.session.scalar(
            select(ImportDraft.owner_id).where(ImportDraft.filename == "matrix.txt")) == w.me,
    ),
    "debates.import_file:form": Case(
        "debates.import_file", "GET", lambda w: "/debates/import", success=200),
    "debates.confirm_import": Case(
        "debates.confirm_import", "POST", own_draft_url(), setup=drafts_for_everyone,
        done=imported_by_me,
    ),
    "debates.cancel_import": Case(
        "debates.cancel_import", "POST", own_draft_url("/cancel"), setup=drafts_for_everyone,
        done=lambda w: db.session.scalar(
            select(ImportDraft.id).where(ImportDraft.owner_id == w.me)) is None,
    ),
    "api.import_json": Case(
        "api.import_json", "POST", lambda w: "/api/v1/imports", debate_file,
        done=imported_by_me, success=201, bearer=True, multipart=True,
    ),
    "debates.status:open": Case(
        "debates.status", "POST", lambda w: f"/debates/{w.debate}/status",
        lambda w: {"status": "open"}, setup=make_draft,
        done=lambda w: get(Debate, w.debate).status == DebateStatus.OPEN,
    ),
    "debates.status:close": Case(
        "debates.status", "POST", lambda w: f"/debates/{w.debate}/status",
        lambda w: {"status": "closed", "conclusion": "Cameras need a warrant."},
        done=lambda w: get(Debate, w.debate).conclusion == "Cameras need a warrant.",
    ),
    "debates.new_position": Case(
        "debates.new_position", "POST", lambda w: f"/debates/{w.debate}/positions/new",
        lambda w: position_form("Raised by the matrix", (2, "Cameras in the city")),
        done=lambda w: db.session.scalar(
            select(Position).where(Position.statement == "Raised by the matrix")
        ).author_id == w.me,
    ),
    "debates.new_position:form": Case(
        "debates.new_position", "GET", lambda w: f"/debates/{w.debate}/positions/new",
        success=200,
    ),
    # Participants propose too, and theirs wait for review where posting is pre-moderated.
    "debates.new_position:proposed": Case(
        "debates.new_position", "POST", lambda w: f"/debates/{w.debate}/positions/new",
        lambda w: position_form("Proposed in the matrix", (2, "Cameras in the city")),
        setup=let_participants_propose,
        done=proposed_as_their_standing_says,
    ),
    "debates.new": Case(
        "debates.new", "POST", lambda w: "/debates/new",
        lambda w: {"material": str(w.material), "title": "Matrix debate", "question": "Who?"},
        done=lambda w: db.session.scalar(
            select(Debate).where(Debate.title == "Matrix debate")
        ).owner_id == w.me,
    ),
    "debates.new:form": Case("debates.new", "GET", lambda w: "/debates/new", success=200),
    "materials.new": Case(
        "materials.new", "POST", lambda w: "/materials/new",
        lambda w: {"title": "Matrix material", "text": "One paragraph.", "text_format": "text"},
        done=lambda w: db.session.scalar(
            select(Material).where(Material.title == "Matrix material")
        ).added_by_id == w.me,
    ),
    "materials.new:form": Case("materials.new", "GET", lambda w: "/materials/new", success=200),
    "arguments.new": Case(
        "arguments.new", "POST", lambda w: f"/positions/{w.position}/arguments/new",
        lambda w: {"side": "pro", "claim": NEW_CLAIM},
        done=posted,
    ),
    "arguments.new:reply": Case(
        "arguments.new", "POST", lambda w: f"/positions/{w.position}/arguments/new",
        lambda w: {"side": "con", "claim": NEW_CLAIM, "parent": str(w.argument)},
        done=lambda w: posted(w, parent=w.argument),
    ),
    "arguments.new:form": Case(
        "arguments.new", "GET", lambda w: f"/positions/{w.position}/arguments/new", success=200
    ),
    "arguments.new_evidence": Case(
        "arguments.new_evidence", "POST", lambda w: f"/arguments/{w.argument}/evidence/new",
        lambda w: {"kind": "news", "url": NEW_URL, "title": "Matrix source", "passage": "0"},
        done=lambda w: db.session.scalar(
            select(Evidence).where(Evidence.url == NEW_URL)
        ).added_by_id == w.me,
    ),
    "arguments.new_evidence:form": Case(
        "arguments.new_evidence", "GET", lambda w: f"/arguments/{w.argument}/evidence/new",
        success=200,
    ),
    "arguments.rate": Case(
        "arguments.rate", "POST", lambda w: f"/arguments/{w.argument}/rating",
        lambda w: {"score": "3"},
        done=lambda w: db.session.scalar(
            select(Rating.score).where(Rating.argument_id == w.argument, Rating.user_id == w.me)
        ) == 3,
    ),
    "arguments.stance": Case(
        "arguments.stance", "POST", lambda w: f"/positions/{w.position}/stance",
        lambda w: {"stance": "for"},
        done=lambda w: db.session.scalar(
            select(PositionStance.stance).where(
                PositionStance.position_id == w.position, PositionStance.user_id == w.me
            )
        ) == StanceChoice.FOR,
    ),
    "insight.moved": Case(
        "insight.moved", "POST", lambda w: moved_url(w),
        lambda w: {"arguments": [str(w.argument)]},
        done=lambda w: db.session.scalar(
            select(func.count()).select_from(StanceReason)
            .join(StanceChange, StanceChange.id == StanceReason.stance_change_id)
            .where(StanceChange.user_id == w.me)
        ) == 1,
    ),
    "arguments.edit": Case(
        "arguments.edit", "POST", lambda w: f"/arguments/{w.argument}/edit",
        lambda w: {"claim": EDITED_CLAIM, "body": ""},
        done=lambda w: get(Argument, w.argument).claim == EDITED_CLAIM,
    ),
    "arguments.edit:form": Case(
        "arguments.edit", "GET", lambda w: f"/arguments/{w.argument}/edit", success=200
    ),
    "arguments.withdraw": Case(
        "arguments.withdraw", "POST", lambda w: f"/arguments/{w.argument}/withdraw",
        done=withdrawn,
    ),
    "moderation.report:argument": Case(
        "moderation.report", "POST", lambda w: f"/report/argument/{w.argument}",
        lambda w: {"reason": "spam"},
        done=lambda w: db.session.scalar(
            select(Report.reporter_id).where(Report.argument_id == w.argument)
        ) == w.me,
    ),
    "moderation.report:evidence": Case(
        "moderation.report", "POST", lambda w: f"/report/evidence/{w.evidence}",
        lambda w: {"reason": "off_topic"},
        done=lambda w: db.session.scalar(
            select(Report.reporter_id).where(Report.evidence_id == w.evidence)
        ) == w.me,
    ),
    "moderation.queue:page": Case(
        "moderation.queue", "GET", lambda w: f"/debates/{w.debate}/queue", success=200
    ),
    # Exports give what the person may read: of a members-only debate, members only.
    "debates.export:members": Case(
        "debates.export", "GET", lambda w: f"/debates/{w.debate}/export/kialo",
        setup=members_only, success=200,
    ),
    "api.export:members": Case(
        "api.export", "GET", lambda w: f"/api/v1/debates/{w.debate}/export/aif",
        setup=members_only, success=200,
    ),
    "auth.export:account": Case(
        "auth.export", "GET", lambda w: "/account/export.json", success=200
    ),
    "moderation.log_csv:export": Case(
        "moderation.log_csv", "GET", lambda w: f"/debates/{w.debate}/log.csv", success=200
    ),
    "moderation.act:approve": Case(
        "moderation.act", "POST", queue_act("approve"), act_data("approve"),
        setup=set_argument(moderation=ModerationState.PENDING),
        done=argument_state(ModerationState.VISIBLE),
    ),
    "moderation.act:reject": Case(
        "moderation.act", "POST", queue_act("reject"), act_data("reject"),
        setup=set_argument(moderation=ModerationState.PENDING),
        done=argument_state(ModerationState.REJECTED),
    ),
    "moderation.act:approve-position": Case(
        "moderation.act", "POST", queue_act("approve", "position"), act_data("approve"),
        setup=proposed_position, done=position_state(ModerationState.VISIBLE),
    ),
    "moderation.act:reject-position": Case(
        "moderation.act", "POST", queue_act("reject", "position"), act_data("reject"),
        setup=proposed_position, done=position_state(ModerationState.REJECTED),
    ),
    "moderation.act:hide": Case(
        "moderation.act", "POST", queue_act("hide"), act_data("hide"),
        done=argument_state(ModerationState.HIDDEN),
    ),
    "moderation.act:hide-evidence": Case(
        "moderation.act", "POST", queue_act("hide", "evidence"), act_data("hide"),
        done=lambda w: get(Evidence, w.evidence).moderation == ModerationState.HIDDEN,
    ),
    "moderation.act:restore": Case(
        "moderation.act", "POST", queue_act("restore"), act_data("restore"),
        setup=set_argument(moderation=ModerationState.HIDDEN),
        done=argument_state(ModerationState.VISIBLE),
    ),
    "moderation.act:dismiss_reports": Case(
        "moderation.act", "POST", queue_act("dismiss_reports"), act_data("dismiss_reports"),
        setup=report_argument,
        done=lambda w: db.session.scalar(select(Report.status)) == ReportStatus.DISMISSED,
    ),
    "moderation.act:lock": Case(
        "moderation.act", "POST", queue_act("lock"), act_data("lock"),
        done=lambda w: get(Argument, w.argument).locked_at is not None,
    ),
    "moderation.act:unlock": Case(
        "moderation.act", "POST", queue_act("unlock"), act_data("unlock"),
        setup=set_argument(locked_at=utcnow()),
        done=lambda w: get(Argument, w.argument).locked_at is None,
    ),
    "moderation.suspend": Case(
        "moderation.suspend", "POST", lambda w: f"/debates/{w.debate}/suspensions",
        lambda w: {
            "username": get(User, w.users["target"]).username, "days": "7", "reason": REASON,
        },
        done=suspended,
    ),
    "memberships.settings": Case(
        "memberships.settings", "POST", lambda w: f"/debates/{w.debate}/settings",
        lambda w: {
            "visibility": "public",
            "posting_mode": "open",
            "voters": "signed_in",
            "posts_per_hour": "7",
            "report_threshold": "3",
            "hide_tallies_until_rated": "y",
        },
        done=lambda w: get(Debate, w.debate).posts_per_hour == 7,
    ),
    "memberships.settings:page": Case(
        "memberships.settings", "GET", lambda w: f"/debates/{w.debate}/settings", success=200
    ),
    "memberships.members": Case(
        "memberships.members", "POST", lambda w: f"/debates/{w.debate}/members",
        lambda w: {"username": get(User, w.users["newcomer"]).username, "role": "viewer"},
        done=lambda w: membership(w, w.users["newcomer"]).role == Role.VIEWER,
    ),
    "memberships.remove": Case(
        "memberships.remove", "POST",
        lambda w: f"/debates/{w.debate}/members/{w.users['target']}/remove",
        done=lambda w: membership(w, w.users["target"]) is None,
    ),
    "memberships.invite": Case(
        "memberships.invite", "POST", lambda w: f"/debates/{w.debate}/invites",
        lambda w: {"role": "participant", "days": "7"},
        done=lambda w: db.session.scalar(
            select(func.count()).select_from(Invite).where(Invite.created_by_id == w.me)
        ) == (2 if w.me == w.users["owner"] else 1),
    ),
    "memberships.revoke": Case(
        "memberships.revoke", "POST", lambda w: f"/invites/{w.invite}/revoke",
        done=lambda w: get(Invite, w.invite).revoked_at is not None,
    ),
    "memberships.leave": Case(
        "memberships.leave", "POST", lambda w: f"/debates/{w.debate}/leave",
        done=lambda w: membership(w, w.me) is None,
    ),
    "memberships.join": Case(
        "memberships.join", "POST", lambda w: f"/join/{w.token}",
        done=lambda w: membership(w, w.me) is not None,
    ),
    "memberships.join:page": Case(
        "memberships.join", "GET", lambda w: f"/join/{w.token}", success=200
    ),
    "topics.index": Case(
        "topics.index", "POST", lambda w: "/topics", lambda w: {"name": "Matrix topic"},
        done=lambda w: db.session.scalar(select(Topic.id).where(Topic.name == "Matrix topic"))
        is not None,
    ),
    "topics.index:page": Case("topics.index", "GET", lambda w: "/topics", success=200),
    "topics.delete": Case(
        "topics.delete", "POST", lambda w: f"/topics/{matrix_topic_id()}/delete",
        setup=add_matrix_topic,
        done=lambda w: matrix_topic_id() is None,
    ),
    "topics.choose": Case(
        "topics.choose", "POST", lambda w: f"/debates/{w.debate}/topics",
        lambda w: {"topics": [str(matrix_topic_id())]}, setup=add_matrix_topic,
        done=lambda w: [topic.name for topic in get(Debate, w.debate).topics] == ["Filed"],
    ),
    "topics.choose:page": Case(
        "topics.choose", "GET", lambda w: f"/debates/{w.debate}/topics", success=200),
    "notifications.read": Case(
        "notifications.read", "POST", lambda w: "/notifications/read",
        done=notices_read,
    ),
    "follows.add:debate": Case(
        "follows.add", "POST", lambda w: f"/follows/debate/{w.debate}",
        done=lambda w: w.me in follows_of("debate", w.debate),
    ),
    "follows.add:position": Case(
        "follows.add", "POST", lambda w: f"/follows/position/{w.position}",
        done=lambda w: w.me in follows_of("position", w.position),
    ),
    "follows.add:argument": Case(
        "follows.add", "POST", lambda w: f"/follows/argument/{w.argument}",
        done=lambda w: w.me in follows_of("argument", w.argument),
    ),
    "follows.remove": Case(
        "follows.remove", "POST", lambda w: f"/follows/debate/{w.debate}/delete",
        setup=everyone_follows_the_debate, done=unfollowed,
    ),
    "auth.mail_settings": Case(
        "auth.mail_settings", "POST", lambda w: "/account/email",
        lambda w: {"email": "matrix@example.org", "mail_mode": "daily"},
        done=lambda w: get(User, w.me).email == "matrix@example.org"
        and get(User, w.me).mail_mode == MailMode.DAILY,
    ),
    "admin.index:page": Case("admin.index", "GET", lambda w: "/admin/", success=200),
    "admin.trust": Case(
        "admin.trust", "POST", lambda w: "/admin/trust",
        lambda w: {"username": get(User, w.users["target"]).username, "level": "member"},
        done=lambda w: get(User, w.users["target"]).trust_level == TrustLevel.MEMBER,
    ),
    "admin.suspend": Case(
        "admin.suspend", "POST", lambda w: "/admin/suspensions",
        lambda w: {"username": get(User, w.users["target"]).username, "reason": REASON},
        done=lambda w: get(User, w.users["target"]).suspended_at is not None,
    ),
    "admin.lift": Case(
        "admin.lift", "POST", lambda w: "/admin/suspensions/lift",
        lambda w: {"username": get(User, w.users["target"]).username},
        setup=lambda w: setattr(get(User, w.users["target"]), "suspended_at", utcnow()),
        done=lambda w: get(User, w.users["target"]).suspended_at is None,
    ),
    "auth.profile": Case(
        "auth.profile", "POST", lambda w: "/account/profile",
        lambda w: {"public": "y", "bio": "Matrix bio"},
        done=lambda w: get(User, w.me).profile_public and get(User, w.me).bio == "Matrix bio",
    ),
    "auth.resend_verification_link": Case(
        "auth.resend_verification_link", "POST", lambda w: "/account/email/resend",
        setup=everyone_gave_an_address, done=link_sent_again,
    ),
    "auth.sign_out": Case("auth.sign_out", "POST", lambda w: "/account/sign-out", done=signed_out),
    "auth.delete": Case(
        "auth.delete", "POST", lambda w: "/account/delete",
        lambda w: {"password": PASSWORD, "confirm": "y"},
        done=lambda w: get(User, w.me) is None and signed_out(w),
    ),
    "auth.account:page": Case("auth.account", "GET", lambda w: "/account/", success=200),
    "auth.sign_out_everywhere": Case(
        "auth.sign_out_everywhere", "POST", lambda w: "/account/sign-out-everywhere",
        done=signed_out,
    ),
    "auth.password": Case(
        "auth.password", "POST", lambda w: "/account/password",
        lambda w: {"current_password": PASSWORD, "password": GOOD_PASSWORD,
                   "confirm": GOOD_PASSWORD},
        done=lambda w: check_password_hash(get(User, w.me).password_hash, GOOD_PASSWORD),
    ),
    "auth.password:page": Case("auth.password", "GET", lambda w: "/account/password",
                               success=200),
    "auth.new_token": Case(
        "auth.new_token", "POST", lambda w: "/account/tokens",
        lambda w: {"name": "Matrix token", "scope": "write"}, success=200,
        done=lambda w: db.session.scalar(
            select(AccessToken.user_id).where(AccessToken.name == "Matrix token")
        ) == w.me,
    ),
    "auth.revoke": Case(
        "auth.revoke", "POST", own_token_url, setup=tokens_for_everyone,
        done=lambda w: get(AccessToken, w.api_tokens[w.me]).revoked_at is not None,
    ),
    "api.post_argument_json": Case(
        "api.post_argument_json", "POST", lambda w: f"/api/v1/positions/{w.position}/arguments",
        lambda w: {"parent_id": None, "side": "pro", "claim": NEW_CLAIM},
        done=posted, success=201, bearer=True,
    ),
    "api.post_argument_json:reply": Case(
        "api.post_argument_json", "POST", lambda w: f"/api/v1/positions/{w.position}/arguments",
        lambda w: {"parent_id": w.argument, "side": "con", "claim": NEW_CLAIM},
        done=lambda w: posted(w, parent=w.argument), success=201, bearer=True,
    ),
    "api.attach_evidence_json": Case(
        "api.attach_evidence_json", "POST", lambda w: f"/api/v1/arguments/{w.argument}/evidence",
        lambda w: {"kind": "news", "url": NEW_URL, "title": "Matrix source"},
        done=lambda w: db.session.scalar(
            select(Evidence).where(Evidence.url == NEW_URL)
        ).added_by_id == w.me,
        success=201, bearer=True,
    ),
    "api.rate_json": Case(
        "api.rate_json", "PUT", lambda w: f"/api/v1/arguments/{w.argument}/rating",
        lambda w: {"score": 3},
        done=lambda w: db.session.scalar(
            select(Rating.score).where(Rating.argument_id == w.argument, Rating.user_id == w.me)
        ) == 3,
        success=200, bearer=True,
    ),
    "api.stance_json": Case(
        "api.stance_json", "PUT", lambda w: f"/api/v1/positions/{w.position}/stance",
        lambda w: {"stance": "for"},
        done=lambda w: db.session.scalar(
            select(PositionStance.stance).where(
                PositionStance.position_id == w.position, PositionStance.user_id == w.me
            )
        ) == StanceChoice.FOR,
        success=200, bearer=True,
    ),
    "auth.display_name": Case(
        "auth.display_name", "POST", lambda w: "/account/display-name",
        lambda w: {"display_name": "Renamed by the matrix"},
        done=lambda w: get(User, w.me).display_name == "Renamed by the matrix",
    ),
}
CASES.update(LIVE_CASES)
