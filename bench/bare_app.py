"""The floors of bench/startup.py: a Textual app that paints one line and does nothing else.

    python bench/bare_app.py                 # Textual alone
    python bench/bare_app.py --with-core     # after importing stellary_core's models and schemas

The second one is the least any start that reads the database through
stellary_core can cost in one process: SQLAlchemy's ORM, pydantic and the
models are imported before the line is painted.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Static

# bench/startup.py waits for this text, as it waits for a card key in stellary.
LINE = "BARE-1 one line: the floor of any Textual app's start"


class BareApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(LINE)


if __name__ == "__main__":
    if "--with-core" in sys.argv[1:]:
        import stellary_core.models  # noqa: F401  (SQLAlchemy's ORM and every table)
        import stellary_core.schemas.board  # noqa: F401  (pydantic and the shared wire models)
    BareApp().run()
