"""/auth over HTTP: register, login (with throttling), me, profile, password, and every kind of bad token."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta

import jwt
import pytest
from fastapi.testclient import TestClient

from stellary_core import clock
from stellary_core.ids import is_id
from tests.conftest import TEST_SECRET, ApiUser, register

PASSWORD = "secure-pass-123"


def login(client: TestClient, email: str, password: str = PASSWORD) -> object:
    return client.post("/auth/login", json={"email": email, "password": password})


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- register -------------------------------------------------------------------


def test_register_returns_a_token_and_the_user(client: TestClient) -> None:
    response = client.post("/auth/register", json={"email": "user@example.com", "password": PASSWORD, "name": "Jane Doe"})
    assert response.status_code == 201
    body = response.json()
    assert set(body) == {"access_token", "user"}
    user = body["user"]
    assert is_id(user["id"])
    assert (user["email"], user["name"]) == ("user@example.com", "Jane Doe")
    assert client.get("/auth/me", headers=bearer(body["access_token"])).status_code == 200


def test_register_creates_a_personal_organization_and_workspace(client: TestClient) -> None:
    jane = register(client, "jane@example.com", "Jane Doe")
    orgs = jane.get("/organizations").json()
    assert [(o["slug"], o["myRole"], o["ownerId"]) for o in orgs] == [("jane-doe", "owner", jane.id)]
    workspaces = jane.get(f"/orgs/{orgs[0]['slug']}/workspaces").json()
    assert len(workspaces) == 1
    personal = workspaces[0]
    assert personal["isPersonal"] is True
    assert (personal["ownerId"], personal["myRole"], personal["myPilotageRole"]) == (jane.id, "admin", "owner")


def test_personal_slugs_are_made_unique(client: TestClient) -> None:
    first = register(client, "jane1@example.com", "Jane")
    second = register(client, "jane2@example.com", "Jane")
    assert (first.org_slug, second.org_slug) == ("jane", "jane-2")


def test_register_without_a_name_uses_the_email(client: TestClient) -> None:
    response = client.post("/auth/register", json={"email": "solo@example.com", "password": PASSWORD})
    assert response.status_code == 201
    assert response.json()["user"]["name"] == "solo"


def test_register_stores_the_email_lowercased(client: TestClient) -> None:
    response = client.post("/auth/register", json={"email": "Mixed.Case@Example.COM", "password": PASSWORD})
    assert response.json()["user"]["email"] == "mixed.case@example.com"
    assert login(client, "MIXED.case@example.com").status_code == 200


def test_a_second_account_with_the_same_email_is_a_409(client: TestClient, alice: ApiUser) -> None:
    response = client.post("/auth/register", json={"email": "ALICE@example.com", "password": PASSWORD})
    assert response.status_code == 409
    assert response.json()["error"] == "Conflict"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "not-an-email", "password": PASSWORD}, "email"),
        ({"password": PASSWORD}, "email"),
        ({"email": "a@example.com"}, "password"),
        ({"email": "a@example.com", "password": "7-chars"}, "password"),
        ({"email": "a@example.com", "password": "x" * 129}, "password"),
        ({"email": "a@example.com", "password": PASSWORD, "name": "n" * 101}, "name"),
        ({"email": "a@example.com", "password": PASSWORD, "id": "665f1a2b3c4d5e6f7a8b9c0d"}, "id"),
        ({"email": "a@example.com", "password": PASSWORD, "createdAt": "2026-01-15T10:30:00Z"}, "createdAt"),
        ({"email": "a@example.com", "password": PASSWORD, "pilotageRole": "owner"}, "pilotageRole"),
        ({"email": 42, "password": PASSWORD}, "email"),
    ],
)
def test_register_validation(client: TestClient, body: dict, field: str) -> None:
    response = client.post("/auth/register", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


def test_password_limits_are_inclusive(client: TestClient) -> None:
    longest = "".join(chr(ord("a") + n % 26) for n in range(128))
    for email, password in (("a@example.com", "8-chars!"), ("b@example.com", longest)):
        assert client.post("/auth/register", json={"email": email, "password": password}).status_code == 201
        # What was stored is the whole password: it logs in, and the same minus its last character does not.
        assert login(client, email, password).status_code == 200
        assert login(client, email, password[:-1]).status_code == 401


# -- login -----------------------------------------------------------------------


def test_login_returns_the_reference_shape(client: TestClient, alice: ApiUser) -> None:
    response = login(client, "alice@example.com")
    assert response.status_code == 200
    body = response.json()
    assert body["user"] == {"id": alice.id, "email": "alice@example.com", "name": "Alice", "pilotageRole": "owner"}
    claims = jwt.decode(body["access_token"], TEST_SECRET, algorithms=["HS256"])
    assert claims["sub"] == alice.id and claims["typ"] == "access"
    assert claims["exp"] - int(claims["iat"]) == 7 * 24 * 3600


def test_login_with_uppercase_email_works(client: TestClient, alice: ApiUser) -> None:
    assert login(client, "  ALICE@Example.com ").status_code == 200


def test_wrong_password_and_unknown_email_look_the_same(client: TestClient, alice: ApiUser) -> None:
    wrong = login(client, "alice@example.com", "not-the-password")
    unknown = login(client, "nobody@example.com", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json() == {"statusCode": 401, "message": "Invalid credentials", "error": "Unauthorized"}


@pytest.mark.parametrize("body", [{}, {"email": "alice@example.com"}, {"email": "a@b.co", "password": "x", "extra": 1}])
def test_login_validation(client: TestClient, body: dict) -> None:
    assert client.post("/auth/login", json=body).status_code == 400


def test_ten_failures_lock_the_email_for_fifteen_minutes(client: TestClient, alice: ApiUser) -> None:
    start = datetime(2026, 3, 10, 9, 0, 0)
    for minute in range(10):
        clock.freeze(start + timedelta(minutes=minute))
        assert login(client, "alice@example.com", "wrong-password").status_code == 401
    clock.freeze(start + timedelta(minutes=10))
    locked = login(client, "alice@example.com")  # even the right password
    assert locked.status_code == 429
    assert locked.json()["error"] == "Too Many Requests"
    # The oldest failure (09:00) leaves the window at 09:15: five minutes from now.
    assert 290 <= int(locked.headers["retry-after"]) <= 301
    clock.freeze(start + timedelta(minutes=14, seconds=59))
    assert login(client, "ALICE@example.com").status_code == 429
    clock.freeze(start + timedelta(minutes=15, seconds=1))
    assert login(client, "alice@example.com").status_code == 200


def test_nine_failures_do_not_lock(client: TestClient, alice: ApiUser) -> None:
    for _ in range(9):
        login(client, "alice@example.com", "wrong-password")
    assert login(client, "alice@example.com").status_code == 200


def test_throttling_counts_per_email(client: TestClient, alice: ApiUser, bob: ApiUser) -> None:
    for _ in range(10):
        login(client, "alice@example.com", "wrong-password")
    assert login(client, "alice@example.com").status_code == 429
    assert login(client, "bob@example.com").status_code == 200


def test_unknown_emails_are_throttled_too(client: TestClient) -> None:
    for _ in range(10):
        assert login(client, "ghost@example.com").status_code == 401
    assert login(client, "ghost@example.com").status_code == 429


def test_a_successful_login_clears_the_failures(client: TestClient, alice: ApiUser) -> None:
    for _ in range(9):
        login(client, "alice@example.com", "wrong-password")
    assert login(client, "alice@example.com").status_code == 200
    for _ in range(9):
        login(client, "alice@example.com", "wrong-password")
    assert login(client, "alice@example.com").status_code == 200


# -- me ----------------------------------------------------------------------------


def test_me_returns_the_reference_shape(alice: ApiUser) -> None:
    response = alice.get("/auth/me")
    assert response.status_code == 200
    assert response.json() == {"user": {"id": alice.id, "email": "alice@example.com", "name": "Alice", "pilotageRole": "owner"}}


def test_patch_me_changes_the_name(alice: ApiUser) -> None:
    response = alice.patch("/auth/me", json={"name": "Jane Smith"})
    assert response.status_code == 200
    assert response.json()["user"]["name"] == "Jane Smith"
    assert alice.get("/auth/me").json()["user"]["name"] == "Jane Smith"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "n" * 101}, "name"),
        ({"name": "   "}, "name"),
        ({"name": None}, "name"),
        ({"email": "new@example.com"}, "email"),
        ({"name": "Ok", "id": "665f1a2b3c4d5e6f7a8b9c0d"}, "id"),
        ({}, "name"),
    ],
)
def test_patch_me_validation(alice: ApiUser, body: dict, field: str) -> None:
    response = alice.patch("/auth/me", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]
    assert alice.get("/auth/me").json()["user"]["name"] == "Alice"


def test_patch_me_accepts_100_characters(alice: ApiUser) -> None:
    name = "".join(chr(ord("A") + n % 26) for n in range(100))
    assert alice.patch("/auth/me", json={"name": name}).status_code == 200
    assert alice.get("/auth/me").json()["user"]["name"] == name


# -- change-password -----------------------------------------------------------------


def test_change_password(client: TestClient, alice: ApiUser) -> None:
    response = alice.post("/auth/change-password", json={"currentPassword": PASSWORD, "newPassword": "new-secure-pass"})
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert login(client, "alice@example.com", PASSWORD).status_code == 401
    assert login(client, "alice@example.com", "new-secure-pass").status_code == 200


def test_change_password_needs_the_current_one(client: TestClient, alice: ApiUser) -> None:
    response = alice.post("/auth/change-password", json={"currentPassword": "wrong-one", "newPassword": "new-secure-pass"})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "currentPassword"
    assert login(client, "alice@example.com", PASSWORD).status_code == 200


def test_wrong_current_passwords_are_throttled_like_failed_logins(client: TestClient, alice: ApiUser) -> None:
    start = datetime(2026, 3, 10, 9, 0, 0)
    wrong = {"currentPassword": "wrong-one", "newPassword": "new-secure-pass"}
    right = {"currentPassword": PASSWORD, "newPassword": "new-secure-pass"}
    for minute in range(10):
        clock.freeze(start + timedelta(minutes=minute))
        assert alice.post("/auth/change-password", json=wrong).status_code == 400
    clock.freeze(start + timedelta(minutes=10))
    locked = alice.post("/auth/change-password", json=right)  # even the right password
    assert locked.status_code == 429
    assert locked.json()["error"] == "Too Many Requests"
    assert 290 <= int(locked.headers["retry-after"]) <= 301
    # One counter per email: the guesses lock the login too.
    assert login(client, "alice@example.com").status_code == 429
    clock.freeze(start + timedelta(minutes=15, seconds=1))
    assert alice.post("/auth/change-password", json=right).status_code == 200
    assert login(client, "alice@example.com", "new-secure-pass").status_code == 200


def test_failed_logins_count_against_change_password(client: TestClient, alice: ApiUser) -> None:
    for _ in range(10):
        assert login(client, "alice@example.com", "wrong-password").status_code == 401
    body = {"currentPassword": PASSWORD, "newPassword": "new-secure-pass"}
    assert alice.post("/auth/change-password", json=body).status_code == 429


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"currentPassword": PASSWORD, "newPassword": "short"}, "newPassword"),
        ({"currentPassword": PASSWORD, "newPassword": "x" * 129}, "newPassword"),
        ({"newPassword": "new-secure-pass"}, "currentPassword"),
        ({"currentPassword": PASSWORD}, "newPassword"),
        ({"currentPassword": PASSWORD, "newPassword": "new-secure-pass", "userId": "x"}, "userId"),
    ],
)
def test_change_password_validation(alice: ApiUser, body: dict, field: str) -> None:
    response = alice.post("/auth/change-password", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


def test_tokens_issued_before_a_password_change_stop_working(client: TestClient, alice: ApiUser) -> None:
    old_token = alice.token
    assert alice.post("/auth/change-password", json={"currentPassword": PASSWORD, "newPassword": "new-secure-pass"}).status_code == 200
    response = client.get("/auth/me", headers=bearer(old_token))
    assert response.status_code == 401
    fresh = login(client, "alice@example.com", "new-secure-pass").json()["access_token"]
    assert client.get("/auth/me", headers=bearer(fresh)).status_code == 200


def test_password_change_invalidation_follows_the_frozen_clock(client: TestClient) -> None:
    """The token's iat and the change instant come from the same clock, frozen or not."""
    clock.freeze(datetime(2025, 1, 15, 10, 30))
    user = register(client, "frozen@example.com")
    clock.freeze(datetime(2025, 1, 15, 10, 31))
    changed = user.post("/auth/change-password", json={"currentPassword": PASSWORD, "newPassword": "new-secure-pass"})
    assert changed.status_code == 200
    assert user.get("/auth/me").status_code == 401
    fresh = login(client, "frozen@example.com", "new-secure-pass").json()["access_token"]
    assert client.get("/auth/me", headers=bearer(fresh)).status_code == 200


# -- bad tokens ------------------------------------------------------------------------


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _claims(user: ApiUser, **overrides: object) -> dict:
    now = int((clock.utcnow() - datetime(1970, 1, 1)).total_seconds())
    claims: dict = {"sub": user.id, "iat": now, "exp": now + 3600, "typ": "access"}
    claims.update(overrides)
    return {k: v for k, v in claims.items() if v is not None}


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer    ",
        "Basic YWxpY2U6c2VjcmV0",
        "Token abc",
        "Bearer not-a-jwt",
        "Bearer a.b.c",
    ],
)
def test_missing_or_malformed_authorization_is_a_401(client: TestClient, alice: ApiUser, header: str | None) -> None:
    headers = {} if header is None else {"Authorization": header}
    response = client.get("/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"


def test_the_scheme_is_case_insensitive(client: TestClient, alice: ApiUser) -> None:
    assert client.get("/auth/me", headers={"Authorization": f"bearer {alice.token}"}).status_code == 200


def test_an_alg_none_token_is_a_401(client: TestClient, alice: ApiUser) -> None:
    token = f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(_claims(alice))}."
    assert client.get("/auth/me", headers=bearer(token)).status_code == 401


def test_a_token_signed_with_another_secret_is_a_401(client: TestClient, alice: ApiUser) -> None:
    token = jwt.encode(_claims(alice), "another-secret-0123456789abcdef0123456789", algorithm="HS256")
    assert client.get("/auth/me", headers=bearer(token)).status_code == 401


@pytest.mark.filterwarnings("ignore::jwt.warnings.InsecureKeyLengthWarning")
def test_a_token_with_another_algorithm_is_a_401(client: TestClient, alice: ApiUser) -> None:
    token = jwt.encode(_claims(alice), TEST_SECRET, algorithm="HS512")
    assert client.get("/auth/me", headers=bearer(token)).status_code == 401


def test_a_tampered_payload_is_a_401(client: TestClient, alice: ApiUser, bob: ApiUser) -> None:
    header, _payload, signature = alice.token.split(".")
    forged = f"{header}.{_b64(_claims(bob))}.{signature}"
    assert client.get("/auth/me", headers=bearer(forged)).status_code == 401


def test_a_well_signed_token_is_accepted(client: TestClient, alice: ApiUser) -> None:
    token = jwt.encode(_claims(alice), TEST_SECRET, algorithm="HS256")
    assert client.get("/auth/me", headers=bearer(token)).json()["user"]["id"] == alice.id


@pytest.mark.parametrize(
    "overrides",
    [
        {"typ": "refresh"},
        {"typ": None},
        {"exp": None},
        {"iat": None},
        {"sub": None},
        {"sub": "665f1a2b3c4d5e6f7a8b9c0d"},  # nobody
        {"exp": "tomorrow"},
    ],
    ids=["wrong-typ", "no-typ", "no-exp", "no-iat", "no-sub", "unknown-user", "text-exp"],
)
def test_tokens_with_bad_claims_are_a_401(client: TestClient, alice: ApiUser, overrides: dict) -> None:
    token = jwt.encode(_claims(alice, **overrides), TEST_SECRET, algorithm="HS256")
    assert client.get("/auth/me", headers=bearer(token)).status_code == 401


def test_an_expired_token_is_a_401(client: TestClient, alice: ApiUser) -> None:
    claims = _claims(alice)
    expired = jwt.encode({**claims, "iat": claims["iat"] - 7200, "exp": claims["iat"] - 3600}, TEST_SECRET, algorithm="HS256")
    assert client.get("/auth/me", headers=bearer(expired)).status_code == 401


def test_a_token_expires_after_its_lifetime(client: TestClient) -> None:
    start = datetime(2026, 1, 15, 10, 30)
    clock.freeze(start)
    user = register(client, "ttl@example.com")
    clock.freeze(start + timedelta(days=6, hours=23))
    assert user.get("/auth/me").status_code == 200
    clock.freeze(start + timedelta(days=7, seconds=1))
    assert user.get("/auth/me").status_code == 401


@pytest.mark.parametrize(
    ("method", "path"),
    [("get", "/auth/me"), ("patch", "/auth/me"), ("post", "/auth/change-password")],
)
def test_account_routes_need_a_token(client: TestClient, method: str, path: str) -> None:
    response = client.request(method.upper(), path, json=None if method == "get" else {"name": "x"})
    assert response.status_code == 401
