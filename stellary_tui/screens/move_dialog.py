"""The picker that sends a card to another scope or project: project, then scope, then column, each typed ahead.

Every step is a list filtered by what is typed (all the typed words, in any
case, anywhere in the name); ``enter`` takes the highlighted entry, ``↑``/``↓``
change it, ``backspace`` in an empty field goes back a step and ``escape``
cancels. A project with a single scope skips the scope step, so ``web⏎ do⏎``
reaches a column. The workspace's projects, scopes and columns are read once,
as the dialog opens; keys typed meanwhile wait for them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.board import ColumnPlace, ProjectPlace, ScopePlace
from stellary_core.operations.refs import InWorkspace
from stellary_tui.screens.keyed_modal import KeyedModal

PROJECT, SCOPE, COLUMN = 0, 1, 2
Place = ProjectPlace | ScopePlace | ColumnPlace
STEP_NAMES = ("project", "scope", "column")


@dataclass(frozen=True)
class CardPlace:
    """Where a card is, or is to go, by ids."""

    project_id: str
    scope_id: str
    column_id: str


@dataclass(frozen=True)
class MoveTarget:
    """The column chosen, with the names the status line says."""

    project: ProjectPlace
    scope: ScopePlace
    column: ColumnPlace

    @property
    def place(self) -> CardPlace:
        return CardPlace(self.project.id, self.scope.id, self.column.id)

    def path(self, *, within: str | None = None) -> str:
        """"Website › Main › To Do", without the project when it is ``within``."""
        parts = [self.scope.name, self.column.name]
        return " › ".join(parts if self.project.id == within else [self.project.name, *parts])


def matches(name: str, typed: str) -> bool:
    """Whether every typed word is in ``name`` (any case)."""
    lowered = name.casefold()
    return all(word in lowered for word in typed.casefold().split())


class StepInput(Input):
    """The filter field; backspace when it is empty asks to go back a step."""

    class Back(Message):
        pass

    def action_delete_left(self) -> None:
        if not self.value:
            self.post_message(self.Back())
        else:
            super().action_delete_left()


class MoveCardDialog(KeyedModal[MoveTarget | None]):
    """Dismissed with the column chosen (maybe where the card already is), or None when cancelled."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="move.cancel"),
        Binding("down", "step_highlight(1)", "Next", show=False, id="move.next", tooltip="Move picker: the next entry"),
        Binding("up", "step_highlight(-1)", "Previous", show=False, id="move.previous", tooltip="Move picker: the entry before"),
    ]

    def __init__(self, workspace_id: str, card_key: str, card_title: str, here: CardPlace, here_named: str = "") -> None:
        super().__init__()
        self.workspace_id = workspace_id
        self.card_key = card_key
        self.card_title = card_title
        self.here = here
        self.here_named = here_named  # "Demo Project › Main › Backlog", said under the title
        self.projects: list[ProjectPlace] | None = None
        self.step = PROJECT
        self.project: ProjectPlace | None = None
        self.scope: ScopePlace | None = None
        self._shown: list[Place] = []
        # Keys typed before the places are read (``t`` then a quick ``web``) wait for them.
        self.app.typeahead.hold(self)  # type: ignore[attr-defined]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="move-dialog"):
            yield Label(f"Move {self.card_key} “{self.card_title}”", classes="dialog-title", id="move-title")
            if self.here_named:
                yield Label(f"now in {self.here_named}", id="move-here")
            yield Label("Loading…", id="move-path")
            yield StepInput(placeholder="Type to filter projects", id="move-filter", select_on_focus=False)
            yield OptionList(id="move-choices")
            yield Label("enter picks · ↑↓ choose · backspace: back · esc: cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#move-filter", StepInput).focus()
        self.app.run_operation(  # type: ignore[attr-defined]
            "list_move_destinations",
            InWorkspace(workspace_id=self.workspace_id),
            then=self._loaded,
            failed=lambda _error: self.dismiss(None),
        )

    def on_unmount(self) -> None:
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    def _loaded(self, projects: list[ProjectPlace]) -> None:
        # The card's own project first: moving to another scope of it is the common case.
        self.projects = sorted(projects, key=lambda p: p.id != self.here.project_id)
        self._show(PROJECT)
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    # -- steps -----------------------------------------------------------------

    def _show(self, step: int) -> None:
        self.step = step
        field = self.query_one("#move-filter", StepInput)
        field.value = ""
        field.placeholder = f"Type to filter {STEP_NAMES[step]}s"
        path = Text(" › ").join(
            [Text(place.name) for place in (self.project, self.scope)[:step] if place is not None]
            + [Text(f"which {STEP_NAMES[step]}?", style="bold")]
        )
        self.query_one("#move-path", Label).update(path)
        self._refilter("")

    def _places(self) -> list[Place]:
        if self.step == PROJECT:
            return list(self.projects or [])
        if self.step == SCOPE:
            return list(self.project.scopes) if self.project is not None else []
        return list(self.scope.columns) if self.scope is not None else []

    def _is_here(self, place: Place) -> bool:
        return place.id in (self.here.project_id, self.here.scope_id, self.here.column_id)

    def _refilter(self, typed: str) -> None:
        listing = self.query_one("#move-choices", OptionList)
        shown = [place for place in self._places() if matches(place.name, typed)]
        self._shown = shown
        listing.clear_options()
        for place in shown:
            note = "  (here)" if self._is_here(place) else ""
            if isinstance(place, ScopePlace) and not place.columns:
                note += "  (no columns)"
            listing.add_option(Option(f"{place.name}{note}", id=place.id))
        if shown:
            listing.highlighted = 0
        elif self._places():
            listing.add_option(Option(f"No {STEP_NAMES[self.step]} matches “{typed}”", disabled=True))
        else:
            listing.add_option(Option(f"No {STEP_NAMES[self.step]}s here: backspace goes back", disabled=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "move-filter":
            self._refilter(event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        index = self.query_one("#move-choices", OptionList).highlighted
        if index is not None and index < len(self._shown):
            self._take(self._shown[index])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._shown):
            self._take(self._shown[event.option_index])

    def _take(self, place: Place) -> None:
        if isinstance(place, ProjectPlace):
            self.project, self.scope = place, None
            if len(place.scopes) == 1:
                self.scope = place.scopes[0]
                self._show(COLUMN)
            else:
                self._show(SCOPE)
        elif isinstance(place, ScopePlace):
            self.scope = place
            self._show(COLUMN)
        elif self.project is not None and self.scope is not None:
            self.dismiss(MoveTarget(self.project, self.scope, place))

    def on_step_input_back(self, _message: StepInput.Back) -> None:
        if self.step == COLUMN and self.project is not None and len(self.project.scopes) > 1:
            self._show(SCOPE)
        elif self.step != PROJECT:
            self._show(PROJECT)

    def action_step_highlight(self, delta: int) -> None:
        listing = self.query_one("#move-choices", OptionList)
        if delta > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
