"""Check the "where to contribute next" page: the guided rating walk and the three lists."""

from app.extensions import db
from app.models import Position, PositionStance, Side, StanceChoice, User
from tests.factories import make_argument
from tests.worlds import client_of, new_position, new_user


def world(app) -> dict:
    ids = new_position(app)
    me = new_user(app)
    with app.app_context():
        position = db.session.get(Position, ids["position"])
        author = db.session.get(User, me)
        pro = make_argument(position, claim="Cameras deter theft in stations", side=Side.PRO)
        con = make_argument(position, claim="Cameras chill lawful protest", side=Side.CON)
        make_argument(position, claim="Theft only moves elsewhere", side=Side.CON, parent=pro)
        mine = make_argument(position, author, claim="Lighting works as well as cameras",
                             side=Side.CON)
        db.session.add(PositionStance(position_id=position.id, user_id=me,
                                      stance=StanceChoice.FOR))
        db.session.commit()
        ids.update(me=me, pro=pro.id, con=con.id, mine=mine.id)
    return ids


def test_the_walk_offers_one_unrated_argument_and_moves_on_after_a_rating(app):
    w = world(app)
    client = client_of(app, w["me"])
    page = client.get(f"/debates/{w['debate']}/contribute")

    assert page.status_code == 200
    assert "3 arguments you have not rated." in page.text
    first = page.text.split('id="walk-argument"')[1].split("</article>")[0]
    assert "Cameras deter theft in stations" in first and "Strength" not in first
    rated = client.post(f"/arguments/{w['pro']}/rating",
                        data={"score": "3", "next": f"/debates/{w['debate']}/contribute"})
    assert rated.status_code == 303 and rated.location.endswith("/contribute")
    after = client.get(f"/debates/{w['debate']}/contribute")
    assert "2 arguments you have not rated." in after.text


def test_the_lists_name_the_other_side_one_sided_branches_and_own_unsupported(app):
    w = world(app)
    page = client_of(app, w["me"]).get(f"/debates/{w['debate']}/contribute").text

    other = page.split('id="other-side-title"')[1].split("</section>")[0]
    one_sided = page.split('id="one-sided-title"')[1].split("</section>")[0]
    evidence = page.split('id="evidence-title"')[1].split("</section>")[0]
    assert "Cameras chill lawful protest" in other
    assert "Cameras deter theft" not in other
    assert "Cameras deter theft in stations" in one_sided and "no support yet" in one_sided
    assert "Lighting works as well as cameras" in evidence


def test_the_page_is_for_people_signed_in(app):
    w = world(app)

    assert client_of(app).get(f"/debates/{w['debate']}/contribute").status_code == 302
