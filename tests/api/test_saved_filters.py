"""Saved filters of a scope (``P/scopes/:scopeId/filters``), an extension of the reference."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import ApiUser

Project = dict[str, Any]


def filters_path(project: Project, scope_id: str | None = None) -> str:
    return f"{project['path']}/scopes/{scope_id or project['defaultScopeId']}/filters"


def save(user: ApiUser, project: Project, name: str, query: str, scope_id: str | None = None) -> dict[str, Any]:
    created = user.post(filters_path(project, scope_id), json={"name": name, "query": query})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def test_save_and_list_filters(alice: ApiUser, project: Project) -> None:
    assert alice.get(filters_path(project)).json() == []
    first = save(alice, project, "My bugs", "  label:bug assignee:me  ")
    assert first["name"] == "My bugs"
    assert first["query"] == "label:bug assignee:me"
    assert first["scopeId"] == project["defaultScopeId"]
    assert first["createdBy"] == alice.id
    assert first["createdAt"].endswith("Z")
    second = save(alice, project, "Late", "due:overdue")
    listed = alice.get(filters_path(project))
    assert listed.status_code == 200
    assert [f["id"] for f in listed.json()] == [first["id"], second["id"]]


def test_saved_query_applies_to_the_card_list(alice: ApiUser, project: Project) -> None:
    column = project["columns"][0]["id"]
    high = alice.post(f"{project['path']}/columns/{column}/cards", json={"title": "Urgent", "priority": "high"}).json()
    alice.post(f"{project['path']}/columns/{column}/cards", json={"title": "Later", "priority": "low"})
    saved = save(alice, project, "Hot", "priority:high")
    cards = alice.get(f"{project['path']}/cards", params={"q": saved["query"]}).json()
    assert [c["id"] for c in cards] == [high["id"]]


@pytest.mark.parametrize(
    ("query", "term"),
    [
        ("owner:bob", "owner:bob"),
        ("due:2026-99-01", "due:2026-99-01"),
        ("priority:urgent", "priority:urgent"),
        ("due:2026-01-01..9999-12-31", "due:2026-01-01..9999-12-31"),
    ],
)
def test_a_query_that_does_not_parse_is_a_400_naming_the_term(alice: ApiUser, project: Project, query: str, term: str) -> None:
    response = alice.post(filters_path(project), json={"name": "Broken", "query": query})
    assert response.status_code == 400
    detail = response.json()["details"][0]
    assert detail["field"] == "query"
    assert term in detail["message"]
    assert alice.get(filters_path(project)).json() == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"query": "label:bug"}, "name"),
        ({"name": "x"}, "query"),
        ({"name": "", "query": "label:bug"}, "name"),
        ({"name": "x" * 101, "query": "label:bug"}, "name"),
        ({"name": "x", "query": ""}, "query"),
        ({"name": "x", "query": "a" * 1001}, "query"),
        ({"name": "x", "query": "label:bug", "scopeId": "665f1a2b3c4d5e6f7a8b9c0d"}, "scopeId"),
    ],
)
def test_body_is_validated(alice: ApiUser, project: Project, body: dict[str, Any], field: str) -> None:
    response = alice.post(filters_path(project), json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field


def test_names_are_unique_per_scope(alice: ApiUser, project: Project) -> None:
    save(alice, project, "Mine", "assignee:me")
    assert alice.post(filters_path(project), json={"name": "MINE", "query": "label:bug"}).status_code == 409
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    save(alice, project, "Mine", "assignee:me", other["id"])


def test_filters_belong_to_their_scope(alice: ApiUser, project: Project) -> None:
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    in_main = save(alice, project, "Main only", "label:bug")
    in_other = save(alice, project, "Other only", "label:ui", other["id"])
    assert [f["id"] for f in alice.get(filters_path(project)).json()] == [in_main["id"]]
    assert [f["id"] for f in alice.get(filters_path(project, other["id"])).json()] == [in_other["id"]]
    # A filter cannot be deleted through another scope.
    assert alice.delete(f"{filters_path(project, other['id'])}/{in_main['id']}").status_code == 404


def test_delete_a_filter(alice: ApiUser, project: Project) -> None:
    saved = save(alice, project, "Gone soon", "status:done")
    kept = save(alice, project, "Kept", "status:todo")
    response = alice.delete(f"{filters_path(project)}/{saved['id']}")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert [f["id"] for f in alice.get(filters_path(project)).json()] == [kept["id"]]
    assert alice.delete(f"{filters_path(project)}/{saved['id']}").status_code == 404
    assert alice.delete(f"{filters_path(project)}/not-an-id").status_code == 404


def test_deleting_a_scope_deletes_its_filters(alice: ApiUser, project: Project) -> None:
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    save(alice, project, "Doomed", "label:bug", other["id"])
    assert alice.delete(f"{project['path']}/scopes/{other['id']}").status_code == 200
    assert alice.get(filters_path(project, other["id"])).status_code == 404


def test_filters_of_a_missing_scope_are_a_404(alice: ApiUser, project: Project) -> None:
    for scope_id in ("665f1a2b3c4d5e6f7a8b9c0d", "nope"):
        assert alice.get(filters_path(project, scope_id)).status_code == 404
        assert alice.post(filters_path(project, scope_id), json={"name": "x", "query": "label:bug"}).status_code == 404


def test_other_tenant_gets_404_on_every_filter_route(alice: ApiUser, mallory: ApiUser, project: Project) -> None:
    saved = save(alice, project, "Secret name", "label:bug")
    own_path = f"{mallory.ws_path}/projects/{project['id']}/scopes/{project['defaultScopeId']}/filters"
    calls = [
        mallory.get(filters_path(project)),
        mallory.post(filters_path(project), json={"name": "x", "query": "label:bug"}),
        mallory.delete(f"{filters_path(project)}/{saved['id']}"),
        mallory.get(own_path),
        mallory.delete(f"{own_path}/{saved['id']}"),
    ]
    for response in calls:
        assert response.status_code == 404
        assert "Secret name" not in response.text
    assert [f["id"] for f in alice.get(filters_path(project)).json()] == [saved["id"]]
