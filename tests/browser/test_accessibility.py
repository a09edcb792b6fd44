"""Run axe-core in Chromium on every main page, signed in and out, light and dark, phone-wide."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import url_for
from playwright.sync_api import Page, expect
from sqlalchemy import select

from app.arguments.services import post_argument
from app.arguments.votes import take_stance
from app.auth.services import register_user
from app.classes.groups import random_groups, split_class
from app.classes.rubrics import add_criterion
from app.classes.services import (
    add_managed_students,
    copy_template,
    create_classroom,
    create_task,
    give_feedback,
)
from app.debates.importing import keep_draft
from app.debates.services import close_debate, locate_quote, raise_position, start_debate
from app.demo import read_demo
from app.extensions import db
from app.insight.scores import recompute_all
from app.live.services import add_speaker, create_event
from app.mail.tokens import PURPOSES, make_token
from app.memberships.services import create_invite
from app.models import (
    Argument,
    Debate,
    LiveQuestion,
    Material,
    ModerationState,
    Position,
    ReportReason,
    Role,
    Round,
    Side,
    SpeakerSide,
    StanceChoice,
)
from app.models.columns import utcnow
from app.moderation.services import report_item
from app.topics.services import add_topic, set_debate_topics

PASSWORD = "amber quill meadow"
DEMO = read_demo()
# Ours alone: the other browser tests vote and post on other demo positions.
CHECKED_POSITION = 0
PHONE = {"width": 390, "height": 844}
# A spreadsheet's debate with a link to a missing row, so the preview lists a problem too.
IMPORTED_CSV = (
    b"path,side,claim,body,evidence_url\n"
    b"1,pro,Street cameras deter theft.,,https://example.org/study\n"
    b"1.1,con,Theft moved to the next street.,,\n"
    b"2,con,-> See 9,,\n"
)
BACKGROUND = {"light": "rgb(245, 246, 248)", "dark": "rgb(17, 21, 27)"}


@dataclass
class Pages:
    """The paths axe visits, and who signs in to see the private ones."""

    public: dict[str, str]
    private: dict[str, str]
    invite: str
    join_code: str


@pytest.fixture(scope="module")
def pages(live_server) -> Pages:
    """Fill every page with something to check: a report, a notice, an invite, a position."""
    with live_server.app.app_context():
        admin = register_user("axe_admin", "Ada Admin", PASSWORD, is_admin=True)
        reader = register_user("axe_reader", "Rey Reader", PASSWORD)
        reader.email, reader.email_verified_at = "rey@example.org", utcnow()
        reader.profile_public, reader.bio = True, "Reads every argument twice."
        debate = db.session.scalar(select(Debate).where(Debate.title == DEMO["debate"]["title"]))
        material = db.session.scalar(
            select(Material).where(Material.title == DEMO["material"]["title"])
        )
        statement = DEMO["positions"][CHECKED_POSITION]["statement"]
        position = db.session.scalar(select(Position).where(Position.statement == statement))
        first = db.session.scalars(
            select(Argument).where(Argument.position == position).order_by(Argument.path)
        ).first()
        # Deep enough to show a breadcrumb, ratings, evidence and replies on the argument page.
        report_item(first, reader, ReportReason.OFF_TOPIC, "Checking the review queue.")
        mine = post_argument(position, admin, Side.PRO, "Cameras in stations deter pickpockets")
        post_argument(position, reader, Side.CON, "Pickpockets simply move elsewhere", parent=mine)
        invite = create_invite(debate, admin, Role.PARTICIPANT, 7)
        quote = DEMO["positions"][1]["quote"]
        passage = next(p for p in material.passages if locate_quote(p.text, quote))
        # In a debate of its own: other tests count the demo debate's positions.
        quiet = start_debate(material, admin, "Read by a machine", "Is it legible?", open_now=True)
        anchors = [(passage.number, quote, "")]
        own = raise_position(quiet, admin, "Checked pages should read well to everyone", anchors)
        # A position a participant proposed, waiting in the queue and marked on its page.
        proposed = raise_position(quiet, admin, "Proposed pages should read well too", anchors)
        proposed.moderation, proposed.author = ModerationState.PENDING, reader
        closed = start_debate(material, admin, "Closed by a machine", "Done?", open_now=True)
        close_debate(closed, admin, "Settled: the pages read well.")
        draft = start_debate(material, admin, "Drafted by a machine", "Ready?")
        upload = keep_draft(admin, "cameras.csv", IMPORTED_CSV, "csv", None)
        topic = add_topic("Public space", admin)
        set_debate_topics(debate, admin, [topic.id])
        # A change of mind, for the "what moved you?" prompt that follows one.
        take_stance(position, admin, StanceChoice.AGAINST)
        change = take_stance(position, admin, StanceChoice.FOR)
        recompute_all()
        evening = create_event(debate, position, admin, "Checked evening")
        add_speaker(evening, "Sam Speaker", SpeakerSide.FOR, "Checks pages", mine.id)
        evening.open_vote = Round.PRE
        db.session.add(LiveQuestion(event_id=evening.id, body="Is it legible?"))
        classroom = create_classroom(admin, "Civics 9B", "Autumn 2026")
        add_managed_students(classroom, admin, "Axe Pupil\nAxe Reader")
        class_debate = copy_template(classroom, admin, quiet, with_arguments=False)
        pupil = classroom.students[0].user
        pupils_argument = post_argument(class_debate.positions[0], pupil, Side.PRO,
                                        "Clear pages help every reader")
        task = create_task(classroom, admin, class_debate, "Argue your side",
                           utcnow() + timedelta(days=7), arguments_target=1, reflection=True)
        clarity = add_criterion(classroom, admin, "Clarity", 4)
        evidence = add_criterion(classroom, admin, "Use of evidence", 5)
        give_feedback(classroom, admin, pupil.id, pupils_argument.id, "Clear.", None, 4,
                      {clarity.id: 3, evidence.id: 4})
        split = split_class(classroom, admin, quiet, random_groups(classroom, 2), False, True)
        post_argument(split.groups[0].debate.positions[0], split.groups[0].members[0].user,
                      Side.CON, "Groups read well side by side")
        db.session.commit()
        links = {purpose: make_token(reader, purpose) for purpose in PURPOSES}
        with live_server.app.test_request_context():
            public = {
                "home": url_for("debates.index"),
                "material library": url_for("materials.index"),
                "material": url_for("materials.show", material_id=material.id),
                "debate": url_for("debates.show", debate_id=debate.id),
                "reading view": url_for("debates.read", debate_id=debate.id),
                "position": url_for(
                    "debates.position", debate_id=debate.id, position_id=position.id
                ),
                "argument": url_for("arguments.show", argument_id=first.id),
                "evidence library": url_for("arguments.library", debate_id=debate.id),
                "moderation log": url_for("moderation.log", debate_id=debate.id),
                "password reset request": url_for("mail.reset_request"),
                "public profile": url_for("people.show", username="axe_reader"),
                "address confirmation link": url_for("mail.verify", token=links["verify"]),
                "password reset link": url_for("mail.reset", token=links["reset"]),
                "unsubscribe link": url_for("mail.unsubscribe_page", token=links["unsubscribe"]),
                "search": url_for("search.index"),
                "search results": url_for("search.index", q="cameras"),
                "search found nothing": url_for("search.index", q="zzzzqqq", kind="evidence"),
                "directory": url_for("debates.directory"),
                "embedded position": url_for("embeds.position", position_id=position.id),
                "directory by material, fewest": url_for(
                    "debates.directory", material=material.id, status="closed", sort="new"
                ),
                "position by cross-side score": url_for(
                    "debates.position", debate_id=debate.id, position_id=position.id,
                    sort="cross_side",
                ),
                "insight": url_for("insight.position", position_id=position.id),
                "brief": url_for("insight.brief", debate_id=debate.id),
                "position brief": url_for("insight.position_brief", position_id=position.id),
            }
            private = {
                **public,
                "empty position": url_for(
                    "debates.position", debate_id=quiet.id, position_id=own.id
                ),
                "new argument": url_for("arguments.new", position_id=position.id, side="pro"),
                "account": url_for("auth.account"),
                "own private profile": url_for("people.show", username="axe_admin"),
                "site administration": url_for("admin.index"),
                "password": url_for("auth.password"),
                "settings and members": url_for("memberships.settings", debate_id=debate.id),
                "review queue": url_for("moderation.queue", debate_id=debate.id),
                "review queue with a proposed position": url_for(
                    "moderation.queue", debate_id=quiet.id
                ),
                "proposed position": url_for(
                    "debates.position", debate_id=quiet.id, position_id=proposed.id
                ),
                "notifications": url_for("notifications.index"),
                "new debate": url_for("debates.new"),
                "closed debate": url_for("debates.show", debate_id=closed.id),
                "draft debate": url_for("debates.show", debate_id=draft.id),
                "report": url_for("moderation.report", kind="argument", item_id=first.id),
                "import a debate": url_for("debates.import_file"),
                "import preview": url_for("debates.preview_import", key=upload.key),
                "topics": url_for("topics.index"),
                "debate topics": url_for("topics.choose", debate_id=debate.id),
                "where to contribute next": url_for("insight.contribute", debate_id=debate.id),
                "what moved you": url_for(
                    "insight.moved", position_id=position.id, change_id=change.id
                ),
                "new live evening": url_for("live.new", debate_id=debate.id),
                "live setup": url_for("live.setup", event_id=evening.id),
                "live console": url_for("live.console", event_id=evening.id),
                "live projector": url_for("live.projector", event_id=evening.id),
                "live results": url_for("live.result", event_id=evening.id),
                "join a live evening": url_for("live.join"),
                "classes": url_for("classes.index"),
                "new class": url_for("classes.new"),
                "class": url_for("classes.show", classroom_id=classroom.id),
                "join a class": url_for("classes.join"),
                "new class debate": url_for("classes.new_debate", classroom_id=classroom.id),
                "sides": url_for("classes.sides", classroom_id=classroom.id,
                                 debate_id=class_debate.id),
                "new task": url_for("classes.new_task", classroom_id=classroom.id),
                "task grid": url_for("classes.task", classroom_id=classroom.id,
                                     task_id=task.id),
                "gradebook": url_for("classes.gradebook_page", classroom_id=classroom.id),
                "student report": url_for("classes.report", classroom_id=classroom.id,
                                          user_id=classroom.students[0].user_id),
                "small groups": url_for("classes.groups", classroom_id=classroom.id),
                "split into groups": url_for("classes.split", classroom_id=classroom.id),
                "groups side by side": url_for("classes.group_split", classroom_id=classroom.id,
                                               split_id=split.id),
                "delete a class": url_for("classes.delete", classroom_id=classroom.id),
                "rubric": url_for("classes.rubric", classroom_id=classroom.id),
                "remove a marked criterion": url_for(
                    "classes.remove_criterion", classroom_id=classroom.id,
                    criterion_id=clarity.id),
                "reveal a name": url_for("classes.reveal", classroom_id=classroom.id,
                                         argument_id=pupils_argument.id),
            }
            return Pages(
                join_code=evening.join_code,
                public={
                    **public,
                    "sign-up": url_for("auth.sign_up"),
                    "sign-in": url_for("auth.sign_in"),
                    "class join link": url_for("classes.join_link", code=classroom.join_code),
                },
                private=private,
                invite=url_for("memberships.join", token=invite.token),
            )


def sign_in(page: Page, username: str) -> None:
    """Sign in through the real form."""
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def check_all(page: Page, axe, paths: dict[str, str], scheme: str) -> list[str]:
    """Visit each page, run axe, and again on the position page at a phone's width."""
    page.emulate_media(color_scheme=scheme)
    problems = []
    for name, path in paths.items():
        page.goto(path)
        # The page must really be in the scheme asked for, or "dark" would check light twice.
        expect(page.locator("html")).to_have_css("background-color", BACKGROUND[scheme])
        problems.append(axe(page, f"{name}, {scheme}"))
    page.set_viewport_size(PHONE)
    page.goto(paths["position"])
    problems.append(axe(page, f"position at 390 px, {scheme}"))
    return [problem for problem in problems if problem]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_a_visitor_sees_passes_axe(page: Page, axe, pages: Pages, scheme: str):
    problems = check_all(page, axe, pages.public, scheme)
    assert not problems, "axe found violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_a_signed_in_admin_sees_passes_axe(
    page: Page, axe, pages: Pages, scheme: str
):
    sign_in(page, "axe_admin")
    problems = check_all(page, axe, pages.private, scheme)
    assert not problems, "axe found violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_invite_page_passes_axe(page: Page, axe, pages: Pages, scheme: str):
    sign_in(page, "axe_reader")
    page.emulate_media(color_scheme=scheme)
    page.goto(pages.invite)
    expect(page.get_by_role("button", name="Join the debate")).to_be_visible()
    problem = axe(page, f"invite, {scheme}")
    assert not problem, "axe found violations:\n" + problem


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_in_their_other_states_pass_axe(page: Page, axe, pages: Pages, scheme: str):
    sign_in(page, "axe_admin")
    page.emulate_media(color_scheme=scheme)
    problems = []

    page.goto(pages.private["position"])
    page.locator(".anchors-box summary").click()
    page.locator(".replies-toggle").first.click()
    expect(page.locator(".replies .argument").first).to_be_visible()
    problems.append(axe(page, f"position with passages and replies open, {scheme}"))

    page.goto(pages.private["new argument"])
    taken = DEMO["positions"][CHECKED_POSITION]["arguments"][0]["claim"]
    page.get_by_label("Claim").fill(taken)
    page.get_by_role("button", name="Post the argument").click()
    expect(page.locator(".error").first).to_be_visible()
    problems.append(axe(page, f"argument form with a mistake, {scheme}"))

    page.goto(pages.private["rubric"])
    page.get_by_label("Criterion", exact=True).fill("clarity")
    page.get_by_role("button", name="Add the criterion").click()
    expect(page.locator("#name-error")).to_be_visible()
    problems.append(axe(page, f"rubric with a mistake, {scheme}"))

    page.goto("/debates/2147483647")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    problems.append(axe(page, f"page not found, {scheme}"))

    problems = [problem for problem in problems if problem]
    assert not problems, "axe found violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_phone_in_the_hall_passes_axe(page: Page, axe, pages: Pages, scheme: str):
    page.emulate_media(color_scheme=scheme)
    page.set_viewport_size(PHONE)
    page.goto("/live/join")
    page.get_by_label("Code").fill(pages.join_code)
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_role("button", name="For", exact=True)).to_be_visible()
    problems = [axe(page, f"phone page, {scheme}")]
    page.get_by_role("button", name="For", exact=True).click()
    expect(page.get_by_text("Your vote: For")).to_be_visible()
    problems.append(axe(page, f"phone page after voting, {scheme}"))
    problems = [problem for problem in problems if problem]
    assert not problems, "axe found violations:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sign_in_cards_and_the_first_password_page_pass_axe(
    page: Page, axe, pages: Pages, scheme: str
):
    sign_in(page, "axe_admin")
    page.emulate_media(color_scheme=scheme)
    page.goto(pages.private["class"])
    page.get_by_label("Students’ names").fill(f"Axe Card {scheme}")
    page.get_by_role("button", name="Make class accounts").click()
    expect(page.locator(".sign-in-card")).to_have_count(1)
    problems = [axe(page, f"sign-in cards, {scheme}")]
    username = page.locator(".card-username").inner_text()
    password = page.locator(".card-password").inner_text()
    page.get_by_role("button", name="Sign out").click()
    # Signed out only once the answer is back: the sign-in page sends a signed-in visitor on.
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    page.goto("/account/sign-in")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Choose your password")).to_be_visible()
    problems.append(axe(page, f"first password, {scheme}"))
    page.get_by_label("Password from your card").fill(password)
    page.get_by_label("Your new password", exact=True).fill(PASSWORD + " again")
    page.get_by_label("Your new password again").fill(PASSWORD + " again")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_text("Your password is set.")).to_be_visible()
    page.goto(pages.private["task grid"])
    expect(page.get_by_role("heading", name="Your checklist")).to_be_visible()
    problems.append(axe(page, f"task checklist, {scheme}"))
    page.goto(pages.private["class"])
    page.get_by_role("link", name="Your feedback").click()
    expect(page.get_by_role("heading", name="Your feedback")).to_be_visible()
    problems.append(axe(page, f"student's feedback, {scheme}"))
    problems = [problem for problem in problems if problem]
    assert not problems, "axe found violations:\n" + "\n".join(problems)
