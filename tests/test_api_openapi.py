"""Check the API's OpenAPI document: valid OpenAPI 3.1, naming every /api/v1 route and nothing
else, and kept by every endpoint when schemathesis sends them generated requests."""

import re

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openapi_spec_validator import OpenAPIV31SpecValidator, validate
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from app.api.openapi import DOCUMENT
from app.arguments.services import withdraw_argument
from app.extensions import db
from app.models import Role, Side
from app.moderation.services import moderate_item
from tests.factories import (
    add_member,
    make_argument,
    make_debate,
    make_evidence,
    make_position,
    make_token,
    make_user,
)

DOCUMENT_URL = "/api/v1/openapi.json"


def documented_paths(document: dict) -> set[tuple[str, str]]:
    return {
        (path, method.upper())
        for path, operations in document["paths"].items()
        for method in operations
    }


def routed_paths(app) -> set[tuple[str, str]]:
    """List the app's /api/v1 rules as OpenAPI writes paths: <int:name> becomes {name}."""
    return {
        (re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule), method)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_the_document_is_valid_openapi_3_1(client):
    response = client.get(DOCUMENT_URL)

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    document = response.get_json()
    assert document["openapi"].startswith("3.1.")
    validate(document, cls=OpenAPIV31SpecValidator)


def test_the_document_names_every_api_route_and_no_other(app, client):
    document = client.get(DOCUMENT_URL).get_json()

    assert documented_paths(document) == routed_paths(app)


def test_every_write_asks_for_the_bearer_token_and_documents_its_refusal(client):
    document = client.get(DOCUMENT_URL).get_json()

    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            # Joining a live event by its code is for phones without an account.
            if method != "get" and operation["operationId"] != "join_live_event":
                assert operation["security"] == [{"bearer": []}], (method, path)
                assert "401" in operation["responses"], (method, path)


@pytest.fixture
def world(app):
    """A public debate with positions, arguments (a reply, a hidden one, a withdrawn one, a
    link), evidence and a moderation log, and a write token of one of its participants, who
    may rate the argument."""
    with app.app_context():
        participant = make_user()
        debate = make_debate()
        add_member(debate, participant, Role.PARTICIPANT)
        position = make_position(debate, statement="Cameras make cities safer")
        make_position(debate, statement="Cameras belong only in stations")
        argument = make_argument(position, claim="Cameras deter pickpockets")
        make_argument(position, parent=argument, side=Side.CON,
                      claim="Pickpockets move to the next street")
        hidden = make_argument(position, claim="Everyone who disagrees is a fool")
        withdrawn = make_argument(position, claim="Cameras solve every crime")
        make_argument(position, parent=withdrawn, side=Side.CON, claim="Not the unseen ones")
        withdraw_argument(withdrawn, withdrawn.author)
        # Links are made by imports only; one is set up by hand as an import would leave it.
        link = make_argument(position, side=Side.CON, claim="A link shows its target's claim")
        link.link_to_id = argument.id
        moderate_item(hidden, debate.owner, "hide", "Insults other participants.")
        make_evidence(argument, title="Station thefts, 2019 to 2023")
        ids = {
            "debate_id": debate.id,
            "position_id": position.id,
            "argument_id": argument.id,
            "token": make_token(participant, "write"),
        }
        db.session.commit()
        return ids


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
OPERATIONS = sorted(
    (path, method) for path, operations in DOCUMENT["paths"].items() for method in operations
)


@pytest.mark.parametrize(("path", "method"), OPERATIONS)
def test_every_endpoint_answers_as_documented(app, world, path, method):
    operation = schemathesis.openapi.from_wsgi(DOCUMENT_URL, app)[path][method.upper()]
    cases = st.one_of(
        operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
        operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
    )

    # Few examples, always the same ones: the suite stays quick and a failure replays.
    @settings(max_examples=15, derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(case=cases)
    def answers_as_documented(case):
        # Generated ids almost never name anything: an odd one is kept so that unknown ids
        # are tried too, any other is swapped for the seeded world's, so answers with
        # content are checked.
        for name, value in (case.path_parameters or {}).items():
            if name in world and not (isinstance(value, int) and value % 2):
                case.path_parameters[name] = world[name]
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS
        )
        if response.status_code >= 400:
            assert response.json()["error"]["status"] == response.status_code

    answers_as_documented()


# Generated bodies seldom make a write succeed, so each write's success is checked on its own.
WRITES = [
    ("/api/v1/positions/{position_id}/arguments", "POST",
     {"parent_id": None, "side": "con", "claim": "Lighting deters thieves as well", "body": ""},
     "application/json"),
    ("/api/v1/arguments/{argument_id}/evidence", "POST",
     {"kind": "news", "title": "Lights on, thefts down", "url": "https://example.org/lights"},
     "application/json"),
    ("/api/v1/arguments/{argument_id}/rating", "PUT", {"score": 3}, "application/json"),
    ("/api/v1/arguments/{argument_id}/rating", "PUT", {"score": None}, "application/json"),
    ("/api/v1/positions/{position_id}/stance", "PUT", {"stance": "against"},
     "application/json"),
    ("/api/v1/imports", "POST",
     {"file": b"path,side,claim,body,evidence_url\n1,,Cameras make cities safer,,\n"
              b"1.1,pro,Cameras deter theft,,https://example.org/theft\n", "open": True},
     "multipart/form-data"),
]


@pytest.mark.parametrize(("path", "method", "body", "media_type"), WRITES)
def test_every_write_that_succeeds_answers_as_documented(app, world, path, method, body,
                                                        media_type):
    operation = schemathesis.openapi.from_wsgi(DOCUMENT_URL, app)[path][method]
    names = re.findall(r"{(\w+)}", path)
    case = operation.Case(path_parameters={name: world[name] for name in names}, body=body,
                          media_type=media_type)

    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS
    )

    assert response.status_code in (200, 201), response.text


def test_a_look_alike_argument_is_refused_as_documented_with_the_similar_ones(app, world):
    operation = schemathesis.openapi.from_wsgi(DOCUMENT_URL, app)[
        "/api/v1/positions/{position_id}/arguments"]["POST"]
    case = operation.Case(
        path_parameters={"position_id": world["position_id"]},
        body={"side": "pro", "claim": "Cameras deter the pickpockets"},
        media_type="application/json",
    )

    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {world['token']}"}, checks=CHECKS
    )

    assert response.status_code == 409
    assert [each["claim"] for each in response.json()["error"]["similar"]] == [
        "Cameras deter pickpockets"]
