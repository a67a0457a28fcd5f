"""Outputs that arrive already in their wire form.

A long list costs far more to turn into models and back into JSON than to
have the database write the JSON itself (``services.card_wire``). Such an
output is an ``EncodedList``: REST sends its bytes as they are, MCP and the
CLI parse them once, and Python callers that index or iterate it get the
items as models, decoded on first use.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import Any, Generic, TypeVar, overload

from pydantic import TypeAdapter

T = TypeVar("T")


class EncodedList(Sequence[T], Generic[T]):
    """A JSON array of ``objects`` (each item's JSON text), in the wire shape of ``adapter``'s item type.

    Kept item by item, so a page of it is parsed alone and its length known without parsing.
    """

    def __init__(self, objects: list[str], adapter: TypeAdapter[list[T]]) -> None:
        self.objects = objects
        self._adapter = adapter

    @classmethod
    def joined(cls, parts: Sequence[EncodedList[T]], adapter: TypeAdapter[list[T]]) -> EncodedList[T]:
        """One array of several arrays' items, in order, without decoding them."""
        if len(parts) == 1:
            return parts[0]
        return cls([text for part in parts for text in part.objects], adapter)

    @cached_property
    def data(self) -> bytes:
        """The array as UTF-8 JSON bytes, as REST sends it."""
        return ("[" + ",".join(self.objects) + "]").encode()

    def plain_items(self, start: int, stop: int) -> list[Any]:
        """Items ``start`` to ``stop`` as JSON data, the others left unparsed."""
        return [json.loads(text) for text in self.objects[start:stop]]

    @cached_property
    def items(self) -> list[T]:
        return self._adapter.validate_json(self.data)

    def plain(self) -> Any:
        """The JSON data (lists, dicts, strings, numbers), as ``Operation.dump`` gives."""
        return json.loads(self.data)

    @overload
    def __getitem__(self, index: int) -> T: ...
    @overload
    def __getitem__(self, index: slice) -> list[T]: ...
    def __getitem__(self, index: int | slice) -> T | list[T]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.objects)

    def __iter__(self) -> Iterator[T]:
        return iter(self.items)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, EncodedList):
            return self.items == other.items
        if isinstance(other, list):
            return self.items == other
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable-looking, like a list

    def __repr__(self) -> str:
        return f"EncodedList({len(self.objects)} items)"
