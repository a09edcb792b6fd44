"""Check who may change what: every state-changing route against every kind of person."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    Invite,
    Material,
    Membership,
    ModerationState,
    Notification,
    Position,
    PositionStance,
    Rating,
    Report,
    ReportReason,
    ReportStatus,
    Role,
    Side,
    StanceChoice,
    User,
    Visibility,
    Voters,
)
from app.models.columns import utcnow
from tests.factories import (
    PASSWORD,
    add_member,
    make_argument,
    make_debate,
    make_evidence,
    make_position,
    make_user,
)

ACTORS = (
    "anonymous",
    "viewer",  # a Role.VIEWER member
    "outsider",  # signed in, not a member of the public debate
    "participant",  # a Role.PARTICIPANT member
    "author",  # a participant member who wrote the targeted argument and evidence
    "moderator",
    "owner",
    "admin",  # User.is_admin, not a member
)

NOBODY = frozenset()
SIGNED_IN = frozenset(ACTORS) - {"anonymous"}
POSTERS = frozenset({"outsider", "participant", "author", "moderator", "owner", "admin"})
AUTHOR = frozenset({"author"})
RUNNERS = frozenset({"moderator", "owner", "admin"})
MANAGERS = frozenset({"owner", "admin"})
MEMBERS_BUT_OWNER = frozenset({"viewer", "participant", "author", "moderator"})

# The product rules: route → the people who may use it. Everyone else is refused.
ALLOWED = {
    "debates.status:open": MANAGERS,
    "debates.status:close": MANAGERS,
    "debates.new_position": RUNNERS,
    "debates.new_position:form": RUNNERS,
    "debates.new": SIGNED_IN,
    "debates.new:form": SIGNED_IN,
    "materials.new": SIGNED_IN,
    "materials.new:form": SIGNED_IN,
    "arguments.new": POSTERS,
    "arguments.new:reply": POSTERS,
    "arguments.new:form": POSTERS,
    "arguments.new_evidence": POSTERS,
    "arguments.new_evidence:form": POSTERS,
    "arguments.rate": POSTERS,
    "arguments.stance": POSTERS,
    "arguments.edit": AUTHOR,
    "arguments.edit:form": AUTHOR,
    "arguments.withdraw": AUTHOR,
    "moderation.report:argument": SIGNED_IN - AUTHOR,
    "moderation.report:evidence": SIGNED_IN - AUTHOR,
    "moderation.queue:page": RUNNERS,
    "moderation.log_csv:export": RUNNERS,
    "moderation.act:approve": RUNNERS,
    "moderation.act:reject": RUNNERS,
    "moderation.act:hide": RUNNERS,
    "moderation.act:hide-evidence": RUNNERS,
    "moderation.act:restore": RUNNERS,
    "moderation.act:dismiss_reports": RUNNERS,
    "moderation.act:lock": RUNNERS,
    "moderation.act:unlock": RUNNERS,
    "moderation.suspend": RUNNERS,
    "memberships.settings": MANAGERS,
    "memberships.settings:page": MANAGERS,
    "memberships.members": MANAGERS,
    "memberships.remove": MANAGERS,
    "memberships.invite": MANAGERS,
    "memberships.revoke": MANAGERS,
    "memberships.leave": MEMBERS_BUT_OWNER,
    "memberships.join": SIGNED_IN,
    "memberships.join:page": SIGNED_IN,
    "notifications.read": SIGNED_IN,
    "auth.sign_out": SIGNED_IN,
    # One's own account only; whoever owns a debate must hand it over or close it first.
    "auth.delete": SIGNED_IN - {"owner"},
    "auth.account:page": SIGNED_IN,
}

# Refusals that are not a plain 403 (anonymous visitors are always sent to sign in):
# (route, actor) → (status, words the refusal shows).
REFUSED_OTHERWISE = {
    # Reporting one's own work is refused beside the form's field, like any refused submission
    # (422, which htmx swaps in; a 409 would not show the form's message).
    ("moderation.report:argument", "author"): (422, "You cannot report your own contribution"),
    ("moderation.report:evidence", "author"): (422, "You cannot report your own contribution"),
    # Leaving needs a membership to give up; the owner must close the debate instead.
    ("memberships.leave", "outsider"): (409, "You are not a member of this debate."),
    ("memberships.leave", "admin"): (409, "You are not a member of this debate."),
    ("memberships.leave", "owner"): (409, "The owner cannot leave"),
    # A draft does not exist for those who may not read it.
    ("debates.status:open", "outsider"): (404, "Not found"),
    ("auth.delete", "owner"): (422, "Close the debates you own first"),
}

SIGN_IN_PATH = "/account/sign-in"
ANONYMOUS_BY_DESIGN = {"auth.sign_up", "auth.sign_in"}
NEW_CLAIM = "A fresh claim from the permission matrix"
EDITED_CLAIM = "An edited claim from the permission matrix"
NEW_URL = "https://example.org/matrix-source"
REASON = "Checked by the permission matrix"


@dataclass
class World:
    """The ids of one public open debate, its people and their contributions."""

    users: dict[str, int]
    debate: int
    material: int
    position: int
    argument: int
    evidence: int
    invite: int
    token: str
    client: object = None
    me: int | None = None


def build_world(app, **debate_overrides) -> World:
    """Make an open debate with a member in every role, an argument, evidence and an invite."""
    with app.app_context():
        users = {name: make_user() for name in ACTORS if name != "anonymous"}
        users["target"], users["newcomer"] = make_user(), make_user()
        db.session.get(User, users["admin"].id).is_admin = True
        debate = make_debate(owner=users["owner"], **debate_overrides)
        for name, role in (
            ("viewer", Role.VIEWER),
            ("participant", Role.PARTICIPANT),
            ("author", Role.PARTICIPANT),
            ("moderator", Role.MODERATOR),
            ("target", Role.PARTICIPANT),
        ):
            add_member(debate, users[name], role)
        position = make_position(debate, statement="Cameras make cities safer")
        argument = make_argument(position, users["author"], claim="Cameras deter pickpockets")
        evidence = make_evidence(argument, users["author"])
        invite = Invite(
            debate_id=debate.id,
            token="matrix-invite-token",
            role=Role.PARTICIPANT,
            created_by_id=users["owner"].id,
            expires_at=utcnow() + timedelta(days=7),
        )
        db.session.add(invite)
        for user in users.values():
            db.session.add(Notification(user_id=user.id, message="A notice for the matrix"))
        db.session.commit()
        return World(
            users={name: user.id for name, user in users.items()},
            debate=debate.id,
            material=debate.material_id,
            position=position.id,
            argument=argument.id,
            evidence=evidence.id,
            invite=invite.id,
            token=invite.token,
        )


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


def position_form(statement: str) -> dict[str, str]:
    data = {"statement": statement}
    for index, (number, quote) in enumerate([(2, "Cameras in the city"), (0, ""), (0, "")]):
        data[f"anchors-{index}-passage"] = str(number)
        data[f"anchors-{index}-quote"] = quote
    return data


def posted(w: World, parent: int | None = None) -> bool:
    argument = db.session.scalar(select(Argument).where(Argument.claim == NEW_CLAIM))
    return argument is not None and argument.author_id == w.me and argument.parent_id == parent


def withdrawn(w: World) -> bool:
    argument = get(Argument, w.argument)
    return argument is None or argument.withdrawn_at is not None


def suspended(w: World) -> bool:
    target = membership(w, w.users["target"])
    return target.suspended_until is not None and target.suspended_until > utcnow()


def notices_read(w: World) -> bool:
    unread = {
        notice.user_id
        for notice in db.session.scalars(select(Notification).where(Notification.read_at.is_(None)))
    }
    # Only one's own notices: everybody else's stay unread.
    return w.me not in unread and unread == set(w.users.values()) - {w.me}


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


def queue_act(action: str, kind: str = "argument") -> Callable[[World], str]:
    def url(w: World) -> str:
        item = w.argument if kind == "argument" else w.evidence
        return f"/debates/{w.debate}/queue/{kind}/{item}"

    return url


def act_data(action: str) -> Callable[[World], dict]:
    return lambda w: {"action": action, "reason": REASON}


CASES = {
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
        lambda w: position_form("Raised by the matrix"),
        done=lambda w: db.session.scalar(
            select(Position).where(Position.statement == "Raised by the matrix")
        ).author_id == w.me,
    ),
    "debates.new_position:form": Case(
        "debates.new_position", "GET", lambda w: f"/debates/{w.debate}/positions/new",
        success=200,
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
    "notifications.read": Case(
        "notifications.read", "POST", lambda w: "/notifications/read",
        done=notices_read,
    ),
    "auth.sign_out": Case("auth.sign_out", "POST", lambda w: "/account/sign-out", done=signed_out),
    "auth.delete": Case(
        "auth.delete", "POST", lambda w: "/account/delete",
        lambda w: {"password": PASSWORD, "confirm": "y"},
        done=lambda w: get(User, w.me) is None and signed_out(w),
    ),
    "auth.account:page": Case("auth.account", "GET", lambda w: "/account/", success=200),
}


def snapshot(app) -> dict[str, list[str]]:
    """Return every row of every table, to prove a refusal changed nothing."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables
        }


def sign_in_as(app, auth, w: World, actor: str) -> None:
    if actor == "anonymous":
        return
    with app.app_context():
        username = get(User, w.users[actor]).username
    assert auth.sign_in(username, PASSWORD).status_code == 303
    w.me = w.users[actor]


def test_the_matrix_covers_every_post_route(app):
    posts = {rule.endpoint for rule in app.url_map.iter_rules() if "POST" in rule.methods}
    covered = {case.endpoint for case in CASES.values() if case.method == "POST"}
    assert posts - ANONYMOUS_BY_DESIGN == covered
    assert set(ALLOWED) == set(CASES)
    assert {route for route, _ in REFUSED_OTHERWISE} <= set(CASES)


@pytest.mark.parametrize(
    ("route", "actor"), [(route, actor) for route in CASES for actor in ACTORS]
)
def test_each_route_lets_exactly_the_allowed_people_through(app, client, auth, route, actor):
    case = CASES[route]
    w = build_world(app)
    w.client = client
    if case.setup:
        with app.app_context():
            case.setup(w)
            db.session.commit()
    sign_in_as(app, auth, w, actor)
    with app.app_context():
        url, data = case.url(w), case.data(w)
    before = snapshot(app)

    response = client.open(url, method=case.method, data=data)

    if actor in ALLOWED[route]:
        assert response.status_code == case.success, response.get_data(as_text=True)[:500]
        if case.method == "GET":
            assert snapshot(app) == before
        else:
            with app.app_context():
                assert case.done(w)
        return
    if actor == "anonymous":
        assert response.status_code == 302
        assert urlsplit(response.headers["Location"]).path == SIGN_IN_PATH
    else:
        status, words = REFUSED_OTHERWISE.get((route, actor), (403, "Not allowed"))
        assert response.status_code == status, response.get_data(as_text=True)[:500]
        assert words in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_anyone_may_sign_up_but_a_signed_in_person_makes_no_second_account(app, client, auth):
    form = {
        "username": "newreader",
        "display_name": "New Reader",
        "password": "a long walk by the sea",
        "confirm": "a long walk by the sea",
    }
    response = client.post("/account/sign-up", data=form)
    assert response.status_code == 303
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "newreader"))
    response = client.post("/account/sign-up", data={**form, "username": "secondreader"})
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(User.id).where(User.username == "secondreader")) is None


def test_sign_in_is_open_to_anonymous_visitors_only(app, client, auth):
    with app.app_context():
        username = make_user().username
        db.session.commit()
    assert auth.sign_in(username, "not the password").status_code == 422
    assert auth.sign_in(username, PASSWORD).status_code == 303
    # Signed in already: the form just sends you on.
    assert auth.sign_in(username, PASSWORD).status_code == 302


# Pages of a members-only debate; the HX-Request header asks for the replies fragment.
MEMBERS_ONLY_PAGES = {
    "debate page": (lambda w: f"/debates/{w.debate}", {}),
    "position page": (lambda w: f"/debates/{w.debate}/positions/{w.position}", {}),
    "argument permalink": (lambda w: f"/arguments/{w.argument}", {}),
    "replies fragment": (lambda w: f"/arguments/{w.argument}/replies", {"HX-Request": "true"}),
    "evidence library": (lambda w: f"/debates/{w.debate}/evidence", {}),
    "moderation log": (lambda w: f"/debates/{w.debate}/log", {}),
    "api debate": (lambda w: f"/api/v1/debates/{w.debate}", {}),
    "api position": (lambda w: f"/api/v1/positions/{w.position}", {}),
    "api moderation log": (lambda w: f"/api/v1/debates/{w.debate}/moderation-log", {}),
}
READERS = {"anonymous": 404, "outsider": 404, "viewer": 200, "participant": 200, "admin": 200}


@pytest.mark.parametrize(
    ("page", "actor"), [(page, actor) for page in MEMBERS_ONLY_PAGES for actor in READERS]
)
def test_a_members_only_debate_is_absent_for_non_members(app, client, auth, page, actor):
    w = build_world(app, visibility=Visibility.MEMBERS)
    sign_in_as(app, auth, w, actor)
    url, headers = MEMBERS_ONLY_PAGES[page]
    response = client.get(url(w), headers=headers)
    assert response.status_code == READERS[actor]
    if READERS[actor] == 404:
        # Nothing of the debate leaks: not its positions, arguments or material.
        assert "Cameras" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "route",
    ["arguments.new", "arguments.new_evidence", "arguments.rate", "arguments.stance",
     "moderation.report:argument", "moderation.report:evidence", "memberships.leave"],
)
def test_a_non_member_cannot_act_in_a_members_only_debate(app, client, auth, route):
    case = CASES[route]
    w = build_world(app, visibility=Visibility.MEMBERS)
    sign_in_as(app, auth, w, "outsider")
    with app.app_context():
        url, data = case.url(w), case.data(w)
    before = snapshot(app)
    assert client.open(url, method=case.method, data=data).status_code == 404
    assert snapshot(app) == before


SUSPENDED_ACTIONS = ["arguments.new", "arguments.new:reply", "arguments.new_evidence",
                     "arguments.rate", "arguments.stance"]


def suspend_participant(app, w: World, until) -> None:
    with app.app_context():
        membership(w, w.users["participant"]).suspended_until = until
        db.session.commit()


@pytest.mark.parametrize("route", SUSPENDED_ACTIONS)
def test_a_suspended_member_cannot_post_rate_or_take_a_stance(app, client, auth, route):
    case = CASES[route]
    w = build_world(app)
    suspend_participant(app, w, utcnow() + timedelta(days=3))
    sign_in_as(app, auth, w, "participant")
    with app.app_context():
        url, data = case.url(w), case.data(w)
    before = snapshot(app)
    response = client.open(url, method=case.method, data=data)
    assert response.status_code == 403
    assert snapshot(app) == before


def test_a_suspended_member_is_told_until_when(app, client, auth):
    w = build_world(app)
    suspend_participant(app, w, utcnow() + timedelta(days=3))
    sign_in_as(app, auth, w, "participant")
    response = client.post(f"/positions/{w.position}/arguments/new",
                           data={"side": "pro", "claim": NEW_CLAIM})
    assert response.status_code == 403
    assert "You are suspended from this debate until" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "url",
    [
        lambda w: f"/debates/{w.debate}",
        lambda w: f"/debates/{w.debate}/positions/{w.position}",
        lambda w: f"/arguments/{w.argument}",
        lambda w: f"/debates/{w.debate}/evidence",
        lambda w: f"/api/v1/positions/{w.position}",
    ],
)
def test_a_suspended_member_can_still_read(app, client, auth, url):
    w = build_world(app)
    suspend_participant(app, w, utcnow() + timedelta(days=3))
    sign_in_as(app, auth, w, "participant")
    assert client.get(url(w)).status_code == 200


@pytest.mark.parametrize("route", SUSPENDED_ACTIONS)
def test_a_member_whose_suspension_ended_can_post_rate_and_stand_again(
    app, client, auth, route
):
    case = CASES[route]
    w = build_world(app)
    suspend_participant(app, w, utcnow() - timedelta(minutes=1))
    sign_in_as(app, auth, w, "participant")
    with app.app_context():
        url, data = case.url(w), case.data(w)
    response = client.open(url, method=case.method, data=data)
    assert response.status_code == 303
    with app.app_context():
        assert case.done(w)


# Ways round the rules that the matrix, with one well-behaved world, would not try.


@pytest.mark.parametrize("days", ["0", "7"])
def test_a_moderator_cannot_let_someone_into_a_members_only_debate_by_suspending_them(
    app, client, auth, days
):
    w = build_world(app, visibility=Visibility.MEMBERS)
    sign_in_as(app, auth, w, "moderator")
    with app.app_context():
        outsider = get(User, w.users["outsider"]).username
    before = snapshot(app)

    response = client.post(
        f"/debates/{w.debate}/suspensions",
        data={"username": outsider, "days": days, "reason": REASON},
    )

    assert response.status_code == 409
    assert "not a member" in response.get_data(as_text=True)
    assert snapshot(app) == before


def test_lifting_a_suspension_nobody_had_makes_nobody_a_member(app, client, auth):
    # Where only members vote, a membership would be a vote a moderator may not grant.
    w = build_world(app, voters=Voters.MEMBERS)
    sign_in_as(app, auth, w, "moderator")
    with app.app_context():
        outsider = get(User, w.users["outsider"]).username
    before = snapshot(app)

    response = client.post(
        f"/debates/{w.debate}/suspensions",
        data={"username": outsider, "days": "0", "reason": REASON},
    )

    assert response.status_code == 409
    assert snapshot(app) == before


def test_a_moderator_can_still_suspend_a_non_member_of_a_public_debate(app, client, auth):
    w = build_world(app)
    sign_in_as(app, auth, w, "moderator")
    with app.app_context():
        outsider = get(User, w.users["outsider"]).username

    response = client.post(
        f"/debates/{w.debate}/suspensions",
        data={"username": outsider, "days": "7", "reason": REASON},
    )

    assert response.status_code == 303
    with app.app_context():
        assert get(Debate, w.debate).membership_of(get(User, w.users["outsider"])).is_suspended


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_nobody_reports_evidence_on_an_argument_they_cannot_see(app, client, auth, method):
    w = build_world(app)
    with app.app_context():
        set_argument(moderation=ModerationState.HIDDEN)(w)
        db.session.commit()
    sign_in_as(app, auth, w, "outsider")
    before = snapshot(app)

    response = client.open(
        f"/report/evidence/{w.evidence}", method=method, data={"reason": "spam"}
    )

    assert response.status_code == 404
    assert "Source" not in response.get_data(as_text=True)
    assert snapshot(app) == before


@pytest.mark.parametrize("state", [ModerationState.PENDING, ModerationState.HIDDEN,
                                   ModerationState.REJECTED])
def test_the_similar_claims_warning_never_shows_an_argument_the_reader_cannot_see(
    app, client, auth, state
):
    w = build_world(app)
    with app.app_context():
        set_argument(moderation=state)(w)
        db.session.commit()
    sign_in_as(app, auth, w, "outsider")
    claim = "Cameras deter pickpockets daily"

    typing = client.get(
        f"/positions/{w.position}/arguments/similar",
        query_string={"claim": claim},
        headers={"HX-Request": "true"},
    )
    posting = client.post(
        f"/positions/{w.position}/arguments/new", data={"side": "pro", "claim": claim}
    )

    assert "Cameras deter pickpockets" not in typing.get_data(as_text=True)
    # Nothing the reader may see is like it, so it is simply posted.
    assert posting.status_code == 303


def test_the_similar_claims_warning_still_shows_the_author_their_own_pending_argument(
    app, client, auth
):
    w = build_world(app)
    with app.app_context():
        set_argument(moderation=ModerationState.PENDING)(w)
        db.session.commit()
    sign_in_as(app, auth, w, "author")

    typing = client.get(
        f"/positions/{w.position}/arguments/similar",
        query_string={"claim": "Cameras deter pickpockets daily"},
    )

    assert "Cameras deter pickpockets" in typing.get_data(as_text=True)


def test_the_similar_claims_warning_does_not_look_under_a_parent_the_reader_cannot_see(
    app, client, auth
):
    w = build_world(app)
    with app.app_context():
        argument = get(Argument, w.argument)
        make_argument(argument.position, get(User, w.users["participant"]),
                      claim="Thieves just wear hoods", parent=argument, side=Side.CON)
        argument.moderation = ModerationState.HIDDEN
        db.session.commit()
    sign_in_as(app, auth, w, "outsider")

    typing = client.get(
        f"/positions/{w.position}/arguments/similar",
        query_string={"parent": w.argument, "claim": "Thieves just wear big hoods"},
    )

    assert typing.status_code == 404
    assert "Thieves" not in typing.get_data(as_text=True)
