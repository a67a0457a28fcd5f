"""Storage: connection settings, IMMEDIATE write transactions, where the data lives, migrations."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect, select, text
from sqlalchemy.exc import IntegrityError

from stellary_core.config import Settings
from stellary_core.db import MIGRATIONS_DIR, SCHEMA_HEAD, Database, open_database
from stellary_core.models import AppSetting, Base, OrgMember
from tests.conftest import PostgresServer, make_settings


def _pragmas(connection: object) -> tuple:
    execute = connection.exec_driver_sql  # type: ignore[attr-defined]
    return (
        execute("PRAGMA journal_mode").scalar(),
        execute("PRAGMA synchronous").scalar(),
        execute("PRAGMA foreign_keys").scalar(),
        execute("PRAGMA busy_timeout").scalar(),
    )


EXPECTED_PRAGMAS = ("wal", 1, 1, 5000)


@pytest.mark.sqlite_only
def test_every_connection_has_the_settings(db: Database) -> None:
    # Several connections open at once, so the pool hands out distinct ones.
    with db.engine.connect() as first, db.engine.connect() as second, db.engine.connect() as third:
        assert len({id(c.connection.dbapi_connection) for c in (first, second, third)}) == 3
        for connection in (first, second, third):
            assert _pragmas(connection) == EXPECTED_PRAGMAS


@pytest.mark.sqlite_only
def test_sessions_of_both_kinds_have_the_settings(db: Database) -> None:
    for write in (False, True):
        with db.session(write=write) as session:
            assert _pragmas(session.connection()) == EXPECTED_PRAGMAS


def test_foreign_keys_are_enforced(db: Database) -> None:
    with db.session(write=True) as session:
        session.add(OrgMember(org_id="665f1a2b3c4d5e6f7a8b9c0e", user_id="665f1a2b3c4d5e6f7a8b9c0f", role="member"))
        with pytest.raises(IntegrityError, match="(?i)foreign key"):  # SQLite's words, or PostgreSQL's
            session.flush()


def _db_file(db: Database) -> str:
    return db.url.removeprefix("sqlite:///")


def _try_reserve(path: str) -> bool:
    """Can another connection take the write lock right now (without waiting)?"""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    else:
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


@pytest.mark.sqlite_only
def test_a_write_session_takes_the_write_lock_when_it_begins(db: Database) -> None:
    with db.session(write=True) as session:
        session.scalar(select(AppSetting).limit(1))  # a read is enough to begin the transaction
        assert _try_reserve(_db_file(db)) is False
    assert _try_reserve(_db_file(db)) is True


@pytest.mark.sqlite_only
def test_a_read_session_does_not_block_writers(db: Database) -> None:
    with db.session() as session:
        session.scalar(select(AppSetting).limit(1))
        assert _try_reserve(_db_file(db)) is True


@pytest.mark.sqlite_only  # BEGIN IMMEDIATE serialises whole units of work; PostgreSQL's services lock their rows
def test_concurrent_read_then_write_sessions_never_fail(db: Database) -> None:
    """Each worker has its own engine, as a second process would; all read, then write."""
    with db.session(write=True) as session:
        session.add(AppSetting(key="counter", value=0))
        session.commit()
    workers, rounds = 4, 15
    errors: list[BaseException] = []
    start = threading.Barrier(workers)

    def work() -> None:
        own = open_database(db.settings, migrate=False)
        try:
            start.wait()
            for _ in range(rounds):
                with own.session(write=True) as session:
                    row = session.get(AppSetting, "counter")
                    assert row is not None
                    time.sleep(0.002)  # widen the read-to-write window so the workers really overlap
                    row.value = int(row.value) + 1
                    session.commit()
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            own.dispose()

    threads = [threading.Thread(target=work) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with db.session() as session:
        assert session.get(AppSetting, "counter").value == workers * rounds  # type: ignore[union-attr]


# -- where the data lives --------------------------------------------------------------------------


def test_stellary_data_dir_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STELLARY_DATABASE_URL", raising=False)
    monkeypatch.setenv("STELLARY_DATA_DIR", str(tmp_path / "stellary-home"))
    settings = Settings.from_env()
    assert settings.data_dir == tmp_path / "stellary-home"
    assert settings.attachments_dir == tmp_path / "stellary-home" / "attachments"
    db = open_database(settings)
    try:
        assert (tmp_path / "stellary-home" / "stellary.db").is_file()
    finally:
        db.dispose()


def test_an_explicit_data_dir_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("STELLARY_DATABASE_URL", raising=False)
    monkeypatch.setenv("STELLARY_DATA_DIR", str(tmp_path / "from-env"))
    settings = Settings.from_env(data_dir=tmp_path / "from-flag")
    assert settings.database_url == f"sqlite:///{tmp_path / 'from-flag' / 'stellary.db'}"


def test_stellary_database_url_is_honoured(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere" / "custom.db"
    elsewhere.parent.mkdir()
    monkeypatch.setenv("STELLARY_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("STELLARY_DATABASE_URL", f"sqlite:///{elsewhere}")
    db = open_database(Settings.from_env())
    try:
        assert db.url == f"sqlite:///{elsewhere}"
        assert elsewhere.is_file()
        assert not (tmp_path / "data" / "stellary.db").exists()
        assert "users" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The usual 022 umask, under which files come out 0644 unless the code says otherwise."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _write_something(db: Database) -> None:
    with db.session(write=True) as session:
        session.add(AppSetting(key="probe", value=1))
        session.commit()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_a_new_data_directory_and_its_database_files_are_private(tmp_path: Path, open_umask: None) -> None:
    data_dir = tmp_path / "new" / "stellary"
    db = open_database(make_settings(data_dir))
    try:
        _write_something(db)
        wal, shm = (data_dir / "stellary.db-wal", data_dir / "stellary.db-shm")
        assert wal.exists() and shm.exists()  # the connection is still open
        assert _mode(data_dir) == 0o700
        assert {p.name: _mode(p) for p in (data_dir / "stellary.db", wal, shm)} == {
            "stellary.db": 0o600,
            "stellary.db-wal": 0o600,
            "stellary.db-shm": 0o600,
        }
    finally:
        db.dispose()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_an_existing_loose_data_directory_is_tightened(tmp_path: Path, open_umask: None) -> None:
    data_dir = tmp_path / "stellary"
    data_dir.mkdir(mode=0o755)
    # Files an older version left readable by everyone, the journal ones included.
    sqlite3.connect(data_dir / "stellary.db").close()
    for name in ("stellary.db", "stellary.db-wal", "stellary.db-shm"):
        (data_dir / name).touch()
        (data_dir / name).chmod(0o644)
    data_dir.chmod(0o755)
    db = open_database(make_settings(data_dir))
    try:
        _write_something(db)
        assert _mode(data_dir) == 0o700
        assert {_mode(data_dir / n) for n in ("stellary.db", "stellary.db-wal", "stellary.db-shm")} == {0o600}
    finally:
        db.dispose()


def test_without_overrides_data_goes_to_the_platform_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.delenv("STELLARY_DATA_DIR", raising=False)
    monkeypatch.delenv("STELLARY_DATABASE_URL", raising=False)
    assert Settings.from_env().data_dir == Path(platformdirs.user_data_dir("stellary"))


# -- migrations --------------------------------------------------------------------------------------


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


def test_there_is_a_single_migration_head() -> None:
    assert len(ScriptDirectory.from_config(_alembic_config()).get_heads()) == 1


def test_open_database_applies_the_migrations(tmp_path: Path) -> None:
    db = open_database(make_settings(tmp_path))
    try:
        head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT version_num FROM alembic_version")).scalar() == head
        assert set(Base.metadata.tables) <= set(inspect(db.engine).get_table_names())
    finally:
        db.dispose()
    # Opening again is a no-op that keeps the data.
    again = open_database(make_settings(tmp_path))
    try:
        with again.session() as session:
            assert session.scalar(select(AppSetting).limit(1)) is None
    finally:
        again.dispose()


def test_migrate_false_leaves_an_empty_file(tmp_path: Path) -> None:
    db = open_database(make_settings(tmp_path), migrate=False)
    try:
        assert "users" not in inspect(db.engine).get_table_names()
        db.migrate()
        assert "users" in inspect(db.engine).get_table_names()
    finally:
        db.dispose()


def test_schema_head_is_the_newest_migration() -> None:
    # Database.migrate trusts this constant to skip Alembic: a new migration must move it.
    assert SCHEMA_HEAD == ScriptDirectory.from_config(_alembic_config()).get_current_head()


_OPEN_AND_REPORT = """
import json, sys
from pathlib import Path
from sqlalchemy import event
from stellary_core.config import Settings
from stellary_core.db import open_database

db = open_database(Settings(Path(sys.argv[1]), sys.argv[2], 3600, "secret"), migrate=False)
statements = []
event.listen(db.engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
db.migrate()
db.dispose()
print(json.dumps({"statements": statements, "alembic": "alembic" in sys.modules}))
"""


def test_an_up_to_date_database_is_recognised_with_one_query_without_loading_alembic(db: Database) -> None:
    db.dispose()
    result = subprocess.run(
        [sys.executable, "-c", _OPEN_AND_REPORT, str(db.settings.data_dir), db.url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert [s for s in report["statements"] if not s.startswith(("BEGIN", "PRAGMA"))] == [
        "SELECT version_num FROM alembic_version"
    ]
    assert report["alembic"] is False


def test_a_database_at_another_revision_goes_through_alembic(db: Database) -> None:
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'f00dcafe'"))
    # A database written by a newer Stellary: Alembic refuses it rather than the app using it blindly.
    with pytest.raises(Exception, match="f00dcafe"):
        open_database(db.settings)


@pytest.fixture
def new_database(tmp_path: Path, postgres: PostgresServer | None) -> Iterator[Settings]:
    """Settings for a database nothing has migrated yet (an empty file, or an empty PostgreSQL database)."""
    if postgres is None:
        yield make_settings(tmp_path)
        return
    name = f"stellary_new_{uuid.uuid4().hex[:12]}"
    yield make_settings(tmp_path, postgres.create(name))
    postgres.drop(name)


_MIGRATE_WHEN_BOTH_READY = """
import sys, time
from pathlib import Path
from stellary_core.config import Settings
from stellary_core.db import open_database

directory, url, me, other = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4])
me.touch()
while not other.exists():  # both processes have loaded everything: they migrate at the same moment
    time.sleep(0.001)
open_database(Settings(directory, url, 3600, "secret")).dispose()
"""


def test_two_processes_migrating_one_new_database_at_once_both_end_at_head(
    new_database: Settings, tmp_path: Path
) -> None:
    # Processes, as two server workers are: Alembic's context is global to a process.
    ready = [tmp_path / "first.ready", tmp_path / "second.ready"]
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _MIGRATE_WHEN_BOTH_READY, str(new_database.data_dir), new_database.database_url,
             str(me), str(other)],
            stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
        )
        for me, other in (ready, ready[::-1])
    ]  # fmt: skip
    errors = [worker.communicate(timeout=120)[1] for worker in workers]
    assert [worker.returncode for worker in workers] == [0, 0], errors
    db = Database(new_database)
    try:
        assert db.schema_revisions() == [SCHEMA_HEAD]
    finally:
        db.dispose()


def test_a_new_database_is_migrated_in_one_transaction(new_database: Settings) -> None:
    # Every migration commits with the others: a process waiting for the lock never finds a half-made schema
    # (on SQLite Alembic would commit each migration on its own, and the waiting one stepped in between two).
    db = Database(new_database)
    commits: list[object] = []
    event.listen(db.engine, "commit", commits.append)
    try:
        db.migrate()
        assert db.schema_revisions() == [SCHEMA_HEAD]
        assert len(commits) == 1
    finally:
        db.dispose()


def test_the_models_match_the_migrated_schema(db: Database) -> None:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def _commit_a_setting(db: Database, name: str) -> None:
    with db.session(write=True) as session:
        session.add(AppSetting(key=name, value="x"))


def test_the_change_watcher_reports_another_process_commit_once_and_never_its_own(db: Database) -> None:
    from stellary_core.watch import ChangeWatcher

    other = open_database(db.settings, migrate=False)  # another process on the same file: its own record of commits
    watcher = ChangeWatcher(db)
    try:
        assert not watcher.changed()
        _commit_a_setting(other, "first")
        assert watcher.changed()
        assert not watcher.changed()
        _commit_a_setting(db, "ours")  # announced by its domain events: the watcher stays quiet
        _commit_a_setting(db, "ours again")
        assert not watcher.changed()
        _commit_a_setting(db, "ours then theirs")
        _commit_a_setting(other, "theirs")
        assert watcher.changed()
        _commit_a_setting(other, "theirs then ours")
        _commit_a_setting(db, "ours last")
        assert watcher.changed()
        assert not watcher.changed()
    finally:
        watcher.close()
        other.dispose()


def test_a_commit_that_failed_does_not_hide_the_next_one_of_another_process(db: Database) -> None:
    from stellary_core.watch import ChangeWatcher

    other = open_database(db.settings, migrate=False)
    watcher = ChangeWatcher(db)
    try:
        _commit_a_setting(other, "theirs first")
        _commit_a_setting(db, "taken")
        assert watcher.changed()
        generation = watcher._stamp()
        with pytest.raises(IntegrityError):
            _commit_a_setting(db, "taken")  # the same key: this commit fails, its generation is not written
        assert not watcher.changed()
        _commit_a_setting(other, "theirs")  # on SQLite, writes the generation the failed commit had noted
        if db.is_sqlite:
            assert watcher._stamp() == generation + 1
        assert watcher.changed()
    finally:
        watcher.close()
        other.dispose()


def test_a_watcher_whose_connection_was_lost_listens_again_and_reports_a_change(db: Database) -> None:
    from stellary_core.watch import ChangeWatcher

    if db.is_sqlite:
        pytest.skip("SQLite's watcher reads a file: there is no connection to lose")
    other = open_database(db.settings, migrate=False)
    watcher = ChangeWatcher(db)
    try:
        listening = watcher._listener._connection.info.backend_pid  # type: ignore[union-attr]
        with db.engine.connect() as connection:
            connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": listening})
        with pytest.raises(Exception):
            watcher.changed()  # the poll that finds it gone: the feed logs it and polls again
        assert watcher.changed()  # listening again; what was notified meanwhile is unknown, so: reload
        assert not watcher.changed()
        _commit_a_setting(other, "heard again")
        assert watcher.changed()
    finally:
        watcher.close()
        other.dispose()
