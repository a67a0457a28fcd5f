"""Shared fixtures: a fresh migrated database per test, an API client, users.

The database is SQLite unless ``STELLARY_TEST_DATABASE_URL`` names a PostgreSQL server
(``postgresql+psycopg://postgres@127.0.0.1:55432/postgres``) where the tests may create databases:
each test then gets a database copied from a migrated template (`.ci/run` starts such a server).
"""

from __future__ import annotations

import gc
import os
import shutil
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import make_url, text
from sqlalchemy.pool import NullPool

from stellary_core import clock
from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.principal import Principal
from stellary_core.server.app import create_app
from stellary_core.services import passwords

TEST_SECRET = "test-secret-0123456789abcdef0123456789abcdef"
POSTGRES_ADMIN_URL = os.environ.get("STELLARY_TEST_DATABASE_URL") or None


def make_settings(directory: Path, database_url: str | None = None) -> Settings:
    return Settings(
        data_dir=directory,
        database_url=database_url or f"sqlite:///{directory / 'stellary.db'}",
        jwt_lifetime=7 * 24 * 3600,
        jwt_secret=TEST_SECRET,
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, tests of SQLite's own machinery (its file, its locks, its pragmas) do not apply."""
    if POSTGRES_ADMIN_URL is None:
        return
    skip = pytest.mark.skip(reason="tests SQLite's own machinery; the run is on PostgreSQL")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Cheap Argon2id parameters so the suite stays fast (tests marked real_argon2 keep the defaults)."""
    if request.node.get_closest_marker("real_argon2"):
        return
    monkeypatch.setattr(passwords, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    passwords._dummy_hash.cache_clear()


@pytest.fixture(autouse=True)
def collector_thresholds() -> Iterator[None]:
    """Give back the garbage collector's thresholds: `stellary serve` run in-process tunes them, and a
    later test of the app's own tuning found them already set."""
    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)


@pytest.fixture(autouse=True)
def unfrozen_clock() -> Iterator[None]:
    yield
    clock.freeze(None)


class PostgresServer:
    """Databases on the test PostgreSQL server: made and dropped from its admin connection."""

    def __init__(self, admin_url: str) -> None:
        from sqlalchemy import create_engine

        self.admin_url = make_url(admin_url)
        self.admin = create_engine(self.admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def url(self, name: str) -> str:
        return self.admin_url.set(database=name).render_as_string(hide_password=False)

    def create(self, name: str, template: str | None = None) -> str:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            if template:  # a copy needs the source alone: a disposed app's thread may still be leaving it
                connection.execute(
                    text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name"), {"name": template}
                )
            copy = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
            connection.execute(text(f'CREATE DATABASE "{name}"{copy}'))
        return self.url(name)

    def drop(self, name: str) -> None:
        with self.admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresServer | None]:
    if POSTGRES_ADMIN_URL is None:
        yield None
        return
    server = PostgresServer(POSTGRES_ADMIN_URL)
    yield server
    server.admin.dispose()


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory, postgres: PostgresServer | None) -> Iterator[str]:
    """Run the migrations once; every test copies the result (a file, or a PostgreSQL template)."""
    directory = tmp_path_factory.mktemp("template")
    if postgres is None:
        db = open_database(make_settings(directory))
        db.dispose()
        yield str(directory / "stellary.db")
        return
    name = f"stellary_template_{uuid.uuid4().hex[:12]}"  # one per xdist worker
    db = open_database(make_settings(directory, postgres.create(name)))
    db.dispose()
    yield name
    postgres.drop(name)


class DatabaseCopies:
    """Fresh copies of a migrated database: files on SQLite, databases made from a template on PostgreSQL."""

    def __init__(self, template: str, postgres: PostgresServer | None) -> None:
        self.template = template
        self.postgres = postgres
        self._made: list[str] = []

    def copy(self, data_dir: Path, source: Settings | None = None) -> Settings:
        """Settings of a copy of ``source`` (the migrated template when None) kept in ``data_dir``.

        ``source``'s database must be closed (disposed): PostgreSQL copies only a database nobody is connected to.
        """
        data_dir.mkdir(parents=True, exist_ok=True)
        if self.postgres is None:
            original = make_url(source.database_url).database if source else self.template
            shutil.copy(str(original), data_dir / "stellary.db")
            return make_settings(data_dir)
        name = f"stellary_test_{uuid.uuid4().hex[:12]}"
        self._made.append(name)
        template = make_url(source.database_url).database if source else self.template
        return make_settings(data_dir, self.postgres.create(name, template=template))

    def discard(self, settings: Settings) -> None:
        """Drop a copy made here (a file goes with its directory)."""
        name = make_url(settings.database_url).database
        if self.postgres is not None and name in self._made:
            self._made.remove(name)
            self.postgres.drop(name)

    def discard_all(self) -> None:
        while self.postgres is not None and self._made:
            self.postgres.drop(self._made.pop())


@pytest.fixture
def database_copies(migrated_template: str, postgres: PostgresServer | None) -> Iterator[DatabaseCopies]:
    copies = DatabaseCopies(migrated_template, postgres)
    yield copies
    copies.discard_all()


@pytest.fixture
def db(tmp_path: Path, database_copies: DatabaseCopies) -> Iterator[Database]:
    database = open_database(database_copies.copy(tmp_path / "data"), migrate=False)
    yield database
    database.dispose()


def point_stellary_at(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make ``stellary`` run by the test (in-process or a child) open the test's database.

    On SQLite that is the file in its data directory (``--data-dir``); elsewhere only
    ``STELLARY_DATABASE_URL`` can name it.
    """
    if db.is_sqlite:
        monkeypatch.delenv("STELLARY_DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("STELLARY_DATABASE_URL", db.url)


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
