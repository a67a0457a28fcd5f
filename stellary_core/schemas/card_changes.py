"""The answer of a DELETE that changes a card (a label removed, a checklist item deleted).

The contract says a DELETE answers ``{"ok": true}``; the caller also needs the
card as it now is. This shape is both: the card's fields plus ``ok``.
"""

from __future__ import annotations

from typing import Any

from stellary_core.schemas.board import CardOut


class CardChangeOut(CardOut):
    ok: bool = True

    @classmethod
    def of(cls, details: Any) -> CardChangeOut:
        return cls.model_validate({**CardOut.of(details).model_dump(), "ok": True})
