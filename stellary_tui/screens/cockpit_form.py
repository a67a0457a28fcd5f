"""The cockpit's form: a few lines of text checked with the REST API's own input model before it closes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel, ValidationError
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label

from stellary_tui.human_errors import validation_text
from stellary_tui.screens.dialogs import heading
from stellary_tui.screens.keyed_modal import KeyedModal

Answers = dict[str, str | None]


@dataclass(frozen=True)
class Line:
    """One field: its wire name (``blockedReason``), label, placeholder and starting value."""

    name: str
    label: str
    placeholder: str = ""
    value: str = ""
    required: bool = False


class CockpitForm(KeyedModal[Answers | None]):
    """Lines of text; an empty optional line answers None. Enter goes to the next line, and saves on the last."""

    DEFAULT_CSS = """
    CockpitForm .form-label { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="cockpit_form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="cockpit_form.submit"),
    ]

    def __init__(
        self,
        title: str,
        *,
        model: type[BaseModel],
        lines: Sequence[Line],
        hint: str = "",
        fixed: Mapping[str, object] | None = None,
    ) -> None:
        """``fixed``: what the model needs besides the lines (``approved`` of a review)."""
        super().__init__()
        self.fixed = dict(fixed or {})
        self.title_text = title
        self.model = model
        self.lines = tuple(lines)
        self.hint = hint

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield from heading(self.title_text, self.hint)
            for line in self.lines:
                required = "" if line.required else " (optional)"
                yield Label(f"{line.label}{required}", classes="form-label")
                yield Input(value=line.value, placeholder=line.placeholder, id=f"line-{line.name}")
            yield Label("", id="form-error", classes="form-error")
            yield Label("enter: next line, saves on the last · ctrl+s save · escape cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.inputs[0].focus()

    @property
    def inputs(self) -> list[Input]:
        return [self.query_one(f"#line-{line.name}", Input) for line in self.lines]

    def answers(self) -> Answers:
        return {line.name: (box.value.strip() or None) for line, box in zip(self.lines, self.inputs)}

    def problem(self) -> str | None:
        """The model's own words for what is wrong, or a required line left empty."""
        answers = self.answers()
        for line in self.lines:
            if line.required and answers[line.name] is None:
                return f"{line.label}: cannot be empty"
        try:
            given = {name: value for name, value in answers.items() if value is not None}
            self.model.model_validate({**self.fixed, **given})
        except ValidationError as error:
            return validation_text(error)
        return None

    def action_submit(self) -> None:
        problem = self.problem()
        if problem:
            self.query_one("#form-error", Label).update(problem)
            return
        self.dismiss(self.answers())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        boxes = self.inputs
        index = boxes.index(event.input) if event.input in boxes else len(boxes) - 1
        if index < len(boxes) - 1:
            boxes[index + 1].focus()
        else:
            self.action_submit()

    def action_cancel(self) -> None:
        self.dismiss(None)
