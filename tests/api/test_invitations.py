"""Workspace invitations: single use, 7 days, bound to the invited email (contract section 3)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.models import Invitation
from tests.conftest import ApiUser, register

W = "/orgs/acme/workspaces/eng"


@pytest.fixture
def eng(alice: ApiUser) -> str:
    """alice owns organization acme and its workspace eng."""
    assert alice.post("/organizations", json={"name": "Acme", "slug": "acme"}).status_code == 201
    assert alice.post("/orgs/acme/workspaces", json={"name": "Eng", "slug": "eng"}).status_code == 201
    return W


def invite(actor: ApiUser, email: str, role: str | None = "member") -> Any:
    body = {"email": email} if role is None else {"email": email, "role": role}
    return actor.post(f"{W}/members/invite", json=body)


def token_for(actor: ApiUser, email: str, role: str | None = "member") -> str:
    response = invite(actor, email, role)
    assert response.status_code == 201, response.text
    return str(response.json()["token"])


def accept(user: ApiUser, token: str) -> Any:
    return user.post(f"/invitations/{token}/accept")


def relogin(client: TestClient, user: ApiUser) -> None:
    """A fresh JWT under the (frozen) clock, so a session outlives a jump in time."""
    response = client.post("/auth/login", json={"email": user.email, "password": "secure-pass-123"})
    assert response.status_code == 200, response.text
    user.token = response.json()["access_token"]


def ws_members(user: ApiUser) -> dict[str, tuple[str, str]]:
    return {m["email"]: (m["role"], m["pilotageRole"]) for m in user.get(f"{W}/members").json()}


def test_invite_answers_the_token_once_with_a_7_day_expiry(alice: ApiUser, eng: str) -> None:
    clock.freeze(clock.utcnow().replace(microsecond=0))
    response = invite(alice, "Teammate@Company.com")
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"id", "workspaceId", "email", "role", "invitedBy", "token", "expiresAt", "createdAt"}
    assert body["email"] == "teammate@company.com"
    assert body["role"] == "member"
    assert body["invitedBy"] == alice.id
    assert len(body["token"]) >= 32
    assert body["expiresAt"] == clock.iso_z(clock.utcnow() + timedelta(days=7))
    assert body["createdAt"] == clock.iso_z(clock.utcnow())


def test_role_defaults_to_member(alice: ApiUser, eng: str) -> None:
    assert invite(alice, "x@example.com", role=None).json()["role"] == "member"


def test_only_a_hash_of_the_token_is_stored(alice: ApiUser, eng: str, db: Database) -> None:
    body = invite(alice, "x@example.com").json()
    with db.session() as session:
        row = session.get_one(Invitation, body["id"])
    assert body["token"] not in (row.token_hash, row.email, row.id)


def test_accepting_joins_the_org_as_member_then_the_workspace(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    token = token_for(alice, bob.email)
    response = accept(bob, token)
    assert response.status_code == 200
    ws = response.json()
    assert (ws["slug"], ws["myRole"], ws["myPilotageRole"]) == ("eng", "member", "viewer")
    assert bob.get("/organizations/acme").json()["myRole"] == "member"
    assert ws_members(alice)[bob.email] == ("member", "viewer")


def test_accepting_gives_the_invited_role(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    accept(bob, token_for(alice, bob.email, "admin"))
    assert ws_members(alice)[bob.email] == ("admin", "viewer")
    # Organization role stays member: the invitation is to the workspace.
    assert bob.get("/organizations/acme").json()["myRole"] == "member"


def test_accepting_keeps_an_existing_organization_role(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    alice.post("/organizations/acme/members", json={"email": bob.email, "role": "admin"})
    assert accept(bob, token_for(alice, bob.email)).status_code == 200
    assert bob.get("/organizations/acme").json()["myRole"] == "admin"


def test_an_invitee_can_register_after_the_invitation(client: TestClient, alice: ApiUser, eng: str) -> None:
    token = token_for(alice, "dave@example.com")
    dave = register(client, "Dave@Example.com", "Dave")
    assert accept(dave, token).status_code == 200
    assert "dave@example.com" in ws_members(alice)


def test_another_email_is_a_403_and_leaves_the_invitation_usable(
    alice: ApiUser, bob: ApiUser, mallory: ApiUser, eng: str
) -> None:
    token = token_for(alice, bob.email)
    response = accept(mallory, token)
    assert response.status_code == 403
    assert mallory.get("/organizations/acme").status_code == 404
    assert mallory.email not in ws_members(alice)
    assert accept(bob, token).status_code == 200


def test_a_used_invitation_is_a_409(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    token = token_for(alice, bob.email)
    assert accept(bob, token).status_code == 200
    # Leave, then try to come back with the same token.
    bob.delete(f"{W}/members/{bob.id}")
    response = accept(bob, token)
    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"
    assert bob.get(W).status_code == 404


def test_an_invitation_is_valid_for_7_days(client: TestClient, alice: ApiUser, bob: ApiUser, eng: str) -> None:
    start = clock.utcnow().replace(microsecond=0)
    clock.freeze(start)
    token = token_for(alice, bob.email)
    clock.freeze(start + timedelta(days=7) - timedelta(seconds=1))
    relogin(client, bob)
    assert accept(bob, token).status_code == 200


def test_an_expired_invitation_is_a_409(client: TestClient, alice: ApiUser, bob: ApiUser, eng: str) -> None:
    start = clock.utcnow().replace(microsecond=0)
    clock.freeze(start)
    token = token_for(alice, bob.email)
    clock.freeze(start + timedelta(days=7))
    relogin(client, bob)
    response = accept(bob, token)
    assert response.status_code == 409
    assert "expired" in response.json()["message"]
    assert bob.get("/organizations/acme").status_code == 404


def test_accepting_when_already_a_member_is_a_409(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    token = token_for(alice, bob.email)
    alice.post("/organizations/acme/members", json={"email": bob.email, "role": "member"})
    alice.post(f"{W}/members", json={"email": bob.email, "role": "member"})
    assert accept(bob, token).status_code == 409
    assert ws_members(alice)[bob.email] == ("member", "viewer")


def test_inviting_a_current_member_is_a_409(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    assert invite(alice, alice.email).status_code == 409
    accept(bob, token_for(alice, bob.email))
    assert invite(alice, bob.email).status_code == 409


def test_an_unknown_token_is_a_404(bob: ApiUser) -> None:
    assert accept(bob, "no-such-token").status_code == 404


def test_accepting_needs_a_logged_in_user(client: TestClient, alice: ApiUser, eng: str) -> None:
    token = token_for(alice, "bob@example.com")
    assert client.post(f"/invitations/{token}/accept").status_code == 401


def test_only_workspace_admins_invite(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    accept(bob, token_for(alice, bob.email))
    assert invite(bob, "x@example.com").status_code == 403
    alice.patch(f"{W}/members/{bob.id}", json={"role": "admin"})
    assert invite(bob, "x@example.com").status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [({"email": "nope"}, "email"), ({"email": "x@example.com", "role": "owner"}, "role"), ({}, "email")],
)
def test_invite_validates_its_body(alice: ApiUser, eng: str, body: dict[str, str], field: str) -> None:
    response = alice.post(f"{W}/members/invite", json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == field


def test_pending_invitations_are_listed_for_admins_without_tokens(
    client: TestClient, alice: ApiUser, bob: ApiUser, eng: str
) -> None:
    start = clock.utcnow().replace(microsecond=0)
    clock.freeze(start)
    old = invite(alice, "old@example.com").json()
    clock.freeze(start + timedelta(days=2))
    used = token_for(alice, bob.email)
    pending = invite(alice, "new@example.com").json()
    relogin(client, bob)
    accept(bob, used)
    clock.freeze(start + timedelta(days=7, seconds=1))  # "old" has expired
    relogin(client, alice)
    response = alice.get(f"{W}/invitations")
    assert response.status_code == 200
    listed = response.json()
    assert [i["id"] for i in listed] == [pending["id"]]
    assert old["id"] not in [i["id"] for i in listed]
    assert "token" not in listed[0]
    assert listed[0]["email"] == "new@example.com"


def test_members_cannot_list_invitations(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    accept(bob, token_for(alice, bob.email))
    assert bob.get(f"{W}/invitations").status_code == 403


def test_another_tenant_gets_404_on_invitation_routes(alice: ApiUser, mallory: ApiUser, eng: str) -> None:
    invite(alice, "x@example.com")
    for response in (
        mallory.post(f"{W}/members/invite", json={"email": mallory.email}),
        mallory.get(f"{W}/invitations"),
    ):
        assert response.status_code == 404
        assert "x@example.com" not in response.text


def test_inviting_the_same_email_again_replaces_the_pending_invitation(alice: ApiUser, bob: ApiUser, eng: str) -> None:
    """A lost token or a change of role: one live invitation per person, the newest."""
    first = invite(alice, bob.email).json()
    second = invite(alice, bob.email, role="admin").json()
    other = invite(alice, "carol@example.com").json()
    listed = alice.get(f"{W}/invitations").json()
    assert sorted(i["id"] for i in listed) == sorted([second["id"], other["id"]])
    replaced = accept(bob, first["token"])
    assert replaced.status_code == 409
    assert replaced.json()["message"] == "This invitation has expired"
    assert accept(bob, second["token"]).status_code == 200
    assert ws_members(alice)[bob.email] == ("admin", "viewer")
