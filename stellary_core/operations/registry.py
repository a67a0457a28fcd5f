"""The registry of operations: name, input and output models, scope, writes, function."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter
from sqlalchemy.orm import Session

from stellary_core.operations.encoded import EncodedList
from stellary_core.principal import ALL_SCOPES, Principal, PrincipalKind

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT")


@dataclass(frozen=True)
class OperationContext:
    """What an operation runs with: the one session of its transaction and the acting principal."""

    session: Session
    actor: Principal
    # What the operation's ``prepare`` answered before the transaction began (None without one).
    prepared: Any = None


@dataclass(frozen=True)
class Preparation:
    """What an operation's ``prepare`` works with: the actor, and read sessions of its own.

    ``prepare`` runs before the operation's transaction, for slow work that must not hold the
    write lock (asking an AI provider): it reads what it needs in ``read()``, closes it, then works.
    """

    actor: Principal
    read: Callable[[], AbstractContextManager[OperationContext]]


@dataclass(frozen=True, eq=False)
class Operation(Generic[InT, OutT]):
    """One use case. ``output`` is a type pydantic can serialize (a model, ``list[Model]``...)."""

    name: str
    summary: str
    input: type[InT]
    output: Any
    scope: str
    writes: bool
    run: Callable[[OperationContext, InT], OutT]
    # Principal kinds allowed to run it; None lets every kind (scopes still apply).
    kinds: frozenset[PrincipalKind] | None = None
    # The 403 message for a kind not in ``kinds``; ``{kind}`` names the caller's kind.
    refusal: str | None = None
    tags: tuple[str, ...] = field(default=())
    # Work done outside and before the transaction; what it answers is ``OperationContext.prepared``.
    prepare: Callable[[Preparation, InT], Any] | None = None

    @cached_property
    def output_adapter(self) -> TypeAdapter[Any]:
        return TypeAdapter(self.output)

    def dump_json(self, result: OutT) -> bytes:
        """The wire form of a result: camelCase JSON."""
        if isinstance(result, EncodedList):
            return result.data
        return self.output_adapter.dump_json(result, by_alias=True)

    def dump(self, result: OutT) -> Any:
        """The result as plain JSON-compatible Python (for MCP and the CLI)."""
        if isinstance(result, EncodedList):
            return result.plain()
        return self.output_adapter.dump_python(result, mode="json", by_alias=True)


_REGISTRY: dict[str, Operation[Any, Any]] = {}


def operation(
    name: str,
    *,
    input: type[InT],
    output: Any,
    scope: str,
    writes: bool,
    summary: str = "",
    kinds: frozenset[PrincipalKind] | None = None,
    refusal: str | None = None,
    prepare: Callable[[Preparation, InT], Any] | None = None,
) -> Callable[[Callable[[OperationContext, InT], OutT]], Operation[InT, OutT]]:
    """Declare an operation; the decorated function becomes the registered ``Operation``."""
    if scope not in ALL_SCOPES:
        raise ValueError(f"operation {name}: unknown scope {scope!r}")

    def register(fn: Callable[[OperationContext, InT], OutT]) -> Operation[InT, OutT]:
        if name in _REGISTRY:
            raise ValueError(f"operation {name} is declared twice")
        declared: Operation[InT, OutT] = Operation(
            name=name,
            summary=summary or (fn.__doc__ or "").strip().split("\n")[0],
            input=input,
            output=output,
            scope=scope,
            writes=writes,
            run=fn,
            kinds=kinds,
            refusal=refusal,
            prepare=prepare,
        )
        _REGISTRY[name] = declared
        return declared

    return register


def _load_catalog() -> None:
    # Importing the catalogue's modules registers every operation (idempotent: modules load once).
    from stellary_core.operations.catalog import MODULES

    for module in MODULES:
        importlib.import_module(f"stellary_core.operations.catalog.{module}")


def get_operation(name: str) -> Operation[Any, Any]:
    # An operation whose module is already imported needs no other; the catalogue loads only for a name not seen yet.
    found = _REGISTRY.get(name)
    if found is not None:
        return found
    _load_catalog()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise KeyError(f"no operation named {name!r}") from None


def all_operations() -> list[Operation[Any, Any]]:
    _load_catalog()
    return sorted(_REGISTRY.values(), key=lambda op: op.name)
