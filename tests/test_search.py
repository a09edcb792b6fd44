"""Check full-text search: what it finds, how it ranks, Chinese, highlighting, bad input, and
that it never shows nor counts what a person may not read."""

import pytest

from app.extensions import db
from app.models import Argument, DebateStatus, ModerationState, Role, Visibility
from tests.factories import (
    add_member,
    make_argument,
    make_debate,
    make_evidence,
    make_material,
    make_position,
    make_user,
)
from tests.test_leaks import SECRETS, build_world
from tests.worlds import client_of

CHINESE_MATERIAL = """# 北京的空气

过去十年，北京的空气质量明显改善，但冬天仍有雾霾。

市民希望政府公开更多监测数据。
"""


def search(client, query: str, **filters) -> list[tuple[str, int]]:
    """Return the (kind, id) of every result the API gives, best first."""
    answer = client.get("/api/v1/search", query_string={"q": query, **filters})
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return [(hit["kind"], hit["id"]) for hit in answer.get_json()["results"]]


@pytest.fixture
def world(app):
    """A public debate on a material, with one item of each kind to find."""
    with app.app_context():
        material = make_material(CHINESE_MATERIAL, title="Beijing air")
        debate = make_debate(material=material, title="Clean air for Beijing")
        position = make_position(debate, statement="Beijing should publish every air reading")
        argument = make_argument(
            position,
            claim="Open sensor data builds trust",
            body="市民可以自己核对监测数据，信任随之增加。",
        )
        evidence = make_evidence(argument, title="Municipal sensor network audit")
        other = make_debate(title="Elsewhere")
        elsewhere = make_argument(make_position(other, statement="Parks need sensors"),
                                  claim="Sensor data in parks helps gardeners")
        db.session.commit()
        return {
            "material": material.id,
            "passage": material.passages[1].id,
            "debate": debate.id,
            "position": position.id,
            "argument": argument.id,
            "evidence": evidence.id,
            "other": other.id,
            "elsewhere": elsewhere.id,
        }


def test_search_finds_each_kind_of_item(client, world):
    assert search(client, "publish every air reading") == [("position", world["position"])]
    assert ("argument", world["argument"]) in search(client, "trust")
    assert search(client, "audit") == [("evidence", world["evidence"])]
    assert search(client, "雾霾") == [("passage", world["passage"])]


def test_results_link_to_the_item(client, world):
    hits = client.get("/api/v1/search?q=audit").get_json()["results"]
    assert hits[0]["url"].endswith(f"/arguments/{world['argument']}#evidence")
    assert hits[0]["snippet"] == "Municipal sensor network audit"
    page = client.get(hits[0]["url"].replace("http://localhost", ""))
    assert "Municipal sensor network audit" in page.get_data(as_text=True)


def test_chinese_words_are_found_inside_sentences(client, world):
    heading, paragraph, wish = world["passage"] - 1, world["passage"], world["passage"] + 1
    # Two characters, in the heading and inside a sentence without spaces.
    assert set(search(client, "北京")) == {("passage", heading), ("passage", paragraph)}
    assert search(client, "雾霾") == [("passage", paragraph)]
    # Four characters, and a word of an argument's body.
    assert search(client, "空气质量") == [("passage", paragraph)]
    assert search(client, "信任") == [("argument", world["argument"])]
    # Two words: both must be there, in any order.
    assert set(search(client, "数据 市民")) == {("argument", world["argument"]), ("passage", wish)}
    # The whole phrase first.
    assert search(client, "北京的空气")[0] == ("passage", heading)
    assert search(client, "上海") == []


def test_an_exact_phrase_ranks_above_scattered_words(app, client):
    with app.app_context():
        debate = make_debate()
        position = make_position(debate, statement="Traffic in the old town")
        scattered = [
            make_argument(position, claim=f"Public squares matter; {word} transport too")
            for word in ("cheap", "fast", "green")
        ]
        exact = make_argument(position, claim="We need public transport on every street")
        db.session.commit()
        scattered_ids = {argument.id for argument in scattered}
        exact_id = exact.id
    found = search(client, "public transport", kind="argument")
    assert found[0] == ("argument", exact_id)
    assert {item_id for _kind, item_id in found[1:]} == scattered_ids
    quoted = search(client, '"public transport"', kind="argument")
    assert quoted[0] == ("argument", exact_id)


def test_filters_by_kind_and_debate(client, world):
    kinds = {kind for kind, _id in search(client, "sensor")}
    assert kinds == {"position", "argument", "evidence"}
    assert search(client, "sensor", kind="evidence") == [("evidence", world["evidence"])]
    in_debate = search(client, "sensor", debate=world["other"])
    assert {kind for kind, _id in in_debate} == {"position", "argument"}
    assert ("argument", world["elsewhere"]) in in_debate
    # The debate's material belongs to its search.
    assert search(client, "雾霾", debate=world["debate"]) == [("passage", world["passage"])]
    assert search(client, "雾霾", debate=world["other"]) == []


def test_the_index_follows_edits_and_deletions(app, client, world):
    with app.app_context():
        argument = db.session.get(Argument, world["argument"])
        argument.claim = "Open sensor data builds confidence"
        db.session.commit()
    assert search(client, "trust") == []
    assert search(client, "confidence") == [("argument", world["argument"])]
    with app.app_context():
        db.session.delete(db.session.get(Argument, world["argument"]))
        db.session.commit()
    assert search(client, "confidence") == []
    assert search(client, "audit") == []


def test_snippets_mark_the_words_and_escape_the_text(app, client):
    with app.app_context():
        position = make_position(make_debate())
        make_argument(position, claim='Cameras <script>alert("x")</script> & lamps')
        db.session.commit()
    page = client.get("/search?q=lamps").get_data(as_text=True)
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; <mark>lamps</mark>" in page
    assert "<script>alert" not in page
    api = client.get("/api/v1/search?q=lamps").get_json()["results"][0]
    assert api["snippet"] == 'Cameras <script>alert("x")</script> & lamps'


def test_a_long_body_is_cut_around_the_match(app, client):
    with app.app_context():
        position = make_position(make_debate())
        make_argument(position, claim="Long", body="filler " * 200 + "needle here" + " tail" * 200)
        db.session.commit()
    snippet = client.get("/api/v1/search?q=needle").get_json()["results"][0]["snippet"]
    assert "needle here" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 300


def test_the_page_works_without_javascript_and_as_you_type(client, world):
    page = client.get("/search?q=trust")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "<html" in html and 'id="search-results"' in html
    assert 'hx-trigger="input changed delay:300ms, search"' in html
    assert "Open sensor data builds <mark>trust</mark>" in html
    fragment = client.get("/search?q=trust", headers={"HX-Request": "true"})
    body = fragment.get_data(as_text=True)
    assert "<html" not in body and body.lstrip().startswith('<section id="search-results"')
    boosted = client.get("/search?q=trust", headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert "<html" in boosted.get_data(as_text=True)
    assert client.get("/search").status_code == 200


BAD_QUERIES = [
    "x" * 10_000,
    '"',
    '""',
    "-",
    "- - OR OR",
    "or",
    "&|!<>():*",
    "' OR 1=1 --",
    "'; DROP TABLE arguments; --",
    "%_%",
    "\\",
    "NEAR(a b)",
    "a:b",
    '"unterminated phrase',
    "*",
    "^",
    "<script>alert(1)</script>",
    "🙂🙂",
    "\u202e\u200b",
    "Ω≈ç√∫˜µ≤≥÷",
    "١٢٣",
    "null",
    "undefined",
    "{{7*7}}",
    "${7*7}",
    "a" * 200,
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_queries_give_results_or_a_clear_message(client, world, query):
    page = client.get("/search", query_string={"q": query})
    api = client.get("/api/v1/search", query_string={"q": query})
    assert page.status_code in (200, 422)
    assert api.status_code in (200, 400)
    if page.status_code == 422:
        assert 'role="alert"' in page.get_data(as_text=True)
        assert api.status_code == 400 and api.get_json()["error"]["message"]
    else:
        assert isinstance(api.get_json()["results"], list)


def test_a_long_query_is_refused_beside_the_box(client, world):
    page = client.get("/search", query_string={"q": "x" * 10_000})
    assert page.status_code == 422
    assert "Search for at most 200 characters." in page.get_data(as_text=True)
    api = client.get("/api/v1/search", query_string={"q": "x" * 10_000})
    assert api.get_json()["error"]["message"] == "Search for at most 200 characters."


def test_an_unknown_kind_or_page_is_refused_by_the_api(client, world):
    assert client.get("/api/v1/search?q=trust&kind=users").status_code == 400
    assert client.get("/api/v1/search?q=trust&page=0").status_code == 400
    assert client.get("/api/v1/search?q=trust&page=11").status_code == 400
    assert client.get("/search?q=trust&kind=users").status_code == 200


def test_results_are_paged(app, client):
    with app.app_context():
        position = make_position(make_debate())
        for number in range(25):
            make_argument(position, claim=f"Lanterns light street {number}")
        db.session.commit()
    first = client.get("/api/v1/search?q=lanterns").get_json()
    second = client.get("/api/v1/search?q=lanterns&page=2").get_json()
    assert (first["total"], len(first["results"]), first["has_more"]) == (25, 20, True)
    assert (len(second["results"]), second["has_more"]) == (5, False)
    assert not {hit["id"] for hit in first["results"]} & {hit["id"] for hit in second["results"]}
    page = client.get("/search?q=lanterns").get_data(as_text=True)
    assert "25 results" in page and 'rel="next"' in page


def test_searching_costs_the_same_queries_however_much_is_found(app, client, count_queries):
    with app.app_context():
        position = make_position(make_debate())
        make_argument(position, claim="Bicycles first")
        db.session.commit()
    few = count_queries(lambda: client.get("/api/v1/search?q=bicycles"))
    with app.app_context():
        position = make_position(make_debate())
        for number in range(30):
            argument = make_argument(position, claim=f"Bicycles lane {number}")
            make_evidence(argument, title=f"Bicycles count {number}")
        db.session.commit()
    assert count_queries(lambda: client.get("/api/v1/search?q=bicycles")) == few


# Visibility: everything a person may not read is neither shown nor counted.


def all_found(client, query: str) -> str:
    """Return the API's results and the page's results (not the query it repeats) as one
    lower-cased text."""
    api = client.get("/api/v1/search", query_string={"q": query}).get_json()["results"]
    page = client.get("/search", query_string={"q": query}).get_data(as_text=True)
    hits = page.partition('<ol class="search-hits">')[2].partition("</ol>")[0]
    return (str(api) + hits).lower()


@pytest.mark.parametrize("who", [None, "participant", "author", "replier", "moderator", "owner"])
def test_search_never_shows_unshown_contributions(app, who):
    ids = build_world(app)
    client = client_of(app, ids[who] if who else None)
    for secret in SECRETS:
        found = client.get("/api/v1/search", query_string={"q": secret}).get_json()
        assert found["results"] == [] and found["total"] == 0, (who, secret)
    text = all_found(client, " OR ".join(SECRETS))
    assert [word for word in SECRETS if word in text] == []
    # "cameras" is in a passage, the position, and the claims of 1, 1.1 and 2, which everyone
    # may read; the seven unshown claims and sources that hold it are not counted.
    found = client.get("/api/v1/search?q=cameras").get_json()
    assert found["total"] == 5
    assert {(hit["kind"], hit["id"]) for hit in found["results"]} >= {
        ("position", ids["position"]), ("argument", ids["shown"]),
        ("argument", ids["shown_reply"]), ("argument", ids["unsupported"])}


def test_withdrawn_arguments_are_not_found(app, client):
    with app.app_context():
        argument = make_argument(make_position(make_debate()), claim="Lichen grows on walls")
        argument.withdrawn_at = argument.created_at
        db.session.commit()
    assert search(client, "lichen") == []


@pytest.mark.parametrize(
    "settings",
    [
        {"visibility": Visibility.MEMBERS},
        {"visibility": Visibility.UNLISTED},
        {"status": DebateStatus.DRAFT},
    ],
)
def test_unlisted_members_only_and_draft_debates_are_not_found(app, settings):
    with app.app_context():
        outsider = make_user()
        debate = make_debate()
        argument = make_argument(make_position(debate, statement="Heliotrope statement"),
                                 claim="Heliotrope claim")
        make_evidence(argument, title="Heliotrope source")
        for name, value in settings.items():
            setattr(debate, name, value)
        db.session.commit()
        outsider_id = outsider.id
    for client in (client_of(app), client_of(app, outsider_id)):
        assert client.get("/api/v1/search?q=heliotrope").get_json()["total"] == 0
        assert "heliotrope" not in all_found(client, "heliotrope")


def test_members_find_their_members_only_debate(app):
    with app.app_context():
        member = make_user()
        debate = make_debate()
        add_member(debate, member, Role.PARTICIPANT)
        make_argument(make_position(debate), claim="Marigold claim")
        debate.visibility = Visibility.MEMBERS
        db.session.commit()
        member_id = member.id
    assert search(client_of(app, member_id), "marigold") != []


def test_pending_items_of_a_premoderated_debate_are_not_found_even_by_their_author(app):
    with app.app_context():
        author = make_user()
        argument = make_argument(make_position(make_debate()), author, claim="Begonia claim")
        argument.moderation = ModerationState.PENDING
        db.session.commit()
        author_id = author.id
    assert search(client_of(app, author_id), "begonia") == []


@pytest.mark.postgresql
def test_making_the_index_in_another_schema_leaves_the_first_schemas_index(app):
    """Tables made in a schema of their own, with public behind it on the search path, drop
    and build only their own search index, never the one public's tables are kept by."""
    from sqlalchemy import text

    from app.search.schema import drop_index

    with app.app_context(), db.engine.connect() as connection:
        home = connection.execute(text("SELECT current_schema()")).scalar()
        connection.execute(text('CREATE SCHEMA "agora_search_elsewhere"'))
        connection.execute(text(f'SET LOCAL search_path = "agora_search_elsewhere", "{home}"'))
        drop_index(connection)
        kept = connection.execute(text(
            "SELECT to_regclass(:table), to_regprocedure(:function)"
        ), {"table": f'"{home}".search_entries',
            "function": f'"{home}".search_index_arguments()'}).one()
        connection.rollback()
    assert None not in kept
