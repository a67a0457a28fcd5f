"""Shared fixtures: a fresh migrated SQLite database per test, an API client, users."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient

from stellary_core import clock
from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.principal import Principal
from stellary_core.server.app import create_app
from stellary_core.services import passwords

TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef"


def make_settings(directory: Path) -> Settings:
    return Settings(
        data_dir=directory,
        database_url=f"sqlite:///{directory / 'stellary.db'}",
        jwt_lifetime=7 * 24 * 3600,
        jwt_secret=TEST_SECRET,
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Cheap Argon2id parameters so the suite stays fast (tests marked real_argon2 keep the defaults)."""
    if request.node.get_closest_marker("real_argon2"):
        return
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    passwords._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def unfrozen_clock() -> Iterator[None]:
    yield
    clock.freeze(None)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Run the migrations once; every test copies the resulting file."""
    directory = tmp_path_factory.mktemp("template")
    db = open_database(make_settings(directory))
    db.dispose()
    return directory / "stellary.db"


@pytest.fixture
def db(tmp_path: Path, migrated_template: Path) -> Iterator[Database]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(migrated_template, data_dir / "stellary.db")
    database = open_database(make_settings(data_dir), migrate=False)
    yield database
    database.dispose()


@pytest.fixture
def client(db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(db)) as test_client:
        yield test_client


@dataclass
class ApiUser:
    """A registered user and what a test needs to call the API as them."""

    client: TestClient
    id: str
    email: str
    name: str
    token: str
    org_slug: str
    ws_slug: str = "personal"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def principal(self) -> Principal:
        return Principal(user_id=self.id, kind="jwt")

    @property
    def ws_path(self) -> str:
        return f"/orgs/{self.org_slug}/workspaces/{self.ws_slug}"

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.client.get(path, headers=self.headers, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self.client.post(path, headers=self.headers, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self.client.patch(path, headers=self.headers, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self.client.delete(path, headers=self.headers, **kwargs)


def register(client: TestClient, email: str, name: str = "", password: str = "secure-pass-123") -> ApiUser:
    response = client.post("/auth/register", json={"email": email, "password": password, "name": name or email.split("@")[0]})
    assert response.status_code == 201, response.text
    body = response.json()
    token = body["access_token"]
    orgs = client.get("/organizations", headers={"Authorization": f"Bearer {token}"}).json()
    return ApiUser(client, body["user"]["id"], email, body["user"]["name"], token, orgs[0]["slug"])


@pytest.fixture
def alice(client: TestClient) -> ApiUser:
    return register(client, "alice@example.com", "Alice")


@pytest.fixture
def bob(client: TestClient) -> ApiUser:
    return register(client, "bob@example.com", "Bob")


@pytest.fixture
def mallory(client: TestClient) -> ApiUser:
    """A user of another organization: must never see anyone else's data."""
    return register(client, "mallory@example.com", "Mallory")


@pytest.fixture
def project(alice: ApiUser) -> dict[str, Any]:
    """A project in alice's personal workspace, with its columns."""
    created = alice.post(f"{alice.ws_path}/projects", json={"name": "Q1 Launch"})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    body["columns"] = alice.get(f"{alice.ws_path}/projects/{body['id']}/columns").json()
    body["path"] = f"{alice.ws_path}/projects/{body['id']}"
    return body
