"""The TUI's screens, views and widgets reach the core only through operations (issue 8).

Parsed, not imported: an import inside a function or under TYPE_CHECKING counts
too. A module listed here may import operation declarations and schemas, never
a service, a model or SQLAlchemy (so it cannot run a query or read a row), so
that a remote core can replace the local one without touching it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import stellary_tui

TUI = Path(stellary_tui.__file__).parent
FORBIDDEN = ("stellary_core.services", "stellary_core.models", "sqlalchemy")

# Every screen, view and widget, today's and tomorrow's, and the app that runs them: none
# reaches the data but through the core (the app's start-up finds the local profile through
# stellary_core.local_profile, since operations need that actor first).
WHOLE_DIRECTORIES = ("screens", "views", "widgets")
ON_OPERATIONS = ("app.py", "card_history.py") + tuple(
    sorted(f"{folder}/{path.name}" for folder in WHOLE_DIRECTORIES for path in (TUI / folder).glob("*.py"))
)


def imported_modules(source: str) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def test_the_whole_directories_are_walked() -> None:
    assert {"screens/main.py", "views/kanban.py", "widgets/card_pane.py"} <= set(ON_OPERATIONS)


def test_imported_modules_sees_nested_and_from_imports() -> None:
    source = "import os\nfrom stellary_core import services\ndef f():\n    from stellary_core.models import Card\n"
    assert {"os", "stellary_core.services", "stellary_core.models"} <= imported_modules(source)


@pytest.mark.parametrize("module", ON_OPERATIONS)
def test_a_converted_module_imports_no_service_model_or_sqlalchemy(module: str) -> None:
    found = imported_modules((TUI / module).read_text(encoding="utf-8"))
    reached = sorted(name for name in found if name.startswith(FORBIDDEN))
    assert reached == [], f"{module} reaches the data layer directly: {reached}"
