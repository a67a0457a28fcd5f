"""Workspace members: list, add, change role and pilotage role, remove (contract section 3)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ApiUser, register

W = "/orgs/acme/workspaces/eng"


@pytest.fixture
def carol(client: TestClient) -> ApiUser:
    return register(client, "carol@example.com", "Carol")


@pytest.fixture
def eng(alice: ApiUser, bob: ApiUser, carol: ApiUser) -> str:
    """alice owns organization acme and its workspace eng; bob and carol are organization members."""
    assert alice.post("/organizations", json={"name": "Acme", "slug": "acme"}).status_code == 201
    assert alice.post("/orgs/acme/workspaces", json={"name": "Eng", "slug": "eng"}).status_code == 201
    for user in (bob, carol):
        assert alice.post("/organizations/acme/members", json={"email": user.email, "role": "member"}).status_code == 201
    return W


def add(actor: ApiUser, user: ApiUser, role: str = "member") -> Any:
    return actor.post(f"{W}/members", json={"email": user.email, "role": role})


def members(user: ApiUser) -> dict[str, tuple[str, str]]:
    response = user.get(f"{W}/members")
    assert response.status_code == 200, response.text
    return {m["email"]: (m["role"], m["pilotageRole"]) for m in response.json()}


def test_the_creator_is_admin_and_pilotage_owner(alice: ApiUser, eng: str) -> None:
    listed = alice.get(f"{W}/members").json()
    assert len(listed) == 1
    assert listed[0]["userId"] == alice.id
    assert (listed[0]["role"], listed[0]["pilotageRole"]) == ("admin", "owner")
    assert set(listed[0]) >= {"userId", "email", "name", "role", "pilotageRole"}


def test_an_admin_adds_an_organization_member_as_viewer(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    response = add(alice, bob)
    assert response.status_code == 201
    assert response.json()["userId"] == bob.id
    assert members(alice)[bob.email] == ("member", "viewer")
    ws = bob.get(W).json()
    assert (ws["myRole"], ws["myPilotageRole"]) == ("member", "viewer")


def test_only_organization_members_can_be_added_directly(alice: ApiUser, mallory: ApiUser, eng: str) -> None:
    assert add(alice, mallory).status_code == 404
    assert mallory.email not in members(alice)


def test_adding_twice_is_a_409(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob)
    assert add(alice, bob).status_code == 409


def test_a_plain_member_cannot_add(alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str) -> None:
    add(alice, bob)
    assert add(bob, carol).status_code == 403
    assert carol.email not in members(alice)


def test_any_member_lists_members(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob)
    assert set(members(bob)) == {alice.email, bob.email}


def test_an_organization_member_outside_the_workspace_cannot_see_it(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    assert bob.get(W).status_code == 404
    assert bob.get(f"{W}/members").status_code == 404
    assert "eng" not in [w["slug"] for w in bob.get("/orgs/acme/workspaces").json()]


def test_organization_admins_see_and_administer_every_workspace(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str
) -> None:
    alice.patch(f"/organizations/acme/members/{bob.id}", json={"role": "admin"})
    assert "eng" in [w["slug"] for w in bob.get("/orgs/acme/workspaces").json()]
    assert add(bob, carol).status_code == 201
    assert bob.patch(f"{W}/members/{carol.id}", json={"pilotageRole": "reviewer"}).status_code == 200


def test_an_admin_changes_role_and_pilotage_role(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob)
    response = alice.patch(f"{W}/members/{bob.id}", json={"role": "admin", "pilotageRole": "reviewer"})
    assert response.status_code == 200
    assert (response.json()["role"], response.json()["pilotageRole"]) == ("admin", "reviewer")
    ws = bob.get(W).json()
    assert (ws["myRole"], ws["myPilotageRole"]) == ("admin", "reviewer")


def test_each_role_changes_alone(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob)
    alice.patch(f"{W}/members/{bob.id}", json={"pilotageRole": "owner"})
    assert members(alice)[bob.email] == ("member", "owner")
    alice.patch(f"{W}/members/{bob.id}", json={"role": "admin"})
    assert members(alice)[bob.email] == ("admin", "owner")


def test_a_workspace_admin_makes_admins(alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str) -> None:
    # bob is only a member of the organization, but an admin of this workspace.
    add(alice, bob, "admin")
    add(alice, carol)
    assert bob.patch(f"{W}/members/{carol.id}", json={"role": "admin"}).status_code == 200
    assert members(alice)[carol.email][0] == "admin"


def test_a_plain_member_cannot_change_roles(alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str) -> None:
    add(alice, bob)
    add(alice, carol)
    assert bob.patch(f"{W}/members/{carol.id}", json={"pilotageRole": "reviewer"}).status_code == 403
    assert bob.patch(f"{W}/members/{bob.id}", json={"role": "admin"}).status_code == 403
    assert members(alice)[bob.email] == ("member", "viewer")


def test_the_workspace_owners_roles_cannot_be_changed(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob, "admin")
    for body in ({"role": "member"}, {"pilotageRole": "viewer"}):
        response = bob.patch(f"{W}/members/{alice.id}", json=body)
        assert response.status_code == 403, body
    assert members(alice)[alice.email] == ("admin", "owner")
    # Restating the same roles changes nothing and is allowed.
    assert alice.patch(f"{W}/members/{alice.id}", json={"role": "admin", "pilotageRole": "owner"}).status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [({"role": "owner"}, "role"), ({"pilotageRole": "boss"}, "pilotageRole"), ({"email": "x@y.z"}, "email")],
)
def test_role_change_validates_its_body(alice: ApiUser, bob: ApiUser, eng: str, body: dict[str, str], field: str) -> None:
    add(alice, bob)
    response = alice.patch(f"{W}/members/{bob.id}", json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field


def test_role_change_of_a_non_member_is_a_404(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    assert alice.patch(f"{W}/members/{bob.id}", json={"role": "admin"}).status_code == 404
    assert alice.patch(f"{W}/members/bad-id", json={"role": "admin"}).status_code == 404


def test_an_admin_removes_a_member_from_the_workspace_and_its_projects(
    alice: ApiUser, bob: ApiUser, eng: str
) -> None:
    add(alice, bob)
    project = alice.post(f"{W}/projects", json={"name": "Launch"}).json()
    alice.post(f"{W}/projects/{project['id']}/members", json={"email": bob.email})
    response = alice.delete(f"{W}/members/{bob.id}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert bob.email not in members(alice)
    assert bob.id not in [m["userId"] for m in alice.get(f"{W}/projects/{project['id']}/members").json()]
    assert bob.get(W).status_code == 404
    # Still in the organization.
    assert bob.get("/organizations/acme").status_code == 200


def test_the_workspace_owner_cannot_be_removed(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob, "admin")
    assert bob.delete(f"{W}/members/{alice.id}").status_code == 403
    assert alice.delete(f"{W}/members/{alice.id}").status_code == 403
    assert alice.email in members(alice)


def test_a_member_cannot_remove_others_but_can_leave(alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str) -> None:
    add(alice, bob)
    add(alice, carol)
    assert bob.delete(f"{W}/members/{carol.id}").status_code == 403
    assert bob.delete(f"{W}/members/{bob.id}").status_code == 200
    assert set(members(alice)) == {alice.email, carol.email}


def test_removing_a_non_member_is_a_404(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    assert alice.delete(f"{W}/members/{bob.id}").status_code == 404


def test_another_tenant_gets_404_on_every_member_route(alice: ApiUser, bob: ApiUser, mallory: ApiUser, eng: str) -> None:
    add(alice, bob)
    for response in (
        mallory.get(f"{W}/members"),
        mallory.post(f"{W}/members", json={"email": mallory.email, "role": "member"}),
        mallory.patch(f"{W}/members/{bob.id}", json={"role": "admin"}),
        mallory.delete(f"{W}/members/{bob.id}"),
    ):
        assert response.status_code == 404
        assert bob.email not in response.text
    assert members(alice) == {alice.email: ("admin", "owner"), bob.email: ("member", "viewer")}


def _card_assigned_to(actor: ApiUser, workspace: str, user: ApiUser) -> str:
    project = actor.post(f"{workspace}/projects", json={"name": "Launch"}).json()
    path = f"{workspace}/projects/{project['id']}"
    column = actor.get(f"{path}/columns").json()[0]["id"]
    card = actor.post(f"{path}/columns/{column}/cards", json={"title": "Theirs", "assigneeId": user.id})
    assert card.status_code == 201, card.text
    return f"{path}/cards/{card.json()['id']}"


def test_removal_unassigns_the_members_cards_in_that_workspace_only(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    """A card's assignee must be a member of its workspace: cards of someone who left go back to nobody."""
    add(alice, bob)
    other = "/orgs/acme/workspaces/ops"
    assert alice.post("/orgs/acme/workspaces", json={"name": "Ops", "slug": "ops"}).status_code == 201
    assert alice.post(f"{other}/members", json={"email": bob.email, "role": "member"}).status_code == 201
    here, there = _card_assigned_to(alice, W, bob), _card_assigned_to(alice, other, bob)
    assert alice.delete(f"{W}/members/{bob.id}").status_code == 200
    assert alice.get(here).json()["assigneeId"] is None
    assert alice.get(there).json()["assigneeId"] == bob.id


def test_removal_from_the_organization_unassigns_the_members_cards_there(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    add(alice, bob)
    card = _card_assigned_to(alice, W, bob)
    assert alice.delete(f"/organizations/acme/members/{bob.id}").status_code == 200
    assert alice.get(card).json()["assigneeId"] is None
