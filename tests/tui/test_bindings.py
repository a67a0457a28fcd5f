"""Every key binding has an id and a description, and the help screen shows exactly the bound keys."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest
from textual.binding import Binding

import stellary_tui
from stellary_tui.app import StellaryApp
from stellary_tui.screens import help as help_screen
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


def _owners() -> list[type]:
    """Every stellary_tui class with key bindings, and the Textual classes it inherits bindings from."""
    found: list[type] = []
    for info in pkgutil.walk_packages(stellary_tui.__path__, prefix="stellary_tui."):
        if ".cli" in info.name:
            continue
        for _name, cls in inspect.getmembers(importlib.import_module(info.name), inspect.isclass):
            for base in cls.__mro__:
                if base.__dict__.get("BINDINGS") and base not in found:
                    found.append(base)
    return found


def _shown(app: StellaryApp, binding: Binding) -> tuple[str, ...]:
    """How the footer writes each of the binding's keys (``key_display`` names the first one)."""
    keys = binding.key.split(",")
    return tuple(
        app.get_key_display(Binding(key.strip(), binding.action, key_display=binding.key_display if i == 0 else None))
        for i, key in enumerate(keys)
    )


def test_help_has_a_section_for_every_view() -> None:
    titles = [section.title for section in help_screen.sections(StellaryApp())]
    for spec in VIEWS:
        assert f"{spec.title} view" in titles
    assert titles[:6] == ["Everywhere", *(f"{spec.title} view" for spec in VIEWS)]
    assert {"Navigator", "Card editor"} <= set(titles)


def test_every_binding_is_in_the_help_with_its_keys() -> None:
    app = StellaryApp()
    rows = {
        (binding_id, row.keys, row.text)
        for section in help_screen.sections(app)
        for row in section.rows
        for binding_id in row.binding_ids
    }
    missing = [
        f"{owner}: {b.id} {b.key}"
        for owner, b in _bindings()
        if b.description and (b.id, _shown(app, b), b.tooltip or b.description) not in rows
    ]
    assert missing == []


def test_the_help_shows_no_key_that_is_not_bound() -> None:
    """Each row's keys are the keys of one binding that some class of the app really declares."""
    app = StellaryApp()
    bound = {
        (_shown(app, binding), binding.tooltip or binding.description)
        for owner in _owners()
        for item in owner.__dict__["BINDINGS"]
        for binding in [item if isinstance(item, Binding) else Binding(*item)]
    }
    shown = [(section.title, row.keys, row.text) for section in help_screen.sections(app) for row in section.rows]
    assert len(shown) > 100
    assert [row for row in shown if row[1:] not in bound] == []


def test_the_palette_and_focus_keys_are_listed_everywhere() -> None:
    everywhere = help_screen.sections(StellaryApp())[0]
    keys = {key for row in everywhere.rows for key in row.keys}
    assert {"^p", "?", "^q", "tab", "shift+tab", "/", "1", "5"} <= keys


@pytest.mark.parametrize(("sizes", "columns"), [(((30, "a"),), 3), (((5, "a"), (5, "b"), (9, "c"), (1, "d")), 2)])
def test_split_columns_keeps_reading_order_and_balances(sizes: tuple[tuple[int, str], ...], columns: int) -> None:
    parts = [help_screen.Section(title, tuple(help_screen.KeyRow((str(i),), "x", (None,)) for i in range(n)), "") for n, title in sizes]
    split = help_screen.split_columns(parts, columns)
    assert [s.title for column in split for s in column] == [title for _n, title in sizes]
    if len(parts) == 4:
        assert [[s.title for s in column] for column in split] == [["a", "b"], ["c", "d"]]
