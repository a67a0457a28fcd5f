"""Request bodies take the camelCase names of the reference only: a Python field name is an unknown field."""

from __future__ import annotations

from fastapi.testclient import TestClient

from stellary_core.schemas.action_payloads import PAYLOADS
from stellary_core.schemas.board import CardUpdateIn, ChecklistItemIn
from tests.api.request_bodies import PLACEHOLDER_ID, body_fields, input_models, routes_with_bodies
from tests.conftest import ApiUser


def test_python_field_names_are_unknown_fields_on_every_route(client: TestClient, alice: ApiUser) -> None:
    tried, accepted = set(), []
    for route in routes_with_bodies(client, alice):
        for field in body_fields(route.model):
            if field.alias == field.name:
                continue
            tried.add(field.owner.__name__)
            expected = {"field": ".".join(str(p) for p in (*field.prefix, field.name)), "message": "is not allowed"}
            response = client.request(route.method, route.path, headers=alice.headers, json=field.body(field.name, "x"))
            details = response.json().get("details", []) if response.status_code == 400 else []
            if expected not in details:
                accepted.append(f"{route.method} {route.path} {field.name}: {response.status_code} {response.text[:200]}")
    assert accepted == []
    # Every request model with a field renamed on the wire was reached by some route.
    aliased = {
        name
        for name, model in input_models().items()
        if any((info.alias or field) != field for field, info in model.model_fields.items())
    }
    # A proposed action's payload is an object checked by action type: the test below reaches those.
    assert aliased - {model.__name__ for model in PAYLOADS.values()} <= tried
    assert {"CardUpdateIn", "ApiTokenCreateIn", "ChecklistItemIn", "CardPart"} <= tried


def test_python_code_still_constructs_models_by_field_name() -> None:
    update = CardUpdateIn(due_date="2026-03-01", column_id=PLACEHOLDER_ID)  # type: ignore[arg-type]
    assert update.given() == {"due_date", "column_id"}
    assert update.column_id == PLACEHOLDER_ID
    assert ChecklistItemIn(id=PLACEHOLDER_ID, title="Step").id == PLACEHOLDER_ID
    nested = CardUpdateIn(checklist=[{"id": PLACEHOLDER_ID, "title": "Step"}])  # type: ignore[list-item]
    assert nested.checklist is not None and nested.checklist[0].id == PLACEHOLDER_ID


def test_python_field_names_are_unknown_fields_in_a_proposed_actions_payload(client: TestClient, alice: ApiUser) -> None:
    accepted = []
    for action_type, model in PAYLOADS.items():
        for name, info in model.model_fields.items():
            if (info.alias or name) == name:
                continue
            body = {"actionType": action_type, "explanation": "Wire names", "payload": {name: "x"}}
            response = client.post(f"{alice.ws_path}/pilotage/actions/propose", headers=alice.headers, json=body)
            details = response.json().get("details", []) if response.status_code == 400 else []
            if {"field": f"payload.{name}", "message": "is not allowed"} not in details:
                accepted.append(f"{action_type} {name}: {response.status_code} {response.text[:200]}")
    assert accepted == []
