"""The one object through which the TUI runs core operations.

``LocalCore`` runs them in-process on the database; a client of a team server
can later implement the same ``Core`` protocol over HTTP without any screen,
view or widget changing.
"""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

from stellary_core.db import Database
from stellary_core.operations import Operation, OperationRunner
from stellary_core.principal import Principal

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT")


class Core(Protocol):
    """Runs an operation as the signed-in user; blocking, so call it from a worker thread."""

    def run(self, op: Operation[InT, OutT] | str, payload: InT | dict[str, Any]) -> OutT: ...


class LocalCore:
    """Operations on the embedded database, as the local profile."""

    def __init__(self, db: Database, actor: Principal) -> None:
        self._runner = OperationRunner(db)
        self.actor = actor

    def run(self, op: Operation[InT, OutT] | str, payload: InT | dict[str, Any]) -> OutT:
        return self._runner.run(op, self.actor, payload)
