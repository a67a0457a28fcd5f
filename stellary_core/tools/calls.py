"""Running a tool: its arguments folded into the operation's input, the runner, the result as data and text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from stellary_core.errors import StellaryError
from stellary_core.operations import OperationRunner
from stellary_core.operations.encoded import EncodedList
from stellary_core.principal import Principal
from stellary_core.tools import paging
from stellary_core.tools.arguments import self_contained
from stellary_core.tools.catalog import Tool
from stellary_core.tools.render import render


@dataclass(frozen=True)
class ToolResult:
    """``value`` is the operation's output as JSON data (of a paged tool, the page); ``structured`` the same as an
    object (lists wrapped, with a page's total and nextCursor); ``text`` ends with ``more`` when there is one."""

    value: Any
    structured: dict[str, Any]
    text: str
    # Of a page that is not the whole list: which part it is and how to get the rest (tools.paging.summary).
    more: str | None = None


def call_tool(runner: OperationRunner, actor: Principal, tool: Tool, arguments: Mapping[str, Any]) -> ToolResult:
    """Run ``tool`` as ``actor``; errors are the operation's own (the REST message), naming the tool's arguments."""
    try:
        given, asked = tool.arguments.paged(arguments)
        result = runner.run(tool.operation, actor, tool.arguments.payload(given))
    except StellaryError as error:
        raise tool.arguments.translate(error) from None
    noun = tool.result or "results"
    page = None
    if asked is None:
        value = tool.operation.dump(result)
    elif isinstance(result, EncodedList):
        # Written as JSON by the database: only the page's items are parsed (slicing the list itself
        # would first turn every item into a model).
        value, page = paging.cut_encoded(result, asked)
    else:
        # Cut before dumping: dumping and rendering are what grow with the answer.
        shown, page = paging.cut(list(result), asked)
        value = tool.operation.dump(shown)
    structured = {tool.result: value} if tool.result is not None else value
    text = render(tool.operation.output, value, noun=noun)
    if page is None:
        return ToolResult(value, structured, text)
    structured[paging.TOTAL] = page.total
    if page.next_cursor is not None:
        structured[paging.NEXT_CURSOR] = page.next_cursor
    more = paging.summary(page, noun)
    if more is not None:
        text = f"{text}\n\n{more}" if page.shown else more
    return ToolResult(value, structured, text, more)


def output_schema(tool: Tool) -> dict[str, Any]:
    """The JSON schema of ``ToolResult.structured``: the output model's, a list wrapped in an object (with a page's
    total and nextCursor)."""
    schema = self_contained(TypeAdapter(tool.operation.output).json_schema(mode="serialization", by_alias=True))
    if tool.result is None:
        if schema.get("type") != "object" or tool.page is not None:
            raise ValueError(f"{tool.name}: a list result (paged or not) needs Tool.result")
        return schema
    properties: dict[str, Any] = {tool.result: schema}
    required = [tool.result]
    if tool.page is not None:
        properties.update(paging.output_schema(tool.result))
        required.append(paging.TOTAL)
    return {"type": "object", "properties": properties, "required": required}
