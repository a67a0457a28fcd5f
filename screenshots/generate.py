"""Regenerate the README's screenshots: python screenshots/generate.py

Runs the app headless on a demo project with the clock frozen, presses the
keys that open each view and saves an SVG per view into this folder.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from stellary_core import clock  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.services import seeding  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402

SIZE = (160, 50)
# (file name, keys to press after the board has loaded)
SHOTS: tuple[tuple[str, Sequence[str]], ...] = (
    ("board", ()),
    ("card-editor", ("enter",)),
    ("card-checklist", ("enter", "ctrl+t")),
    ("navigator", ("shift+tab",)),
    ("help", ("question_mark",)),
    ("palette", ("ctrl+p",)),
)


async def settle(app: StellaryApp, pilot: object) -> None:
    for _ in range(4):
        for _tick in range(500):
            if not any(w.is_running for w in app.workers):
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


async def shoot(name: str, keys: Sequence[str], cards: int) -> None:
    directory = Path(tempfile.mkdtemp(prefix="stellary-shots-"))
    db = open_database(Settings.from_env(data_dir=directory, database_url=f"sqlite:///{directory / 'stellary.db'}"))
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, name="Jane Doe", cards=cards, with_labels=True)
    app = StellaryApp(database=db, watch_interval=3600)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        if keys:
            await pilot.press(*keys)
            await settle(app, pilot)
        app.save_screenshot(str(HERE / f"{name}.svg"))
    db.dispose()


async def main(names: Sequence[str]) -> None:
    clock.freeze(datetime(2026, 11, 28, 9, 30))
    for name, keys in SHOTS:
        if not names or name in names:
            await shoot(name, keys, cards=80)
            print(f"screenshots/{name}.svg")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
