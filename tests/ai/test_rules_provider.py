"""The rules provider's prompts, each on a real database, the board read back through the tools."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from stellary_core import clock
from stellary_core.ai.rules_provider import RulesProvider
from stellary_core.db import Database
from stellary_core.operations import OperationRunner
from stellary_core.tools.catalog import Tool
from tests.ai.missions import Ran, run_mission, tool
from tests.tools.world import World, build_world

TODAY = date(2026, 3, 10)


@pytest.fixture
def world(db: Database) -> World:
    clock.freeze(datetime(2026, 3, 10, 9, 0))
    return build_world(db)


def rules(db: Database, world: World, prompt: str, **options: Any) -> Ran:
    return run_mission(db, world, RulesProvider(), prompt, **options)


def card(db: Database, world: World, key: str = "BILL-1") -> Any:
    return tool(db, world, "get_card_details", card=key)


def completed(ran: Ran) -> str:
    assert ran.outcome.completed, ran.outcome.error
    assert ran.outcome.result is not None
    return ran.outcome.result


def test_move_to_a_column_by_name_in_any_case(db: Database, world: World) -> None:
    ran = rules(db, world, "MOVE TO in progress")
    assert completed(ran) == "Moved BILL-1 to in progress."
    assert card(db, world)["status"] == "in_progress"
    assert ran.calls() == ["move_card"]
    assert [step.kind for step in ran.steps] == ["plan", "tool_call", "result"]
    # Steps as a runner stores and streams them.
    call, result = ran.steps[1].as_json(), ran.steps[2].as_json()
    assert call["tool"] == "move_card" and call["arguments"]["column"] == "in progress"
    assert (result["kind"], result["outcome"], result["value"]["key"]) == ("result", "result", "BILL-1")


def test_set_priority(db: Database, world: World) -> None:
    completed(rules(db, world, "set priority HIGH"))
    assert card(db, world)["priority"] == "high"


@pytest.mark.parametrize(
    ("who", "assignee"), [("me", "me"), ("bob@example.com", "bob"), ("BOB", "bob"), ("Me", "me")]
)
def test_assign_to_me_an_email_or_a_members_name(db: Database, world: World, who: str, assignee: str) -> None:
    completed(rules(db, world, f"assign to {who}"))
    expected = world.me if assignee == "me" else world.bob
    assert card(db, world)["assigneeId"] == expected.user_id


def test_assign_to_a_name_no_member_has_lists_the_members(db: Database, world: World) -> None:
    ran = rules(db, world, "assign to Carol")
    assert not ran.outcome.completed
    assert ran.outcome.error is not None and "No member of this workspace is named 'Carol'" in ran.outcome.error
    assert "Bob (bob@example.com)" in ran.outcome.error
    assert card(db, world)["assigneeId"] is None


def test_assign_to_me_without_a_requester_fails_cleanly(db: Database, world: World) -> None:
    ran = rules(db, world, "assign to me", requester=None)
    assert ran.outcome.error is not None and "needs the person who started the mission" in ran.outcome.error


@pytest.mark.parametrize(
    ("when", "day"),
    [
        ("2026-04-01", date(2026, 4, 1)),
        ("tomorrow", TODAY + timedelta(days=1)),
        ("Next Week", TODAY + timedelta(days=7)),
        ("in 3 days", TODAY + timedelta(days=3)),
        ("in 1 day", TODAY + timedelta(days=1)),
    ],
)
def test_due(db: Database, world: World, when: str, day: date) -> None:
    completed(rules(db, world, f"due {when}"))
    assert card(db, world)["dueDate"].startswith(day.isoformat())


def test_a_day_it_cannot_read_fails_before_anything_runs(db: Database, world: World) -> None:
    ran = rules(db, world, "move to Done; due someday")
    assert ran.outcome.error == (
        "prompt: cannot read the day in 'due someday'; use YYYY-MM-DD, today, tomorrow, next week or in N days"
    )
    assert ran.calls() == [] and card(db, world)["status"] == "todo"


def test_label_by_name_in_any_case(db: Database, world: World) -> None:
    completed(rules(db, world, "label bug"))
    bug = [label["id"] for label in tool(db, world, "list_labels", project="Billing") if label["name"] == "Bug"]
    assert card(db, world)["labelIds"] == bug
    missing = rules(db, world, "label ux")
    assert missing.outcome.error == "label ux: add_label_to_card: Label not found (the project's labels are 'Bug')"


def test_add_checklist(db: Database, world: World) -> None:
    result = completed(rules(db, world, "Add checklist: Draft the CSV, Test with Excel ,  , Ship"))
    assert result.count("to the checklist of BILL-1") == 3
    assert [item["title"] for item in card(db, world)["checklist"]] == ["Draft the CSV", "Test with Excel", "Ship"]


def test_comment_keeps_what_was_written(db: Database, world: World) -> None:
    completed(rules(db, world, "Comment: Shipped in v2.1, thanks Bob!"))
    comments = tool(db, world, "get_card_comments", card="BILL-1")
    assert [c["content"] for c in comments] == ["Shipped in v2.1, thanks Bob!"]


def test_archive(db: Database, world: World) -> None:
    completed(rules(db, world, "archive it"))
    assert card(db, world)["archived"] is True


def test_summarize_reads_the_card_and_its_comments(db: Database, world: World) -> None:
    tool(db, world, "update_card", card="BILL-1", description="Finance wants every invoice of a month in one file.")
    tool(db, world, "add_comment", card="BILL-1", content="Use semicolons for the French Excel")
    tool(db, world, "add_checklist_item", card="BILL-1", title="Columns agreed", done=True)
    tool(db, world, "add_checklist_item", card="BILL-1", title="Export written")
    ran = rules(db, world, "summarize")
    assert ran.calls() == ["get_card_details", "get_card_comments"]
    assert completed(ran).splitlines() == [
        'BILL-1 "Invoice export as CSV": todo, priority medium, unassigned.',
        "Checklist 1/2 done; open: Export written.",
        "Description: Finance wants every invoice of a month in one file.",
        '1 comment; the latest, by Me: "Use semicolons for the French Excel"',
    ]


def test_split_into_cards_of_the_same_column_each_a_child(db: Database, world: World) -> None:
    tool(db, world, "move_card", card="BILL-1", column="In Progress")
    result = completed(rules(db, world, "split into: CSV columns, Date formats"))
    assert result.splitlines() == [
        "Made BILL-3 'CSV columns', a part of BILL-1.",
        "Made BILL-4 'Date formats', a part of BILL-1.",
    ]
    parent = card(db, world)
    for key, title in (("BILL-3", "CSV columns"), ("BILL-4", "Date formats")):
        child = card(db, world, key)
        assert (child["title"], child["columnId"], child["status"]) == (title, parent["columnId"], "in_progress")
    # list_relations is an operation, not a tool: read the relations as the REST server would.
    relations = OperationRunner(db).run("list_relations", world.me, {"card": "BILL-1"})
    assert sorted((r.type, r.target_card.key) for r in relations) == [("parent_of", "BILL-3"), ("parent_of", "BILL-4")]


def test_several_instructions_on_lines_and_semicolons_run_in_order(db: Database, world: World) -> None:
    ran = rules(db, world, "move to Done; comment: shipped\nset priority low")
    assert ran.calls() == ["move_card", "add_comment", "update_card"]
    assert ran.steps[0].message == "1. move to Done\n2. comment: shipped\n3. set priority low"
    done = card(db, world)
    assert (done["status"], done["priority"], done["commentCount"]) == ("done", "low", 1)


def test_triage_an_urgent_old_card(db: Database, world: World) -> None:
    clock.freeze(datetime(2026, 4, 20, 9, 0))  # BILL-1 was made on March 10: 41 days open
    tool(db, world, "update_card", card="BILL-1", description="A customer cannot pay: the export crashes")
    tool(db, world, "add_label_to_card", card="BILL-1", label="Bug")
    ran = rules(db, world, "triage")
    assert ran.calls() == ["get_card_details", "list_labels", "update_card"]
    assert completed(ran) == (
        "Triaged BILL-1: priority high, due 2026-04-23 (its text says crashes, customer; it is labelled bug; "
        "it has been open 41 days)."
    )
    triaged = card(db, world)
    assert (triaged["priority"], triaged["dueDate"][:10]) == ("high", "2026-04-23")


def test_triage_a_minor_card_keeps_its_due_date(db: Database, world: World) -> None:
    tool(db, world, "update_card", card="BILL-2", title="Refund flow: nice to have polish", dueDate="2026-06-01")
    result = completed(rules(db, world, "triage it", card="BILL-2"))
    assert result == "Triaged BILL-2: priority low (its text says nice to have, polish)."
    triaged = card(db, world, "BILL-2")
    assert (triaged["priority"], triaged["dueDate"][:10]) == ("low", "2026-06-01")


def test_a_prompt_it_cannot_read_changes_nothing_and_lists_what_it_understands(db: Database, world: World) -> None:
    ran = rules(db, world, "move to Done; make it pop")
    assert ran.outcome.error == (
        "prompt: cannot read 'make it pop'; the rules provider understands: move to <column>; "
        "set priority <low|medium|high>; assign to <email|name|me>; due <YYYY-MM-DD|tomorrow|next week|in N days>; "
        "label <name>; add checklist: a, b, c; comment: <text>; archive; summarize; split into: a, b, c; triage"
    )
    assert ran.calls() == [] and card(db, world)["status"] == "todo"
    assert rules(db, world, " ; \n").outcome.error is not None


def test_a_tool_outside_the_agents_list_fails_that_step_and_the_mission_there(db: Database, world: World) -> None:
    ran = rules(db, world, "comment: starting; move to Done; set priority high", tools=["add_comment", "update_card"])
    assert ran.outcome.error == "move to Done: move_card is not one of this agent's tools (add_comment, update_card)"
    assert ran.errors() == ["move_card is not one of this agent's tools (add_comment, update_card)"]
    after = card(db, world)
    # The comment before it ran; nothing after it did.
    assert (after["commentCount"], after["status"], after["priority"]) == (1, "todo", "medium")


def test_supervised_writes_are_proposed_and_the_board_waits(db: Database, world: World) -> None:
    proposed: list[tuple[str, dict[str, Any]]] = []

    def propose(write: Tool, arguments: Mapping[str, Any]) -> str:
        proposed.append((write.name, dict(arguments)))
        return f"proposal {len(proposed)}"

    ran = rules(db, world, "move to Done; comment: shipped", propose=propose)
    assert completed(ran) == "Proposed: moved BILL-1 to Done.\nProposed: commented on BILL-1."
    assert [name for name, _ in proposed] == ["move_card", "add_comment"]
    assert proposed[1][1]["content"] == "shipped"
    assert [s.outcome.kind for s in ran.steps if s.outcome is not None] == ["proposed", "proposed"]
    assert card(db, world)["status"] == "todo" and card(db, world)["commentCount"] == 0


def test_a_split_whose_cards_are_proposed_leaves_the_relations_for_later(db: Database, world: World) -> None:
    ran = rules(db, world, "split into: One, Two", propose=lambda write, arguments: "proposed")
    assert ran.calls() == ["get_card_details", "create_card", "create_card"]
    assert completed(ran).startswith("Proposed: create 'One' beside BILL-1")
    assert [s.kind for s in ran.steps].count("log") == 2
