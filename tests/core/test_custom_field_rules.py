"""The pure rules of custom fields: options per type, value validation, conversion on change."""

from __future__ import annotations

from typing import Any

import pytest

from stellary_core.errors import Invalid
from stellary_core.services.custom_fields import check_options, convert_value, validate_value


def test_select_types_need_unique_options() -> None:
    assert check_options("select", ["a", "b"]) == ["a", "b"]
    assert check_options("multi-select", ("a",)) == ["a"]
    for options in (None, [], ["a", "a"]):
        with pytest.raises(Invalid) as raised:
            check_options("select", options)
        assert raised.value.details[0].field == "options"


@pytest.mark.parametrize("kind", ["text", "number", "date", "boolean"])
def test_other_types_take_no_options(kind: str) -> None:
    assert check_options(kind, None) == []
    assert check_options(kind, []) == []
    with pytest.raises(Invalid):
        check_options(kind, ["a"])


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        ("text", "x", "x"),
        ("number", 1.5, 1.5),
        ("number", 7, 7),
        ("select", "b", "b"),
        ("multi-select", ["b", "a"], ["a", "b"]),
        ("date", "2026-02-28", "2026-02-28"),
        ("date", "2026-02-28T23:00:00-03:00", "2026-03-01"),
        ("date", " 2026-02-28 ", "2026-02-28"),
        ("boolean", False, False),
    ],
)
def test_validate_value_accepts_and_normalises(kind: str, value: Any, stored: Any) -> None:
    assert validate_value(kind, ["a", "b"], value) == stored


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("text", 1),
        ("text", "x" * 5001),
        ("number", True),
        ("number", float("nan")),
        ("number", float("inf")),
        ("number", 10**400),
        ("number", "1"),
        ("select", "c"),
        ("multi-select", ["a", "a"]),
        ("multi-select", ["c"]),
        ("multi-select", "a"),
        ("date", "2026-02-30"),
        ("date", "02/03/2026"),
        ("boolean", "false"),
        ("boolean", 0),
        ("colour", "red"),
    ],
)
def test_validate_value_refuses(kind: str, value: Any) -> None:
    with pytest.raises(ValueError):
        validate_value(kind, ["a", "b"], value)


@pytest.mark.parametrize(
    ("value", "kind", "options", "result"),
    [
        (3, "text", [], "3"),
        (2.5, "text", [], "2.5"),
        (True, "text", [], "true"),
        (["a", "b"], "text", [], "a, b"),
        ("2026-01-02", "text", [], "2026-01-02"),
        ("42", "number", [], 42),
        ("4.5", "number", [], 4.5),
        ("lots", "number", [], None),
        ("nan", "number", [], None),
        ("a", "select", ["a"], "a"),
        ("z", "select", ["a"], None),
        (["a"], "select", ["a", "b"], "a"),
        (["a", "b"], "select", ["a", "b"], None),
        ("b", "multi-select", ["a", "b"], ["b"]),
        (["a", "c"], "multi-select", ["a", "b"], ["a"]),
        (["c"], "multi-select", ["a", "b"], None),
        ("2026-01-02", "date", [], "2026-01-02"),
        ("soon", "date", [], None),
        ("TRUE", "boolean", [], True),
        ("false", "boolean", [], False),
        ("yes", "boolean", [], None),
        (1, "boolean", [], None),
        (True, "number", [], None),
        (3, "date", [], None),
    ],
)
def test_convert_value_keeps_what_converts_faithfully(value: Any, kind: str, options: list[str], result: Any) -> None:
    converted = convert_value(value, kind, options)
    assert converted == result
    assert type(converted) is type(result)
