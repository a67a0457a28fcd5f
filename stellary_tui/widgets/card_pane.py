"""Base of the card editor's live tabs (comments, attachments, activity, relations).

These act at once through operations (a comment is posted when you press
enter, not when the card is saved) and reload their own list afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from textual.containers import Vertical

from stellary_core.errors import StellaryError
from stellary_core.operations import Operation

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT")


@dataclass(frozen=True)
class CardRef:
    workspace_id: str
    project_id: str
    card_id: str

    def in_project(self) -> dict[str, Any]:
        """The fields naming the card's project in an operation's input."""
        return {"workspace_id": self.workspace_id, "project": self.project_id}

    def on_card(self) -> dict[str, Any]:
        """The fields naming the card in an operation's input (``OnCard`` and its kin)."""
        return {**self.in_project(), "card": self.card_id}


def when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


class CardPane(Vertical):
    """A tab that needs a saved card; ``bind`` gives it one, ``reload`` fetches its list."""

    DEFAULT_CSS = """
    CardPane { height: auto; }
    CardPane .pane-hint { color: $text-muted; }
    CardPane OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.ref: CardRef | None = None

    def bind(self, ref: CardRef) -> None:
        self.ref = ref
        self.reload()

    def reload(self) -> None:
        """Fetch this tab's data (subclasses)."""

    def run(
        self,
        op: Operation[InT, OutT],
        given: Callable[[CardRef], InT],
        *,
        then: Callable[[OutT], Any] | None = None,
        failed: Callable[[StellaryError], Any] | None = None,
    ) -> None:
        """Run ``op`` on this pane's card with the input ``given`` builds; the answer comes back on the UI thread."""
        ref = self.ref
        if ref is None:
            self.notify("Save the card first.", severity="warning")
            return
        self.app.run_operation(  # type: ignore[attr-defined]
            op, given(ref), then=then, failed=failed, group=f"pane-{self.id}"
        )
