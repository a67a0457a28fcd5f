"""MCP call cost: list_cards (500 and 5,000 cards) and move_card over stdio, beside the same operation in-process.

    python bench/mcp_calls.py              # 500 and 5,000 cards, 15 runs each
    python bench/mcp_calls.py --smoke      # 20 cards, 2 runs (CI)

For each size a fresh data directory gets the project of bench/api_cards.py
(`stellary demo`'s cards plus custom field values and relations), and a real
`stellary mcp` is started on it by the official MCP client (stdio, the
protocol version the client and server agree on). Each run then times, one
after the other so load on the machine hits all of them alike:

- operation: the operation through OperationRunner in this process (what REST
  and the TUI run), the floor: wall time, and CPU time;
- tool, in-process: the same through the tool layer (arguments folded, output
  dumped to JSON data and rendered as text), still in this process;
- MCP, raw client: a second `stellary mcp` driven by a minimal JSON-RPC client
  in this process (write the request line, read the answer line, json.loads):
  the server's work and the stdio transport, and the CPU time the server
  process spent per call (from /proc);
- added by MCP: the raw client's wall time minus the operation's, per run
  (median), and the server's CPU time minus the operation's (means): what MCP
  costs on top of the operation. On a loaded machine wall times wait for a
  core; the CPU columns do not;
- MCP, official client: `Client.call_tool` of the MCP SDK, wall time until the
  result is parsed into its models and checked against the tool's output
  schema (the Python SDK validates structured content with jsonschema, in the
  client's process).

list_cards is timed twice: as an assistant calls it (the tool's default page
of 50 cards, with total and nextCursor) and for every card (limit = the number
of cards). The operation returns every card either way (the tool cuts the
page), so the operation column is the same for both. The benchmark's process
uses the garbage-collector thresholds of `stellary mcp` (stellary_tui/collector.py).

move_card moves a card to the next column and back, alternating, in both the
in-process and the MCP columns (different cards, so neither waits on the other).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mcp import Client, StdioServerParameters  # noqa: E402

from bench._api import ROOT, Seeded, cpu_seconds, median, seed  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.operations import OperationRunner  # noqa: E402
from stellary_core.tools.calls import call_tool  # noqa: E402
from stellary_core.tools.catalog import tool_named  # noqa: E402
from stellary_tui import collector  # noqa: E402

WARM_UP = 2


def timed(fn: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """Wall seconds of ``fn()``; its CPU seconds appended to ``cpu`` (this thread's: the client's are not its work)."""
    started, used = time.perf_counter(), time.thread_time()
    fn()
    if cpu is not None:
        cpu.append(time.thread_time() - used)
    return time.perf_counter() - started


class RawClient:
    """``stellary mcp`` as a subprocess, spoken to in newline-delimited JSON-RPC with nothing but ``json``."""

    def __init__(self, directory: Path) -> None:
        env = {**os.environ, "STELLARY_DATA_DIR": str(directory)}
        env.pop("STELLARY_TOKEN", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "stellary_tui.cli", "mcp"], cwd=ROOT, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )  # fmt: skip
        self.next_id = 0
        hello = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}
        self.request("initialize", hello)
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> Any:
        assert self.process.stdout is not None
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        answer = json.loads(self.process.stdout.readline())
        if "error" in answer or answer["result"].get("isError"):
            raise RuntimeError(f"{method} failed: {answer}")
        return answer["result"]

    def call(self, name: str, arguments: dict[str, Any]) -> tuple[float, float]:
        """Wall and server CPU seconds of one tools/call."""
        cpu = cpu_seconds(self.process.pid)
        started = time.perf_counter()
        self.request("tools/call", {"name": name, "arguments": arguments})
        return time.perf_counter() - started, cpu_seconds(self.process.pid) - cpu

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


async def measure(seeded: Seeded, runs: int) -> list[str]:
    db = open_database(Settings.from_env(data_dir=seeded.directory), migrate=False)
    runner = OperationRunner(db)
    actor = seeded.actor
    listing, moving = tool_named("list_cards"), tool_named("move_card")
    assert listing is not None and moving is not None
    project = seeded.project_id
    columns = [c.name for c in runner.run("list_columns", actor, {"project": project})]
    cards = runner.run("list_cards", actor, {"project": project})
    by_column: dict[str, list[str]] = {}
    for card in cards:
        by_column.setdefault(card.column_id, []).append(card.key)
    first = next(iter(by_column.values()))
    local_key, remote_key = first[0], first[1]
    rows: list[str] = []
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "stellary_tui.cli", "mcp"],
        env={"STELLARY_DATA_DIR": str(seeded.directory), "PATH": os.environ.get("PATH", "")},
        cwd=ROOT,
    )
    raw = RawClient(seeded.directory)
    try:
        async with Client(params) as client:
            await client.list_tools()  # the client learns the output schemas it checks results against

            async def official(name: str, arguments: dict[str, Any]) -> float:
                started = time.perf_counter()
                result = await client.call_tool(name, arguments)
                wall = time.perf_counter() - started
                if result.is_error:  # type: ignore[union-attr]
                    raise RuntimeError(f"{name} failed over MCP: {result.content}")  # type: ignore[union-attr]
                return wall

            # The tool's default page, and every card with an explicit limit (what the goal was first set on).
            listings = [("first page", {"project": project}), ("all", {"project": project, "limit": seeded.cards})]
            for label, listed in listings:
                text = call_tool(runner, actor, listing, listed).text
                answer = json.dumps(raw.request("tools/call", {"name": "list_cards", "arguments": listed}))
                print(
                    f"  {seeded.cards:,} cards, {label}: list_cards' JSON-RPC answer {len(answer) / 1024:,.0f} KiB, "
                    f"its text {len(text) / 1024:,.0f} KiB",
                    file=sys.stderr,
                )
                for _ in range(WARM_UP):
                    runner.run("list_cards", actor, {"project": project})
                    raw.call("list_cards", listed)
                    await official("list_cards", listed)
                op, op_cpu, tool, wall, cpu, added, sdk = [], [], [], [], [], [], []
                for _ in range(runs):
                    # The operation always returns every card: the tool cuts its page out of them.
                    op.append(timed(lambda: runner.run("list_cards", actor, {"project": project}), op_cpu))
                    tool.append(timed(lambda: call_tool(runner, actor, listing, listed)))
                    w, c = raw.call("list_cards", listed)
                    wall.append(w)
                    cpu.append(c)
                    added.append(w - op[-1])
                    sdk.append(await official("list_cards", listed))
                shown = "default page of 50" if label == "first page" else f"limit {seeded.cards:,}"
                rows.append(row(f"list_cards {shown}, {seeded.cards:,} cards", op, op_cpu, tool, wall, cpu, added, sdk))

            op, op_cpu, tool, wall, cpu, added, sdk = [], [], [], [], [], [], []
            for run in range(runs + WARM_UP):
                there, back = (columns[1], columns[0]) if run % 2 == 0 else (columns[0], columns[1])
                used: list[float] = []
                o = timed(lambda: runner.run("move_card", actor, {"card": local_key, "column": there}), used)
                w, c = raw.call("move_card", {"card": remote_key, "column": there})
                t = timed(lambda: call_tool(runner, actor, moving, {"card": local_key, "column": back}))
                s = await official("move_card", {"card": remote_key, "column": back})
                if run >= WARM_UP:
                    op.append(o)
                    op_cpu.extend(used)
                    tool.append(t)
                    wall.append(w)
                    cpu.append(c)
                    added.append(w - o)
                    sdk.append(s)
            rows.append(row(f"move_card, {seeded.cards:,} cards", op, op_cpu, tool, wall, cpu, added, sdk))
    finally:
        raw.close()
        db.dispose()
    return rows


def row(name: str, *columns: list[float]) -> str:
    op, op_cpu, tool, wall, cpu, added, sdk = columns
    mean = statistics.mean
    return (
        f"| {name} | {fmt(median(op))} (CPU {fmt(mean(op_cpu))}) | {fmt(median(tool))} | {fmt(median(wall))} "
        f"| {fmt(mean(cpu))} | {fmt(median(added))} (CPU {fmt(mean(cpu) - mean(op_cpu))}) | {fmt(median(sdk))} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="20 cards, 2 runs: only prove the script runs")
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    # `stellary mcp`, `stellary serve` and the TUI collect garbage this seldom: so does the in-process side.
    collector.tune()
    sizes, runs = ([20], 2) if args.smoke else ([500, 5000], args.runs)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average at start: {load} on {os.cpu_count()} CPUs", file=sys.stderr)
    print(
        "| call | operation | tool, in-process | MCP, raw client: wall | server CPU | added by MCP "
        "| MCP, official client |"
    )
    print("|---|---|---|---|---|---|---|")
    for cards in sizes:
        seeded = seed(cards)
        try:
            for row in anyio.run(measure, seeded, runs):
                print(row, flush=True)
        finally:
            shutil.rmtree(seeded.directory, ignore_errors=True)


if __name__ == "__main__":
    main()
