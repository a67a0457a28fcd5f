"""Give a card to an agent: pick one of the workspace's enabled agents, write the prompt, start the mission.

Opened from the board (ctrl+a on the focused card) and from the card editor
(ctrl+g). The mission starts through the ``start_mission`` operation and
runs in this process; its panel (mission_panel.py) opens at once and shows it
live. The dialog stays open until the core has accepted the mission: a
refusal (a rate limit, a disabled agent) shows inside it.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.ai.rules_prompts import UNDERSTOOD
from stellary_core.errors import StellaryError
from stellary_core.operations.catalog import agents as ops
from stellary_core.operations.refs import InWorkspace
from stellary_core.schemas.agents import AgentOut, AgentMissionCreateIn, AgentMissionOut
from stellary_tui.human_errors import error_text
from stellary_tui.screens.dialogs import heading
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.mission_lines import CardLabel
from stellary_tui.screens.mission_panel import MissionPanel

EXAMPLE = "move to Done; comment: shipped"
NO_AGENT = "No agent can take a mission in this workspace yet: G opens Agents, where n creates one."


def agent_choice(agent: AgentOut) -> str:
    return f"{agent.name} · {agent.autonomy_mode} · {agent.provider}"


class StartMissionDialog(KeyedModal[AgentMissionOut | None]):
    """Dismissed with the started mission, or None when cancelled."""

    DEFAULT_CSS = """
    StartMissionDialog #start-dialog {
        width: 96;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        overflow-y: auto;
        padding: 1 2;
        border: round $primary;
        background: $panel;
    }
    StartMissionDialog #agents { height: auto; max-height: 8; margin-top: 1; }
    StartMissionDialog #prompt { margin-top: 1; }
    StartMissionDialog #prompt-help { color: $text-muted; width: 100%; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="start_mission.cancel"),
        Binding("ctrl+s", "submit", "Start", id="start_mission.submit", tooltip="Start the mission"),
    ]

    def __init__(self, workspace_id: str, card: CardLabel, agents: list[AgentOut]) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.card = card
        self.agents = agents
        self._starting = False

    def compose(self) -> ComposeResult:
        with Vertical(id="start-dialog"):
            yield from heading(f"Give {self.card.text} to an agent", "Pick the agent (↑ ↓), write what it should do.")
            yield OptionList(*[Option(agent_choice(a), id=a.id) for a in self.agents], id="agents")
            yield Input(placeholder=f"e.g. {EXAMPLE}", id="prompt")
            yield Label(f"The rules agent understands, separated by ; — {UNDERSTOOD}", id="prompt-help")
            yield Label("", id="form-error", classes="form-error")
            yield Label("tab agent · enter or ctrl+s start · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#agents", OptionList).highlighted = 0
        self.query_one("#agents", OptionList).border_title = "Agent"
        self.query_one("#prompt", Input).border_title = "Prompt"
        self.query_one("#prompt", Input).focus()

    @property
    def agent(self) -> AgentOut:
        index = self.query_one("#agents", OptionList).highlighted
        return self.agents[index if index is not None else 0]

    def action_submit(self) -> None:
        if self._starting:
            return  # enter pressed twice starts one mission
        prompt = self.query_one("#prompt", Input).value.strip()
        if not prompt:
            self.query_one("#form-error", Label).update(f"Prompt: cannot be empty (e.g. {EXAMPLE})")
            return
        agent = self.agent
        self._starting = True
        self.query_one("#form-error", Label).update("")
        given = ops.StartMission(
            workspace_id=self.workspace_id, agent=agent.id, data=AgentMissionCreateIn(card_id=self.card.id, prompt=prompt)
        )
        self.app.run_operation(ops.start_mission, given, then=self.dismiss, failed=self._refused)  # type: ignore[attr-defined]

    def _refused(self, error: StellaryError) -> None:
        self._starting = False
        self.query_one("#form-error", Label).update(error_text(error))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one("#prompt", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


def give_to_agent(screen: Screen[Any], workspace_id: str, card: CardLabel) -> None:
    """Read the workspace's agents, then ask which one and what for; the mission's panel opens once it starts."""
    app: Any = screen.app

    def chosen(agents: list[AgentOut]) -> None:
        enabled = [a for a in agents if a.enabled]
        if not enabled:
            screen.notify(NO_AGENT, severity="warning")
            return
        names = {a.id: a.name for a in enabled}

        def started(mission: AgentMissionOut | None) -> None:
            if mission is not None:
                panel = MissionPanel(
                    workspace_id, mission.id, agent_name=names.get(mission.agent_id, ""), card=card, mission=mission
                )
                app.push_screen(panel)

        app.push_screen(StartMissionDialog(workspace_id, card, enabled), started)

    app.run_operation(ops.list_agents, InWorkspace(workspace_id=workspace_id), then=chosen, group="agents")
