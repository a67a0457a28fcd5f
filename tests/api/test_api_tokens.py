"""Personal access tokens: creation, listing, revocation and authentication (contract section 2)."""

from __future__ import annotations

import hashlib
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import delete, event, select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.models import ApiToken, User
from stellary_core.principal import ALL_SCOPES
from tests.conftest import ApiUser

TOKEN_RE = re.compile(r"^synth_[0-9A-Za-z]{40}$")


def create(user: ApiUser, **body: object) -> dict:
    response = user.post("/api-tokens", json={"name": "CI Pipeline", **body})
    assert response.status_code == 201, response.text
    return response.json()


def pat(client: TestClient, token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_create_answers_the_reference_shape_with_the_token_once(alice: ApiUser) -> None:
    body = create(alice, scopes=["projects:read", "projects:write"], expiresAt="2099-01-01T00:00:00Z")
    assert set(body) == {"id", "token", "name", "prefix", "scopes", "expiresAt", "createdAt"}
    assert TOKEN_RE.match(body["token"])
    assert body["prefix"] == body["token"][:10]
    assert body["prefix"].startswith("synth_")
    assert body["scopes"] == ["projects:read", "projects:write"]
    assert body["expiresAt"] == "2099-01-01T00:00:00Z"
    assert body["createdAt"].endswith("Z")
    assert re.match(r"^[0-9a-f]{24}$", body["id"])


def test_scopes_default_to_all_seven_and_expiry_to_none(alice: ApiUser) -> None:
    body = create(alice)
    assert body["scopes"] == list(ALL_SCOPES)
    assert body["expiresAt"] is None


def test_every_token_is_different(alice: ApiUser) -> None:
    assert create(alice)["token"] != create(alice)["token"]


def test_only_the_sha256_of_the_token_is_stored(alice: ApiUser, db: Database) -> None:
    body = create(alice)
    with db.session() as session:
        row = session.get_one(ApiToken, body["id"])
        stored = [str(getattr(row, c.key)) for c in ApiToken.__table__.columns]
    assert row.token_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert not any(body["token"] in value for value in stored)


def test_list_never_includes_the_token(alice: ApiUser) -> None:
    created = create(alice, scopes=["account:read"])
    listed = alice.get("/api-tokens").json()
    assert listed == [
        {
            "id": created["id"],
            "name": "CI Pipeline",
            "prefix": created["prefix"],
            "scopes": ["account:read"],
            "expiresAt": None,
            "lastUsedAt": None,
            "createdAt": created["createdAt"],
        }
    ]


def test_list_shows_only_the_callers_tokens_newest_first(alice: ApiUser, bob: ApiUser) -> None:
    first = create(alice, scopes=["account:read"])
    second = alice.post("/api-tokens", json={"name": "Second"}).json()
    create(bob)
    assert [t["id"] for t in alice.get("/api-tokens").json()] == [second["id"], first["id"]]


def test_unknown_scope_is_a_400_naming_the_field(alice: ApiUser) -> None:
    response = alice.post("/api-tokens", json={"name": "x", "scopes": ["projects:read", "admin:all"]})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "scopes"
    assert "admin:all" in response.json()["message"]


def test_an_empty_scope_list_is_a_400(alice: ApiUser) -> None:
    response = alice.post("/api-tokens", json={"name": "x", "scopes": []})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "scopes"


def test_duplicate_scopes_are_kept_once_in_canonical_order(alice: ApiUser) -> None:
    body = create(alice, scopes=["account:read", "projects:read", "account:read"])
    assert body["scopes"] == ["projects:read", "account:read"]


def test_expiry_in_the_past_is_a_400(alice: ApiUser) -> None:
    response = alice.post("/api-tokens", json={"name": "x", "expiresAt": "2020-01-01T00:00:00Z"})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "expiresAt"


def test_expiry_accepts_a_date_only(alice: ApiUser) -> None:
    assert create(alice, expiresAt="2099-04-01")["expiresAt"] == "2099-04-01T00:00:00Z"


def test_name_is_required_and_at_most_100_characters(alice: ApiUser) -> None:
    assert alice.post("/api-tokens", json={}).status_code == 400
    assert alice.post("/api-tokens", json={"name": ""}).status_code == 400
    too_long = alice.post("/api-tokens", json={"name": "x" * 101})
    assert too_long.status_code == 400
    assert too_long.json()["details"][0]["field"] == "name"
    assert alice.post("/api-tokens", json={"name": "x" * 100}).status_code == 201


def test_client_cannot_choose_the_token_or_its_prefix(alice: ApiUser) -> None:
    response = alice.post("/api-tokens", json={"name": "x", "token": "synth_" + "a" * 40})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "token"


def test_token_management_needs_authentication(client: TestClient) -> None:
    assert client.get("/api-tokens").status_code == 401
    assert client.post("/api-tokens", json={"name": "x"}).status_code == 401


def test_a_pat_authenticates_as_its_owner(client: TestClient, alice: ApiUser) -> None:
    token = create(alice)["token"]
    response = client.get("/auth/me", headers=pat(client, token))
    assert response.status_code == 200
    assert response.json()["user"]["id"] == alice.id


def test_a_pat_cannot_manage_tokens_even_with_every_scope(client: TestClient, alice: ApiUser) -> None:
    created = create(alice)
    headers = pat(client, created["token"])
    for response in (
        client.get("/api-tokens", headers=headers),
        client.post("/api-tokens", json={"name": "escalate"}, headers=headers),
        client.delete(f"/api-tokens/{created['id']}", headers=headers),
    ):
        assert response.status_code == 403
        assert "JWT" in response.json()["message"]
    assert len(alice.get("/api-tokens").json()) == 1


def test_revoking_a_token_makes_it_a_401_and_hides_it(client: TestClient, alice: ApiUser) -> None:
    created = create(alice)
    headers = pat(client, created["token"])
    assert client.get("/auth/me", headers=headers).status_code == 200
    response = alice.delete(f"/api-tokens/{created['id']}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert client.get("/auth/me", headers=headers).status_code == 401
    assert alice.get("/api-tokens").json() == []
    assert alice.delete(f"/api-tokens/{created['id']}").status_code == 404


def test_revoke_keeps_the_row_with_its_revocation_time(alice: ApiUser, db: Database) -> None:
    created = create(alice)
    alice.delete(f"/api-tokens/{created['id']}")
    with db.session() as session:
        assert session.get_one(ApiToken, created["id"]).revoked_at is not None


def test_revoking_someone_elses_token_is_a_404_and_leaves_it_working(
    client: TestClient, alice: ApiUser, bob: ApiUser
) -> None:
    created = create(bob)
    response = alice.delete(f"/api-tokens/{created['id']}")
    assert response.status_code == 404
    assert response.json()["statusCode"] == 404
    assert client.get("/auth/me", headers=pat(client, created["token"])).status_code == 200


def test_revoking_a_malformed_or_unknown_id_is_a_404(alice: ApiUser) -> None:
    assert alice.delete("/api-tokens/not-an-id").status_code == 404
    assert alice.delete("/api-tokens/665f1a2b3c4d5e6f7a8b9c0d").status_code == 404


def test_an_expired_token_is_a_401(client: TestClient, alice: ApiUser) -> None:
    # Within the JWT's lifetime, since the frozen clock also ages alice's session.
    expiry = clock.utcnow().replace(microsecond=0) + timedelta(days=1)
    created = create(alice, expiresAt=clock.iso_z(expiry))
    headers = pat(client, created["token"])
    clock.freeze(expiry - timedelta(seconds=1))
    assert client.get("/auth/me", headers=headers).status_code == 200
    clock.freeze(expiry)
    response = client.get("/auth/me", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "Unauthorized"


def test_an_unknown_or_malformed_pat_is_a_401(client: TestClient, alice: ApiUser) -> None:
    token = create(alice)["token"]
    forged = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert client.get("/auth/me", headers=pat(client, forged)).status_code == 401
    assert client.get("/auth/me", headers=pat(client, "synth_")).status_code == 401


def test_last_used_is_updated_at_most_once_a_minute(client: TestClient, alice: ApiUser) -> None:
    start = clock.utcnow().replace(microsecond=0)
    clock.freeze(start)
    created = create(alice)
    headers = pat(client, created["token"])

    def last_used() -> str | None:
        return alice.get("/api-tokens").json()[0]["lastUsedAt"]

    assert last_used() is None
    client.get("/auth/me", headers=headers)
    assert last_used() == clock.iso_z(start)
    clock.freeze(start + timedelta(seconds=59))
    client.get("/auth/me", headers=headers)
    assert last_used() == clock.iso_z(start)
    clock.freeze(start + timedelta(seconds=60))
    client.get("/auth/me", headers=headers)
    assert last_used() == clock.iso_z(start + timedelta(seconds=60))


def test_last_used_is_updated_by_a_write_request_too(client: TestClient, alice: ApiUser) -> None:
    created = create(alice)
    response = client.post(
        "/organizations", json={"name": "Acme", "slug": "acme-pat"}, headers=pat(client, created["token"])
    )
    assert response.status_code == 201, response.text
    assert alice.get("/api-tokens").json()[0]["lastUsedAt"] is not None


def test_a_failed_request_still_counts_as_a_use(client: TestClient, alice: ApiUser) -> None:
    created = create(alice)
    response = client.get("/organizations/nowhere", headers=pat(client, created["token"]))
    assert response.status_code == 404
    assert alice.get("/api-tokens").json()[0]["lastUsedAt"] is not None


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the server runs meanwhile, transaction control included."""
    seen: list[str] = []

    def record(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(" ".join(statement.split()))

    def commit(_conn: Any) -> None:
        seen.append("COMMIT")  # the driver commits without a statement

    event.listen(db.engine, "before_cursor_execute", record)
    event.listen(db.engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
        event.remove(db.engine, "commit", commit)


def test_a_use_within_the_minute_opens_no_write_transaction(client: TestClient, alice: ApiUser, db: Database) -> None:
    start = clock.utcnow().replace(microsecond=0)
    clock.freeze(start)
    headers = pat(client, create(alice)["token"])
    with statements(db) as first:
        assert client.get("/auth/me", headers=headers).status_code == 200
    assert any(s.startswith("UPDATE api_tokens") for s in first)
    clock.freeze(start + timedelta(seconds=30))
    with statements(db) as second:
        assert client.get("/auth/me", headers=headers).status_code == 200
    assert second and not [s for s in second if s.startswith(("BEGIN IMMEDIATE", "UPDATE", "INSERT", "DELETE"))]


def test_the_use_of_a_pat_is_recorded_after_the_requests_own_work(client: TestClient, alice: ApiUser, db: Database) -> None:
    headers = pat(client, create(alice)["token"])
    with statements(db) as seen:
        response = client.post("/organizations", json={"name": "Acme", "slug": "acme-after"}, headers=headers)
    assert response.status_code == 201, response.text
    writes = [s for s in seen if s.startswith(("INSERT", "UPDATE", "DELETE", "COMMIT", "BEGIN IMMEDIATE"))]
    touch = next(i for i, s in enumerate(writes) if s.startswith("UPDATE api_tokens"))
    # The request's transaction (its inserts, then one commit) ends before the touch's begins.
    opening = ["BEGIN IMMEDIATE"] if db.is_sqlite else []  # PostgreSQL's BEGIN is the driver's, not a statement
    assert writes[: len(opening)] == opening
    assert any(s.startswith("INSERT INTO organizations") for s in writes[:touch])
    assert writes[:touch].count("COMMIT") == 1 and writes[touch - 1 - len(opening) : touch] == ["COMMIT", *opening]
    assert alice.get("/api-tokens").json()[0]["lastUsedAt"] is not None


@pytest.mark.sqlite_only  # SQLite's write lock: PostgreSQL's readers never wait for writers
def test_authenticating_a_get_never_waits_for_the_write_lock(client: TestClient, alice: ApiUser, db: Database) -> None:
    headers = pat(client, create(alice)["token"])
    # Another process holds SQLite's write lock for longer than the busy timeout.
    locker = sqlite3.connect(db.settings.data_dir / "stellary.db", isolation_level=None)
    try:
        locker.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        response = client.get("/auth/me", headers=headers)
        elapsed = time.monotonic() - started
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert response.status_code == 200, response.text
    assert elapsed < 2.5  # the database's busy timeout is 5 s


def test_a_pat_never_grants_more_than_its_owner(client: TestClient, alice: ApiUser, bob: ApiUser) -> None:
    # bob is a plain member of alice's organization: his full-scope token can read it, not change it.
    assert alice.post(f"/organizations/{alice.org_slug}/members", json={"email": bob.email, "role": "member"}).status_code == 201
    headers = pat(client, create(bob)["token"])
    assert client.get(f"/organizations/{alice.org_slug}", headers=headers).status_code == 200
    assert client.patch(f"/organizations/{alice.org_slug}", json={"name": "Mine"}, headers=headers).status_code == 403
    assert client.delete(f"/organizations/{alice.org_slug}", headers=headers).status_code == 403
    # ...and nothing of an organization he is not in.
    alice.post("/organizations", json={"name": "Secret", "slug": "secret-org"})
    assert client.get("/organizations/secret-org", headers=headers).status_code == 404


def test_tokens_of_a_user_stop_with_the_revocation_not_with_other_tokens(client: TestClient, alice: ApiUser) -> None:
    keep, drop = create(alice), create(alice)
    alice.delete(f"/api-tokens/{drop['id']}")
    assert client.get("/auth/me", headers=pat(client, keep["token"])).status_code == 200


def test_stored_scopes_are_what_the_token_holds(alice: ApiUser, db: Database) -> None:
    created = create(alice, scopes=["notifications:read"])
    with db.session() as session:
        scopes = session.scalar(select(ApiToken.scopes).where(ApiToken.id == created["id"]))
    assert scopes == ["notifications:read"]


def test_a_token_whose_user_is_gone_is_refused(client: TestClient, alice: ApiUser, db: Database) -> None:
    token = create(alice, name="Orphan")["token"]
    assert client.get("/auth/me", headers=pat(client, token)).status_code == 200
    # As if the row were removed behind the app's back, foreign keys unchecked: on SQLite a bare
    # connection has them off; on PostgreSQL the replica role skips their triggers.
    if db.is_sqlite:
        with sqlite3.connect(str(db.engine.url.database)) as raw:
            raw.execute("DELETE FROM users WHERE id = ?", (alice.id,))
    else:
        with db.engine.begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.execute(delete(User).where(User.id == alice.id))
    refused = client.get("/auth/me", headers=pat(client, token))
    assert (refused.status_code, refused.json()["message"]) == (401, "Invalid, expired or revoked token")
