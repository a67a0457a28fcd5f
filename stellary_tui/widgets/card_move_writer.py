"""Card moves made with keys on the kanban board, persisted one at a time in press order.

The board moves a card on screen at once and persists the move in a worker.
Keys can be pressed faster than commits land and two workers are not ordered,
so moves wait in a queue and only one is in flight: the stored order of cards
always ends as the user left it on screen. While moves are waiting, a board
reload would show a state older than the screen, so the owner asks ``pending``
before showing one and is told by ``on_settled`` when the last move has landed.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from textual.widget import Widget

from stellary_core.operations.catalog.views import ChangedCard, PlaceCard
from stellary_tui.card_history import Where, move_step
from stellary_tui.views.base import ViewContext


@dataclass(frozen=True)
class _Move:
    context: ViewContext
    card_id: str
    column_id: str
    after_id: str | None
    before_id: str | None


class CardMoveWriter:
    """Sends the board's card moves one by one and reports when none is left."""

    def __init__(self, owner: Widget, on_settled: Callable[[bool], None]) -> None:
        self._owner = owner
        # Called with True when every move landed, False when the service refused one
        # (the moves queued after it were built on that one and are dropped).
        self._on_settled = on_settled
        self._queue: deque[_Move] = deque()
        self._busy = False

    @property
    def pending(self) -> bool:
        """Whether a move is still waiting for (or in) its commit."""
        return self._busy or bool(self._queue)

    def move(self, context: ViewContext, card_id: str, column_id: str, *, after_id: str | None, before_id: str | None) -> None:
        """Queue a move of ``card_id`` into ``column_id`` between the neighbours it has on screen."""
        self._queue.append(_Move(context, card_id, column_id, after_id, before_id))
        self._send_next()

    def _send_next(self) -> None:
        if self._busy:
            return
        if not self._queue:
            self._on_settled(True)
            return
        move = self._queue.popleft()
        self._busy = True

        placed = PlaceCard(
            workspace_id=move.context.workspace_id,
            project=move.context.project_id,
            card=move.card_id,
            column=move.column_id,
            after_id=move.after_id,
            before_id=move.before_id,
        )
        self._owner.app.run_operation(  # type: ignore[attr-defined]
            "place_card",
            placed,
            then=lambda changed: self._written(move.context, changed),
            failed=lambda _error: self._refused(),
            group="card-moves",
        )

    def _written(self, context: ViewContext, changed: ChangedCard) -> None:
        self._busy = False
        where = Where(context.workspace_id, context.project_id)
        self._owner.app.card_history.record(move_step(where, changed))  # type: ignore[attr-defined]
        self._send_next()

    def _refused(self) -> None:
        self._busy = False
        self._queue.clear()
        self._on_settled(False)
