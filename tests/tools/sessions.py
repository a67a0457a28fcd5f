"""What the MCP tests do over either transport: call every tool on the seeded world."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from mcp import Client
from mcp.types import CallToolResult

from stellary_core.tools.catalog import TOOLS
from tests.tools.world import World


async def call(client: Client, name: str, arguments: dict[str, Any]) -> Any:
    """A tool's structured result; a tool error fails the test with its message."""
    result = await client.call_tool(name, arguments)
    assert isinstance(result, CallToolResult)
    assert not result.is_error, f"{name}: {result.content}"
    assert result.content and result.content[0].type == "text" and result.content[0].text
    return result.structured_content


async def refusal(client: Client, name: str, arguments: dict[str, Any]) -> str:
    """The message of a tool error (isError), which the call must be."""
    result = await client.call_tool(name, arguments)
    assert isinstance(result, CallToolResult)
    assert result.is_error, f"{name} should have failed: {result.structured_content}"
    text: str = result.content[0].text  # type: ignore[union-attr]
    return text


async def call_every_tool(client: Client, world: World) -> str:
    """Every tool once, checking what each returns; answers the key of the card it made."""
    called: set[str] = set()

    async def run(tool_name: str, /, **arguments: Any) -> Any:  # positional: a tool may take a `name`
        called.add(tool_name)
        return await call(client, tool_name, arguments)

    assert {w["name"] for w in (await run("list_workspaces"))["workspaces"]} == {"Personal", "Eng"}
    assert [p["name"] for p in (await run("list_projects"))["projects"]] == ["Getting Started", "Website", "Website", "Billing"]
    assert (await run("get_project_details", project="billing"))["id"] == world.billing
    assert [c["name"] for c in (await run("list_columns", project="Billing"))["columns"]] == ["To Do", "In Progress", "Done"]
    members = (await run("list_workspace_members", workspaceId=world.team_id))["members"]
    assert {m["email"] for m in members} == {"bob@example.com", "me@example.com"}
    assert [c["key"] for c in (await run("list_cards", project="Billing", query="refund"))["cards"]] == ["BILL-2"]
    hits = (await run("search_cards", text="footer"))["cards"]
    assert [(h["key"], h["projectId"]) for h in hits] == [("WEBS-2", world.team_website)]
    assert (await run("get_card_details", card="bill-1"))["title"] == "Invoice export as CSV"
    made = await run(
        "create_card", project="Billing", column="In Progress", title="Made over MCP", priority="high", dueDate="2026-04-01"
    )
    assert made["status"] == "in_progress" and made["priority"] == "high" and made["dueDate"].startswith("2026-04-01")
    key = made["key"]
    bulk = (await run("create_cards_bulk", project="Billing", cards=[{"title": "Step one"}, {"title": "Step two"}]))["cards"]
    assert [c["title"] for c in bulk] == ["Step one", "Step two"]
    assert (await run("move_card", card=key, column="done"))["status"] == "done"
    assert (await run("update_card", card=key, description="Shipped"))["description"] == "Shipped"
    assert (await run("assign_card", card=key, assignee="bob@example.com"))["assigneeId"] == world.bob.user_id
    assert (await run("add_comment", card=key, content="Done over MCP"))["content"] == "Done over MCP"
    assert [label["name"] for label in (await run("list_labels", project="Billing"))["labels"]] == ["Bug"]
    assert (await run("add_label_to_card", card=key, label="bug"))["labelIds"] != []
    assert "the project's labels are 'Bug'" in await refusal(client, "add_label_to_card", {"card": key, "label": "ux"})
    with_item = await run("add_checklist_item", card=key, title="Write the notes")
    assert [i["title"] for i in with_item["checklist"]] == ["Write the notes"]
    related = await run("create_relation", card=key, targetCardId=bulk[0]["id"], type="parent_of")
    assert (related["type"], related["targetCard"]["title"]) == ("parent_of", "Step one")
    assert [c["content"] for c in (await run("get_card_comments", card=key))["comments"]] == ["Done over MCP"]
    await call_cockpit_tools(run, world)
    await act_as_an_agent(run, client)
    await call_automation_tools(run)
    await call_wizard_tools(run)
    assert called == {tool.name for tool in TOOLS}, "a tool was added: call it here too"
    return str(key)


async def call_automation_tools(run: Callable[..., Awaitable[Any]]) -> None:
    """A rule made, listed, toggled off, and its (empty) traces read, by the project's name."""
    made = await run(
        "create_automation", project="Billing", trigger="task_created", name="Urgent is high",
        conditions={"all": [{"field": "title", "op": "contains", "value": "urgent"}]},
        action={"type": "set_priority", "priority": "high"},
    )
    assert made["enabled"] is True
    assert [r["name"] for r in (await run("list_automations", project="Billing"))["automations"]] == ["Urgent is high"]
    assert (await run("get_automation_traces", project="Billing", rule=made["id"]))["traces"] == []
    assert (await run("toggle_automation", project="Billing", rule=made["id"]))["enabled"] is False


async def call_wizard_tools(run: Callable[..., Awaitable[Any]]) -> None:
    """An idea through the wizard into a project, in the personal workspace (last: it adds a project)."""
    draft = await run("create_project_draft", name="Newsletter", description="- Sign-up form\n- First issue")
    assert draft["stage"] == "framing"
    refined = await run("refine_project_draft", draft=draft["id"], answers={"goal": "Monthly news"})
    assert refined["readinessScore"] > draft["readinessScore"]
    phases = (await run("generate_roadmap", draft=draft["id"]))["roadmap"]["phases"]
    phases[0]["title"] = "Plan"
    updated = await run("update_project_draft", draft=draft["id"], roadmap={"phases": phases})
    assert updated["roadmap"]["phases"][0]["title"] == "Plan"
    assert (await run("execute_project_draft", draft=draft["id"]))["projectId"]
    assert [d["id"] for d in (await run("list_project_drafts"))["drafts"]] == [draft["id"]]
    assert (await run("get_project_draft", draft=draft["id"]))["stage"] == "executed"


async def call_cockpit_tools(run: Callable[..., Awaitable[Any]], world: World) -> None:
    """The pilotage and document tools, in the personal workspace (where Me owns the pilotage) unless named."""
    state = await run("get_pilotage_state", intent="weekly_review", detailLevel="minimal")
    assert state["usageContext"] == {"profile": "pilotage", "role": "owner", "intent": "weekly_review", "detailLevel": "minimal"}
    todo = await run("create_todo", label="Write the release notes")
    assert (await run("update_todo", todoId=todo["id"], status="in_progress"))["status"] == "in_progress"
    assert (await run("record_decision", title="Ship on Fridays", impact="One more release a week"))["decidedByName"] == "Me"
    proposed = await run(
        "propose_action", actionType="move_card", explanation="The notes are written", payload={"cardId": "GS-1", "targetColumn": "Done"}
    )
    pending = (await run("list_pending_proposals"))["proposals"]
    assert [p["id"] for p in pending] == [proposed["id"]]
    board = await run("get_cockpit_dashboard")
    assert board["todos"]["inProgress"] == 1 and board["proposals"]["suggested"] == 1
    assert [p["explanation"] for p in board["pendingProposals"]] == ["The notes are written"]
    team = await run("get_cockpit_dashboard", workspaceId=world.team_id)
    assert team["role"] == "viewer" and team["pendingProposals"] == []
    doc = await run("create_document", title="Release process", docType="reference", content="1. Tag\n2. Publish")
    assert (await run("get_document", document=doc["id"]))["contentMarkdown"].startswith("1. Tag")
    assert (await run("update_document", document=doc["id"], title="How we release"))["status"] == "draft"
    assert [d["title"] for d in (await run("list_documents", text="tag"))["documents"]] == ["How we release"]


async def act_as_an_agent(run: Callable[..., Awaitable[Any]], client: Client) -> None:
    """The agent runtime: take the outsider's missions, propose a write for one, fail the other."""
    started = await run("stellary_init")
    assert [a["slug"] for a in started["agents"]] == ["outsider"] and started["queued"] == 2
    assert "wait_for_mission" in started["instructions"][0] and "proposals" in started["instructions"][0]
    first = (await run("wait_for_mission", agent="outsider", timeoutSeconds=2))["mission"]
    assert (first["prompt"], first["status"], first["card"]["key"]) == ("Say hello on the card", "running", "GS-1")
    assert (await run("get_agent_status", agent="outsider"))["missions"] == {"queued": 1, "running": 1}
    write = {"tool": "add_comment", "arguments": {"card": "GS-1", "content": "Hello from outside"}}
    done = await run("complete_mission", mission=first["id"], result="Proposed a hello", proposals=[write])
    assert done["status"] == "awaiting_approval"
    pending = (await run("list_agent_proposals", agent="outsider"))["proposals"]
    assert [(p["tool"], p["arguments"]["content"]) for p in pending] == [("add_comment", "Hello from outside")]
    second = (await run("get_next_mission", agent="outsider"))["mission"]
    assert second["prompt"] == "Triage it"
    assert (await run("fail_mission", mission=second["id"], error="Not enough to go on"))["status"] == "failed"
    assert (await run("get_next_mission", agent="outsider"))["mission"] is None
    assert "this one is failed" in await refusal(client, "fail_mission", {"mission": second["id"], "error": "again"})
