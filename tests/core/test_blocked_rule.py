"""One "blocked" rule: the REST card list, the TUI's board and filter, and stats agree, across scopes.

Cards of the default scope and of a second scope of the same project block
each other in both directions; every path must see the same blocked cards
and the same counts, and a done or archived blocker still blocks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.filters import matches, parse
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog import views
from stellary_core.services import board as board_service
from stellary_core.services import card_filters, cards, stats
from tests.conftest import ApiUser


@dataclass
class Scopes:
    """Two scopes of one project (their ids) and the cards, by name."""

    main: str
    other: str
    card: dict[str, str]
    workspace_id: str


def _card(alice: ApiUser, project: dict[str, Any], column_id: str, title: str) -> str:
    created = alice.post(f"{project['path']}/columns/{column_id}/cards", json={"title": title})
    assert created.status_code == 201, created.text
    card_id: str = created.json()["id"]
    return card_id


def _relate(alice: ApiUser, project: dict[str, Any], card_id: str, kind: str, target_id: str) -> None:
    made = alice.post(f"{project['path']}/cards/{card_id}/relations", json={"targetCardId": target_id, "type": kind})
    assert made.status_code == 201, made.text


@pytest.fixture
def scopes(alice: ApiUser, project: dict[str, Any]) -> Scopes:
    """Main: ``waiting`` (blocked by ``upstream``) and ``gate`` (blocks ``downstream``), ``free``.

    Phase 2: ``upstream`` and ``downstream``. Each relation is created from the
    Main card, so one is stored with its source in Main and the other with its
    source in Phase 2 (``waiting blocked_by upstream`` is stored as ``upstream blocks waiting``).
    """
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"})
    assert other.status_code == 201, other.text
    main_column = project["columns"][0]["id"]
    other_column = other.json()["columns"][0]["id"]
    card = {name: _card(alice, project, main_column, name) for name in ("waiting", "gate", "free")}
    card |= {name: _card(alice, project, other_column, name) for name in ("upstream", "downstream")}
    _relate(alice, project, card["waiting"], "blocked_by", card["upstream"])
    _relate(alice, project, card["gate"], "blocks", card["downstream"])
    main = project["columns"][0]["scopeId"]
    workspace_id = alice.get(alice.ws_path).json()["id"]
    return Scopes(main, other.json()["id"], card, workspace_id)


def _rest(alice: ApiUser, project: dict[str, Any], scope_id: str, **params: str) -> list[dict[str, Any]]:
    listed = alice.get(f"{project['path']}/cards", params={"scopeId": scope_id, **params})
    assert listed.status_code == 200, listed.text
    body: list[dict[str, Any]] = listed.json()
    return body


def blocked_everywhere(db: Database, alice: ApiUser, project: dict[str, Any], scopes: Scopes, scope_id: str) -> dict[str, set[str]]:
    """The blocked cards of a scope, as each path sees them."""
    query = parse("is:blocked")
    with db.session() as session:
        ids = dict(actor=alice.principal, workspace_id=scopes.workspace_id, project_id=project["id"])
        board = board_service.load_board(session, scope_id=scope_id, **ids)
        listed = cards.list_cards(session, scope_id=scope_id, **ids)
        context = card_filters.filter_context(session, **ids)
        scope_stats = stats.scope_stats(session, scope_id=scope_id, **ids)
    # The TUI's board and its filter, as the app gets them: the get_board operation, narrowed where shown.
    shown = OperationRunner(db).run(
        views.get_board, alice.principal, views.GetBoard(workspace_id=scopes.workspace_id, project=project["id"], scope_id=scope_id)
    )
    seen = {
        "rest ?q=is:blocked": {c["id"] for c in _rest(alice, project, scope_id, q="is:blocked")},
        "rest blockedByCount": {c["id"] for c in _rest(alice, project, scope_id) if c["blockedByCount"]},
        "in-memory filter": {d.card.id for d in listed if matches(d, query, context)},
        "tui board filter": {c.id for c in views.narrowed(shown, query, me=alice.id).all_cards()},
        "tui card rows": {c.id for c in board.all_cards() if c.blocked_by_count},
    }
    assert scope_stats.blocked == len(seen["rest ?q=is:blocked"])
    return seen


def test_a_blocker_in_another_scope_blocks_on_every_path(
    db: Database, alice: ApiUser, project: dict[str, Any], scopes: Scopes
) -> None:
    card = scopes.card
    for scope_id, blocked in ((scopes.main, card["waiting"]), (scopes.other, card["downstream"])):
        seen = blocked_everywhere(db, alice, project, scopes, scope_id)
        assert seen == {path: {blocked} for path in seen}


def test_counts_agree_on_both_ends_across_scopes(
    db: Database, alice: ApiUser, project: dict[str, Any], scopes: Scopes
) -> None:
    card = scopes.card
    with db.session() as session:
        ids = dict(actor=alice.principal, workspace_id=scopes.workspace_id, project_id=project["id"])
        rows = {
            c.id: (c.blocks_count, c.blocked_by_count)
            for scope_id in (scopes.main, scopes.other)
            for c in board_service.load_board(session, scope_id=scope_id, **ids).all_cards()
        }
    rest = {
        c["id"]: (c["blocksCount"], c["blockedByCount"])
        for scope_id in (scopes.main, scopes.other)
        for c in _rest(alice, project, scope_id)
    }
    assert rows == rest
    assert rest == {
        card["waiting"]: (0, 1),
        card["gate"]: (1, 0),
        card["free"]: (0, 0),
        card["upstream"]: (1, 0),
        card["downstream"]: (0, 1),
    }


def test_a_done_or_archived_blocker_still_blocks(
    db: Database, alice: ApiUser, project: dict[str, Any], scopes: Scopes
) -> None:
    """The rule of ``stellary_core.services.blocking``: only removing the relation unblocks."""
    card = scopes.card
    upstream = f"{project['path']}/cards/{card['upstream']}"
    assert alice.patch(upstream, json={"status": "done"}).status_code == 200
    seen = blocked_everywhere(db, alice, project, scopes, scopes.main)
    assert seen == {path: {card["waiting"]} for path in seen}
    assert alice.patch(upstream, json={"archived": True}).status_code == 200
    seen = blocked_everywhere(db, alice, project, scopes, scopes.main)
    assert seen == {path: {card["waiting"]} for path in seen}
    relation = alice.get(f"{project['path']}/cards/{card['waiting']}/relations").json()[0]
    assert alice.delete(f"{project['path']}/relations/{relation['id']}").status_code in (200, 204)
    seen = blocked_everywhere(db, alice, project, scopes, scopes.main)
    assert seen == {path: set() for path in seen}
