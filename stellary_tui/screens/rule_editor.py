"""The rule editor: a rule's name, trigger, conditions and action, all picked by name.

Conditions are one group, "all of" or "any of", of rows: a field (custom fields
by name), an operator that makes sense for it, and a value picked from the
project's columns, labels, members or a field's options, or typed (a title, a
text or number field). A rule saved over REST or MCP may nest groups deeper
than that: the form then shows its conditions read-only, in words, and saves
without them, so the update keeps them exactly as they were (the core updates
only the parts it is sent). Its name, trigger and action stay editable.

The editor stays open until the core has accepted the rule: a refusal (a 400
naming ``conditions.all[1].value`` or ``action.columnId``) is shown under the
form in the form's words (“Condition 2, value”), and nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Input, Label, Select, Static

from stellary_core.errors import StellaryError
from stellary_core.operations.catalog.automations import CreateAutomation, UpdateAutomation
from stellary_core.schemas.automations import AutomationCreateIn, AutomationOut, AutomationUpdateIn
from stellary_tui.human_errors import validation_text
from stellary_tui.rule_words import (
    ACTION_TYPES,
    ACTOR,
    ACTOR_WORDS,
    LISTED,
    PRIORITY_WORDS,
    STATUS_WORDS,
    TRIGGERS,
    UNARY,
    RuleTerms,
    condition_fields,
    conditions_words,
    field_words,
    ops_for,
    trigger_words,
    typed_value,
    value_choices,
    value_words,
)
from stellary_tui.screens.dialogs import ManyChoiceDialog
from stellary_tui.screens.keyed_modal import KeyedModal

MATCHES: tuple[tuple[str, str], ...] = (("all", "all of these hold"), ("any", "any of these holds"))
NESTED_NOTE = (
    "These conditions nest groups deeper than this form edits. They are kept exactly as they are "
    "(change them over the REST API or MCP); the name, trigger and action can be changed here."
)
# The parameter each action takes, and what its picker says.
ACTION_PARAMS: dict[str, tuple[tuple[str, str], ...]] = {
    "move_card": (("columnId", "pick a column"),),
    "set_status": (("status", "pick a status"),),
    "set_priority": (("priority", "pick a priority"),),
    "assign_user": (("userId", "pick a person"),),
    "add_label": (("labelId", "pick a label"),),
    "archive_card": (),
    "notify": (("userId", "pick a person"), ("message", "message")),
}
_ID = re.compile(r"'([0-9a-f]{24})'")
_PART = re.compile(r"(all|any)\[(\d+)\]")


@dataclass
class Condition:
    """One row of the form: ``value`` is None until picked, a list for in / not in, the text as typed for a text box."""

    field: str
    op: str
    value: Any = None


def value_kind(field: str, op: str, terms: RuleTerms) -> str:
    """How a row's value is given: "none" (is empty), "one" or "many" picked, or "text" typed."""
    if op in UNARY:
        return "none"
    if value_choices(field, terms) is None:
        return "text"
    return "many" if op in LISTED else "one"


def flat_conditions(conditions: Mapping[str, Any] | None) -> tuple[str, list[Condition]] | None:
    """The rows of conditions the form can edit (one group of plain conditions); None when they nest deeper."""
    if not conditions:
        return "all", []
    kind = "any" if "any" in conditions else "all"
    rows = []
    for part in conditions.get(kind) or ():
        if not isinstance(part, Mapping) or "all" in part or "any" in part:
            return None
        value = part.get("value")
        if part.get("field") == "labelIds" and part.get("op") in ("eq", "neq"):
            return None  # "exactly these labels" is not offered by the form: keep it rather than change it
        rows.append(Condition(str(part.get("field")), str(part.get("op")), list(value) if isinstance(value, list) else value))
    return kind, rows


def part_words(where: str) -> str:
    """A part of a rule as the core names it (``conditions.all[1].value[0]``), as the form labels it."""
    if where.startswith("conditions"):
        numbers = [str(int(index) + 1) for _kind, index in _PART.findall(where)]
        rest = _PART.sub("", where.removeprefix("conditions")).strip(".")
        detail = {"field": "field", "op": "operator", "value": "value"}.get(rest.split(".")[0].split("[")[0], "")
        if not numbers:
            return "Conditions"
        return f"Condition {'.'.join(numbers)}" + (f", {detail}" if detail else "")
    if where.startswith("action"):
        param = where.removeprefix("action").strip(".")
        said = {"columnId": "column", "userId": "person", "labelId": "label", "type": ""}.get(param, param)
        return f"Then, {said}" if said else "Then"
    return {"name": "Name", "trigger": "When"}.get(where, where)


def rule_error_text(error: StellaryError, terms: RuleTerms) -> str:
    """The core's refusal in the form's words, an id it quotes named (a column deleted meanwhile is still known here)."""
    names = {**terms.columns, **terms.labels, **terms.members}

    def named(text: str) -> str:
        return _ID.sub(lambda m: f"“{names[m.group(1)]}”" if m.group(1) in names else "that one", text)

    if not error.details:
        return named(error.message)
    return "\n".join(f"{part_words(d.field)}: {named(d.message)}" for d in error.details)


class ConditionRow(Horizontal):
    """A condition's field, operator and value pickers, and a button that removes it."""

    DEFAULT_CSS = """
    ConditionRow { height: auto; margin-bottom: 1; }
    ConditionRow .cond-number { width: 4; padding-top: 0; color: $text-muted; }
    ConditionRow .cond-field { width: 24; }
    ConditionRow .cond-op { width: 18; margin-left: 1; }
    ConditionRow .cond-value { width: 1fr; margin-left: 1; }
    ConditionRow .cond-remove { width: 5; min-width: 5; margin-left: 1; }
    """

    class Removed(Message):
        def __init__(self, row: ConditionRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, condition: Condition, terms: RuleTerms, number: int) -> None:
        super().__init__(classes="condition")
        self.condition = condition
        self.terms = terms
        self.number = number

    def compose(self) -> ComposeResult:
        c, terms = self.condition, self.terms
        yield Label(f"{self.number}.", classes="cond-number")
        fields = [(words, name) for name, words in condition_fields(terms)]
        if c.field not in [name for _words, name in fields]:
            fields.append((field_words(c.field, terms), c.field))  # a field deleted since: shown, not dropped
        yield Select(fields, value=c.field, allow_blank=False, compact=True, classes="cond-field")
        ops = [(words, op) for op, words in ops_for(c.field, terms)]
        if c.op not in [op for _words, op in ops]:
            ops.append((c.op.replace("_", " "), c.op))
        yield Select(ops, value=c.op, allow_blank=False, compact=True, classes="cond-op")
        kind = value_kind(c.field, c.op, terms)
        if kind == "one":
            choices = value_choices(c.field, terms) or []
            known = c.value in [value for _words, value in choices]
            yield Select(
                choices, value=c.value if known else Select.NULL, prompt="pick a value", compact=True, classes="cond-value"
            )
        elif kind == "many":
            yield Button(self._many_words(), compact=True, classes="cond-value cond-many")
        elif kind == "text":
            yield Input(
                "" if c.value is None else str(c.value), placeholder="type a value", compact=True, classes="cond-value"
            )
        else:
            yield Label("", classes="cond-value")
        yield Button("✕", compact=True, classes="cond-remove", tooltip="Remove this condition")

    def _many_words(self) -> str:
        values = self.condition.value or []
        if not values:
            return "pick values…"
        return "{" + ", ".join(value_words(self.condition.field, v, self.terms) for v in values) + "}"

    async def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        c, select, value = self.condition, event.select, event.value
        if select.has_class("cond-value"):
            c.value = None if value is Select.NULL else value
            return
        if value is Select.NULL:
            return
        if select.has_class("cond-field") and value != c.field:
            c.field, c.op, c.value = str(value), ops_for(str(value), self.terms)[0][0], None
            await self._rebuilt(".cond-op")
        elif select.has_class("cond-op") and value != c.op:
            before = value_kind(c.field, c.op, self.terms)
            c.op = str(value)
            after = value_kind(c.field, c.op, self.terms)
            if before == after:
                return
            # One value becomes a list of one, and back; a value for "is empty" is dropped.
            if before == "one" and after == "many" and c.value is not None:
                c.value = [c.value]
            elif before == "many" and after == "one" and c.value:
                c.value = c.value[0]
            else:
                c.value = None
            await self._rebuilt(".cond-value" if after != "none" else ".cond-op")

    async def _rebuilt(self, focus: str) -> None:
        await self.recompose()
        self.query_one(focus).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.condition.value = event.value

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.has_class("cond-remove"):
            self.post_message(self.Removed(self))
            return
        choices = value_choices(self.condition.field, self.terms) or []
        title = f"{field_words(self.condition.field, self.terms).capitalize()}: pick any number"

        def picked(values: list[Any] | None) -> None:
            if values is not None:
                self.condition.value = values
                event.button.label = self._many_words()

        self.app.push_screen(ManyChoiceDialog(title, choices, self.condition.value or []), picked)


class ActionPart(Horizontal):
    """The action's type and what it takes: a column, status, priority, person, label, or a person and a message."""

    DEFAULT_CSS = """
    ActionPart { height: auto; }
    ActionPart .action-type { width: 30; }
    ActionPart .action-param { width: 1fr; margin-left: 1; }
    """

    def __init__(self, action: dict[str, Any], terms: RuleTerms) -> None:
        super().__init__(id="action")
        self.action = dict(action)
        self.terms = terms

    def compose(self) -> ComposeResult:
        kind = str(self.action.get("type") or "move_card")
        self.action["type"] = kind
        yield Select([(words, name) for name, words in ACTION_TYPES], value=kind, allow_blank=False, compact=True, classes="action-type")
        for param, prompt in ACTION_PARAMS.get(kind, ()):
            current = self.action.get(param)
            if param == "message":
                yield Input(str(current or ""), placeholder="the message", compact=True, name=param, classes="action-param")
                continue
            choices = self._choices(kind, param)
            known = current in [value for _words, value in choices]
            yield Select(
                choices, value=current if known else Select.NULL, prompt=prompt, compact=True, name=param,
                classes="action-param",
            )

    def _choices(self, kind: str, param: str) -> list[tuple[str, Any]]:
        terms = self.terms
        if param == "columnId":
            return [(words, key) for key, words in terms.columns.items()]
        if param == "labelId":
            return [(words, key) for key, words in terms.labels.items()]
        if param == "status":
            return [(words, key) for key, words in STATUS_WORDS.items()]
        if param == "priority":
            return [(words, key) for key, words in PRIORITY_WORDS.items()]
        people = [(words, key) for key, words in terms.members.items()]
        return [(ACTOR_WORDS, ACTOR), *people] if kind == "assign_user" else people

    async def on_select_changed(self, event: Select.Changed) -> None:
        event.stop()
        value = event.value
        if event.select.has_class("action-type"):
            if value is Select.NULL or value == self.action.get("type"):
                return
            self.action = {"type": str(value)}
            await self.recompose()
            params = self.query(".action-param")
            (params.first() if params else self.query_one(".action-type")).focus()
        elif event.select.name:
            self.action[event.select.name] = None if value is Select.NULL else value

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if event.input.name:
            self.action[event.input.name] = event.value

    def value(self) -> dict[str, Any]:
        """The action as the core takes it; ValueError naming what is still to pick."""
        kind = str(self.action.get("type"))
        built: dict[str, Any] = {"type": kind}
        for param, prompt in ACTION_PARAMS.get(kind, ()):
            given = self.action.get(param)
            if given is None or (isinstance(given, str) and not given.strip()):
                raise ValueError(f"Then: {'type a message' if param == 'message' else prompt}.")
            built[param] = given.strip() if isinstance(given, str) and param == "message" else given
        return built


class RuleEditor(KeyedModal[AutomationOut | None]):
    """A new rule, or one to change; answers the saved rule (None when cancelled)."""

    DEFAULT_CSS = """
    RuleEditor #rule-editor {
        width: 90%;
        max-width: 120;
        height: auto;
        max-height: 100%;
        padding: 0 2;
        border: round $primary;
        background: $panel;
    }
    RuleEditor #rule-title { margin: 1 0 0 0; }
    RuleEditor #rule-form { height: auto; max-height: 1fr; }
    RuleEditor .rule-line { height: auto; margin-bottom: 1; }
    RuleEditor .rule-label { width: 7; text-style: bold; }
    RuleEditor #rule-name { width: 1fr; }
    RuleEditor #rule-trigger { width: 44; }
    RuleEditor #rule-match { width: 24; }
    RuleEditor #conditions { height: auto; padding-left: 7; }
    RuleEditor #add-condition { margin-left: 7; margin-bottom: 1; }
    RuleEditor #nested { padding-left: 7; margin-bottom: 1; }
    RuleEditor #nested-note { color: $text-muted; }
    RuleEditor #form-error { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="rule_editor.cancel"),
        Binding("ctrl+s", "submit", "Save", id="rule_editor.submit"),
        Binding("ctrl+n", "add_condition", "Add condition", id="rule_editor.add_condition"),
    ]

    def __init__(self, workspace_id: str, project_id: str, terms: RuleTerms, rule: AutomationOut | None = None) -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.project_id = project_id
        self.terms = terms
        self.rule = rule
        flat = flat_conditions(rule.conditions if rule else None)
        # Deeper conditions are kept as they are and never sent back (see the module's docstring).
        self.kept = rule.conditions if rule is not None and flat is None else None
        self.match, self.rows = flat if flat is not None else ("all", [])
        self._saving = False

    def compose(self) -> ComposeResult:
        rule = self.rule
        with Vertical(id="rule-editor"):
            title = f"Edit rule · {rule.name}" if rule else "New automation rule"
            yield Label(title, id="rule-title", classes="dialog-title")
            with VerticalScroll(id="rule-form"):
                with Horizontal(classes="rule-line"):
                    yield Label("Name", classes="rule-label")
                    yield Input(
                        rule.name if rule else "", placeholder="e.g. Done cards go low (empty: named after what it does)",
                        compact=True, id="rule-name",
                    )
                with Horizontal(classes="rule-line"):
                    yield Label("When", classes="rule-label")
                    yield Select(
                        [(trigger_words(t), t) for t in TRIGGERS], value=rule.trigger if rule else "task_moved",
                        allow_blank=False, compact=True, id="rule-trigger",
                    )
                if self.kept is not None:
                    with Horizontal(classes="rule-line"):
                        yield Label("If", classes="rule-label")
                        yield Static(conditions_words(self.kept, self.terms), id="nested-summary")
                    yield Static(NESTED_NOTE, id="nested-note", classes="rule-line")
                else:
                    with Horizontal(classes="rule-line"):
                        yield Label("If", classes="rule-label")
                        yield Select(
                            [(words, kind) for kind, words in MATCHES], value=self.match, allow_blank=False,
                            compact=True, id="rule-match",
                        )
                    with Vertical(id="conditions"):
                        for number, condition in enumerate(self.rows, 1):
                            yield ConditionRow(condition, self.terms, number)
                    yield Button("+ Add condition (ctrl+n)", compact=True, id="add-condition")
                with Horizontal(classes="rule-line"):
                    yield Label("Then", classes="rule-label")
                    yield ActionPart(rule.action if rule else {"type": "move_card"}, self.terms)
            yield Label("", id="form-error", classes="form-error")
            yield Label(
                "tab next · ↓ or enter opens a picker · ctrl+n add condition · ctrl+s save · escape cancel",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#rule-name", Input).focus()

    # -- conditions -----------------------------------------------------------

    async def action_add_condition(self) -> None:
        if self.kept is not None:
            self.show_problem("These conditions are kept as they are: change them over the REST API or MCP.")
            return
        condition = Condition("priority", "eq")
        self.rows.append(condition)
        row = ConditionRow(condition, self.terms, len(self.rows))
        await self.query_one("#conditions", Vertical).mount(row)
        row.query_one(".cond-field").focus()
        self.query_one("#rule-form", VerticalScroll).scroll_to_widget(row)

    async def on_condition_row_removed(self, message: ConditionRow.Removed) -> None:
        self.rows.remove(message.row.condition)
        await message.row.remove()
        for number, row in enumerate(self.query(ConditionRow), 1):
            row.number = number
            row.query_one(".cond-number", Label).update(f"{number}.")
        self.query_one("#add-condition", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "add-condition":
            event.stop()
            self.run_worker(self.action_add_condition())

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "rule-match" and event.value is not Select.NULL:
            self.match = str(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()  # enter moves on, as tab does; ctrl+s saves

    # -- saving -----------------------------------------------------------------

    def conditions(self) -> dict[str, Any]:
        """The rows as the core takes them; ValueError naming a row whose value is still to give."""
        built = []
        for number, c in enumerate(self.rows, 1):
            kind = value_kind(c.field, c.op, self.terms)
            if kind == "none":
                built.append({"field": c.field, "op": c.op})
                continue
            value = c.value
            if kind == "text":
                text = "" if value is None else str(value).strip()
                if not text:
                    raise ValueError(f"Condition {number}: type a value.")
                value = typed_value(c.field, text, self.terms)
            elif value is None or value == []:
                raise ValueError(f"Condition {number}: pick a value.")
            built.append({"field": c.field, "op": c.op, "value": value})
        return {self.match: built}

    def payload(self) -> dict[str, Any]:
        name = self.query_one("#rule-name", Input).value.strip()
        if self.rule is not None and not name:
            raise ValueError("Name: cannot be empty.")
        data: dict[str, Any] = {"trigger": self.query_one("#rule-trigger", Select).value}
        if name:
            data["name"] = name
        if self.kept is None:
            data["conditions"] = self.conditions()  # checked in the form's order: the conditions, then the action
        data["action"] = self.query_one(ActionPart).value()
        return data

    def show_problem(self, message: str) -> None:
        self.query_one("#form-error", Label).update(message)

    def action_submit(self) -> None:
        if self._saving:
            return  # ctrl+s pressed twice must not create two rules
        where = {"workspace_id": self.workspace_id, "project": self.project_id}
        try:
            data = self.payload()
            if self.rule is None:
                given: CreateAutomation | UpdateAutomation = CreateAutomation(
                    **where, data=AutomationCreateIn.model_validate(data)
                )
                op = "create_automation"
            else:
                given = UpdateAutomation(**where, rule=self.rule.id, data=AutomationUpdateIn.model_validate(data))
                op = "update_automation"
        except ValueError as problem:
            self.show_problem(validation_text(problem) if isinstance(problem, ValidationError) else str(problem))
            return
        self._saving = True
        self.show_problem("")
        self.app.run_operation(op, given, then=self._saved, failed=self._refused)  # type: ignore[attr-defined]

    def _saved(self, rule: AutomationOut) -> None:
        self.notify(f"Saved the rule “{rule.name}”.")
        self.dismiss(rule)

    def _refused(self, error: StellaryError) -> None:
        self._saving = False
        self.show_problem(rule_error_text(error, self.terms))

    def action_cancel(self) -> None:
        self.dismiss(None)
