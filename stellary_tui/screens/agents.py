"""The Agents screen (G): a workspace's agents, their modes, tools and rate limits, and their recent missions.

Workspace admins create, edit and delete agents here; anyone sees them and
their missions, and enter on a mission opens its live log (mission_panel.py).
Who may do what is the core's: a member who is no admin is told so in the
form, in the core's words.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label

from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog import agents as ops
from stellary_core.operations.catalog.views import WorkspaceNode
from stellary_core.operations.refs import InWorkspace
from stellary_core.schemas.agents import AgentCreateIn, AgentOut, AgentUpdateIn, MissionSummaryOut
from stellary_core.tools.catalog import tool_named
from stellary_tui.core import Core
from stellary_tui.screens import mission_lines as lines
from stellary_tui.screens.agent_form import AgentForm, AgentValues
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.mission_panel import MissionPanel, read_card
from stellary_tui.screens.settings_dialogs import Change, model_of
from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key, refill

MISSIONS_SHOWN = 15
GIST = 30  # characters of a mission's prompt and result in the table: it fits 100 columns; its panel has them whole
# Events that change what the screen shows: agents, and their missions' statuses.
AGENT_EVENTS = ("agent_", "mission_")
Missions = tuple[str, list[MissionSummaryOut], dict[str, str]]  # (agent id, its missions, card id → key)


def read_missions(core: Core, workspace_id: str, agent_id: str) -> Missions:
    """The agent's newest missions, with their cards' keys."""
    found = core.run(ops.list_missions, ops.ListMissions(workspace_id=workspace_id, agent=agent_id, limit=MISSIONS_SHOWN))
    keys = {card_id: read_card(core, workspace_id, card_id).key for card_id in dict.fromkeys(m.card_id for m in found)}
    return agent_id, found, keys


def tools_text(tools: list[str]) -> str:
    """How many tools, and how many of them write (the form lists them)."""
    writes = sum(1 for name in tools if (tool := tool_named(name)) is not None and tool.writes)
    return f"{len(tools)} ({writes} write)" if tools else "none"


def agent_payload(model: type[AgentCreateIn] | type[AgentUpdateIn], values: AgentValues) -> Any:
    """The form's values as the REST API's own input model: its words for what is wrong."""
    return model_of(
        model,
        {
            "name": values.name, "slug": values.slug, "autonomyMode": values.mode, "provider": values.provider,
            "tools": values.tools, "enabled": values.enabled,
            "rateLimits": {"perMinute": values.per_minute, "perHour": values.per_hour},
        },
    )  # fmt: skip


class AgentsScreen(KeyedModal[None]):
    DEFAULT_CSS = """
    AgentsScreen #agents-box {
        width: 95%;
        max-width: 160;
        height: 90%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    AgentsScreen #agents-title { margin-top: 1; }
    AgentsScreen .agents-note { color: $text-muted; width: 100%; }
    AgentsScreen .agents-section { text-style: bold; margin-top: 1; }
    AgentsScreen #agents { height: auto; max-height: 12; }
    AgentsScreen #missions { height: 1fr; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="agents.close"),
        Binding("n", "new", "New agent", id="agents.new"),
        Binding("e", "edit", "Edit", id="agents.edit", tooltip="Edit the highlighted agent (enter too)"),
        Binding("d,delete", "delete", "Delete", id="agents.delete", tooltip="Delete the highlighted agent and its missions"),
        Binding("o", "toggle_enabled", "On/off", id="agents.toggle", tooltip="Enable or disable the highlighted agent"),
    ]

    def __init__(self, workspace: WorkspaceNode) -> None:
        super().__init__()
        self.workspace = workspace
        self.agents: list[AgentOut] = []
        self.missions: list[MissionSummaryOut] = []
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown
        self._missions_asked = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="agents-box"):
            yield Label(f"Agents · {self.workspace.name}", id="agents-title", classes="dialog-title")
            yield Label(
                "Give a card to an agent with ctrl+a on the board. Supervised agents propose their writes; you approve.",
                classes="agents-note",
            )
            yield KeyedTable(id="agents", cursor_type="row", zebra_stripes=True)
            yield Label("Recent missions", classes="agents-section", id="missions-title")
            yield KeyedTable(id="missions", cursor_type="row", zebra_stripes=True)
            yield Label(
                "n new · e edit · o on/off · d delete · tab missions · enter opens a mission's live log · escape close",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        # The slug is in the form: at 100 columns the table shows what an agent may do, whole.
        self.agent_table.add_columns("Name", "Mode", "Provider", "Tools", "Rate limits", "Enabled")
        self.mission_table.add_columns("Status", "Card", "Prompt", "Result")
        self.agent_table.focus()
        self.reload()

    @property
    def agent_table(self) -> DataTable[Any]:
        return self.query_one("#agents", DataTable)

    @property
    def mission_table(self) -> DataTable[Any]:
        return self.query_one("#missions", DataTable)

    @property
    def current_agent(self) -> AgentOut | None:
        key = cursor_key(self.agent_table)
        return next((a for a in self.agents if a.id == key), None)

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        changed = event is None or (event.workspace_id == self.workspace.id and event.type.startswith(AGENT_EVENTS))
        if changed:
            self.debounced_reload.request()

    def reload(self) -> None:
        self._asked += 1
        asked = self._asked
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.list_agents, InWorkspace(workspace_id=self.workspace.id), then=lambda found: self._loaded(asked, found),
            group="agents",
        )

    def _loaded(self, asked: int, agents: list[AgentOut]) -> None:
        if not self.is_mounted or asked != self._asked:
            return
        self.agents = agents
        rows = [
            (
                a.id,
                (
                    a.name, a.autonomy_mode, a.provider, tools_text(a.tools),
                    f"{a.rate_limits.per_minute}/min · {a.rate_limits.per_hour}/h", "yes" if a.enabled else "no",
                ),
            )
            for a in agents
        ]  # fmt: skip
        refill(self.agent_table, rows)
        if not agents:
            self.agent_table.add_row("No agent yet: n creates one.", "", "", "", "", "")
        self.load_missions()

    def load_missions(self) -> None:
        agent = self.current_agent
        self._missions_asked += 1
        asked = self._missions_asked
        if agent is None:
            self._missions_loaded(asked, ("", [], {}))
            return
        workspace_id = self.workspace.id
        self.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: read_missions(core, workspace_id, agent.id),
            then=lambda found: self._missions_loaded(asked, found),
            group="agent-missions",
        )

    def _missions_loaded(self, asked: int, found: Missions) -> None:
        if not self.is_mounted or asked != self._missions_asked:
            return
        agent_id, missions, keys = found
        self.missions = missions
        agent = next((a for a in self.agents if a.id == agent_id), None)
        title = f"Recent missions of {agent.name}" if agent else "Recent missions"
        self.query_one("#missions-title", Label).update(title)
        rows = [
            (m.id, (lines.status_text(m.status), keys.get(m.card_id) or "—", *lines.mission_gist(m, GIST)))
            for m in missions
        ]
        refill(self.mission_table, rows)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "agents":
            self.load_missions()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "agents":
            self.action_edit()
        elif event.data_table.id == "missions":
            self.open_mission()

    # -- actions -------------------------------------------------------------

    def open_mission(self) -> None:
        key = cursor_key(self.mission_table)
        mission = next((m for m in self.missions if m.id == key), None)
        if mission is None:
            return
        agent = next((a for a in self.agents if a.id == mission.agent_id), None)
        self.app.push_screen(MissionPanel(self.workspace.id, mission.id, agent_name=agent.name if agent else ""))

    def action_new(self) -> None:
        workspace_id = self.workspace.id

        def build(values: AgentValues) -> Change:
            data = agent_payload(AgentCreateIn, values)
            return Change(ops.create_agent, ops.CreateAgent(workspace_id=workspace_id, data=data), f"Agent {values.name} created.")

        self.app.push_screen(AgentForm("New agent", build), lambda _saved: self.reload())

    def action_edit(self) -> None:
        agent = self.current_agent
        if agent is None:
            self.notify("No agent here: n creates one.", severity="warning")
            return
        workspace_id = self.workspace.id

        def build(values: AgentValues) -> Change:
            data = agent_payload(AgentUpdateIn, values)
            given = ops.UpdateAgent(workspace_id=workspace_id, agent=agent.id, data=data)
            return Change(ops.update_agent, given, f"Agent {values.name} saved.")

        self.app.push_screen(AgentForm(f"Agent {agent.name}", build, agent=agent), lambda _saved: self.reload())

    def action_toggle_enabled(self) -> None:
        agent = self.current_agent
        if agent is None:
            return
        data = AgentUpdateIn(enabled=not agent.enabled)
        said = f"{agent.name} {'takes missions again' if data.enabled else 'is disabled: it takes no new mission'}."
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.update_agent, ops.UpdateAgent(workspace_id=self.workspace.id, agent=agent.id, data=data),
            then=lambda _done: self._done(said),
        )

    def action_delete(self) -> None:
        agent = self.current_agent
        if agent is None:
            return
        given = ops.OnAgent(workspace_id=self.workspace.id, agent=agent.id)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.run_operation(  # type: ignore[attr-defined]
                    ops.delete_agent, given, then=lambda _done: self._done(f"Agent {agent.name} deleted.")
                )

        question = f"Delete the agent {agent.name}? Its missions and their proposals go with it."
        self.app.push_screen(ConfirmDialog(question), confirmed)

    def _done(self, said: str) -> None:
        self.notify(said)
        self.reload()

    def action_close(self) -> None:
        self.dismiss(None)


def open_agents(main: Any) -> None:
    """The Agents screen of the main screen's current workspace."""
    if main.workspace is None:
        main.notify("Open a project first: agents belong to its workspace.", severity="warning")
        return
    main.app.push_screen(AgentsScreen(main.workspace))
