"""/orgs/:orgSlug/workspaces: create, list, get (members and invitations have their own tests)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stellary_core import clock
from stellary_core.ids import is_id
from tests.conftest import ApiUser

WS = "/orgs/acme/workspaces"


@pytest.fixture
def acme(alice: ApiUser) -> dict[str, Any]:
    response = alice.post("/organizations", json={"name": "Acme Corp", "slug": "acme"})
    assert response.status_code == 201
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def engineering(alice: ApiUser, acme: dict) -> dict[str, Any]:
    response = alice.post(WS, json={"name": "Engineering", "slug": "engineering"})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def join_org(owner: ApiUser, user: ApiUser, role: str) -> None:
    assert owner.post("/organizations/acme/members", json={"email": user.email, "role": role}).status_code == 201


def join_workspace(owner: ApiUser, user: ApiUser, slug: str = "engineering") -> None:
    response = owner.post(f"{WS}/{slug}/members", json={"email": user.email, "role": "member"})
    assert response.status_code == 201, response.text


# -- create ----------------------------------------------------------------------------


def test_create_returns_the_reference_shape(alice: ApiUser, acme: dict) -> None:
    clock.freeze(datetime(2026, 1, 15, 10, 30))
    response = alice.post(WS, json={"name": "Engineering", "slug": "engineering"})
    assert response.status_code == 201
    body = response.json()
    assert is_id(body["id"])
    assert {k: v for k, v in body.items() if k != "id"} == {
        "name": "Engineering",
        "slug": "engineering",
        "organizationId": acme["id"],
        "ownerId": alice.id,
        "isPersonal": False,
        "myRole": "admin",
        "myPilotageRole": "owner",
        "createdAt": "2026-01-15T10:30:00Z",
        "updatedAt": "2026-01-15T10:30:00Z",
    }


def test_workspace_slugs_are_unique_within_their_organization(alice: ApiUser, engineering: dict) -> None:
    response = alice.post(WS, json={"name": "Engineering 2", "slug": "engineering"})
    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"


def test_the_same_slug_is_fine_in_another_organization(alice: ApiUser, engineering: dict) -> None:
    response = alice.post(f"/orgs/{alice.org_slug}/workspaces", json={"name": "Engineering", "slug": "engineering"})
    assert response.status_code == 201


def test_org_admin_creates_workspaces_and_owns_them(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join_org(alice, bob, "admin")
    response = bob.post(WS, json={"name": "Design", "slug": "design"})
    assert response.status_code == 201
    assert (response.json()["ownerId"], response.json()["myRole"]) == (bob.id, "admin")


def test_org_member_may_not_create_workspaces(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join_org(alice, bob, "member")
    response = bob.post(WS, json={"name": "Design", "slug": "design"})
    assert response.status_code == 403
    assert alice.get(f"{WS}/design").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Engineering"}, "slug"),
        ({"slug": "engineering"}, "name"),
        ({"name": "", "slug": "engineering"}, "name"),
        ({"name": "n" * 201, "slug": "engineering"}, "name"),
        ({"name": "Eng", "slug": "E"}, "slug"),
        ({"name": "Eng", "slug": "Engineering"}, "slug"),
        ({"name": "Eng", "slug": "eng/../x"}, "slug"),
        ({"name": "Eng", "slug": "e" * 61}, "slug"),
        ({"name": "Eng", "slug": "eng", "isPersonal": True}, "isPersonal"),
        ({"name": "Eng", "slug": "eng", "organizationId": "665f1a2b3c4d5e6f7a8b9c0d"}, "organizationId"),
        ({"name": "Eng", "slug": "eng", "ownerId": "665f1a2b3c4d5e6f7a8b9c0d"}, "ownerId"),
        ({"name": "Eng", "slug": "eng", "createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
    ],
)
def test_create_validation(alice: ApiUser, acme: dict, body: dict, field: str) -> None:
    response = alice.post(WS, json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert alice.get(WS).json() == []


# -- list ---------------------------------------------------------------------------------------


def test_owner_lists_every_workspace(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join_org(alice, bob, "admin")
    bob.post(WS, json={"name": "Design", "slug": "design"})
    alice.post(WS, json={"name": "Engineering", "slug": "engineering"})
    listed = alice.get(WS)
    assert listed.status_code == 200
    rows = {w["slug"]: w for w in listed.json()}
    assert set(rows) == {"design", "engineering"}
    # Visible to the owner without being a member of it.
    assert rows["design"]["myRole"] is None
    assert rows["engineering"]["myRole"] == "admin"


def test_a_member_lists_only_the_workspaces_they_belong_to(alice: ApiUser, bob: ApiUser, engineering: dict) -> None:
    alice.post(WS, json={"name": "Secret", "slug": "secret"})
    join_org(alice, bob, "member")
    assert bob.get(WS).json() == []
    join_workspace(alice, bob)
    listed = bob.get(WS).json()
    assert [(w["slug"], w["myRole"], w["myPilotageRole"]) for w in listed] == [("engineering", "member", "viewer")]


def test_the_personal_workspace_is_listed_first(alice: ApiUser) -> None:
    alice.post(f"/orgs/{alice.org_slug}/workspaces", json={"name": "Side", "slug": "side"})
    listed = alice.get(f"/orgs/{alice.org_slug}/workspaces").json()
    assert [(w["slug"], w["isPersonal"]) for w in listed] == [("personal", True), ("side", False)]


# -- get ------------------------------------------------------------------------------------------


def test_get_returns_the_reference_shape(alice: ApiUser, engineering: dict) -> None:
    response = alice.get(f"{WS}/engineering")
    assert response.status_code == 200
    assert response.json() == engineering


def test_a_workspace_member_gets_it_with_their_roles(alice: ApiUser, bob: ApiUser, engineering: dict) -> None:
    join_org(alice, bob, "member")
    join_workspace(alice, bob)
    body = bob.get(f"{WS}/engineering").json()
    assert (body["myRole"], body["myPilotageRole"]) == ("member", "viewer")


def test_an_org_member_outside_the_workspace_gets_404(alice: ApiUser, bob: ApiUser, engineering: dict) -> None:
    join_org(alice, bob, "member")
    assert bob.get(f"{WS}/engineering").status_code == 404
    assert bob.get(f"{WS}/engineering/projects").status_code == 404


def test_an_org_admin_outside_the_workspace_sees_it(alice: ApiUser, bob: ApiUser, engineering: dict) -> None:
    join_org(alice, bob, "admin")
    body = bob.get(f"{WS}/engineering").json()
    assert body["id"] == engineering["id"]
    assert body["myRole"] is None


def test_an_unknown_workspace_is_a_404(alice: ApiUser, acme: dict) -> None:
    assert alice.get(f"{WS}/nope").status_code == 404


def test_workspace_slugs_resolve_within_their_organization(alice: ApiUser, engineering: dict) -> None:
    # "engineering" exists in acme, not in alice's personal organization.
    assert alice.get(f"/orgs/{alice.org_slug}/workspaces/engineering").status_code == 404


# -- another organization's user, and no token --------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", WS, None),
        ("POST", WS, {"name": "Mine now", "slug": "mine-now"}),
        ("GET", f"{WS}/engineering", None),
        ("GET", f"{WS}/engineering/members", None),
    ],
)
def test_mallory_gets_404_and_no_data(
    alice: ApiUser, mallory: ApiUser, engineering: dict, method: str, path: str, body: dict | None
) -> None:
    response = mallory.client.request(method, path, headers=mallory.headers, json=body)
    assert response.status_code == 404
    assert "Engineering" not in response.text and engineering["id"] not in response.text
    assert [w["slug"] for w in alice.get(WS).json()] == ["engineering"]


def test_mallory_cannot_reach_a_personal_workspace(alice: ApiUser, mallory: ApiUser) -> None:
    assert mallory.get(alice.ws_path).status_code == 404
    assert mallory.get(f"/orgs/{alice.org_slug}/workspaces").status_code == 404


@pytest.mark.parametrize(("method", "path"), [("GET", WS), ("POST", WS), ("GET", f"{WS}/engineering")])
def test_workspace_routes_need_a_token(client: TestClient, engineering: dict, method: str, path: str) -> None:
    response = client.request(method, path, json={"name": "x", "slug": "xx"} if method == "POST" else None)
    assert response.status_code == 401
