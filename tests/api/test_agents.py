"""W/agents: CRUD, the tools whitelist, providers, who manages agents, and another tenant's 404s."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from stellary_core.ai.mission_runner import worker_of
from stellary_core.db import Database
from stellary_core.schemas.agents import DEFAULT_TOOLS
from tests.api.missions_api import in_workspace_of, new_agent, new_card, start, wait_for
from tests.conftest import ApiUser


@pytest.fixture(autouse=True)
def missions_finish(db: Database) -> Iterator[None]:
    yield
    assert worker_of(db).wait(10)


def test_an_agent_is_created_with_sensible_defaults_read_listed_changed_and_deleted(alice: ApiUser) -> None:
    made = new_agent(alice, "triager")
    assert made["autonomyMode"] == "supervised" and made["provider"] == "rules" and made["enabled"] is True
    assert made["tools"] == list(DEFAULT_TOOLS)
    assert made["rateLimits"] == {"perMinute": 30, "perHour": 300} and made["createdBy"] == alice.id
    path = f"{alice.ws_path}/agents/{made['id']}"
    assert alice.get(path).json() == made
    assert alice.get(f"{alice.ws_path}/agents/triager").json()["id"] == made["id"]  # by slug too
    assert [a["slug"] for a in alice.get(f"{alice.ws_path}/agents").json()] == ["triager"]
    changed = alice.patch(path, json={"autonomyMode": "autonomous", "tools": ["move_card"], "rateLimits": {"perMinute": 2}})
    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert (body["autonomyMode"], body["tools"], body["rateLimits"]) == ("autonomous", ["move_card"], {"perMinute": 2, "perHour": 300})
    assert body["name"] == "Triager"  # untouched
    assert alice.delete(path).json() == {"ok": True}
    assert alice.get(path).status_code == 404


def test_an_unknown_tool_is_a_400_naming_it(alice: ApiUser) -> None:
    refused = alice.post(f"{alice.ws_path}/agents", json={"name": "X", "slug": "xx", "tools": ["move_card", "rm_rf"]})
    assert refused.status_code == 400
    assert refused.json()["message"] == "tools: 'rm_rf' is not a tool"
    made = new_agent(alice, "yy")
    assert alice.patch(f"{alice.ws_path}/agents/{made['id']}", json={"tools": ["nope"]}).status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "slug": "Not A Slug"}, "slug"),
        ({"name": "X", "slug": "xx", "autonomyMode": "reckless"}, "autonomyMode"),
        ({"name": "X", "slug": "xx", "rateLimits": {"perMinute": 0}}, "rateLimits.perMinute"),
        ({"name": "X", "slug": "xx", "provider": "magic"}, "provider"),
        ({"name": "X", "slug": "xx", "id": "665f1a2b3c4d5e6f7a8b9c0d"}, "id"),
        ({"slug": "xx"}, "name"),
    ],
)
def test_a_bad_agent_body_is_a_400_naming_the_field(alice: ApiUser, body: dict[str, Any], field: str) -> None:
    refused = alice.post(f"{alice.ws_path}/agents", json=body)
    assert refused.status_code == 400, refused.text
    assert field in [d["field"] for d in refused.json()["details"]]


def test_openai_without_its_settings_is_a_400_saying_what_is_missing(alice: ApiUser) -> None:
    refused = alice.post(f"{alice.ws_path}/agents", json={"name": "X", "slug": "xx", "provider": "openai"})
    assert refused.status_code == 400
    assert "STELLARY_AI_BASE_URL" in refused.json()["message"]


def test_a_slug_is_unique_in_the_workspace_and_a_patch_may_not_null_fields(alice: ApiUser) -> None:
    first = new_agent(alice, "one")
    new_agent(alice, "two")
    assert alice.post(f"{alice.ws_path}/agents", json={"name": "Again", "slug": "one"}).status_code == 409
    assert alice.patch(f"{alice.ws_path}/agents/{first['id']}", json={"slug": "two"}).status_code == 409
    nulled = alice.patch(f"{alice.ws_path}/agents/{first['id']}", json={"tools": None})
    assert nulled.status_code == 400 and nulled.json()["message"] == "tools: cannot be null"


def test_members_read_agents_and_only_admins_manage_them(alice: ApiUser, bob: ApiUser) -> None:
    made = new_agent(alice)
    member = in_workspace_of(alice, bob)
    assert member.get(f"{member.ws_path}/agents/{made['id']}").status_code == 200
    assert [a["id"] for a in member.get(f"{member.ws_path}/agents").json()] == [made["id"]]
    for response in (
        member.post(f"{member.ws_path}/agents", json={"name": "Mine", "slug": "mine"}),
        member.patch(f"{member.ws_path}/agents/{made['id']}", json={"name": "Renamed"}),
        member.delete(f"{member.ws_path}/agents/{made['id']}"),
    ):
        assert response.status_code == 403
        assert response.json()["message"] == "Only workspace admins can manage agents"


def test_another_tenant_gets_404_on_every_agent_route(
    alice: ApiUser, mallory: ApiUser, project: dict[str, Any]
) -> None:
    made = new_agent(alice, autonomyMode="autonomous")
    card = new_card(alice, project)
    mission = wait_for(alice, start(alice, made["id"], card["id"], "comment: hi")["id"])
    W, A, M = alice.ws_path, f"{alice.ws_path}/agents/{made['id']}", f"{alice.ws_path}/missions/{mission['id']}"
    for method, path, body in (
        ("GET", f"{W}/agents", None),
        ("POST", f"{W}/agents", {"name": "X", "slug": "xx"}),
        ("GET", A, None),
        ("PATCH", A, {"name": "Taken"}),
        ("DELETE", A, None),
        ("POST", f"{A}/missions", {"cardId": card["id"], "prompt": "archive"}),
        ("GET", f"{A}/missions", None),
        ("GET", M, None),
        ("POST", f"{M}/cancel", None),
        ("GET", f"{M}/proposals", None),
        ("GET", f"{M}/stream", None),
    ):
        response = mallory.client.request(method, path, headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, path, response.text)
    # Through mallory's own workspace, alice's agent, mission and card are not found either.
    MW = mallory.ws_path
    assert mallory.get(f"{MW}/agents/{made['id']}").status_code == 404
    assert mallory.get(f"{MW}/missions/{mission['id']}").status_code == 404
    theirs = new_agent(mallory, "spy")
    refused = mallory.post(f"{MW}/agents/{theirs['id']}/missions", json={"cardId": card["id"], "prompt": "archive"})
    assert refused.status_code == 404 and refused.json()["message"] == "Card not found"
    assert alice.get(A).json()["name"] == made["name"]
