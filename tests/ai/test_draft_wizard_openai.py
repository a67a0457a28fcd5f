"""The project wizard with STELLARY_AI_PROVIDER=openai, against a scripted chat-completions server on 127.0.0.1."""

from __future__ import annotations

import dataclasses
import json
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from stellary_core.ai.openai_provider import QUESTIONS_SYSTEM, ROADMAP_SYSTEM
from stellary_core.db import Database
from tests.ai.chat_server import Answer, Script, chat_server, completion, says
from tests.conftest import ApiUser

QUESTIONS = {"questions": [{"id": "users", "text": "Who uses it?"}, {"id": "launch", "text": "When?"}], "readinessScore": 30}
ROADMAP = {
    "phases": [
        {"title": "Design", "deliverables": [{"title": "Wireframes", "priority": "high", "dueOffsetDays": 5}]},
        {"title": "Ship", "description": "Out the door", "deliverables": [
            {"title": "Beta", "description": "To ten users", "dueOffsetDays": 20},
            {"title": "Launch", "priority": "low", "dueOffsetDays": 30},
        ]},
    ]
}  # fmt: skip


@pytest.fixture
def script() -> Script:
    return Script([])


@pytest.fixture
def openai(db: Database, script: Script) -> Iterator[str]:
    """The app's settings name the scripted server as an openai provider."""
    with chat_server(script) as url:
        db.settings = dataclasses.replace(db.settings, ai_provider="openai", ai_base_url=url, ai_model="scripted-model")
        yield url


def drafts(user: ApiUser) -> str:
    return f"{user.ws_path}/project-drafts"


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def json_says(value: Any) -> dict[str, Any]:
    return says(json.dumps(value))


def test_the_model_asks_the_questions_and_plans_the_board(alice: ApiUser, script: Script, openai: str) -> None:
    script.answers += [
        json_says(QUESTIONS),
        says("```json\n" + json.dumps({"questions": [], "readinessScore": 90}) + "\n```"),
        json_says(ROADMAP),
    ]
    draft = ok(alice.post(drafts(alice), json={"name": "Tea shop", "description": "Sell tea", "contextDocuments": ["Green only"]}), 201)
    assert draft["provider"] == "openai" and draft["questions"] == QUESTIONS["questions"] and draft["readinessScore"] == 30
    asked = script.requests[0]
    assert asked["model"] == "scripted-model" and asked["messages"][0] == {"role": "system", "content": QUESTIONS_SYSTEM}
    assert "Project: Tea shop" in asked["messages"][1]["content"] and "Context: Green only" in asked["messages"][1]["content"]

    draft = ok(alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {"users": "Tea lovers", "launch": "May"}}))
    assert draft["questions"] == [] and draft["readinessScore"] == 90 and draft["stage"] == "refinement"
    assert "Answer to users: Tea lovers" in script.requests[1]["messages"][1]["content"]
    assert "Rounds of questions so far: 1 of 4" in script.requests[1]["messages"][1]["content"]

    draft = ok(alice.post(f"{drafts(alice)}/{draft['id']}/generate-roadmap"))
    assert script.requests[2]["messages"][0]["content"] == ROADMAP_SYSTEM
    assert draft["stage"] == "roadmap" and [p["title"] for p in draft["roadmap"]["phases"]] == ["Design", "Ship"]

    executed = ok(alice.post(f"{drafts(alice)}/{draft['id']}/execute"))
    assert len(script.requests) == 3  # execute asks nothing
    cards = alice.get(f"{alice.ws_path}/projects/{executed['projectId']}/cards").json()
    assert sorted((c["title"], c["priority"]) for c in cards) == [("Beta", "medium"), ("Launch", "low"), ("Wireframes", "high")]


def test_a_model_server_that_fails_is_a_502_and_nothing_is_stored(alice: ApiUser, script: Script, openai: str) -> None:
    script.answers.append(Answer(500, "out of memory"))
    response = alice.post(drafts(alice), json={"name": "Tea shop"})
    assert response.status_code == 502
    assert response.json() == {
        "statusCode": 502, "message": "The model server answered HTTP 500: out of memory", "error": "Bad Gateway",
    }  # fmt: skip
    assert alice.get(drafts(alice)).json() == []


def test_a_model_answer_that_is_not_json_leaves_the_draft_as_it_was(alice: ApiUser, script: Script, openai: str) -> None:
    script.answers += [json_says(QUESTIONS), says("Sure! Who uses it?")]
    draft = ok(alice.post(drafts(alice), json={"name": "Tea shop"}), 201)
    response = alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {"users": "Tea lovers"}})
    assert response.status_code == 502 and response.json()["message"].startswith("The model's questions answer is not JSON")
    assert ok(alice.get(f"{drafts(alice)}/{draft['id']}")) == draft


def test_a_roadmap_whose_phases_share_a_name_is_refused_as_the_providers_failure(
    alice: ApiUser, script: Script, openai: str
) -> None:
    twice = {"phases": [ROADMAP["phases"][0], {**ROADMAP["phases"][1], "title": "design"}]}
    script.answers += [json_says({"questions": [], "readinessScore": 80}), json_says(twice)]
    draft = ok(alice.post(drafts(alice), json={"name": "Tea shop"}), 201)
    response = alice.post(f"{drafts(alice)}/{draft['id']}/generate-roadmap")
    assert response.status_code == 502
    assert "two phases are named 'design'" in response.json()["message"]
    assert ok(alice.get(f"{drafts(alice)}/{draft['id']}"))["stage"] == "framing"


def test_an_answer_to_no_open_question_is_refused_before_the_model_is_asked(
    alice: ApiUser, script: Script, openai: str
) -> None:
    script.answers.append(json_says(QUESTIONS))
    draft = ok(alice.post(drafts(alice), json={"name": "Tea shop"}), 201)
    response = alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {"budget": "10"}})
    assert response.status_code == 400 and response.json()["message"].startswith("answers.budget:")
    assert len(script.requests) == 1


def test_openai_without_a_model_configured_is_a_clear_502(alice: ApiUser, db: Database) -> None:
    db.settings = dataclasses.replace(db.settings, ai_provider="openai", ai_base_url=None, ai_model=None)
    response = alice.post(drafts(alice), json={"name": "Tea shop"})
    assert response.status_code == 502
    assert response.json()["message"].startswith("The AI provider cannot be used: provider: openai needs STELLARY_AI_BASE_URL")


def _refine_in_background(alice: ApiUser, draft: dict[str, Any], script: Script) -> tuple[threading.Thread, list[Any]]:
    """Refine in a thread and return once the model has been asked (it answers after its delay)."""
    answered: list[Any] = []
    thread = threading.Thread(
        target=lambda: answered.append(alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {"users": "Us"}}))
    )
    thread.start()
    deadline = time.monotonic() + 10
    while len(script.requests) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(script.requests) == 2
    return thread, answered


def test_the_database_takes_writes_while_the_model_thinks(alice: ApiUser, db: Database, script: Script, openai: str) -> None:
    script.answers += [json_says(QUESTIONS), Answer(body=completion({"content": json.dumps(QUESTIONS)}), delay=1.5)]
    draft = ok(alice.post(drafts(alice), json={"name": "Tea shop"}), 201)
    thread, answered = _refine_in_background(alice, draft, script)
    started = time.monotonic()
    try:
        # A writer that gives up after 0.3 s: the refine must not hold the write lock while the model answers.
        with db.session(write=True, busy_timeout_ms=300) as session:
            session.execute(text("UPDATE users SET name = name"))
        assert time.monotonic() - started < 1.0
    finally:
        thread.join(timeout=10)
    assert answered[0].status_code == 200 and answered[0].json()["roundCount"] == 1


def test_a_draft_changed_while_the_model_thinks_is_a_409_and_keeps_the_change(
    alice: ApiUser, script: Script, openai: str
) -> None:
    script.answers += [json_says(QUESTIONS), Answer(body=completion({"content": json.dumps(QUESTIONS)}), delay=1.0)]
    draft = ok(alice.post(drafts(alice), json={"name": "Tea shop"}), 201)
    thread, answered = _refine_in_background(alice, draft, script)
    try:
        ok(alice.patch(f"{drafts(alice)}/{draft['id']}", json={"name": "Coffee shop"}))
    finally:
        thread.join(timeout=10)
    assert answered[0].status_code == 409
    assert answered[0].json()["message"] == "The draft changed while the AI provider was answering; try again"
    now = ok(alice.get(f"{drafts(alice)}/{draft['id']}"))
    assert now["name"] == "Coffee shop" and now["roundCount"] == 0
