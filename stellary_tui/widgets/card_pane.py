"""Base of the card editor's live tabs (comments, attachments, activity, relations).

These act at once through the services (a comment is posted when you press
enter, not when the card is saved) and reload their own list afterwards.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy.orm import Session
from textual.containers import Vertical

from stellary_core.principal import Principal

T = TypeVar("T")


@dataclass(frozen=True)
class CardRef:
    workspace_id: str
    project_id: str
    card_id: str


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

    def call(
        self,
        fn: Callable[[Session, Principal, CardRef], T],
        *,
        write: bool = False,
        then: Callable[[T], Any] | None = None,
    ) -> None:
        ref = self.ref
        if ref is None:
            self.notify("Save the card first.", severity="warning")
            return
        self.app.call_service(  # type: ignore[attr-defined]
            lambda session, actor: fn(session, actor, ref), write=write, then=then, group=f"pane-{self.id}"
        )
