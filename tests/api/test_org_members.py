"""Organization members: list, add by email, change role, remove (contract section 3)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ApiUser, register

ORG = "/organizations/acme"


@pytest.fixture
def carol(client: TestClient) -> ApiUser:
    return register(client, "carol@example.com", "Carol")


@pytest.fixture
def acme(alice: ApiUser) -> str:
    """alice's team organization (she is its owner)."""
    assert alice.post("/organizations", json={"name": "Acme", "slug": "acme"}).status_code == 201
    return ORG


def add(actor: ApiUser, user: ApiUser, role: str = "member") -> Any:
    return actor.post(f"{ORG}/members", json={"email": user.email, "role": role})


def roles(user: ApiUser) -> dict[str, str]:
    response = user.get(f"{ORG}/members")
    assert response.status_code == 200, response.text
    return {m["email"]: m["role"] for m in response.json()}


def test_the_owner_is_listed_as_owner(alice: ApiUser, acme: str) -> None:
    members = alice.get(f"{ORG}/members").json()
    assert len(members) == 1
    assert members[0]["userId"] == alice.id
    assert members[0]["role"] == "owner"
    assert members[0]["email"] == "alice@example.com"
    assert {"userId", "role", "email"} <= set(members[0])


def test_owner_adds_a_member_by_email(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    response = add(alice, bob)
    assert response.status_code == 201
    body = response.json()
    assert body["userId"] == bob.id
    assert body["role"] == "member"
    assert body["email"] == bob.email
    assert roles(alice) == {alice.email: "owner", bob.email: "member"}


def test_email_is_matched_case_insensitively(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    response = alice.post(f"{ORG}/members", json={"email": "BOB@Example.com", "role": "member"})
    assert response.status_code == 201
    assert response.json()["userId"] == bob.id


def test_any_member_lists_members_and_sees_the_org(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    assert roles(bob) == {alice.email: "owner", bob.email: "member"}
    assert bob.get(ORG).json()["myRole"] == "member"


def test_owner_makes_admins_directly(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    assert add(alice, bob, "admin").status_code == 201
    assert roles(alice)[bob.email] == "admin"


def test_an_admin_adds_members_but_not_admins(alice: ApiUser, bob: ApiUser, carol: ApiUser, acme: str) -> None:
    add(alice, bob, "admin")
    refused = add(bob, carol, "admin")
    assert refused.status_code == 403
    assert carol.email not in roles(alice)
    assert add(bob, carol, "member").status_code == 201


def test_a_member_cannot_add_anyone(alice: ApiUser, bob: ApiUser, carol: ApiUser, acme: str) -> None:
    add(alice, bob)
    response = add(bob, carol)
    assert response.status_code == 403
    assert response.json()["error"] == "Forbidden"
    assert carol.email not in roles(alice)


def test_adding_an_unknown_email_is_a_404(alice: ApiUser, acme: str) -> None:
    response = alice.post(f"{ORG}/members", json={"email": "nobody@example.com", "role": "member"})
    assert response.status_code == 404


def test_adding_someone_twice_is_a_409(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    assert add(alice, bob).status_code == 409
    assert add(alice, alice).status_code == 409


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "bob@example.com", "role": "owner"}, "role"),
        ({"email": "bob@example.com"}, "role"),
        ({"email": "not-an-email", "role": "member"}, "email"),
        ({"email": "bob@example.com", "role": "member", "userId": "665f1a2b3c4d5e6f7a8b9c0d"}, "userId"),
    ],
)
def test_add_validates_its_body(alice: ApiUser, bob: ApiUser, acme: str, body: dict[str, str], field: str) -> None:
    response = alice.post(f"{ORG}/members", json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field


def test_owner_promotes_and_demotes_admins(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    promoted = alice.patch(f"{ORG}/members/{bob.id}", json={"role": "admin"})
    assert promoted.status_code == 200
    assert promoted.json()["role"] == "admin"
    assert bob.get(ORG).json()["myRole"] == "admin"
    assert alice.patch(f"{ORG}/members/{bob.id}", json={"role": "member"}).json()["role"] == "member"
    assert roles(alice)[bob.email] == "member"


def test_only_the_owner_makes_or_unmakes_admins(alice: ApiUser, bob: ApiUser, carol: ApiUser, acme: str) -> None:
    add(alice, bob, "admin")
    add(alice, carol, "member")
    assert bob.patch(f"{ORG}/members/{carol.id}", json={"role": "admin"}).status_code == 403
    alice.patch(f"{ORG}/members/{carol.id}", json={"role": "admin"})
    assert bob.patch(f"{ORG}/members/{carol.id}", json={"role": "member"}).status_code == 403
    assert roles(alice)[carol.email] == "admin"


def test_the_owners_role_cannot_be_changed(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob, "admin")
    for actor in (alice, bob):
        response = actor.patch(f"{ORG}/members/{alice.id}", json={"role": "member"})
        assert response.status_code == 403
    assert roles(alice)[alice.email] == "owner"


def test_a_member_cannot_change_roles(alice: ApiUser, bob: ApiUser, carol: ApiUser, acme: str) -> None:
    add(alice, bob)
    add(alice, carol)
    assert bob.patch(f"{ORG}/members/{carol.id}", json={"role": "member"}).status_code == 403
    assert bob.patch(f"{ORG}/members/{bob.id}", json={"role": "admin"}).status_code == 403
    assert roles(alice)[bob.email] == "member"


def test_role_change_of_a_non_member_is_a_404(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    assert alice.patch(f"{ORG}/members/{bob.id}", json={"role": "member"}).status_code == 404
    assert alice.patch(f"{ORG}/members/not-an-id", json={"role": "member"}).status_code == 404


def test_role_change_rejects_the_owner_role(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    response = alice.patch(f"{ORG}/members/{bob.id}", json={"role": "owner"})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "role"


def test_owner_removes_a_member_who_then_cannot_see_the_org(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    response = alice.delete(f"{ORG}/members/{bob.id}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert bob.email not in roles(alice)
    assert bob.get(ORG).status_code == 404
    assert "acme" not in [o["slug"] for o in bob.get("/organizations").json()]


def test_removing_from_the_org_removes_from_its_workspaces_and_projects(
    alice: ApiUser, bob: ApiUser, acme: str
) -> None:
    add(alice, bob)
    assert alice.post("/orgs/acme/workspaces", json={"name": "Eng", "slug": "eng"}).status_code == 201
    assert alice.post("/orgs/acme/workspaces/eng/members", json={"email": bob.email, "role": "member"}).status_code == 201
    project = alice.post("/orgs/acme/workspaces/eng/projects", json={"name": "Launch"}).json()
    path = f"/orgs/acme/workspaces/eng/projects/{project['id']}"
    assert alice.post(f"{path}/members", json={"email": bob.email}).status_code == 201
    # bob's membership in another organization's workspace is untouched.
    assert alice.delete(f"{ORG}/members/{bob.id}").status_code == 200
    assert bob.id not in [m["userId"] for m in alice.get("/orgs/acme/workspaces/eng/members").json()]
    assert bob.id not in [m["userId"] for m in alice.get(f"{path}/members").json()]
    assert bob.get(path).status_code == 404
    # Adding him back does not bring the old memberships back.
    add(alice, bob)
    assert bob.get("/orgs/acme/workspaces/eng").status_code == 404


def test_removal_leaves_the_members_other_organizations_alone(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    alice.delete(f"{ORG}/members/{bob.id}")
    assert bob.get(f"/organizations/{bob.org_slug}").status_code == 200
    assert bob.get(f"{bob.ws_path}").status_code == 200


def test_the_owner_cannot_be_removed(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob, "admin")
    for actor in (bob, alice):
        assert actor.delete(f"{ORG}/members/{alice.id}").status_code == 403
    assert roles(alice)[alice.email] == "owner"


def test_an_admin_removes_members_but_not_admins(alice: ApiUser, bob: ApiUser, carol: ApiUser, acme: str) -> None:
    add(alice, bob, "admin")
    add(alice, carol, "admin")
    assert bob.delete(f"{ORG}/members/{carol.id}").status_code == 403
    alice.patch(f"{ORG}/members/{carol.id}", json={"role": "member"})
    assert bob.delete(f"{ORG}/members/{carol.id}").status_code == 200
    assert carol.email not in roles(alice)


def test_a_member_cannot_remove_others_but_can_leave(alice: ApiUser, bob: ApiUser, carol: ApiUser, acme: str) -> None:
    add(alice, bob)
    add(alice, carol)
    assert bob.delete(f"{ORG}/members/{carol.id}").status_code == 403
    assert bob.delete(f"{ORG}/members/{bob.id}").status_code == 200
    assert set(roles(alice)) == {alice.email, carol.email}


def test_removing_a_non_member_is_a_404(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    assert alice.delete(f"{ORG}/members/{bob.id}").status_code == 404
    assert alice.delete(f"{ORG}/members/zzz").status_code == 404


def test_another_tenant_gets_404_on_every_member_route(
    alice: ApiUser, bob: ApiUser, mallory: ApiUser, acme: str
) -> None:
    add(alice, bob)
    for response in (
        mallory.get(f"{ORG}/members"),
        mallory.post(f"{ORG}/members", json={"email": mallory.email, "role": "member"}),
        mallory.patch(f"{ORG}/members/{bob.id}", json={"role": "admin"}),
        mallory.delete(f"{ORG}/members/{bob.id}"),
    ):
        assert response.status_code == 404
        assert "bob" not in response.text
    assert roles(alice) == {alice.email: "owner", bob.email: "member"}


def test_a_removed_member_loses_access_with_every_route(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob)
    alice.delete(f"{ORG}/members/{bob.id}")
    assert bob.get(f"{ORG}/members").status_code == 404
    assert add(bob, alice).status_code == 404


def test_workspaces_of_a_removed_member_pass_to_the_org_owner(alice: ApiUser, bob: ApiUser, acme: str) -> None:
    add(alice, bob, "admin")
    assert bob.post("/orgs/acme/workspaces", json={"name": "Bobs", "slug": "bobs"}).status_code == 201
    assert alice.delete(f"{ORG}/members/{bob.id}").status_code == 200
    ws = alice.get("/orgs/acme/workspaces/bobs").json()
    assert ws["ownerId"] == alice.id
    assert (ws["myRole"], ws["myPilotageRole"]) == ("admin", "owner")
    assert [m["userId"] for m in alice.get("/orgs/acme/workspaces/bobs/members").json()] == [alice.id]
