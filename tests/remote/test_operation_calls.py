"""POST /operations/{name}: any operation by name, as the token's principal, through the one runner."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.conftest import ApiUser


def test_an_operation_runs_as_the_tokens_user_and_answers_its_wire_output(alice: ApiUser, project: dict) -> None:
    column = project["columns"][0]["id"]
    body = {"workspaceId": project["workspaceId"], "project": project["id"], "column": column, "data": {"title": "Ship"}}
    created = alice.post("/operations/create_card", json=body)
    assert created.status_code == 200, created.text
    assert created.json()["title"] == "Ship"
    listed = alice.get(f"{project['path']}/cards").json()
    assert [card["title"] for card in listed] == ["Ship"]
    me = alice.post("/operations/get_profile", json={})
    assert me.json()["user"]["id"] == alice.id


def test_an_unknown_operation_is_a_404_envelope(alice: ApiUser) -> None:
    answer = alice.post("/operations/no_such_thing", json={})
    assert answer.status_code == 404
    assert answer.json() == {"statusCode": 404, "message": "No operation named 'no_such_thing'", "error": "Not Found"}


def test_without_a_token_it_is_a_401_envelope(client: TestClient) -> None:
    answer = client.post("/operations/get_profile", json={})
    assert answer.status_code == 401
    assert answer.json()["statusCode"] == 401


def test_a_bad_input_is_the_same_400_as_elsewhere(alice: ApiUser, project: dict) -> None:
    answer = alice.post("/operations/create_card", json={"workspaceId": project["workspaceId"], "nonsense": 1})
    assert answer.status_code == 400
    assert answer.json()["message"]
    assert answer.json()["details"]


def test_a_read_only_token_may_read_but_is_refused_a_write(alice: ApiUser, project: dict) -> None:
    token = alice.post("/api-tokens", json={"name": "reader", "scopes": ["projects:read"]}).json()["token"]
    reader = {"Authorization": f"Bearer {token}"}
    column = project["columns"][0]["id"]
    body = {"workspaceId": project["workspaceId"], "project": project["id"], "column": column, "data": {"title": "No"}}
    refused = alice.client.post("/operations/create_card", json=body, headers=reader)
    assert refused.status_code == 403, refused.text
    assert "projects:write" in refused.json()["message"]
    assert alice.get(f"{project['path']}/cards").json() == []
    read = alice.client.post("/operations/get_start_view", json={}, headers=reader)
    assert read.status_code == 200, read.text


def test_another_organizations_user_cannot_reach_a_project_by_its_id(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    column = project["columns"][0]["id"]
    body = {"workspaceId": project["workspaceId"], "project": project["id"], "column": column, "data": {"title": "Mine"}}
    answer = mallory.post("/operations/create_card", json=body)
    assert answer.status_code == 404
    assert alice.get(f"{project['path']}/cards").json() == []
