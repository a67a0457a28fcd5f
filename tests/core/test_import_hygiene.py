"""The core is usable without the UI, and only the server pulls in FastAPI (as harlequin checks)."""

from __future__ import annotations

import ast
import json
import pkgutil
import subprocess
import sys
from pathlib import Path

import stellary_core
import stellary_core.services
from stellary_core.operations import all_operations

# Importing the Alembic environment runs migrations, so it is not a module to import.
_NOT_IMPORTABLE = ("stellary_core.migrations",)
# MCP over HTTP is part of the REST server (it authenticates as a REST request does).
_OF_THE_SERVER = ("stellary_core.server", "stellary_core.mcp.http")


def _core_modules() -> list[str]:
    names = ["stellary_core"]
    for info in pkgutil.walk_packages(stellary_core.__path__, "stellary_core."):
        if info.name.startswith(_OF_THE_SERVER + _NOT_IMPORTABLE):
            continue
        names.append(info.name)
    return names


def _loaded_after_importing(modules: list[str]) -> list[str]:
    """Top-level packages in sys.modules after importing ``modules`` in a fresh interpreter."""
    script = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    loaded: list[str] = json.loads(result.stdout.strip().splitlines()[-1])
    return loaded


def test_the_module_list_covers_the_services() -> None:
    modules = _core_modules()
    service_names = {info.name for info in pkgutil.iter_modules(stellary_core.services.__path__)}
    assert {f"stellary_core.services.{name}" for name in service_names} <= set(modules)
    assert {"stellary_core.services.cards", "stellary_core.services.accounts", "stellary_core.db"} <= set(modules)


def test_the_core_and_every_service_load_without_textual_the_tui_or_fastapi() -> None:
    loaded = _loaded_after_importing(_core_modules())
    assert "stellary_core" in loaded
    assert "textual" not in loaded
    assert "stellary_tui" not in loaded
    assert "fastapi" not in loaded


def test_the_server_is_what_brings_fastapi() -> None:
    loaded = _loaded_after_importing(["stellary_core.server.app"])
    assert "fastapi" in loaded
    assert "textual" not in loaded and "stellary_tui" not in loaded


def test_the_catalogue_lists_every_operation_module() -> None:
    # all_operations() and a lookup by name import these: a module missing here would go unregistered.
    from stellary_core.operations import catalog

    found = {info.name for info in pkgutil.iter_modules(catalog.__path__)}
    assert sorted(found) == sorted(catalog.MODULES)


def test_one_catalogue_module_loads_without_the_others() -> None:
    # The TUI's first screen imports the operations it runs, not the whole catalogue (issue 9).
    loaded = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, sys\n"
            "import stellary_core.operations.catalog.board\n"
            "print(json.dumps(sorted(m for m in sys.modules if m.startswith('stellary_core.operations.catalog.'))))\n",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    from stellary_core.operations.catalog import MODULES

    modules = json.loads(loaded.stdout.strip().splitlines()[-1])
    assert "stellary_core.operations.catalog.board" in modules
    assert "stellary_core.operations.catalog.transfer" not in modules and len(modules) < len(MODULES)


def test_a_lookup_by_name_finds_an_operation_whose_module_is_not_loaded_yet() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from stellary_core.operations import get_operation\n"
            "print(get_operation('export_project').name, len(__import__('stellary_core.operations', fromlist=['all_operations']).all_operations()))\n",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    name, count = result.stdout.split()
    assert name == "export_project" and int(count) == len(all_operations())


def _imported_packages(path: Path) -> set[str]:
    """Top-level packages a module imports (absolute imports only; relative ones stay inside)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_stellary_core_mcp_imports_the_mcp_sdk() -> None:
    root = Path(stellary_core.__file__).parent.parent
    own = root / "stellary_core" / "mcp"
    offenders = [
        str(path.relative_to(root))
        for package in ("stellary_core", "stellary_tui")
        for path in sorted((root / package).rglob("*.py"))
        if own not in path.parents and "mcp" in _imported_packages(path)
    ]
    assert offenders == []
    assert "mcp" in _imported_packages(own / "server.py")  # the check does see the SDK's imports


def test_httpx_loads_only_when_the_openai_provider_is_built() -> None:
    ai_modules = [name for name in _core_modules() if name.startswith("stellary_core.ai")]
    assert "stellary_core.ai.openai_provider" in ai_modules
    assert "httpx" not in _loaded_after_importing(ai_modules)
