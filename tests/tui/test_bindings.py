"""Every key binding has an id and a description, and the help screen covers every view."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding

import stellary_tui
from stellary_tui.screens.help import full_help
from stellary_tui.views.registry import VIEWS


def _bindings() -> list[tuple[str, Binding]]:
    found = []
    for info in pkgutil.walk_packages(stellary_tui.__path__, prefix="stellary_tui."):
        if ".cli" in info.name:
            continue
        module = importlib.import_module(info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != module.__name__:
                continue
            for binding in cls.__dict__.get("BINDINGS", []):
                if isinstance(binding, Binding):
                    found.append((f"{cls.__module__}.{cls.__qualname__}", binding))
                else:
                    found.append((f"{cls.__module__}.{cls.__qualname__}", Binding(*binding)))
    return found


def test_every_binding_has_an_id_and_a_description() -> None:
    bindings = _bindings()
    assert len(bindings) > 50
    missing = [f"{owner}: {b.key}" for owner, b in bindings if not b.id or not b.description]
    assert missing == []


def test_binding_ids_are_unique() -> None:
    ids = [b.id for _owner, b in _bindings()]
    assert len(ids) == len(set(ids))


def test_help_has_a_section_for_every_view() -> None:
    text = full_help()
    for spec in VIEWS:
        assert f"## {spec.title} view" in text
