"""The runner: one scope check, one transaction and one commit per operation, for every caller."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from stellary_core.db import Database
from stellary_core.errors import Busy, Forbidden, TransactionConflict
from stellary_core.event_types import DomainEvent
from stellary_core.events import caused_by
from stellary_core.operations.conflict_retries import DEFAULT_CONFLICT_RETRIES, ConflictRetries
from stellary_core.operations.registry import Operation, OperationContext, Preparation, get_operation
from stellary_core.principal import Principal, describe_kind
from stellary_core.schemas.common import invalid_from
from stellary_core.scopes import require_scope

InT = TypeVar("InT", bound=BaseModel)
OutT = TypeVar("OutT")

log = logging.getLogger(__name__)

def authorize(op: Operation[Any, Any], actor: Principal) -> None:
    """Refuse a caller whose kind or token scopes do not allow ``op`` (403 naming what is missing)."""
    if op.kinds is not None and actor.kind not in op.kinds:
        who = describe_kind(actor.kind)
        raise Forbidden(op.refusal.format(kind=who) if op.refusal else f"{op.name} cannot be run by {who}")
    require_scope(actor, op.scope)


class OperationRunner:
    """Runs operations against one database. Shells hand it an authenticated principal."""

    def __init__(self, db: Database, *, retries: ConflictRetries = DEFAULT_CONFLICT_RETRIES) -> None:
        self.db = db
        self.retries = retries

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
        A transaction that lost to a concurrent one (a PostgreSQL deadlock or
        serialization failure) was rolled back whole, its events dropped unpublished:
        it is run again, after a short random pause, up to ``retries.attempts``
        times in all, and then answers Busy (503). ``prepare`` is not run again.
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
        for attempt in range(1, self.retries.attempts + 1):
            try:
                return self._transaction(declared, actor, given, prepared, cause)
            except TransactionConflict as conflict:
                if attempt >= self.retries.attempts:
                    log.warning("%s lost to concurrent transactions %d times: answering Busy", declared.name, attempt)
                    raise Busy() from conflict
                time.sleep(self.retries.pause(attempt - 1))
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _transaction(
        self, op: Operation[InT, OutT], actor: Principal, given: InT, prepared: Any, cause: DomainEvent | None
    ) -> OutT:
        """One attempt: a fresh session and transaction, committed when ``op`` returns."""
        with self.db.session(write=op.writes) as session:
            if cause is None:
                return op.run(OperationContext(session, actor, prepared), given)
            with caused_by(session, cause):
                return op.run(OperationContext(session, actor, prepared), given)

    @contextmanager
    def _reading(self, actor: Principal) -> Iterator[OperationContext]:
        with self.db.session() as session:
            yield OperationContext(session, actor)
