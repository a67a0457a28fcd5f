"""A tool's arguments: its operation's input model, with the ``data`` body spread flat.

REST sends a card's fields as the request body, so operations take them as
``data``; a model or a shell gives them beside the project and the card
(``create_card(project, title, priority)``), as Stellary's published tools
do. The input schema is the model's own JSON schema, reshaped so; arguments
are folded back into the model's shape before the runner validates them, and
a validation error names the argument the caller gave, not the model's path.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from pydantic import BaseModel

from stellary_core.errors import FieldError, Invalid, StellaryError
from stellary_core.operations.registry import Operation
from stellary_core.tools import paging

DATA = "data"
# Keys that hold one sub-schema, or a list of them (JSON Schema 2020-12).
_ONE = ("items", "additionalProperties", "not", "contains")
_MANY = ("anyOf", "oneOf", "allOf", "prefixItems")


def _body_model(op: Operation[Any, Any]) -> type[BaseModel] | None:
    info = op.input.model_fields.get(DATA)
    kind = info.annotation if info is not None else None
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else None


def _aliases(model: type[BaseModel]) -> dict[str, str]:
    """Python name -> wire name of each field."""
    return {name: info.alias or name for name, info in model.model_fields.items()}


def inline(schema: Any, defs: Mapping[str, Any]) -> Any:
    """``schema`` with every local ``$ref`` replaced by the definition it points to (our models do not recurse)."""
    if isinstance(schema, list):
        return [inline(item, defs) for item in schema]
    if not isinstance(schema, dict):
        return schema
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/$defs/"):
        merged = {**copy.deepcopy(defs[ref.removeprefix("#/$defs/")]), **{k: v for k, v in schema.items() if k != "$ref"}}
        return inline(merged, defs)
    return {key: inline(value, defs) for key, value in schema.items() if key != "$defs"}


def without_titles(schema: Any) -> Any:
    """Drop pydantic's generated ``title`` annotations ("Assigneeid"): noise to a model, not a property named title."""
    if not isinstance(schema, dict):
        return schema
    cleaned: dict[str, Any] = {}
    for key, value in schema.items():
        if key == "title" and isinstance(value, str):
            continue
        if key in ("properties", "$defs") and isinstance(value, dict):
            cleaned[key] = {name: without_titles(sub) for name, sub in value.items()}
        elif key in _ONE:
            cleaned[key] = without_titles(value)
        elif key in _MANY and isinstance(value, list):
            cleaned[key] = [without_titles(sub) for sub in value]
        else:
            cleaned[key] = value
    return cleaned


def self_contained(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema with its definitions inlined and its titles dropped: what every client reads alike."""
    defs = schema.get("$defs", {})
    result: dict[str, Any] = without_titles(inline(schema, defs))
    return result


@dataclass(frozen=True)
class Arguments:
    """How the arguments of ``op`` are named and shaped for a tool.

    ``renamed`` maps wire names of the operation (and of fields its errors
    name, such as REST's ``columnId``) to the argument names a tool shows.
    ``described`` gives arguments a description where the model has none.
    With ``page`` (a page size), the tool also takes ``limit`` and ``cursor``,
    which are the tool's own (``tools.paging``), not the operation's.
    """

    op: Operation[Any, Any]
    renamed: Mapping[str, str] = field(default_factory=dict)
    described: Mapping[str, str] = field(default_factory=dict)
    noun: str | None = None
    page: int | None = None

    @cached_property
    def body(self) -> type[BaseModel] | None:
        return _body_model(self.op)

    @cached_property
    def _outer(self) -> frozenset[str]:
        return frozenset(alias for name, alias in _aliases(self.op.input).items() if name != DATA or self.body is None)

    @cached_property
    def _inner(self) -> frozenset[str]:
        return frozenset(_aliases(self.body).values()) if self.body is not None else frozenset()

    @cached_property
    def _back(self) -> dict[str, str]:
        # Only renamed input fields map back; other entries rename what errors say (REST's columnId).
        return {shown: wire for wire, shown in self.renamed.items() if wire in self._outer | self._inner}

    def shown(self, wire: str) -> str:
        return self.renamed.get(wire, wire)

    @cached_property
    def schema(self) -> dict[str, Any]:
        """The tool's input schema: an object of the operation's fields, the body's spread among them."""
        raw = self_contained(self.op.input.model_json_schema(by_alias=True))
        properties: dict[str, Any] = dict(raw.get("properties", {}))
        required: list[str] = list(raw.get("required", []))
        if self.body is not None:
            body = properties.pop(DATA)
            if DATA in required:
                required.remove(DATA)
            clash = set(properties) & set(body.get("properties", {}))
            if clash:  # a programming error: the tool could not say which one an argument meant
                raise ValueError(f"{self.op.name}: {sorted(clash)} are both arguments and body fields")
            properties.update(body.get("properties", {}))
            required.extend(body.get("required", []))
        shaped: dict[str, Any] = {}
        for wire, sub in properties.items():
            name = self.shown(wire)
            if name in self.described and "description" not in sub:
                sub = {"description": self.described[name], **sub}
            shaped[name] = sub
        if self.page is not None:
            paged = paging.schema(self.noun or "results", self.page)
            if set(paged) & set(shaped):  # a programming error: limit would mean the operation's and the page's
                raise ValueError(f"{self.op.name}: {sorted(set(paged) & set(shaped))} are both arguments and paging's")
            shaped.update(paged)
        schema: dict[str, Any] = {"type": "object", "properties": shaped, "additionalProperties": False}
        if required:
            schema["required"] = [self.shown(r) for r in required]
        return schema

    def paged(self, arguments: Mapping[str, Any]) -> tuple[Mapping[str, Any], paging.PageRequest | None]:
        """The operation's arguments and, for a paged tool, the page asked for (a bad one is a 400)."""
        if self.page is None:
            return arguments, None
        return paging.split(self.op.name, arguments, self.page)

    def payload(self, arguments: Mapping[str, Any]) -> dict[str, Any]:
        """The operation's input, as a dict the runner validates, from a tool's arguments."""
        outer: dict[str, Any] = {}
        data: dict[str, Any] = {}
        for name, value in arguments.items():
            wire = self._back.get(name, name)
            if self.body is not None and wire == DATA and isinstance(value, dict):
                data = {**value, **data}  # a caller that nested the body anyway: the flat arguments win
            elif wire in self._inner and wire not in self._outer:
                data[wire] = value
            else:
                outer[wire] = value  # unknown names too: the model refuses them by name
        if self.body is not None:
            outer[DATA] = data
        return outer

    def argument(self, path: str) -> str:
        """An error's field path (``data.dueDate``, ``q``) as the caller named it (``dueDate``, ``query``)."""
        head, _, rest = path.partition(".")
        if self.body is not None and head == DATA and rest:
            head, _, rest = rest.partition(".")
        head = self.shown(head)
        return f"{head}.{rest}" if rest else head

    def translate(self, error: StellaryError) -> StellaryError:
        """A validation error naming the tool's arguments; other errors as they are (the REST message)."""
        if not isinstance(error, Invalid) or not error.details:
            return error
        details = [FieldError(self.argument(d.field), d.message) for d in error.details]
        message = error.message
        first = error.details[0].field
        if message.startswith(f"{first}:"):
            message = f"{details[0].field}:{message[len(first) + 1:]}"
        return Invalid(message, details=details)
