"""A tool result as short text: what the command line prints and what an assistant reads beside the data.

Renderers work on the result's JSON form (camelCase keys), keyed by the
operation's output model, so a new tool returning cards prints like the
others; an output no renderer knows is printed as indented JSON.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, get_args, get_origin

from stellary_core.operations.catalog.search_everywhere import CardHit
from stellary_core.schemas.board import CardOut, ColumnOut
from stellary_core.schemas.comments import CommentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.organizations import WorkspaceMemberOut, WorkspaceOut
from stellary_core.schemas.projects import ProjectOut

Row = Mapping[str, Any]
_TITLE_WIDTH = 72


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """Columns padded to their widest cell; the last column is never padded."""
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)).rstrip() for r in [header, *rows])


def _day(value: Any) -> str:
    return str(value)[:10] if value else "-"


def _short(text: str | None, width: int = _TITLE_WIDTH) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _cards(rows: Sequence[Row]) -> str:
    return table(
        ["KEY", "STATUS", "PRIORITY", "DUE", "TITLE"],
        [
            [r["key"] + (" (archived)" if r.get("archived") else ""), r["status"], r.get("priority") or "-",
             _day(r.get("dueDate")), _short(r["title"])]
            for r in rows
        ],
    )  # fmt: skip


def _card(r: Row) -> str:
    lines = [f"{r['key']}  {r['title']}" + ("  (archived)" if r.get("archived") else "")]
    lines.append(
        f"status: {r['status']}   priority: {r.get('priority') or '-'}   start: {_day(r.get('startDate'))}   "
        f"due: {_day(r.get('dueDate'))}   assignee: {r.get('assigneeId') or '-'}"
    )
    lines.append(f"id: {r['id']}   project: {r['projectId']}   column: {r['columnId']}")
    lines.append(
        f"comments: {r.get('commentCount', 0)}   attachments: {r.get('attachmentCount', 0)}   "
        f"blocked by: {r.get('blockedByCount', 0)}   blocks: {r.get('blocksCount', 0)}"
    )
    checklist = r.get("checklist") or []
    if checklist:
        done = sum(1 for item in checklist if item["done"])
        lines.append(f"checklist {done}/{len(checklist)}:")
        lines.extend(f"  [{'x' if item['done'] else ' '}] {item['title']}" for item in checklist)
    if r.get("description"):
        lines.extend(["", r["description"]])
    return "\n".join(lines)


def _projects(rows: Sequence[Row]) -> str:
    return table(["ID", "KEY", "NAME"], [[r["id"], r["keyPrefix"], r["name"]] for r in rows])


def _project(r: Row) -> str:
    lines = [f"{r['name']}  (cards {r['keyPrefix']}-1, {r['keyPrefix']}-2...)", f"id: {r['id']}   workspace: {r['workspaceId']}"]
    if r.get("description"):
        lines.extend(["", r["description"]])
    return "\n".join(lines)


def _columns(rows: Sequence[Row]) -> str:
    return table(
        ["ID", "NAME", "CATEGORY", "WIP"],
        [[r["id"], r["name"], r.get("category") or "-", str(r["wipLimit"]) if r.get("wipLimit") else "-"] for r in rows],
    )


def _workspaces(rows: Sequence[Row]) -> str:
    return table(
        ["ID", "SLUG", "NAME", "ROLE"],
        [[r["id"], r["slug"], r["name"] + (" (personal)" if r.get("isPersonal") else ""), r.get("myRole") or "-"] for r in rows],
    )


def _members(rows: Sequence[Row]) -> str:
    return table(["EMAIL", "NAME", "ROLE", "USER ID"], [[r["email"], r["name"], r["role"], r["userId"]] for r in rows])


def _comments(rows: Sequence[Row]) -> str:
    return "\n\n".join(f"{str(r['createdAt'])[:16].replace('T', ' ')}  {r['authorName']}:\n{r['content']}" for r in rows)


def _comment(r: Row) -> str:
    return f"Comment {r['id']} by {r['authorName']} on card {r['cardId']}:\n{r['content']}"


def _hits(rows: Sequence[Row]) -> str:
    return table(
        ["KEY", "PROJECT", "COLUMN", "TITLE"],
        [[r["key"], r["projectName"], r["columnName"], _short(r["title"])] for r in rows],
    )


def _ok(_: Row) -> str:
    return "Done."


# Output model -> (renderer of one, renderer of a list); None where that form does not occur.
_RENDERERS: dict[type, tuple[Callable[[Row], str] | None, Callable[[Sequence[Row]], str] | None]] = {
    CardOut: (_card, _cards),
    ProjectOut: (_project, _projects),
    ColumnOut: (None, _columns),
    WorkspaceOut: (None, _workspaces),
    WorkspaceMemberOut: (None, _members),
    CommentOut: (_comment, _comments),
    OkResponse: (_ok, None),
    CardHit: (None, _hits),
}


def render(output: Any, value: Any, *, noun: str = "results") -> str:
    """``value`` (an operation's dumped result) as text; ``output`` is the operation's declared output type."""
    if get_origin(output) is list:
        (model,) = get_args(output)
        if not value:
            return f"No {noun}."
        many = _RENDERERS.get(model, (None, None))[1]
        return many(value) if many is not None else json.dumps(value, indent=2, ensure_ascii=False)
    one = _RENDERERS.get(output, (None, None))[0] if isinstance(output, type) else None
    return one(value) if one is not None else json.dumps(value, indent=2, ensure_ascii=False)
