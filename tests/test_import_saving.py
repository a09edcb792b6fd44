"""Save imported debates: the tree, links, sources, imported authors, long claims, the CLI."""

import json
from pathlib import Path

from sqlalchemy import func, select

from app.debates.importing import import_debate
from app.extensions import db
from app.imports import read_debate
from app.models import Argument, Debate, DebateStatus, Evidence, Position
from tests.factories import make_material, make_user

FIXTURES = Path(__file__).parent / "fixtures" / "imports"

KIALO = """Discussion Title: Cameras on every street

1. Cities should put cameras on every street.
1.1. Pro: Cameras deter theft [1].
1.1.1. Con: Theft moves to the next street.
1.2. Con: Cameras record everyone who passes.
1.2.1. Pro: -> See 1.1.1.
1.3. Con: {long}

Sources:
[1] https://example.org/study
"""


def kialo(long_claim: str = "Short enough.") -> str:
    return KIALO.replace("{long}", long_claim)


def test_an_import_saves_the_tree_with_sides_depths_and_paths(app_ctx):
    owner = make_user()
    saved = import_debate(read_debate(kialo()), owner)
    db.session.commit()
    debate = db.session.get(Debate, saved.debate.id)
    assert debate.owner_id == owner.id and debate.status == DebateStatus.DRAFT
    assert [p.statement for p in debate.positions] == [
        "Cities should put cameras on every street."]
    rows = db.session.execute(
        select(Argument.path, Argument.side, Argument.depth, Argument.supports_position,
               Argument.claim).order_by(Argument.path)).all()
    assert [(r.path, r.side.value, r.depth, r.supports_position) for r in rows] == [
        ("00001", "pro", 1, True), ("00001.00001", "con", 2, False),
        ("00002", "con", 1, False), ("00002.00001", "pro", 2, False),
        ("00003", "con", 1, False)]
    assert saved.report()["arguments"] == 5 and saved.report()["links"] == 1


def test_a_link_points_at_its_target_and_shows_its_claim(app_ctx):
    saved = import_debate(read_debate(kialo()), make_user())
    link = db.session.scalar(select(Argument).where(Argument.link_to_id.is_not(None)))
    assert link.link_to.claim == "Theft moves to the next street."
    assert link.side.value == "pro" and link.parent.claim == "Cameras record everyone who passes."
    assert saved.links == 1


def test_a_source_becomes_evidence_on_its_argument(app_ctx):
    import_debate(read_debate(kialo()), make_user())
    evidence = db.session.scalars(select(Evidence)).all()
    assert [(e.url, e.argument.claim) for e in evidence] == [
        ("https://example.org/study", "Cameras deter theft.")]


def test_a_long_claim_is_shortened_with_its_whole_text_in_the_body_and_reported(app_ctx):
    long_claim = "Every camera costs money " * 30
    saved = import_debate(read_debate(kialo(long_claim)), make_user())
    argument = db.session.scalar(select(Argument).where(Argument.path == "00003"))
    assert len(argument.claim) <= 280 and argument.claim.endswith("…")
    assert argument.body.startswith(long_claim.strip())
    assert any("shortened" in problem.message and problem.line for problem in saved.problems)


def test_imported_authors_are_names_not_accounts(app_ctx):
    csv = ("path,side,claim,body,evidence_url,author\n1,,A thesis.,,,\n"
           "1.1,pro,A reason.,,,Ada Lovelace\n")
    owner = make_user()
    import_debate(read_debate(csv), owner)
    argument = db.session.scalar(select(Argument))
    assert argument.author_id is None and argument.imported_author == "Ada Lovelace"
    assert argument.author_name == "Ada Lovelace"


def test_a_link_to_a_position_is_saved_as_an_argument_quoting_it(app_ctx):
    csv = "path,side,claim,body,evidence_url\n1,,A thesis.,,\n1.1,pro,A reason.,,\n" \
          "1.1.1,con,-> See 1,,\n"
    saved = import_debate(read_debate(csv), make_user())
    quoting = db.session.scalar(select(Argument).where(Argument.depth == 2))
    assert quoting.claim == "A thesis." and quoting.link_to_id is None
    assert any("names a position" in problem.message for problem in saved.problems)


def test_unconnected_claims_go_to_an_unplaced_position(app_ctx):
    saved = import_debate(read_debate((FIXTURES / "aif_plain.json").read_bytes()), make_user())
    statements = [p.statement for p in saved.debate.positions]
    assert statements[-1].startswith("Unplaced")


def test_an_import_can_be_attached_to_a_material_and_opened(app_ctx):
    material = make_material()
    saved = import_debate(read_debate(kialo()), make_user(), material=material, open_now=True)
    assert saved.debate.material_id == material.id and saved.debate.is_open


def test_the_cli_imports_a_file_and_ends_with_its_json_report(app, tmp_path):
    with app.app_context():
        make_user(username="teacher")
        db.session.commit()
    path = tmp_path / "cameras.txt"
    path.write_text(kialo())
    result = app.test_cli_runner().invoke(
        args=["import-debate", str(path), "--owner", "teacher", "--open"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output.strip().splitlines()[-1])
    assert {key: report[key] for key in ("positions", "arguments", "links", "evidence")} == {
        "positions": 1, "arguments": 5, "links": 1, "evidence": 1}
    with app.app_context():
        assert db.session.get(Debate, report["debate"]).is_open


def test_the_cli_refuses_a_bad_file_and_saves_nothing(app, tmp_path):
    with app.app_context():
        make_user(username="teacher")
        db.session.commit()
    path = tmp_path / "bad.bin"
    path.write_bytes(b"\x00\x01\x02binary")
    result = app.test_cli_runner().invoke(args=["import-debate", str(path), "--owner", "teacher"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    with app.app_context():
        assert db.session.scalar(select(func.count(Position.id))) == 0
        assert db.session.scalar(select(func.count(Debate.id))) == 0


def test_withdrawing_a_linked_argument_archives_it_so_the_link_stays(app_ctx):
    from app.arguments.services import withdraw_argument

    saved = import_debate(read_debate(kialo()), make_user(), open_now=True)
    link = db.session.scalar(select(Argument).where(Argument.link_to_id.is_not(None)))
    target = link.link_to
    target.author = saved.debate.owner
    assert withdraw_argument(target, saved.debate.owner) is True
    assert db.session.get(Argument, link.id) is not None


def linked_debate(app, links: int) -> str:
    """Import a position with 10 claims, and another with the given number of links to them,
    so that no target is already loaded where the links are read."""
    from app.imports import ImportedArgument, ImportedDebate, ImportedPosition

    claims = [ImportedArgument(key=f"c{n}", side="pro", claim=f"Claim {n} stands alone.")
              for n in range(10)]
    linked = [ImportedArgument(key=f"l{n}", side="con", claim="", link_to=f"c{n % 10}")
              for n in range(links)]
    with app.app_context():
        saved = import_debate(ImportedDebate(title="Links", positions=[
            ImportedPosition(key="t", statement="Claims stand here.", arguments=claims),
            ImportedPosition(key="u", statement="Links cost nothing extra.", arguments=linked),
        ]), make_user(), open_now=True)
        db.session.commit()
        position = saved.debate.positions[1]
        return f"/debates/{saved.debate.id}/positions/{position.id}", position.id


def test_pages_and_the_api_read_links_in_the_same_number_of_queries_however_many(
        app, client, count_queries):
    counts = []
    for links in (1, 10):
        page, position_id = linked_debate(app, links)
        counts.append((count_queries(lambda page=page: client.get(page)),
                       count_queries(lambda p=position_id: client.get(f"/api/v1/positions/{p}"))))
    assert counts[0] == counts[1]
    assert "Claim 3 stands alone." in client.get(page).get_data(as_text=True)
