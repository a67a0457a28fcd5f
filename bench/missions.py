"""Mission speed on a real `stellary serve`: from POST to the first SSE event, and a 10-step mission end to end.

    python bench/missions.py             # 20 runs of each
    python bench/missions.py --smoke     # 2 runs (CI)

A fresh data directory gets `stellary demo`'s project (bench/_api.py's seed),
a token from `stellary token create` and its own `stellary serve` on
127.0.0.1. Through REST an autonomous agent with the rules provider is made
(rate limits at their maximum), then each run, one after the other so load on
the machine hits them alike:

- first event: POST W/agents/:id/missions {cardId, prompt: "comment: ..."}, then
  GET its stream; the time from sending the POST to the first event read
  (its ``queued`` status, replayed), and to the ``running`` status (the worker
  thread took the mission);
- 10 steps: POST a mission "add checklist: s1, ..., s10" on a new card (ten
  tool calls, each a stored step and its result: with the statuses and the
  plan, 25 events) and read its stream to ``done``;
- floor: a bare Starlette app under uvicorn (bench/_floor_apps.py sse) answering
  the same POST and a stream of the same number of events with no work
  between them: what HTTP, uvicorn and SSE cost alone.

The goal (issue 13): the first event within 100 ms of the POST.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import HOST, Processes, Seeded, create_token, free_port, median, ms, seed  # noqa: E402

GOAL = 0.100
WARM_UP = 2
TEN_STEPS = "add checklist: " + ", ".join(f"s{n}" for n in range(1, 11))


def events(response: httpx.Response) -> Iterator[str]:
    """The event names of a stream as they arrive (comments skipped)."""
    for line in response.iter_lines():
        if line.startswith("event: "):
            yield line.removeprefix("event: ")


def sse_statuses(response: httpx.Response) -> Iterator[tuple[str, str]]:
    """(event name, data) pairs as they arrive."""
    name = ""
    for line in response.iter_lines():
        if line.startswith("event: "):
            name = line.removeprefix("event: ")
        elif line.startswith("data: "):
            yield name, line.removeprefix("data: ")


class Stellary:
    def __init__(self, client: httpx.Client, seeded: Seeded) -> None:
        self.client = client
        self.W = f"/orgs/{seeded.org_slug}/workspaces/{seeded.ws_slug}"
        columns = client.get(f"{seeded.project_path}/columns")
        columns.raise_for_status()
        self.cards_path = f"{seeded.project_path}/columns/{columns.json()[0]['id']}/cards"
        self.card = self.new_card()
        body = {
            "name": "Bench", "slug": "bench", "autonomyMode": "autonomous",
            "rateLimits": {"perMinute": 10_000, "perHour": 10_000},
        }  # fmt: skip
        made = client.post(f"{self.W}/agents", json=body)
        made.raise_for_status()
        self.agent = made.json()["id"]

    def new_card(self) -> str:
        made = self.client.post(self.cards_path, json={"title": "Mission target"})
        made.raise_for_status()
        return str(made.json()["id"])

    def post(self, prompt: str, card: str | None = None) -> str:
        body = {"cardId": card or self.card, "prompt": prompt}
        made = self.client.post(f"{self.W}/agents/{self.agent}/missions", json=body)
        made.raise_for_status()
        return str(made.json()["id"])

    def stream(self, mission: str) -> httpx.Response:
        return self.client.send(self.client.build_request("GET", f"{self.W}/missions/{mission}/stream"), stream=True)


def first_event(stellary: Stellary) -> tuple[float, float]:
    """Seconds from the POST to the first event, and to the ``running`` status."""
    started = time.perf_counter()
    response = stellary.stream(stellary.post("comment: timed"))
    try:
        first = running = 0.0
        for name, data in sse_statuses(response):
            if not first:
                first = time.perf_counter() - started
            if name == "status" and '"running"' in data:
                running = time.perf_counter() - started
            if name == "done":
                break
        return first, running
    finally:
        response.close()


def ten_steps(stellary: Stellary) -> tuple[float, int]:
    card = stellary.new_card()  # a card's checklist is bounded: each run adds ten items to a card of its own
    started = time.perf_counter()
    response = stellary.stream(stellary.post(TEN_STEPS, card))
    try:
        names = list(events(response))
    finally:
        response.close()
    if names[-1] != "done" or names.count("tool_call") != 10:
        raise RuntimeError(f"the 10-step mission did not run as expected: {names}")
    return time.perf_counter() - started, len(names)


def floor(bare: httpx.Client, steps: int) -> tuple[float, float]:
    """The floor's POST then stream: seconds to the first event and to the end."""
    started = time.perf_counter()
    made = bare.post("/missions")
    made.raise_for_status()
    first = 0.0
    with bare.stream("GET", f"/missions/{made.json()['id']}/stream", params={"steps": steps}) as response:
        for _ in events(response):
            if not first:
                first = time.perf_counter() - started
    return first, time.perf_counter() - started


def measure(seeded: Seeded, runs: int, log_dir: Path) -> list[dict[str, str]]:
    token = create_token(seeded.directory)
    with Processes(log_dir) as processes:
        port, bare_port = free_port(), free_port()
        processes.serve_stellary("stellary-missions", seeded.directory, port)
        processes.start("bare-sse", ["-m", "bench._floor_apps", "sse", "--port", str(bare_port)], bare_port)
        headers = {"Authorization": f"Bearer {token}"}
        with (
            httpx.Client(base_url=f"http://{HOST}:{port}", headers=headers, timeout=60) as client,
            httpx.Client(base_url=f"http://{HOST}:{bare_port}", timeout=60) as bare,
        ):
            stellary = Stellary(client, seeded)
            events_per_mission = ten_steps(stellary)[1]
            for _ in range(WARM_UP):
                first_event(stellary)
                floor(bare, 0)
                floor(bare, events_per_mission - 2)
            firsts, runnings, ends, ten_counts = [], [], [], []
            floor_firsts, floor_ends = [], []
            for _ in range(runs):
                first, running = first_event(stellary)
                firsts.append(first)
                runnings.append(running)
                took, count = ten_steps(stellary)
                ends.append(took)
                ten_counts.append(count)
                floor_firsts.append(floor(bare, 0)[0])
                floor_ends.append(floor(bare, count - 2)[1])  # status + steps + done: the same number of events
    return [
        {
            "measure": "POST mission → first SSE event", "stellary": ms(median(firsts)),
            "floor (bare SSE)": ms(median(floor_firsts)), "stellary ÷ floor": f"{median(firsts) / median(floor_firsts):.1f}×",
        },
        {"measure": "POST mission → running status event", "stellary": ms(median(runnings)), "floor (bare SSE)": "-", "stellary ÷ floor": "-"},
        {
            "measure": f"10-step rules mission, POST → done ({ten_counts[0]} events)", "stellary": ms(median(ends)),
            "floor (bare SSE)": ms(median(floor_ends)), "stellary ÷ floor": f"{median(ends) / median(floor_ends):.1f}×",
        },
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="2 runs (CI)")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--keep", action="store_true", help="keep the data directory and server logs")
    args = parser.parse_args()
    runs = 2 if args.smoke else args.runs
    seeded = seed(20)
    try:
        rows = measure(seeded, runs, seeded.directory)
    finally:
        if args.keep:
            print(f"data and logs kept in {seeded.directory}", file=sys.stderr)
        else:
            shutil.rmtree(seeded.directory, ignore_errors=True)
    headers = list(rows[0])
    print(f"medians of {runs} runs")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")
    print(f"goal: first event <= {ms(GOAL)}; measured {rows[0]['stellary']}")


if __name__ == "__main__":
    main()
