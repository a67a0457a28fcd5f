"""The project wizard as tools, in process: an assistant turns an idea into a board in the personal workspace."""

from __future__ import annotations

from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid, NotFound
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.tools.calls import call_tool
from stellary_core.tools.catalog import tool_named
from tests.tools.world import World, build_world


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def tool(db: Database, actor: Principal, tool_name: str, /, **arguments: object) -> Any:
    found = tool_named(tool_name)
    assert found is not None, tool_name
    return call_tool(OperationRunner(db), actor, found, arguments).value


def test_an_assistant_plans_and_executes_a_project_with_the_wizard_tools(db: Database, world: World) -> None:
    me = world.me
    draft = tool(db, me, "create_project_draft", name="Newsletter", description="- Sign-up form\n- First issue")
    assert draft["stage"] == "framing" and draft["workspaceId"] == world.personal_id
    refined = tool(db, me, "refine_project_draft", draft=draft["id"], answers={"goal": "Monthly news", "audience": "Users"})
    assert refined["roundCount"] == 1 and refined["readinessScore"] > draft["readinessScore"]
    planned = tool(db, me, "generate_roadmap", draft=draft["id"])
    phases = planned["roadmap"]["phases"]
    assert [d["title"] for d in phases[1]["deliverables"]] == ["Sign-up form", "First issue"]
    phases[0]["title"] = "Plan"
    assert tool(db, me, "update_project_draft", draft=draft["id"], roadmap={"phases": phases})["roadmap"]["phases"][0]["title"] == "Plan"
    executed = tool(db, me, "execute_project_draft", draft=draft["id"])
    board = tool(db, me, "get_project_details", project=executed["projectId"])
    assert board["name"] == "Newsletter"
    assert [d["id"] for d in tool(db, me, "list_project_drafts")] == [draft["id"]]
    assert tool(db, me, "get_project_draft", draft=draft["id"])["stage"] == "executed"
    with pytest.raises(Conflict):
        tool(db, me, "execute_project_draft", draft=draft["id"])


def test_the_tools_name_a_bad_answer_and_hide_another_users_draft(db: Database, world: World) -> None:
    draft = tool(db, world.me, "create_project_draft", name="Newsletter")
    with pytest.raises(Invalid) as refused:
        tool(db, world.me, "refine_project_draft", draft=draft["id"], answers={"budget": "0"})
    assert refused.value.message.startswith("answers.budget: is not an open question")
    with pytest.raises(NotFound):
        tool(db, world.eve, "get_project_draft", draft=draft["id"])
    with pytest.raises(NotFound):
        tool(db, world.eve, "get_project_draft", draft=draft["id"], workspaceId=world.personal_id)
