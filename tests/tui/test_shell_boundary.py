"""Shell modules reach the data through the core: no query and no model row of their own.

Issue 8 names the modules that did; each one moved to operations or core
services is listed here so that it cannot slide back.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

import pytest

THROUGH_THE_CORE = ["stellary_tui.cli.tokens", "stellary_tui.screens.api_tokens", "stellary_tui.screens.first_run"]
# These run operations, so scopes and principal kinds are checked for them as for REST.
RUN_OPERATIONS = ["stellary_tui.cli.tokens", "stellary_tui.screens.api_tokens"]
# SQLAlchemy builds queries; stellary_core.models holds the rows.
FORBIDDEN = ("sqlalchemy", "stellary_core.models")


def _imported_modules(module: str) -> set[str]:
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


@pytest.mark.parametrize("module", THROUGH_THE_CORE)
def test_the_module_imports_no_query_builder_and_no_model(module: str) -> None:
    wrong = sorted(
        name for name in _imported_modules(module) if any(name == f or name.startswith(f + ".") for f in FORBIDDEN)
    )
    assert wrong == [], f"{module} imports {wrong}"


@pytest.mark.parametrize("module", RUN_OPERATIONS)
def test_the_module_runs_operations_rather_than_services(module: str) -> None:
    services = sorted(n for n in _imported_modules(module) if n.startswith("stellary_core.services"))
    assert services == []
