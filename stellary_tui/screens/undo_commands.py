"""Undo (u) and redo (ctrl+r) of the session's card changes, run as core operations one at a time.

Presses wait in order: each undo is one operation (one transaction) and runs
after the previous one has answered, and after the board's own moves have
landed. A refused undo (the card changed since, or is gone) is said in the
status line and dropped, with the presses queued after it.
"""

from __future__ import annotations

from collections import deque
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from stellary_core.errors import StellaryError
from stellary_tui.card_history import CardHistory, Direction, Step
from stellary_tui.core import Core
from stellary_tui.human_errors import error_text

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen

DONE = {"undo": "Undid", "redo": "Redid"}
REFUSED = {"undo": "Not undone", "redo": "Not redone"}
NOTHING = {"undo": "Nothing to undo.", "redo": "Nothing to redo."}
WAIT_FOR_MOVES = 0.05  # seconds between looks at the board's move queue


def history_of(screen: Any) -> CardHistory:
    history: CardHistory = screen.app.card_history
    return history


class UndoRunner:
    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen
        self._asked: deque[Direction] = deque()
        self._busy = False

    @property
    def pending(self) -> bool:
        return self._busy or bool(self._asked)

    def request(self, direction: Direction) -> None:
        self._asked.append(direction)
        self._next()

    def _next(self) -> None:
        if self._busy or not self._asked:
            return
        if self.screen.moves.pending:  # a move still on its way would land after its own undo
            self.screen.set_timer(WAIT_FOR_MOVES, self._next)
            return
        direction = self._asked.popleft()
        step = history_of(self.screen).next(direction)
        if step is None:
            self.screen.notify(NOTHING[direction], timeout=3)
            self._next()
            return
        self._busy = True
        change = step.change(direction)
        payload = change.payload_at(step.expected(direction))
        self.screen.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: _attempt(core, change.op, payload),
            then=lambda outcome: self._answered(direction, step, outcome),
            failed=lambda error: self._answered(direction, step, error),  # a bug: the app has said so already
            group="undo",
        )

    def _answered(self, direction: Direction, step: Step, outcome: object) -> None:
        self._busy = False
        history = history_of(self.screen)
        if isinstance(outcome, StellaryError):
            history.drop(step)
            self._asked.clear()  # the presses after it meant the steps beyond this one
            self.screen.notify(
                f"Could not {direction} {step.what}: {error_text(outcome)}.", title=REFUSED[direction],
                severity="error", timeout=8,
            )
            return
        version, left_out = _version_and_notes(outcome)
        history.done(direction, step, version)
        if left_out:
            self.screen.notify(
                f"{DONE[direction]}: {step.what}. Not brought back: {'; '.join(left_out)}.", severity="warning", timeout=8
            )
        else:
            self.screen.notify(f"{DONE[direction]}: {step.what}", timeout=4)
        if version is not None and self.screen.project is not None and step.where is not None and self.screen.project.id == step.where.project:
            self.screen.load_board(focus_card_id=step.card_id)
        self._next()


def _attempt(core: Core, op: str, payload: BaseModel) -> object:
    """The operation's answer, or the refusal (said here, once, instead of the app's generic "Not done")."""
    try:
        return core.run(op, payload)
    except StellaryError as refused:
        return refused


def _version_and_notes(outcome: object) -> tuple[datetime | None, list[str]]:
    """The card's version after the operation (None once it is deleted) and what a restore left out."""
    from stellary_core.operations.catalog.trash import RestoredCardOut, TrashedCardOut
    from stellary_core.schemas.board import CardOut

    if isinstance(outcome, RestoredCardOut):
        return outcome.card.updated_at, outcome.left_out
    if isinstance(outcome, TrashedCardOut):
        return None, []
    assert isinstance(outcome, CardOut), outcome
    return outcome.updated_at, []
