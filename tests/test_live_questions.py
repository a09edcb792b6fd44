"""Check that audience questions wait in the debate's review queue and what moderating them does."""

from sqlalchemy import select

from app.extensions import db
from app.models import LiveQuestion, ModerationAction
from tests.test_live_pages import hall, joined_phone, new_event  # noqa: F401


def ask(app, event, body):
    phone = joined_phone(app, event.join_code)
    assert phone.post(f"/live/{event.id}/phone/questions", data={"body": body}).status_code == 303
    with app.app_context():
        return phone, db.session.scalar(select(LiveQuestion.id).where(LiveQuestion.body == body))


def test_a_pending_question_waits_in_the_review_queue_and_approval_shows_it(app, hall):  # noqa: F811
    event = new_event(app, hall)
    phone, question = ask(app, event, "What about deliveries?")
    organiser = hall["organiser"]
    queue = organiser.get(f"/debates/{hall['debate']}/queue").get_data(as_text=True)
    assert f'id="queue-question-{question}"' in queue and "What about deliveries?" in queue

    response = organiser.post(f"/debates/{hall['debate']}/queue/question/{question}",
                              data={"action": "approve", "reason": ""})

    assert response.status_code in (302, 303)
    queue = organiser.get(f"/debates/{hall['debate']}/queue").get_data(as_text=True)
    assert f'id="queue-question-{question}"' not in queue
    assert "What about deliveries?" in phone.get(f"/live/{event.id}/phone").get_data(as_text=True)
    log = organiser.get(f"/debates/{hall['debate']}/log").get_data(as_text=True)
    assert "audience question at “Cars on trial”" in log


def test_a_rejected_question_is_gone_and_the_log_keeps_no_word_of_it(app, hall):  # noqa: F811
    event = new_event(app, hall)
    phone, question = ask(app, event, "Insulting nonsense here")
    organiser = hall["organiser"]
    url = f"/debates/{hall['debate']}/queue/question/{question}"

    refused = organiser.post(url, data={"action": "reject", "reason": ""}, follow_redirects=True)
    assert "Give a reason" in refused.get_data(as_text=True)

    organiser.post(url, data={"action": "reject", "reason": "Rude"})

    with app.app_context():
        assert db.session.get(LiveQuestion, question) is None
        entry = db.session.scalar(select(ModerationAction).where(
            ModerationAction.target_kind == "question"))
        assert entry.action == "reject" and entry.reason == "Rude"
    log = app.test_client().get(f"/debates/{hall['debate']}/log").get_data(as_text=True)
    assert "Insulting nonsense" not in log and "Rude" in log
    page = phone.get(f"/live/{event.id}/phone").get_data(as_text=True)
    assert "Insulting nonsense" not in page


def test_only_the_debate_s_moderators_act_on_its_questions(app, hall):  # noqa: F811
    event = new_event(app, hall)
    _phone, question = ask(app, event, "Who pays for the buses?")
    stranger = app.test_client()
    response = stranger.post(f"/debates/{hall['debate']}/queue/question/{question}",
                             data={"action": "approve"})
    assert response.status_code in (302, 401, 403, 404)
    assert organiser_cannot_reach_through_another_debate(app, hall, question)
    with app.app_context():
        assert not db.session.get(LiveQuestion, question).approved


def organiser_cannot_reach_through_another_debate(app, hall, question):  # noqa: F811
    from tests.factories import make_debate
    with app.app_context():
        from app.models import User
        other = make_debate(owner=db.session.get(User, hall["owner"]))
        db.session.commit()
        other_id = other.id
    response = hall["organiser"].post(f"/debates/{other_id}/queue/question/{question}",
                                      data={"action": "approve"})
    return response.status_code == 404


def test_the_console_ranks_approved_questions_by_upvotes_first(app, hall):  # noqa: F811
    event = new_event(app, hall)
    organiser = hall["organiser"]
    _, low = ask(app, event, "First but quiet question")
    voter, high = ask(app, event, "Second and popular question")
    ask(app, event, "Still waiting question")
    for question in (low, high):
        organiser.post(f"/debates/{hall['debate']}/queue/question/{question}",
                       data={"action": "approve"})
    voter.post(f"/live/{event.id}/phone/questions/{high}/upvote")
    console = organiser.get(f"/live/{event.id}/console").get_data(as_text=True)
    assert (console.index("Second and popular") < console.index("First but quiet")
            < console.index("Still waiting"))
    assert f"/debates/{hall['debate']}/queue" in console


def test_an_evening_can_take_votes_only_from_signed_in_accounts(app, hall):  # noqa: F811
    from tests.factories import make_user
    from tests.test_live_pages import act
    from tests.worlds import client_of

    event = new_event(app, hall)
    organiser = hall["organiser"]
    anonymous = joined_phone(app, event.join_code)
    assert organiser.post(f"/live/{event.id}/accounts", data={"required": "1"}).status_code == 303
    assert "Let any phone vote" in organiser.get(f"/live/{event.id}/setup").get_data(as_text=True)
    act(organiser, event.id, "open_pre", event.version + 1)

    page = anonymous.get(f"/live/{event.id}/phone").get_data(as_text=True)
    assert "takes votes only from signed-in accounts" in page
    refused = anonymous.post(f"/live/{event.id}/phone/vote",
                             data={"vote": "pre", "choice": "for"})
    assert refused.status_code == 403
    assert "signed-in accounts" in refused.get_data(as_text=True)
    api = app.test_client().post("/api/v1/live/join", json={"code": event.join_code}).get_json()
    answer = app.test_client().post(f"/api/v1/live/{event.id}/vote",
                                    headers={"Authorization": f"Bearer {api['token']}"},
                                    json={"vote": "pre", "choice": "for"})
    assert answer.status_code == 403 and "signed-in accounts" in answer.get_json()["error"][
        "message"]

    with app.app_context():
        member = make_user()
        db.session.commit()
        member_id = member.id
    signed_in = client_of(app, member_id)
    for _ in range(2):  # joining twice keeps one phone, so one vote, per account
        assert signed_in.post("/live/join", data={"code": event.join_code}).status_code == 303
        assert signed_in.post(f"/live/{event.id}/phone/vote",
                              data={"vote": "pre", "choice": "against"}).status_code == 303
    with app.app_context():
        from app.models import LiveVote
        votes = db.session.scalars(select(LiveVote)).all()
        assert [vote.choice.value for vote in votes] == ["against"]

    organiser.post(f"/live/{event.id}/accounts", data={"required": "0"})
    assert anonymous.post(f"/live/{event.id}/phone/vote",
                          data={"vote": "pre", "choice": "for"}).status_code == 303
