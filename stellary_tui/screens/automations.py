"""The Automations screen of a project (``A``): its rules in words, and each rule's traces (``t``).

A row says when the rule runs, what it checks and does ("priority = high and
label in {bug}" → "move to Done"), whether it is on, and when it last ran. Every
change runs an operation (create, update, toggle, delete); the rules themselves
are the core's, and so is their engine. The screen reloads on the typed events
of rules and traces, and of the names it shows (``reload_rules.automations_changed``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import DataTable, Label, Static

from stellary_core.clock import utcnow
from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog.automations import OnRule, RuleTraces
from stellary_core.schemas.automations import AutomationOut, AutomationTraceOut
from stellary_tui.core import Core
from stellary_tui.plurals import count
from stellary_tui.rule_words import RuleTerms, action_words, conditions_words, rule_sentence, trigger_short
from stellary_tui.screens.automation_data import RuleSheet, read_sheet
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import automations_changed, traces_changed
from stellary_tui.screens.rule_editor import RuleEditor
from stellary_tui.time_words import ago
from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key, refill

if TYPE_CHECKING:
    from stellary_tui.screens.main import MainScreen

HINT = "n new · enter or e edit · space on/off · d delete · t traces · escape close"
TRACES_SHOWN = 100
# The error column takes what is left, at most this; the line under the table says the highlighted run's error whole.
TRACE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("At", 19), ("Trigger", 15), ("Card", 30), ("Actor", 16), ("Result", 9), ("Error", 60),
)
COLUMNS = ("On", "Name", "When", "If", "Then", "Last run")
# Columns of a set width; Name, If and Then share what is left, cut with an ellipsis (the line under the
# table says the highlighted rule whole).
FIXED = {"On": 2, "When": 15, "Last run": 17}
SHARES = {"Name": 28, "If": 42, "Then": 30}
PADDING = 2  # a DataTable cell's padding, both sides
WIDE = 120  # from this table width on, the last run says how many runs too (the line under the table always does)


def column_widths(table_width: int) -> dict[str, int]:
    fixed = FIXED if table_width >= WIDE else {**FIXED, "Last run": 10}
    rest = max(36, table_width - sum(fixed.values()) - PADDING * len(COLUMNS) - 1)
    widths = {name: rest * share // 100 for name, share in SHARES.items()}
    return {**fixed, **widths}


def cut(text: str | Text, width: int) -> Text:
    shown = text.copy() if isinstance(text, Text) else Text(text)
    shown.truncate(width, overflow="ellipsis")
    return shown


def open_automations(main: MainScreen) -> None:
    """``A`` on the main screen: the rules of the project on screen."""
    if main.project is None or main.workspace is None:
        main.notify("Open a project first: automations belong to a project.", severity="warning")
        return
    main.app.push_screen(AutomationsScreen(main.workspace.id, main.project.id, main.project.name))


def last_run(rule: AutomationOut, *, runs: bool = True) -> str:
    if rule.last_run_at is None:
        return "never"
    when = ago(rule.last_run_at, utcnow())
    return f"{when} · {count(rule.run_count, 'run')}" if runs else when


class AutomationsScreen(KeyedModal[None]):
    DEFAULT_CSS = """
    AutomationsScreen #automations {
        width: 95%;
        max-width: 170;
        height: 85%;
        max-height: 100%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    AutomationsScreen #automations-title { margin: 1 0 0 0; }
    AutomationsScreen DataTable { height: 1fr; }
    AutomationsScreen #automations-empty { color: $text-muted; }
    AutomationsScreen #rule-detail { height: auto; margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="automations.close"),
        Binding("n", "new", "New rule", id="automations.new"),
        Binding("e", "edit", "Edit", id="automations.edit", tooltip="Edit the highlighted rule (enter too)"),
        Binding("space", "toggle_rule", "On/off", id="automations.toggle", key_display="space", tooltip="Turn the highlighted rule on or off"),
        Binding("d,delete", "delete", "Delete", id="automations.delete", tooltip="Delete the highlighted rule and its traces (asks first)"),
        Binding("t", "traces", "Traces", id="automations.traces", tooltip="The runs of the highlighted rule, newest first"),
    ]

    def __init__(self, workspace_id: str, project_id: str, project_name: str) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.project_id = project_id
        self.project_name = project_name
        self.sheet = RuleSheet([], RuleTerms())
        self.loaded = False
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0  # reloads asked for; only the answer to the latest one is shown

    def compose(self) -> ComposeResult:
        with Vertical(id="automations"):
            yield Label(f"Automations · {self.project_name}", id="automations-title", classes="dialog-title")
            yield KeyedTable(id="rules-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="automations-empty")
            yield Static("", id="rule-detail")
            yield Label(HINT, classes="dialog-hint")

    def on_mount(self) -> None:
        self._widths: dict[str, int] = {}
        self.table.focus()
        self.reload()

    def on_resize(self) -> None:
        if self.loaded:
            self._show()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#rules-table", DataTable)

    @property
    def where(self) -> dict[str, str]:
        return {"workspace_id": self.workspace_id, "project": self.project_id}

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if automations_changed(event, project_id=self.project_id):
            self.debounced_reload.request()

    def reload(self) -> None:
        self._asked += 1
        asked, workspace_id, project_id = self._asked, self.workspace_id, self.project_id

        def read(core: Core) -> RuleSheet:
            return read_sheet(core, workspace_id, project_id)

        self.app.run_with_core(read, then=lambda sheet: self._loaded(asked, sheet), group="automations")  # type: ignore[attr-defined]

    def _loaded(self, asked: int, sheet: RuleSheet) -> None:
        # A worker thread cannot be cancelled: an answer older than the latest is stale.
        if not self.is_mounted or asked != self._asked:
            return
        self.sheet, self.loaded = sheet, True
        self._show()

    def _show(self) -> None:
        sheet, terms, table = self.sheet, self.sheet.terms, self.table
        widths = column_widths(table.size.width or self.size.width)
        keep = cursor_key(table)
        if widths != self._widths:
            table.clear(columns=True)
            for name in COLUMNS:
                table.add_column(name, width=widths[name], key=name)
            self._widths = widths
        cells: dict[str, tuple[str | Text, ...]] = {
            rule.id: (
                Text("●", style="bold green") if rule.enabled else Text("○", style="dim"),
                rule.name,
                trigger_short(rule.trigger),
                conditions_words(rule.conditions, terms),
                action_words(rule.action, terms),
                last_run(rule, runs=widths["Last run"] >= FIXED["Last run"]),
            )
            for rule in sheet.rules
        }
        refill(
            table,
            [
                (rule_id, tuple(cut(cell, widths[name]) for name, cell in zip(COLUMNS, row)))
                for rule_id, row in cells.items()
            ],
        )
        if keep in cells:  # columns remade for a new width: the cursor stays on its rule
            table.move_cursor(row=list(cells).index(keep))
        self.query_one("#automations-empty", Static).update(
            ""
            if sheet.rules
            else "No rules yet: n adds one. A rule acts on a card when something happens to it, "
            "e.g. when a card reaches Done, set its priority to low."
        )
        self._detail()

    def _detail(self) -> None:
        rule = self.rule
        said = Text()
        if rule is not None:
            said.append(f"{rule.name}: ", style="bold")
            said.append(rule_sentence(rule.trigger, rule.conditions, rule.action, self.sheet.terms))
            state = "on" if rule.enabled else "off: space turns it on"
            said.append(f" ({state}; last run: {last_run(rule)})", style="dim")
        self.query_one("#rule-detail", Static).update(said)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._detail()

    @property
    def rule(self) -> AutomationOut | None:
        key = cursor_key(self.table)
        return next((rule for rule in self.sheet.rules if rule.id == key), None)

    def _on_rule(self, rule: AutomationOut) -> OnRule:
        return OnRule(**self.where, rule=rule.id)

    # -- actions -------------------------------------------------------------

    def _no_rule(self) -> None:
        self.notify("No rule here yet: n adds one.", severity="warning", timeout=4)

    def action_new(self) -> None:
        if self.loaded:
            self.app.push_screen(RuleEditor(self.workspace_id, self.project_id, self.sheet.terms), self._edited)

    def action_edit(self) -> None:
        rule = self.rule
        if rule is None:
            self._no_rule()
            return
        self.app.push_screen(RuleEditor(self.workspace_id, self.project_id, self.sheet.terms, rule), self._edited)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def _edited(self, saved: AutomationOut | None) -> None:
        if saved is not None:
            self.reload()
            self.call_after_refresh(self._cursor_on, saved.id)

    def _cursor_on(self, rule_id: str) -> None:
        rows = [rule.id for rule in self.sheet.rules]
        if rule_id in rows:
            self.table.move_cursor(row=rows.index(rule_id))

    def action_toggle_rule(self) -> None:
        rule = self.rule
        if rule is None:
            self._no_rule()
            return

        def toggled(now: AutomationOut) -> None:
            self.notify(f"“{now.name}” is {'on' if now.enabled else 'off'}.")
            self.reload()

        self.app.run_operation("toggle_automation", self._on_rule(rule), then=toggled)  # type: ignore[attr-defined]

    def action_delete(self) -> None:
        rule = self.rule
        if rule is None:
            self._no_rule()
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.app.run_operation(  # type: ignore[attr-defined]
                    "delete_automation", self._on_rule(rule), then=lambda _ok: self._deleted(rule)
                )

        question = f"Delete the rule “{rule.name}” and its {count(rule.run_count, 'trace')}? This cannot be undone."
        self.app.push_screen(ConfirmDialog(question), confirmed)

    def _deleted(self, rule: AutomationOut) -> None:
        self.notify(f"Deleted the rule “{rule.name}”.")
        self.reload()

    def action_traces(self) -> None:
        rule = self.rule
        if rule is None:
            self._no_rule()
            return
        self.app.push_screen(TracesScreen(self.workspace_id, self.project_id, rule, self.sheet.terms))

    def action_close(self) -> None:
        self.dismiss(None)


class TracesScreen(KeyedModal[None]):
    """A rule's runs, newest first; a failed run in the error colour, with its reason."""

    DEFAULT_CSS = """
    TracesScreen #traces {
        width: 95%;
        max-width: 170;
        height: 85%;
        max-height: 100%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    TracesScreen #traces-title { margin: 1 0 0 0; }
    TracesScreen #traces-rule { color: $text-muted; height: auto; margin-bottom: 1; }
    TracesScreen #trace-error { height: auto; margin-top: 1; }
    TracesScreen DataTable { height: 1fr; }
    TracesScreen #traces-empty { color: $text-muted; }
    """

    BINDINGS = [Binding("escape", "close", "Close", id="traces.close")]

    def __init__(self, workspace_id: str, project_id: str, rule: AutomationOut, terms: RuleTerms) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.project_id = project_id
        self.rule = rule
        self.terms = terms
        self.traces: list[AutomationTraceOut] = []
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._asked = 0

    def compose(self) -> ComposeResult:
        rule, terms = self.rule, self.terms
        with Vertical(id="traces"):
            yield Label(f"Traces · {rule.name}", id="traces-title", classes="dialog-title")
            yield Static(rule_sentence(rule.trigger, rule.conditions, rule.action, terms), id="traces-rule")
            yield KeyedTable(id="traces-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="traces-empty")
            yield Static("", id="trace-error", classes="form-error")
            yield Label("newest first · failures in red, with why · escape close", classes="dialog-hint")

    def on_mount(self) -> None:
        table = self.query_one("#traces-table", DataTable)
        for name, width in TRACE_COLUMNS:
            table.add_column(name, width=width, key=name)
        self.query_one("#traces-table", DataTable).focus()
        self.reload()

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if traces_changed(event, rule_id=self.rule.id):
            self.debounced_reload.request()

    def reload(self) -> None:
        self._asked += 1
        asked = self._asked
        given = RuleTraces(workspace_id=self.workspace_id, project=self.project_id, rule=self.rule.id, limit=TRACES_SHOWN)
        self.app.run_operation(  # type: ignore[attr-defined]
            "get_automation_traces", given, then=lambda traces: self._loaded(asked, traces), group="traces"
        )

    def _loaded(self, asked: int, traces: list[AutomationTraceOut]) -> None:
        if not self.is_mounted or asked != self._asked:
            return
        self.traces = traces
        error_style = f"bold {self.app.current_theme.error}"
        rows = []
        for trace in traces:
            failed = trace.result == "failure"
            style = error_style if failed else ""
            key, title = trace.event.get("key"), trace.event.get("title")
            card = " ".join(str(part) for part in (key, title) if part) or ("(a card)" if trace.card_id else "—")
            actor = self.terms.members.get(trace.actor_id or "", "someone") if trace.actor_id else "—"
            cells = (
                f"{trace.at:%Y-%m-%d %H:%M:%S}",
                trigger_short(trace.trigger),
                card,
                actor,
                "✗ failure" if failed else "✓ success",
                trace.error or "",
            )
            rows.append(
                (trace.id, tuple(cut(Text(cell, style=style), width) for cell, (_name, width) in zip(cells, TRACE_COLUMNS)))
            )
        refill(self.query_one("#traces-table", DataTable), rows)
        self.query_one("#traces-empty", Static).update("" if traces else "This rule has not run yet.")
        self._error()

    def _error(self) -> None:
        key = cursor_key(self.query_one("#traces-table", DataTable))
        trace = next((t for t in self.traces if t.id == key), None)
        said = f"Why it failed: {trace.error}" if trace is not None and trace.error else ""
        self.query_one("#trace-error", Static).update(said)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        self._error()

    def action_close(self) -> None:
        self.dismiss(None)
