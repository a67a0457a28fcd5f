"""A workspace with one person per pilotage role, for the pilotage tests.

alice owns organization ``acme`` and its workspace ``eng`` (pilotage owner);
bob is a viewer there, carol a reviewer; mallory is in another organization.
"""

from __future__ import annotations

from typing import Any

from tests.conftest import ApiUser

W = "/orgs/acme/workspaces/eng"
PL = W + "/pilotage"


def setup_eng(alice: ApiUser, bob: ApiUser, carol: ApiUser) -> None:
    assert alice.post("/organizations", json={"name": "Acme", "slug": "acme"}).status_code == 201
    assert alice.post("/orgs/acme/workspaces", json={"name": "Eng", "slug": "eng"}).status_code == 201
    for user, role in ((bob, "viewer"), (carol, "reviewer")):
        assert alice.post("/organizations/acme/members", json={"email": user.email, "role": "member"}).status_code == 201
        assert alice.post(f"{W}/members", json={"email": user.email, "role": "member"}).status_code == 201
        changed = alice.patch(f"{W}/members/{user.id}", json={"pilotageRole": role})
        assert changed.status_code == 200, changed.text


def made(response: Any) -> dict[str, Any]:
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"statusCode", "message", "error"} and body["statusCode"] == status
    return str(body["message"])
