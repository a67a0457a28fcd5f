"""The runner: one scope check, one transaction and one commit per operation, for every caller."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from stellary_core.db import Database
from stellary_core.errors import Forbidden
from stellary_core.event_types import DomainEvent
from stellary_core.events import caused_by
from stellary_core.operations.registry import Operation, OperationContext, Preparation, get_operation
from stellary_core.principal import Principal, describe_kind
from stellary_core.schemas.common import invalid_from
from stellary_core.scopes import require_scope

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT")

def authorize(op: Operation[Any, Any], actor: Principal) -> None:
    """Refuse a caller whose kind or token scopes do not allow ``op`` (403 naming what is missing)."""
    if op.kinds is not None and actor.kind not in op.kinds:
        who = describe_kind(actor.kind)
        raise Forbidden(op.refusal.format(kind=who) if op.refusal else f"{op.name} cannot be run by {who}")
    require_scope(actor, op.scope)


class OperationRunner:
    """Runs operations against one database. Shells hand it an authenticated principal."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def run(
        self,
        op: Operation[InT, OutT] | str,
        actor: Principal,
        payload: InT | dict[str, Any],
        *,
        cause: DomainEvent | None = None,
    ) -> OutT:
        """Check, run in one transaction, commit once; events are published after the commit.

        The output is built by the operation inside its transaction, so a
        result never depends on a second read, and an error after the commit
        cannot happen: a failure anywhere means nothing was changed.
        With ``cause`` (an automation answering an event), the events it emits name
        that event and sit one level deeper.
        An operation with ``prepare`` runs it first, outside any transaction (slow
        work such as asking an AI provider, which must not hold the write lock);
        its transaction then gets what ``prepare`` answered as ``ctx.prepared``.
        """
        declared: Operation[InT, OutT] = get_operation(op) if isinstance(op, str) else op
        authorize(declared, actor)
        try:
            given = payload if isinstance(payload, declared.input) else declared.input.model_validate(payload)
        except ValidationError as error:  # a dict from MCP or a script: the same 400 as a bad body
            raise invalid_from(error) from None
        prepared = None
        if declared.prepare is not None:
            prepared = declared.prepare(Preparation(actor, lambda: self._reading(actor)), given)
        with self.db.session(write=declared.writes) as session:
            if cause is None:
                return declared.run(OperationContext(session, actor, prepared), given)
            with caused_by(session, cause):
                return declared.run(OperationContext(session, actor, prepared), given)

    @contextmanager
    def _reading(self, actor: Principal) -> Iterator[OperationContext]:
        with self.db.session() as session:
            yield OperationContext(session, actor)
