"""The Documents (D) and Cockpit (C) screens of a busy workspace: time from the key to the screen drawn with its data.

    python bench/screens_open.py              # 200 missions, 1,000 todos, 300 decisions, 500 documents; 10 opens
    python bench/screens_open.py --smoke      # a tenth of that, 3 opens (CI)

The workspace is bench/cockpit.py's (`seed_cockpit`) beside a demo project of
200 cards, which the app opens first. Each open presses D on the board and
closes the screen with escape, then presses C and closes the Cockpit the
same way; the first open of each is given apart (0.2 s after the board: its
read and build ahead may not have landed yet), the others as median and p95.
Moments of each open, each the first frame the compositor hands over that
shows it (the screens are read and built ahead and kept between opens, see
stellary_tui/screens/kept_screens.py; shown again unchanged, their widgets
draw no new line, so a frame, not a widget's line, marks the open):

- Documents *tree*: the document tree holds the listing;
- Documents *preview*: the Markdown preview shows the highlighted (first)
  document's heading;
- Cockpit: the missions table holds the cockpit's state (as a weekly review
  reads it) and proposed actions.

Side by side, in the same run, for the Documents screen:

- floor (a): the same rows read with the standard `sqlite3` module (the
  listing without content, then the first document and its history);
- floor (b): Textual alone: a modal screen with the same widgets (a `Tree` of
  the same labels, a `Markdown` of the same text) built from rows already in
  memory, pushed from the board, to the first line of its tree and of its
  preview;

and for the Cockpit, floor (a): the default state (open items, the 5 newest
decisions; the screen's weekly review reads the done items and the cycle's
decisions too) read with `sqlite3` and encoded with `json`, as bench/cockpit.py
builds it and checks it against the server.

The goal (issue 11): the screen opens in 100 ms or less.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._api import seed  # noqa: E402
from bench._harness import FrameProbe, PaintProbe, summary  # noqa: E402
from bench.cockpit import FULL, SMOKE, Size, raw_state_json, seed_cockpit  # noqa: E402
from bench.views_open import wait_until  # noqa: E402
from rich.text import Text  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402
from stellary_tui.screens.keyed_modal import KeyedModal  # noqa: E402
from stellary_tui.views.kanban import KanbanBoard  # noqa: E402
from textual.app import ComposeResult  # noqa: E402
from textual.containers import Horizontal, VerticalScroll  # noqa: E402
from textual.widgets import Markdown, Tree  # noqa: E402
from stellary_tui.widgets.row_table import RowTable  # noqa: E402
from textual.widgets._markdown import MarkdownH1  # noqa: E402

SIZE = (160, 50)
GOAL = 0.100


# -- floor (a): the rows, with sqlite3 ----------------------------------------------------------

LISTING = (
    "SELECT id, parent_id, title, doc_type, context_type, context_id, status, updated_at FROM documents "
    "WHERE workspace_id = ? ORDER BY lower(title), id"
)


def read_rows(connection: sqlite3.Connection, workspace_id: str) -> tuple[list[tuple[Any, ...]], tuple[Any, ...]]:
    """The listing, then the first document with its content and its history: what the screen reads."""
    listing = connection.execute(LISTING, (workspace_id,)).fetchall()
    first = connection.execute(
        "SELECT id, title, doc_type, status, content_markdown, updated_at FROM documents WHERE id = ?", (listing[0][0],)
    ).fetchone()
    connection.execute(
        "SELECT h.action, h.notes, h.created_at, u.name FROM document_history h LEFT JOIN users u ON u.id = h.user_id "
        "WHERE h.document_id = ? ORDER BY h.created_at, h.id",
        (first[0],),
    ).fetchall()
    return listing, first


# -- floor (b): the same widgets, the data in hand ----------------------------------------------


class BareDocuments(KeyedModal[None]):
    """A tree of the listing's labels by parent and a Markdown preview: no core, no worker."""

    DEFAULT_CSS = """
    BareDocuments #bare-tree { width: 2fr; max-width: 70; height: 100%; }
    BareDocuments #bare-preview { width: 3fr; height: 100%; }
    """
    BINDINGS = [("escape", "dismiss", "Close")]

    def __init__(self, listing: list[tuple[Any, ...]], markdown: str) -> None:
        super().__init__()
        self.listing, self.markdown = listing, markdown

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Tree[str]("Documents", id="bare-tree")
            with VerticalScroll(id="bare-preview"):
                yield Markdown(self.markdown)

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        tree.show_root = False
        branch = tree.root.add(Text("Workspace · here"), expand=True)
        nodes: dict[str, Any] = {}
        for row in self.listing:  # parents first is not guaranteed by title order: place orphans at the top
            document_id, parent_id, title, doc_type, _kind, _context, status = row[:7]
            label = Text(title)
            label.append(f"  {doc_type} [{status}]")
            nodes[document_id] = (nodes.get(parent_id) or branch).add(label, data=document_id, expand=True)
        tree.focus()


# -- the runs -----------------------------------------------------------------------------------


def in_documents(widget: Any) -> bool:
    from stellary_tui.screens.documents import DocumentsScreen

    return isinstance(widget.screen, DocumentsScreen)


def cockpit_filled(table: Any) -> bool:
    """A line of the cockpit's missions table drawn once the cockpit holds its state."""
    from stellary_tui.screens.cockpit import CockpitScreen

    screen = table.screen
    return isinstance(screen, CockpitScreen) and table.id == "missions" and bool(table.row_count) and screen.state is not None


async def measure(size: Size, opens: int) -> list[dict[str, str]]:
    seeded = seed(200)
    seed_cockpit(seeded, size)
    db = open_database(Settings.from_env(data_dir=seeded.directory, database_url=f"sqlite:///{seeded.database_file}"))
    from stellary_tui.widgets.document_tree import DocumentTree  # the screen's own imports are timed on the first open

    # The Documents and Cockpit screens are kept between opens (stellary_tui/screens/kept_screens.py):
    # shown again unchanged, their widgets draw no line, so their opens are timed by frames.
    frames = FrameProbe({
        "tree": lambda app: in_documents(app.screen) and bool(app.screen.query_one(DocumentTree).root.children),
        "preview": lambda app: in_documents(app.screen) and bool(app.screen.query(MarkdownH1)),
        "cockpit": lambda app: cockpit_filled(app.screen.query_one("#missions", RowTable)) if app.screen.query("#missions") else False,
    })  # fmt: skip
    bare_tree_probe = PaintProbe(Tree, lambda w: isinstance(w.screen, BareDocuments) and bool(w.root.children))
    preview_probe = PaintProbe(MarkdownH1, lambda w: isinstance(w.screen, BareDocuments))
    connection = sqlite3.connect(seeded.database_file)
    first_open: dict[str, float] = {}
    tree: list[float] = []
    preview: list[float] = []
    bare_tree: list[float] = []
    bare_preview: list[float] = []
    floor: list[float] = []
    cockpit: list[float] = []
    cockpit_floor: list[float] = []
    try:
        app = StellaryApp(database=db, watch_interval=3600)
        async with app.run_test(size=SIZE) as pilot:
            await wait_until(lambda: bool(app.screen.query(KanbanBoard)))
            board = app.screen.query_one(KanbanBoard)
            await wait_until(lambda: board.board is not None and board.board.card_count == seeded.cards)
            await pilot.pause(0.2)
            board_screen = app.screen
            for n in range(opens + 1):
                # Stellary: D on the board.
                frames.arm()
                pressed = time.perf_counter()
                await pilot.press("D")
                await wait_until(lambda: frames.seen("tree", "preview"))
                shown = (frames.painted_at["tree"] - pressed, frames.painted_at["preview"] - pressed)
                await pilot.pause(0.2)
                await pilot.press("escape")
                await wait_until(lambda: app.screen is board_screen)
                await pilot.pause(0.2)
                # Floor (a), then (b) with what (a) read.
                started = time.perf_counter()
                listing, first = read_rows(connection, seeded.workspace_id)
                read = time.perf_counter() - started
                bare_tree_probe.arm()
                preview_probe.arm()
                started = time.perf_counter()
                app.push_screen(BareDocuments(listing, first[4]))
                await wait_until(lambda: bare_tree_probe.painted_at is not None and preview_probe.painted_at is not None)
                assert bare_tree_probe.painted_at is not None and preview_probe.painted_at is not None
                bare = (bare_tree_probe.painted_at - started, preview_probe.painted_at - started)
                await pilot.pause(0.2)
                app.pop_screen()
                await wait_until(lambda: app.screen is board_screen)
                await pilot.pause(0.2)
                # The Cockpit, then its floor (a).
                frames.arm()
                pressed = time.perf_counter()
                await pilot.press("C")
                await wait_until(lambda: frames.seen("cockpit"))
                cockpit_shown = frames.painted_at["cockpit"] - pressed
                await pilot.pause(0.2)
                await pilot.press("escape")
                await wait_until(lambda: app.screen is board_screen)
                await pilot.pause(0.2)
                started = time.perf_counter()
                raw_state_json(connection, seeded.workspace_id, "owner")
                cockpit_read = time.perf_counter() - started
                if n == 0:
                    first_open = {"tree": shown[0], "preview": shown[1], "cockpit": cockpit_shown}
                    continue
                cockpit.append(cockpit_shown)
                cockpit_floor.append(cockpit_read)
                tree.append(shown[0])
                preview.append(shown[1])
                floor.append(read)
                bare_tree.append(bare[0])
                bare_preview.append(bare[1])
    finally:
        for probe in (bare_tree_probe, preview_probe):
            probe.restore()
        frames.restore()
        connection.close()
        db.dispose()
        shutil.rmtree(seeded.directory, ignore_errors=True)
    items = size.label()
    return [
        {"screen": "Documents: tree drawn", "items": items, "first open": f"{first_open['tree'] * 1000:.0f} ms",
         "open": summary(tree), "(b) bare widgets": summary(bare_tree),
         "÷ (b)": f"{statistics.median(tree) / statistics.median(bare_tree):.1f}×"},
        {"screen": "Documents: preview drawn", "items": items, "first open": f"{first_open['preview'] * 1000:.0f} ms",
         "open": summary(preview), "(b) bare widgets": summary(bare_preview),
         "÷ (b)": f"{statistics.median(preview) / statistics.median(bare_preview):.1f}×"},
        {"screen": "Documents (a): the same rows with sqlite3", "items": items, "first open": "-", "open": summary(floor),
         "(b) bare widgets": "-", "÷ (b)": "-"},
        {"screen": "Cockpit: missions drawn", "items": items, "first open": f"{first_open['cockpit'] * 1000:.0f} ms",
         "open": summary(cockpit), "(b) bare widgets": "-", "÷ (b)": "-"},
        {"screen": "Cockpit (a): default state, sqlite3 + json", "items": items, "first open": "-",
         "open": summary(cockpit_floor), "(b) bare widgets": "-", "÷ (b)": "-"},
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--smoke", action="store_true", help="a tenth of the items, 3 opens (CI)")
    parser.add_argument("--opens", type=int, default=10)
    args = parser.parse_args()
    size, opens = (SMOKE, 3) if args.smoke else (FULL, args.opens)
    rows = asyncio.run(measure(size, opens))
    headers = list(rows[0])
    print("items: missions / todos / decisions / documents")
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for row in rows:
        print("| " + " | ".join(row[h] for h in headers) + " |")
    print(f"goal: each screen open (tree and preview drawn) <= {GOAL * 1000:.0f} ms")


if __name__ == "__main__":
    main()
