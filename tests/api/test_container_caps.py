"""Caps on what a scope or a project holds: the Nth is accepted, the N+1th is a 409.

The containers are filled up to N-1 through the services (fast), then the last
two creates go through REST. The caps are written out here rather than read from
the services, so that moving one is a deliberate change that shows in a test.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy.orm import Session

from stellary_core.db import Database
from stellary_core.models import Project
from stellary_core.principal import Principal
from stellary_core.schemas.board import ColumnCreateIn
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.scopes import SavedFilterCreateIn, ScopeCreateIn
from stellary_core.services import columns, custom_fields, labels, saved_filters, scopes
from tests.conftest import ApiUser

COLUMNS_PER_SCOPE = 50
SCOPES_PER_PROJECT = 100
LABELS_PER_PROJECT = 200
CUSTOM_FIELDS_PER_PROJECT = 50
SAVED_FILTERS_PER_SCOPE = 100

# One service call creating the i-th item: (session, actor, workspace id, project id, i).
Maker = Callable[[Session, Principal, str, str, int], object]


def fill(db: Database, user: ApiUser, project: dict[str, Any], make: Maker, start: int, stop: int) -> None:
    """Create items start..stop-1 through the services, in one write session (it commits at the end)."""
    with db.session(write=True) as session:
        stored = session.get(Project, project["id"])
        assert stored is not None
        for i in range(start, stop):
            make(session, user.principal, stored.workspace_id, stored.id, i)


def assert_cap(response: Any, message: str) -> None:
    assert response.status_code == 409, response.text
    body = response.json()
    assert body["statusCode"] == 409 and body["error"] == "Conflict"
    assert message in body["message"]


def test_a_scope_takes_50_columns_and_refuses_the_51st(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    scope_id = project["defaultScopeId"]

    def make(session: Session, actor: Principal, ws: str, pid: str, i: int) -> object:
        data = ColumnCreateIn(name=f"Column {i}", scope_id=scope_id)
        return columns.create_column(session, actor=actor, workspace_id=ws, project_id=pid, data=data)

    fill(db, alice, project, make, len(project["columns"]), COLUMNS_PER_SCOPE - 1)
    path = f"{project['path']}/columns"
    last = alice.post(path, json={"name": "The 50th", "scopeId": scope_id})
    assert last.status_code == 201, last.text
    assert_cap(alice.post(path, json={"name": "One too many", "scopeId": scope_id}), "at most 50 columns")
    listed = alice.get(path, params={"scopeId": scope_id}).json()
    assert len(listed) == COLUMNS_PER_SCOPE and listed[-1]["name"] == "The 50th"
    # The cap is per scope: another scope of the same project still takes columns.
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    assert alice.post(path, json={"name": "Elsewhere", "scopeId": other["id"]}).status_code == 201


def test_a_project_takes_100_scopes_and_refuses_the_101st(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    def make(session: Session, actor: Principal, ws: str, pid: str, i: int) -> object:
        return scopes.create_scope(session, actor=actor, workspace_id=ws, project_id=pid, data=ScopeCreateIn(name=f"Scope {i}"))

    path = f"{project['path']}/scopes"
    fill(db, alice, project, make, len(alice.get(path).json()), SCOPES_PER_PROJECT - 1)
    last = alice.post(path, json={"name": "The 100th"})
    assert last.status_code == 201, last.text
    assert_cap(alice.post(path, json={"name": "One too many"}), "at most 100 scopes")
    names = [scope["name"] for scope in alice.get(path).json()]
    assert len(names) == SCOPES_PER_PROJECT and "The 100th" in names and "One too many" not in names


def test_a_project_takes_200_labels_and_refuses_the_201st(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    def make(session: Session, actor: Principal, ws: str, pid: str, i: int) -> object:
        data = LabelCreateIn(name=f"Label {i:03d}", color="#336699")
        return labels.create_label(session, actor=actor, workspace_id=ws, project_id=pid, data=data)

    path = f"{project['path']}/labels"
    fill(db, alice, project, make, 0, LABELS_PER_PROJECT - 1)
    last = alice.post(path, json={"name": "The 200th", "color": "#ff0000"})
    assert last.status_code == 201, last.text
    assert_cap(alice.post(path, json={"name": "One too many", "color": "#ff0000"}), "at most 200 labels")
    names = [label["name"] for label in alice.get(path).json()]
    assert len(names) == LABELS_PER_PROJECT and "The 200th" in names and "One too many" not in names


def test_a_project_takes_50_custom_fields_and_refuses_the_51st(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    def make(session: Session, actor: Principal, ws: str, pid: str, i: int) -> object:
        data = CustomFieldCreateIn(name=f"Field {i}", type="text")
        return custom_fields.create_custom_field(session, actor=actor, workspace_id=ws, project_id=pid, data=data)

    path = f"{project['path']}/custom-fields"
    fill(db, alice, project, make, 0, CUSTOM_FIELDS_PER_PROJECT - 1)
    last = alice.post(path, json={"name": "The 50th", "type": "number"})
    assert last.status_code == 201, last.text
    assert_cap(alice.post(path, json={"name": "One too many", "type": "number"}), "at most 50 custom fields")
    names = [field["name"] for field in alice.get(path).json()]
    assert len(names) == CUSTOM_FIELDS_PER_PROJECT and "The 50th" in names and "One too many" not in names


def test_a_scope_takes_100_saved_filters_and_refuses_the_101st(db: Database, alice: ApiUser, project: dict[str, Any]) -> None:
    scope_id = project["defaultScopeId"]

    def make(session: Session, actor: Principal, ws: str, pid: str, i: int) -> object:
        data = SavedFilterCreateIn(name=f"Filter {i}", query="is:open")
        return saved_filters.create_saved_filter(
            session, actor=actor, workspace_id=ws, project_id=pid, scope_id=scope_id, data=data
        )

    path = f"{project['path']}/scopes/{scope_id}/filters"
    fill(db, alice, project, make, 0, SAVED_FILTERS_PER_SCOPE - 1)
    last = alice.post(path, json={"name": "The 100th", "query": "label:bug"})
    assert last.status_code == 201, last.text
    assert_cap(alice.post(path, json={"name": "One too many", "query": "label:bug"}), "at most 100 saved filters")
    names = [saved["name"] for saved in alice.get(path).json()]
    assert len(names) == SAVED_FILTERS_PER_SCOPE and "The 100th" in names and "One too many" not in names
    # The cap is per scope: another scope of the same project still takes filters.
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    elsewhere = f"{project['path']}/scopes/{other['id']}/filters"
    assert alice.post(elsewhere, json={"name": "Elsewhere", "query": "label:bug"}).status_code == 201
