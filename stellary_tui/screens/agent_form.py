"""An agent's form: name, slug, mode, provider, rate limits, enabled, and its tools picked from the core's list.

It stays open until the core has saved the agent (settings_dialogs.SettingsForm):
a slug already taken, an unknown provider or a member who is no workspace
admin is told inside it, with what was typed still there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Label, Select, SelectionList

from stellary_core.schemas.agents import DEFAULT_PER_HOUR, DEFAULT_PER_MINUTE, DEFAULT_TOOLS, AgentOut
from stellary_core.tools.catalog import TOOLS
from stellary_tui.screens.settings_dialogs import Change, SettingsForm

MODES = (
    ("supervised: reads run, each write waits for approval", "supervised"),
    ("approval: every write of a mission in one batch to review", "approval"),
    ("autonomous: everything runs", "autonomous"),
)
PROVIDERS = (
    ("rules: offline, plain imperative prompts", "rules"),
    ("openai: an OpenAI-compatible model (STELLARY_AI_*)", "openai"),
    ("external: an assistant connected through stellary mcp", "external"),
)
_SLUG_CUT = re.compile(r"[^a-z0-9]+")


def slug_of(name: str) -> str:
    """A slug suggested from a name ("Release Bot" → release-bot); the person may type another."""
    return _SLUG_CUT.sub("-", name.lower()).strip("-")[:40]


@dataclass(frozen=True)
class AgentValues:
    name: str
    slug: str
    mode: str
    provider: str
    per_minute: str  # as typed; the model reads them
    per_hour: str
    enabled: bool
    tools: list[str] = field(default_factory=list)


class AgentForm(SettingsForm[AgentValues]):
    DEFAULT_CSS = """
    AgentForm #agent-dialog {
        width: 130;
        max-width: 100%;
        height: 44;
        max-height: 100%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    AgentForm #agent-dialog .dialog-title { margin: 1 0 0 0; }
    AgentForm #agent-fields { height: 1fr; }
    AgentForm #agent-left { width: 1fr; height: auto; max-height: 100%; overflow-y: auto; }
    AgentForm #agent-tools { width: 1fr; height: 1fr; margin-left: 2; }
    AgentForm #agent-limits { height: auto; }
    AgentForm #agent-limits Input { width: 1fr; }
    AgentForm Input, AgentForm Select, AgentForm SelectionList { border-title-color: $text-muted; }
    """

    def __init__(self, title: str, build: Callable[[AgentValues], Change | None], *, agent: AgentOut | None = None) -> None:
        super().__init__(build)
        self.title_text = title
        self.agent = agent
        self._slug_typed = agent is not None  # a new agent's slug follows its name until typed into

    def compose(self) -> ComposeResult:
        agent = self.agent
        tools = agent.tools if agent is not None else list(DEFAULT_TOOLS)
        with Vertical(id="agent-dialog"):
            yield Label(self.title_text, classes="dialog-title")
            with Horizontal(id="agent-fields"):
                with Vertical(id="agent-left"):
                    yield Input(value=agent.name if agent else "", placeholder="e.g. Release helper", id="agent-name")
                    yield Input(value=agent.slug if agent else "", placeholder="release-helper", id="agent-slug")
                    yield Select(MODES, value=agent.autonomy_mode if agent else "supervised", allow_blank=False, id="agent-mode")
                    yield Select(PROVIDERS, value=agent.provider if agent else "rules", allow_blank=False, id="agent-provider")
                    with Horizontal(id="agent-limits"):
                        minute = agent.rate_limits.per_minute if agent else DEFAULT_PER_MINUTE
                        hour = agent.rate_limits.per_hour if agent else DEFAULT_PER_HOUR
                        yield Input(value=str(minute), id="agent-per-minute")
                        yield Input(value=str(hour), id="agent-per-hour")
                    yield Checkbox("Enabled: takes missions", value=agent.enabled if agent else True, id="agent-enabled")
                yield SelectionList[str](
                    *[(f"{tool.name}{' (writes)' if tool.writes else ''}", tool.name, tool.name in tools) for tool in TOOLS],
                    id="agent-tools",
                )
            yield Label("", id="form-error", classes="form-error")
            yield Label("tab next field · space picks a tool · ctrl+s save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        titles = {
            "#agent-name": "Name", "#agent-slug": "Slug (unique in the workspace)", "#agent-mode": "Mode",
            "#agent-provider": "Provider", "#agent-per-minute": "Per minute", "#agent-per-hour": "Per hour",
            "#agent-tools": "Tools it may call (space toggles)",
        }  # fmt: skip
        for selector, title in titles.items():
            self.query_one(selector).border_title = title
        self.query_one("#agent-name", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "agent-name" and not self._slug_typed:
            self.query_one("#agent-slug", Input).value = slug_of(event.value)
        elif event.input.id == "agent-slug" and event.input.has_focus:
            self._slug_typed = True

    def values(self) -> AgentValues:
        return AgentValues(
            name=self.query_one("#agent-name", Input).value.strip(),
            slug=self.query_one("#agent-slug", Input).value.strip(),
            mode=str(self.query_one("#agent-mode", Select).value),
            provider=str(self.query_one("#agent-provider", Select).value),
            per_minute=self.query_one("#agent-per-minute", Input).value.strip(),
            per_hour=self.query_one("#agent-per-hour", Input).value.strip(),
            enabled=self.query_one("#agent-enabled", Checkbox).value,
            # In the catalogue's order, as the agent lists them.
            tools=[tool.name for tool in TOOLS if tool.name in self.query_one("#agent-tools", SelectionList).selected],
        )
