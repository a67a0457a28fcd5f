"""/organizations: create, list, get, update, delete (members are tested in test_org_members.py)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.ids import is_id
from stellary_core.models import BoardColumn, Card, Organization, Project, Workspace
from tests.conftest import ApiUser

ACME = "/organizations/acme"


@pytest.fixture
def acme(alice: ApiUser) -> dict[str, Any]:
    response = alice.post("/organizations", json={"name": "Acme Corp", "slug": "acme"})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def join(owner: ApiUser, user: ApiUser, role: str) -> None:
    assert owner.post(f"{ACME}/members", json={"email": user.email, "role": role}).status_code == 201


# -- create -------------------------------------------------------------------------


def test_create_returns_the_reference_shape(alice: ApiUser) -> None:
    clock.freeze(datetime(2026, 1, 15, 10, 30))
    response = alice.post("/organizations", json={"name": "Acme Corp", "slug": "acme-corp"})
    assert response.status_code == 201
    body = response.json()
    assert is_id(body["id"])
    assert {k: body[k] for k in ("name", "slug", "ownerId", "createdAt")} == {
        "name": "Acme Corp",
        "slug": "acme-corp",
        "ownerId": alice.id,
        "createdAt": "2026-01-15T10:30:00Z",
    }


def test_the_creator_becomes_the_owner(alice: ApiUser, acme: dict) -> None:
    members = alice.get(f"{ACME}/members").json()
    assert [(m["userId"], m["role"]) for m in members] == [(alice.id, "owner")]


def test_org_slugs_are_unique_globally(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    response = bob.post("/organizations", json={"name": "Other Acme", "slug": "acme"})
    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"


def test_a_personal_org_slug_is_taken_too(alice: ApiUser, bob: ApiUser) -> None:
    assert bob.post("/organizations", json={"name": "Grab", "slug": alice.org_slug}).status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Acme"}, "slug"),
        ({"slug": "acme"}, "name"),
        ({"name": "", "slug": "acme"}, "name"),
        ({"name": "n" * 201, "slug": "acme"}, "name"),
        ({"name": "Acme", "slug": "a"}, "slug"),
        ({"name": "Acme", "slug": "a" * 61}, "slug"),
        ({"name": "Acme", "slug": "Acme"}, "slug"),
        ({"name": "Acme", "slug": "acme corp"}, "slug"),
        ({"name": "Acme", "slug": "-acme"}, "slug"),
        ({"name": "Acme", "slug": "acme-"}, "slug"),
        ({"name": "Acme", "slug": "ac--me"}, "slug"),
        ({"name": "Acme", "slug": "acmé"}, "slug"),
        ({"name": "Acme", "slug": "acme_corp"}, "slug"),
        ({"name": "Acme", "slug": 12}, "slug"),
        ({"name": "Acme", "slug": "acme", "id": "665f1a2b3c4d5e6f7a8b9c0d"}, "id"),
        ({"name": "Acme", "slug": "acme", "ownerId": "665f1a2b3c4d5e6f7a8b9c0d"}, "ownerId"),
        ({"name": "Acme", "slug": "acme", "createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
        ({"name": "Acme", "slug": "acme", "myRole": "owner"}, "myRole"),
    ],
)
def test_create_validation(alice: ApiUser, body: dict, field: str) -> None:
    response = alice.post("/organizations", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert len(alice.get("/organizations").json()) == 1


@pytest.mark.parametrize("slug", ["ab", "".join(chr(ord("a") + n % 26) for n in range(60)), "acme-corp-2", "42"])
def test_slug_limits_are_inclusive(alice: ApiUser, slug: str) -> None:
    assert alice.post("/organizations", json={"name": "Acme", "slug": slug}).status_code == 201
    stored = alice.get(f"/organizations/{slug}")
    assert stored.status_code == 200 and stored.json()["slug"] == slug
    assert slug in [o["slug"] for o in alice.get("/organizations").json()]


# -- list and get ------------------------------------------------------------------------


def test_list_shows_my_organizations_with_my_role(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join(alice, bob, "admin")
    listed = bob.get("/organizations")
    assert listed.status_code == 200
    body = listed.json()
    assert [(o["slug"], o["myRole"]) for o in body] == [(bob.org_slug, "owner"), ("acme", "admin")]
    assert {"id", "name", "slug", "myRole"} <= set(body[1])


def test_list_never_shows_other_peoples_organizations(alice: ApiUser, mallory: ApiUser, acme: dict) -> None:
    assert [o["slug"] for o in mallory.get("/organizations").json()] == [mallory.org_slug]


def test_get_returns_the_reference_shape(alice: ApiUser, acme: dict) -> None:
    response = alice.get(ACME)
    assert response.status_code == 200
    body = response.json()
    assert {k: body[k] for k in ("id", "name", "slug", "ownerId", "myRole")} == {
        "id": acme["id"],
        "name": "Acme Corp",
        "slug": "acme",
        "ownerId": alice.id,
        "myRole": "owner",
    }


def test_a_member_reads_the_organization(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join(alice, bob, "member")
    assert bob.get(ACME).json()["myRole"] == "member"


def test_an_unknown_slug_is_a_404(alice: ApiUser) -> None:
    response = alice.get("/organizations/no-such-org")
    assert response.status_code == 404
    assert response.json()["error"] == "Not Found"


# -- update -------------------------------------------------------------------------------


def test_owner_renames(alice: ApiUser, acme: dict) -> None:
    response = alice.patch(ACME, json={"name": "Acme Corporation"})
    assert response.status_code == 200
    assert response.json()["name"] == "Acme Corporation"
    assert alice.get(ACME).json()["name"] == "Acme Corporation"


def test_changing_the_slug_moves_the_organization(alice: ApiUser, acme: dict) -> None:
    response = alice.patch(ACME, json={"slug": "acme-inc"})
    assert response.status_code == 200
    assert alice.get("/organizations/acme-inc").json()["id"] == acme["id"]
    assert alice.get(ACME).status_code == 404


def test_changing_to_a_taken_slug_is_a_409(alice: ApiUser, acme: dict) -> None:
    response = alice.patch(ACME, json={"slug": alice.org_slug})
    assert response.status_code == 409
    assert alice.get(ACME).status_code == 200


def test_admin_may_update(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join(alice, bob, "admin")
    assert bob.patch(ACME, json={"name": "By Bob"}).status_code == 200


def test_member_may_not_update(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    join(alice, bob, "member")
    response = bob.patch(ACME, json={"name": "By Bob"})
    assert response.status_code == 403
    assert response.json()["error"] == "Forbidden"
    assert alice.get(ACME).json()["name"] == "Acme Corp"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "n" * 201}, "name"),
        ({"slug": "Bad Slug"}, "slug"),
        ({"ownerId": "665f1a2b3c4d5e6f7a8b9c0d"}, "ownerId"),
        ({"id": "665f1a2b3c4d5e6f7a8b9c0d"}, "id"),
        ({"createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
    ],
)
def test_update_validation(alice: ApiUser, acme: dict, body: dict, field: str) -> None:
    response = alice.patch(ACME, json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


@pytest.mark.parametrize("field", ["name", "slug"])
def test_null_name_or_slug_is_a_400(alice: ApiUser, acme: dict, field: str) -> None:
    response = alice.patch(ACME, json={field: None})
    assert response.status_code == 400
    assert response.json()["details"] == [{"field": field, "message": "cannot be null"}]
    after = alice.get(ACME).json()
    assert (after["name"], after["slug"]) == ("Acme Corp", "acme")


# -- delete -----------------------------------------------------------------------------------


def test_owner_deletes_with_everything_inside(alice: ApiUser, acme: dict, db: Database) -> None:
    ws = alice.post("/orgs/acme/workspaces", json={"name": "Engineering", "slug": "engineering"}).json()
    project = alice.post("/orgs/acme/workspaces/engineering/projects", json={"name": "Q1 Launch"}).json()
    base = f"/orgs/acme/workspaces/engineering/projects/{project['id']}"
    column = alice.get(f"{base}/columns").json()[0]
    assert alice.post(f"{base}/columns/{column['id']}/cards", json={"title": "Doomed"}).status_code == 201

    response = alice.delete(ACME)
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert alice.get(ACME).status_code == 404
    assert alice.get("/orgs/acme/workspaces").status_code == 404
    assert [o["slug"] for o in alice.get("/organizations").json()] == [alice.org_slug]
    with db.session() as session:
        assert session.get(Organization, acme["id"]) is None
        assert session.get(Workspace, ws["id"]) is None
        assert session.get(Project, project["id"]) is None
        assert session.scalar(select(func.count()).select_from(BoardColumn).where(BoardColumn.project_id == project["id"])) == 0
        assert session.scalar(select(func.count()).select_from(Card).where(Card.project_id == project["id"])) == 0


def test_the_slug_is_free_again_after_delete(alice: ApiUser, bob: ApiUser, acme: dict) -> None:
    alice.delete(ACME)
    assert bob.post("/organizations", json={"name": "Acme", "slug": "acme"}).status_code == 201


@pytest.mark.parametrize("role", ["admin", "member"])
def test_only_the_owner_deletes(alice: ApiUser, bob: ApiUser, acme: dict, role: str) -> None:
    join(alice, bob, role)
    assert bob.delete(ACME).status_code == 403
    assert alice.get(ACME).status_code == 200


# -- another organization's user, and no token ---------------------------------------------


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", ACME, None),
        ("PATCH", ACME, {"name": "Pwned"}),
        ("PATCH", ACME, {"slug": "pwned"}),
        ("DELETE", ACME, None),
        ("GET", f"{ACME}/members", None),
    ],
)
def test_mallory_gets_404_and_no_data(
    alice: ApiUser, mallory: ApiUser, acme: dict, method: str, path: str, body: dict | None
) -> None:
    response = mallory.client.request(method, path, headers=mallory.headers, json=body)
    assert response.status_code == 404
    assert set(response.json()) == {"statusCode", "message", "error"}
    assert "Acme" not in response.text and alice.email not in response.text
    after = alice.get(ACME).json()
    assert (after["name"], after["slug"]) == ("Acme Corp", "acme")


def test_a_404_for_a_hidden_org_looks_like_a_missing_one(alice: ApiUser, mallory: ApiUser, acme: dict) -> None:
    hidden = mallory.get(ACME).json()
    missing = mallory.get("/organizations/never-existed").json()
    assert hidden == missing


@pytest.mark.parametrize(
    ("method", "path"),
    [("GET", "/organizations"), ("POST", "/organizations"), ("GET", ACME), ("PATCH", ACME), ("DELETE", ACME)],
)
def test_organization_routes_need_a_token(client: TestClient, acme: dict, method: str, path: str) -> None:
    response = client.request(method, path, json={"name": "x", "slug": "xx"} if method in ("POST", "PATCH") else None)
    assert response.status_code == 401
