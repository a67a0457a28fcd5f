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

from sqlalchemy import select

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from stellary_core import clock  # noqa: E402
from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import Database, open_database  # noqa: E402
from stellary_core.models import BoardColumn, Card, User  # noqa: E402
from stellary_core.principal import Principal  # noqa: E402
from stellary_core.schemas.api_tokens import ApiTokenCreateIn  # noqa: E402
from stellary_core.schemas.comments import CommentCreateIn  # noqa: E402
from stellary_core.services import api_tokens, comments, seeding  # noqa: E402
from stellary_tui.app import StellaryApp  # noqa: E402
from stellary_core.ai.mission_runner import worker_of  # noqa: E402
from tests.tui.agents_data import MISSION_KEYS, seed_agents  # noqa: E402
from tests.tui.cockpit_data import seed_cockpit  # noqa: E402  (the cockpit's weekly review, as its tests see it)
from tests.tui.rules_data import seed_rules  # noqa: E402  (rules that ran, failed, are off, nest deeper)
from tests.tui.teammates import documents_at_work  # noqa: E402

SIZE = (160, 50)
NEXT_TAB = "ctrl+t"
AGENT_SHOTS = ("agents", "agent-form", "mission")
SETTLE = ""  # in a shot's keys: wait for the screen the keys before opened, then go on
WIZARD = (
    "shift+tab", "w", SETTLE, *"Garden planner", "tab", *"- Bed map", "enter", *"- Sowing calendar", "enter",
    *"- Watering reminders", "ctrl+s", SETTLE, *"Plan every bed, never miss a sowing", "enter", *"Hobby gardeners",
    "ctrl+g", SETTLE, "down", "down", "down",
)  # fmt: skip
# (file name, keys to press after the board has loaded)
SHOTS: tuple[tuple[str, Sequence[str]], ...] = (
    ("board", ()),
    ("list", ("2",)),
    ("calendar", ("3",)),
    ("roadmap", ("4",)),
    ("stats", ("5",)),
    ("filter", ("2", "slash", *"priority:high", "enter")),
    ("card-editor", ("enter",)),
    ("card-checklist", ("enter", NEXT_TAB)),
    ("card-labels", ("enter", NEXT_TAB, NEXT_TAB)),
    ("card-comments", ("enter", *[NEXT_TAB] * 4)),
    ("card-activity", ("enter", *[NEXT_TAB] * 6)),
    ("navigator", ("shift+tab",)),
    ("notifications", ("N",)),
    ("members", ("M",)),
    ("api-tokens", ("T",)),
    ("documents", ("D",)),
    ("cockpit", ("C",)),
    ("automations", ("A",)),
    ("agents", ("G",)),
    ("agent-form", ("G", "e")),
    ("mission", MISSION_KEYS),
    ("wizard", WIZARD),
    ("help", ("question_mark",)),
    ("palette", ("ctrl+p",)),
)


async def settle(app: StellaryApp, pilot: object) -> None:
    for _ in range(4):
        for _tick in range(500):
            # A worker not yet started counts, and keys held for a loading screen (the wizard's) too.
            if not any(not w.is_finished for w in app.workers) and not app.typeahead.holding:
                break
            await asyncio.sleep(0.01)
        await asyncio.sleep(0.1)
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False  # type: ignore[attr-defined]


def teammates_at_work(db: Database, actor: Principal, workspace_id: str, project_id: str) -> None:
    """A teammate comments on the first card and a script has a token, so those screens have something to show."""
    with db.session() as session:
        ada = session.scalar(select(User.id).where(User.email == "ada@demo.stellary.local"))
        first = session.scalars(
            select(Card).join(BoardColumn, BoardColumn.id == Card.column_id)
            .where(Card.project_id == project_id, Card.archived.is_(False))
            .order_by(BoardColumn.order, Card.order)
        ).first()
    assert ada is not None and first is not None
    teammate = Principal(user_id=ada, kind="jwt")
    for text in ("I can take the API part of this one.", "Schema is drafted, see the attachment tomorrow."):
        with db.session(write=True) as session:
            comments.add_comment(
                session,
                actor=teammate,
                workspace_id=workspace_id,
                project_id=project_id,
                card_id=first.id,
                data=CommentCreateIn(content=text),
            )
    with db.session(write=True) as session:
        data = ApiTokenCreateIn(name="nightly export", scopes=["projects:read"])
        api_tokens.create_token(session, actor=actor, data=data)


async def shoot(name: str, keys: Sequence[str], cards: int) -> None:
    directory = Path(tempfile.mkdtemp(prefix="stellary-shots-"))
    db = open_database(Settings.from_env(data_dir=directory, database_url=f"sqlite:///{directory / 'stellary.db'}"))
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, name="Jane Doe", cards=cards, with_labels=True)
        workspace_id, project_id = project.workspace_id, project.id
    teammates_at_work(db, actor, workspace_id, project_id)
    documents_at_work(db, actor, workspace_id, project_id)
    if name == "cockpit":
        seed_cockpit(db, actor, workspace_id)
    if name == "automations":
        seed_rules(db, actor, workspace_id, project_id)
    if name in AGENT_SHOTS:
        seed_agents(db, actor, workspace_id, project_id)
    app = StellaryApp(database=db, watch_interval=3600)
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        steps: list[list[str]] = [[]]
        for key in keys:
            steps.append([]) if key == SETTLE else steps[-1].append(key)
        for step in steps:
            if step:
                await pilot.press(*step)
                await settle(app, pilot)
        if keys and name in AGENT_SHOTS:  # a mission the keys started has run to its proposals: the panel reads it
            await asyncio.to_thread(worker_of(db).wait)
            await asyncio.sleep(0.3)
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
