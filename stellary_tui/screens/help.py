"""The help screen: every key of the app by area, read from the bindings themselves.

Keys are written once, in the ``BINDINGS`` of the app, screens, views and
widgets. An area names the classes whose own bindings it shows; each row is
one binding: its keys (``key_display`` for the first one when the binding
has it, then the others as the footer writes keys) and its tooltip, or else
its description. Notes under an area explain, in words, what keys cannot.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Label, Static, Tree

from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.views.registry import VIEWS, view_class

# The main screen's column keys act on the kanban's focused column: they are shown with the kanban.
COLUMN_BINDINGS = ("main.new_column", "main.rename_column", "main.delete_column", "main.column_left", "main.column_right")
FILTER_NOTE = (
    'The filter (the REST API\'s ?q= too) takes priority:high label:bug assignee:me due:<2026-12-01 '
    'due:overdue status:done column:"In Review" is:archived and words, combined.'
)
AREA_WIDTH = 46  # columns of text an area needs: the widest keys and descriptions fit
MAX_COLUMNS = 3


@dataclass(frozen=True)
class Source:
    """The bindings a class declares in its own body (not inherited), optionally only or except some ids."""

    owner: type[DOMNode]
    only: tuple[str, ...] = ()
    skip: tuple[str, ...] = ()

    def bindings(self) -> list[Binding]:
        found = []
        for item in self.owner.__dict__.get("BINDINGS", []):
            binding = item if isinstance(item, Binding) else Binding(*item)
            if not binding.description or binding.id in self.skip or (self.only and binding.id not in self.only):
                continue
            found.append(binding)
        return found


@dataclass(frozen=True)
class Area:
    title: str
    sources: tuple[Source, ...]
    note: str = ""


@dataclass(frozen=True)
class KeyRow:
    keys: tuple[str, ...]  # as displayed
    text: str
    binding_ids: tuple[str | None, ...]  # the bindings this row stands for (dialogs share "esc Cancel")


@dataclass(frozen=True)
class Section:
    title: str
    rows: tuple[KeyRow, ...]
    note: str

    @property
    def height(self) -> int:
        """Lines it takes in a column of ``AREA_WIDTH`` (title, rows, note, a blank line)."""
        note_lines = -(-len(self.note) // (AREA_WIDTH - 2)) if self.note else 0
        return 2 + len(self.rows) + note_lines


def areas() -> tuple[Area, ...]:
    """Where each binding is explained, in the order the help shows them."""
    from stellary_tui.app import StellaryApp
    from stellary_tui.screens.api_tokens import ApiTokensScreen, TokenCreateDialog
    from stellary_tui.screens.automations import AutomationsScreen, TracesScreen
    from stellary_tui.screens.card_editor import CardEditor
    from stellary_tui.screens.column_dialog import ColumnDialog
    from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, ManyChoiceDialog, PromptDialog
    from stellary_tui.screens.document_dialogs import NewDocumentDialog, ReviewDialog
    from stellary_tui.screens.documents import DocumentsScreen
    from stellary_tui.screens.field_options import FieldOptionsDialog
    from stellary_tui.screens.first_run import FirstRunScreen
    from stellary_tui.screens.form_dialogs import EmailRoleDialog
    from stellary_tui.screens.main_frame import MainFrame  # the main screen's keys are written on its frame
    from stellary_tui.screens.members import MembersScreen
    from stellary_tui.screens.move_dialog import MoveCardDialog
    from stellary_tui.screens.notifications import NotificationsScreen
    from stellary_tui.screens.agent_form import AgentForm
    from stellary_tui.screens.agents import AgentsScreen
    from stellary_tui.screens.mission_panel import MissionPanel
    from stellary_tui.widgets.row_table import RowTable
    from stellary_tui.screens.mission_start import StartMissionDialog
    from stellary_tui.screens.cockpit import CockpitScreen
    from stellary_tui.screens.cockpit_form import CockpitForm
    from stellary_tui.screens.project_settings import ProjectSettingsScreen
    from stellary_tui.screens.rule_editor import RuleEditor
    from stellary_tui.screens.secret_dialog import SecretDialog
    from stellary_tui.screens.settings_dialogs import SettingsForm
    from stellary_tui.screens.wizard import WizardScreen
    from stellary_tui.screens.wizard_dialogs import DraftsDialog, OutlineForm
    from stellary_tui.widgets.card_attachments import AttachmentsPane
    from stellary_tui.widgets.card_comments import CommentBox, CommentsPane
    from stellary_tui.widgets.card_relations import RelationsPane
    from stellary_tui.widgets.checklist_editor import ChecklistEditor
    from stellary_tui.widgets.document_tree import DocumentTree
    from stellary_tui.widgets.list_title_editor import ListTitleEditor
    from stellary_tui.widgets.navigator import Navigator

    extra: dict[str, tuple[Source, ...]] = {
        "kanban": (Source(MainFrame, only=COLUMN_BINDINGS),),
        "list": (Source(ListTitleEditor),),
    }
    views = []
    for spec in VIEWS:
        cls = view_class(spec)
        if cls is not None:
            note: str = getattr(importlib.import_module(spec.module), "HELP_NOTE", "")
            views.append(Area(f"{spec.title} view", (Source(cls), *extra.get(spec.name, ())), note))
    return (
        Area(
            "Everywhere",
            (Source(StellaryApp), Source(Screen), Source(MainFrame, skip=COLUMN_BINDINGS)),
            FILTER_NOTE,
        ),
        *views,
        Area("Navigator", (Source(Navigator), Source(Tree))),
        Area(
            "Card editor",
            (
                Source(CardEditor), Source(ChecklistEditor), Source(AttachmentsPane), Source(CommentsPane),
                Source(CommentBox), Source(RelationsPane),
            ),
            "Labels, custom fields and the checklist are saved with the card; comments, attachments and "
            "relations are added at once.",
        ),
        Area("Notifications", (Source(NotificationsScreen),)),
        Area("Members", (Source(MembersScreen), Source(EmailRoleDialog))),
        Area("API tokens", (Source(ApiTokensScreen), Source(TokenCreateDialog), Source(SecretDialog)), "A new token is shown once."),
        Area(
            "Documents",
            (Source(DocumentsScreen), Source(DocumentTree), Source(NewDocumentDialog), Source(ReviewDialog)),
            "e edits the highlighted document as Markdown; ctrl+e opens it in $VISUAL or $EDITOR, and "
            "ctrl+s saves. Editing an approved document makes it a draft again.",
        ),
        Area(
            "Cockpit",
            (Source(CockpitScreen), Source(RowTable), Source(CockpitForm)),
            "Viewers read; pilotage reviewers also approve and reject; owners manage everything and apply.",
        ),
        Area(
            "Agents",
            (Source(AgentsScreen), Source(AgentForm), Source(StartMissionDialog), Source(MissionPanel)),
            "ctrl+a on the board (ctrl+g in the card editor) gives the card to an agent. Supervised agents "
            "propose each write; approval agents one batch; autonomous ones just act.",
        ),
        Area(
            "Project settings",
            (Source(ProjectSettingsScreen), Source(FieldOptionsDialog), Source(SettingsForm)),
            "Tab 1 labels, 2 custom fields, 3 the columns of the scope. A form stays open until saved: "
            "a refusal shows in it.",
        ),
        Area(
            "Automations",
            (Source(AutomationsScreen), Source(RuleEditor), Source(TracesScreen)),
            "The rule editor's pickers open with enter or ↓; a refusal shows in the form. Conditions nested "
            "deeper than the form's one group are shown in words and kept as they are.",
        ),
        Area(
            "Project wizard",
            (Source(WizardScreen), Source(DraftsDialog), Source(OutlineForm)),
            "ctrl+p “New project with the wizard”, or w in the navigator. Each phase becomes a column and each "
            "deliverable a card; a change the core refuses stays in the outline, with why, until fixed.",
        ),
        Area(
            "Dialogs",
            (
                Source(ConfirmDialog),
                Source(PromptDialog),
                Source(ChoiceDialog),
                Source(ManyChoiceDialog),
                Source(ColumnDialog),
                Source(MoveCardDialog),
                Source(FirstRunScreen),
                Source(HelpScreen),
            ),
            "The move picker (t) filters as you type; backspace in its empty field goes back a step.",
        ),
    )


def key_displays(app: App[Any], binding: Binding) -> tuple[str, ...]:
    """The binding's keys as the footer writes them; ``key_display`` stands for the first key."""
    keys = [key.strip() for key in binding.key.split(",")]
    shown = [app.get_key_display(binding.with_key(key, binding.key_display if i == 0 else None)) for i, key in enumerate(keys)]
    return tuple(dict.fromkeys(shown))


def sections(app: App[Any]) -> list[Section]:
    """The help's content for ``app``: one section per area, one row per binding (exact repeats once)."""
    found = []
    for area in areas():
        rows: dict[tuple[tuple[str, ...], str], list[str | None]] = {}
        for source in area.sources:
            for binding in source.bindings():
                rows.setdefault((key_displays(app, binding), binding.tooltip or binding.description), []).append(binding.id)
        found.append(Section(area.title, tuple(KeyRow(keys, text, tuple(ids)) for (keys, text), ids in rows.items()), area.note))
    return found


def split_columns(parts: Sequence[Section], count: int) -> list[list[Section]]:
    """Cut ``parts`` in reading order into at most ``count`` columns, the tallest as short as can be."""
    count = max(1, min(count, len(parts)))
    best: tuple[int, list[list[Section]]] | None = None
    for cuts in combinations(range(1, len(parts)), count - 1):
        bounds = (0, *cuts, len(parts))
        columns = [list(parts[a:b]) for a, b in zip(bounds, bounds[1:])]
        tallest = max(sum(s.height for s in column) for column in columns)
        if best is None or tallest < best[0]:
            best = (tallest, columns)
    return best[1] if best else [list(parts)]


class HelpScreen(KeyedModal[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def __init__(self) -> None:
        super().__init__()
        self._columns = 0

    def _column_count(self) -> int:
        # The body takes most of the screen width, less its border and padding.
        return max(1, min(MAX_COLUMNS, (self.app.size.width - 8) // AREA_WIDTH))

    def compose(self) -> ComposeResult:
        self._columns = self._column_count()
        theme = self.app.current_theme
        key_style = f"bold {theme.accent or theme.primary}"
        with VerticalScroll(id="help-body"):
            yield Label("Stellary keys", id="help-title")
            with Horizontal(id="help-columns"):
                for column in split_columns(sections(self.app), self._columns):
                    with Vertical(classes="help-column"):
                        for section in column:
                            yield from _section_widgets(section, key_style)
            close = self.BINDINGS[0]
            assert isinstance(close, Binding)
            yield Label(f"{' '.join(key_displays(self.app, close))}: close", classes="dialog-hint")

    def on_resize(self, _event: Resize) -> None:
        if self._column_count() != self._columns:
            self.refresh(recompose=True)

    def action_close(self) -> None:
        self.dismiss(None)


def _section_widgets(section: Section, key_style: str) -> ComposeResult:
    yield Label(section.title, classes="help-area-title")
    # One table per area, not a widget per key: the help opens as fast as a single text.
    table = Table.grid(padding=(0, 2, 0, 0), expand=True)
    table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for row in section.rows:
        table.add_row(Text(" ".join(row.keys), style=key_style), row.text)
    yield Static(table, classes="help-keys")
    if section.note:
        yield Static(section.note, classes="help-note", markup=False)
