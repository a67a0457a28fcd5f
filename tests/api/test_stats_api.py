"""Scope statistics over HTTP (``P/scopes/:scopeId/stats``, an extension): shape, numbers, window, and 404s."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from stellary_core import clock
from tests.conftest import ApiUser

Project = dict[str, Any]
NOW = datetime(2026, 3, 20, 12, 0)


def stats_path(project: Project, scope_id: str | None = None) -> str:
    return f"{project['path']}/scopes/{scope_id or project['defaultScopeId']}/stats"


def _card(alice: ApiUser, project: Project, column: int, **fields: Any) -> dict[str, Any]:
    column_id = project["columns"][column]["id"]
    response = alice.post(f"{project['path']}/columns/{column_id}/cards", json={"title": "A card", **fields})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def test_the_numbers_of_a_scope(alice: ApiUser, project: Project) -> None:
    """To Do, In Progress, Done: a card made 3 days ago, started 2 days ago and finished today; two open ones."""
    todo, doing, done = (c["id"] for c in project["columns"])
    clock.freeze(NOW - timedelta(days=3))
    finished = _card(alice, project, 0, priority="high", assigneeId=alice.id)
    clock.freeze(NOW - timedelta(days=2))
    assert alice.patch(f"{project['path']}/cards/{finished['id']}", json={"columnId": doing}).status_code == 200
    clock.freeze(NOW)
    assert alice.patch(f"{project['path']}/cards/{finished['id']}", json={"columnId": done}).status_code == 200
    late = _card(alice, project, 0, priority="low", dueDate="2026-03-19")
    blocked = _card(alice, project, 1)
    relation = {"targetCardId": late["id"], "type": "blocked_by"}
    assert alice.post(f"{project['path']}/cards/{blocked['id']}/relations", json=relation).status_code == 201

    response = alice.get(stats_path(project))
    assert response.status_code == 200, response.text
    body = response.json()
    assert {k: body[k] for k in ("scopeId", "days", "since", "until", "total", "open", "done", "overdue", "blocked")} == {
        "scopeId": project["defaultScopeId"],
        "days": 30,
        "since": "2026-02-19",
        "until": "2026-03-20",
        "total": 3,
        "open": 2,
        "done": 1,
        "overdue": 1,
        "blocked": 1,
    }
    assert body["byColumn"] == [
        {"key": todo, "name": "To Do", "count": 1},
        {"key": doing, "name": "In Progress", "count": 1},
        {"key": done, "name": "Done", "count": 1},
    ]
    assert [(c["key"], c["count"]) for c in body["byPriority"]] == [("high", 1), ("medium", 1), ("low", 1), (None, 0)]
    assert body["byAssignee"] == [
        {"key": None, "name": "Unassigned", "count": 2},
        {"key": alice.id, "name": alice.name, "count": 1},
    ]
    assert body["byLabel"] == []
    assert len(body["completions"]) == 30
    assert body["completions"][-1] == {"date": "2026-03-20", "count": 1}
    assert sum(c["count"] for c in body["completions"]) == 1
    assert [(s["name"], s["counts"][-4:]) for s in body["flow"]] == [
        ("To Do", [1, 0, 0, 1]),
        ("In Progress", [0, 1, 1, 1]),
        ("Done", [0, 0, 0, 1]),
    ]
    assert body["leadTime"] == {"count": 1, "medianDays": 3.0, "averageDays": 3.0}
    assert body["cycleTime"] == {"count": 1, "medianDays": 2.0, "averageDays": 2.0}


def test_the_window_can_be_chosen(alice: ApiUser, project: Project) -> None:
    body = alice.get(stats_path(project), params={"days": 90}).json()
    assert body["days"] == 90 and len(body["completions"]) == 90
    assert all(len(s["counts"]) == 90 for s in body["flow"])


@pytest.mark.parametrize("days", ["0", "366", "-1", "many"])
def test_a_bad_window_is_a_400_naming_days(alice: ApiUser, project: Project, days: str) -> None:
    response = alice.get(stats_path(project), params={"days": days})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "days"


def test_a_missing_or_foreign_scope_is_a_404(alice: ApiUser, project: Project) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    for scope_id in ("0" * 24, "not-an-id", other["defaultScopeId"]):
        assert alice.get(stats_path(project, scope_id)).status_code == 404


def test_another_organization_gets_404_and_no_data(alice: ApiUser, mallory: ApiUser, project: Project) -> None:
    response = mallory.get(stats_path(project))
    assert response.status_code == 404
    assert "total" not in response.json()
    through_own = f"{mallory.ws_path}/projects/{project['id']}/scopes/{project['defaultScopeId']}/stats"
    assert mallory.get(through_own).status_code == 404


def test_a_token_needs_projects_read(alice: ApiUser, project: Project) -> None:
    token = alice.post("/api-tokens", json={"name": "notes only", "scopes": ["notifications:read"]}).json()["token"]
    refused = alice.client.get(stats_path(project), headers={"Authorization": f"Bearer {token}"})
    assert refused.status_code == 403
    assert "projects:read" in refused.json()["message"]
    token = alice.post("/api-tokens", json={"name": "reader", "scopes": ["projects:read"]}).json()["token"]
    assert alice.client.get(stats_path(project), headers={"Authorization": f"Bearer {token}"}).status_code == 200
