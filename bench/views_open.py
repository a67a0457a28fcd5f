"""Every view of a scope with many cards: time to open it and to move its cursor.

    python bench/views_open.py              # 5,000 cards
    python bench/views_open.py --cards 500
    python bench/views_open.py --smoke      # 200 cards, few presses (CI)

"Open" is measured from the key that switches to the view (2-5, then 1 back to
the kanban) to the first line the view draws with the scope's cards (for the
stats view: until its numbers are loaded and drawn; its charts follow, built in
a worker, and their time is given too). "Cursor" is measured from a movement key
to the first line drawn after it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import CallTimes, PaintProbe, demo_database, summary  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402
from stellary_tui.views.calendar_view import CalendarView  # noqa: E402
from stellary_tui.views.kanban import KanbanBoard  # noqa: E402
from stellary_tui.views.list_view import ListView  # noqa: E402
from stellary_tui.views.roadmap_view import RoadmapView  # noqa: E402
from stellary_tui.views.stats_view import StatsView  # noqa: E402
from stellary_tui.widgets.stats_charts import StatTile  # noqa: E402

SIZE = (160, 50)
# (view id, key that opens it, class drawing it, key that moves its cursor)
VIEWS: tuple[tuple[str, str, type, str], ...] = (
    ("list", "2", ListView, "down"),
    ("calendar", "3", CalendarView, "right"),
    ("roadmap", "4", RoadmapView, "down"),
    ("stats", "5", StatsView, "down"),
    ("kanban", "1", KanbanBoard, "down"),
)


async def wait_until(predicate: Any, timeout: float = 30.0) -> float:
    deadline = time.perf_counter() + timeout
    while not predicate():
        if time.perf_counter() > deadline:
            raise TimeoutError("the view never became ready")
        await asyncio.sleep(0.0005)
    return time.perf_counter()


async def measure(cards: int, presses: int) -> list[dict[str, str]]:
    db, *_ = demo_database(cards)
    probes = {name: PaintProbe(cls, lambda w: True) for name, _key, cls, _move in VIEWS if cls is not StatsView}
    loaded, built = CallTimes(StatsView, "_loaded"), CallTimes(StatsView, "_charts_built")
    stats_loaded, charts_built = loaded.times, built.times
    tiles_drawn: list[float] = []
    original_tile_render = StatTile.render

    def tile_render(tile: Any) -> Any:
        if stats_loaded and not tiles_drawn:
            tiles_drawn.append(time.perf_counter())  # the first tile drawn with the loaded numbers
        return original_tile_render(tile)

    StatTile.render = tile_render  # type: ignore[method-assign]
    rows: list[dict[str, str]] = []
    try:
        app = StellaryApp(database=db, watch_interval=3600)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(lambda: bool(app.screen.query(KanbanBoard)))
            board = app.screen.query_one(KanbanBoard)
            await wait_until(lambda: board.board is not None and board.board.card_count == cards)
            await pilot.pause(0.2)
            for name, key, _cls, move in VIEWS:
                probe = probes.get(name)
                if probe is not None:
                    probe.arm()
                stats_loaded.clear()
                charts_built.clear()
                tiles_drawn.clear()
                sent = time.perf_counter()
                await pilot.press(key)
                charts = ""
                if probe is None:
                    await wait_until(lambda: bool(tiles_drawn) and bool(charts_built))
                    ready = tiles_drawn[0]
                    charts = f"charts drawn {(charts_built[0] - sent) * 1000:.0f} ms after the key"
                    await pilot.pause()
                else:
                    ready = await wait_until(lambda: probe.painted_at is not None)
                    ready = probe.painted_at or ready
                opened = ready - sent
                await pilot.pause(0.1)
                samples: list[float] = []
                if probe is not None:
                    for _ in range(presses):
                        probe.arm()
                        sent = time.perf_counter()
                        await pilot.press(move)
                        await wait_until(lambda: probe.painted_at is not None)
                        samples.append((probe.painted_at or sent) - sent)
                rows.append(
                    {
                        "view": name,
                        "cards": f"{cards:,}",
                        "open": f"{opened * 1000:.0f} ms",
                        "cursor key → repaint": summary(samples) if samples else charts,
                    }
                )
    finally:
        loaded.restore()
        built.restore()
        StatTile.render = original_tile_render  # type: ignore[method-assign]
        for probe in probes.values():
            probe.restore()
        db.dispose()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cards", type=int, default=5000)
    parser.add_argument("--presses", type=int, default=30)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    cards, presses = (200, 3) if args.smoke else (args.cards, args.presses)
    rows = asyncio.run(measure(cards, presses))
    headers = list(rows[0])
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")


if __name__ == "__main__":
    main()
