"""One "overdue" rule: due before today, not done, not archived; every consumer agrees.

The five places that count or show overdue cards are asked about the same
seeded cards: the filter language in memory, the same filter in SQL (the REST
card list), the scope's stats, the workspace portfolio and the TUI's card rows.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.filters import matches, parse
from stellary_core.overdue import is_overdue
from stellary_core.services import board as board_service
from stellary_core.services import card_filters, cards, projects, stats
from tests.conftest import ApiUser

NOW = datetime(2026, 3, 10, 15, 30)
TODAY = NOW.date()
OVERDUE = {"due yesterday", "due yesterday evening", "in progress, a month late"}
NOT_OVERDUE = {"due today", "due at midnight today", "done, past due", "archived, past due", "no due date", "due next month"}


@pytest.fixture(autouse=True)
def frozen_clock() -> None:
    """Autouse, so it runs before the users are registered and tokens issued."""
    clock.freeze(NOW)


@pytest.fixture
def seeded(alice: ApiUser, project: dict[str, Any]) -> dict[str, str]:
    """Card ids by title; columns are To Do, In Progress, Done."""
    todo, doing, done = (c["id"] for c in project["columns"])
    wanted = [
        ("due yesterday", todo, {"dueDate": "2026-03-09"}),
        ("due yesterday evening", todo, {"dueDate": "2026-03-09T23:59:00Z"}),
        ("in progress, a month late", doing, {"dueDate": "2026-02-10"}),
        ("due today", todo, {"dueDate": "2026-03-10"}),
        ("due at midnight today", todo, {"dueDate": "2026-03-10T00:00:00Z"}),
        ("done, past due", done, {"dueDate": "2026-03-01"}),
        ("archived, past due", todo, {"dueDate": "2026-03-01"}),
        ("no due date", todo, {}),
        ("due next month", doing, {"dueDate": "2026-04-10"}),
    ]
    ids = {}
    for title, column, fields in wanted:
        created = alice.post(f"{project['path']}/columns/{column}/cards", json={"title": title, **fields})
        assert created.status_code == 201, created.text
        ids[title] = created.json()["id"]
    archived = alice.patch(f"{project['path']}/cards/{ids['archived, past due']}", json={"archived": True})
    assert archived.status_code == 200, archived.text
    assert alice.get(f"{project['path']}/cards/{ids['done, past due']}").json()["status"] == "done"
    return ids


def test_the_rule_itself() -> None:
    yesterday, today = datetime(2026, 3, 9, 23, 59), datetime(2026, 3, 10)
    assert is_overdue(due_date=yesterday, status="todo", archived=False, today=TODAY)
    assert is_overdue(due_date=yesterday, status="in_progress", archived=False, today=TODAY)
    assert not is_overdue(due_date=today, status="todo", archived=False, today=TODAY)
    assert not is_overdue(due_date=yesterday, status="done", archived=False, today=TODAY)
    assert not is_overdue(due_date=yesterday, status="todo", archived=True, today=TODAY)
    assert not is_overdue(due_date=None, status="todo", archived=False, today=date(2030, 1, 1))


def test_the_five_consumers_agree(db: Database, alice: ApiUser, project: dict[str, Any], seeded: dict[str, str]) -> None:
    title = {card_id: name for name, card_id in seeded.items()}
    query = parse("due:overdue")
    workspace_id = alice.get(alice.ws_path).json()["id"]
    ids = dict(actor=alice.principal, workspace_id=workspace_id, project_id=project["id"])
    with db.session() as session:
        # Archived cards are loaded too, so each consumer's own rule decides about them.
        everything = cards.list_cards(session, include_archived=True, **ids)
        context = card_filters.filter_context(session, **ids)
        rows = board_service.load_board(session, include_archived=True, **ids).all_cards()
        scope_stats = stats.scope_stats(session, scope_id=None, **ids)
        (portfolio,) = projects.portfolio(session, actor=alice.principal, workspace_id=workspace_id)
    assert len(everything) == len(rows) == len(seeded)

    in_memory = {title[d.card.id] for d in everything if matches(d, query, context, include_archived=True)}
    in_sql = {
        title[c["id"]]
        for c in alice.get(f"{project['path']}/cards", params={"q": "due:overdue", "archived": "true"}).json()
    }
    card_rows = {title[row.id] for row in rows if row.is_overdue(clock.today())}
    assert in_memory == OVERDUE
    assert in_sql == OVERDUE
    assert card_rows == OVERDUE
    assert scope_stats.overdue == len(OVERDUE)
    assert portfolio.overdue_count == len(OVERDUE)


def test_negating_overdue_keeps_everything_else(alice: ApiUser, project: dict[str, Any], seeded: dict[str, str]) -> None:
    """``-due:overdue`` is the complement, in SQL too (the condition is never NULL)."""
    title = {card_id: name for name, card_id in seeded.items()}
    listed = alice.get(f"{project['path']}/cards", params={"q": "-due:overdue", "archived": "true"}).json()
    assert {title[c["id"]] for c in listed} == NOT_OVERDUE
