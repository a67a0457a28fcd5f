"""Running a tool: its arguments folded into the operation's input, the runner, the result as data and text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from stellary_core.errors import StellaryError
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.arguments import self_contained
from stellary_core.tools.catalog import Tool
from stellary_core.tools.render import render


@dataclass(frozen=True)
class ToolResult:
    """``value`` is the operation's output as JSON data; ``structured`` the same as an object (lists wrapped)."""

    value: Any
    structured: dict[str, Any]
    text: str


def call_tool(runner: OperationRunner, actor: Principal, tool: Tool, arguments: Mapping[str, Any]) -> ToolResult:
    """Run ``tool`` as ``actor``; errors are the operation's own (the REST message), naming the tool's arguments."""
    try:
        result = runner.run(tool.operation, actor, tool.arguments.payload(arguments))
    except StellaryError as error:
        raise tool.arguments.translate(error) from None
    value = tool.operation.dump(result)
    structured = {tool.result: value} if tool.result is not None else value
    return ToolResult(value, structured, render(tool.operation.output, value, noun=tool.result or "results"))


def output_schema(tool: Tool) -> dict[str, Any]:
    """The JSON schema of ``ToolResult.structured``: the output model's, a list wrapped in an object."""
    schema = self_contained(TypeAdapter(tool.operation.output).json_schema(mode="serialization", by_alias=True))
    if tool.result is not None:
        return {"type": "object", "properties": {tool.result: schema}, "required": [tool.result]}
    if schema.get("type") != "object":
        raise ValueError(f"{tool.name}: a result that is not an object needs Tool.result")
    return schema
