"""Check that the demo loads a usable debate and that loading it again changes nothing."""

from sqlalchemy import func, select

from app.demo import read_demo
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
