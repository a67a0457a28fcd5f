"""REST write load: two `stellary serve` processes on one data directory, beside their floor.

    python bench/api_load.py            # 40 clients, 30 s on each side
    python bench/api_load.py --smoke    # 4 clients, 3 s (CI)

Stellary side: a `stellary demo` project, a token from `stellary token
create`, and two `stellary serve` processes on 127.0.0.1 sharing its data
directory (one SQLite file). Half the clients talk to each server; each client
in turn creates a card in a random column (POST P/columns/:id/cards, a title
no other request uses) and moves a random card to a random column and place
(PATCH P/cards/:id with columnId and order), until the time is up.

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
import random
import shutil
import sqlite3
import sys
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import HOST, Processes, Seeded, cpu_seconds, create_token, free_port, median, ms, percentile, seed  # noqa: E402
from bench._floor_apps import FLOOR_SCHEMA  # noqa: E402

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


def _order_gaps(connection: sqlite3.Connection, sql: str) -> int:
    """Columns whose active cards' order is not exactly 0..n-1."""
    orders: dict[str, list[int]] = {}
    for column_id, order in connection.execute(sql):
        orders.setdefault(column_id, []).append(order)
    return sum(1 for found in orders.values() if sorted(found) != list(range(len(found))))


def _stellary_side(seeded: Seeded, clients: int, seconds: float, log_dir: Path) -> tuple[dict[str, str], bool]:
    """The run's row, and whether the board is still consistent (contiguous order, unique keys)."""
    token = create_token(seeded.directory)
    headers = {"Authorization": f"Bearer {token}"}
    connection = sqlite3.connect(seeded.database_file)
    columns = [r[0] for r in connection.execute("SELECT id FROM columns WHERE scope_id = ? ORDER BY \"order\"", (seeded.scope_id,))]
    card_ids = [r[0] for r in connection.execute("SELECT id FROM cards WHERE project_id = ?", (seeded.project_id,))]
    with Processes(log_dir) as processes:
        ports = [free_port(), free_port()]
        while ports[0] == ports[1]:
            ports[1] = free_port()
        pids = [processes.serve_stellary(f"stellary-load-{i}", seeded.directory, port).pid for i, port in enumerate(ports)]

        def make(n: int, client: httpx.AsyncClient, deadline: float, tally: Tally) -> Awaitable[None]:
            return _stellary_client(n, client, seeded, columns, card_ids, deadline, tally)

        tally, elapsed = _drive(pids, ports, clients, seconds, headers, make)
    gaps = _order_gaps(connection, 'SELECT column_id, "order" FROM cards WHERE archived = 0')
    duplicate_keys = connection.execute(
        "SELECT count(*) FROM (SELECT key FROM cards GROUP BY project_id, key HAVING count(*) > 1)"
    ).fetchone()[0]
    stored_titles = {r[0] for r in connection.execute("SELECT title FROM cards WHERE title LIKE 'load %'")}
    committed_anyway = sum(1 for t in tally.failed_titles if t in stored_titles)
    connection.close()
    checks = f"{gaps} columns with gaps, {duplicate_keys} duplicate keys, {committed_anyway} creates 5xx yet stored"
    return _row("stellary serve ×2", clients, tally, elapsed, checks), gaps == 0 and duplicate_keys == 0


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
    gaps = _order_gaps(connection, 'SELECT column_id, "order" FROM cards')
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="4 clients, 3 s on each side (CI)")
    parser.add_argument("--clients", type=int, default=40)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--keep", action="store_true", help="keep the data directory and server logs")
    args = parser.parse_args()
    clients, seconds = (4, 3.0) if args.smoke else (args.clients, args.seconds)
    seeded = seed(20 if args.smoke else SEEDED_CARDS)
    try:
        stellary, consistent = _stellary_side(seeded, clients, seconds, seeded.directory)
        rows = [stellary, _floor_side(seeded.directory, clients, seconds)]
    finally:
        if args.keep:
            print(f"data and logs kept in {seeded.directory}", file=sys.stderr)
        else:
            shutil.rmtree(seeded.directory, ignore_errors=True)
    ratio = float(rows[0]["writes/s"].replace(",", "")) / max(1.0, float(rows[1]["writes/s"].replace(",", "")))
    headers = list(rows[0])
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")
    print(f"\nthroughput: {ratio:.2f}× the floor")
    # Timings are never asserted; a board left inconsistent is a broken rule, not a slow run.
    if not consistent:
        print("card order has gaps or card keys repeat", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
