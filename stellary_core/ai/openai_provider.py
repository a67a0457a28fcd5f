"""The ``openai`` provider: any OpenAI-compatible chat-completions server with tool calling (Ollama, llama.cpp, vLLM...).

A mission is a loop: the messages and the agent's tools (with the MCP input
schemas) go to the model; each tool call it answers with runs through the
ToolBox and its outcome goes back as a ``tool`` message; the model's first
answer without tool calls is the mission's result.

What fails where:
- a tool call the model got wrong (arguments that are not a JSON object, an
  unknown tool, a tool outside the agent's list, an operation's error) fails
  that step, and the model is told why and continues: it can correct itself,
  and the step limit bounds a model that does not;
- the server failing (timeout, HTTP error, an answer that is not a chat
  completion) fails the step and the mission: there is no answer to go on with.

The wizard asks the model for JSON (questions, a roadmap) and validates it with
the wizard's models; anything else is a ProviderFailed naming what was wrong.
httpx is imported here only, when the provider is built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from stellary_core.ai.provider import MissionContext, MissionOutcome
from stellary_core.ai.steps import Step, StepSink, ToolCallOutcome
from stellary_core.ai.toolbox import ToolBox
from stellary_core.ai.wizard import MAX_ROUNDS, ProjectBrief, Roadmap, WizardProgress, WizardRound
from stellary_core.errors import ProviderFailed
from stellary_core.tools.catalog import Tool

if TYPE_CHECKING:
    import httpx

ModelT = TypeVar("ModelT", bound=BaseModel)

DEFAULT_TIMEOUT = 60.0
DEFAULT_MAX_STEPS = 20
_EXCERPT = 300

MISSION_SYSTEM = (
    "You are an agent working on one card of a Stellary board. Do what the person asks, using only the tools "
    "you are given; the card's key and id are in the card below. A write may come back as proposed: a person "
    "will approve it, so count it as done. When you are finished, answer without calling a tool, in a few "
    "sentences saying what you did."
)
QUESTIONS_SYSTEM = (
    "You help frame a new project. Ask the few questions still needed to plan it. Answer with JSON only: "
    '{"questions": [{"id": "short_id", "text": "the question"}], "readinessScore": 0-100}. '
    "Ask no question already answered; ask none when the project is clear enough to plan."
)
ROADMAP_SYSTEM = (
    "You plan projects. Answer with JSON only: {\"phases\": [{\"title\": ..., \"description\": ..., "
    '"deliverables": [{"title": ..., "description": ..., "priority": "low"|"medium"|"high", '
    '"dueOffsetDays": days from the start}]}]}.'
)


@dataclass(frozen=True)
class OpenAIConfig:
    base_url: str
    model: str
    api_key: str | None = None
    timeout: float = DEFAULT_TIMEOUT
    max_steps: int = DEFAULT_MAX_STEPS


def tool_spec(tool: Tool) -> dict[str, Any]:
    """A tool as chat completions declare it, with the input schema the MCP server publishes for it."""
    return {
        "type": "function",
        "function": {"name": tool.name, "description": tool.description, "parameters": tool.arguments.schema},
    }


def _excerpt(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= _EXCERPT else flat[: _EXCERPT - 1] + "…"


def _tool_message(outcome: ToolCallOutcome) -> str:
    """What the model reads back from a tool call."""
    if outcome.kind == "result":
        return json.dumps(outcome.value, ensure_ascii=False)
    if outcome.kind == "proposed":
        return f"Proposed, waiting for a person's approval: {outcome.text}"
    return f"Error: {outcome.text}"


def _arguments(raw: Any) -> dict[str, Any]:
    """A tool call's arguments: a JSON object, as text (the protocol) or already parsed (some servers)."""
    if isinstance(raw, dict):
        return raw
    if raw is None or raw == "":
        return {}
    if not isinstance(raw, str):
        raise ValueError(f"arguments are a {type(raw).__name__}, not a JSON object")
    try:
        parsed = json.loads(raw)
    except json.JSONDecodeError as error:
        raise ValueError(f"arguments are not valid JSON ({error.msg} at {error.pos}): {_excerpt(raw)}") from None
    if not isinstance(parsed, dict):
        raise ValueError(f"arguments are not a JSON object: {_excerpt(raw)}")
    return parsed


def _json_content(content: str) -> Any:
    """The JSON a model answered, with a Markdown code fence around it or not."""
    fenced = re.fullmatch(r"\s*```(?:json)?\s*(.*?)\s*```\s*", content, re.DOTALL)
    return json.loads(fenced.group(1) if fenced else content)


class OpenAIProvider:
    name = "openai"

    def __init__(self, config: OpenAIConfig) -> None:
        import httpx  # only this provider needs it: the rest of the core loads without

        self.config = config
        headers = {"Authorization": f"Bearer {config.api_key}"} if config.api_key else {}
        self._client = httpx.Client(base_url=config.base_url.rstrip("/") + "/", headers=headers, timeout=config.timeout)

    def close(self) -> None:
        self._client.close()

    # -- the protocol ----------------------------------------------------------------------

    def _chat(self, messages: list[dict[str, Any]], tools: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """The model's message, or ProviderFailed saying what went wrong with the server."""
        import httpx

        body: dict[str, Any] = {"model": self.config.model, "messages": messages}
        if tools:
            body["tools"] = tools
        try:
            response = self._client.post("chat/completions", json=body)
        except httpx.TimeoutException:
            raise ProviderFailed(f"The model server did not answer within {self.config.timeout:g} s") from None
        except httpx.HTTPError as error:
            raise ProviderFailed(f"The model server could not be reached: {error}") from None
        if response.status_code >= 400:
            raise ProviderFailed(f"The model server answered HTTP {response.status_code}: {_excerpt(response.text)}")
        try:
            message = response.json()["choices"][0]["message"]
        except (ValueError, KeyError, IndexError, TypeError):
            raise ProviderFailed(f"The model server's answer is not a chat completion: {_excerpt(response.text)}") from None
        if not isinstance(message, dict):
            raise ProviderFailed(f"The model server's answer is not a chat completion: {_excerpt(response.text)}")
        return message

    # -- missions --------------------------------------------------------------------------

    def run_mission(self, mission: MissionContext, tools: ToolBox, sink: StepSink) -> MissionOutcome:
        specs = [tool_spec(tool) for tool in tools.allowed]
        card = json.dumps(dict(mission.card), ensure_ascii=False)
        asked_by = f"\nAsked by: {mission.requester}" if mission.requester else ""
        messages: list[dict[str, Any]] = [
            {"role": "system", "content": MISSION_SYSTEM},
            {"role": "user", "content": f"The card:\n{card}{asked_by}\n\nThe mission:\n{mission.prompt}"},
        ]
        sink(Step("plan", f"Ask {self.config.model} with {len(specs)} tools: {mission.prompt}"))
        for _ in range(self.config.max_steps):
            try:
                message = self._chat(messages, specs)
            except ProviderFailed as failed:
                sink(Step("log", failed.message))
                return MissionOutcome.failed(failed.message)
            calls = message.get("tool_calls") or []
            if not calls:
                return MissionOutcome.done(str(message.get("content") or "").strip())
            messages.append({"role": "assistant", "content": message.get("content"), "tool_calls": calls})
            if message.get("content"):
                sink(Step("log", str(message["content"])))
            for number, call in enumerate(calls):
                messages.append(self._run_call(call, number, tools, sink))
        stopped = f"The model did not finish within {self.config.max_steps} steps"
        sink(Step("log", stopped))
        return MissionOutcome.failed(stopped)

    def _run_call(self, call: Any, number: int, tools: ToolBox, sink: StepSink) -> dict[str, Any]:
        """Run one tool call the model asked for; answers the ``tool`` message that tells it the outcome."""
        function = call.get("function") if isinstance(call, dict) else None
        call_id = str(call.get("id") or f"call_{number}") if isinstance(call, dict) else f"call_{number}"
        name = str(function.get("name") or "") if isinstance(function, dict) else ""
        raw = function.get("arguments") if isinstance(function, dict) else None
        try:
            arguments = _arguments(raw)
        except ValueError as bad:
            sink(Step("tool_call", f"{name or '?'}(…)", name or None))
            outcome = ToolCallOutcome.error(f"{name or 'the tool call'}: {bad}")
        else:
            sink(Step("tool_call", f"{name}({json.dumps(arguments, ensure_ascii=False)})", name or None, arguments))
            outcome = tools.call(name, arguments)
        sink(Step("result", outcome.text, name or None, outcome=outcome))
        return {"role": "tool", "tool_call_id": call_id, "content": _tool_message(outcome)}

    # -- the wizard ------------------------------------------------------------------------

    def _json_answer(self, system: str, prompt: str, model: type[ModelT], what: str) -> ModelT:
        message = self._chat([{"role": "system", "content": system}, {"role": "user", "content": prompt}])
        content = str(message.get("content") or "")
        try:
            return model.model_validate(_json_content(content))
        except json.JSONDecodeError:
            raise ProviderFailed(f"The model's {what} answer is not JSON: {_excerpt(content)}") from None
        except ValidationError as invalid:
            first = invalid.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the answer"
            raise ProviderFailed(f"The model's {what} answer is not valid: {where}: {first['msg']}") from None

    @staticmethod
    def _brief(brief: ProjectBrief, answers: Mapping[str, str]) -> str:
        lines = [f"Project: {brief.name}", f"Description: {brief.description or '(none)'}"]
        lines += [f"Context: {text}" for text in brief.context]
        lines += [f"Answer to {qid}: {answer}" for qid, answer in answers.items() if answer.strip()]
        return "\n".join(lines)

    def next_round(self, brief: ProjectBrief, progress: WizardProgress) -> WizardRound:
        if progress.rounds >= MAX_ROUNDS:
            return WizardRound(questions=[], readiness_score=progress.readiness_score)
        prompt = f"{self._brief(brief, progress.answers)}\nRounds of questions so far: {progress.rounds} of {MAX_ROUNDS}."
        asked = self._json_answer(QUESTIONS_SYSTEM, prompt, WizardRound, "questions")
        # Readiness never falls back after an answered round, whatever the model says.
        return WizardRound(questions=asked.questions, readiness_score=max(asked.readiness_score, progress.readiness_score))

    def roadmap(self, brief: ProjectBrief, answers: Mapping[str, str]) -> Roadmap:
        return self._json_answer(ROADMAP_SYSTEM, self._brief(brief, answers), Roadmap, "roadmap")
