"""Board performance: time to first paint and keypress-to-repaint for boards of many sizes.

    python bench/board_open.py            # 0, 500, 2,000 and 10,000 cards
    python bench/board_open.py --smoke    # 0 and 50 cards, one run (CI)

First paint is measured from the moment the app starts (database already
seeded) to the first line the board draws with all its cards loaded.
Keypress-to-repaint is measured from sending a key to the first line drawn
with the moved cursor, for cursor moves (j) and card moves (shift+right:
the board repaints at once and the move is written in the background;
"stored" is when that write has committed).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._harness import CallTimes, PaintProbe, demo_database, summary  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402
from stellary_tui.views.kanban import KanbanBoard  # noqa: E402
from stellary_tui.widgets.card_move_writer import CardMoveWriter  # noqa: E402

SIZE = (160, 50)
# A key that changes nothing on screen would hang the run; fail loudly instead.
NO_REPAINT_AFTER = 5.0


async def measure(cards: int, presses: int) -> dict[str, str]:
    db, *_ = demo_database(cards)
    probe = PaintProbe(KanbanBoard, lambda w: w.board is not None and w.board.card_count == cards)
    written = CallTimes(CardMoveWriter, "_written")  # a move's commit has come back to the UI thread
    stored_at = written.times
    try:
        app = StellaryApp(database=db, watch_interval=3600)
        started = time.perf_counter()
        async with app.run_test(size=SIZE) as pilot:
            while probe.painted_at is None:
                await asyncio.sleep(0.001)
            first_paint = probe.painted_at - started
            board = app.screen.query_one(KanbanBoard)
            probe.ready = lambda w: True
            cursor_samples: list[float] = []
            move_samples: list[float] = []
            stored_samples: list[float] = []
            for i in range(presses):
                for key, samples in (("j" if i % 2 == 0 else "k", cursor_samples), ("shift+right" if i % 2 == 0 else "shift+left", move_samples)):
                    if key.startswith("shift") and (board.current_card is None):
                        continue
                    probe.arm()
                    sent = time.perf_counter()
                    await pilot.press(key)
                    while probe.painted_at is None and time.perf_counter() - sent < NO_REPAINT_AFTER:
                        await asyncio.sleep(0.0005)
                    if probe.painted_at is None:
                        raise RuntimeError(f"{key} at {cards:,} cards: nothing repainted within {NO_REPAINT_AFTER} s")
                    samples.append(probe.painted_at - sent)
                    if samples is move_samples:
                        moves = app.screen.moves  # type: ignore[attr-defined]
                        while moves.pending:
                            await asyncio.sleep(0.0005)
                        stored_samples.append(stored_at[-1] - sent)
        return {
            "cards": f"{cards:,}",
            "first paint": f"{first_paint * 1000:.0f} ms",
            "cursor key → repaint": summary(cursor_samples) if cursor_samples else "n/a",
            "card move → repaint": summary(move_samples) if move_samples else "n/a",
            "card move → stored": summary(stored_samples) if stored_samples else "n/a",
        }
    finally:
        probe.restore()
        written.restore()
        db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="tiny sizes, for CI")
    parser.add_argument("--sizes", type=int, nargs="*", default=None)
    parser.add_argument("--presses", type=int, default=40)
    args = parser.parse_args()
    sizes = args.sizes or ([0, 50] if args.smoke else [0, 500, 2000, 10000])
    presses = 4 if args.smoke else args.presses
    asyncio.run(measure(0, 1))  # warm-up: the first app of a process also pays one-time costs (stylesheet, lazy imports)
    rows = [asyncio.run(measure(n, presses)) for n in sizes]
    headers = list(rows[0])
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")


if __name__ == "__main__":
    main()
