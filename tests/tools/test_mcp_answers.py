"""What ``stellary mcp`` hands the SDK for a tool's result: the wire form, built once, that every protocol version takes."""

from __future__ import annotations

import mcp.types as types
import pytest
from mcp_types.methods import serialize_server_result
from mcp_types.version import SUPPORTED_PROTOCOL_VERSIONS

from stellary_core.mcp.server import answer
from stellary_core.tools.calls import ToolResult


@pytest.mark.parametrize("version", SUPPORTED_PROTOCOL_VERSIONS)
def test_a_result_is_the_models_wire_form_with_the_structured_data_handed_over_as_is(version: str) -> None:
    structured = {"cards": [{"key": "GS-1", "title": "Café", "dueDate": None}], "total": 1}
    wire = answer(ToolResult(structured["cards"], structured, "GS-1  Café"))
    # Not copied, nor walked again before the SDK's own check: a 5,000-card list is megabytes.
    assert wire["structuredContent"] is structured
    model = types.CallToolResult(content=[types.TextContent(text="GS-1  Café")], structured_content=structured)
    assert wire == model.model_dump(by_alias=True, mode="json", exclude_none=True)
    # The SDK checks every result against the shape of the session's protocol version (2026-07-28 requires resultType).
    assert serialize_server_result("tools/call", version, wire) == serialize_server_result(
        "tools/call", version, model.model_dump(by_alias=True, mode="json", exclude_none=True)
    )
