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
from stellary_core.schemas.cockpit import CockpitDashboardOut
from stellary_core.schemas.comments import CommentOut
from stellary_core.schemas.common import OkResponse
from stellary_core.schemas.documents import DocumentOut, DocumentSummaryOut
from stellary_core.schemas.organizations import WorkspaceMemberOut, WorkspaceOut
from stellary_core.schemas.pilotage import DecisionOut, TodoOut
from stellary_core.schemas.projects import ProjectOut
from stellary_core.schemas.proposed_actions import ProposedActionOut

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


def _counts(counts: Row) -> str:
    return ", ".join(f"{n} {_words(status)}" for status, n in counts.items())


def _words(camel: str) -> str:
    return "".join(f" {c.lower()}" if c.isupper() else c for c in camel)


def _dashboard(r: Row) -> str:
    lines = [
        f"{r['workspaceName']}  (cycle {r['cycle']}, your pilotage role: {r['role']})",
        f"missions: {_counts(r['missions'])}",
        f"todos: {_counts(r['todos'])}",
        f"proposals: {_counts(r['proposals'])}",
    ]
    priorities = r["activePriorities"]
    lines.append("active priorities: " + ("; ".join(f"{i}. {p['label']}" for i, p in enumerate(priorities, 1)) or "none"))
    lines.append("blocked missions:" + ("" if r["blockedMissions"] else " none"))
    lines.extend(f"  {m['objective']}: {m.get('blockedReason') or '-'}  ({m['id']})" for m in r["blockedMissions"])
    lines.append("waiting on a person:" + ("" if r["pendingProposals"] else " nothing"))
    lines.extend(
        f"  [{p['status']}] {p['actionType']}: {_short(p['explanation'])}  ({p['id']})" for p in r["pendingProposals"]
    )
    overdue = r.get("overdueCards")
    if overdue is None:
        lines.append("overdue cards: not shown (the token cannot read cards)")
    else:
        lines.append("overdue cards: " + (", ".join(f"{p['projectName']} {p['overdue']}" for p in overdue) or "none"))
    return "\n".join(lines)


def _proposal(r: Row) -> str:
    lines = [f"{r['actionType']} ({r['status']}): {r['explanation']}", f"id: {r['id']}"]
    if r.get("payload"):
        lines.append(f"payload: {json.dumps(r['payload'], ensure_ascii=False)}")
    if r.get("reviewReason"):
        lines.append(f"review: {r['reviewReason']}")
    if r.get("result") is not None:
        lines.append(f"result: {json.dumps(r['result'], ensure_ascii=False)}")
    if r.get("error"):
        lines.append(f"last attempt failed: {r['error']}")
    return "\n".join(lines)


def _proposals(rows: Sequence[Row]) -> str:
    return table(
        ["ID", "STATUS", "TYPE", "EXPLANATION"],
        [[r["id"], r["status"], r["actionType"], _short(r["explanation"])] for r in rows],
    )


def _todo(r: Row) -> str:
    links = [f"{kind} {r[f'{kind}Id']}" for kind in ("mission", "priority") if r.get(f"{kind}Id")]
    linked = ", ".join(links)
    return f"Todo {r['id']} ({r['status']}): {r['label']}" + (f"\nlinked to {linked}" if linked else "")


def _decision(r: Row) -> str:
    by = r.get("decidedByName") or r.get("decidedBy") or "-"
    text = f"Decision {r['id']} by {by}, {_day(r['createdAt'])}: {r['title']}"
    return f"{text}\nimpact: {r['impact']}" if r.get("impact") else text


def _documents(rows: Sequence[Row]) -> str:
    return table(
        ["ID", "TYPE", "STATUS", "TITLE"],
        [[r["id"], r["docType"], r["status"], _short(r["title"])] for r in rows],
    )


def _document(r: Row) -> str:
    lines = [
        f"{r['title']}  ({r['docType']}, {r['status']})",
        f"id: {r['id']}   parent: {r.get('parentId') or '-'}   context: {r['contextType']} {r['contextId']}",
    ]
    for step in r.get("history") or []:
        when = str(step["createdAt"])[:16].replace("T", " ")
        notes = f": {step['notes']}" if step.get("notes") else ""
        lines.append(f"{when}  {step['action']} by {step.get('userName') or '-'}{notes}")
    markdown = r.get("contentMarkdown")
    if markdown:
        lines.extend(["", markdown])
    return "\n".join(lines)


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
    CockpitDashboardOut: (_dashboard, None),
    ProposedActionOut: (_proposal, _proposals),
    TodoOut: (_todo, None),
    DecisionOut: (_decision, None),
    DocumentSummaryOut: (None, _documents),
    DocumentOut: (_document, None),
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
