"""Due-date firings per rule (migration ``*_due_firings_per_rule``): an old (card, due date) claim stays fired for its rules."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import text

from stellary_core import clock
from stellary_core.automations.due_dates import check_due_dates
from stellary_core.db import MIGRATIONS_DIR, Database
from tests.core.test_due_dates import START, add_rule, card, firings, world  # noqa: F401  (world is a fixture)


def _config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


# Found by its file, so the test follows the migration wherever it lands in the chain.
_SCRIPT = next(s for s in ScriptDirectory.from_config(_config()).walk_revisions() if s.path.endswith("_due_firings_per_rule.py"))
THIS, BEFORE = _SCRIPT.revision, str(_SCRIPT.down_revision)


def _migrate(db: Database, verb: str, revision: str) -> None:
    config = _config()
    with db.engine.connect() as connection:
        config.attributes["connection"] = connection
        getattr(command, verb)(config, revision)
        connection.commit()


def _old_claims(db: Database) -> set[tuple[str, str]]:
    with db.engine.connect() as connection:
        rows = connection.execute(text("SELECT card_id, due_date FROM automation_due_firings")).all()
    return {(str(card_id), str(due)[:10]) for card_id, due in rows}


def test_a_card_s_fired_date_stays_fired_for_the_rules_of_then_and_the_rest_fires(db: Database, world: dict[str, Any]) -> None:
    off = add_rule(world, {"action": {"type": "set_status", "status": "in_progress"}, "enabled": False})
    fired_due, later_due = START + timedelta(days=1), START + timedelta(days=3)
    fired, later = card(world, "Fired", fired_due), card(world, "Later", later_due)
    assert check_due_dates(db, now=START + timedelta(days=2)) == 1
    clock.freeze(START + timedelta(days=2))
    newer = add_rule(world, {"action": {"type": "set_status", "status": "in_progress"}})  # after the first date

    _migrate(db, "downgrade", BEFORE)  # back to one claim per (card, due date)
    assert _old_claims(db) == {(fired, "2026-03-03")}
    _migrate(db, "upgrade", THIS)
    # The claim covered every due rule that could fire for that date, the disabled one too.
    assert firings(db) == {(world["rule"], fired, fired_due), (off, fired, fired_due)}
    _migrate(db, "upgrade", "head")

    assert check_due_dates(db, now=START + timedelta(days=4)) == 2  # both enabled rules on the later card only
    world["run"]("toggle_automation", world["me"], {**world["where"], "rule": off})
    assert check_due_dates(db, now=START + timedelta(days=4)) == 1  # the rule enabled: the later card only
    assert firings(db) == {
        (world["rule"], fired, fired_due), (off, fired, fired_due),
        (world["rule"], later, later_due), (newer, later, later_due), (off, later, later_due),
    }
