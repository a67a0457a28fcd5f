"""Tool arguments: the operation's input schema reshaped for a model, and errors naming what the caller gave."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from jsonschema import Draft202012Validator

from stellary_core.errors import FieldError, Invalid, NotFound
from stellary_core.tools.calls import output_schema
from stellary_core.tools.catalog import TOOLS, Tool, tool_named


def named(name: str) -> Tool:
    found = tool_named(name)
    assert found is not None
    return found


@pytest.mark.parametrize("tool", TOOLS, ids=[t.name for t in TOOLS])
def test_every_tool_has_valid_self_contained_schemas(tool: Tool) -> None:
    for schema in (tool.arguments.schema, output_schema(tool)):
        Draft202012Validator.check_schema(schema)
        assert schema["type"] == "object"
        assert "$ref" not in json.dumps(schema) and "$defs" not in schema
    assert tool.operation.name == tool.name
    # Every argument says what it is for.
    assert all("description" in prop for prop in tool.arguments.schema["properties"].values()), tool.name


def test_a_body_is_spread_among_the_arguments_and_folded_back() -> None:
    create = named("create_card").arguments
    assert {"project", "column", "title", "dueDate"} <= set(create.schema["properties"])
    assert "data" not in create.schema["properties"]
    assert create.payload({"project": "P", "title": "T", "dueDate": "2026-01-01"}) == {
        "project": "P", "data": {"title": "T", "dueDate": "2026-01-01"},
    }
    # A nested body still works, the flat arguments winning; an unknown name goes where the model refuses it.
    assert create.payload({"project": "P", "data": {"title": "old", "priority": "low"}, "title": "new", "colour": 1}) == {
        "project": "P", "colour": 1, "data": {"title": "new", "priority": "low"},
    }


def test_renamed_arguments_and_error_fields() -> None:
    listing = named("list_cards").arguments
    assert "query" in listing.schema["properties"] and "q" not in listing.schema["properties"]
    assert listing.payload({"query": "priority:high", "column": "Done"}) == {"q": "priority:high", "column": "Done"}
    error = Invalid("q: unknown filter", details=[FieldError("q", "unknown filter")])
    assert listing.translate(error).message == "query: unknown filter"
    column = listing.translate(Invalid.field("columnId", "is not a column of this project"))
    assert column.message == "column: is not a column of this project" and column.details[0].field == "column"
    body = named("update_card").arguments.translate(Invalid.field("data.dueDate", "bad date"))
    assert body.message == "dueDate: bad date"
    # Anything but a validation error is the operation's own message.
    missing = NotFound("Card not found")
    assert named("update_card").arguments.translate(missing) is missing


def test_the_tool_list_loads_no_operation_and_the_tools_no_mcp_sdk() -> None:
    script = (
        "import json, sys\n"
        "import stellary_core.tools.catalog\n"
        "light = sorted(m for m in sys.modules if m.startswith(('stellary_core.operations', 'sqlalchemy', 'pydantic')))\n"
        "import stellary_core.tools.calls, stellary_tui.cli\n"
        "stellary_tui.cli.build_parser()\n"
        "print(json.dumps([light, 'mcp' in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120)
    light, sdk = json.loads(done.stdout)
    assert light == [] and sdk is False
