"""Import a debate in the browser (upload, preview, confirm or cancel) and through the API."""

import io
import re

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Argument, Debate, ImportDraft, User
from tests.factories import make_token, make_user
from tests.worlds import client_of, new_user

KIALO = b"""Discussion Title: Cameras on every street

1. Cities should put cameras on every street.
1.1. Pro: Cameras deter theft [1].
1.1.1. Con: Theft moves to the next street.
1.2. Con: Cameras record everyone who passes.
1.2.1. Pro: -> See 1.1.1.
1.2.2. Con: -> See 9.9.

Sources:
[1] https://example.org/study
"""


def upload(client, data: bytes = KIALO, name: str = "cameras.txt", **fields):
    return client.post("/debates/import", data={"file": (io.BytesIO(data), name), **fields},
                       content_type="multipart/form-data")


def debate_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(Debate.id)))


def test_the_debates_page_offers_an_import(app, auth, client):
    auth.sign_in_new()
    assert "/debates/import" in client.get("/").get_data(as_text=True)


def test_a_preview_shows_counts_and_problems_with_lines_and_saves_nothing(app, auth, client):
    auth.sign_in_new()
    answer = upload(client)
    assert answer.status_code == 303
    preview = client.get(answer.headers["Location"]).get_data(as_text=True)
    assert "Cameras on every street" in preview
    assert re.search(r'id="count-pro">\s*2<', preview)
    assert re.search(r'id="count-con">\s*2<', preview)
    assert re.search(r'id="count-depth">\s*2<', preview)
    assert re.search(r'id="count-links">\s*1<', preview)
    assert re.search(r'id="count-evidence">\s*1<', preview)
    assert re.search(r"Line \d+:", preview)
    assert debate_count(app) == 0


def test_confirming_saves_the_previewed_debate_and_opens_it_when_asked(app, auth, client):
    auth.sign_in_new()
    preview_url = upload(client).headers["Location"]
    done = client.post(preview_url, data={"open_now": "y"})
    assert done.status_code == 303
    page = client.get(done.headers["Location"]).get_data(as_text=True)
    assert "Cameras on every street" in page and "open" in page
    with app.app_context():
        debate = db.session.scalar(select(Debate))
        assert debate.is_open
        assert db.session.scalar(select(func.count(Argument.id))) == 4
        assert db.session.scalar(select(func.count(ImportDraft.id))) == 0
    assert client.get(preview_url).status_code == 404


def test_a_link_shows_its_targets_claim_and_leads_to_it(app, auth, client):
    auth.sign_in_new()
    done = client.post(upload(client).headers["Location"], data={"open_now": "y"})
    with app.app_context():
        link = db.session.scalar(select(Argument).where(Argument.link_to_id.is_not(None)))
        target_id, link_id, position_id = link.link_to_id, link.id, link.position_id
    assert done.status_code == 303
    page = client.get(f"/arguments/{link_id}").get_data(as_text=True)
    assert f"/arguments/{target_id}" in page and "Theft moves to the next street." in page
    tree = client.get(f"/api/v1/positions/{position_id}").get_json()
    nodes = [child for node in tree["arguments"] for child in node["children"]]
    linked = next(node for node in nodes if node["link_to"] is not None)
    assert linked["link_to"] == target_id
    assert linked["claim"] == "Theft moves to the next street." and linked["side"] == "pro"


def test_cancelling_forgets_the_file(app, auth, client):
    auth.sign_in_new()
    key_url = upload(client).headers["Location"]
    assert client.post(key_url + "/cancel").status_code == 303
    assert client.get(key_url).status_code == 404
    assert debate_count(app) == 0


def test_a_bad_file_is_refused_beside_the_field_and_nothing_is_kept(app, auth, client):
    auth.sign_in_new()
    answer = upload(client, b"\x00\x01\x02\x03 binary", "photo.png")
    assert answer.status_code == 422
    body = answer.get_data(as_text=True)
    assert 'id="file-error"' in body
    with app.app_context():
        assert db.session.scalar(select(func.count(ImportDraft.id))) == 0
    assert debate_count(app) == 0


def test_the_import_form_answers_a_fragment_to_htmx_and_a_page_otherwise(app, auth, client):
    auth.sign_in_new()
    page = upload(client, b"", "empty.txt")
    fragment = client.post("/debates/import", data={"file": (io.BytesIO(b"nothing"), "x.txt")},
                           content_type="multipart/form-data", headers={"HX-Request": "true"})
    boosted = client.post("/debates/import", data={"file": (io.BytesIO(b"nothing"), "x.txt")},
                          content_type="multipart/form-data",
                          headers={"HX-Request": "true", "HX-Boosted": "true"})
    assert page.status_code == 422 and "<html" in page.get_data(as_text=True)
    assert fragment.status_code == 422 and "<html" not in fragment.get_data(as_text=True)
    assert 'id="import-form"' in fragment.get_data(as_text=True)
    assert "<html" in boosted.get_data(as_text=True)


def test_nobody_else_can_see_or_confirm_a_preview(app, auth, client):
    auth.sign_in_new()
    preview_url = upload(client).headers["Location"]
    other = client_of(app, new_user(app))
    assert other.get(preview_url).status_code == 404
    assert other.post(preview_url, data={"open_now": "y"}).status_code == 404
    assert debate_count(app) == 0


def test_signed_out_visitors_are_sent_to_sign_in(client):
    assert client.get("/debates/import").status_code in (302, 303)


def test_imports_are_rate_limited_per_person(app, auth, client):
    app.config["DEBATE_IMPORT_LIMIT"] = "2 per hour"
    try:
        auth.sign_in_new()
        assert [upload(client).status_code for _ in range(3)] == [303, 303, 429]
    finally:
        app.config["DEBATE_IMPORT_LIMIT"] = "20 per hour"


def test_a_person_has_one_import_budget_for_the_page_and_the_api(app, auth, client):
    app.config["DEBATE_IMPORT_LIMIT"] = "2 per hour"
    try:
        me = auth.sign_in_new()
        with app.app_context():
            secret = make_token(db.session.get(User, me), "write")
            db.session.commit()
        assert [upload(client).status_code for _ in range(2)] == [303, 303]
        answer = client.post("/api/v1/imports", headers={"Authorization": f"Bearer {secret}"},
                             data={"file": (io.BytesIO(KIALO), "cameras.txt")},
                             content_type="multipart/form-data")
        assert answer.status_code == 429
        # A script holding only the token draws on the same budget.
        assert app.test_client().post(
            "/api/v1/imports", headers={"Authorization": f"Bearer {secret}"},
            data={"file": (io.BytesIO(KIALO), "cameras.txt")}, content_type="multipart/form-data",
        ).status_code == 429
        # Someone else's budget is their own.
        assert upload(client_of(app, new_user(app))).status_code == 303
    finally:
        app.config["DEBATE_IMPORT_LIMIT"] = "20 per hour"


def api_headers(app, scope="write"):
    with app.app_context():
        secret = make_token(make_user(), scope)
        db.session.commit()
    return {"Authorization": f"Bearer {secret}"}


def test_the_api_imports_a_file_and_answers_like_the_cli(app, client):
    answer = client.post("/api/v1/imports", headers=api_headers(app),
                         data={"file": (io.BytesIO(KIALO), "cameras.txt"), "open": "true"},
                         content_type="multipart/form-data")
    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert {key: body[key] for key in ("positions", "arguments", "links", "evidence")} == {
        "positions": 1, "arguments": 4, "links": 1, "evidence": 1}
    assert body["problems"] and body["problems"][0]["line"]
    with app.app_context():
        assert db.session.get(Debate, body["debate"]).is_open


def test_the_api_refuses_a_bad_file_with_a_json_4xx_and_saves_nothing(app, client):
    answer = client.post("/api/v1/imports", headers=api_headers(app),
                         data={"file": (io.BytesIO(b"\xff\xfe\x00"), "x.bin")},
                         content_type="multipart/form-data")
    assert 400 <= answer.status_code < 500 and "error" in answer.get_json()
    assert debate_count(app) == 0


@pytest.mark.parametrize("material", ["\u00b2", "\u0663", "0", "1234567890"])
def test_the_api_refuses_a_material_that_is_no_id_beside_the_field(app, client, material):
    answer = client.post("/api/v1/imports", headers=api_headers(app),
                         data={"file": (io.BytesIO(KIALO), "c.txt"), "material": material},
                         content_type="multipart/form-data")
    assert answer.status_code == 422
    assert answer.get_json()["error"]["field"] == "material"
    assert debate_count(app) == 0


def test_an_imported_source_that_urlsplit_refuses_is_left_out_with_a_problem(app, client):
    # "http://[::1" makes urlsplit() raise: once a 500, now a problem on its line.
    data = (b"path,side,claim,body,evidence_url\n1,,Cameras make cities safer,,\n"
            b"1.1,pro,Cameras deter theft,,http://[::1\n")
    answer = client.post("/api/v1/imports", headers=api_headers(app),
                         data={"file": (io.BytesIO(data), "cameras.csv")},
                         content_type="multipart/form-data")

    assert answer.status_code == 201, answer.get_json()
    body = answer.get_json()
    assert (body["arguments"], body["evidence"]) == (1, 0)
    assert [problem["line"] for problem in body["problems"]] == [3]


def test_the_api_import_needs_a_write_token(app, client):
    read = client.post("/api/v1/imports", headers=api_headers(app, "read"),
                       data={"file": (io.BytesIO(KIALO), "c.txt")},
                       content_type="multipart/form-data")
    none = client.post("/api/v1/imports", data={"file": (io.BytesIO(KIALO), "c.txt")},
                       content_type="multipart/form-data")
    assert read.status_code == 403 and none.status_code == 401
    assert debate_count(app) == 0
