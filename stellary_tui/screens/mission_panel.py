"""A mission's live log: its steps as they come, its status and result, its proposals to approve or reject.

The mission runs in a worker thread of this process; the panel only reads
it, through the ``get_mission`` operation. It reads again when an event of
this mission is committed (a status change, a proposal made or decided) and,
while the mission is queued or running, a few times a second, since its
other steps commit without an event. Closing the panel leaves the mission
running; the Agents screen (G) opens it again.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.timer import Timer
from textual.widgets import DataTable, Label, Static

from stellary_core.errors import NotFound
from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog import agents as ops
from stellary_core.operations.catalog.board import OnCard
from stellary_core.schemas.agents import AgentMissionOut, ProposalOut, ProposalRejectIn
from stellary_core.schemas.board import CardOut
from stellary_tui.core import Core
from stellary_tui.screens import mission_lines as lines
from stellary_tui.screens.cockpit_form import Answers, CockpitForm, Line
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key, refill

POLL = 0.25  # seconds between reads while the mission is queued or running
# Events whose ``data["missionId"]`` names the mission they change.
MISSION_EVENTS = (
    "mission_queued", "mission_started", "mission_awaiting_approval", "mission_ended",
    "agent_proposal_made", "agent_proposal_decided",
)  # fmt: skip
KIND_STYLES = {"status": "bold", "plan": "italic", "tool_call": "cyan", "proposal": "yellow", "log": "dim"}


def read_card(core: Core, workspace_id: str, card_id: str) -> lines.CardLabel:
    """The mission's card by key and title (a card deleted since is named by what is left: nothing)."""
    try:
        card: CardOut = core.run("get_card_details", OnCard(workspace_id=workspace_id, card=card_id))
    except NotFound:
        return lines.CardLabel(card_id, "", "")
    return lines.CardLabel(card.id, card.key, card.title, card.project_id)


def read_mission(core: Core, workspace_id: str, mission_id: str, card: lines.CardLabel | None) -> tuple[AgentMissionOut, lines.CardLabel]:
    mission = core.run(ops.get_mission, ops.OnMission(workspace_id=workspace_id, mission=mission_id))
    return mission, card if card is not None else read_card(core, workspace_id, mission.card_id)


class MissionPanel(KeyedModal[None]):
    DEFAULT_CSS = """
    MissionPanel #mission {
        width: 100%;
        max-width: 150;
        height: 100%;
        max-height: 48;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    MissionPanel #mission-title { margin-top: 1; }
    MissionPanel #mission-prompt, MissionPanel #mission-status, MissionPanel #mission-outcome { width: 100%; }
    MissionPanel #mission-status { text-style: bold; }
    MissionPanel #mission-outcome { color: $text-muted; }
    MissionPanel #mission-outcome.-failed { color: $error; }
    MissionPanel .mission-section { text-style: bold; margin-top: 1; }
    MissionPanel #mission-log { height: 1fr; min-height: 4; border: round $surface-lighten-2; }
    MissionPanel #proposals { height: auto; max-height: 10; }
    /* In a short terminal the footer and the help (?) tell the keys; the log keeps the room. */
    MissionPanel.-short #mission-hint { display: none; }
    MissionPanel.-short .mission-section, MissionPanel.-short #mission-title { margin-top: 0; }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    BINDINGS = [
        Binding("escape", "close", "Close", id="mission.close", tooltip="Close the panel; the mission keeps running"),
        Binding("y", "approve", "Approve", id="mission.approve", tooltip="Approve the highlighted proposal: it runs now"),
        Binding("x", "reject", "Reject", id="mission.reject", tooltip="Reject the highlighted proposal, saying why"),
        Binding("c", "cancel_mission", "Cancel mission", id="mission.cancel", tooltip="Cancel the mission (pending proposals are rejected)"),
    ]

    def __init__(
        self,
        workspace_id: str,
        mission_id: str,
        *,
        agent_name: str = "",
        card: lines.CardLabel | None = None,
        mission: AgentMissionOut | None = None,
    ) -> None:
        """``mission``: as the start answered it, so the first paint has it; ``card`` saves reading the card."""
        super().__init__()
        self.workspace_id = workspace_id
        self.mission_id = mission_id
        self.agent_name = agent_name
        self.card = card
        self.mission: AgentMissionOut | None = mission
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reads asked for; only the answer to the latest is shown
        self._reading = False
        self._poll: Timer | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="mission"):
            yield Label("Mission", id="mission-title", classes="dialog-title")
            yield Label("", id="mission-prompt")
            yield Label("Loading…", id="mission-status")
            yield Label("", id="mission-outcome")
            yield Label("Steps", classes="mission-section")
            with VerticalScroll(id="mission-log"):
                yield Static("", id="mission-steps")
            yield Label("Proposals", classes="mission-section")
            yield KeyedTable(id="proposals", cursor_type="row", zebra_stripes=True)
            yield Label(
                "y approve · x reject with a reason · c cancel the mission · escape close (the mission keeps running)",
                classes="dialog-hint",
                id="mission-hint",
            )

    def on_mount(self) -> None:
        self.table.add_columns("Status", "Proposed action", "Decision")
        self.table.focus()
        self._poll = self.set_interval(POLL, self._tick, pause=True)
        self.reload()  # the card's name, and any step since the start answered
        if self.mission is not None:
            self._show(self.mission)

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#proposals", DataTable)

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if event is None or (event.type in MISSION_EVENTS and event.data.get("missionId") == self.mission_id):
            self.debounced_reload.request()

    def _tick(self) -> None:
        if not self._reading:
            self.reload()

    def reload(self) -> None:
        workspace_id, mission_id, card = self.workspace_id, self.mission_id, self.card
        self._asked += 1
        asked = self._asked
        self._reading = True
        self.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: read_mission(core, workspace_id, mission_id, card),
            then=lambda read: self._loaded(asked, read),
            failed=lambda _error: self._unread(),
            group="mission",
        )

    def _unread(self) -> None:
        self._reading = False
        if self._poll is not None:
            self._poll.pause()  # a mission deleted with its agent: said once, not four times a second

    def _loaded(self, asked: int, read: tuple[AgentMissionOut, lines.CardLabel]) -> None:
        self._reading = False
        if not self.is_mounted or asked != self._asked:
            return
        self.mission, self.card = read
        self._show(self.mission)

    def _show(self, mission: AgentMissionOut) -> None:
        card = self.card
        who = self.agent_name or "Agent"
        on = f" on {card.text}" if card is not None else ""
        self.query_one("#mission-title", Label).update(f"Mission · {who}{on}")
        self.query_one("#mission-prompt", Label).update(Text(f"Prompt: {mission.prompt}"))
        waiting = lines.pending_count(mission.proposals)
        status = f"Status: {lines.status_text(mission.status)}"
        if waiting:
            status += f" · {waiting} proposal{'s' if waiting > 1 else ''} wait{'' if waiting > 1 else 's'} for you"
        self.query_one("#mission-status", Label).update(status)
        outcome = self.query_one("#mission-outcome", Label)
        outcome.set_class(mission.status == "failed", "-failed")
        if mission.error:
            outcome.update(Text(f"Error: {mission.error}"))
        elif mission.result:
            outcome.update(Text("Result: " + " · ".join(mission.result.splitlines())))
        else:
            outcome.update("")
        self._show_steps(mission)
        rows = [
            (p.id, (p.status, lines.proposal_text(p, card), lines.decision_text(p)))
            for p in mission.proposals
        ]
        refill(self.table, rows)
        if self._poll is not None:
            if mission.status in lines.WORKING:
                self._poll.resume()
            else:
                self._poll.pause()

    def _show_steps(self, mission: AgentMissionOut) -> None:
        text = Text()
        for n, (seconds, kind, said) in enumerate(lines.log_lines(mission.steps, mission.created_at, self.card)):
            if n:
                text.append("\n")
            text.append(f"{seconds}  ", style="dim")
            text.append(said, style=KIND_STYLES.get(kind, ""))
        self.query_one("#mission-steps", Static).update(text)
        self.query_one("#mission-log", VerticalScroll).scroll_end(animate=False)

    # -- actions -------------------------------------------------------------

    def _proposal(self) -> ProposalOut | None:
        """The highlighted proposal if it still waits; otherwise says why a key does nothing."""
        key = cursor_key(self.table)
        found = next((p for p in self.mission.proposals if p.id == key), None) if self.mission else None
        if found is None:
            self.notify("No proposal here: the agent proposes its writes as it runs.", severity="warning")
            return None
        if found.status != "pending":
            self.notify(f"This proposal is {found.status} already.", severity="warning")
            return None
        return found

    def action_approve(self) -> None:
        proposal = self._proposal()
        if proposal is None:
            return
        given = ops.OnProposal(workspace_id=self.workspace_id, proposal=proposal.id)
        what = lines.proposal_text(proposal, self.card)
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.approve_proposal, given, then=lambda _done: self._decided(f"Approved: {what}"), failed=lambda _e: self.reload()
        )

    def action_reject(self) -> None:
        proposal = self._proposal()
        if proposal is None:
            return
        what = lines.proposal_text(proposal, self.card)

        def rejected(answers: Answers | None) -> None:
            if answers is None:
                return
            data = ProposalRejectIn(reason=answers["reason"])
            given = ops.RejectProposal(workspace_id=self.workspace_id, proposal=proposal.id, data=data)
            self.app.run_operation(  # type: ignore[attr-defined]
                ops.reject_proposal, given, then=lambda _done: self._decided(f"Rejected: {what}")
            )

        form = CockpitForm(
            f"Reject: {what}",
            model=ProposalRejectIn,
            lines=[Line("reason", "Reason", "why not: the agent's requester reads it", required=True)],
            hint="Nothing runs; the mission completes once every proposal is decided.",
        )
        self.app.push_screen(form, rejected)

    def _decided(self, said: str) -> None:
        self.notify(said)
        self.reload()

    def action_cancel_mission(self) -> None:
        mission = self.mission
        if mission is None:
            return
        if mission.status not in lines.ACTIVE:
            self.notify(f"This mission is {lines.status_text(mission.status)} already.", severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                given = ops.OnMission(workspace_id=self.workspace_id, mission=mission.id)
                self.app.run_operation(  # type: ignore[attr-defined]
                    ops.cancel_mission, given, then=lambda _done: self._decided("Mission cancelled.")
                )

        question = "Cancel this mission? Its pending proposals are rejected; what was approved stays done."
        self.app.push_screen(ConfirmDialog(question, yes="Stop it", title="Cancel the mission?"), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)
