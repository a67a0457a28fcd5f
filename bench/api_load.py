"""REST write load: `stellary serve` with 1 and 4 workers on SQLite and on PostgreSQL, beside a floor.

    python bench/api_load.py            # 40 clients, 30 s on each side
    python bench/api_load.py --smoke    # 4 clients, 3 s (CI)

Stellary sides: a `stellary demo` project (seeded once, copied fresh for each
side), a token from `stellary token create`, and one `stellary serve --workers
N` on 127.0.0.1: SQLite (the data directory's file) with 1 and 4 workers, and
PostgreSQL with 1 and 4 workers (`--database-url`, a database of its own per
side, filled with the same seeded rows). Each client in turn creates a card in
a random column (POST P/columns/:id/cards, a title no other request uses) and
moves a random card to a random column and place (PATCH P/cards/:id with
columnId and order), until the time is up.

PostgreSQL: STELLARY_BENCH_DATABASE_URL names a server where the bench may
create (and then drops) its databases, e.g.
postgresql+psycopg://postgres@127.0.0.1:5432/postgres; when it is unset, the
bench starts a throw-away cluster (initdb in a temporary directory, as the
postgres user when run as root, loopback on a free port) and removes it.

Floor side: two bare FastAPI + SQLAlchemy processes on one SQLite file with
Stellary's connection settings, whose only handler counts a column's cards and
inserts one after them (`bench/_floor_apps.py`), under the same clients.

Reported: writes/s (2xx answers per second of the run), p50/p99 latency of
every request, answers by status (transport errors apart), and afterwards from
the database: the order of each column's active cards is 0..n-1, card keys are
unique, and how many creates answered 5xx although their card was stored.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shlex
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from sqlalchemy import create_engine, insert, make_url, select, text
from sqlalchemy.pool import NullPool

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import HOST, START_TIMEOUT, STELLARY, Processes, Seeded, cpu_seconds, create_token, free_port, median, ms, percentile, seed  # noqa: E402
from bench._floor_apps import FLOOR_SCHEMA  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.models import Base, JournalEntry  # noqa: E402

SEEDED_CARDS = 200
# A request still unanswered after this is counted as a transport error.
REQUEST_TIMEOUT = 30.0
# Bounds each client's loop even if the clock misbehaves.
MAX_REQUESTS_PER_CLIENT = 100_000


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    writes: int = 0
    failed_titles: list[str] = field(default_factory=list)  # creates answered 5xx or not at all
    server_cpu: float = 0.0  # CPU seconds the servers used during the run
    client_cpu: float = 0.0  # CPU seconds this process (the clients) used during the run


async def _request(client: httpx.AsyncClient, tally: Tally, method: str, url: str, body: dict[str, object]) -> httpx.Response | None:
    started = time.perf_counter()
    try:
        answer = await client.request(method, url, json=body)
    except httpx.HTTPError as error:
        tally.latencies.append(time.perf_counter() - started)
        tally.statuses[type(error).__name__] += 1
        return None
    tally.latencies.append(time.perf_counter() - started)
    tally.statuses[str(answer.status_code)] += 1
    if answer.is_success:
        tally.writes += 1
    return answer


async def _stellary_client(
    number: int, client: httpx.AsyncClient, seeded: Seeded, columns: list[str], card_ids: list[str], deadline: float, tally: Tally
) -> None:
    rng = random.Random(number)
    for i in range(MAX_REQUESTS_PER_CLIENT):
        if time.perf_counter() >= deadline:
            return
        if i % 2 == 0:
            title = f"load {number}-{i}"
            answer = await _request(client, tally, "POST", f"{seeded.project_path}/columns/{rng.choice(columns)}/cards", {"title": title})
            if answer is not None and answer.status_code == 201:
                card_ids.append(answer.json()["id"])
            elif answer is None or answer.status_code >= 500:
                tally.failed_titles.append(title)
        else:
            body = {"columnId": rng.choice(columns), "order": rng.randint(0, 60)}
            await _request(client, tally, "PATCH", f"{seeded.project_path}/cards/{rng.choice(card_ids)}", body)


async def _floor_client(number: int, client: httpx.AsyncClient, columns: list[str], deadline: float, tally: Tally) -> None:
    rng = random.Random(number)
    for i in range(MAX_REQUESTS_PER_CLIENT):
        if time.perf_counter() >= deadline:
            return
        await _request(client, tally, "POST", f"/columns/{rng.choice(columns)}/cards", {"title": f"load {number}-{i}"})


Client = Callable[[int, httpx.AsyncClient, float, Tally], Awaitable[None]]


def _drive(pids: list[int], ports: list[int], clients: int, seconds: float, headers: dict[str, str], make: Client) -> tuple[Tally, float]:
    """Run the clients against the servers ``pids`` listening on ``ports``, counting everyone's CPU."""
    servers_before = sum(cpu_seconds(pid) for pid in pids)
    client_before = time.process_time()
    tally, elapsed = asyncio.run(_clients(ports, clients, seconds, headers, make))
    tally.client_cpu = time.process_time() - client_before
    tally.server_cpu = sum(cpu_seconds(pid) for pid in pids) - servers_before
    return tally, elapsed


async def _clients(ports: list[int], clients: int, seconds: float, headers: dict[str, str], make: Client) -> tuple[Tally, float]:
    """Run ``clients`` coroutines from ``make(number, client, deadline, tally)`` split across ``ports``."""
    tally = Tally()
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    http = [
        httpx.AsyncClient(base_url=f"http://{HOST}:{port}", headers=headers, timeout=REQUEST_TIMEOUT, limits=limits)
        for port in ports
    ]
    try:
        started = time.perf_counter()
        deadline = started + seconds
        await asyncio.gather(*(make(n, http[n % len(http)], deadline, tally) for n in range(clients)))
        return tally, time.perf_counter() - started
    finally:
        for client in http:
            await client.aclose()


def _order_gaps(rows: Iterable[tuple[str, int]]) -> int:
    """Columns whose active cards' order is not exactly 0..n-1."""
    orders: dict[str, list[int]] = {}
    for column_id, order in rows:
        orders.setdefault(column_id, []).append(order)
    return sum(1 for found in orders.values() if sorted(found) != list(range(len(found))))


@dataclass(frozen=True)
class Side:
    """One Stellary server under load: its engine, its worker count and its own copy of the seeded data."""

    label: str
    workers: int
    directory: Path
    engine: str  # "sqlite" or "postgresql"


def _served_pids(parent: int) -> list[int]:
    """``parent`` and its children (uvicorn's workers), for their CPU time."""
    children = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended meanwhile
        if int(text[text.rindex(")") + 2 :].split()[1]) == parent:
            children.append(int(stat.parent.name))
    return [parent, *children]


def _wait_for_workers(log: Path, workers: int) -> None:
    """Until every worker has built its app: the first requests should not time a worker's start."""
    deadline = time.monotonic() + START_TIMEOUT
    while log.read_text(errors="replace").count("Application startup complete") < workers:
        if time.monotonic() > deadline:
            raise RuntimeError(f"{workers} workers did not start within {START_TIMEOUT:.0f} s; see {log}")
        time.sleep(0.1)


def _stellary_side(
    side: Side, url: str, seeded: Seeded, token: str, clients: int, seconds: float, log_dir: Path
) -> tuple[dict[str, str], bool]:
    """The run's row, and whether the board ``url`` holds is still consistent (contiguous order, unique keys)."""
    headers = {"Authorization": f"Bearer {token}"}
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            columns = list(connection.scalars(text('SELECT id FROM columns WHERE scope_id = :s ORDER BY "order"'), {"s": seeded.scope_id}))
            card_ids = list(connection.scalars(text("SELECT id FROM cards WHERE project_id = :p"), {"p": seeded.project_id}))
        name = f"stellary-load-{side.label.replace(' ', '-').replace('×', 'x')}"
        with Processes(log_dir) as processes:
            port = free_port()
            command = [*STELLARY, "serve", "--data-dir", str(side.directory), "--database-url", url]
            command += ["--workers", str(side.workers), "--host", HOST, "--port", str(port)]
            # The variable could name another database than the option: the option wins, but keep the run plain.
            environment = {"STELLARY_DATABASE_URL": url}
            parent = processes.start(name, command, port, env=environment).pid
            _wait_for_workers(log_dir / f"{name}.log", side.workers)

            def make(n: int, client: httpx.AsyncClient, deadline: float, tally: Tally) -> Awaitable[None]:
                return _stellary_client(n, client, seeded, columns, card_ids, deadline, tally)

            tally, elapsed = _drive(_served_pids(parent), [port], clients, seconds, headers, make)
        with engine.connect() as connection:
            rows = connection.execute(text('SELECT column_id, "order" FROM cards WHERE archived = :no'), {"no": False})
            gaps = _order_gaps((column_id, order) for column_id, order in rows)
            duplicate_keys = connection.scalar(
                text("SELECT count(*) FROM (SELECT key FROM cards GROUP BY project_id, key HAVING count(*) > 1) AS repeated")
            )
            stored_titles = set(connection.scalars(text("SELECT title FROM cards WHERE title LIKE 'load %'")))
    finally:
        engine.dispose()
    committed_anyway = sum(1 for t in tally.failed_titles if t in stored_titles)
    checks = f"{gaps} columns with gaps, {duplicate_keys} duplicate keys, {committed_anyway} creates 5xx yet stored"
    return _row(f"stellary {side.label}", clients, tally, elapsed, checks), gaps == 0 and duplicate_keys == 0


def _sqlite_copy(seeded: Seeded, directory: Path) -> str:
    """A fresh copy of the seeded SQLite database in ``directory`` (the backup API: WAL content included)."""
    directory.mkdir(parents=True)
    source, target = sqlite3.connect(seeded.database_file), sqlite3.connect(directory / "stellary.db")
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return f"sqlite:///{directory / 'stellary.db'}"


def _postgres_copy(seeded: Seeded, admin_url: str, name: str, directory: Path) -> str:
    """A new PostgreSQL database ``name``, migrated by Stellary, holding the seeded SQLite rows."""
    directory.mkdir(parents=True)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    open_database(Settings.from_env(data_dir=directory, database_url=url)).dispose()  # the schema, by Stellary's migrations
    source = create_engine(f"sqlite:///{seeded.database_file}", poolclass=NullPool)
    target = create_engine(url, poolclass=NullPool)
    try:
        with source.connect() as reading, target.begin() as writing:
            # Rows go in table by table; foreign keys are checked by the rows' source, not again here.
            writing.execute(text("SET session_replication_role = replica"))
            for table in Base.metadata.sorted_tables:
                if table.name == JournalEntry.__tablename__:
                    continue  # the seeding's events, relayed already; their integer ids would collide with the sequence
                rows = [dict(row._mapping) for row in reading.execute(select(table))]
                if rows:
                    writing.execute(insert(table), rows)
    finally:
        source.dispose()
        target.dispose()
    return url


def _drop_database(admin_url: str, name: str) -> None:
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


PG_BIN = Path("/usr/lib/postgresql/15/bin")


@contextmanager
def _postgres_server(log_dir: Path) -> Iterator[str]:
    """STELLARY_BENCH_DATABASE_URL, else a throw-away cluster on loopback, removed afterwards: an admin URL."""
    given = os.environ.get("STELLARY_BENCH_DATABASE_URL")
    if given:
        yield given
        return
    bin_dir = Path(os.environ.get("STELLARY_BENCH_PG_BIN", str(PG_BIN)))
    if not (bin_dir / "initdb").exists():
        raise RuntimeError(f"no PostgreSQL binaries in {bin_dir}: set STELLARY_BENCH_DATABASE_URL or STELLARY_BENCH_PG_BIN")
    cluster = Path(tempfile.mkdtemp(prefix="stellary-bench-pg-"))
    as_postgres = ["su", "postgres", "-c"] if os.geteuid() == 0 else None  # initdb refuses root
    if as_postgres:
        shutil.chown(cluster, "postgres")

    def run(*command: str) -> None:
        line = " ".join(shlex.quote(part) for part in command)
        subprocess.run(as_postgres + [line] if as_postgres else ["sh", "-c", line], check=True, capture_output=True, timeout=120)

    port = free_port()
    data = cluster / "data"
    run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "--no-sync")
    options = f"-p {port} -k {cluster} -c listen_addresses=127.0.0.1 -c max_connections=200"
    run(str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(cluster / "server.log"), "-o", options, "-w", "start")
    try:
        yield f"postgresql+psycopg://postgres@{HOST}:{port}/postgres"
    finally:
        try:
            run(str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(cluster, ignore_errors=True)


def _floor_side(directory: Path, clients: int, seconds: float) -> dict[str, str]:
    database_file = directory / "floor.db"
    connection = sqlite3.connect(database_file)
    connection.executescript(FLOOR_SCHEMA)
    connection.commit()
    columns = [f"{i:024x}" for i in range(5)]
    with Processes(directory) as processes:
        ports = [free_port(), free_port()]
        while ports[0] == ports[1]:
            ports[1] = free_port()
        pids = [
            processes.start(f"floor-load-{i}", ["-m", "bench._floor_apps", "cards", str(database_file), "--port", str(port)], port).pid
            for i, port in enumerate(ports)
        ]

        def make(n: int, client: httpx.AsyncClient, deadline: float, tally: Tally) -> Awaitable[None]:
            return _floor_client(n, client, columns, deadline, tally)

        tally, elapsed = _drive(pids, ports, clients, seconds, {}, make)
    gaps = _order_gaps(connection.execute('SELECT column_id, "order" FROM cards'))
    connection.close()
    return _row("floor: FastAPI + SQLAlchemy ×2", clients, tally, elapsed, f"{gaps} columns with gaps")


def _row(side: str, clients: int, tally: Tally, elapsed: float, checks: str) -> dict[str, str]:
    statuses = ", ".join(f"{status}: {count:,}" for status, count in sorted(tally.statuses.items()))
    server_errors = sum(count for status, count in tally.statuses.items() if status.startswith("5"))
    return {
        "side": side,
        "clients": str(clients),
        "requests": f"{len(tally.latencies):,}",
        "writes/s": f"{tally.writes / elapsed:,.0f}",
        "p50": ms(median(tally.latencies)) if tally.latencies else "n/a",
        "p99": ms(percentile(tally.latencies, 0.99)) if tally.latencies else "n/a",
        "5xx": f"{server_errors:,}",
        "server CPU/request": ms(tally.server_cpu / max(1, len(tally.latencies))),
        "client CPU/request": ms(tally.client_cpu / max(1, len(tally.latencies))),
        "answers": statuses,
        "afterwards": checks,
    }


WORKERS = (1, 4)
ENGINES = (("sqlite", "SQLite"), ("postgresql", "PostgreSQL"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="4 clients, 3 s on each side (CI)")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the data directories and server logs")
    args = parser.parse_args()
    clients, seconds = (4, 3.0) if args.smoke else (args.clients, args.seconds)
    seeded = seed(20 if args.smoke else SEEDED_CARDS)
    token = create_token(seeded.directory)  # stored in the seed, so every copy knows it
    rows: list[dict[str, str]] = []
    inconsistent: list[str] = []
    databases: list[str] = []
    try:
        with _postgres_server(seeded.directory) as admin_url:
            try:
                sides = [Side(f"{label} ×{n}", n, seeded.directory / f"{engine}-{n}", engine) for engine, label in ENGINES for n in WORKERS]
                for side in sides:
                    if side.engine == "postgresql":
                        databases.append(f"stellary_bench_{uuid.uuid4().hex[:10]}")
                        url = _postgres_copy(seeded, admin_url, databases[-1], side.directory)
                    else:
                        url = _sqlite_copy(seeded, side.directory)
                    row, consistent = _stellary_side(side, url, seeded, token, clients, seconds, seeded.directory)
                    rows.append(row)
                    if not consistent:
                        inconsistent.append(side.label)
            finally:
                for name in databases:
                    _drop_database(admin_url, name)
        rows.append(_floor_side(seeded.directory, clients, seconds))
    finally:
        if args.keep:
            print(f"data and logs kept in {seeded.directory}", file=sys.stderr)
        else:
            shutil.rmtree(seeded.directory, ignore_errors=True)
    headers = list(rows[0])
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")
    # Timings are never asserted; a board left inconsistent is a broken rule, not a slow run.
    if inconsistent:
        print(f"card order has gaps or card keys repeat: {', '.join(inconsistent)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
