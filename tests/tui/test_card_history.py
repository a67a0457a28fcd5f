"""The undo and redo stacks (bounded, cleared by a new change, chaining a card's versions); a restore in the activity."""

from __future__ import annotations

from datetime import datetime, timedelta

from stellary_core.operations.catalog.views import CardPlace, ChangedCard
from stellary_tui.card_history import CardHistory, Where, archive_step, move_step

WHERE = Where("w" * 24, "p" * 24)
T0 = datetime(2026, 11, 28, 9, 0)
TODO = CardPlace("a" * 24, "To Do", "todo", 0, "todo", False)
DOING = CardPlace("b" * 24, "Doing", "in_progress", 0, "in_progress", False)
DONE = CardPlace("c" * 24, "Done", "done", 0, "done", False)


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


def _moved(card: str, before: CardPlace, after: CardPlace, since: int, now: int) -> ChangedCard:
    return ChangedCard(card * 24, f"GS-{card}", "", before, after, _at(since), _at(now))


def test_the_undo_stack_keeps_the_last_fifty_changes() -> None:
    history = CardHistory()
    for n in range(60):
        history.record(archive_step(WHERE, ChangedCard(f"{n:024d}", f"GS-{n}", "", TODO, TODO, _at(n), _at(n + 1))))
    assert len(history.undo_steps) == 50
    assert history.undo_steps[0].key == "GS-10"


def test_moves_of_one_card_in_a_row_are_one_step_and_a_gap_starts_another() -> None:
    history = CardHistory()
    history.record(move_step(WHERE, _moved("1", TODO, DOING, 0, 1)))
    history.record(move_step(WHERE, _moved("1", DOING, DONE, 1, 2)))
    assert [s.what for s in history.undo_steps] == ["move GS-1 To Do → Done"]
    history.record(move_step(WHERE, _moved("1", DONE, DOING, 5, 6)))  # something else changed it at minute 5
    assert [s.what for s in history.undo_steps] == ["move GS-1 To Do → Done", "move GS-1 Done → Doing"]


def test_undoing_two_changes_of_a_card_in_a_row_chains_their_versions() -> None:
    history = CardHistory()
    history.record(move_step(WHERE, _moved("1", TODO, DOING, 0, 1)))
    history.record(move_step(WHERE, _moved("2", TODO, DOING, 0, 1)))  # another card between them
    history.record(archive_step(WHERE, ChangedCard("1" * 24, "GS-1", "", DOING, DOING, _at(1), _at(2))))
    archived = history.next("undo")
    assert archived is not None and archived.expected("undo") == _at(2)
    history.done("undo", archived, _at(3))  # the undo left the card at a new version...
    first = history.undo_steps[0]
    assert first.expected("undo") == _at(3)  # ...where the move's own undo now finds it
    assert archived.expected("redo") == _at(3)
    history.done("redo", archived, _at(4))
    assert first.expected("undo") == _at(3) and archived.expected("undo") == _at(4)


def test_a_change_made_in_between_is_never_chained_over() -> None:
    history = CardHistory()
    history.record(move_step(WHERE, _moved("1", TODO, DOING, 0, 1)))
    history.record(archive_step(WHERE, ChangedCard("1" * 24, "GS-1", "", DOING, DOING, _at(5), _at(6))))  # a change at 1..5
    history.done("undo", history.undo_steps[-1], _at(7))
    assert history.undo_steps[0].expected("undo") == _at(1)  # the core will refuse it: the card is at 7


def test_a_new_change_clears_the_redo_stack() -> None:
    history = CardHistory()
    history.record(move_step(WHERE, _moved("1", TODO, DOING, 0, 1)))
    history.done("undo", history.undo_steps[-1], _at(2))
    assert history.next("redo") is not None
    history.record(move_step(WHERE, _moved("2", TODO, DOING, 0, 3)))
    assert history.next("redo") is None


def test_a_move_back_to_an_uncategorized_column_sets_the_status_it_had() -> None:
    loose = CardPlace("d" * 24, "Ideas", None, 0, "in_progress", False)
    step = move_step(WHERE, _moved("1", loose, DONE, 0, 1))
    assert step is not None
    assert step.undo.payload.update.status == "in_progress"  # type: ignore[attr-defined]
    assert step.redo.payload.update.given() == {"column_id", "order"}  # type: ignore[attr-defined]


def test_the_activity_says_a_restored_card_was_brought_back() -> None:
    from dataclasses import dataclass as shape
    from typing import Any

    from stellary_tui.widgets.card_activity import describe

    @shape
    class Entry:
        type: str
        meta: dict[str, Any]

    assert describe(Entry("card_created", {"column": "To Do", "restored": True})) == (
        "brought it back into To Do (undoing its deletion)"
    )
    assert describe(Entry("card_created", {"column": "To Do"})) == "created the card in To Do"
