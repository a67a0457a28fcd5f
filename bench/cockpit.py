"""Cockpit speed: GET W/pilotage/state and GET W/documents on a real `stellary serve`, beside their floors.

    python bench/cockpit.py              # 200 missions, 1,000 todos, 300 decisions, 500 documents; 15 runs
    python bench/cockpit.py --smoke      # a tenth of that, 2 runs (CI)

A fresh data directory gets `stellary demo`'s project (bench/_api.py's seed) and,
bulk-inserted into the same workspace as the demo inserts cards: the missions
(a quarter of each status, the blocked ones with a reason), 4 active and 6
archived priorities, the todos (each linked to a mission, one in three to a
priority too), the decisions, 20 active docs and the documents (Markdown of a
few paragraphs, one in five under another document). Then, with a token from
`stellary token create` and its own `stellary serve` on 127.0.0.1, each run
times one after the other, so load on the machine hits them alike:

- stellary: GET W/pilotage/state (the default: profile pilotage, standard
  detail), the same with intent=weekly_review&detailLevel=detailed, and
  GET W/documents (wall time at the client, server CPU from /proc);
- floor (a): the default state and the documents list read with the standard
  `sqlite3` module and encoded with `json` into the same shape, in this
  process (checked equal to the server's answer);
- floor (b): a bare Starlette app under uvicorn answering the server's bytes.

The goal (issue 11): the state in 50 ms or less.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import insert

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import HOST, Processes, Seeded, cpu_seconds, create_token, free_port, median, ms, seed  # noqa: E402
from bench.api_cards import _iso_z  # noqa: E402
from stellary_core.clock import utcnow  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.ids import new_id  # noqa: E402
from stellary_core.models import (  # noqa: E402
    Document,
    PilotageDecision,
    PilotageDoc,
    PilotageMission,
    PilotagePriority,
    PilotageTodo,
)

WARM_UP = 2
GOAL = 0.050
MISSION_STATUSES = ("to_launch", "in_progress", "blocked", "done")
TODO_STATUSES = ("todo", "in_progress", "blocked", "done")
DOC_TYPES = ("document", "spec", "brief", "adr", "note", "reference", "template", "spreadsheet")
DOC_STATUSES = ("draft", "pending_review", "approved", "changes_requested")


@dataclass(frozen=True)
class Size:
    missions: int
    todos: int
    decisions: int
    documents: int

    def label(self) -> str:
        return f"{self.missions} / {self.todos:,} / {self.decisions} / {self.documents}"


FULL = Size(missions=200, todos=1000, decisions=300, documents=500)
SMOKE = Size(missions=20, todos=100, decisions=30, documents=50)


def seed_cockpit(seeded: Seeded, size: Size, seed_value: int = 7) -> None:
    """The pilotage items and documents, bulk-inserted into the seeded workspace (timestamps a second apart)."""
    rng = random.Random(seed_value)
    db = open_database(Settings.from_env(data_dir=seeded.directory, database_url=f"sqlite:///{seeded.database_file}"))
    start = utcnow() - timedelta(days=30)
    tick = iter(range(10**9))

    def stamp() -> dict[str, Any]:
        at = start + timedelta(seconds=next(tick))
        return {"created_at": at, "updated_at": at}

    ws, me = seeded.workspace_id, seeded.actor.user_id
    missions = [
        {
            "id": new_id(), "workspace_id": ws, "objective": f"Mission {i}: ship part {i} of the plan",
            "module": rng.choice(("billing", "search", "tui", None)), "status": MISSION_STATUSES[i % 4],
            "blocked_reason": "Waiting on another team" if MISSION_STATUSES[i % 4] == "blocked" else None,
            "cycle": "v1", "created_by": me, **stamp(),
        }
        for i in range(size.missions)
    ]  # fmt: skip
    priorities = [
        {
            "id": new_id(), "workspace_id": ws, "label": f"Priority {i}", "module": None,
            "order": i if i < 4 else 0, "status": "active" if i < 4 else "archived", "created_by": me, **stamp(),
        }
        for i in range(10)
    ]  # fmt: skip
    active = [p["id"] for p in priorities[:4]]
    todos = [
        {
            "id": new_id(), "workspace_id": ws, "label": f"Todo {i}: a step of mission {i % size.missions}",
            "mission_id": missions[i % size.missions]["id"], "priority_id": rng.choice(active) if i % 3 == 0 else None,
            "status": TODO_STATUSES[rng.randrange(4)], "cycle": "v1", "created_by": me, **stamp(),
        }
        for i in range(size.todos)
    ]  # fmt: skip
    decisions = [
        {
            "id": new_id(), "workspace_id": ws, "title": f"Decision {i}", "impact": "Saves a week; costs a fee.",
            "decided_by": me, "cycle": "v1", **stamp(),
        }
        for i in range(size.decisions)
    ]  # fmt: skip
    docs = [
        {
            "id": new_id(), "workspace_id": ws, "title": f"Active doc {i}", "owner": "Me",
            "source_type": ("product", "tech", "sprint", "ops")[i % 4], "created_by": me, **stamp(),
        }
        for i in range(20)
    ]  # fmt: skip
    documents: list[dict[str, Any]] = []
    for i in range(size.documents):
        body = "\n\n".join(f"Paragraph {p} of document {i}: what we decided and why." for p in range(6))
        content = f"# Document {i}\n\n{body}\n"
        parent = documents[rng.randrange(len(documents))]["id"] if documents and i % 5 == 0 else None
        documents.append({
            "id": new_id(), "workspace_id": ws, "parent_id": parent, "title": f"{DOC_TYPES[i % 8].title()} {i}",
            "doc_type": DOC_TYPES[i % 8], "content_format": "markdown", "content": content,
            "content_markdown": content, "context_type": "workspace", "context_id": ws,
            "status": DOC_STATUSES[i % 4], "created_by": me, "updated_by": me, **stamp(),
        })  # fmt: skip
    try:
        with db.session(write=True) as session:
            for model, rows in (
                (PilotageMission, missions), (PilotagePriority, priorities), (PilotageTodo, todos),
                (PilotageDecision, decisions), (PilotageDoc, docs), (Document, documents),
            ):  # fmt: skip
                for chunk in range(0, len(rows), 1000):
                    session.execute(insert(model), rows[chunk : chunk + 1000])
            session.commit()
    finally:
        db.dispose()


# -- floor (a): the same answers from sqlite3 and json ---------------------------------------

_BLOCKED_FIRST = {"blocked": 0, "in_progress": 1, "to_launch": 2, "todo": 2, "done": 3}


def _open(connection: sqlite3.Connection, table: str, columns: str, workspace_id: str) -> list[tuple[Any, ...]]:
    rows = connection.execute(
        f"SELECT {columns} FROM {table} WHERE workspace_id = ? AND status != 'done' ORDER BY created_at, id", (workspace_id,)
    ).fetchall()
    return sorted(rows, key=lambda row: _BLOCKED_FIRST.get(row[-1], 9))


def raw_state_json(connection: sqlite3.Connection, workspace_id: str, role: str) -> bytes:
    """The default state (profile pilotage, standard detail): open missions and todos blocked first, the active
    priorities in order, the 5 newest decisions with their author's name, the active docs."""
    (cycle,) = connection.execute("SELECT cycle FROM workspaces WHERE id = ?", (workspace_id,)).fetchone()
    missions = [
        {"id": r[0], "objective": r[1], "module": r[2], "status": r[9], "blockedReason": r[3], "cycle": r[4],
         "createdBy": r[5], "createdAt": _iso_z(r[6]), "updatedAt": _iso_z(r[7])}
        for r in _open(connection, "pilotage_missions",
                       "id, objective, module, blocked_reason, cycle, created_by, created_at, updated_at, 0, status", workspace_id)
    ]  # fmt: skip
    todos = [
        {"id": r[0], "label": r[1], "missionId": r[2], "priorityId": r[3], "status": r[8], "cycle": r[4],
         "createdBy": r[5], "createdAt": _iso_z(r[6]), "updatedAt": _iso_z(r[7])}
        for r in _open(connection, "pilotage_todos",
                       "id, label, mission_id, priority_id, cycle, created_by, created_at, updated_at, status", workspace_id)
    ]  # fmt: skip
    priorities = [
        {"id": r[0], "label": r[1], "module": r[2], "order": r[3], "status": r[4], "createdBy": r[5],
         "createdAt": _iso_z(r[6]), "updatedAt": _iso_z(r[7])}
        for r in connection.execute(
            "SELECT id, label, module, \"order\", status, created_by, created_at, updated_at FROM pilotage_priorities "
            "WHERE workspace_id = ? AND status = 'active' ORDER BY \"order\", created_at, id", (workspace_id,))
    ]  # fmt: skip
    decisions = [
        {"id": r[0], "title": r[1], "impact": r[2], "decidedBy": r[3], "decidedByName": r[4], "cycle": r[5],
         "createdAt": _iso_z(r[6]), "updatedAt": _iso_z(r[7])}
        for r in connection.execute(
            "SELECT d.id, d.title, d.impact, d.decided_by, u.name, d.cycle, d.created_at, d.updated_at "
            "FROM pilotage_decisions d LEFT JOIN users u ON u.id = d.decided_by WHERE d.workspace_id = ? "
            "ORDER BY d.created_at DESC, d.id DESC LIMIT 5", (workspace_id,))
    ]  # fmt: skip
    docs = [
        {"id": r[0], "title": r[1], "owner": r[2], "sourceType": r[3], "createdBy": r[4], "createdAt": _iso_z(r[5]),
         "updatedAt": _iso_z(r[6])}
        for r in connection.execute(
            "SELECT id, title, owner, source_type, created_by, created_at, updated_at FROM pilotage_docs "
            "WHERE workspace_id = ? ORDER BY created_at, id", (workspace_id,))
    ]  # fmt: skip
    state = {
        "cycle": cycle, "contractVersion": 7, "missions": missions, "activePriorities": priorities, "todos": todos,
        "decisions": decisions, "activeDocs": docs,
        "usageContext": {"profile": "pilotage", "role": role, "intent": None, "detailLevel": "standard"},
    }  # fmt: skip
    return json.dumps(state, ensure_ascii=False, separators=(",", ":")).encode()


def raw_documents_json(connection: sqlite3.Connection, workspace_id: str) -> bytes:
    """The documents list: every document of the workspace without its content, by title."""
    rows = connection.execute(
        "SELECT id, workspace_id, parent_id, title, doc_type, content_format, context_type, context_id, status, "
        "created_by, updated_by, created_at, updated_at FROM documents WHERE workspace_id = ? ORDER BY lower(title), id",
        (workspace_id,),
    )
    listed = [
        {"id": r[0], "workspaceId": r[1], "parentId": r[2], "title": r[3], "docType": r[4], "contentFormat": r[5],
         "contextType": r[6], "contextId": r[7], "status": r[8], "createdBy": r[9], "updatedBy": r[10],
         "createdAt": _iso_z(r[11]), "updatedAt": _iso_z(r[12])}
        for r in rows
    ]  # fmt: skip
    return json.dumps(listed, ensure_ascii=False, separators=(",", ":")).encode()


# -- the runs ------------------------------------------------------------------------------


@dataclass
class Timed:
    name: str
    path: str
    body: bytes = b""
    wall: list[float] | None = None
    cpu: float = 0.0
    floor: Any = None  # (a)'s builder, for the answers it builds
    floor_wall: list[float] | None = None
    same: str = "-"
    bare_wall: list[float] | None = None


def measure(seeded: Seeded, size: Size, runs: int, log_dir: Path) -> list[dict[str, str]]:
    token = create_token(seeded.directory)
    w = f"/orgs/{seeded.org_slug}/workspaces/{seeded.ws_slug}"
    connection = sqlite3.connect(seeded.database_file)
    timed = [
        Timed("state (default)", w + "/pilotage/state", floor=lambda: raw_state_json(connection, seeded.workspace_id, "owner")),
        Timed("state (weekly review, detailed)", w + "/pilotage/state?intent=weekly_review&detailLevel=detailed"),
        Timed("documents", w + "/documents", floor=lambda: raw_documents_json(connection, seeded.workspace_id)),
    ]
    with Processes(log_dir) as processes:
        port = free_port()
        server = processes.serve_stellary("stellary-cockpit", seeded.directory, port)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"http://{HOST}:{port}", headers=headers, timeout=60) as client:
            bare_clients = []
            for t in timed:
                for _ in range(WARM_UP):
                    answer = client.get(t.path)
                    answer.raise_for_status()
                t.body = answer.content
                if t.floor is not None:
                    built = t.floor()
                    if built == t.body:
                        t.same = "same bytes"
                    elif json.loads(built) == json.loads(t.body):
                        t.same = "same JSON"
                    else:
                        raise RuntimeError(f"floor (a) does not build the server's {t.name}: fix the floor first")
                body_file = log_dir / f"{t.name.split()[0]}-{len(bare_clients)}.json"
                body_file.write_bytes(t.body)
                bare_port = free_port()
                processes.start(
                    f"bare-{len(bare_clients)}", ["-m", "bench._floor_apps", "bytes", str(body_file), "--port", str(bare_port)],
                    bare_port,
                )  # fmt: skip
                bare = httpx.Client(base_url=f"http://{HOST}:{bare_port}", timeout=60)
                for _ in range(WARM_UP):
                    bare.get(t.path).raise_for_status()
                bare_clients.append(bare)
                t.wall, t.floor_wall, t.bare_wall = [], [], []
            try:
                for _ in range(runs):
                    for t, bare in zip(timed, bare_clients):
                        assert t.wall is not None and t.floor_wall is not None and t.bare_wall is not None
                        before = cpu_seconds(server.pid)
                        started = time.perf_counter()
                        client.get(t.path).raise_for_status()
                        t.wall.append(time.perf_counter() - started)
                        t.cpu += cpu_seconds(server.pid) - before
                        if t.floor is not None:
                            started = time.perf_counter()
                            t.floor()
                            t.floor_wall.append(time.perf_counter() - started)
                        started = time.perf_counter()
                        if bare.get(t.path).content != t.body:
                            raise RuntimeError("the bare app answered other bytes")
                        t.bare_wall.append(time.perf_counter() - started)
            finally:
                for bare in bare_clients:
                    bare.close()
    connection.close()
    rows = []
    for t in timed:
        assert t.wall is not None and t.floor_wall is not None and t.bare_wall is not None
        wall = median(t.wall)
        floor = f"{ms(median(t.floor_wall))} ({t.same})" if t.floor_wall else "-"
        rows.append({
            "request": t.name, "items": size.label(), "body": f"{len(t.body) / 1024:,.0f} KiB",
            "stellary: wall": ms(wall), "server CPU": ms(t.cpu / runs), "(a) sqlite3 + json": floor,
            "(b) bare Starlette": ms(median(t.bare_wall)),
            "stellary ÷ (a)": f"{wall / median(t.floor_wall):.1f}×" if t.floor_wall else "-",
        })  # fmt: skip
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a tenth of the items, 2 runs (CI)")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the data directory and server logs")
    args = parser.parse_args()
    size = SMOKE if args.smoke else FULL
    runs = 2 if args.smoke else args.runs
    seeded = seed(200 if not args.smoke else 20)
    try:
        seed_cockpit(seeded, size)
        rows = measure(seeded, size, runs, seeded.directory)
    finally:
        if args.keep:
            print(f"data and logs kept in {seeded.directory}", file=sys.stderr)
        else:
            shutil.rmtree(seeded.directory, ignore_errors=True)
    headers = list(rows[0])
    print("items: missions / todos / decisions / documents")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")
    state = next(r for r in rows if r["request"] == "state (default)")
    print(f"goal: state <= {ms(GOAL)}; measured {state['stellary: wall']}")


if __name__ == "__main__":
    main()
