"""Check that every list comes a page at a time, that its links walk through it without
JavaScript, and that no page costs more for the rows it does not show."""

import csv
import io
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import aliased

from app.arguments.queries import ARGUMENTS_PER_SOURCE, LIBRARY_PAGE_SIZE
from app.audit import LOG_PAGE_SIZE
from app.debates.queries import DEBATES_PAGE_SIZE
from app.extensions import db
from app.materials.queries import DEBATED_IN_PAGE_SIZE, MATERIAL_MENU_SIZE, MATERIALS_PAGE_SIZE
from app.memberships.queries import INVITES_PAGE_SIZE, MEMBERS_PAGE_SIZE
from app.models import (
    Argument,
    Debate,
    DebateStatus,
    Evidence,
    EvidenceKind,
    Invite,
    Material,
    Membership,
    ModerationAction,
    ModerationState,
    Notification,
    Position,
    Report,
    Role,
    Visibility,
)
from app.models.columns import utcnow
from app.models.position import statement_key
from app.moderation.queries import QUEUE_PAGE_SIZE, REPORTS_SHOWN
from app.notifications.queries import NOTICES_PAGE_SIZE
from tests.benchmarks.bulk import insert_people, insert_review_queue, insert_top_arguments
from tests.factories import make_debate, make_material, make_position, make_user
from tests.pages import queue_entry
from tests.worlds import client_of

SMALL, LARGE = 10, 10_000
REPORTERS = REPORTS_SHOWN + 2


@dataclass(frozen=True)
class Listing:
    """A list as a reader meets it: whose eyes, at which URL."""

    viewer: int | None
    url: str


def queue(app, count: int) -> Listing:
    """Fill a new debate's review queue with `count` items, a third of them reported."""
    with app.app_context():
        owner = make_user()
        debate = make_debate(owner=owner)
        position = make_position(debate)
        reporters = insert_people(REPORTERS, f"reporter{secrets.token_hex(3)}-")
        insert_review_queue(debate.id, position.id, reporters, count,
                            since=utcnow() - timedelta(days=30), reports=REPORTERS)
        db.session.commit()
        return Listing(owner.id, f"/debates/{debate.id}/queue")


def library(app, count: int) -> Listing:
    """Cite `count` sources in a new debate: first one web page from several arguments, then a
    passage, then a web page each."""
    with app.app_context():
        debate = make_debate()
        position = make_position(debate)
        now = utcnow()
        hosts = insert_top_arguments(position.id, [debate.owner_id],
                                     [now] * (ARGUMENTS_PER_SOURCE + 1))
        shared = [{"argument_id": host, "url": "https://example.org/shared", "passage_id": None}
                  for host in hosts]
        passage = {"argument_id": hosts[0], "url": None,
                   "passage_id": debate.material.passages[0].id}
        own = [{"argument_id": hosts[0], "url": f"https://example.org/{n}", "passage_id": None}
               for n in range(count - 2)]
        db.session.execute(insert(Evidence), [
            {**row, "kind": EvidenceKind.NEWS, "title": f"Source {n}", "excerpt": ""}
            for n, row in enumerate([*shared, passage, *own])
        ])
        db.session.commit()
        return Listing(None, f"/debates/{debate.id}/evidence")


def members(app, count: int) -> Listing:
    """Give a new debate `count` members, its owner first."""
    with app.app_context():
        debate = make_debate()
        people = insert_people(count - 1, f"member{debate.id}-")
        db.session.execute(insert(Membership), [
            {"debate_id": debate.id, "user_id": person, "role": Role.PARTICIPANT}
            for person in people
        ])
        db.session.commit()
        return Listing(debate.owner_id, f"/debates/{debate.id}/settings")


def invites(app, count: int) -> Listing:
    """Give a new debate `count` invite links."""
    with app.app_context():
        debate = make_debate()
        expires = utcnow() + timedelta(days=7)
        db.session.execute(insert(Invite), [
            {"debate_id": debate.id, "token": secrets.token_urlsafe(16), "role": Role.VIEWER,
             "created_by_id": debate.owner_id, "expires_at": expires}
            for _ in range(count)
        ])
        db.session.commit()
        return Listing(debate.owner_id, f"/debates/{debate.id}/settings")


def notifications(app, count: int) -> Listing:
    """Leave `count` notices for a new person, a second apart."""
    with app.app_context():
        person = make_user()
        now = utcnow()
        db.session.execute(insert(Notification), [
            {"user_id": person.id, "message": f"Notice {n}",
             "created_at": now - timedelta(seconds=n)}
            for n in range(count)
        ])
        db.session.commit()
        return Listing(person.id, "/notifications")


def moderation_log(app, count: int) -> Listing:
    """Write `count` entries in a new debate's moderation log, a second apart."""
    with app.app_context():
        debate = make_debate()
        now = utcnow()
        db.session.execute(insert(ModerationAction), [
            {"debate_id": debate.id, "actor_id": debate.owner_id, "actor_role": "owner",
             "action": "hide", "target_kind": "argument", "target_id": n,
             "target_label": f"argument {n}", "reason": f"Reason {n}",
             "created_at": now - timedelta(seconds=n)}
            for n in range(count)
        ])
        db.session.commit()
        return Listing(debate.owner_id, f"/debates/{debate.id}/log")


def debates(app, count: int) -> Listing:
    """Bring the site's public debates up to `count`, the new ones older than the rest."""
    with app.app_context():
        existing = db.session.scalar(select(func.count()).select_from(Debate))
        oldest = db.session.scalar(select(func.min(Debate.created_at))) or utcnow()
        material = make_material()
        owner = make_user()
        db.session.execute(insert(Debate), [
            {"material_id": material.id, "owner_id": owner.id, "title": f"Debate {n}",
             "question": "Should it?", "status": DebateStatus.OPEN,
             "visibility": Visibility.PUBLIC, "created_at": oldest - timedelta(seconds=n + 1)}
            for n in range(count - existing)
        ])
        db.session.commit()
        return Listing(None, "/")


def materials(app, count: int) -> Listing:
    """Bring the material library up to `count` documents, the new ones older than the rest."""
    with app.app_context():
        existing = db.session.scalar(select(func.count()).select_from(Material))
        oldest = db.session.scalar(select(func.min(Material.created_at))) or utcnow()
        db.session.execute(insert(Material), [
            {"title": f"Material {n}", "created_at": oldest - timedelta(seconds=n + 1)}
            for n in range(count - existing)
        ])
        db.session.commit()
        return Listing(None, "/materials/")


def debates_on_material(app, count: int) -> Listing:
    """Start `count` public debates on a new material, a second apart, and one draft that
    only its owner may see."""
    with app.app_context():
        material = make_material()
        owner = make_user()
        now = utcnow()
        db.session.execute(insert(Debate), [
            {"material_id": material.id, "owner_id": owner.id, "title": f"Debate {n}",
             "question": "Should it?",
             "status": DebateStatus.DRAFT if n == count else DebateStatus.OPEN,
             "visibility": Visibility.PUBLIC, "created_at": now - timedelta(seconds=n)}
            for n in range(count + 1)
        ])
        db.session.commit()
        return Listing(None, f"/materials/{material.id}")


@dataclass(frozen=True)
class Case:
    """How to fill a list, its page size, and how to find its rows on a page."""

    fill: Callable[..., Listing]
    per_page: int
    rows: str


LISTS = {
    "review queue": Case(queue, QUEUE_PAGE_SIZE, r'id="queue-(\w+-\d+)"'),
    "evidence library": Case(library, LIBRARY_PAGE_SIZE,
                             r'<li class="source card">\s*<span class="chip">[^<]*</span>\s*'
                             r'<a href="([^"]+)"'),
    "members": Case(members, MEMBERS_PAGE_SIZE, r'id="member-(\d+)"'),
    "invites": Case(invites, INVITES_PAGE_SIZE, r'id="invite-(\d+)"'),
    "notifications": Case(notifications, NOTICES_PAGE_SIZE, r'id="notification-(\d+)"'),
    "moderation log": Case(moderation_log, LOG_PAGE_SIZE, r'id="log-(\d+)"'),
    "debates": Case(debates, DEBATES_PAGE_SIZE, r'id="debate-(\d+)"'),
    "materials": Case(materials, MATERIALS_PAGE_SIZE, r'<h2><a href="/materials/(\d+)">'),
    "debates on a material": Case(debates_on_material, DEBATED_IN_PAGE_SIZE,
                                  r'id="debated-in-(\d+)"'),
}


def rows_on(html: str, case: Case) -> list[str]:
    return re.findall(case.rows, html)


def link(html: str, rel: str) -> str | None:
    """Return the target of the page's previous or next link, as a browser would follow it."""
    match = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    return match[1].replace("&amp;", "&") if match else None


def test_a_list_sits_on_one_page_without_links_when_it_fits(app):
    listing = notifications(app, NOTICES_PAGE_SIZE)

    html = client_of(app, listing.viewer).get(listing.url).text

    assert len(rows_on(html, LISTS["notifications"])) == NOTICES_PAGE_SIZE
    assert 'class="pager"' not in html


@pytest.mark.parametrize("name", LISTS)
def test_next_and_previous_links_walk_through_every_row_once(app, name):
    case = LISTS[name]
    listing = case.fill(app, 2 * case.per_page + 3)
    client = client_of(app, listing.viewer)

    pages, url = [], listing.url
    while url:
        html = client.get(url).text
        pages.append((url, rows_on(html, case)))
        url = link(html, "next")
    back = client.get(link(html, "prev")).text

    assert [len(rows) for _, rows in pages] == [case.per_page, case.per_page, 3]
    seen = [row for _, rows in pages for row in rows]
    assert len(set(seen)) == len(seen) == 2 * case.per_page + 3
    assert rows_on(back, case) == pages[1][1]
    assert link(back, "prev") is not None
    assert link(client.get(listing.url).text, "prev") is None


@pytest.mark.parametrize("token", ["garbage", "W10", "WyJ4Il0", "bnVsbA"])
def test_a_garbled_page_link_shows_the_first_page(app, token):
    listing = moderation_log(app, LOG_PAGE_SIZE + 1)
    client = client_of(app)
    first = rows_on(client.get(listing.url).text, LISTS["moderation log"])

    for cursor in ("after", "before"):
        response = client.get(f"{listing.url}?{cursor}={token}")
        assert response.status_code == 200
        assert rows_on(response.text, LISTS["moderation log"]) == first


def test_a_page_link_with_a_control_character_is_refused_as_a_bad_request(app):
    listing = moderation_log(app, LOG_PAGE_SIZE + 1)

    for cursor in ("after", "before"):
        response = client_of(app).get(f"{listing.url}?{cursor}=%00")
        assert response.status_code == 400
        assert "control character" in response.text


def test_the_queue_lists_items_by_how_long_they_have_waited(app):
    listing = queue(app, 2 * QUEUE_PAGE_SIZE)
    client = client_of(app, listing.viewer)
    with app.app_context():
        reported = {f"argument-{argument}" for argument in db.session.scalars(
            select(Report.argument_id).distinct())}

    second = link(client.get(listing.url).text, "next")
    entries = (rows_on(client.get(listing.url).text, LISTS["review queue"])
               + rows_on(client.get(second).text, LISTS["review queue"]))

    # Reported arguments were posted a day before anything else was held, but wait only from
    # their first report, which came between two held items.
    kinds = ["pending argument", "evidence", "reported argument"]
    assert [
        "evidence" if entry.startswith("evidence")
        else "reported argument" if entry in reported else "pending argument"
        for entry in entries
    ] == [kinds[index % 3] for index in range(2 * QUEUE_PAGE_SIZE)]


def test_a_much_reported_item_shows_its_first_reports_and_how_many_there_are(app):
    listing = queue(app, 3)
    html = client_of(app, listing.viewer).get(listing.url).text
    reported = rows_on(html, LISTS["review queue"])[2]

    entry = queue_entry(html, *reported.split("-"))

    assert f"{REPORTERS} open reports, the first {REPORTS_SHOWN} shown" in entry
    shown = re.findall(r"Report (\d+) of argument", entry)
    assert shown == [str(n) for n in range(REPORTS_SHOWN)]


def fill_tied_queue(app, count: int) -> Listing:
    """Fill a new debate's review queue over two positions whose items wait at the same
    moments, pending and reported alike, and whose every report on an item came at once."""
    with app.app_context():
        owner = make_user()
        debate = make_debate(owner=owner)
        positions = [make_position(debate), make_position(debate)]
        reporters = insert_people(REPORTERS, f"reporter{secrets.token_hex(3)}-")
        since = utcnow() - timedelta(days=30)
        for position in positions:
            insert_review_queue(debate.id, position.id, reporters, count, since=since,
                                reports=REPORTERS)
        first = aliased(Report)
        db.session.execute(update(Report).values(created_at=select(
            func.min(first.created_at)).where(first.argument_id == Report.argument_id)
            .scalar_subquery()))
        db.session.commit()
        return Listing(owner.id, f"/debates/{debate.id}/queue")


def waiting_order(app) -> list[str]:
    """Return every waiting item as the queue promises to list them: longest waiting first,
    then arguments before evidence, then the older id."""
    with app.app_context():
        pending = [
            (moment, "argument", item) for moment, item in db.session.execute(
                select(Argument.created_at, Argument.id)
                .where(Argument.moderation == ModerationState.PENDING))
        ] + [
            (moment, "evidence", item) for moment, item in db.session.execute(
                select(Evidence.created_at, Evidence.id)
                .where(Evidence.moderation == ModerationState.PENDING))
        ] + [
            (moment, "argument", item) for moment, item in db.session.execute(
                select(func.min(Report.created_at), Report.argument_id)
                .group_by(Report.argument_id))
        ] + [
            (moment, "position", item) for moment, item in db.session.execute(
                select(Position.created_at, Position.id)
                .where(Position.moderation == ModerationState.PENDING))
        ]
    return [f"{kind}-{item}" for _, kind, item in sorted(pending)]


def insert_proposed_positions(debate_id: int, author_id: int, moments: list) -> None:
    """Insert positions a participant proposed, waiting for review, raised at these moments."""
    statements = [f"Proposed position {secrets.token_hex(4)}" for _ in moments]
    db.session.execute(insert(Position), [
        {"debate_id": debate_id, "author_id": author_id, "statement": statement,
         "statement_key": statement_key(statement), "created_at": moment,
         "moderation": ModerationState.PENDING}
        for statement, moment in zip(statements, moments, strict=True)
    ])


def test_walking_the_queue_meets_proposed_positions_in_order_among_the_other_items(app):
    count = QUEUE_PAGE_SIZE + 2
    listing = fill_tied_queue(app, count)
    with app.app_context():
        debate = db.session.get(Debate, int(listing.url.split("/")[2]))
        since = utcnow() - timedelta(days=30)
        # At the same moments as the other items, and one before them all.
        moments = [since - timedelta(seconds=1)] + [
            since + timedelta(seconds=index) for index in range(count)]
        insert_proposed_positions(debate.id, debate.owner_id, moments)
        db.session.commit()
    client = client_of(app, listing.viewer)
    expected = waiting_order(app)

    forwards, url = [], listing.url
    while url:
        html = client.get(url).text
        forwards.append(rows_on(html, LISTS["review queue"]))
        url = link(html, "next")

    assert sum(row.startswith("position-") for row in expected) == count + 1
    assert forwards[0][0].startswith("position-")
    assert [row for rows in forwards for row in rows] == expected


def first_positions(app, debate_id: int) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(Position.id).where(
            Position.debate_id == debate_id, Position.moderation == ModerationState.PENDING
        ).order_by(Position.created_at).limit(3)))


def test_the_queue_page_costs_the_same_behind_3_or_1000_proposed_positions(app, count_queries):
    listing = queue(app, QUEUE_PAGE_SIZE + SMALL)
    debate_id, oldest = int(listing.url.split("/")[2]), utcnow() - timedelta(days=60)
    with app.app_context():
        insert_proposed_positions(debate_id, listing.viewer,
                                  [oldest + timedelta(seconds=n) for n in range(3)])
        db.session.commit()
    before = page_cost(app, count_queries, listing, LISTS["review queue"])
    with app.app_context():
        # Waiting less long than the page's items, so the first page stays the same page.
        insert_proposed_positions(debate_id, listing.viewer,
                                  [utcnow() - timedelta(days=1, seconds=n) for n in range(1000)])
        db.session.commit()

    after = page_cost(app, count_queries, listing, LISTS["review queue"])

    assert after == before
    assert before[1] == QUEUE_PAGE_SIZE
    page = client_of(app, listing.viewer).get(listing.url).text
    assert rows_on(page, LISTS["review queue"])[:3] == [
        f"position-{n}" for n in sorted(first_positions(app, debate_id))]


def test_walking_the_queue_meets_every_item_once_in_order_through_tied_moments(app):
    listing = fill_tied_queue(app, 2 * QUEUE_PAGE_SIZE + 1)
    client = client_of(app, listing.viewer)
    expected = waiting_order(app)

    forwards, url = [], listing.url
    while url:
        html = client.get(url).text
        forwards.append(rows_on(html, LISTS["review queue"]))
        url = link(html, "next")
    backwards, url = [], link(html, "prev")
    while url:
        html = client.get(url).text
        backwards.insert(0, rows_on(html, LISTS["review queue"]))
        url = link(html, "prev")

    assert len(expected) == 2 * (2 * QUEUE_PAGE_SIZE + 1)
    assert [row for rows in forwards for row in rows] == expected
    assert [len(rows) for rows in forwards[:-1]] == [QUEUE_PAGE_SIZE] * (len(forwards) - 1)
    assert backwards == forwards[:-1]


def test_the_queue_first_page_is_the_same_page_at_the_same_cost_behind_10000_items(
    app, count_queries
):
    listing = queue(app, QUEUE_PAGE_SIZE + SMALL)
    client = client_of(app, listing.viewer)
    before = page_cost(app, count_queries, listing, LISTS["review queue"])
    first = client.get(listing.url).text
    with app.app_context():
        debate = db.session.get(Debate, int(listing.url.split("/")[2]))
        reporters = insert_people(REPORTERS, f"reporter{secrets.token_hex(3)}-")
        insert_review_queue(debate.id, debate.positions[0].id, reporters, LARGE,
                            since=utcnow() - timedelta(days=1), reports=REPORTERS)
        db.session.commit()

    after = page_cost(app, count_queries, listing, LISTS["review queue"])

    assert after == before
    assert before[1] == QUEUE_PAGE_SIZE
    page = client.get(listing.url).text
    assert rows_on(page, LISTS["review queue"]) == rows_on(first, LISTS["review queue"])
    assert link(page, "next") == link(first, "next")


def test_a_source_cited_everywhere_shows_its_first_arguments_and_how_many_cite_it(app):
    listing = library(app, 3)

    html = client_of(app).get(listing.url).text

    first = html.split('<li class="source card">')[1]
    assert first.count('<li><a href="/arguments/') == ARGUMENTS_PER_SOURCE
    assert (f"Cited by {ARGUMENTS_PER_SOURCE + 1} arguments; the first {ARGUMENTS_PER_SOURCE} "
            "are shown.") in first


def page_cost(app, count_queries, listing: Listing, case: Case) -> tuple[int, int]:
    """Open a list's first page once to warm up, then count its queries and rows."""
    client = client_of(app, listing.viewer)
    assert client.get(listing.url).status_code == 200
    pages = []
    queries = count_queries(lambda: pages.append(client.get(listing.url)))
    assert pages[0].status_code == 200
    return queries, len(rows_on(pages[0].text, case))


@pytest.mark.parametrize("name", LISTS)
def test_a_page_costs_the_same_with_10_or_10000_rows_behind_it(app, count_queries, name):
    case = LISTS[name]
    # Lists of the whole site grow in place; the others are filled anew for each size.
    costs = [page_cost(app, count_queries, case.fill(app, case.per_page + behind), case)
             for behind in (SMALL, LARGE)]

    assert costs[0] == costs[1]
    assert costs[0][1] == case.per_page


def streamed_cost(count_queries, client, url: str) -> tuple[int, str]:
    """Download a response that must arrive in pieces; return its queries and its text."""
    texts = []

    def download():
        response = client.get(url)
        assert response.status_code == 200
        assert response.is_streamed
        texts.append(response.get_data(as_text=True))

    return count_queries(download), texts[0]


def test_the_log_export_streams_every_entry_in_as_many_queries_for_10000_as_for_10(
    app, count_queries
):
    measured = []
    for count in (SMALL, LARGE):
        listing = moderation_log(app, count)
        client = client_of(app, listing.viewer)
        queries, text = streamed_cost(count_queries, client, f"{listing.url}.csv")
        rows = list(csv.reader(io.StringIO(text)))
        assert len(rows) == 1 + count
        assert rows[1][6] == f"Reason {count - 1}" and rows[-1][6] == "Reason 0"
        measured.append(queries)

    assert measured[0] == measured[1]


def test_an_account_export_streams_every_record_in_as_many_queries_for_10000_as_for_10(
    app, count_queries
):
    measured = []
    for count in (SMALL, LARGE):
        with app.app_context():
            person = make_user()
            position = make_position(make_debate())
            insert_top_arguments(position.id, [person.id], [utcnow()] * count)
            db.session.commit()
            person_id, username = person.id, person.username
        client = client_of(app, person_id)
        queries, text = streamed_cost(count_queries, client, "/account/export.json")
        data = json.loads(text)
        assert len(data["arguments"]) == count
        assert data["account"]["username"] == username
        measured.append(queries)

    assert measured[0] == measured[1]


def menu_options(html: str) -> list[tuple[str, bool]]:
    """Return the material menu's options as (value, selected)."""
    menu = re.search(r'<select[^>]*name="material"[^>]*>(.*?)</select>', html, re.S)[1]
    return [(re.search(r'value="(\d+)"', tag)[1], " selected" in tag)
            for tag in re.findall(r"<option[^>]*>", menu)]


def test_the_material_menu_costs_the_same_with_10_or_10000_materials_behind_it(
    app, count_queries
):
    costs = []
    for behind in (SMALL, LARGE):
        materials(app, MATERIAL_MENU_SIZE + behind)
        with app.app_context():
            oldest = db.session.scalar(select(Material.id).order_by(Material.created_at))
        client = client_of(app, make_person(app))
        url = f"/debates/new?material_id={oldest}"
        client.get(url)
        pages = []
        queries = count_queries(lambda: pages.append(client.get(url)))  # noqa: B023
        costs.append((queries, len(menu_options(pages[0].text))))

    # The placeholder, the newest materials, and the one the link asked for.
    assert costs[0] == costs[1]
    assert costs[0][1] == 1 + MATERIAL_MENU_SIZE + 1


def test_an_older_material_is_offered_preselected_and_a_debate_starts_on_it(app):
    listing = materials(app, MATERIAL_MENU_SIZE + SMALL)
    with app.app_context():
        oldest = db.session.scalar(select(Material.id).order_by(Material.created_at))
    client = client_of(app, make_person(app))

    plain = client.get("/debates/new").text
    linked = client.get(f"/debates/new?material_id={oldest}").text
    started = client.post("/debates/new", data={"material": oldest, "title": "Old words",
                                                "question": "Still true?"})

    assert str(oldest) not in [value for value, _ in menu_options(plain)]
    assert f'href="{listing.url}"' in plain
    assert (str(oldest), True) in menu_options(linked)
    assert started.status_code == 303
    with app.app_context():
        debate = db.session.scalar(select(Debate).where(Debate.title == "Old words"))
        assert debate.material_id == oldest


def test_a_small_library_is_offered_whole_without_a_pointer_to_it(app):
    materials(app, 3)
    html = client_of(app, make_person(app)).get("/debates/new").text

    assert len(menu_options(html)) == 1 + 3
    assert "Only the newest materials are listed" not in html


def make_person(app) -> int:
    with app.app_context():
        person = make_user()
        db.session.commit()
        return person.id


def api_log_url(listing: Listing) -> str:
    """Turn a debate's log page into the API's address for the same log."""
    return listing.url.replace("/debates/", "/api/v1/debates/").replace("/log", "/moderation-log")


def api_log(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return response.json


def test_the_api_log_walks_by_cursor_through_every_entry_once(app):
    listing = moderation_log(app, 2 * LOG_PAGE_SIZE + 3)
    client = client_of(app)

    pages, following = [], api_log_url(listing)
    while following:
        page = api_log(client, following)
        pages.append(page)
        following = page["next_url"]
    back = api_log(client, pages[-1]["previous_url"])

    assert [len(page["actions"]) for page in pages] == [LOG_PAGE_SIZE, LOG_PAGE_SIZE, 3]
    assert [page["has_more"] for page in pages] == [True, True, False]
    reasons = [action["reason"] for page in pages for action in page["actions"]]
    assert reasons == [f"Reason {n}" for n in range(2 * LOG_PAGE_SIZE + 3)]
    assert back["actions"] == pages[1]["actions"]
    assert pages[0]["previous"] is None and pages[0]["previous_url"] is None


def test_an_api_log_page_costs_the_same_with_10_or_10000_entries_behind_it(
    app, count_queries
):
    costs = []
    for behind in (SMALL, LARGE):
        listing = moderation_log(app, LOG_PAGE_SIZE + behind)
        client, url = client_of(app), api_log_url(listing)
        api_log(client, url)
        pages = []
        queries = count_queries(lambda: pages.append(api_log(client, url)))  # noqa: B023
        costs.append((queries, len(pages[0]["actions"]), pages[0]["has_more"]))

    assert costs[0] == costs[1] == (costs[0][0], LOG_PAGE_SIZE, True)
