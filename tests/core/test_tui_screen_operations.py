"""Operations the TUI's screens run, and the shapes their callers build inputs with."""

from __future__ import annotations

from stellary_core.operations import all_operations
from stellary_core.operations.refs import NoInput


def test_every_operation_that_needs_nothing_takes_the_one_no_input() -> None:
    # The runner accepts an instance of the operation's own input class only (anything
    # else is validated as a dict and fails): a second empty class would refuse NoInput().
    empty = [op for op in all_operations() if not op.input.model_fields]
    assert empty, "no operation without input was found"
    assert [op.name for op in empty if op.input is not NoInput] == []
