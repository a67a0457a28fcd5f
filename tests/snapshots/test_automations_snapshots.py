"""Snapshots of the Automations screen (A), the rule editor and a rule's traces at 160x50 and 100x30."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.app import StellaryApp
from tests.snapshots.conftest import SMALL, after_steps
from tests.tui.conftest import SIZE, frozen, make_app  # noqa: F401  (fixture)
from tests.tui.rules_data import seed_rules

SIZES = [pytest.param(SIZE, id="160x50"), pytest.param(SMALL, id="100x30")]


@pytest.fixture
def rules_app(db: Database, frozen: datetime) -> StellaryApp:  # noqa: F811
    """The demo project with six rules: one succeeded, one failed, one off, one nested deeper than the form."""
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=40, with_labels=True)
    seed_rules(db, actor, project.workspace_id, project.id)
    return make_app(db)


@pytest.mark.parametrize("size", SIZES)
def test_automations_list(snap_compare: Any, rules_app: StellaryApp, size: tuple[int, int]) -> None:
    assert snap_compare(rules_app, terminal_size=size, run_before=after_steps(("A",), ("down", "down")))


@pytest.mark.parametrize("size", SIZES)
def test_rule_editor(snap_compare: Any, rules_app: StellaryApp, size: tuple[int, int]) -> None:
    """An existing rule: two conditions (a picked value, a picked list) and an action with its person."""
    assert snap_compare(rules_app, terminal_size=size, run_before=after_steps(("A",), ("down", "down", "e")))


@pytest.mark.parametrize("size", SIZES)
def test_new_rule_editor(snap_compare: Any, rules_app: StellaryApp, size: tuple[int, int]) -> None:
    """A new rule with a condition added: its value still to pick."""
    assert snap_compare(rules_app, terminal_size=size, run_before=after_steps(("A",), ("n", *"Bugs to Done", "ctrl+n")))


@pytest.mark.parametrize("size", SIZES)
def test_nested_rule_editor(snap_compare: Any, rules_app: StellaryApp, size: tuple[int, int]) -> None:
    """Conditions nested deeper than the form: shown in words, kept as they are."""
    assert snap_compare(rules_app, terminal_size=size, run_before=after_steps(("A",), ("down", "down", "down", "e")))


@pytest.mark.parametrize("size", SIZES)
def test_rule_traces(snap_compare: Any, rules_app: StellaryApp, size: tuple[int, int]) -> None:
    """The failed run in the error colour, and why."""
    assert snap_compare(rules_app, terminal_size=size, run_before=after_steps(("A",), ("down", "t")))
