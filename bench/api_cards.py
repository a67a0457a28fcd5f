"""REST list speed: GET P/cards on a real `stellary serve`, beside its floors.

    python bench/api_cards.py              # 500 and 5,000 cards, 15 runs each
    python bench/api_cards.py --smoke      # 20 cards, 2 runs (CI)

For each size a fresh data directory gets `stellary demo`'s project (labels,
checklists, assignees) plus custom field values and relations, a token from
`stellary token create`, and its own `stellary serve` on 127.0.0.1. Each run
then times, one after the other so load on the machine hits all three alike:

- stellary: GET P/cards with httpx (wall time at the client, and the server
  process's CPU time from /proc/<pid>/stat);
- floor (a): the same rows read with the standard `sqlite3` module and
  encoded with the standard `json` module into the same shape, in this
  process (checked equal to the server's answer);
- floor (b): a bare Starlette app under uvicorn, in its own process, answering
  the server's bytes: the transport alone.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import HOST, Processes, Seeded, cpu_seconds, create_token, free_port, median, ms, seed  # noqa: E402

WARM_UP = 2


def _iso_z(text: str | None) -> str | None:
    """A stored SQLite timestamp as the wire shows it: ISO-8601, milliseconds when there are some, Z."""
    if text is None:
        return None
    value = datetime.fromisoformat(text)
    millis = value.microsecond // 1000
    return value.strftime("%Y-%m-%dT%H:%M:%S") + (f".{millis:03d}Z" if value.microsecond else "Z")


_CARDS_SQL = """
SELECT c.id, c.key, c.title, c.description, c.project_id, c.scope_id, c.column_id, c."order", c.archived,
       c.priority, c.status, c.start_date, c.due_date, c.assignee_id, c.checklist_total, c.checklist_done,
       c.comment_count, c.attachment_count, c.created_by, c.created_at, c.updated_at, c.recurrence
FROM cards c JOIN columns col ON col.id = c.column_id
WHERE c.project_id = :project AND c.scope_id = :scope AND c.archived = 0
ORDER BY col."order", c.archived, c."order", c.number
"""
_WHERE = "c.project_id = :project AND c.scope_id = :scope AND c.archived = 0"
_CHECKLIST_SQL = f"""
SELECT i.card_id, i.id, i.title, i.done, i."order" FROM checklist_items i JOIN cards c ON c.id = i.card_id
WHERE {_WHERE} ORDER BY i."order"
"""
_LABELS_SQL = f"SELECT l.card_id, l.label_id FROM card_labels l JOIN cards c ON c.id = l.card_id WHERE {_WHERE}"
_FIELDS_SQL = f"""
SELECT v.card_id, v.field_id, v.value FROM card_field_values v JOIN cards c ON c.id = v.card_id WHERE {_WHERE}
"""
_BLOCKING_SQL = f"""
SELECT r.source_card_id, r.target_card_id, r.type FROM card_relations r JOIN cards c ON c.id = r.source_card_id
WHERE {_WHERE} AND r.type IN ('blocks', 'blocked_by')
UNION
SELECT r.source_card_id, r.target_card_id, r.type FROM card_relations r JOIN cards c ON c.id = r.target_card_id
WHERE {_WHERE} AND r.type IN ('blocks', 'blocked_by')
"""


def raw_cards_json(connection: sqlite3.Connection, project_id: str, scope_id: str) -> bytes:
    """Floor (a): the list's rows with sqlite3, in the wire shape, encoded with json."""
    params = {"project": project_id, "scope": scope_id}
    cards: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for row in connection.execute(_CARDS_SQL, params):
        total, done = row[14], row[15]
        card = {
            "id": row[0], "key": row[1], "title": row[2], "description": row[3], "projectId": row[4],
            "scopeId": row[5], "columnId": row[6], "order": row[7], "archived": bool(row[8]),
            "priority": row[9], "status": row[10], "startDate": _iso_z(row[11]), "dueDate": _iso_z(row[12]),
            "assigneeId": row[13], "checklist": [], "checklistProgress": round(done * 100 / total) if total else 0,
            "labelIds": [], "customFields": {}, "commentCount": row[16], "attachmentCount": row[17],
            "blockedByCount": 0, "blocksCount": 0,
            # Stored in its wire shape (every, interval, weekdays, monthDay).
            "recurrence": json.loads(row[21]) if row[21] is not None else None, "createdBy": row[18],
            "createdAt": _iso_z(row[19]), "updatedAt": _iso_z(row[20]),
        }  # fmt: skip
        cards.append(card)
        by_id[row[0]] = card
    for card_id, item_id, title, done, order in connection.execute(_CHECKLIST_SQL, params):
        by_id[card_id]["checklist"].append({"_id": item_id, "title": title, "done": bool(done), "order": order})
    for card_id, label_id in connection.execute(_LABELS_SQL, params):
        by_id[card_id]["labelIds"].append(label_id)
    for card_id, field_id, value in connection.execute(_FIELDS_SQL, params):
        # A JSON column has numeric affinity in SQLite: a number comes back as a number, the rest as text.
        by_id[card_id]["customFields"][field_id] = json.loads(value) if isinstance(value, str) else value
    for source, target, kind in connection.execute(_BLOCKING_SQL, params):
        blocker, blocked = (source, target) if kind == "blocks" else (target, source)
        if blocker in by_id:
            by_id[blocker]["blocksCount"] += 1
        if blocked in by_id:
            by_id[blocked]["blockedByCount"] += 1
    # The separators and ensure_ascii FastAPI's JSONResponse uses, so the bytes can be compared.
    return json.dumps(cards, ensure_ascii=False, separators=(",", ":")).encode()


def measure(seeded: Seeded, runs: int, log_dir: Path) -> dict[str, str]:
    token = create_token(seeded.directory)
    with Processes(log_dir) as processes:
        port = free_port()
        server = processes.serve_stellary(f"stellary-{seeded.cards}", seeded.directory, port)
        headers = {"Authorization": f"Bearer {token}"}
        with httpx.Client(base_url=f"http://{HOST}:{port}", headers=headers, timeout=60) as client:
            path = seeded.project_path + "/cards"
            for _ in range(WARM_UP):
                answer = client.get(path)
                answer.raise_for_status()
            body = answer.content
            listed = json.loads(body)
            if seeded.cards and not listed:
                raise RuntimeError("the server listed no cards")

            connection = sqlite3.connect(seeded.database_file)
            floor_body = raw_cards_json(connection, seeded.project_id, seeded.scope_id)
            if floor_body == body:
                same = "same bytes"
            elif json.loads(floor_body) == listed:
                same = "same JSON"
            else:
                raise RuntimeError("floor (a) does not build the server's answer: fix the floor before timing it")

            bytes_file = log_dir / f"cards-{seeded.cards}.json"
            bytes_file.write_bytes(body)
            bare_port = free_port()
            bare = processes.start(
                f"bare-{seeded.cards}", ["-m", "bench._floor_apps", "bytes", str(bytes_file), "--port", str(bare_port)], bare_port
            )
            with httpx.Client(base_url=f"http://{HOST}:{bare_port}", headers=headers, timeout=60) as bare_client:
                for _ in range(WARM_UP):
                    bare_client.get(path).raise_for_status()
                wall: list[float] = []
                floor_wall: list[float] = []
                floor_cpu: list[float] = []
                bare_wall: list[float] = []
                server_cpu = bare_cpu = 0.0
                for _ in range(runs):
                    cpu_before = cpu_seconds(server.pid)
                    started = time.perf_counter()
                    client.get(path).raise_for_status()
                    wall.append(time.perf_counter() - started)
                    server_cpu += cpu_seconds(server.pid) - cpu_before

                    cpu_started, started = time.process_time(), time.perf_counter()
                    raw_cards_json(connection, seeded.project_id, seeded.scope_id)
                    floor_wall.append(time.perf_counter() - started)
                    floor_cpu.append(time.process_time() - cpu_started)

                    cpu_before = cpu_seconds(bare.pid)
                    started = time.perf_counter()
                    if bare_client.get(path).content != body:
                        raise RuntimeError("the bare app answered other bytes")
                    bare_wall.append(time.perf_counter() - started)
                    bare_cpu += cpu_seconds(bare.pid) - cpu_before
            connection.close()
    floor = median(floor_wall)
    return {
        "cards": f"{seeded.cards:,}",
        "body": f"{len(body) / 1024:,.0f} KiB",
        "stellary: wall": ms(median(wall)),
        "stellary: server CPU": ms(server_cpu / runs),
        "(a) sqlite3 + json": f"{ms(floor)} (CPU {ms(median(floor_cpu))}, {same})",
        "(b) bare Starlette: wall": ms(median(bare_wall)),
        "(b) server CPU": ms(bare_cpu / runs),
        "stellary ÷ (a)": f"{median(wall) / floor:.1f}×",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="20 cards, 2 runs (CI)")
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--keep", action="store_true", help="keep the data directories and server logs")
    args = parser.parse_args()
    sizes = args.sizes or ([20] if args.smoke else [500, 5000])
    runs = 2 if args.smoke else args.runs
    rows = []
    for cards in sizes:
        seeded = seed(cards)
        try:
            rows.append(measure(seeded, runs, seeded.directory))
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


if __name__ == "__main__":
    main()
