"""Token scopes on every route: each of the seven scopes against each area's reads and writes.

A PAT holding only scope S gets 403 naming the missing scope on a route that
needs another one, and succeeds where S is what the route needs. The
introspection tests make every future route declare exactly one scope.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pytest
from fastapi import routing
from fastapi.testclient import TestClient

from stellary_core.ai.mission_runner import worker_of
from stellary_core.config import Settings
from stellary_core.db import Database
from stellary_core.principal import ALL_SCOPES
from stellary_core.operations import get_operation
from stellary_core.server.operations import EVERY_OPERATION, OPERATION_KEY, SCOPE_KEY
from stellary_core.server.app import create_app
from tests.conftest import ApiUser, register

JWT = "jwt"  # the route accepts only a JWT session
ANY = "any"  # POST /operations/{operationName}: each operation's own scope (tests/remote/test_operation_calls.py)


class World:
    """alice's data, each piece made the first time a case needs it (``{name}`` in paths)."""

    def __init__(self, client: TestClient, alice: ApiUser, project: dict[str, Any]) -> None:
        self.client, self.alice, self.project = client, alice, project

    def __getitem__(self, key: str) -> str:  # str.format_map
        return str(getattr(self, key))

    def _ok(self, response: Any) -> dict[str, Any]:
        assert response.status_code < 300, response.text
        body: dict[str, Any] = response.json()
        return body

    @property
    def org(self) -> str:
        return self.alice.org_slug

    @property
    def W(self) -> str:
        return self.alice.ws_path

    @property
    def P(self) -> str:
        return str(self.project["path"])

    @property
    def column(self) -> str:
        return str(self.project["columns"][0]["id"])

    @cached_property
    def bob(self) -> ApiUser:
        """A member of alice's organization, workspace and project."""
        bob = register(self.client, "bob@example.com", "Bob")
        self._ok(self.alice.post(f"/organizations/{self.org}/members", json={"email": bob.email, "role": "member"}))
        self._ok(self.alice.post(f"{self.W}/members", json={"email": bob.email, "role": "member"}))
        self._ok(self.alice.post(f"{self.P}/members", json={"email": bob.email}))
        return bob

    @property
    def bob_id(self) -> str:
        return self.bob.id

    @cached_property
    def carol_email(self) -> str:
        """In alice's organization and workspace, not in the project."""
        carol = register(self.client, "carol@example.com", "Carol")
        self._ok(self.alice.post(f"/organizations/{self.org}/members", json={"email": carol.email, "role": "member"}))
        self._ok(self.alice.post(f"{self.W}/members", json={"email": carol.email, "role": "member"}))
        return carol.email

    @cached_property
    def dave_email(self) -> str:
        """Only in alice's organization."""
        dave = register(self.client, "dave@example.com", "Dave")
        self._ok(self.alice.post(f"/organizations/{self.org}/members", json={"email": dave.email, "role": "member"}))
        return dave.email

    @cached_property
    def erin_email(self) -> str:
        """Registered, in no organization of alice's."""
        return register(self.client, "erin@example.com", "Erin").email

    @cached_property
    def card(self) -> str:
        return str(self._ok(self.alice.post(f"{self.P}/columns/{self.column}/cards", json={"title": "Task"}))["id"])

    @cached_property
    def empty_column(self) -> str:
        return str(self._ok(self.alice.post(f"{self.P}/columns", json={"name": "Spare"}))["id"])

    @cached_property
    def spare_project(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/projects", json={"name": "Spare"}))["id"])

    @cached_property
    def spare_org(self) -> str:
        return str(self._ok(self.alice.post("/organizations", json={"name": "Spare", "slug": "spare-org"}))["slug"])

    @cached_property
    def comment(self) -> str:
        return str(self._ok(self.alice.post(f"{self.P}/cards/{self.card}/comments", json={"content": "Hi"}))["id"])

    @cached_property
    def attachment(self) -> str:
        upload = self.alice.post(f"{self.P}/cards/{self.card}/attachments", files={"file": ("a.txt", b"hello", "text/plain")})
        return str(self._ok(upload)["id"])

    @cached_property
    def label(self) -> str:
        return str(self._ok(self.alice.post(f"{self.P}/labels", json={"name": "Bug", "color": "#ff0000"}))["id"])

    @cached_property
    def item(self) -> str:
        """A checklist item of the card (the POST answers the card: its last item is the new one)."""
        card = self._ok(self.alice.post(f"{self.P}/cards/{self.card}/checklist", json={"title": "Step"}))
        return str(card["checklist"][-1]["_id"])

    @cached_property
    def custom_field(self) -> str:
        return str(self._ok(self.alice.post(f"{self.P}/custom-fields", json={"name": "Size", "type": "text"}))["id"])

    @cached_property
    def other_card(self) -> str:
        return str(self._ok(self.alice.post(f"{self.P}/columns/{self.column}/cards", json={"title": "Other"}))["id"])

    @cached_property
    def relation(self) -> str:
        created = self.alice.post(
            f"{self.P}/cards/{self.card}/relations", json={"targetCardId": self.other_card, "type": "blocks"}
        )
        return str(self._ok(created)["id"])

    @cached_property
    def automation(self) -> str:
        body = {"trigger": "task_created", "action": {"type": "archive_card"}}
        return str(self._ok(self.alice.post(f"{self.P}/automations", json=body))["id"])

    @cached_property
    def scope(self) -> str:
        return str(self.project["defaultScopeId"])

    @cached_property
    def notification(self) -> str:
        """bob creates a card in alice's project, which notifies alice."""
        bob = self.bob
        self._ok(bob.post(f"{self.P}/columns/{self.column}/cards", json={"title": "From Bob"}))
        notes = self._ok_list(self.alice.get("/notifications"))
        return str(notes[0]["id"])

    def _ok_list(self, response: Any) -> list[dict[str, Any]]:
        assert response.status_code == 200, response.text
        return list(response.json())

    @cached_property
    def mission(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/pilotage/missions", json={"objective": "Ship"}))["id"])

    @cached_property
    def priority(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/pilotage/priorities", json={"label": "Focus"}))["id"])

    @cached_property
    def todo(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/pilotage/todos", json={"label": "Step"}))["id"])

    @cached_property
    def decision(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/pilotage/decisions", json={"title": "Go"}))["id"])

    @cached_property
    def doc(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/pilotage/docs", json={"title": "Spec"}))["id"])

    def _action(self, approved: bool) -> str:
        body = {"actionType": "note", "explanation": "Why"}
        made = self._ok(self.alice.post(f"{self.W}/pilotage/actions/propose", json=body))
        if approved:
            self._ok(self.alice.post(f"{self.W}/pilotage/actions/{made['id']}/review", json={"approved": True}))
        return str(made["id"])

    @cached_property
    def action(self) -> str:
        """A suggested action."""
        return self._action(approved=False)

    @cached_property
    def approved_action(self) -> str:
        return self._action(approved=True)

    @cached_property
    def document(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/documents", json={"title": "Spec"}))["id"])

    @cached_property
    def pending_document(self) -> str:
        """bob's document, submitted: alice (the workspace admin) may review it."""
        bob = self.bob
        created = self._ok(bob.post(f"{self.W}/documents", json={"title": "Bob's spec"}))
        self._ok(bob.post(f"{self.W}/documents/{created['id']}/submit-review"))
        return str(created["id"])

    @cached_property
    def agent(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/agents", json={"name": "Bot", "slug": "bot"}))["id"])

    @cached_property
    def spare_agent(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/agents", json={"name": "Spare", "slug": "spare"}))["id"])

    @cached_property
    def agent_mission(self) -> str:
        """A mission of an outside agent: it stays queued, so it can be cancelled and streamed."""
        outsider = self._ok(self.alice.post(f"{self.W}/agents", json={"name": "Out", "slug": "out", "provider": "external"}))
        body = {"cardId": self.card, "prompt": "archive"}
        return str(self._ok(self.alice.post(f"{self.W}/agents/{outsider['id']}/missions", json=body))["id"])

    @cached_property
    def ended_mission(self) -> str:
        """A cancelled mission: its stream replays and closes."""
        self._ok(self.alice.post(f"{self.W}/missions/{self.agent_mission}/cancel"))
        return self.agent_mission

    def _agent_proposal(self) -> str:
        body = {"cardId": self.card, "prompt": "archive"}
        made = self._ok(self.alice.post(f"{self.W}/agents/{self.agent}/missions", json=body))
        for _ in range(500):
            mission = self._ok(self.alice.get(f"{self.W}/missions/{made['id']}"))
            if mission["proposals"]:
                return str(mission["proposals"][0]["id"])
            time.sleep(0.01)
        raise AssertionError("the mission proposed nothing")

    @cached_property
    def agent_proposal(self) -> str:
        return self._agent_proposal()

    @cached_property
    def other_agent_proposal(self) -> str:
        return self._agent_proposal()

    @cached_property
    def draft(self) -> str:
        return str(self._ok(self.alice.post(f"{self.W}/project-drafts", json={"name": "Idea"}))["id"])

    @cached_property
    def refined_draft(self) -> str:
        self._ok(self.alice.post(f"{self.W}/project-drafts/{self.draft}/refine", json={"answers": {"goal": "Ship"}}))
        return self.draft

    @cached_property
    def planned_draft(self) -> str:
        self._ok(self.alice.post(f"{self.W}/project-drafts/{self.refined_draft}/generate-roadmap"))
        return self.draft

    @cached_property
    def invite_token(self) -> str:
        """bob invites alice into his personal workspace."""
        bob = self.bob
        return str(self._ok(bob.post(f"{bob.ws_path}/members/invite", json={"email": self.alice.email}))["token"])


Body = Callable[[World], dict[str, Any]]


@dataclass(frozen=True)
class Case:
    method: str
    path: str
    scope: str
    json: Body | None = None
    files: dict[str, Any] | None = field(default=None, hash=False)

    @property
    def id(self) -> str:
        return f"{self.method} {self.path}"


def body(**values: Any) -> Body:
    return lambda _world: values


R, Wr = "projects:read", "projects:write"
PR, PW = "pilotage:read", "pilotage:write"
CASES = [
    # account
    Case("GET", "/auth/me", "account:read"),
    Case("PATCH", "/auth/me", "account:write", body(name="Alice B")),
    Case("POST", "/auth/change-password", "account:write", body(currentPassword="secure-pass-123", newPassword="another-pass-456")),
    # notifications (one scope reads and manages them)
    Case("GET", "/notifications", "notifications:read"),
    Case("GET", "/notifications/count", "notifications:read"),
    Case("PATCH", "/notifications/read-all", "notifications:read"),
    Case("PATCH", "/notifications/{notification}/read", "notifications:read"),
    # API tokens: a JWT only
    Case("GET", "/api-tokens", JWT),
    Case("POST", "/api-tokens", JWT, body(name="more")),
    # organizations and their members
    Case("GET", "/organizations", R),
    Case("POST", "/organizations", Wr, body(name="Acme", slug="acme-corp")),
    Case("GET", "/organizations/{org}", R),
    Case("PATCH", "/organizations/{org}", Wr, body(name="Renamed")),
    Case("DELETE", "/organizations/{spare_org}", Wr),
    Case("GET", "/organizations/{org}/members", R),
    Case("POST", "/organizations/{org}/members", Wr, lambda w: {"email": w.erin_email, "role": "member"}),
    Case("PATCH", "/organizations/{org}/members/{bob_id}", Wr, body(role="admin")),
    Case("DELETE", "/organizations/{org}/members/{bob_id}", Wr),
    # workspaces, their members and invitations
    Case("GET", "/orgs/{org}/workspaces", R),
    Case("POST", "/orgs/{org}/workspaces", Wr, body(name="Eng", slug="eng")),
    Case("GET", "{W}", R),
    Case("GET", "{W}/members", R),
    Case("POST", "{W}/members", Wr, lambda w: {"email": w.dave_email, "role": "member"}),
    Case("PATCH", "{W}/members/{bob_id}", Wr, body(pilotageRole="reviewer")),
    Case("DELETE", "{W}/members/{bob_id}", Wr),
    Case("POST", "{W}/members/invite", Wr, body(email="new@example.com")),
    Case("GET", "{W}/invitations", R),
    Case("POST", "/invitations/{invite_token}/accept", Wr),
    # projects and project members
    Case("GET", "{W}/projects", R),
    Case("POST", "{W}/projects", Wr, body(name="Next")),
    Case("GET", "{W}/projects/portfolio", R),
    Case("GET", "{W}/projects/templates", R),
    Case("GET", "{P}", R),
    Case("PATCH", "{P}", Wr, body(name="Renamed")),
    Case("DELETE", "{W}/projects/{spare_project}", Wr),
    Case("GET", "{P}/members", R),
    Case("POST", "{P}/members", Wr, lambda w: {"email": w.carol_email}),
    Case("DELETE", "{P}/members/{bob_id}", Wr),
    # columns and cards
    Case("GET", "{P}/columns", R),
    Case("POST", "{P}/columns", Wr, body(name="Review")),
    Case("PATCH", "{P}/columns/{column}", Wr, body(name="Backlog")),
    Case("DELETE", "{P}/columns/{empty_column}", Wr),
    Case("GET", "{P}/cards", R),
    Case("GET", "{P}/cards/{card}", R),
    Case("POST", "{P}/columns/{column}/cards", Wr, body(title="New")),
    Case("PATCH", "{P}/cards/{card}", Wr, body(title="Changed")),
    Case("DELETE", "{P}/cards/{card}", Wr),
    Case("GET", "{P}/cards/{card}/activity", R),
    # comments and attachments
    Case("GET", "{P}/cards/{card}/comments", R),
    Case("POST", "{P}/cards/{card}/comments", Wr, body(content="Looks good")),
    Case("DELETE", "{P}/cards/{card}/comments/{comment}", Wr),
    Case("GET", "{P}/cards/{card}/attachments", R),
    Case("POST", "{P}/cards/{card}/attachments", Wr, files={"file": ("b.txt", b"bytes", "text/plain")}),
    Case("GET", "{P}/cards/{card}/attachments/{attachment}", R),
    Case("DELETE", "{P}/cards/{card}/attachments/{attachment}", Wr),
    # labels, checklists, fields, relations, scopes
    Case("GET", "{P}/labels", R),
    Case("POST", "{P}/labels", Wr, body(name="Urgent", color="#00ff00")),
    Case("PATCH", "{P}/labels/{label}", Wr, body(color="#0000ff")),
    Case("DELETE", "{P}/labels/{label}", Wr),
    Case("POST", "{P}/cards/{card}/labels/{label}", Wr),
    Case("DELETE", "{P}/cards/{card}/labels/{label}", Wr),
    Case("POST", "{P}/cards/{card}/checklist", Wr, body(title="Step")),
    Case("PATCH", "{P}/cards/{card}/checklist/{item}", Wr, body(done=True)),
    Case("DELETE", "{P}/cards/{card}/checklist/{item}", Wr),
    Case("GET", "{P}/custom-fields", R),
    Case("POST", "{P}/custom-fields", Wr, body(name="Team", type="text")),
    Case("PATCH", "{P}/custom-fields/{custom_field}", Wr, body(name="Estimate")),
    Case("DELETE", "{P}/custom-fields/{custom_field}", Wr),
    Case("PATCH", "{P}/cards/{card}/custom-fields", Wr, lambda w: {w.custom_field: "L"}),
    Case("GET", "{P}/cards/{card}/relations", R),
    Case("POST", "{P}/cards/{card}/relations", Wr, lambda w: {"targetCardId": w.other_card, "type": "related_to"}),
    Case("DELETE", "{P}/relations/{relation}", Wr),
    Case("GET", "{P}/automations", R),
    Case("POST", "{P}/automations", Wr, body(trigger="task_moved", action={"type": "archive_card"})),
    Case("GET", "{P}/automations/{automation}", R),
    Case("PATCH", "{P}/automations/{automation}", Wr, body(name="Renamed")),
    Case("PATCH", "{P}/automations/{automation}/toggle", Wr),
    Case("GET", "{P}/automations/{automation}/traces", R),
    Case("DELETE", "{P}/automations/{automation}", Wr),
    Case("GET", "{P}/scopes", R),
    Case("POST", "{P}/scopes", Wr, body(name="Phase 2")),
    Case("GET", "{P}/scopes/{scope}/views", R),
    # pilotage
    Case("GET", "{W}/pilotage/state", PR),
    Case("PATCH", "{W}/pilotage/cycle", PW, body(cycle="v2")),
    Case("GET", "{W}/pilotage/missions", PR),
    Case("POST", "{W}/pilotage/missions", PW, body(objective="Ship")),
    Case("PATCH", "{W}/pilotage/missions/{mission}", PW, body(status="in_progress")),
    Case("DELETE", "{W}/pilotage/missions/{mission}", PW),
    Case("GET", "{W}/pilotage/priorities", PR),
    Case("POST", "{W}/pilotage/priorities", PW, body(label="Focus")),
    Case("PATCH", "{W}/pilotage/priorities/{priority}", PW, body(status="archived")),
    Case("DELETE", "{W}/pilotage/priorities/{priority}", PW),
    Case("GET", "{W}/pilotage/todos", PR),
    Case("POST", "{W}/pilotage/todos", PW, body(label="Step")),
    Case("PATCH", "{W}/pilotage/todos/{todo}", PW, body(status="done")),
    Case("DELETE", "{W}/pilotage/todos/{todo}", PW),
    Case("GET", "{W}/pilotage/decisions", PR),
    Case("POST", "{W}/pilotage/decisions", PW, body(title="Go")),
    Case("PATCH", "{W}/pilotage/decisions/{decision}", PW, body(impact="Big")),
    Case("DELETE", "{W}/pilotage/decisions/{decision}", PW),
    Case("GET", "{W}/pilotage/docs", PR),
    Case("POST", "{W}/pilotage/docs", PW, body(title="Spec")),
    Case("PATCH", "{W}/pilotage/docs/{doc}", PW, body(owner="Jane")),
    Case("DELETE", "{W}/pilotage/docs/{doc}", PW),
    Case("POST", "{W}/pilotage/actions/propose", PW, body(actionType="note", explanation="Why")),
    Case("GET", "{W}/pilotage/actions", PR),
    Case("GET", "{W}/pilotage/actions/{action}", PR),
    Case("POST", "{W}/pilotage/actions/{action}/review", PW, body(approved=True)),
    Case("POST", "{W}/pilotage/actions/{approved_action}/apply", PW),
    # documents
    Case("GET", "{W}/documents", R),
    Case("POST", "{W}/documents", Wr, body(title="Brief", docType="brief")),
    Case("GET", "{W}/documents/{document}", R),
    Case("PATCH", "{W}/documents/{document}", Wr, body(title="Renamed")),
    Case("DELETE", "{W}/documents/{document}", Wr),
    Case("POST", "{W}/documents/{document}/submit-review", Wr),
    Case("POST", "{W}/documents/{pending_document}/review", Wr, body(status="approved")),
    # agents, missions, proposals
    Case("GET", "{W}/agents", R),
    Case("POST", "{W}/agents", Wr, body(name="Triage", slug="triage")),
    Case("GET", "{W}/agents/{agent}", R),
    Case("PATCH", "{W}/agents/{agent}", Wr, body(name="Renamed")),
    Case("DELETE", "{W}/agents/{spare_agent}", Wr),
    Case("POST", "{W}/agents/{agent}/missions", Wr, lambda w: {"cardId": w.card, "prompt": "comment: hi"}),
    Case("GET", "{W}/agents/{agent}/missions", R),
    Case("GET", "{W}/missions/{agent_mission}", R),
    Case("POST", "{W}/missions/{agent_mission}/cancel", Wr),
    Case("GET", "{W}/missions/{agent_mission}/proposals", R),
    Case("GET", "{W}/missions/{ended_mission}/stream", R),
    Case("POST", "{W}/proposals/{agent_proposal}/approve", Wr),
    Case("POST", "{W}/proposals/{other_agent_proposal}/reject", Wr, body(reason="No")),
    # the project wizard
    Case("GET", "{W}/project-drafts", R),
    Case("POST", "{W}/project-drafts", Wr, body(name="Idea")),
    Case("GET", "{W}/project-drafts/{draft}", R),
    Case("PATCH", "{W}/project-drafts/{draft}", Wr, body(name="Better idea")),
    Case("DELETE", "{W}/project-drafts/{draft}", Wr),
    Case("POST", "{W}/project-drafts/{draft}/refine", Wr, body(answers={"goal": "Ship"})),
    Case("POST", "{W}/project-drafts/{refined_draft}/generate-roadmap", Wr),
    Case("POST", "{W}/project-drafts/{planned_draft}/execute", Wr),
]


@pytest.fixture(autouse=True)
def missions_finish(db: Database) -> Iterator[None]:
    """Missions started by a case run in threads: they end before the database is closed."""
    yield
    assert worker_of(db).wait(10)


def pat(client: TestClient, alice: ApiUser, scopes: list[str]) -> dict[str, str]:
    response = alice.post("/api-tokens", json={"name": ",".join(scopes)[:100], "scopes": scopes})
    assert response.status_code == 201, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_each_scope_against_the_route(
    client: TestClient, alice: ApiUser, project: dict[str, Any], case: Case
) -> None:
    world = World(client, alice, project)
    path = case.path.format_map(world)
    payload = case.json(world) if case.json else None

    def call(headers: dict[str, str]) -> Any:
        return client.request(case.method, path, headers=headers, json=payload, files=case.files)

    everything_else = [s for s in ALL_SCOPES if s != case.scope]
    refused_with = [[s] for s in everything_else] + [everything_else]
    for scopes in refused_with:
        response = call(pat(client, alice, scopes))
        assert response.status_code == 403, (scopes, response.text)
        message = response.json()["message"]
        assert ("JWT" in message) if case.scope == JWT else (case.scope in message), message
    if case.scope != JWT:
        response = call(pat(client, alice, [case.scope]))
        assert response.status_code < 300, response.text


# -- introspection: every route runs one operation, whose scope fits its area --------------------

PUBLIC = {("POST", "/auth/register"), ("POST", "/auth/login")}


def api_routes(tmp_path: Path) -> list[tuple[str, str, set[str]]]:
    """(method, path, areas of the operation it runs: empty when it runs none) for every API route."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}", jwt_lifetime=60, jwt_secret="x")
    app = create_app(Database(settings))
    found = []
    for context in routing.iter_route_contexts(app.routes):
        if not isinstance(context.original_route, routing.APIRoute):
            continue  # /openapi.json and the docs pages
        areas: set[str] = set()
        extra = context.original_route.openapi_extra or {}
        bound = extra.get(OPERATION_KEY)
        checked = extra.get(SCOPE_KEY)
        if checked is not None:  # a route that checks a scope itself, or runs the operation it is asked for
            areas = {ANY} if checked == EVERY_OPERATION else {checked.split(":")[0]}
        elif bound is not None:
            # The runner checks the operation's scope (and kind) for every caller, REST included.
            op = get_operation(bound)
            areas = {JWT} if op.kinds is not None and "pat" not in op.kinds else {op.scope.split(":")[0]}
        for method in sorted(context.methods or ()):
            found.append((method, str(context.path), areas))
    return found


def expected_area(path: str) -> str:
    """The contract's mapping (section 2) from a path to the area whose scope it needs."""
    if path.startswith("/api-tokens"):
        return JWT
    if path.startswith("/notifications"):
        return "notifications"
    if path.startswith("/auth/"):
        return "account"
    if "/pilotage/" in path or path.endswith("/pilotage"):
        return "pilotage"
    return "projects"


def test_every_route_but_register_and_login_runs_an_operation(tmp_path: Path) -> None:
    routes = api_routes(tmp_path)
    assert len(routes) > 80
    wrong = [f"{method} {path}" for method, path, areas in routes if (method, path) not in PUBLIC and not areas]
    assert wrong == [], "routes that run no operation:\n" + "\n".join(wrong)


def test_every_route_declares_the_scope_of_its_area(tmp_path: Path) -> None:
    wrong = [
        f"{method} {path}: {sorted(areas)} instead of {expected_area(path)}"
        for method, path, areas in api_routes(tmp_path)
        if (method, path) not in PUBLIC and areas != {expected_area(path)} and areas != {ANY}
    ]
    assert wrong == [], "\n".join(wrong)


def test_only_register_and_login_are_public(tmp_path: Path) -> None:
    public = {(m, p) for m, p, areas in api_routes(tmp_path) if not areas}
    assert public == PUBLIC


def test_the_matrix_covers_every_area_the_app_serves(tmp_path: Path) -> None:
    served = {area for _m, _p, areas in api_routes(tmp_path) for area in areas} - {ANY}
    covered = {c.scope.split(":")[0] for c in CASES}
    assert served <= covered, f"add cases for {sorted(served - covered)} to CASES"


def test_bound_routes_read_or_write_as_their_method_says(tmp_path: Path) -> None:
    """A GET runs an operation that only reads; every other method one that writes."""
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'x.db'}", jwt_lifetime=60, jwt_secret="x")
    wrong = []
    for context in routing.iter_route_contexts(create_app(Database(settings)).routes):
        route = context.original_route
        if not isinstance(route, routing.APIRoute) or OPERATION_KEY not in (route.openapi_extra or {}):
            continue
        op = get_operation(route.openapi_extra[OPERATION_KEY])  # type: ignore[index]
        for method in context.methods or ():
            if op.writes != (method != "GET"):
                wrong.append(f"{method} {context.path} runs {op.name} (writes={op.writes})")
    assert wrong == []


def test_a_token_without_the_scope_is_refused_before_its_body_is_read(
    client: TestClient, alice: ApiUser, project: dict[str, Any]
) -> None:
    """A bound route answers 403 for the missing scope, not 400 for the body a forbidden caller sent."""
    reader = pat(client, alice, ["projects:read"])
    column = project["columns"][0]["id"]
    response = client.post(f"{project['path']}/columns/{column}/cards", json={"nonsense": 1}, headers=reader)
    assert response.status_code == 403, response.text
    assert "projects:write" in response.json()["message"]
