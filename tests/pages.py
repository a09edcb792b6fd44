"""Read what pages show and what the database holds, as the tests check them."""

import re
from html import unescape

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    Argument,
    ModerationState,
    PositionStance,
    Rating,
    Report,
    ReportStatus,
    StanceChoice,
)

# What htmx sends with a request it wants a fragment for.
HX = {"HX-Request": "true"}

# Each htmx endpoint answers a full page without the header, a fragment with it, and a full
# page again when the request is boosted.
page_or_fragment = pytest.mark.parametrize(
    ("headers", "full_page"),
    [
        ({}, True),
        ({"HX-Request": "true"}, False),
        ({"HX-Request": "true", "HX-Boosted": "true"}, True),
    ],
    ids=["plain", "htmx", "boosted"],
)
# The two ways of asking that must get a full page.
plain_or_boosted = pytest.mark.parametrize(
    "headers", [{}, {"HX-Request": "true", "HX-Boosted": "true"}], ids=["plain", "boosted"]
)


# Pages


def position_url(ids: dict) -> str:
    return f"/debates/{ids['debate']}/positions/{ids['position']}"


def position_page(client, ids: dict, **query) -> str:
    response = client.get(position_url(ids), query_string=query)
    assert response.status_code == 200
    return response.text


def field_error(html: str, field_id: str) -> str | None:
    """Return the error message printed beside a field, or None."""
    match = re.search(rf'<p class="error" id="{re.escape(field_id)}-error">(.*?)</p>', html, re.S)
    return unescape(match[1]).strip() if match else None


def input_error(page: str, field: str) -> str:
    """Return the error printed beside an input, checking the input is marked and points at it."""
    match = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    assert match, f"no error beside {field!r}"
    inputs = re.findall(rf'<input[^>]*\bid="{field}"[^>]*>', page)
    assert inputs and 'aria-invalid="true"' in inputs[0]
    assert f'aria-describedby="{field}-error"' in inputs[0]
    return unescape(match.group(1))


def header_of(page: str) -> str:
    match = re.search(r'<header class="site-header">(.*?)</header>', page, re.S)
    assert match, "no site header on the page"
    return match.group(1)


def signed_in_as(client) -> str | None:
    """Return the display name the home page's header shows, or None when signed out."""
    header = header_of(client.get("/").get_data(as_text=True))
    match = re.search(r'<a class="who"[^>]*>(.*?)</a>', header)
    if match:
        assert "Sign out" in header
        return unescape(match.group(1))
    assert "Sign in" in header and "Sign out" not in header
    return None


def flashes(html: str) -> list[str]:
    return [unescape(m).strip() for m in re.findall(r'<p class="flash[^"]*">(.*?)</p>', html, re.S)]


def claims_in(html: str) -> list[str]:
    """List the claims a page shows, top to bottom."""
    return [unescape(claim) for claim in re.findall(r'<p class="claim">(.*?)</p>', html, re.S)]


def _card_inside(html: str, argument_id: int) -> str:
    match = re.search(
        rf'<article class="argument[^"]*" id="argument-{argument_id}">(.*?)</article>', html, re.S
    )
    assert match, f"argument {argument_id} is not on the page"
    return match[1]


def card(html: str, argument_id: int) -> str:
    """Return the text of one argument's card on a page, failing when it is absent."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", _card_inside(html, argument_id))).split())


def card_markup(html: str, argument_id: int) -> str:
    """Return the markup of one argument's card on a page, failing when it is absent."""
    return unescape(_card_inside(html, argument_id))


def queue_entry(html: str, kind: str, item_id: int) -> str:
    """Return the text of one entry of the review queue, failing when it is absent."""
    start = html.find(f'id="queue-{kind}-{item_id}"')
    assert start >= 0, f"{kind} {item_id} is not in the queue"
    ends = [end for end in (html.find('class="queue-entry', start), html.find("</ol>", start))
            if end >= 0]
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html[start:min(ends)])).split())


def log_actions(client, w) -> list[dict]:
    """Return the world's public moderation log as the API lists it, newest first."""
    response = client.get(f"/api/v1/debates/{w['debate']}/moderation-log")
    assert response.status_code == 200
    return response.json["actions"]


# The database


def stored(app, model, *where) -> int:
    """Count the rows of a model in the database, or those that meet the conditions."""
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def snapshot(app) -> dict[str, list[str]]:
    """Return every row of every table, to prove a refusal changed nothing."""
    with app.app_context():
        return {
            table.name: sorted(repr(tuple(row)) for row in db.session.execute(select(table)))
            for table in db.metadata.sorted_tables
        }


def argument(app, argument_id: int) -> Argument | None:
    """Load an argument afresh, detached, with what tests read from it."""
    with app.app_context():
        found = db.session.get(Argument, argument_id)
        if found is not None:
            db.session.expunge(found)
        return found


def argument_by_claim(app, claim: str) -> Argument | None:
    with app.app_context():
        found = db.session.scalar(select(Argument).where(Argument.claim == claim))
        if found is not None:
            db.session.expunge(found)
        return found


def state_of(app, model, ident) -> ModerationState:
    with app.app_context():
        return db.session.get(model, ident).moderation


def report_statuses(app, argument_id: int) -> list[ReportStatus]:
    with app.app_context():
        return sorted(db.session.scalars(
            select(Report.status).where(Report.argument_id == argument_id)
        ))


def scores(app, argument_id: int) -> dict[int, int]:
    """Map each rater's id to their stored score."""
    with app.app_context():
        return dict(
            db.session.execute(
                select(Rating.user_id, Rating.score).where(Rating.argument_id == argument_id)
            ).all()
        )


def stances(app, position_id: int) -> dict[int, StanceChoice]:
    """Map each person's id to the stance they take on the position."""
    with app.app_context():
        return dict(
            db.session.execute(
                select(PositionStance.user_id, PositionStance.stance).where(
                    PositionStance.position_id == position_id
                )
            ).all()
        )


def walk_api_tree(client, url: str, limit: int) -> list[int]:
    """Read a tree from the JSON API as a client that wants little at a time would: follow each
    link to replies left out, a page of `limit` at a time, as it meets them; return the ids met,
    in the order met (tree order, when every link leads where it should)."""
    seen: list[int] = []

    def get(url: str) -> dict:
        response = client.get(url)
        assert response.status_code == 200, response.text
        return response.json

    def nodes(found: list[dict]) -> None:
        for node in found:
            seen.append(node["id"])
            assert node["more_children"] == (node["children_url"] is not None)
            if node["more_children"]:
                assert node["children"] == []
                pages(f"{node['children_url']}&limit={limit}")
            else:
                nodes(node["children"])

    def pages(url: str | None) -> None:
        while url:
            page = get(url)
            nodes(page["children"])
            url = page["next_url"]

    nodes(get(url)["arguments"])
    return seen
