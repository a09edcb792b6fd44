"""Check that the demo loads a usable debate and that loading it again changes nothing."""

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from app.demo import DEMO_FILE, DemoDataError, read_demo
from app.extensions import db
from app.models import Argument, Debate, Material, Passage, PassageKind, Position, User

COUNTED = (User, Material, Passage, Debate, Position, Argument)
DEMO = read_demo()


def row_counts() -> dict[str, int]:
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in COUNTED
    }


def load_demo(app):
    """Run `flask load-demo` as the command line does, inside an app context."""
    with app.app_context():
        return app.test_cli_runner().invoke(args=["load-demo"])


def test_loading_the_demo_twice_changes_nothing_the_second_time(app):
    first = load_demo(app)
    with app.app_context():
        after_first = row_counts()

    second = load_demo(app)
    with app.app_context():
        after_second = row_counts()

    assert first.exit_code == 0, first.output
    assert "Demo loaded." in first.output
    assert second.exit_code == 0, second.output
    assert "Demo already present; nothing changed." in second.output
    assert after_second == after_first
    assert after_first["Material"] == after_first["Debate"] == 1
    assert after_first["User"] == len(DEMO["users"])


def test_demo_debate_is_open_with_positions_anchored_to_their_quotes(app, client):
    load_demo(app)

    with app.app_context():
        debate = db.session.scalar(select(Debate))
        assert debate.is_open
        assert debate.title == DEMO["debate"]["title"]
        assert len(debate.positions) >= 8
        for position in debate.positions:
            assert position.anchors, position.statement
            for anchor in position.anchors:
                assert anchor.passage.material_id == debate.material_id
                assert anchor.quote in anchor.passage.text, position.statement
        debate_id, statements = debate.id, [position.statement for position in debate.positions]

    page = client.get(f"/debates/{debate_id}").text
    assert all(statement in page for statement in statements)


def test_demo_material_has_headings_paragraphs_and_list_items(app, client):
    load_demo(app)

    with app.app_context():
        material = db.session.scalar(select(Material))
        kinds = {passage.kind for passage in material.passages}
        first_heading = material.passages[0]
        material_id = material.id

    assert kinds == {PassageKind.HEADING, PassageKind.PARAGRAPH, PassageKind.LIST_ITEM}
    assert (first_heading.kind, first_heading.text) == (PassageKind.HEADING, "Overview")
    page = client.get(f"/materials/{material_id}").text
    assert DEMO["material"]["title"] in page
    assert 'class="citation-marker"' in page


def demo_arguments(nodes, statement: str, parent: str | None = None, supports: bool = True):
    """Walk the data file's argument trees: (statement, parent claim, node, supports) each."""
    for node in nodes:
        # A pro reply sides with its parent, a con reply turns against it.
        supporting = supports if node["side"] == "pro" else not supports
        yield statement, parent, node, supporting
        yield from demo_arguments(node["replies"], statement, node["claim"], supporting)


EXPECTED = [
    entry
    for position in DEMO["positions"]
    for entry in demo_arguments(position["arguments"], position["statement"])
]


def posted_arguments() -> dict[tuple[str, str], Argument]:
    """Map (position statement, claim) to each argument the demo posted."""
    return {
        (argument.position.statement, argument.claim): argument
        for argument in db.session.scalars(select(Argument))
    }


def test_demo_raises_the_positions_and_arguments_of_the_data_file_in_its_trees(app):
    load_demo(app)

    with app.app_context():
        debate = db.session.scalar(select(Debate))
        posted = posted_arguments()
        assert [position.statement for position in debate.positions] == [
            position["statement"] for position in DEMO["positions"]
        ]
        for position in debate.positions:
            in_file = [entry for entry in EXPECTED if entry[0] == position.statement]
            in_db = [key for key in posted if key[0] == position.statement]
            assert len(in_db) == len(in_file), position.statement
        assert len(posted) == len(EXPECTED) > len(DEMO["positions"])
        for statement, parent, node, supports in EXPECTED:
            argument = posted[statement, node["claim"]]
            assert (argument.parent.claim if argument.parent else None) == parent
            assert argument.supports_position is supports, node["claim"]
            assert argument.body == node["body"]
            assert [(e.kind, e.title, e.url, e.excerpt) for e in argument.evidence] == [
                (e["kind"], e["title"], e["url"], e["excerpt"]) for e in node["evidence"]
            ]


def test_demo_credits_each_argument_to_the_user_the_data_file_names(app):
    load_demo(app)

    with app.app_context():
        debate = db.session.scalar(select(Debate))
        assert debate.owner.username == DEMO["debate"]["owner"]
        posted = posted_arguments()
        authors = {node["author"] for _, _, node, _ in EXPECTED}
        assert authors == set(DEMO["users"])
        for statement, _, node, _ in EXPECTED:
            author = posted[statement, node["claim"]].author
            assert author.username == node["author"], node["claim"]
            assert author.display_name == DEMO["users"][node["author"]]


def broken_copy(tmp_path: Path, break_it) -> Path:
    """Write a copy of the demo data file with one mistake made by `break_it`."""
    data = yaml.safe_load(DEMO_FILE.read_text(encoding="utf-8"))
    break_it(data)
    path = tmp_path / DEMO_FILE.name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def test_an_unknown_author_is_refused_naming_the_position_and_claim(tmp_path):
    def misname_a_reply_author(data):
        data["positions"][1]["arguments"][0]["replies"][0]["author"] = "nobody"

    path = broken_copy(tmp_path, misname_a_reply_author)
    position = DEMO["positions"][1]
    reply = position["arguments"][0]["replies"][0]

    with pytest.raises(DemoDataError) as refused:
        read_demo(path)

    message = str(refused.value)
    assert f'position "{position["statement"]}"' in message
    assert f'argument "{reply["claim"]}"' in message
    assert f'author "nobody" is not one of the users ({", ".join(DEMO["users"])})' in message


@pytest.mark.parametrize(
    ("break_it", "complaint"),
    [
        (
            lambda data: data["positions"][0]["arguments"][0].update(side="neutral"),
            'side "neutral" must be pro or con',
        ),
        (
            lambda data: data["positions"][0]["arguments"][0]["evidence"][0].update(kind="blog"),
            'evidence 1: kind "blog" must be',
        ),
        (
            lambda data: data["positions"][0]["arguments"][0].update(
                reply=data["positions"][0]["arguments"][0].pop("replies")
            ),
            "unknown key 'reply'; expected side, author, claim, body, evidence, replies",
        ),
        (
            lambda data: data["positions"][2].pop("quote"),
            "debate.yaml, position 3: missing quote",
        ),
        (
            lambda data: data["debate"].update(owner="someone_else"),
            'debate.yaml, debate: owner "someone_else" is not one of the users',
        ),
    ],
    ids=["side", "evidence kind", "misspelt key", "missing quote", "unknown owner"],
)
def test_a_malformed_data_file_is_refused_saying_what_is_wrong(tmp_path, break_it, complaint):
    path = broken_copy(tmp_path, break_it)

    with pytest.raises(DemoDataError) as refused:
        read_demo(path)

    assert complaint in str(refused.value)


def test_a_quote_missing_from_the_briefing_stops_the_load_and_leaves_nothing_behind(
    app, tmp_path, monkeypatch
):
    def misquote(data):
        data["positions"][4]["quote"] = "words the briefing never says"

    monkeypatch.setattr("app.demo.DEMO_FILE", broken_copy(tmp_path, misquote))

    result = load_demo(app)

    statement = DEMO["positions"][4]["statement"]
    assert result.exit_code == 1
    assert (
        f'Error: debate.yaml, position "{statement}": quote not found in briefing.md: '
        '"words the briefing never says"'
    ) in result.output
    with app.app_context():
        assert set(row_counts().values()) == {0}
