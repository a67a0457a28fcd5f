"""Fuzz every operation of the OpenAPI document with schemathesis, through the ASGI app.

Two passes per operation: one with whatever path parameters schemathesis
generates (almost always 404s, which must still be well-formed), and one
anchored on a real organization, workspace, project, column and card of the
caller, so generated bodies and queries reach the services. Every response
must be a non-5xx that matches its documented schema, status and content type.

Each example gets a fresh database: an example that renames or deletes the
organization must not turn every later example into a 404.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.server.app import create_app
from tests.conftest import DatabaseCopies, register

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
FUZZ_SETTINGS = settings(
    max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None
)


@dataclass
class FuzzWorld:
    headers: dict[str, str]
    path_values: dict[str, str]
    seeded: Settings  # the seeded database, copied for each example


@pytest.fixture
def fuzz_app(db: Database) -> FastAPI:
    return create_app(db)


@pytest.fixture
def api_schema(fuzz_app: FastAPI) -> Any:
    loaded = schemathesis.openapi.from_asgi("/openapi.json", fuzz_app)
    # The coverage phase multiplies the cases per operation; keep the run bounded.
    loaded.config.phases.coverage.enabled = False
    # An event stream never ends, so it cannot be fuzzed request by request.
    return loaded.exclude(path_regex=r"(.*/stream|/events)$")


def _ok(response: Any, status: int) -> Any:
    """The body of a seeding request, which must have worked: a failed seed would leave paths unanchored."""
    assert response.status_code == status, f"{response.request.method} {response.request.url.path}: {response.text}"
    return response.json()


def _field(key: str) -> Callable[[Any], str]:
    def pick(body: Any) -> str:
        value = body[key]
        assert isinstance(value, str) and value, f"{key} missing from {body}"
        return value

    return pick


def _seed(app: FastAPI, directory: Path, copies: DatabaseCopies) -> FuzzWorld:
    """One user with a project, columns, cards and what hangs off them, in a copy of the template kept in ``directory``."""
    database = open_database(copies.copy(directory), migrate=False)
    app.state.db = database
    try:
        user = register(TestClient(app), "fuzz@example.com", "Fuzz")
        project = _ok(user.post(f"{user.ws_path}/projects", json={"name": "Fuzz board"}), 201)
        base = f"{user.ws_path}/projects/{project['id']}"
        column = _ok(user.get(f"{base}/columns"), 200)[0]
        card = _ok(user.post(f"{base}/columns/{column['id']}/cards", json={"title": "Fuzzed card"}), 201)
        other = _ok(user.post(f"{base}/columns/{column['id']}/cards", json={"title": "Other card"}), 201)
        values = {
            "orgSlug": user.org_slug,
            "wsSlug": user.ws_slug,
            "projectId": project["id"],
            "columnId": column["id"],
            "cardId": card["id"],
            "scopeId": project["defaultScopeId"],
            "userId": user.id,
            "operationName": "get_profile",  # POST /operations/{operationName}: a read, whatever body is fuzzed
        }
        # Anything else a path can name, made through the API; each answer says where its id is.
        card_path = f"{base}/cards/{card['id']}"
        pilotage = f"{user.ws_path}/pilotage"
        made: list[tuple[str, str, dict[str, Any], Callable[[Any], str]]] = [
            ("labelId", f"{base}/labels", {"json": {"name": "bug", "color": "#ff0000"}}, _field("id")),
            ("fieldId", f"{base}/custom-fields", {"json": {"name": "Points", "type": "number"}}, _field("id")),
            ("commentId", f"{card_path}/comments", {"json": {"content": "A comment"}}, _field("id")),
            # Adding a checklist item answers the whole card; the new item is the last one.
            ("itemId", f"{card_path}/checklist", {"json": {"title": "An item"}}, lambda body: body["checklist"][-1]["_id"]),
            ("relationId", f"{card_path}/relations", {"json": {"targetCardId": other["id"], "type": "related_to"}}, _field("id")),
            ("filterId", f"{base}/scopes/{project['defaultScopeId']}/filters", {"json": {"name": "Hot", "query": "priority:high"}}, _field("id")),
            ("attachmentId", f"{card_path}/attachments", {"files": {"file": ("notes.txt", b"hello", "text/plain")}}, _field("id")),
            ("id", "/api-tokens", {"json": {"name": "fuzz"}}, _field("id")),
            ("token", f"{user.ws_path}/members/invite", {"json": {"email": "guest@example.com"}}, _field("token")),
            ("missionId", f"{pilotage}/missions", {"json": {"objective": "Fuzzed mission"}}, _field("id")),
            ("priorityId", f"{pilotage}/priorities", {"json": {"label": "Fuzzed priority"}}, _field("id")),
            ("todoId", f"{pilotage}/todos", {"json": {"label": "Fuzzed todo"}}, _field("id")),
            ("decisionId", f"{pilotage}/decisions", {"json": {"title": "Fuzzed decision"}}, _field("id")),
            ("docId", f"{pilotage}/docs", {"json": {"title": "Fuzzed doc"}}, _field("id")),
            ("actionId", f"{pilotage}/actions/propose", {"json": {"actionType": "note", "explanation": "Fuzz"}}, _field("id")),
            ("documentId", f"{user.ws_path}/documents", {"json": {"title": "Fuzzed doc", "content": "# Hi"}}, _field("id")),
            ("ruleId", f"{base}/automations", {"json": {"trigger": "task_moved", "action": {"type": "archive_card"}}}, _field("id")),
            ("draftId", f"{user.ws_path}/project-drafts", {"json": {"name": "Fuzzed draft"}}, _field("id")),
        ]
        for name, path, kwargs, pick in made:
            values[name] = pick(_ok(user.post(path, **kwargs), 201))
        values["agentId"] = _ok(user.post(f"{user.ws_path}/agents", json={"name": "Fuzz", "slug": "fuzz"}), 201)["id"]
        values["proposalId"] = _proposal(user, values["agentId"], card["id"])
    finally:
        database.dispose()
    return FuzzWorld(user.headers, values, database.settings)


def _proposal(user: Any, agent_id: str, card_id: str) -> str:
    """A supervised agent's mission proposes its comment: the proposal's id, once the runner made it."""
    started = _ok(user.post(f"{user.ws_path}/agents/{agent_id}/missions", json={"cardId": card_id, "prompt": "comment: fuzz"}), 201)
    for _ in range(500):
        proposals = _ok(user.get(f"{user.ws_path}/missions/{started['id']}/proposals"), 200)
        if proposals:
            return str(proposals[0]["id"])
        time.sleep(0.02)
    raise AssertionError("the seeded mission proposed nothing")


@pytest.fixture
def fresh_world(fuzz_app: FastAPI, database_copies: DatabaseCopies, tmp_path: Path) -> Iterator[Callable[[], FuzzWorld]]:
    """Point the app at a fresh copy of the seeded database (and its files), for one example."""
    seed_dir = tmp_path / "seed"
    world = _seed(fuzz_app, seed_dir, database_copies)
    current: list[Database] = []

    def close_current() -> None:
        while current:
            database = current.pop()
            database.dispose()
            database_copies.discard(database.settings)

    def make() -> FuzzWorld:
        close_current()
        directory = tmp_path / "example"
        shutil.rmtree(directory, ignore_errors=True)
        shutil.copytree(seed_dir, directory)  # the attachments' files
        database = open_database(database_copies.copy(directory, source=world.seeded), migrate=False)
        current.append(database)
        fuzz_app.state.db = database
        return world

    yield make
    close_current()


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@FUZZ_SETTINGS
def test_generated_paths_never_fail_and_match_the_schema(case: Any, fresh_world: Callable[[], FuzzWorld]) -> None:
    world = fresh_world()
    case.call_and_validate(headers=world.headers, checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_real_paths_never_fail_and_match_the_schema(case: Any, fresh_world: Callable[[], FuzzWorld]) -> None:
    world = fresh_world()
    for name in case.path_parameters or {}:
        if name in world.path_values:
            case.path_parameters[name] = world.path_values[name]
    case.call_and_validate(headers=world.headers, checks=CHECKS)


def test_the_seed_names_every_path_parameter(fuzz_app: FastAPI, database_copies: DatabaseCopies, tmp_path: Path) -> None:
    """The anchored pass only reaches the services through parameters the seed knows."""
    spec = TestClient(fuzz_app).get("/openapi.json").json()
    names = {
        parameter["name"]
        for operations in spec["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] == "path"
    }
    world = _seed(fuzz_app, tmp_path / "seed", database_copies)
    assert names and names <= set(world.path_values), sorted(names - set(world.path_values))
    assert all(world.path_values[name] for name in names)
