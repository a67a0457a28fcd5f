"""The floor of bench/screens_terminal.py: Textual alone, showing the Cockpit's and Documents' rows from memory.

    python bench/screens_floor_app.py DBFILE WORKSPACE_ID [--first-rows N]

Before its first paint it reads, with `sqlite3`, the rows the two screens show
(open missions blocked first, active priorities, open todos, the newest
decisions, active docs; the documents by title and the first one's Markdown).
On C it pushes a modal screen of six tables in a grid given those rows: the
least Textual can draw a table with, a Line-API widget writing each visible
row as one plain segment (the Cockpit's own RowTable adds the header, stripes,
cursor and scrolling); on D one with a
`Tree` of every document and a `Markdown` of the first; escape closes either.
No stellary module is imported: this is what the same rows cost Textual.
"""

from __future__ import annotations

import argparse
import sqlite3
from typing import Any

from rich.segment import Segment
from textual.app import App, ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.geometry import Size
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import Label, Markdown, Static, Tree

READY = "FLOOR-READY press C or D"
Rows = list[tuple[Any, ...]]
_BLOCKED_FIRST = "CASE status WHEN 'blocked' THEN 0 WHEN 'in_progress' THEN 1 WHEN 'done' THEN 3 ELSE 2 END"


def read(database_file: str, workspace_id: str) -> tuple[dict[str, Rows], Rows, str]:
    """The cockpit's tables' rows, the documents listing, and the first document's Markdown."""
    db = sqlite3.connect(database_file)
    ws = (workspace_id,)
    tables = {
        "missions": db.execute(
            f"SELECT status, objective, coalesce(module, '') FROM pilotage_missions WHERE workspace_id = ? "
            f"AND status != 'done' ORDER BY {_BLOCKED_FIRST}, created_at, id", ws).fetchall(),
        "priorities": db.execute(
            "SELECT \"order\" + 1, label, coalesce(module, '') FROM pilotage_priorities WHERE workspace_id = ? "
            "AND status = 'active' ORDER BY \"order\"", ws).fetchall(),
        "todos": db.execute(
            f"SELECT status, label, coalesce(mission_id, '') FROM pilotage_todos WHERE workspace_id = ? "
            f"AND status != 'done' ORDER BY {_BLOCKED_FIRST}, created_at, id", ws).fetchall(),
        "decisions": db.execute(
            "SELECT substr(created_at, 1, 10), title, coalesce(impact, ''), decided_by FROM pilotage_decisions "
            "WHERE workspace_id = ? ORDER BY created_at DESC, id DESC LIMIT 20", ws).fetchall(),
        "docs": db.execute(
            "SELECT title, coalesce(owner, ''), coalesce(source_type, '') FROM pilotage_docs WHERE workspace_id = ? "
            "ORDER BY created_at, id", ws).fetchall(),
        "proposals": [],
    }  # fmt: skip
    listing = db.execute(
        "SELECT id, parent_id, title, doc_type, status FROM documents WHERE workspace_id = ? ORDER BY lower(title), id", ws
    ).fetchall()
    first = next(row for row in listing if row[1] is None)
    (markdown,) = db.execute("SELECT content_markdown FROM documents WHERE id = ?", (first[0],)).fetchone()
    db.close()
    return tables, listing, markdown


class PlainTable(Widget, can_focus=True):
    """Rows as plain text, one segment a line: no header styling, no cursor, no scrolling."""

    def __init__(self, rows: Rows, *, id: str) -> None:
        super().__init__(id=id)
        self.rows = [" ".join(str(cell)[:44] for cell in row) for row in rows]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self.rows)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        text = self.rows[y][:width] if y < len(self.rows) else ""
        return Strip([Segment(text.ljust(width))], width)


class Tables(ModalScreen[None]):
    DEFAULT_CSS = """
    Tables #sections { grid-size: 2; grid-gutter: 0 2; grid-rows: auto; height: 1fr; }
    Tables .section { height: auto; }
    Tables PlainTable { height: auto; max-height: 12; }
    """
    BINDINGS = [("escape", "dismiss", "Close")]

    def __init__(self, tables: dict[str, Rows], first_rows: int) -> None:
        super().__init__()
        self.tables, self.first_rows = tables, first_rows

    def compose(self) -> ComposeResult:
        with Grid(id="sections"):
            for name in self.tables:
                with Vertical(classes="section"):
                    yield Label(name.title())
                    yield PlainTable(self.tables[name][: self.first_rows], id=name)

    def on_mount(self) -> None:
        self.query_one("#missions", PlainTable).focus()


class Documents(ModalScreen[None]):
    DEFAULT_CSS = """
    Documents #tree { width: 2fr; max-width: 70; height: 100%; }
    Documents #preview { width: 3fr; height: 100%; }
    """
    BINDINGS = [("escape", "dismiss", "Close")]

    def __init__(self, listing: Rows, markdown: str) -> None:
        super().__init__()
        self.listing, self.markdown = listing, markdown

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Tree[str]("Documents", id="tree")
            with VerticalScroll(id="preview"):
                yield Markdown(self.markdown)

    def on_mount(self) -> None:
        tree = self.query_one(Tree)
        tree.show_root = False
        branch = tree.root.add("Workspace", expand=True)
        nodes: dict[str, Any] = {}
        for document_id, parent_id, title, doc_type, status in self.listing:
            nodes[document_id] = (nodes.get(parent_id) or branch).add(f"{title}  {doc_type} [{status}]", data=document_id, expand=True)
        tree.focus()


class FloorApp(App[None]):
    def __init__(self, tables: dict[str, Rows], listing: Rows, markdown: str, first_rows: int) -> None:
        super().__init__()
        self.tables, self.listing, self.markdown, self.first_rows = tables, listing, markdown, first_rows

    def compose(self) -> ComposeResult:
        yield Static(READY)

    def on_key(self, event: Any) -> None:
        if event.key == "C":
            self.push_screen(Tables(self.tables, self.first_rows))
        elif event.key == "D":
            self.push_screen(Documents(self.listing, self.markdown))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("database_file")
    parser.add_argument("workspace_id")
    parser.add_argument("--first-rows", type=int, default=30)
    args = parser.parse_args()
    tables, listing, markdown = read(args.database_file, args.workspace_id)
    FloorApp(tables, listing, markdown, args.first_rows).run()


if __name__ == "__main__":
    main()
