"""The openai provider against a real chat-completions server on 127.0.0.1 that answers from a script."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from stellary_core.ai.openai_provider import OpenAIConfig, OpenAIProvider
from stellary_core.ai.providers import provider_named
from stellary_core.ai.wizard import ProjectBrief, WizardProgress
from stellary_core.config import Settings
from stellary_core.db import Database
from stellary_core.errors import Invalid, ProviderFailed
from stellary_core.tools.catalog import tool_named
from tests.ai.chat_server import Answer, Script, calls, chat_server, completion, says
from tests.ai.missions import Ran, run_mission, tool
from tests.tools.world import World, build_world

TOOLS = ("get_card_details", "move_card")


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


@pytest.fixture
def script() -> Script:
    return Script([])


@pytest.fixture
def base_url(script: Script) -> Iterator[str]:
    with chat_server(script) as url:
        yield url


def provider(base_url: str, **options: Any) -> OpenAIProvider:
    return OpenAIProvider(OpenAIConfig(base_url, "scripted-model", **options))


def mission(db: Database, world: World, base_url: str, prompt: str = "Move it to Done", **options: Any) -> Ran:
    model = provider(base_url, **{k: options.pop(k) for k in ("timeout", "max_steps", "api_key") if k in options})
    try:
        return run_mission(db, world, model, prompt, tools=options.pop("tools", TOOLS), **options)
    finally:
        model.close()


def status(db: Database, world: World) -> str:
    return str(tool(db, world, "get_card_details", card="BILL-1")["status"])


def test_a_model_that_calls_a_tool_then_answers(db: Database, world: World, script: Script, base_url: str) -> None:
    script.answers += [calls(("move_card", {"card": "BILL-1", "column": "Done"})), says("Moved BILL-1 to Done.")]
    ran = mission(db, world, base_url, api_key="sk-local")
    assert ran.outcome.completed and ran.outcome.result == "Moved BILL-1 to Done."
    assert status(db, world) == "done"
    assert [s.kind for s in ran.steps] == ["plan", "tool_call", "result"]
    assert ran.steps[2].outcome is not None and ran.steps[2].outcome.value["status"] == "done"
    first, second = script.requests
    assert script.paths == ["/v1/chat/completions"] * 2
    assert script.headers[0]["authorization"] == "Bearer sk-local"
    assert first["model"] == "scripted-model"
    # The model sees the agent's tools with the MCP input schemas, and the card.
    move = tool_named("move_card")
    assert move is not None
    assert [t["function"]["name"] for t in first["tools"]] == list(TOOLS)
    assert first["tools"][1]["function"]["parameters"] == move.arguments.schema
    assert '"key": "BILL-1"' in first["messages"][1]["content"] and "Move it to Done" in first["messages"][1]["content"]
    # The tool's outcome goes back to the model under the call's id.
    assert second["messages"][-2]["tool_calls"][0]["id"] == "call_0"
    assert second["messages"][-1]["role"] == "tool" and second["messages"][-1]["tool_call_id"] == "call_0"
    assert json.loads(second["messages"][-1]["content"])["status"] == "done"


def test_a_tool_the_agent_may_not_use_fails_the_step_and_the_model_is_told(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [calls(("add_comment", {"card": "BILL-1", "content": "hi"})), says("I could not comment.")]
    ran = mission(db, world, base_url, "Say hi")
    assert ran.errors() == ["add_comment is not one of this agent's tools (get_card_details, move_card)"]
    told = script.requests[1]["messages"][-1]
    assert told["content"] == "Error: add_comment is not one of this agent's tools (get_card_details, move_card)"
    # The model goes on and answers: the mission completes with no comment made.
    assert ran.outcome.completed and ran.outcome.result == "I could not comment."
    assert tool(db, world, "get_card_details", card="BILL-1")["commentCount"] == 0


def test_an_unknown_tool_fails_the_step_and_the_model_may_correct_itself(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [
        calls(("move", {"card": "BILL-1", "to": "Done"})),
        calls(("move_card", {"card": "BILL-1", "column": "Done"})),
        says("Done."),
    ]
    ran = mission(db, world, base_url)
    assert ran.errors() == ["There is no tool named 'move'; this agent's tools are: get_card_details, move_card"]
    assert ran.outcome.completed and status(db, world) == "done"


def test_bad_json_arguments_fail_the_step_cleanly(db: Database, world: World, script: Script, base_url: str) -> None:
    script.answers += [calls(("move_card", '{"card": "BILL-1", "column": Done}')), says("Gave up.")]
    ran = mission(db, world, base_url)
    [error] = ran.errors()
    assert error == 'move_card: arguments are not valid JSON (Expecting value at 29): {"card": "BILL-1", "column": Done}'
    assert script.requests[1]["messages"][-1]["content"].startswith("Error: move_card: arguments are not valid JSON")
    assert ran.outcome.completed and status(db, world) == "todo"


def test_arguments_that_are_json_but_not_an_object_fail_the_step(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [calls(("move_card", '["BILL-1", "Done"]')), says("Gave up.")]
    assert mission(db, world, base_url).errors() == ['move_card: arguments are not a JSON object: ["BILL-1", "Done"]']


def test_an_operations_refusal_reaches_the_model(db: Database, world: World, script: Script, base_url: str) -> None:
    script.answers += [calls(("move_card", {"card": "BILL-1", "column": "Doing"})), says("No such column.")]
    ran = mission(db, world, base_url)
    assert ran.errors()[0].startswith("move_card: Column not found (the columns are 'To Do', 'In Progress', 'Done')")
    assert "Column not found" in script.requests[1]["messages"][-1]["content"]


def test_a_model_that_does_not_answer_in_time_fails_the_mission(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [Answer(body=completion(says("too late")), delay=2.0)]
    ran = mission(db, world, base_url, timeout=0.3)
    assert not ran.outcome.completed
    assert ran.outcome.error == "The model server did not answer within 0.3 s"
    assert ran.steps[-1].kind == "log" and ran.steps[-1].message == ran.outcome.error


def test_an_http_500_fails_the_mission_with_the_servers_words(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [Answer(500, '{"error": {"message": "model not loaded"}}')]
    ran = mission(db, world, base_url)
    assert ran.outcome.error == 'The model server answered HTTP 500: {"error": {"message": "model not loaded"}}'


def test_an_answer_that_is_not_a_chat_completion_fails_the_mission(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [Answer(200, '{"object": "list", "data": []}')]
    ran = mission(db, world, base_url)
    assert ran.outcome.error == 'The model server\'s answer is not a chat completion: {"object": "list", "data": []}'


def test_a_model_that_never_stops_calling_tools_hits_the_step_limit(
    db: Database, world: World, script: Script, base_url: str
) -> None:
    script.answers += [calls(("get_card_details", {"card": "BILL-1"}))] * 3
    ran = mission(db, world, base_url, max_steps=3)
    assert ran.outcome.error == "The model did not finish within 3 steps"
    assert ran.calls() == ["get_card_details"] * 3 and len(script.requests) == 3


def test_a_server_that_is_not_there_fails_the_mission(db: Database, world: World) -> None:
    with chat_server(Script([])) as url:
        pass  # closed: nothing listens on its port any more
    ran = mission(db, world, url)
    assert ran.outcome.error is not None and ran.outcome.error.startswith("The model server could not be reached")


# -- the wizard --------------------------------------------------------------------------

BRIEF = ProjectBrief("Bakery shop", "An online shop for our bakery.", ("We have a Stripe account",))


def test_the_wizards_questions_come_from_the_model_as_json(script: Script, base_url: str) -> None:
    asked = {"questions": [{"id": "payment", "text": "Which payment methods?"}], "readinessScore": 40}
    script.answers += [says(f"```json\n{json.dumps(asked)}\n```")]
    model = provider(base_url)
    found = model.next_round(BRIEF, WizardProgress(rounds=1, answers={"goal": "Sell bread"}, readiness_score=55))
    assert [(q.id, q.text) for q in found.questions] == [("payment", "Which payment methods?")]
    assert found.readiness_score == 55  # never below the readiness the draft reached
    prompt = script.requests[0]["messages"][1]["content"]
    assert "Answer to goal: Sell bread" in prompt and "Context: We have a Stripe account" in prompt
    assert "tools" not in script.requests[0]
    # After four rounds the model is not asked.
    assert model.next_round(BRIEF, WizardProgress(rounds=4, readiness_score=90)).questions == []
    assert len(script.requests) == 1


def test_questions_that_are_not_valid_are_a_clear_failure(script: Script, base_url: str) -> None:
    script.answers += [says('{"questions": [], "readinessScore": 150}'), says("Sure! What is the goal?")]
    model = provider(base_url)
    with pytest.raises(ProviderFailed, match="The model's questions answer is not valid: readinessScore: Input should be less"):
        model.next_round(BRIEF, WizardProgress())
    with pytest.raises(ProviderFailed, match="The model's questions answer is not JSON: Sure! What is the goal?"):
        model.next_round(BRIEF, WizardProgress())


def test_the_roadmap_comes_from_the_model_and_is_validated(script: Script, base_url: str) -> None:
    plan = {"phases": [{"title": "Build", "deliverables": [{"title": "Catalogue", "priority": "high", "dueOffsetDays": 10}]}]}
    script.answers += [says(json.dumps(plan)), says('{"phases": [{"title": "Build", "deliverables": []}]}')]
    model = provider(base_url)
    roadmap = model.roadmap(BRIEF, {"deadline": "6 weeks"})
    assert roadmap.phases[0].deliverables[0].title == "Catalogue" and roadmap.phases[0].deliverables[0].due_offset_days == 10
    with pytest.raises(ProviderFailed, match="roadmap answer is not valid: phases.0.deliverables: List should have at least 1"):
        model.roadmap(BRIEF, {})


def test_the_settings_choose_the_provider(base_url: str, tmp_path: Any) -> None:
    settings = Settings.from_env(tmp_path)
    assert provider_named("rules", settings).name == "rules"
    with pytest.raises(Invalid, match="openai needs STELLARY_AI_BASE_URL and STELLARY_AI_MODEL"):
        provider_named("openai", settings)
    with pytest.raises(Invalid, match="'gpt' is not a provider"):
        provider_named("gpt", settings)


def test_the_environment_configures_the_openai_provider(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any, script: Script, base_url: str
) -> None:
    monkeypatch.setenv("STELLARY_AI_PROVIDER", "OpenAI")
    monkeypatch.setenv("STELLARY_AI_BASE_URL", base_url)
    monkeypatch.setenv("STELLARY_AI_MODEL", "llama3.1")
    monkeypatch.setenv("STELLARY_AI_API_KEY", "sk-env")
    from stellary_core.ai.providers import default_provider

    model = default_provider(Settings.from_env(tmp_path))
    assert isinstance(model, OpenAIProvider)
    script.answers += [says('{"phases": [{"title": "One", "deliverables": [{"title": "A", "dueOffsetDays": 1}]}]}')]
    model.roadmap(BRIEF, {})
    model.close()
    assert script.requests[0]["model"] == "llama3.1" and script.headers[0]["authorization"] == "Bearer sk-env"
