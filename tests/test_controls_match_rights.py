"""Prove that every control a page shows works when pressed, and that what a page hides is
refused: the page and the service ask the same policy."""

import pytest

from app.extensions import db
from app.models import Argument, Debate, DebateStatus, Voters
from app.moderation.services import lock_branch
from tests.worlds import ACTORS, client_of, roles_world

# Applied once the world is built, since a closed debate takes no arguments to build it from.
SETTINGS = {
    "open": {},
    "closed": {"status": DebateStatus.CLOSED},
    "members vote": {"voters": Voters.MEMBERS},
    "locked branch": {},
}


def settle(app, w, setting: str) -> None:
    """Give the world's debate one of the settings above."""
    with app.app_context():
        debate = db.session.get(Debate, w.debate)
        for name, value in SETTINGS[setting].items():
            setattr(debate, name, value)
        if setting == "locked branch":
            lock_branch(db.session.get(Argument, w.argument), debate.owner, "Cooling off.")
        db.session.commit()


def controls(page: str, w) -> dict[str, bool]:
    """Read which of the argue, reply, evidence and rating controls a page offers."""
    return {
        "argue": f"/positions/{w.position}/arguments/new?side=pro" in page,
        "reply": f"parent={w.argument}&amp;side=pro" in page,
        "evidence": f"/arguments/{w.argument}/evidence/new" in page,
        "rate": f'action="/arguments/{w.argument}/rating"' in page,
    }


def press(client, w) -> dict[str, bool]:
    """Send each of those controls' requests and say which ones were accepted."""
    responses = {
        "argue": client.post(f"/positions/{w.position}/arguments/new",
                             data={"side": "pro", "claim": "Footage solved the burglary"}),
        "reply": client.post(f"/positions/{w.position}/arguments/new?parent={w.argument}",
                             data={"side": "pro", "claim": "Footage named the thief"}),
        "evidence": client.post(f"/arguments/{w.argument}/evidence/new",
                                data={"kind": "news", "url": "https://example.org/footage",
                                      "title": "Footage report", "passage": "0"}),
        "rate": client.post(f"/arguments/{w.argument}/rating", data={"score": "3"}),
    }
    return {name: response.status_code == 303 and "sign-in" not in response.location
            for name, response in responses.items()}


@pytest.mark.parametrize("setting", SETTINGS)
@pytest.mark.parametrize("actor", ACTORS)
def test_a_control_is_shown_exactly_when_pressing_it_works(app, actor, setting):
    w = roles_world(app)
    settle(app, w, setting)
    client = client_of(app, None if actor == "anonymous" else w.users[actor])
    position_page = client.get(f"/debates/{w.debate}/positions/{w.position}").text
    argument_page = client.get(f"/arguments/{w.argument}").text
    shown = controls(position_page, w) | {
        name: offered for name, offered in controls(argument_page, w).items() if name != "argue"
    }

    accepted = press(client, w)

    assert shown == accepted


def test_the_table_above_is_not_all_refusals_or_all_acceptances(app):
    w = roles_world(app)
    with app.app_context():
        assert db.session.get(Debate, w.debate).is_open
    participant = press(client_of(app, w.users["participant"]), w)
    viewer = press(client_of(app, w.users["viewer"]), w)

    assert all(participant.values())
    assert not any(viewer.values())
