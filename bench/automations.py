"""What automation rules cost a card move: PATCH P/cards/:id on a real `stellary serve`, with 0 and 50 rules.

    python bench/automations.py              # 5,000 cards, 30 moves per server
    python bench/automations.py --smoke      # 20 cards, 2 moves (CI)

One seeded project (`stellary demo`'s, as bench/api_cards.py seeds it) is
copied into three data directories, each served by its own `stellary serve`
on 127.0.0.1:

- no rules;
- 50 rules that none matches: all on ``task_moved`` (so the engine reads all 50
  and the card's facts, and evaluates every condition on every move), with
  conditions no card meets;
- 50 rules of which 5 match every move (``set_priority``): their actions run,
  each in its own transaction, with a trace.

Each run moves one card to the next column on each server in turn, so load
on the machine hits all three alike; the time is the client's wall time for
the PATCH (the request answers after the rules ran) and the server's CPU.
The engine's own cost per event is also timed in this process: the settled
handler of the 50-rule database fed one card_moved event (no rule matches),
which is what a move pays on top of its own work.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import HOST, Processes, Seeded, cpu_seconds, create_token, free_port, median, ms, seed  # noqa: E402
from stellary_core.automations.engine import AutomationEngine  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.event_types import Actor, CardMoved  # noqa: E402

RULES = 50
MATCHING = 5
WARM_UP = 2


def _rules(client: httpx.Client, path: str, columns: list[str], matching: int) -> None:
    """50 task_moved rules; ``matching`` of them hold for every move."""
    for i in range(RULES):
        if i < matching:
            conditions: dict[str, Any] = {"all": [{"field": "toColumnId", "op": "in", "value": columns}]}
            action = {"type": "set_priority", "priority": ("low", "medium", "high")[i % 3]}
        else:
            conditions = {"all": [
                {"field": "title", "op": "contains", "value": f"no card is called this {i}"},
                {"any": [{"field": "priority", "op": "eq", "value": "high"}, {"field": "labelIds", "op": "is_empty"}]},
            ]}
            action = {"type": "archive_card"}
        body = {"name": f"Rule {i}", "trigger": "task_moved", "conditions": conditions, "action": action}
        made = client.post(f"{path}/automations", json=body)
        made.raise_for_status()


def _engine_cost(directory: Path, seeded: Seeded, card_id: str, columns: list[str], runs: int) -> float:
    """Median seconds the engine spends on one card_moved event that none of the 50 rules matches."""
    db = open_database(Settings.from_env(data_dir=directory), migrate=False)
    try:
        engine = AutomationEngine(db)
        event = CardMoved(
            actor=Actor("user", seeded.actor.user_id, seeded.actor.user_id),
            workspace_id=seeded.workspace_id,
            project_id=seeded.project_id,
            card_id=card_id,
            data={"fromColumnId": columns[0], "toColumnId": columns[1], "fromStatus": "todo", "toStatus": "todo"},
        )
        samples = []
        for _ in range(WARM_UP + runs):
            started = time.perf_counter()
            engine.handle([event])
            samples.append(time.perf_counter() - started)
        return median(samples[WARM_UP:])
    finally:
        db.dispose()


def measure(seeded: Seeded, runs: int, log_dir: Path) -> dict[str, str]:
    # How many of the 50 rules match (None: no rules at all).
    setups: dict[str, int | None] = {"0 rules": None, "50 rules, none matching": 0, f"50 rules, {MATCHING} matching": MATCHING}
    token = create_token(seeded.directory)  # before the copies: each server's database holds it
    copies = Path(tempfile.mkdtemp(prefix="stellary-bench-automations-"))
    directories = {}
    for name in setups:
        target = copies / name.replace(" ", "-").replace(",", "")
        shutil.copytree(seeded.directory, target)
        directories[name] = target
    headers = {"Authorization": f"Bearer {token}"}
    path = seeded.project_path
    wall: dict[str, list[float]] = {name: [] for name in setups}
    cpu: dict[str, list[float]] = {name: [] for name in setups}
    with Processes(log_dir) as processes:
        servers = {}
        for name, directory in directories.items():
            port = free_port()
            process = processes.serve_stellary(name.replace(" ", "-").replace(",", ""), directory, port)
            client = httpx.Client(base_url=f"http://{HOST}:{port}", headers=headers, timeout=60)
            servers[name] = (process, client)
        _, first = servers["0 rules"]
        columns = [c["id"] for c in first.get(f"{path}/columns").json()]
        listed = first.get(f"{path}/cards").json()
        cards = [c["id"] for c in listed if c["columnId"] != columns[1]][: WARM_UP + runs]
        for name, matching in setups.items():
            if matching is not None:
                _rules(servers[name][1], path, columns, matching)
        for i, card_id in enumerate(cards):
            for name, (process, client) in servers.items():
                before = cpu_seconds(process.pid)
                started = time.perf_counter()
                response = client.patch(f"{path}/cards/{card_id}", json={"columnId": columns[1]})
                elapsed = time.perf_counter() - started
                response.raise_for_status()
                if i >= WARM_UP:
                    wall[name].append(elapsed)
                    cpu[name].append(cpu_seconds(process.pid) - before)
        for _, client in servers.values():
            client.close()
    engine = _engine_cost(directories["50 rules, none matching"], seeded, cards[0], columns, max(runs, 5))
    row = {"cards": f"{seeded.cards:,}"}
    for name in setups:
        row[f"move, {name} (wall / server CPU)"] = f"{ms(median(wall[name]))} / {ms(median(cpu[name]))}"
    row["engine per event, 50 rules none matching (in process)"] = ms(engine)
    shutil.rmtree(copies, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="20 cards, 2 moves (CI)")
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--keep", action="store_true", help="keep the data directories and server logs")
    args = parser.parse_args()
    cards = 20 if args.smoke else args.cards
    runs = 2 if args.smoke else args.runs
    seeded = seed(cards)
    try:
        row = measure(seeded, runs, seeded.directory)
    finally:
        if args.keep:
            print(f"data and logs kept in {seeded.directory}", file=sys.stderr)
        else:
            shutil.rmtree(seeded.directory, ignore_errors=True)
    print("| " + " | ".join(row) + " |")
    print("|" + "---|" * len(row))
    print("| " + " | ".join(row.values()) + " |")


if __name__ == "__main__":
    main()
