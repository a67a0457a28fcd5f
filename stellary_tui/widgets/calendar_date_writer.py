"""Date edits made with keys in the calendar and roadmap views, persisted in order.

Both views change a card's dates on screen at once (a key press must feel
instant) and persist the change through the ``update_card`` operation in a worker.
Keys can be pressed faster than commits land, and two workers are not ordered,
so edits are queued per card and sent one at a time: the newest value of a
card always wins and a late commit never overwrites a newer one. Until the
reloaded board shows the new dates, the writer keeps them as overrides so a
reload that started before the commit does not make a card jump back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from textual.widget import Widget

from stellary_core.operations.catalog.board import UpdateCard
from stellary_core.operations.catalog.views import CardRow
from stellary_core.schemas.board import CardUpdateIn
from stellary_tui.views.base import ViewContext

# After its write has committed, an override survives this many reloads that do
# not show it yet (a reload started before the commit is stale, the next is not).
STALE_RELOADS = 2


@dataclass
class _Override:
    start_date: datetime | None
    due_date: datetime | None
    fields: set[str]  # the CardUpdateIn fields this edit changes: start_date and/or due_date
    committed: bool = False
    reloads_since_commit: int = 0


class DateWriter:
    """Holds the dates a view has changed but not yet seen reloaded, and sends them one by one."""

    def __init__(self, owner: Widget, on_failed: Callable[[str], None]) -> None:
        self._owner = owner
        self._on_failed = on_failed  # called with the card id after the service refused an edit
        self._overrides: dict[str, _Override] = {}
        self._queue: dict[str, tuple[ViewContext, _Override]] = {}  # card id -> newest unsent edit, in press order
        self._busy = False

    @property
    def pending(self) -> bool:
        """Whether an edit is still waiting for (or in) its commit."""
        return self._busy or bool(self._queue)

    def apply(self, card: CardRow) -> CardRow:
        """The card as the user last set it (its shown dates may not have reloaded yet)."""
        override = self._overrides.get(card.id)
        if override is None:
            return card
        return replace(card, start_date=override.start_date, due_date=override.due_date)

    def board_reloaded(self, rows: dict[str, CardRow]) -> None:
        """Forget overrides the reloaded board already shows, and stale ones of committed edits."""
        for card_id, override in list(self._overrides.items()):
            row = rows.get(card_id)
            if row is None:
                if override.committed:
                    del self._overrides[card_id]
                continue
            if (row.start_date, row.due_date) == (override.start_date, override.due_date) or (
                override.committed and override.reloads_since_commit >= STALE_RELOADS
            ):
                del self._overrides[card_id]
            elif override.committed:
                override.reloads_since_commit += 1

    def change(
        self,
        context: ViewContext,
        card: CardRow,
        *,
        start_date: datetime | None,
        due_date: datetime | None,
        fields: set[str],
    ) -> None:
        """Show ``card`` with these dates from now on and persist the named fields."""
        previous = self._overrides.get(card.id)
        sent = set(fields) | (previous.fields if previous is not None and not previous.committed else set())
        override = _Override(start_date, due_date, sent)
        self._overrides[card.id] = override
        self._queue.pop(card.id, None)
        self._queue[card.id] = (context, override)
        self._send_next()

    def _send_next(self) -> None:
        if self._busy or not self._queue:
            return
        card_id = next(iter(self._queue))
        context, override = self._queue.pop(card_id)
        values = {name: getattr(override, name) for name in override.fields}
        data = CardUpdateIn(**values)
        self._busy = True

        self._owner.app.run_operation(  # type: ignore[attr-defined]
            "update_card",
            UpdateCard(workspace_id=context.workspace_id, project=context.project_id, card=card_id, data=data),
            then=lambda _result: self._written(card_id, override),
            failed=lambda _error: self._refused(card_id, override),
            group="date-edits",
        )

    def _written(self, card_id: str, override: _Override) -> None:
        self._busy = False
        if self._overrides.get(card_id) is override:
            override.committed = True
        self._send_next()

    def _refused(self, card_id: str, override: _Override) -> None:
        """The service said no (the app has shown why): go back to the stored dates of this card."""
        self._busy = False
        if self._overrides.get(card_id) is override:
            del self._overrides[card_id]
            self._queue.pop(card_id, None)
            self._on_failed(card_id)
        self._send_next()
