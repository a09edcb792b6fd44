"""Check backing arguments with web sources and passages, and the debate's evidence library."""

import re
import threading
from html import unescape

import pytest
from sqlalchemy import func, select

from app.arguments.services import attach_evidence
from app.errors import DomainError
from app.extensions import db
from app.models import Argument, Debate, DebateStatus, Evidence, EvidenceKind
from tests.factories import (
    make_argument,
    make_debate,
    make_evidence,
    make_material,
    make_position,
    make_user,
)
from tests.pages import field_error
from tests.worlds import new_argument

# Passage 2 of the factories' material.
PASSAGE_2 = "Cameras in the city match faces against identity records within seconds."


def stored_evidence(app) -> list[tuple]:
    with app.app_context():
        return db.session.execute(
            select(Evidence.argument_id, Evidence.kind, Evidence.url, Evidence.title)
            .order_by(Evidence.id)
        ).all()


def attach(client, argument_id: int, headers=None, **fields):
    """Send the evidence form as a browser would, unused fields blank."""
    data = {"kind": "research", "url": "", "passage": "0", "title": "", "excerpt": ""}
    data.update(fields)
    return client.post(
        f"/arguments/{argument_id}/evidence/new", data=data, headers=headers or {}
    )


# Web sources


@pytest.mark.parametrize("scheme", ["https", "http", "HTTPS"])
def test_member_attaches_a_web_source_with_its_title_and_kind(app, client, auth, scheme):
    ids = new_argument(app)
    user_id = auth.sign_in_new()
    url = f"{scheme}://stats.example.org/thefts?year=2024"

    response = attach(
        client, ids["argument"], kind="official", url=url, title="Theft statistics 2024",
        excerpt="Thefts fell by a fifth.",
    )

    assert response.status_code == 303
    argument_id = ids["argument"]
    assert response.headers["Location"] == f"/arguments/{argument_id}#argument-{argument_id}"
    assert stored_evidence(app) == [
        (ids["argument"], EvidenceKind.OFFICIAL, url, "Theft statistics 2024")
    ]
    with app.app_context():
        assert db.session.scalar(select(Evidence.added_by_id)) == user_id
    page = client.get(response.headers["Location"]).text
    assert "Evidence attached." in page
    assert (
        f'<a href="{url.replace("&", "&amp;")}" rel="nofollow ugc noopener" target="_blank">'
        "Theft statistics 2024</a>"
    ) in page
    assert '<span class="chip">Official data</span>' in page
    assert "<blockquote>Thefts fell by a fifth.</blockquote>" in page
    assert "1 source" in page


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "ftp://files.example.org/report.pdf",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "/reports/thefts",
        "//example.org/no-scheme",
        "example.org/thefts",
        "https://",
    ],
)
def test_only_http_and_https_addresses_are_accepted(app, client, auth, url):
    ids = new_argument(app)
    auth.sign_in_new()

    response = attach(client, ids["argument"], url=url, title="A source")

    assert response.status_code == 422
    assert field_error(response.text, "url") == "Only http:// and https:// addresses are accepted."
    assert stored_evidence(app) == []


def test_the_same_address_twice_on_one_argument_is_refused(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    url = "https://example.org/thefts"
    assert attach(client, ids["argument"], url=url, title="Thefts").status_code == 303

    response = attach(client, ids["argument"], url=url, title="Thefts again", kind="news")

    assert response.status_code == 422
    assert field_error(response.text, "url") == (
        "This source is already attached to this argument."
    )
    assert len(stored_evidence(app)) == 1


def test_a_web_source_needs_a_title(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = attach(client, ids["argument"], url="https://example.org/thefts", title="  ")

    assert response.status_code == 422
    assert field_error(response.text, "title") == "Give the source a title."
    assert stored_evidence(app) == []


@pytest.mark.parametrize(
    "fields", [{}, {"url": "https://example.org/a", "passage": "2", "title": "Both"}],
    ids=["neither", "both"],
)
def test_evidence_is_either_an_address_or_a_passage(app, client, auth, fields):
    ids = new_argument(app)
    auth.sign_in_new()

    response = attach(client, ids["argument"], **fields)

    assert response.status_code == 422
    assert field_error(response.text, "url") == (
        "Give either a web address or a passage of the material."
    )
    assert stored_evidence(app) == []


# Passages of the material


def test_citing_a_passage_shows_its_words_and_links_to_the_reading_view(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()

    response = attach(client, ids["argument"], kind="other", passage="2")

    assert response.status_code == 303
    with app.app_context():
        evidence = db.session.scalar(select(Evidence))
        assert (evidence.passage.number, evidence.url) == (2, None)
        assert evidence.title == "Passage 2 of the material"
    page = client.get(response.headers["Location"]).text
    assert (
        f'<a href="/debates/{ids["debate"]}/read?p=2#p-2">Passage 2 of the material</a>' in page
    )
    assert f'<q class="passage-quote">{PASSAGE_2}</q>' in page


def test_the_same_passage_twice_on_one_argument_is_refused(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    assert attach(client, ids["argument"], passage="2").status_code == 303

    response = attach(client, ids["argument"], passage="2", title="Again")

    assert response.status_code == 422
    assert field_error(response.text, "passage") == (
        "This passage is already cited by this argument."
    )
    assert len(stored_evidence(app)) == 1


def test_a_passage_of_another_material_is_refused(app):
    ids = new_argument(app)
    with app.app_context():
        other = make_material("\n\n".join(f"Paragraph {n} of another text." for n in range(1, 9)))
        argument = db.session.get(Argument, ids["argument"])
        refusal = r"Cite a passage of this debate's material\."
        with pytest.raises(DomainError, match=refusal) as error:
            attach_evidence(
                argument, make_user(), EvidenceKind.OTHER, "", passage=other.passages[1]
            )
        assert error.value.field == "passage"
        db.session.rollback()
    assert stored_evidence(app) == []


def test_the_form_offers_only_the_debates_own_passages(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        make_material("\n\n".join(f"Paragraph {n} of another text." for n in range(1, 9)))
        db.session.commit()
    auth.sign_in_new()

    form = client.get(f"/arguments/{ids['argument']}/evidence/new").text
    response = attach(client, ids["argument"], passage="8")

    assert "of another text" not in form
    assert f"2 · {PASSAGE_2[:70]}" in unescape(form)
    assert response.status_code == 422
    assert field_error(response.text, "passage") == "Not a valid choice."
    assert stored_evidence(app) == []


# Who may attach


def test_signed_out_visitor_is_sent_to_sign_in_to_attach_evidence(app, client):
    ids = new_argument(app)

    response = attach(client, ids["argument"], url="https://example.org/a", title="A")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in")
    assert stored_evidence(app) == []


def test_evidence_cannot_be_attached_in_a_closed_debate(app, client, auth):
    ids = new_argument(app)
    with app.app_context():
        db.session.get(Debate, ids["debate"]).status = DebateStatus.CLOSED
        db.session.commit()
    auth.sign_in_new()

    response = attach(client, ids["argument"], url="https://example.org/a", title="A")

    assert response.status_code == 403
    assert stored_evidence(app) == []
    assert "Add evidence" not in client.get(f"/arguments/{ids['argument']}").text


# Showing what needs evidence


def test_an_argument_without_evidence_says_it_needs_evidence(app, client):
    ids = new_argument(app)

    position = client.get(f"/debates/{ids['debate']}/positions/{ids['position']}").text
    page = client.get(f"/arguments/{ids['argument']}").text

    assert '<span class="needs-evidence">needs evidence</span>' in position
    assert "This argument needs evidence." in page
    with app.app_context():
        make_evidence(db.session.get(Argument, ids["argument"]))
        db.session.commit()
    position = client.get(f"/debates/{ids['debate']}/positions/{ids['position']}").text
    assert "needs evidence" not in position
    assert "1 source</a>" in position


# The evidence library


def test_the_library_lists_each_source_once_with_every_argument_using_it(app, client):
    ids = new_argument(app, claim="Cameras deter theft")
    with app.app_context():
        debate = db.session.get(Debate, ids["debate"])
        first = db.session.get(Argument, ids["argument"])
        other_position = make_position(debate, statement="Face matching is accurate")
        second = make_argument(other_position, claim="Matches are checked by people")
        third = make_argument(first.position, claim="Stations are safer at night")
        shared = "https://example.org/thefts"
        make_evidence(first, url=shared, title="Theft figures")
        make_evidence(second, url=shared, title="Theft figures (again)")
        make_evidence(third, url="https://example.org/night", title="Night safety survey")
        make_evidence(third, url=None, passage=debate.material.passages[1], title="")
        db.session.commit()
        second_id, third_id = second.id, third.id

    page = client.get(f"/debates/{ids['debate']}/evidence").text

    sources = re.findall(r'<li class="source card">(.*?)</ul>\s*</li>', page, re.S)
    assert len(sources) == 3
    assert page.count(f'href="{shared}"') == 1
    [theft] = [source for source in sources if shared in source]
    assert f'href="/arguments/{ids["argument"]}">1 Cameras deter theft</a>' in theft
    assert f'href="/arguments/{second_id}">1 Matches are checked by people</a>' in theft
    assert "on “Face matching is accurate”" in theft
    assert "Night safety survey" not in theft
    [night] = [source for source in sources if "Night safety survey" in source]
    assert f'href="/arguments/{third_id}">' in night
    assert 'rel="nofollow ugc noopener"' in night
    [passage] = [source for source in sources if "Passage 2 of the material" in source]
    assert f'href="/debates/{ids["debate"]}/read?p=2#p-2"' in passage


def test_an_empty_library_says_so(app, client):
    ids = new_argument(app)

    response = client.get(f"/debates/{ids['debate']}/evidence")

    assert response.status_code == 200
    assert "No evidence cited yet." in response.text
    assert 'class="source card"' not in response.text


def test_the_library_of_someone_elses_draft_is_not_found(app, client):
    with app.app_context():
        debate = make_debate(status=DebateStatus.DRAFT)
        db.session.commit()
        debate_id = debate.id

    assert client.get(f"/debates/{debate_id}/evidence").status_code == 404


def test_the_library_is_linked_from_the_position_page(app, client):
    ids = new_argument(app)

    page = client.get(f"/debates/{ids['debate']}/positions/{ids['position']}").text

    assert f'href="/debates/{ids["debate"]}/evidence">Evidence library</a>' in page


def test_evidence_from_other_debates_stays_out_of_the_library(app, client):
    ids = new_argument(app)
    with app.app_context():
        elsewhere = make_argument(make_position(make_debate()), claim="Elsewhere")
        make_evidence(elsewhere, title="Foreign source", url="https://example.org/foreign")
        db.session.commit()
        assert db.session.scalar(select(func.count()).select_from(Evidence)) == 1

    page = client.get(f"/debates/{ids['debate']}/evidence").text

    assert "Foreign source" not in page
    assert "No evidence cited yet." in page


# At the same moment, on PostgreSQL



@pytest.mark.postgresql
def test_the_same_address_sent_from_several_tabs_at_once_is_attached_once(app, client, auth):
    ids = new_argument(app)
    auth.sign_in_new()
    tabs = [client] + [app.test_client() for _ in range(5)]
    for tab in tabs[1:]:
        tab.set_cookie("session", client.get_cookie("session").value)
    barrier = threading.Barrier(len(tabs))
    statuses: list[int] = []

    def send(tab):
        barrier.wait(timeout=30)
        response = attach(tab, ids["argument"], url="https://example.org/a", title="A")
        statuses.append(response.status_code)

    threads = [threading.Thread(target=send, args=(tab,)) for tab in tabs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(statuses) == [303] + [422] * (len(tabs) - 1)
    assert len(stored_evidence(app)) == 1
