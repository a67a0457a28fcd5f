"""The Cockpit (C): a workspace's pilotage on one screen, run from the keyboard.

Missions by status, the active priorities in order, open todos, recent
decisions, active docs and the proposed actions. Every rule (who may do what,
at most 4 active priorities, a blocked mission's reason) is the core's; the
screen asks first only so that a viewer is told at once why a key does
nothing, in place of a refusal after the fact.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Vertical
from textual.widgets import Label

from stellary_core.event_types import DomainEvent
from stellary_core.operations import Operation
from stellary_core.operations.catalog import pilotage as ops
from stellary_core.operations.catalog import pilotage_actions as action_ops
from stellary_core.operations.catalog.views import WorkspaceNode
from stellary_core.schemas.pilotage import (
    DecisionOut,
    DocOut,
    MissionOut,
    MissionUpdateIn,
    PilotageStateOut,
    PriorityOut,
    PriorityUpdateIn,
    TodoOut,
    TodoUpdateIn,
)
from stellary_core.schemas.proposed_actions import ProposedActionOut, ReviewActionIn
from stellary_tui.core import Core
from stellary_tui.screens import cockpit_rows as rows
from stellary_tui.screens.cockpit_commands import CockpitCommands
from stellary_tui.screens.cockpit_edits import FormPlan, edit_form, new_form
from stellary_tui.screens.cockpit_form import Answers, CockpitForm, Line
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import cockpit_changed
from stellary_tui.widgets.row_table import RowTable

# (id, title, columns): the order of the keys 1 to 6.
SECTIONS = (
    ("missions", "Missions", ("Status", "Objective", "Module")),
    ("priorities", "Active priorities", ("#", "Priority", "Module")),
    ("todos", "Open todos", ("Status", "Todo", "Linked to")),
    ("decisions", "Recent decisions", ("Date", "Decision", "Impact", "By")),
    ("docs", "Active docs", ("Title", "Owner", "Source")),
    ("proposals", "Proposed actions", ("Status", "Action", "Result", "Why")),
)
SECTION_IDS = tuple(section for section, _title, _columns in SECTIONS)
OWNER_WORK = "manage the cockpit (missions, priorities, todos, decisions, docs) and apply actions"
PROPOSALS_SHOWN = 30
NONE = "-"  # the choice that unlinks
Loaded = tuple[PilotageStateOut, list[ProposedActionOut]]


def read_cockpit(core: Core, workspace_id: str) -> Loaded:
    """Blocking (a worker's): the state as a weekly review reads it (what is open, plus what was done and
    decided in this cycle), and the newest proposed actions."""
    state = core.run(ops.get_pilotage_state, ops.GetPilotageState(workspace_id=workspace_id, intent="weekly_review"))
    proposals = core.run(
        action_ops.list_proposed_actions, action_ops.ListProposedActions(workspace_id=workspace_id, limit=PROPOSALS_SHOWN)
    )
    return state, proposals


class CockpitScreen(KeyedModal[None]):
    COMMANDS = KeyedModal.COMMANDS | {CockpitCommands}
    DEFAULT_CSS = """
    CockpitScreen #cockpit {
        width: 100%;
        height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    CockpitScreen #cockpit-title { text-style: bold; color: $accent; }
    CockpitScreen #cockpit-role { color: $text-muted; width: 100%; }
    CockpitScreen #cockpit-role.read-only { color: $warning; }
    CockpitScreen #sections {
        grid-size: 2;
        grid-gutter: 0 2;
        grid-rows: auto;
        height: 1fr;
        overflow-y: auto;
    }
    CockpitScreen .section { height: auto; }
    CockpitScreen .section-title { text-style: bold; margin-top: 1; }
    /* Long texts are cut with an ellipsis (cockpit_rows.py); enter shows them whole. */
    CockpitScreen RowTable { height: auto; max-height: 12; scrollbar-size-horizontal: 0; }
    CockpitScreen.-narrow #sections { grid-size: 1; }
    CockpitScreen.-short #cockpit-hint { display: none; }
    CockpitScreen .section:focus-within .section-title { color: $accent; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="cockpit.close"),
        *[
            Binding(str(n), f"section('{section}')", title, show=False, id=f"cockpit.section_{section}")
            for n, (section, title, _columns) in enumerate(SECTIONS, start=1)
        ],
        Binding("n", "new", "New", id="cockpit.new", tooltip="New item in the focused section"),
        Binding("e", "edit", "Edit", id="cockpit.edit", tooltip="Edit the focused item (enter too)"),
        Binding("s", "status", "Status", id="cockpit.status", tooltip="Change a mission's or todo's status"),
        Binding("l", "link", "Link", show=False, id="cockpit.link", tooltip="Link the focused todo to a mission and a priority"),
        Binding("shift+up", "reorder(-1)", "Priority up", show=False, id="cockpit.priority_up", key_display="shift+↑"),
        Binding("shift+down", "reorder(1)", "Priority down", show=False, id="cockpit.priority_down", key_display="shift+↓"),
        Binding("a", "archive", "Archive", show=False, id="cockpit.archive", tooltip="Archive the focused priority"),
        Binding("r", "record_decision", "Decision", id="cockpit.decision", tooltip="Record a decision"),
        Binding("y", "review(True)", "Approve", show=False, id="cockpit.approve", tooltip="Approve the focused proposal"),
        Binding("x", "review(False)", "Reject", show=False, id="cockpit.reject", tooltip="Reject the focused proposal, saying why"),
        Binding("p", "apply", "Apply", show=False, id="cockpit.apply", tooltip="Apply the focused approved proposal"),
        Binding("d,delete", "delete", "Delete", show=False, id="cockpit.delete", tooltip="Delete the focused item"),
    ]

    # One column of sections in a narrow terminal; in a short one the footer and help (?) tell the keys.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]

    def __init__(self, workspace: WorkspaceNode, loaded: Loaded | None = None) -> None:
        """``loaded``: what ``read_cockpit`` read before the screen opened, so its first paint has the data."""
        super().__init__()
        self.workspace = workspace
        self._first = loaded
        self.state: PilotageStateOut | None = None
        self.proposals: list[ProposedActionOut] = []
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown
        self._shown: Loaded | None = None  # the read on screen: a reopen with the same one redraws nothing

    def compose(self) -> ComposeResult:
        with Vertical(id="cockpit"):
            yield Label(f"Cockpit · {self.workspace.name}", id="cockpit-title")
            yield Label("Loading…", id="cockpit-role")
            with Grid(id="sections"):
                for section, title, columns in SECTIONS:
                    with Vertical(classes="section", id=f"section-{section}"):
                        yield Label(title, classes="section-title", id=f"title-{section}")
                        yield RowTable(*columns, id=section)
            yield Label(
                "1-6 section · n new · e edit · s status · l link todo · shift+↑↓ reorder · a archive · "
                "r decision · y approve · x reject · p apply · d delete · escape close",
                classes="dialog-hint",
                id="cockpit-hint",
            )

    def on_mount(self) -> None:
        self.table("missions").focus()
        first, self._first = self._first, None
        if first is None:
            self.reload()
        else:
            self._show(first)

    def table(self, section: str) -> RowTable:
        return self.query_one(f"#{section}", RowTable)

    @property
    def section(self) -> str:
        focused = self.focused
        return focused.id if isinstance(focused, RowTable) and focused.id in SECTION_IDS else "missions"

    @property
    def role(self) -> str:
        return self.state.usage_context.role if self.state is not None else "viewer"

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if cockpit_changed(event, workspace_id=self.workspace.id):
            self.debounced_reload.request()

    def reload(self) -> None:
        workspace_id = self.workspace.id
        self._asked += 1
        asked = self._asked
        self.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: read_cockpit(core, workspace_id), then=lambda loaded: self._loaded(asked, loaded), group="cockpit"
        )

    def _loaded(self, asked: int, loaded: Loaded) -> None:
        # A worker thread cannot be cancelled: an answer older than the latest is stale.
        if self.is_mounted and asked == self._asked:
            self._show(loaded)

    def reopen(self, loaded: Loaded) -> None:
        """Shown again (kept_screens.py) with the latest read; a reload still on its way is older."""
        self._asked += 1
        if not self.is_mounted:  # built ahead and still composing: its first paint shows this read
            self._first = loaded
            return
        if loaded is not self._shown:
            self._show(loaded)

    def _show(self, loaded: Loaded) -> None:
        self._shown = loaded
        state, proposals = loaded
        self.state = state
        self.proposals = [p for p in proposals if p.status != "rejected"]
        missions = self.missions
        priorities = self.priorities
        self._fill("missions", rows.mission_rows(missions))
        self._fill("priorities", rows.priority_rows(priorities))
        links = {m.id: m.objective for m in missions}, {p.id: p.label for p in priorities}
        self._fill("todos", rows.todo_rows(self.todos, *links))
        self._fill("decisions", rows.decision_rows(self.decisions))
        self._fill("docs", rows.doc_rows(self.docs))
        self._fill("proposals", rows.proposal_rows(self.proposals))
        blocked = sum(1 for m in missions if m.status == "blocked")
        self._title("missions", f"Missions · {blocked} blocked" if blocked else "Missions")
        self._title("priorities", f"Active priorities · {len(priorities)} of 4")
        pending = rows.pending_count(self.proposals)
        self._title("proposals", f"Proposed actions · {pending} pending" if pending else "Proposed actions")
        line = self.query_one("#cockpit-role", Label)
        line.update(self._role_line(state))
        line.set_class(self.role == "viewer", "read-only")

    def _fill(self, section: str, found: list[rows.Row]) -> None:
        self.table(section).refill(found)

    def _title(self, section: str, text: str) -> None:
        self.query_one(f"#title-{section}", Label).update(text)

    def _role_line(self, state: PilotageStateOut) -> str:
        role = self.role
        where = f"Cycle {state.cycle} · your pilotage role: {role}"
        if role == "owner":
            return f"{where} · you manage it all and apply approved actions"
        if role == "reviewer":
            return f"{where} · you review proposed actions; owners manage the rest"
        return f"{where} · read-only: reviewers review, owners manage"

    # The state's items, as the standard detail level gives them.
    @property
    def missions(self) -> list[MissionOut]:
        return [m for m in (self.state.missions if self.state else []) if isinstance(m, MissionOut)]

    @property
    def priorities(self) -> list[PriorityOut]:
        return [p for p in (self.state.active_priorities if self.state else []) if isinstance(p, PriorityOut)]

    @property
    def todos(self) -> list[TodoOut]:
        return [t for t in (self.state.todos if self.state else []) if isinstance(t, TodoOut)]

    @property
    def decisions(self) -> list[DecisionOut]:
        return [d for d in (self.state.decisions if self.state else []) if isinstance(d, DecisionOut)]

    @property
    def docs(self) -> list[DocOut]:
        return [d for d in (self.state.active_docs if self.state else []) if isinstance(d, DocOut)]

    def focused_item(self, section: str) -> Any:
        """The item under the cursor of ``section``'s table, or None."""
        key = self.table(section).cursor_key()
        by_section: dict[str, list[Any]] = {
            "missions": self.missions,
            "priorities": self.priorities,
            "todos": self.todos,
            "decisions": self.decisions,
            "docs": self.docs,
            "proposals": self.proposals,
        }
        items = by_section[section]
        return next((item for item in items if item.id == key), None)

    # -- who may -------------------------------------------------------------

    def may(self, need: str, what: str) -> bool:
        """Whether the role allows ``what``; if not, say why (the key would otherwise seem to do nothing)."""
        allowed = self.role == "owner" or (need == "reviewer" and self.role == "reviewer")
        if self.state is not None and not allowed:
            who = "owners" if need == "owner" else "reviewers and owners"
            self.notify(
                f"Only pilotage {who} can {what}; yours in {self.workspace.name} is {self.role}. "
                "A workspace admin can change it: Members (M), tab 2, p.",
                title="Read-only",
                severity="warning",
            )
        return allowed and self.state is not None

    def _run(self, op: Operation[Any, Any], given: BaseModel, done: str | Callable[[Any], str]) -> None:
        def finished(result: object) -> None:
            self.notify(done(result) if callable(done) else done)
            self.reload()

        self.app.run_operation(op, given, then=finished, failed=lambda _error: self.reload())  # type: ignore[attr-defined]

    def _where(self) -> dict[str, str]:
        return {"workspace_id": self.workspace.id}

    # -- actions -------------------------------------------------------------

    def action_section(self, section: str) -> None:
        self.table(section).focus()

    def on_row_table_row_selected(self, event: RowTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_new(self) -> None:
        section = self.section
        if section == "proposals":
            self.notify(
                "Actions are proposed by assistants (MCP propose_action) or over REST (POST …/actions/propose); "
                "here they are reviewed and applied.",
            )
            return
        if section == "decisions":
            self.action_record_decision()
            return
        if not self.may("owner", OWNER_WORK):
            return
        if section == "priorities" and len(self.priorities) >= 4:
            self.notify("Four priorities are active already: archive one first (a).", severity="warning")
            return
        plan = new_form(section, self.workspace.id)
        if plan is not None:
            self._open_form(plan)

    def _open_form(self, plan: FormPlan) -> None:
        def answered(answers: Answers | None) -> None:
            if answers is not None:
                data = plan.data(answers)
                op, given = plan.request(data)
                self._run(op, given, plan.done(data))

        self.app.push_screen(CockpitForm(plan.title, model=plan.model, lines=plan.lines), answered)

    def action_record_decision(self) -> None:
        plan = new_form("decisions", self.workspace.id)
        if plan is not None and self.may("owner", "record decisions"):
            self._open_form(plan)

    def action_edit(self) -> None:
        section = self.section
        item = self.focused_item(section)
        if item is None:
            return
        if section == "proposals":
            self._show_proposal(item)
            return
        plan = edit_form(item, self.workspace.id)
        if plan is not None and self.may("owner", OWNER_WORK):
            self._open_form(plan)

    def _show_proposal(self, action: ProposedActionOut) -> None:
        detail = f"{rows.gist(action)} — {action.explanation} ({rows.result_text(action)})"
        if action.error and action.status == "approved":
            detail += f". Last try failed: {action.error}"
        self.notify(detail, title="Proposed action")

    def action_status(self) -> None:
        section = self.section
        item = self.focused_item(section)
        if section not in ("missions", "todos"):
            self.notify("Missions and todos have a status: 1 or 3 goes to them.", severity="warning")
            return
        if item is None or not self.may("owner", OWNER_WORK):
            return
        where = self._where()
        if isinstance(item, MissionOut):

            def mission_status(status: str | None) -> None:
                if status is None or status == item.status:
                    return
                if status == "blocked":
                    self._ask_blocked_reason(item)
                    return
                data = MissionUpdateIn(status=status)  # type: ignore[arg-type]
                done = f"“{item.objective}” is now {rows.status_word(status).lower()}."
                self._run(ops.update_mission, ops.UpdateMission(**where, mission_id=item.id, data=data), done)

            choices = [(s, word) for s, word in rows.MISSION_STATUSES]
            self.app.push_screen(ChoiceDialog(f"Status of “{item.objective}”", choices), mission_status)
        elif isinstance(item, TodoOut):

            def todo_status(status: str | None) -> None:
                if status is None or status == item.status:
                    return
                data = TodoUpdateIn(status=status)  # type: ignore[arg-type]
                done = f"“{item.label}” is now {rows.status_word(status).lower()}."
                self._run(ops.update_todo, ops.UpdateTodo(**where, todo_id=item.id, data=data), done)

            self.app.push_screen(ChoiceDialog(f"Status of “{item.label}”", list(rows.TODO_STATUSES)), todo_status)

    def _ask_blocked_reason(self, mission: MissionOut) -> None:
        where = self._where()

        def blocked(answers: Answers) -> None:
            data = MissionUpdateIn(status="blocked", blocked_reason=answers["blockedReason"])
            done = f"“{mission.objective}” is blocked."
            self._run(ops.update_mission, ops.UpdateMission(**where, mission_id=mission.id, data=data), done)

        form = CockpitForm(
            f"Why is “{mission.objective}” blocked?",
            model=MissionUpdateIn,
            lines=[Line("blockedReason", "Reason", "what it waits for", mission.blocked_reason or "", required=True)],
            fixed={"status": "blocked"},
        )
        self.app.push_screen(form, lambda answers: blocked(answers) if answers is not None else None)

    def action_link(self) -> None:
        todo = self.focused_item("todos") if self.section == "todos" else None
        if not isinstance(todo, TodoOut):
            self.notify("l links a todo: go to the todos (3) first.", severity="warning")
            return
        if not self.may("owner", OWNER_WORK):
            return
        missions = [(NONE, "— no mission")] + [(m.id, m.objective) for m in self.missions if m.status != "done"]
        priorities = [(NONE, "— no priority")] + [(p.id, p.label) for p in self.priorities]
        where = self._where()

        def with_mission(mission_id: str | None) -> None:
            if mission_id is None:
                return

            def with_priority(priority_id: str | None) -> None:
                if priority_id is None:
                    return
                data = TodoUpdateIn(
                    mission_id=None if mission_id == NONE else mission_id,
                    priority_id=None if priority_id == NONE else priority_id,
                )
                self._run(ops.update_todo, ops.UpdateTodo(**where, todo_id=todo.id, data=data), f"“{todo.label}” linked.")

            self.app.push_screen(ChoiceDialog(f"Priority of “{todo.label}”", priorities), with_priority)

        self.app.push_screen(ChoiceDialog(f"Mission of “{todo.label}”", missions), with_mission)

    def action_reorder(self, step: int) -> None:
        priority = self.focused_item("priorities") if self.section == "priorities" else None
        if not isinstance(priority, PriorityOut):
            self.notify("shift+↑ and shift+↓ reorder priorities: go to them (2) first.", severity="warning")
            return
        if not self.may("owner", "reorder priorities"):
            return
        place = priority.order + step
        if not 0 <= place < len(self.priorities):
            return
        data = PriorityUpdateIn(order=place)
        done = f"“{priority.label}” is priority {place + 1}."
        self._run(ops.update_priority, ops.UpdatePriority(**self._where(), priority_id=priority.id, data=data), done)

    def action_archive(self) -> None:
        priority = self.focused_item("priorities") if self.section == "priorities" else None
        if not isinstance(priority, PriorityOut):
            self.notify("a archives a priority: go to them (2) first.", severity="warning")
            return
        if not self.may("owner", "archive priorities"):
            return
        data = PriorityUpdateIn(status="archived")
        done = f"“{priority.label}” archived."
        self._run(ops.update_priority, ops.UpdatePriority(**self._where(), priority_id=priority.id, data=data), done)

    def action_review(self, approved: bool) -> None:
        action = self.focused_item("proposals") if self.section == "proposals" else None
        if not isinstance(action, ProposedActionOut):
            self.notify("y and x review a proposed action: go to them (6) first.", severity="warning")
            return
        if not self.may("reviewer", "review proposed actions"):
            return
        if action.status != "suggested":
            self.notify(f"This one is {action.status} already.", severity="warning")
            return
        where = self._where()

        def reviewed(answers: Answers | None) -> None:
            if answers is None:
                return
            data = ReviewActionIn(approved=approved, reason=answers["reason"])
            done = "Approved: an owner can apply it (p)." if approved else "Rejected."
            self._run(action_ops.review_action, action_ops.ReviewAction(**where, action_id=action.id, data=data), done)

        verb = "Approve" if approved else "Reject"
        form = CockpitForm(
            f"{verb}: {rows.gist(action)}",
            model=ReviewActionIn,
            lines=[Line("reason", "Reason", "up to 200 characters", required=not approved)],
            hint=action.explanation,
            fixed={"approved": approved},
        )
        self.app.push_screen(form, reviewed)

    def action_apply(self) -> None:
        action = self.focused_item("proposals") if self.section == "proposals" else None
        if not isinstance(action, ProposedActionOut):
            self.notify("p applies an approved action: go to them (6) first.", severity="warning")
            return
        if not self.may("owner", "apply actions"):
            return
        if action.status != "approved":
            need = "approved first (y)" if action.status == "suggested" else action.status + " already"
            self.notify(f"This one is {need}.", severity="warning")
            return
        self._run(
            action_ops.apply_action,
            action_ops.OnAction(**self._where(), action_id=action.id),
            lambda applied: f"Applied: {rows.result_text(applied)}.",
        )

    def action_delete(self) -> None:
        section = self.section
        item = self.focused_item(section)
        if item is None:
            return
        if section == "proposals":
            self.notify("Proposed actions are kept as a record: reject one (x) instead.", severity="warning")
            return
        if not self.may("owner", OWNER_WORK):
            return
        where = self._where()
        plan: tuple[str, Operation[Any, Any], BaseModel]
        if isinstance(item, MissionOut):
            plan = (f"the mission “{item.objective}” (its todos stay, unlinked)", ops.delete_mission, ops.OnMission(**where, mission_id=item.id))
        elif isinstance(item, PriorityOut):
            plan = (f"the priority “{item.label}” (its todos stay, unlinked)", ops.delete_priority, ops.OnPriority(**where, priority_id=item.id))
        elif isinstance(item, TodoOut):
            plan = (f"the todo “{item.label}”", ops.delete_todo, ops.OnTodo(**where, todo_id=item.id))
        elif isinstance(item, DecisionOut):
            plan = (f"the decision “{item.title}”", ops.delete_decision, ops.OnDecision(**where, decision_id=item.id))
        else:
            plan = (f"“{item.title}” from the active docs", ops.delete_active_doc, ops.OnActiveDoc(**where, doc_id=item.id))
        what, op, given = plan

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._run(op, given, f"Deleted {what.split(' (')[0]}.")

        self.app.push_screen(ConfirmDialog(f"Delete {what}?"), confirmed)

    def action_close(self) -> None:
        self.dismiss(None)


def open_cockpit(main: Any) -> None:
    """Open the cockpit of the main screen's current workspace, once its data is read (no empty first frame)."""
    workspace = main.workspace
    if workspace is None:
        main.notify("Open a project first: the cockpit is its workspace's.", severity="warning")
        return
    app = main.app

    def show(loaded: Loaded) -> None:
        if app.screen is main:  # not if something else opened meanwhile
            main.kept.cockpit.show(workspace, lambda: CockpitScreen(workspace, loaded), lambda kept: kept.reopen(loaded))

    ahead = main.read_ahead.cockpit.take(workspace.id)
    if ahead is not None:  # read in the background and still fresh (read_ahead.py)
        show(ahead)
        return
    app.run_with_core(lambda core: read_cockpit(core, workspace.id), then=show, group="cockpit", exclusive=True)


def build_cockpit_ahead(main: Any, workspace_id: str, loaded: Loaded) -> None:
    """Build the cockpit of the main screen's workspace unseen, with its read ahead (kept_screens.py)."""
    workspace = main.workspace
    if workspace is not None and workspace.id == workspace_id:
        main.kept.cockpit.build_ahead(workspace, lambda: CockpitScreen(workspace, loaded))
