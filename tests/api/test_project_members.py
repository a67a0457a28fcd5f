"""Project members: list, add by email, remove (any workspace member may manage them)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from stellary_core.db import Database
from stellary_core.errors import NotFound
from stellary_core.operations import OperationRunner

from tests.conftest import ApiUser, register


@pytest.fixture
def carol(client: TestClient) -> ApiUser:
    return register(client, "carol@example.com", "Carol")


@pytest.fixture
def shared(alice: ApiUser, bob: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    """alice's project; bob belongs to her workspace but not yet to the project."""
    assert alice.post(f"/organizations/{alice.org_slug}/members", json={"email": bob.email, "role": "member"}).status_code == 201
    assert alice.post(f"{alice.ws_path}/members", json={"email": bob.email, "role": "member"}).status_code == 201
    return project


def member_ids(user: ApiUser, project: dict[str, Any]) -> list[str]:
    response = user.get(f"{project['path']}/members")
    assert response.status_code == 200, response.text
    return [m["userId"] for m in response.json()]


def test_the_creator_is_the_first_member(alice: ApiUser, project: dict[str, Any]) -> None:
    listed = alice.get(f"{project['path']}/members").json()
    assert [m["userId"] for m in listed] == [alice.id]
    assert listed[0]["email"] == alice.email
    assert {"userId", "email", "name", "joinedAt"} <= set(listed[0])


def test_a_workspace_member_is_added_by_email(alice: ApiUser, bob: ApiUser, shared: dict[str, Any]) -> None:
    response = alice.post(f"{shared['path']}/members", json={"email": "BOB@example.com"})
    assert response.status_code == 201
    assert response.json()["userId"] == bob.id
    assert member_ids(alice, shared) == [alice.id, bob.id]


def test_any_workspace_member_lists_and_manages_project_members(
    client: TestClient, alice: ApiUser, bob: ApiUser, carol: ApiUser, shared: dict[str, Any]
) -> None:
    alice.post(f"/organizations/{alice.org_slug}/members", json={"email": carol.email, "role": "member"})
    alice.post(f"{alice.ws_path}/members", json={"email": carol.email, "role": "member"})
    # bob is not in the project, yet he may see and change its members (workspace member rule).
    assert member_ids(bob, shared) == [alice.id]
    assert bob.post(f"{shared['path']}/members", json={"email": carol.email}).status_code == 201
    assert bob.delete(f"{shared['path']}/members/{carol.id}").status_code == 200
    assert member_ids(alice, shared) == [alice.id]


def test_someone_outside_the_workspace_cannot_be_added(
    alice: ApiUser, carol: ApiUser, project: dict[str, Any]
) -> None:
    # carol exists but is not in alice's workspace; nobody@ does not exist at all.
    for email in (carol.email, "nobody@example.com"):
        response = alice.post(f"{project['path']}/members", json={"email": email})
        assert response.status_code == 404
    assert member_ids(alice, project) == [alice.id]


def test_an_organization_member_outside_the_workspace_cannot_be_added(
    alice: ApiUser, carol: ApiUser, project: dict[str, Any]
) -> None:
    alice.post(f"/organizations/{alice.org_slug}/members", json={"email": carol.email, "role": "member"})
    assert alice.post(f"{project['path']}/members", json={"email": carol.email}).status_code == 404


def test_adding_twice_is_a_409(alice: ApiUser, bob: ApiUser, shared: dict[str, Any]) -> None:
    alice.post(f"{shared['path']}/members", json={"email": bob.email})
    assert alice.post(f"{shared['path']}/members", json={"email": bob.email}).status_code == 409
    assert alice.post(f"{shared['path']}/members", json={"email": alice.email}).status_code == 409


@pytest.mark.parametrize(("body", "field"), [({"email": "nope"}, "email"), ({}, "email"), ({"email": "a@b.co", "role": "x"}, "role")])
def test_add_validates_its_body(alice: ApiUser, project: dict[str, Any], body: dict[str, str], field: str) -> None:
    response = alice.post(f"{project['path']}/members", json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field


def test_removing_a_member(alice: ApiUser, bob: ApiUser, shared: dict[str, Any]) -> None:
    alice.post(f"{shared['path']}/members", json={"email": bob.email})
    response = alice.delete(f"{shared['path']}/members/{bob.id}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert member_ids(alice, shared) == [alice.id]
    # Still a workspace member, so the project stays visible to him.
    assert bob.get(shared["path"]).status_code == 200


def test_removing_a_non_member_is_a_404(alice: ApiUser, bob: ApiUser, shared: dict[str, Any]) -> None:
    assert alice.delete(f"{shared['path']}/members/{bob.id}").status_code == 404
    assert alice.delete(f"{shared['path']}/members/not-an-id").status_code == 404


def test_the_operation_removes_a_member_named_by_email(
    db: Database, alice: ApiUser, bob: ApiUser, carol: ApiUser, shared: dict[str, Any]
) -> None:
    """What MCP and the CLI will call: the project by name, the member by email; strangers are the same 404."""
    alice.post(f"{shared['path']}/members", json={"email": bob.email})
    runner = OperationRunner(db)
    where = {"orgSlug": alice.org_slug, "wsSlug": alice.ws_slug, "project": "q1 launch"}
    for stranger in (carol.email, "nobody@example.com"):
        with pytest.raises(NotFound, match="^Member not found$"):
            runner.run("remove_project_member", alice.principal, {**where, "user": stranger})
    assert member_ids(alice, shared) == [alice.id, bob.id]
    assert runner.run("remove_project_member", alice.principal, {**where, "user": "BOB@example.com"}).ok
    assert member_ids(alice, shared) == [alice.id]


def test_members_of_an_unknown_project_are_a_404(alice: ApiUser) -> None:
    path = f"{alice.ws_path}/projects/665f1a2b3c4d5e6f7a8b9c0d/members"
    assert alice.get(path).status_code == 404
    assert alice.get(f"{alice.ws_path}/projects/bad/members").status_code == 404


def test_another_tenant_gets_404_on_every_member_route(
    alice: ApiUser, mallory: ApiUser, project: dict[str, Any]
) -> None:
    for response in (
        mallory.get(f"{project['path']}/members"),
        mallory.post(f"{project['path']}/members", json={"email": mallory.email}),
        mallory.delete(f"{project['path']}/members/{alice.id}"),
    ):
        assert response.status_code == 404
        assert alice.email not in response.text
    assert member_ids(alice, project) == [alice.id]


def test_a_project_of_another_workspace_is_a_404_through_mine(
    alice: ApiUser, mallory: ApiUser, project: dict[str, Any]
) -> None:
    # mallory's own workspace path with alice's project id.
    path = f"{mallory.ws_path}/projects/{project['id']}/members"
    assert mallory.get(path).status_code == 404
    assert mallory.post(path, json={"email": mallory.email}).status_code == 404
