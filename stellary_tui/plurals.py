"""Counts in words: "1 card", "2 cards", "0 cards", so no message says "1 cards"."""

from __future__ import annotations

# Nouns whose plural is not the noun plus "s".
_IRREGULAR = {"person": "people", "activity": "activities", "entry": "entries", "reply": "replies"}


def plural_of(noun: str) -> str:
    return _IRREGULAR.get(noun, noun + "s")


def count(n: int, noun: str, many: str | None = None) -> str:
    """``n`` with ``noun`` in the form its number takes; ``many`` overrides the plural."""
    return f"{n} {noun if n == 1 else (many or plural_of(noun))}"
