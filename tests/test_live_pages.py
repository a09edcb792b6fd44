"""Check the pages of a live evening: setup, console, projector, phones, results, stream."""

import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Debate, LiveEvent, LiveQuestion, LiveVote, Position
from tests.factories import make_argument, make_debate, make_position, make_user
from tests.worlds import client_of


@pytest.fixture
def hall(app):
    """An owner signed in on a debate with a motion and an argument on it."""
    with app.app_context():
        owner = make_user()
        debate = make_debate(owner=owner)
        position = make_position(debate, statement="Cities should ban cars from their centres")
        argument = make_argument(position, claim="Clean air saves lives")
        db.session.commit()
        ids = {"debate": debate.id, "position": position.id, "argument": argument.id,
               "owner": owner.id}
    ids["organiser"] = client_of(app, ids["owner"])
    return ids


def new_event(app, hall) -> LiveEvent:
    organiser = hall["organiser"]
    response = organiser.post(f"/debates/{hall['debate']}/events/new", data={
        "position": hall["position"], "title": "Cars on trial",
        "phases": "Pre-vote | 10\nDebate | 30\nPost-vote | 5\nResults | 5",
    })
    assert response.status_code == 303, response.get_data(as_text=True)
    with app.app_context():
        event = db.session.scalar(select(LiveEvent))
        db.session.expunge(event)
        return event


def act(client, event_id, action, version, value=""):
    return client.post(f"/live/{event_id}/console/actions",
                       data={"action": action, "version": version, "value": value})


def version_of(app, event_id):
    with app.app_context():
        return db.session.get(LiveEvent, event_id).version


def joined_phone(app, code):
    phone = app.test_client()
    response = phone.post("/live/join", data={"code": code.lower()})
    assert response.status_code == 303
    return phone


def test_the_setup_form_offers_the_oxford_template_and_refuses_bad_schedules(app, hall):
    organiser = hall["organiser"]
    page = organiser.get(f"/debates/{hall['debate']}/events/new").get_data(as_text=True)
    assert "Opening statements | 28" in page and "Post-vote | 5" in page

    response = organiser.post(f"/debates/{hall['debate']}/events/new", data={
        "position": hall["position"], "title": "Bad", "phases": "Debate | forever"})

    assert response.status_code == 422
    assert "minutes must be a whole number" in response.get_data(as_text=True)
    response = organiser.post(f"/debates/{hall['debate']}/events/new", data={
        "position": 999999, "title": "Bad", "phases": "Debate | 4"})
    assert response.status_code == 422


def test_an_organiser_adds_speakers_and_reorders_the_schedule(app, hall):
    event = new_event(app, hall)
    organiser = hall["organiser"]
    response = organiser.post(f"/live/{event.id}/speakers", data={
        "name": "Ada Green", "side": "for", "bio": "Planner", "argument": hall["argument"]})
    assert response.status_code == 303
    response = organiser.post(f"/live/{event.id}/schedule", data={
        "phases": "Debate | 30\nPre-vote | 10", "version": version_of(app, event.id)})
    assert response.status_code == 303
    stale = organiser.post(f"/live/{event.id}/schedule", data={
        "phases": "Debate | 30", "version": 1})
    assert stale.status_code == 422
    assert "Someone changed the event first" in stale.get_data(as_text=True)
    page = organiser.get(f"/live/{event.id}/setup").get_data(as_text=True)
    assert "Ada Green" in page and "Debate | 30\nPre-vote | 10" in page


def test_two_next_phase_clicks_with_one_version_move_once(app, hall):
    event = new_event(app, hall)
    organiser = hall["organiser"]

    first = act(organiser, event.id, "next", 1)
    second = act(organiser, event.id, "next", 1)

    assert first.status_code == 303 and second.status_code == 303
    page = organiser.get(f"/live/{event.id}/console").get_data(as_text=True)
    assert "Someone changed the event first" in page
    with app.app_context():
        assert db.session.get(LiveEvent, event.id).current_phase == 1
    fragment = organiser.post(f"/live/{event.id}/console/actions", headers={"HX-Request": "true"},
                              data={"action": "next", "version": 1})
    assert fragment.status_code == 409


def test_console_actions_refuse_nonsense_with_a_4xx(app, hall):
    event = new_event(app, hall)
    organiser = hall["organiser"]
    assert act(organiser, event.id, "explode", 1).status_code == 422
    assert act(organiser, event.id, "jump", 1, "x").status_code == 422
    assert act(organiser, event.id, "jump", 1, "99").status_code == 422
    answer = organiser.post(f"/live/{event.id}/console/actions", data={"action": "next"})
    assert answer.status_code == 422
    assert act(organiser, event.id, "speaking", 1, "424242").status_code == 404


def test_the_evening_from_join_to_results(app, hall):
    event = new_event(app, hall)
    organiser = hall["organiser"]
    phones = [joined_phone(app, event.join_code) for _ in range(3)]
    assert "Pre-vote" in phones[0].get(f"/live/{event.id}/phone").get_data(as_text=True)

    act(organiser, event.id, "open_pre", version_of(app, event.id))
    for phone, choice in zip(phones, ("for", "against", "undecided"), strict=True):
        assert phone.post(f"/live/{event.id}/phone/vote",
                          data={"vote": "pre", "choice": choice}).status_code == 303
    page = phones[0].get(f"/live/{event.id}/phone").get_data(as_text=True)
    assert "Your vote: For" in page
    act(organiser, event.id, "open_post", version_of(app, event.id))
    for phone in phones:
        phone.post(f"/live/{event.id}/phone/vote", data={"vote": "post", "choice": "for"})
    act(organiser, event.id, "close", version_of(app, event.id))
    late = phones[0].post(f"/live/{event.id}/phone/vote", data={"vote": "post",
                                                                "choice": "against"})
    assert late.status_code == 409
    assert "closed" in late.get_data(as_text=True)
    act(organiser, event.id, "reveal", version_of(app, event.id))

    results = phones[1].get(f"/live/{event.id}/results")
    text = results.get_data(as_text=True)
    assert results.status_code == 200
    assert "For wins" in text and "<svg" in text
    assert re.search(r"<th scope=\"row\">Against</th><td>0</td><td>0</td><td>0</td>", text) is None
    projector = app.test_client().get(f"/live/{event.id}/projector").get_data(as_text=True)
    assert "For wins" in projector
    debate_page = app.test_client().get(f"/debates/{hall['debate']}").get_data(as_text=True)
    assert "Live evening: Cars on trial" in debate_page and "For wins" in debate_page


def test_a_phone_without_a_token_is_sent_to_join_and_cannot_vote(app, hall):
    event = new_event(app, hall)
    stranger = app.test_client()
    response = stranger.get(f"/live/{event.id}/phone")
    assert response.status_code == 303 and "/live/join" in response.headers["Location"]
    assert stranger.post(f"/live/{event.id}/phone/vote",
                         data={"vote": "pre", "choice": "for"}).status_code == 403
    assert stranger.post("/live/join", data={"code": "QQQQQQ"}).status_code == 404
    assert stranger.post("/live/join", data={"code": "abc"}).status_code == 422


def test_bad_phone_input_gets_a_4xx(app, hall):
    event = new_event(app, hall)
    phone = joined_phone(app, event.join_code)
    act(hall["organiser"], event.id, "open_pre", 1)
    assert phone.post(f"/live/{event.id}/phone/vote",
                      data={"vote": "pre", "choice": "maybe"}).status_code == 422
    assert phone.post(f"/live/{event.id}/phone/questions", data={"body": "x"}).status_code == 422
    assert phone.post(f"/live/{event.id}/phone/marks",
                      data={"argument": 1234, "kind": "convinced"}).status_code == 404
    assert phone.post(f"/live/{event.id}/phone/questions/9999/upvote").status_code == 404


def test_questions_wait_for_approval_then_rank_and_go_on_screen(app, hall):
    event = new_event(app, hall)
    asker, other = (joined_phone(app, event.join_code) for _ in range(2))
    assert asker.post(f"/live/{event.id}/phone/questions",
                      data={"body": "What about deliveries?"}).status_code == 303
    assert "What about deliveries?" not in other.get(f"/live/{event.id}/phone").get_data(
        as_text=True)
    with app.app_context():
        question = db.session.scalar(select(LiveQuestion)).id
    hall["organiser"].post(f"/live/{event.id}/questions/{question}/approve")
    other.post(f"/live/{event.id}/phone/questions/{question}/upvote")
    other.post(f"/live/{event.id}/phone/questions/{question}/upvote")
    page = other.get(f"/live/{event.id}/phone").get_data(as_text=True)
    assert "What about deliveries?" in page and "1 upvote" in page
    act(hall["organiser"], event.id, "question", version_of(app, event.id), str(question))
    projector = app.test_client().get(f"/live/{event.id}/projector").get_data(as_text=True)
    assert "What about deliveries?" in projector


def test_the_projector_shows_the_join_code_and_a_qr_code(app, hall):
    event = new_event(app, hall)
    viewer = app.test_client()
    page = viewer.get(f"/live/{event.id}/projector").get_data(as_text=True)
    assert event.join_code in page and "Pre-vote" in page
    qr = viewer.get(f"/live/{event.id}/qr.svg")
    assert qr.mimetype == "image/svg+xml" and b"<svg" in qr.data


def test_a_screen_that_connects_gets_the_whole_state_at_once(app, hall):
    event = new_event(app, hall)
    act(hall["organiser"], event.id, "next", 1)
    response = app.test_client().get(f"/live/{event.id}/stream?screen=projector",
                                     buffered=False)
    chunks = iter(response.response)
    first = "".join(
        chunk if isinstance(chunk, str) else chunk.decode() for chunk in (next(chunks),
                                                                         next(chunks)))
    assert response.mimetype == "text/event-stream"
    assert "event: state" in first and "Debate" in first
    response.close()


def whole_stream(client, url: str, **headers) -> str:
    """Read a stream to its end (a short one) as text."""
    response = client.get(url, headers=headers, buffered=False)
    return "".join(c if isinstance(c, str) else c.decode() for c in response.response)


def test_a_screen_whose_page_is_older_than_its_stream_fetches_what_changed(app, hall,
                                                                          monkeypatch):
    event = new_event(app, hall)
    phone = joined_phone(app, event.join_code)
    page = phone.get(f"/live/{event.id}/phone").get_data(as_text=True)
    stream_url = re.search(r'sse-connect="([^"]+)"', page)[1].replace("&amp;", "&")
    assert "seen=1" in stream_url
    monkeypatch.setitem(app.config, "LIVE_STREAM_SECONDS", 0.2)

    # The vote opens after the page was rendered, before its stream connected.
    act(hall["organiser"], event.id, "open_pre", 1)
    late = whole_stream(phone, stream_url)
    current = whole_stream(phone, stream_url, **{"Last-Event-ID": "2"})

    assert "event: state\nid: 2\n" in late and "event: changed\nid: 2\ndata: 2" in late
    assert "event: state\nid: 2\n" in current and "event: changed" not in current


def test_the_stream_refuses_strangers_to_the_console(app, hall):
    event = new_event(app, hall)
    assert app.test_client().get(f"/live/{event.id}/stream?screen=console").status_code == 403
    assert app.test_client().get(f"/live/{event.id}/stream?screen=x").status_code == 404


def test_who_voted_what_is_nowhere_on_the_pages(app, hall):
    event = new_event(app, hall)
    phone = joined_phone(app, event.join_code)
    act(hall["organiser"], event.id, "open_pre", 1)
    phone.post(f"/live/{event.id}/phone/vote", data={"vote": "pre", "choice": "against"})
    act(hall["organiser"], event.id, "reveal", version_of(app, event.id))
    with app.app_context():
        device = db.session.scalar(select(LiveVote.device_id))
    for url in (f"/live/{event.id}/results", f"/api/v1/live/{event.id}/results",
                f"/api/v1/live/{event.id}"):
        assert f"device-{device}" not in app.test_client().get(url).get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Debate, hall["debate"]) and db.session.get(Position,
                                                                          hall["position"])


def test_an_organiser_issues_tickets_shown_once_and_phones_need_one(app, hall):
    event = new_event(app, hall)
    page = hall["organiser"].post(f"/live/{event.id}/tickets", data={"count": 3})
    text = page.get_data(as_text=True)
    codes = re.findall(r"<li><code>([A-Z0-9]{8})</code></li>", text)
    assert page.status_code == 200 and len(codes) == 3
    assert codes[0] not in hall["organiser"].get(f"/live/{event.id}/setup").get_data(
        as_text=True)
    assert hall["organiser"].post(f"/live/{event.id}/tickets",
                                  data={"count": 0}).status_code == 422

    phone = app.test_client()
    refused = phone.post("/live/join", data={"code": event.join_code})
    assert refused.status_code == 422
    assert "needs a ticket" in refused.get_data(as_text=True)
    assert phone.post("/live/join", data={"code": event.join_code,
                                          "ticket": codes[0]}).status_code == 303
    again = app.test_client().post("/live/join", data={"code": event.join_code,
                                                       "ticket": codes[0]})
    assert again.status_code == 409 and "used already" in again.get_data(as_text=True)
