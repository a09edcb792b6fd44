"""Check that pending, hidden and rejected content reaches only its author and the moderators."""

import re
from html import unescape

import pytest

from app.extensions import db
from app.models import Argument, Evidence, ModerationState, Position, Role, Side, User
from tests.factories import (
    add_member,
    make_argument,
    make_debate,
    make_evidence,
    make_position,
    make_user,
)
from tests.pages import card_markup
from tests.worlds import sign_in_as

SHOWN_CLAIM = "Cameras deter pickpockets at stations"
SHOWN_REPLY_CLAIM = "Station thefts fell after the cameras went up"
UNSUPPORTED_CLAIM = "Crime simply moves to streets without cameras"
# Each claim or source that only its author and the moderators may see carries one odd word,
# so that a page leaking it, in whatever markup, is caught by a plain search.
PENDING_REPLY_CLAIM = "Quince growers saw fewer thefts near cameras"
HIDDEN_REPLY_CLAIM = "Obsidian kites prove the cameras are useless"
PENDING_TOP_CLAIM = "Gravel paths are safer with cameras watching"
HIDDEN_TOP_CLAIM = "Tungsten lamps matter more than any camera"
REJECTED_TOP_CLAIM = "Pumice stones should be thrown at cameras"
ORPHAN_CLAIM = "Saffron sellers asked for the cameras"
GRANDCHILD_CLAIM = "Juniper street saw no change at all"
ORPHAN_SOURCE = "Cardamom market ledger"
PENDING_SOURCE = "Marzipan survey of stations"
HIDDEN_SOURCE = "Vellum report on street crime"
PENDING_POSITION = "Walnut orchards need no cameras"
REJECTED_POSITION = "Zinnia beds should hide the cameras"
SECRETS = ("quince", "obsidian", "gravel", "tungsten", "pumice", "saffron", "juniper",
           "cardamom", "marzipan", "vellum", "walnut", "zinnia")

PENDING_REASON = "Waiting for a moderator's first look."
HIDDEN_REASON = "Insults another participant."
REJECTED_REASON = "Incites damage to property."
HIDDEN_SOURCE_REASON = "The link leads to a phishing page."


def build_world(app) -> dict[str, int]:
    """Make a public debate whose one position holds every kind of unshown contribution.

    1 shown (pro; a shown source, a pending source)
      1.1 shown reply (pro)
      1.2 pending reply by the author (pro)
      1.3 hidden reply by the author (con)
    2 unsupported (con; its only source is hidden, added by the author)
    3 pending, by the author (pro)
    4 hidden (con)
      4.1 shown reply under it (pro; a shown source)
        4.1.1 shown reply under that (con)
    5 rejected, by the author (con)

    Beside it, two positions the author proposed: one pending, one rejected.
    """
    with app.app_context():
        people = {name: make_user() for name in
                  ("owner", "moderator", "writer", "author", "replier", "participant")}
        debate = make_debate(owner=people["owner"])
        add_member(debate, people["moderator"], Role.MODERATOR)
        for name in ("writer", "author", "replier", "participant"):
            add_member(debate, people[name], Role.PARTICIPANT)
        position = make_position(debate, statement="Cameras make cities safer")
        shown = make_argument(position, people["writer"], claim=SHOWN_CLAIM)
        make_evidence(shown, people["writer"], title="Visible station survey",
                      url="https://example.org/stations")
        unsupported = make_argument(position, people["writer"], side=Side.CON,
                                    claim=UNSUPPORTED_CLAIM)
        shown_reply = make_argument(position, people["replier"], parent=shown,
                                    claim=SHOWN_REPLY_CLAIM)
        pending_reply = make_argument(position, people["author"], parent=shown,
                                      claim=PENDING_REPLY_CLAIM)
        hidden_reply = make_argument(position, people["author"], parent=shown,
                                     side=Side.CON, claim=HIDDEN_REPLY_CLAIM)
        pending_top = make_argument(position, people["author"], claim=PENDING_TOP_CLAIM)
        hidden_top = make_argument(position, people["writer"], side=Side.CON,
                                   claim=HIDDEN_TOP_CLAIM)
        orphan = make_argument(position, people["replier"], parent=hidden_top,
                               claim=ORPHAN_CLAIM)
        orphan_source = make_evidence(orphan, people["replier"], title=ORPHAN_SOURCE,
                                      url="https://example.org/cardamom")
        grandchild = make_argument(position, people["replier"], parent=orphan,
                                   side=Side.CON, claim=GRANDCHILD_CLAIM)
        rejected = make_argument(position, people["author"], side=Side.CON,
                                 claim=REJECTED_TOP_CLAIM)
        pending_source = make_evidence(shown, people["author"], title=PENDING_SOURCE,
                                       url="https://example.org/marzipan")
        hidden_source = make_evidence(unsupported, people["author"], title=HIDDEN_SOURCE,
                                      url="https://example.org/vellum")
        pending_position = make_position(debate, statement=PENDING_POSITION)
        rejected_position = make_position(debate, statement=REJECTED_POSITION)
        pending_position.author = rejected_position.author = people["author"]
        for item, state, reason in (
            (pending_position, ModerationState.PENDING, None),
            (rejected_position, ModerationState.REJECTED, REJECTED_REASON),
            (pending_reply, ModerationState.PENDING, PENDING_REASON),
            (pending_top, ModerationState.PENDING, PENDING_REASON),
            (pending_source, ModerationState.PENDING, PENDING_REASON),
            (hidden_reply, ModerationState.HIDDEN, HIDDEN_REASON),
            (hidden_top, ModerationState.HIDDEN, HIDDEN_REASON),
            (hidden_source, ModerationState.HIDDEN, HIDDEN_SOURCE_REASON),
            (rejected, ModerationState.REJECTED, REJECTED_REASON),
        ):
            item.moderation, item.moderation_reason = state, reason
        db.session.commit()
        return {
            **{name: user.id for name, user in people.items()},
            "debate": debate.id,
            "position": position.id,
            "shown": shown.id,
            "unsupported": unsupported.id,
            "shown_reply": shown_reply.id,
            "pending_reply": pending_reply.id,
            "hidden_reply": hidden_reply.id,
            "pending_top": pending_top.id,
            "hidden_top": hidden_top.id,
            "orphan": orphan.id,
            "orphan_source": orphan_source.id,
            "grandchild": grandchild.id,
            "rejected": rejected.id,
            "pending_source": pending_source.id,
            "hidden_source": hidden_source.id,
            "pending_position": pending_position.id,
            "rejected_position": rejected_position.id,
            "material": debate.material_id,
        }


def leaked(text: str) -> list[str]:
    """Return the secret words a response shows."""
    return [word for word in SECRETS if word in text.lower()]


def replies_count(html: str, argument_id: int) -> str:
    """Return the "N pros · M cons" an argument's card shows, or "none"."""
    match = re.search(r"(\d+ pros? · \d+ cons?) — show replies", card_markup(html, argument_id))
    return match[1] if match else "none"


def sources_count(html: str, argument_id: int) -> str:
    """Return what an argument's card says of its evidence: "N sources" or "needs evidence"."""
    text = card_markup(html, argument_id)
    match = re.search(r"(\d+ sources?)</a>", text)
    if match:
        return match[1]
    assert "needs evidence" in text
    return "needs evidence"


def claims_in_tree(nodes: list[dict]) -> list[str]:
    """List every claim of an API tree, depth first."""
    claims = []
    for node in nodes:
        claims.append(node["claim"])
        claims.extend(claims_in_tree(node["children"]))
    return claims


def node(nodes: list[dict], argument_id: int) -> dict | None:
    """Find one argument in an API tree."""
    for each in nodes:
        if each["id"] == argument_id:
            return each
        found = node(each["children"], argument_id)
        if found:
            return found
    return None


FRAGMENT = {"HX-Request": "true"}
READERS = ("anonymous", "participant")

# Every way to read the position's arguments: (url, headers, what it must still show).
SURFACES = {
    "position page": (
        lambda w: f"/debates/{w['debate']}/positions/{w['position']}", {}, SHOWN_CLAIM),
    "sorted strongest": (
        lambda w: f"/debates/{w['debate']}/positions/{w['position']}?sort=strongest", {},
        UNSUPPORTED_CLAIM),
    "sorted newest": (
        lambda w: f"/debates/{w['debate']}/positions/{w['position']}?sort=newest", {},
        SHOWN_CLAIM),
    "sorted most discussed": (
        lambda w: f"/debates/{w['debate']}/positions/{w['position']}?sort=discussed", {},
        UNSUPPORTED_CLAIM),
    "needs evidence filter": (
        lambda w: f"/debates/{w['debate']}/positions/{w['position']}?filter=needs-evidence", {},
        SHOWN_REPLY_CLAIM),
    "pro column fragment": (
        lambda w: f"/positions/{w['position']}/arguments?side=pro", FRAGMENT, SHOWN_CLAIM),
    "con column fragment": (
        lambda w: f"/positions/{w['position']}/arguments?side=con", FRAGMENT,
        UNSUPPORTED_CLAIM),
    "shown argument's page": (lambda w: f"/arguments/{w['shown']}", {}, SHOWN_REPLY_CLAIM),
    "shown argument's replies fragment": (
        lambda w: f"/arguments/{w['shown']}/replies", FRAGMENT, SHOWN_REPLY_CLAIM),
    "newest replies fragment": (
        lambda w: f"/arguments/{w['shown']}/replies?sort=newest", FRAGMENT, SHOWN_REPLY_CLAIM),
    "evidence library": (
        lambda w: f"/debates/{w['debate']}/evidence", {}, "Visible station survey"),
    "api position tree": (
        lambda w: f"/api/v1/positions/{w['position']}", {}, SHOWN_REPLY_CLAIM),
    "debate page": (lambda w: f"/debates/{w['debate']}", {}, "Cameras make cities safer"),
    "moderation log": (
        lambda w: f"/debates/{w['debate']}/log", {}, "No moderation actions yet."),
    "reading view": (lambda w: f"/debates/{w['debate']}/read", {}, "Cameras make cities safer"),
    "material page": (
        lambda w: f"/materials/{w['material']}", {}, "Cameras make cities safer"),
    "debate list": (lambda w: "/", {}, "1 position"),
    "api debate": (lambda w: f"/api/v1/debates/{w['debate']}", {}, "Cameras make cities safer"),
    "csv export": (
        lambda w: f"/debates/{w['debate']}/export/csv", {}, "Cameras make cities safer"),
    "api archive export": (
        lambda w: f"/api/v1/debates/{w['debate']}/export/archive", {},
        "Cameras make cities safer"),
}


@pytest.mark.parametrize(("surface", "reader"),
                         [(surface, reader) for surface in SURFACES for reader in READERS])
def test_no_page_shows_pending_hidden_or_rejected_content_to_other_readers(
    app, client, auth, surface, reader
):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)
    url, headers, still_shown = SURFACES[surface]

    response = client.get(url(w), headers=headers)

    assert response.status_code == 200
    assert leaked(response.text) == []
    # The page did show what everyone may see, so the check above is not vacuous.
    assert still_shown in unescape(response.text)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(
    "target", ["pending_reply", "hidden_reply", "pending_top", "hidden_top", "rejected",
               "orphan", "grandchild"]
)
def test_the_permalink_of_unshown_content_and_of_anything_under_it_is_not_found(
    app, client, auth, reader, target
):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    for url, headers in (
        (f"/arguments/{w[target]}", {}),
        (f"/arguments/{w[target]}/replies", FRAGMENT),
        (f"/arguments/{w[target]}/history", {}),
    ):
        response = client.get(url, headers=headers)
        assert response.status_code == 404, url
        assert leaked(response.text) == []


def test_the_reply_form_under_a_hidden_branch_is_not_found_and_shows_nothing_of_it(
    app, client, auth
):
    w = build_world(app)
    sign_in_as(app, auth, w, "participant")

    for parent in ("orphan", "grandchild"):
        url = f"/positions/{w['position']}/arguments/new?parent={w[parent]}&side=pro"
        form = client.get(url)
        posted = client.post(url, data={"side": "pro", "claim": "Replying to a hidden branch"})
        assert form.status_code == 404
        assert leaked(form.text) == []
        assert posted.status_code == 404
    with app.app_context():
        assert db.session.scalar(
            db.select(Argument).where(Argument.claim == "Replying to a hidden branch")
        ) is None


def test_a_moderator_cannot_reply_under_a_hidden_branch_either(app, client, auth):
    w = build_world(app)
    sign_in_as(app, auth, w, "moderator")

    response = client.post(
        f"/positions/{w['position']}/arguments/new?parent={w['orphan']}",
        data={"side": "pro", "claim": "Replying to a hidden branch"},
    )

    assert response.status_code == 409
    assert "not shown to everyone" in response.text


@pytest.mark.parametrize("reader", READERS)
def test_the_reply_tally_on_a_card_counts_only_shown_replies(app, client, auth, reader):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    position_page = client.get(f"/debates/{w['debate']}/positions/{w['position']}").text
    argument_page = client.get(f"/arguments/{w['shown']}").text

    # 1.1 is shown; 1.2 (pending) and 1.3 (hidden) are not.
    assert replies_count(position_page, w["shown"]) == "1 pro · 0 cons"
    assert replies_count(argument_page, w["shown"]) == "1 pro · 0 cons"


@pytest.mark.parametrize("reader", READERS)
def test_the_source_count_on_a_card_counts_only_shown_evidence(app, client, auth, reader):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    page = client.get(f"/debates/{w['debate']}/positions/{w['position']}").text
    argument_page = client.get(f"/arguments/{w['unsupported']}").text

    assert sources_count(page, w["shown"]) == "1 source"
    # Its only source is hidden, so for everyone else it still needs evidence.
    assert sources_count(page, w["unsupported"]) == "needs evidence"
    assert "This argument needs evidence." in argument_page


@pytest.mark.parametrize("reader", READERS)
def test_an_argument_whose_only_source_is_hidden_is_listed_as_needing_evidence(
    app, client, auth, reader
):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    page = client.get(
        f"/debates/{w['debate']}/positions/{w['position']}?filter=needs-evidence"
    ).text

    assert f'id="argument-{w["unsupported"]}"' in page
    assert f'id="argument-{w["shown_reply"]}"' in page
    assert f'id="argument-{w["shown"]}"' not in page


def test_the_api_tree_leaves_out_unshown_nodes_and_everything_under_them(app, client):
    w = build_world(app)

    tree = client.get(f"/api/v1/positions/{w['position']}").json["arguments"]

    assert claims_in_tree(tree) == [SHOWN_CLAIM, SHOWN_REPLY_CLAIM, UNSUPPORTED_CLAIM]
    assert [e["title"] for e in node(tree, w["shown"])["evidence"]] == ["Visible station survey"]
    assert node(tree, w["unsupported"])["evidence"] == []


def test_a_moderator_sees_everything_marked_with_its_state_and_reason(app, client, auth):
    w = build_world(app)
    sign_in_as(app, auth, w, "moderator")

    page = client.get(f"/debates/{w['debate']}/positions/{w['position']}").text
    shown_page = client.get(f"/arguments/{w['shown']}").text
    unsupported_page = unescape(client.get(f"/arguments/{w['unsupported']}").text)

    assert "Awaiting review" in card_markup(page, w["pending_top"])
    assert "Hidden" in card_markup(page, w["hidden_top"])
    assert f"Reason: {HIDDEN_REASON}" in card_markup(page, w["hidden_top"])
    assert "Rejected" in card_markup(page, w["rejected"])
    assert f"Reason: {REJECTED_REASON}" in card_markup(page, w["rejected"])
    assert "Awaiting review" in card_markup(shown_page, w["pending_reply"])
    assert f"Reason: {HIDDEN_REASON}" in card_markup(shown_page, w["hidden_reply"])
    # Moderators count what they see, so nothing waiting for them goes unnoticed.
    assert replies_count(page, w["shown"]) == "2 pros · 1 con"
    assert sources_count(page, w["shown"]) == "2 sources"
    assert sources_count(page, w["unsupported"]) == "1 source"
    assert PENDING_SOURCE in unescape(shown_page)
    assert HIDDEN_SOURCE in unsupported_page
    assert f"Hidden — {HIDDEN_SOURCE_REASON}" in " ".join(unsupported_page.split())
    for target in ("hidden_top", "orphan", "grandchild", "pending_reply", "rejected"):
        assert client.get(f"/arguments/{w[target]}").status_code == 200


def test_a_moderator_gets_unshown_nodes_in_the_api_tree_with_state_and_reason(
    app, client, auth
):
    w = build_world(app)
    sign_in_as(app, auth, w, "moderator")

    tree = client.get(f"/api/v1/positions/{w['position']}").json["arguments"]

    hidden = node(tree, w["hidden_top"])
    assert (hidden["moderation"], hidden["moderation_reason"]) == ("hidden", HIDDEN_REASON)
    assert [child["claim"] for child in hidden["children"]] == [ORPHAN_CLAIM]
    assert node(tree, w["pending_reply"])["moderation"] == "pending"
    assert node(tree, w["rejected"])["moderation_reason"] == REJECTED_REASON


def test_a_moderator_finds_unshown_evidence_in_the_library(app, client, auth):
    w = build_world(app)
    sign_in_as(app, auth, w, "moderator")

    library = unescape(client.get(f"/debates/{w['debate']}/evidence").text)

    for title in (PENDING_SOURCE, HIDDEN_SOURCE, ORPHAN_SOURCE):
        assert title in library


def test_the_author_sees_their_own_unshown_content_marked_with_the_reason(app, client, auth):
    w = build_world(app)
    sign_in_as(app, auth, w, "author")

    page = client.get(f"/debates/{w['debate']}/positions/{w['position']}").text
    shown_page = client.get(f"/arguments/{w['shown']}").text
    fragment = client.get(f"/arguments/{w['shown']}/replies", headers=FRAGMENT).text
    unsupported_page = unescape(client.get(f"/arguments/{w['unsupported']}").text)
    library = unescape(client.get(f"/debates/{w['debate']}/evidence").text)
    tree = client.get(f"/api/v1/positions/{w['position']}").json["arguments"]

    assert "Awaiting review" in card_markup(page, w["pending_top"])
    assert "Rejected" in card_markup(page, w["rejected"])
    assert f"Reason: {REJECTED_REASON}" in card_markup(page, w["rejected"])
    for html in (shown_page, fragment):
        assert "Awaiting review" in card_markup(html, w["pending_reply"])
        assert "Hidden" in card_markup(html, w["hidden_reply"])
        assert f"Reason: {HIDDEN_REASON}" in card_markup(html, w["hidden_reply"])
    assert PENDING_SOURCE in unescape(shown_page)
    assert f"Hidden — {HIDDEN_SOURCE_REASON}" in " ".join(unsupported_page.split())
    assert PENDING_SOURCE in library and HIDDEN_SOURCE in library
    assert node(tree, w["pending_top"])["moderation"] == "pending"
    # Other people's hidden content stays hidden from the author.
    assert "tungsten" not in page.lower() and "saffron" not in library.lower()
    assert node(tree, w["hidden_top"]) is None


@pytest.mark.parametrize("reader", READERS)
def test_the_evidence_library_lists_no_source_of_unshown_content(app, client, auth, reader):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    library = unescape(client.get(f"/debates/{w['debate']}/evidence").text)

    assert "Visible station survey" in library
    for title in (PENDING_SOURCE, HIDDEN_SOURCE, ORPHAN_SOURCE):
        assert title not in library


@pytest.mark.parametrize("reader", READERS)
def test_unshown_evidence_cannot_be_reported_or_read_through_the_report_form(
    app, client, auth, reader
):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    for kind, item in (("evidence", "pending_source"), ("evidence", "hidden_source"),
                       ("evidence", "orphan_source"), ("argument", "hidden_top"),
                       ("argument", "orphan")):
        response = client.get(f"/report/{kind}/{w[item]}")
        assert response.status_code in (302, 404)
        assert leaked(response.text) == []


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("target", ["pending_position", "rejected_position"])
def test_a_position_waiting_for_review_or_rejected_is_not_found(app, client, auth, reader,
                                                                target):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    for url in (f"/debates/{w['debate']}/positions/{w[target]}",
                f"/api/v1/positions/{w[target]}",
                f"/positions/{w[target]}/arguments/new"):
        response = client.get(url)
        assert response.status_code in (302, 404), url
        assert leaked(response.text) == []


@pytest.mark.parametrize("reader", ["author", "moderator"])
def test_the_author_and_moderators_see_unshown_positions_marked(app, client, auth, reader):
    w = build_world(app)
    sign_in_as(app, auth, w, reader)

    debate_page = unescape(client.get(f"/debates/{w['debate']}").text)
    rejected = unescape(client.get(
        f"/debates/{w['debate']}/positions/{w['rejected_position']}").text)

    assert PENDING_POSITION in debate_page and REJECTED_POSITION in debate_page
    assert "waits for a moderator's review" in debate_page
    assert "Rejected" in rejected and REJECTED_REASON in rejected
    # Exports hold what everyone may read, whoever downloads them.
    assert leaked(client.get(f"/debates/{w['debate']}/export/csv").text) == []


def test_the_world_really_holds_what_the_leak_tests_look_for(app):
    # Guards the tests above: if the setup lost its unshown content, they would pass vacuously.
    w = build_world(app)
    with app.app_context():
        states = {
            name: db.session.get(Argument, w[name]).moderation
            for name in ("pending_reply", "hidden_reply", "pending_top", "hidden_top", "rejected",
                         "orphan", "grandchild")
        }
        sources = {name: db.session.get(Evidence, w[name]).moderation
                   for name in ("pending_source", "hidden_source", "orphan_source")}
        positions = [db.session.get(Position, w[name]).moderation
                     for name in ("pending_position", "rejected_position")]
    assert states == {
        "pending_reply": ModerationState.PENDING,
        "hidden_reply": ModerationState.HIDDEN,
        "pending_top": ModerationState.PENDING,
        "hidden_top": ModerationState.HIDDEN,
        "rejected": ModerationState.REJECTED,
        "orphan": ModerationState.VISIBLE,
        "grandchild": ModerationState.VISIBLE,
    }
    assert positions == [ModerationState.PENDING, ModerationState.REJECTED]
    assert sources == {"pending_source": ModerationState.PENDING,
                       "hidden_source": ModerationState.HIDDEN,
                       "orphan_source": ModerationState.VISIBLE}


def test_the_hidden_words_stay_out_of_the_public_history_after_a_mended_version_is_approved(
    app, client, auth
):
    from app.arguments.services import edit_argument
    from app.moderation.services import moderate_item

    w = build_world(app)
    with app.app_context():
        argument = db.session.get(Argument, w["hidden_reply"])
        edit_argument(argument, db.session.get(User, w["author"]),
                      "Kites show the cameras miss a lot", "")
        moderate_item(argument, db.session.get(User, w["moderator"]), "approve", "Mended.")
        db.session.commit()

    history = client.get(f"/arguments/{w['hidden_reply']}/history")

    assert history.status_code == 200
    assert leaked(history.text) == []
