"""Export saved debates in every format, only what everyone may see, and import them back."""

import csv
import io
import json

import pytest
from flask_login import AnonymousUserMixin
from sqlalchemy import select

from app.arguments.votes import take_stance
from app.debates.exporting import EXPORTS, export_debate
from app.debates.importing import import_debate
from app.extensions import db
from app.imports import (
    ImportedArgument,
    ImportedDebate,
    ImportedEvidence,
    ImportedPosition,
    read_debate,
)
from app.models import (
    Argument,
    Debate,
    Evidence,
    ModerationState,
    Passage,
    PositionStance,
    Side,
    StanceChoice,
    User,
)
from tests.factories import make_argument, make_evidence, make_user

FORMATS = {"kialo": "kialo", "argdown": "argdown", "aif": "aif", "csv": "csv",
           "archive": "agora"}


def made_up_debate() -> ImportedDebate:
    """A debate with both sides, three levels, a link and sources."""
    def arg(key, side, claim, children=(), evidence=(), link_to=None):
        return ImportedArgument(key=key, side=side, claim=claim, children=list(children),
                                evidence=[ImportedEvidence(url=url, title="A study")
                                          for url in evidence], link_to=link_to)
    return ImportedDebate(title="Street cameras", positions=[
        ImportedPosition(key="t1", statement="Cities should put cameras on every street.",
                         arguments=[
                             arg("a", "pro", "Cameras deter theft.", evidence=[
                                 "https://example.org/study"], children=[
                                 arg("b", "con", "Theft moves to the next street.", children=[
                                     arg("c", "pro", "Then cameras go there too.")])]),
                             arg("d", "con", "Cameras record everyone.", children=[
                                 arg("e", "pro", "", link_to="b")]),
                         ]),
        ImportedPosition(key="t2", statement="Footage should be deleted after a week.",
                         arguments=[arg("f", "pro", "Old footage is rarely useful.")]),
    ])


def tree_of(debate_id: int) -> list:
    """Describe a saved debate's tree as a reader compares it: claims, sides, depth, links,
    sources."""
    debate = db.session.get(Debate, debate_id)
    shape = []
    for position in debate.positions:
        arguments = db.session.scalars(select(Argument).where(
            Argument.position_id == position.id).order_by(Argument.path)).all()
        shape.append((position.statement, [
            (argument.label, argument.depth, argument.side.value,
             argument.link_to.label if argument.link_to else argument.claim,
             argument.link_to is not None,
             sorted(e.url for e in argument.evidence if e.url))
            for argument in arguments]))
    return shape


@pytest.fixture
def saved(app):
    with app.test_request_context():
        owner = make_user()
        saved = import_debate(made_up_debate(), owner, open_now=True)
        db.session.commit()
        yield saved.debate.id


@pytest.mark.parametrize("name", EXPORTS)
def test_a_debate_exported_and_imported_again_has_the_same_tree(app, saved, name):
    with app.test_request_context():
        debate = db.session.get(Debate, saved)
        text = export_debate(debate, AnonymousUserMixin(), name)
        again = import_debate(read_debate(text.encode(), FORMATS[name]), make_user())
        db.session.commit()
        assert tree_of(again.debate.id) == tree_of(saved)
        assert again.links == 1 and again.evidence == 1


def test_the_archive_brings_back_material_anchors_bodies_authors_and_passages(app, saved):
    with app.test_request_context():
        debate = db.session.get(Debate, saved)
        argument = db.session.scalar(select(Argument).where(Argument.claim == "Cameras record "
                                                                              "everyone."))
        argument.body = "Faces, plates and **all**."
        argument.imported_author = "Ada"
        argument.author_id = None
        passage = debate.material.passages[1]
        make_evidence(argument, debate.owner, url=None, passage=passage, title="")
        db.session.commit()
        text = export_debate(debate, AnonymousUserMixin(), "archive")
        again = import_debate(read_debate(text.encode()), make_user())
        db.session.commit()
        copy = db.session.get(Debate, again.debate.id)
        assert [p.text for p in copy.material.passages] == [
            p.text for p in debate.material.passages]
        restored = db.session.scalar(select(Argument).where(
            Argument.position_id == copy.positions[0].id, Argument.claim == argument.claim))
        assert restored.body == argument.body and restored.author_name == "Ada"
        cited = db.session.scalar(select(Evidence).where(Evidence.argument_id == restored.id,
                                                         Evidence.passage_id.is_not(None)))
        assert db.session.get(Passage, cited.passage_id).number == passage.number


@pytest.mark.parametrize("name", EXPORTS)
def test_exports_leave_out_hidden_and_pending_content(app, saved, name):
    with app.test_request_context():
        debate = db.session.get(Debate, saved)
        position = debate.positions[0]
        hidden = make_argument(position, claim="A hidden claim nobody should read")
        make_argument(position, parent=hidden, claim="A reply under the hidden claim",
                      author=debate.owner)
        hidden.moderation = ModerationState.HIDDEN
        pending = make_argument(position, claim="A pending claim awaiting review",
                                side=Side.CON)
        pending.moderation = ModerationState.PENDING
        shown = db.session.scalar(select(Argument).where(Argument.claim == "Cameras deter "
                                                                           "theft."))
        secret = make_evidence(shown, debate.owner, url="https://example.org/secret-source")
        secret.moderation = ModerationState.HIDDEN
        db.session.commit()
        text = export_debate(debate, debate.owner, name)
    for words in ("hidden claim", "under the hidden", "pending claim", "secret-source"):
        assert words not in text
    assert "Cameras deter theft." in text


def test_the_csv_lists_authors_dates_ratings_and_source_counts(app, saved):
    with app.test_request_context():
        debate = db.session.get(Debate, saved)
        debate.hide_tallies_until_rated = False
        db.session.commit()
        rows = list(csv.DictReader(io.StringIO(
            export_debate(debate, AnonymousUserMixin(), "csv"))))
    first = next(row for row in rows if row["claim"] == "Cameras deter theft.")
    assert first["path"] == "1.1" and first["side"] == "pro" and first["author"]
    assert first["created"].endswith("Z") and first["evidence_count"] == "1"
    assert first["rating_count"] == "0"


def test_the_csv_counts_stances_on_each_position_row_and_names_nobody(app, saved):
    with app.test_request_context():
        debate = db.session.get(Debate, saved)
        position = debate.positions[0]
        for choice in (StanceChoice.FOR, StanceChoice.FOR, StanceChoice.AGAINST):
            take_stance(position, make_user(), choice)
        db.session.commit()
        text = export_debate(debate, AnonymousUserMixin(), "csv")
        voters = db.session.scalars(select(User.username).join(PositionStance)).all()
    rows = list(csv.DictReader(io.StringIO(text)))
    row = next(row for row in rows if row["claim"] == position.statement)
    assert (row["stance_for"], row["stance_against"], row["stance_undecided"]) == ("2", "1", "0")
    argument = next(row for row in rows if row["claim"] == "Cameras deter theft.")
    assert argument["stance_for"] == ""
    assert voters and not any(name in text for name in voters)


def test_the_archive_holds_votes_only_as_totals(app, saved):
    with app.test_request_context():
        archive = json.loads(export_debate(db.session.get(Debate, saved),
                                           AnonymousUserMixin(), "archive"))
    position = archive["positions"][0]
    assert set(position["stances"]) == {"for", "against", "undecided"}
    assert "ratings" not in json.dumps(archive) and "user_id" not in json.dumps(archive)


def test_the_debate_page_links_to_every_export_and_each_downloads(client, app, saved):
    page = client.get(f"/debates/{saved}").get_data(as_text=True)
    for name in EXPORTS:
        assert f"/debates/{saved}/export/{name}" in page
        answer = client.get(f"/debates/{saved}/export/{name}")
        assert answer.status_code == 200 and "attachment" in answer.headers[
            "Content-Disposition"]
    assert client.get(f"/debates/{saved}/export/pdf").status_code == 404


def test_a_draft_cannot_be_exported_by_someone_who_may_not_read_it(client, app):
    with app.app_context():
        saved = import_debate(made_up_debate(), make_user())
        db.session.commit()
        debate_id = saved.debate.id
    assert client.get(f"/debates/{debate_id}/export/kialo").status_code == 404
    assert client.get(f"/api/v1/debates/{debate_id}/export/kialo").status_code == 404
