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

# Every screen and view, today's and tomorrow's: none of them reaches the data but through the core.
WHOLE_DIRECTORIES = ("screens", "views")
IN_WHOLE_DIRECTORIES = tuple(
    sorted(f"{folder}/{path.name}" for folder in WHOLE_DIRECTORIES for path in (TUI / folder).glob("*.py"))
)
# Widgets converted so far.
ON_OPERATIONS = IN_WHOLE_DIRECTORIES + (
    "widgets/card_activity.py",
    "widgets/card_attachments.py",
    "widgets/card_comments.py",
    "widgets/card_labels_fields.py",
    "widgets/card_move_writer.py",
    "widgets/card_pane.py",
    "widgets/card_relations.py",
    "widgets/calendar_date_writer.py",
    "widgets/calendar_month.py",
    "widgets/list_grid.py",
    "widgets/list_table.py",
    "widgets/navigator.py",
    "widgets/stats_charts.py",
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
    assert {"screens/main.py", "screens/members.py", "views/kanban.py"} <= set(IN_WHOLE_DIRECTORIES)


def test_imported_modules_sees_nested_and_from_imports() -> None:
    source = "import os\nfrom stellary_core import services\ndef f():\n    from stellary_core.models import Card\n"
    assert {"os", "stellary_core.services", "stellary_core.models"} <= imported_modules(source)


@pytest.mark.parametrize("module", ON_OPERATIONS)
def test_a_converted_module_imports_no_service_model_or_sqlalchemy(module: str) -> None:
    found = imported_modules((TUI / module).read_text(encoding="utf-8"))
    reached = sorted(name for name in found if name.startswith(FORBIDDEN))
    assert reached == [], f"{module} reaches the data layer directly: {reached}"
