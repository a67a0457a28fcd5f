"""Operations: every use case declared once, run through one runner by every shell.

The REST routes, the TUI, the CLI and (next) MCP tools and agents find an
operation in ``registry`` by name and run it with ``OperationRunner``, which
checks the caller's kind and token scope, opens one transaction, runs the
operation, builds its output inside that transaction, commits once and then
publishes its events.
"""

from stellary_core.operations.registry import Operation, OperationContext, all_operations, get_operation, operation
from stellary_core.operations.runner import OperationRunner

__all__ = [
    "Operation",
    "OperationContext",
    "OperationRunner",
    "all_operations",
    "get_operation",
    "operation",
]
