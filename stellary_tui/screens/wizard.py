"""The project wizard (palette "New project with the wizard", w in the navigator): an idea to an executed board.

Four steps over one project draft of the workspace: framing (name,
description, context documents and notes), the questions round by round with
the readiness score, the roadmap as an outline to edit, then execute, which
creates the project and opens its board. Every step runs an operation of the
drafts catalogue; the stages, the question bank, the number of rounds and the
checks of a roadmap are the core's. A draft stays when the screen closes: the
same entry lists the workspace's drafts to continue or delete.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Input, Label, SelectionList, TextArea

from stellary_core.clock import today
from stellary_core.errors import StellaryError
from stellary_core.operations.catalog import documents as document_ops
from stellary_core.operations.catalog import drafts as ops
from stellary_core.operations.catalog.views import WorkspaceNode
from stellary_core.schemas.documents import DocumentSummaryOut
from stellary_core.schemas.drafts import DraftCreateIn, DraftOut, DraftRefineIn, DraftUpdateIn
from stellary_tui.core import Core
from stellary_tui.human_errors import error_text, validation_text
from stellary_tui.plurals import count
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.roadmap_outline import DeliverableDraft, Outline, PhaseDraft, Spot, due_words
from stellary_tui.screens.wizard_dialogs import NEW, DeliverableDialog, DraftsDialog, PhaseDialog
from stellary_tui.widgets.keyed_table import KeyedTable, cursor_key

STEPS = (("framing", "Framing"), ("questions", "Questions"), ("roadmap", "Roadmap"), ("execute", "Execute"))
BAR_WIDTH = 20
HINTS = {
    "framing": "tab next field · space ticks a document · ctrl+s create the draft (the wizard asks its first questions) · escape close",
    "questions": "enter next answer · ctrl+s answer and continue · ctrl+g skip to the roadmap · escape close (the draft stays)",
    "roadmap": "n deliverable · P phase · e edit · d delete · shift+↑↓ move · m to another phase · x execute · escape close",
}
DESCRIPTION_SHOWN = 60  # characters of a deliverable's description in the outline (e shows it whole)


def readiness_bar(score: int) -> str:
    """The readiness score as a bar: "█████░░░ 40%"."""
    filled = round(BAR_WIDTH * score / 100)
    return f"{'█' * filled}{'░' * (BAR_WIDTH - filled)} {score}%"


def cut(text: str, width: int) -> str:
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"


def refusal_words(error: StellaryError) -> str:
    """The core's refusal of a roadmap, said of the outline on screen (its field is the whole roadmap)."""
    if error.details and all(d.field.startswith("roadmap") for d in error.details):
        problems = "; ".join(d.message for d in error.details)
        return f"{problems[0].upper()}{problems[1:]}."
    return error_text(error)


@dataclass(frozen=True)
class Opening:
    """What the wizard reads before it opens: the workspace's drafts and documents."""

    drafts: list[DraftOut]
    documents: list[DocumentSummaryOut]


def read_opening(core: Core, workspace_id: str) -> Opening:
    """Blocking (a worker's)."""
    return Opening(
        core.run(ops.list_project_drafts, ops.ListDrafts(workspace_id=workspace_id)),
        core.run(document_ops.list_documents, document_ops.ListDocuments(workspace_id=workspace_id)),
    )


class WizardScreen(KeyedModal[str | None]):
    """Closes with the id of the project it created (the caller opens its board), else None."""

    DEFAULT_CSS = """
    WizardScreen #wizard {
        width: 100%;
        height: 100%;
        padding: 0 1;
        border: round $primary;
        background: $panel;
    }
    WizardScreen #wizard-title { text-style: bold; color: $accent; }
    WizardScreen #wizard-steps { color: $text-muted; margin-bottom: 1; }
    WizardScreen #wizard-switcher { height: 1fr; }
    WizardScreen #wizard-switcher > * { height: 1fr; }
    WizardScreen Label { width: 100%; }  /* long questions and errors wrap in a narrow terminal */
    WizardScreen .field-label { margin-top: 1; }
    WizardScreen #draft-description { height: 6; }
    WizardScreen #draft-notes { height: 4; }
    WizardScreen #draft-documents { height: auto; max-height: 8; }
    WizardScreen .muted { color: $text-muted; }
    WizardScreen #readiness { text-style: bold; }
    WizardScreen #question-list { height: auto; }
    WizardScreen .question { margin-top: 1; }
    WizardScreen #outline { height: 1fr; }
    WizardScreen #wizard-busy { color: $warning; }
    WizardScreen .form-error { margin-top: 1; }
    WizardScreen.-short .field-label { margin-top: 0; }
    WizardScreen.-short #wizard-steps { margin-bottom: 0; }
    WizardScreen.-short #draft-description { height: 4; }
    WizardScreen.-short #draft-notes { height: 3; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="wizard.close", tooltip="Close the wizard (a draft stays, to continue later)"),
        Binding("ctrl+s", "create", "Create draft", id="wizard.create", tooltip="Create the draft: the wizard asks its first questions"),
        Binding("ctrl+s", "answer", "Answer and continue", id="wizard.answer", tooltip="Send this round's answers; the wizard asks the next ones"),
        Binding("ctrl+g", "skip", "Skip to roadmap", id="wizard.skip", tooltip="Generate the roadmap now, skipping the questions left"),
        Binding("n", "new_deliverable", "Deliverable+", id="wizard.new_deliverable", tooltip="New deliverable after the highlighted one"),
        Binding("P", "new_phase", "Phase+", id="wizard.new_phase", tooltip="New phase after the highlighted one"),
        Binding("e", "edit", "Edit", id="wizard.edit", tooltip="Edit the highlighted phase or deliverable (enter too)"),
        Binding("d,delete", "delete", "Delete", id="wizard.delete", tooltip="Delete the highlighted phase or deliverable"),
        Binding("shift+up", "move(-1)", "Up", show=False, id="wizard.move_up", key_display="shift+↑", tooltip="Move the highlighted phase or deliverable up"),
        Binding("shift+down", "move(1)", "Down", show=False, id="wizard.move_down", key_display="shift+↓", tooltip="Move the highlighted phase or deliverable down"),
        Binding("m", "move_to_phase", "To phase", show=False, id="wizard.move_to_phase", tooltip="Move the highlighted deliverable to another phase"),
        Binding("x", "execute", "Execute", id="wizard.execute", tooltip="Create the project: a column per phase, a card per deliverable"),
    ]
    STEP_ACTIONS = {
        "create": "framing",
        "answer": "questions",
        "skip": "questions",
        "new_deliverable": "roadmap",
        "new_phase": "roadmap",
        "edit": "roadmap",
        "delete": "roadmap",
        "move": "roadmap",
        "move_to_phase": "roadmap",
        "execute": "roadmap",
    }
    VERTICAL_BREAKPOINTS = [(0, "-short"), (40, "-tall")]

    def __init__(self, workspace: WorkspaceNode, documents: list[DocumentSummaryOut], draft: DraftOut | None = None) -> None:
        super().__init__()
        self.workspace = workspace
        self.documents = documents
        self.draft = draft
        self.outline: Outline | None = None
        self.busy = ""  # what the wizard is waiting for, while an operation runs
        self.saved = True  # the outline is as stored
        self._saving = False
        self._save_again = False
        # Keys typed before the first step is on screen (the palette's enter, then a name) wait for it.
        self.app.typeahead.hold(self)  # type: ignore[attr-defined]

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="wizard"):
            yield Label(f"New project with the wizard · {self.workspace.name}", id="wizard-title")
            yield Label("", id="wizard-steps")
            with ContentSwitcher(id="wizard-switcher", initial="framing"):
                with VerticalScroll(id="framing"):
                    yield Label("Name", classes="field-label")
                    yield Input(placeholder="The project's name", id="draft-name")
                    yield Label("Description: the idea in a few sentences, or a list of what to build", classes="field-label")
                    yield TextArea(id="draft-description", soft_wrap=True)
                    yield Label("Context documents of the workspace (space ticks one)", classes="field-label")
                    if self.documents:
                        yield SelectionList[str](*[(d.title, d.id) for d in self.documents], id="draft-documents")
                    else:
                        yield Label("No documents in this workspace yet (D writes one).", classes="muted")
                    yield Label("Context notes: one short text a line", classes="field-label")
                    yield TextArea(id="draft-notes", soft_wrap=True)
                with VerticalScroll(id="questions"):
                    yield Label("", id="readiness")
                    yield Label("", id="round", classes="muted")
                    yield Vertical(id="question-list")
                with Vertical(id="roadmap"):
                    yield Label("", id="roadmap-summary", classes="muted")
                    yield KeyedTable(id="outline", cursor_type="row", zebra_stripes=True)
            yield Label("", id="wizard-busy")
            yield Label("", id="wizard-error", classes="form-error")
            yield Label("", id="wizard-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#outline", DataTable).add_columns("Phase / deliverable", "Priority", "Due", "Description")
        if self.draft is None:
            self._show_step("framing")
            self.query_one("#draft-name", Input).focus()
        else:
            self.show_draft(self.draft)
        self.call_later(self._ready)

    def _ready(self) -> None:
        """The step is on screen, its fields mounted and focused: keys typed meanwhile go to it."""
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        # Closed while waiting for an answer: the keys must never stay trapped.
        self.app.typeahead.release(self)  # type: ignore[attr-defined]

    @property
    def step(self) -> str:
        return self.query_one("#wizard-switcher", ContentSwitcher).current or "framing"

    def _show_step(self, step: str) -> None:
        self.query_one("#wizard-switcher", ContentSwitcher).current = step
        names = []
        for n, (name, title) in enumerate(STEPS, start=1):
            names.append(Text(f"{n} {title}", style="bold reverse" if name == step else ""))
        self.query_one("#wizard-steps", Label).update(Text("  ›  ").join(names))
        self.query_one("#wizard-hint", Label).update(HINTS[step])
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.STEP_ACTIONS.get(action)
        if step is None:
            return True
        if step != self.step:
            return False
        if self.busy:
            return None  # shown, dimmed: the wizard is still answering
        return True

    # -- talking to the core ---------------------------------------------------------------

    def _run(self, doing: str, op: Any, given: Any, then: Callable[[Any], None]) -> None:
        """Run ``op``; meanwhile the screen says what it waits for (a model may take seconds)."""
        self._set_busy(doing)
        self._error("")

        def done(result: Any) -> None:
            then(result)  # first: the fields it brings are queued before the held keys are let go
            self._set_busy("")

        def refused(error: StellaryError) -> None:
            self._set_busy("")
            self._error(error_text(error))

        self.app.run_operation(op, given, then=done, failed=refused, group="wizard")  # type: ignore[attr-defined]

    def _run_job(self, doing: str, job: Callable[[Core], Any], then: Callable[[Any], None]) -> None:
        """As ``_run``, for a few operations in a row."""
        self._set_busy(doing)
        self._error("")

        def done(result: Any) -> None:
            then(result)  # first: the fields it brings are queued before the held keys are let go
            self._set_busy("")

        def refused(error: StellaryError) -> None:
            self._set_busy("")
            self._error(error_text(error))
            self.reload_draft()  # the first step may have landed: show the draft as it is

        self.app.run_with_core(job, then=done, failed=refused, group="wizard")  # type: ignore[attr-defined]

    def reload_draft(self) -> None:
        draft = self.draft
        if draft is not None:
            given = ops.OnDraft(workspace_id=self.workspace.id, draft=draft.id)
            self.app.run_operation(ops.get_project_draft, given, then=self.show_draft, group="wizard")  # type: ignore[attr-defined]

    def _set_busy(self, doing: str) -> None:
        """While the core answers, keys typed (the next answers) wait for the step it brings."""
        if doing:
            self.app.typeahead.hold(self)  # type: ignore[attr-defined]
        else:
            self.call_later(self._ready)  # after the fields the answer brings are mounted (call_later runs in order)
        self.busy = doing
        self.query_one("#wizard-busy", Label).update(doing)
        self.refresh_bindings()

    def _error(self, text: str) -> None:
        self.query_one("#wizard-error", Label).update(text)

    def show_draft(self, draft: DraftOut) -> None:
        """Show the step the draft is at."""
        self.draft = draft
        if draft.stage == "executed":
            self.dismiss(draft.project_id)
        elif draft.stage == "roadmap" and draft.roadmap is not None:
            self.outline = Outline.of(draft.roadmap)
            self.saved = True
            self._show_step("roadmap")
            self._fill_outline(Spot(0))
            self.query_one("#outline", DataTable).focus()
        else:
            self._show_step("questions")
            self._show_questions(draft)

    # -- 1 framing ---------------------------------------------------------------------

    def framing(self) -> DraftCreateIn:
        """What the framing step says, checked (raises ValidationError)."""
        notes = [line.strip() for line in self.query_one("#draft-notes", TextArea).text.splitlines() if line.strip()]
        chosen = [str(d) for picker in self.query("#draft-documents").results(SelectionList) for d in picker.selected]
        return DraftCreateIn.model_validate(
            {
                "name": self.query_one("#draft-name", Input).value.strip(),
                "description": self.query_one("#draft-description", TextArea).text.strip(),
                "contextDocuments": [*chosen, *notes],
            }
        )

    def action_create(self) -> None:
        try:
            data = self.framing()
        except ValidationError as error:
            self._error(validation_text(error))
            return
        given = ops.CreateDraft(workspace_id=self.workspace.id, data=data)
        self._run("Creating the draft: the wizard prepares its first questions…", ops.create_project_draft, given, self.show_draft)

    # -- 2 questions --------------------------------------------------------------------

    def _show_questions(self, draft: DraftOut) -> None:
        self.query_one("#readiness", Label).update(f"Readiness  {readiness_bar(draft.readiness_score)}")
        widgets: list[Any] = []
        if draft.questions:
            self.query_one("#round", Label).update(
                f"Round {draft.round_count + 1} of {draft.max_rounds} · {draft.name}: answer what you can, leave the rest blank"
            )
            for question in draft.questions:
                widgets.append(Label(question.text, classes="question"))
                widgets.append(Input(placeholder="Your answer", id=f"answer-{question.id}", classes="answer"))
        else:
            rounds = count(draft.round_count, "round")
            self.query_one("#round", Label).update(
                f"{draft.name}: {rounds} answered, no question left. ctrl+g generates the roadmap."
            )
        self.call_later(self._replace_questions, widgets)
        self.refresh_bindings()

    async def _replace_questions(self, widgets: list[Any]) -> None:
        """The round's questions in place of the last one's, the first answer focused once they are there."""
        listing = self.query_one("#question-list", Vertical)
        await listing.remove_children()
        await listing.mount_all(widgets)
        first = next(iter(self.query(".answer").results(Input)), None)
        if first is not None:
            first.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Enter goes to the next field; on the last answer it sends the round."""
        event.stop()
        if self.step == "questions":
            answers = list(self.query(".answer").results(Input))
            if answers and event.input is answers[-1]:
                self.action_answer()
                return
        self.focus_next()

    def typed_answers(self) -> dict[str, str]:
        """This round's answers as typed, the blank ones left out (the core skips them)."""
        draft = self.draft
        questions = draft.questions if draft is not None else []
        typed = {q.id: self.query_one(f"#answer-{q.id}", Input).value.strip() for q in questions}
        return {qid: text for qid, text in typed.items() if text}

    def action_answer(self) -> None:
        draft = self.draft
        if draft is None or not draft.questions:
            return
        given = ops.RefineDraft(workspace_id=self.workspace.id, draft=draft.id, data=DraftRefineIn(answers=self.typed_answers()))
        self._run("Reading your answers: the wizard prepares its next questions…", ops.refine_project_draft, given, self.show_draft)

    def action_skip(self) -> None:
        """The roadmap now; this round's answers are sent first, so none typed is lost."""
        draft = self.draft
        if draft is None:
            return
        plan = ops.OnDraft(workspace_id=self.workspace.id, draft=draft.id)
        answers = self.typed_answers()
        # The core plans once the first round is answered (or skipped), unless the provider asked nothing.
        first_round_open = draft.stage == "framing" and bool(draft.questions)
        if not answers and not first_round_open:
            self._run("Planning the roadmap…", ops.generate_roadmap, plan, self.show_draft)
            return
        given = ops.RefineDraft(workspace_id=self.workspace.id, draft=draft.id, data=DraftRefineIn(answers=answers))

        def answered_then_plan(core: Core) -> DraftOut:
            core.run(ops.refine_project_draft, given)
            planned: DraftOut = core.run(ops.generate_roadmap, plan)
            return planned

        self._run_job("Reading your answers, then planning the roadmap…", answered_then_plan, self.show_draft)

    # -- 3 the roadmap ---------------------------------------------------------------------

    def _fill_outline(self, at: Spot | None = None) -> None:
        outline = self.outline
        if outline is None:
            return
        table = self.query_one("#outline", DataTable)
        spots = outline.spots()
        keep = at if at is not None else self.spot
        table.clear()
        start = today()
        for spot in spots:
            phase = outline.phases[spot.phase]
            if spot.deliverable is None:
                title = Text(f"{spot.phase + 1}. {phase.title}", style="bold")
                table.add_row(title, "", "", Text(cut(phase.description, DESCRIPTION_SHOWN), style="italic"), key=self._key(spot))
            else:
                item = phase.deliverables[spot.deliverable]
                table.add_row(
                    f"   • {cut(item.title, 50)}", item.priority, due_words(item.due_offset_days, start),
                    cut(item.description, DESCRIPTION_SHOWN), key=self._key(spot),
                )  # fmt: skip
        if keep is not None and keep in spots:
            table.move_cursor(row=spots.index(keep))
        columns, cards = len(outline.phases), outline.deliverable_count()
        self.query_one("#roadmap-summary", Label).update(
            f"{self.draft.name if self.draft else ''}: {count(columns, 'phase')} and {count(cards, 'deliverable')}, "
            f"which become {count(columns, 'column')} and {count(cards, 'card')} · readiness {self.draft.readiness_score if self.draft else 0}%"
        )

    @staticmethod
    def _key(spot: Spot) -> str:
        return f"{spot.phase}" if spot.deliverable is None else f"{spot.phase}.{spot.deliverable}"

    @property
    def spot(self) -> Spot | None:
        """Where the outline's cursor is."""
        key = cursor_key(self.query_one("#outline", DataTable))
        if key is None:
            return None
        phase, _, deliverable = key.partition(".")
        return Spot(int(phase), int(deliverable) if deliverable else None)

    def _changed(self, at: Spot | None) -> None:
        """The outline changed: show it, and store it (or say why it cannot be stored yet)."""
        self.saved = False
        self._fill_outline(at)
        self._save()

    def _save(self) -> None:
        outline, draft = self.outline, self.draft
        if outline is None or draft is None:
            return
        problem = outline.problem()
        if problem is not None:
            self._error(f"Not saved yet: {problem}")
            return
        try:
            roadmap = outline.roadmap_in()
        except ValidationError as error:
            self._error(f"Not saved yet: {validation_text(error)}")
            return
        if self._saving:  # one save at a time, so an older roadmap never lands after a newer one
            self._save_again = True
            return
        self._saving = True
        given = ops.UpdateDraft(workspace_id=self.workspace.id, draft=draft.id, data=DraftUpdateIn(roadmap=roadmap))
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.update_project_draft, given, then=self._stored, failed=self._not_stored, group="wizard"
        )

    def _stored(self, draft: DraftOut) -> None:
        self.draft = draft
        self._saving = False
        if self._save_again:
            self._save_again = False
            self._save()
            return
        self.saved = True
        self._error("")

    def _not_stored(self, error: StellaryError) -> None:
        self._saving = False
        self._error(f"Not saved yet: {refusal_words(error)}")
        if self._save_again:
            self._save_again = False
            self._save()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_edit()

    def action_new_phase(self) -> None:
        outline, spot = self.outline, self.spot
        if outline is None:
            return

        def add(phase: PhaseDraft | None) -> None:
            if phase is not None:
                self._changed(outline.add_phase(spot.phase if spot else None, phase))

        self.app.push_screen(PhaseDialog("New phase"), add)

    def action_new_deliverable(self) -> None:
        outline, spot = self.outline, self.spot
        if outline is None or spot is None:
            self.notify("Add a phase first (P).", severity="warning")
            return
        phase = outline.phases[spot.phase]
        # A new deliverable is due with its neighbour, a sensible start for its date.
        near = phase.deliverables[spot.deliverable] if spot.deliverable is not None else None
        given = DeliverableDraft("", due_offset_days=near.due_offset_days if near else 0)

        def add(item: DeliverableDraft | None) -> None:
            if item is not None:
                self._changed(outline.add_deliverable(spot, item))

        self.app.push_screen(DeliverableDialog(f"New deliverable in {phase.title}", given, hint="It becomes a card."), add)

    def action_edit(self) -> None:
        outline, spot = self.outline, self.spot
        if outline is None or spot is None:
            return
        phase = outline.phases[spot.phase]
        if spot.deliverable is None:

            def renamed(edited: PhaseDraft | None) -> None:
                if edited is not None:
                    outline.phases[spot.phase] = edited
                    self._changed(spot)

            self.app.push_screen(PhaseDialog("Edit phase", phase), renamed)
            return

        def edited(item: DeliverableDraft | None) -> None:
            if item is not None and spot.deliverable is not None:
                phase.deliverables[spot.deliverable] = item
                self._changed(spot)

        self.app.push_screen(DeliverableDialog(f"Edit deliverable of {phase.title}", phase.deliverables[spot.deliverable]), edited)

    def action_delete(self) -> None:
        outline, spot = self.outline, self.spot
        if outline is None or spot is None:
            return
        if spot.deliverable is not None:
            self._changed(outline.delete_deliverable(spot))  # no question: e adds it back, and nothing exists before x
            return
        phase = outline.phases[spot.phase]

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                self._changed(outline.delete_phase(spot.phase))

        question = f"Delete the phase “{phase.title}” and its {count(len(phase.deliverables), 'deliverable')}?"
        self.app.push_screen(ConfirmDialog(question), delete)

    def action_move(self, step: int) -> None:
        outline, spot = self.outline, self.spot
        if outline is None or spot is None:
            return
        moved = outline.move_phase(spot.phase, step) if spot.deliverable is None else outline.move_deliverable(spot, step)
        if moved is None:
            self.notify("It is already at the edge of the roadmap.", severity="warning")
            return
        self._changed(moved)

    def action_move_to_phase(self) -> None:
        outline, spot = self.outline, self.spot
        if outline is None or spot is None or spot.deliverable is None:
            self.notify("Highlight a deliverable to move it to another phase.", severity="warning")
            return
        choices = [(str(n), p.title) for n, p in enumerate(outline.phases) if n != spot.phase]
        if not choices:
            self.notify("There is no other phase: P adds one.", severity="warning")
            return

        def move(chosen: str | None) -> None:
            if chosen is not None:
                self._changed(outline.move_to_phase(spot, int(chosen)))

        self.app.push_screen(ChoiceDialog("Move to phase", choices), move)

    # -- 4 execute --------------------------------------------------------------------------

    def action_execute(self) -> None:
        outline, draft = self.outline, self.draft
        if outline is None or draft is None:
            return
        if not self.saved or self._saving:
            problem = outline.problem() or "the last change is not stored yet"
            self.notify(f"Not executed: {problem}", severity="warning")
            return
        columns, cards = count(len(outline.phases), "column"), count(outline.deliverable_count(), "card")

        def execute(confirmed: bool | None) -> None:
            if confirmed:
                given = ops.OnDraft(workspace_id=self.workspace.id, draft=draft.id)
                self._run("Creating the project…", ops.execute_project_draft, given, self.show_draft)

        question = f"Create the project “{draft.name}” in {self.workspace.name}, with {columns} and {cards}?"
        self.app.push_screen(ConfirmDialog(question, yes="Create project", title="Execute the roadmap"), execute)

    def action_close(self) -> None:
        self.dismiss(None)


# -- opening it from the main screen --------------------------------------------------------


def open_wizard(main: Any, workspace: WorkspaceNode | None = None) -> None:
    """The wizard for ``workspace`` (the main screen's by default): a new draft, or a choice of the drafts to continue."""
    target = workspace or main.workspace
    if target is None:
        main.notify("Open a workspace first: the wizard creates the project there.", severity="warning")
        return
    app = main.app

    def opened(project_id: str | None) -> None:
        if project_id is not None:
            from stellary_tui.screens.project_commands import project_created

            project_created(main, project_id)

    def start(opening: Opening) -> None:
        if app.screen is not main:  # something else opened meanwhile
            return
        if not opening.drafts:
            show(WizardScreen(target, opening.documents), opened)
            return

        def chosen(choice: str | None) -> None:
            draft = next((d for d in opening.drafts if d.id == choice), None)
            if choice == NEW:
                app.push_screen(WizardScreen(target, opening.documents), opened)
            elif draft is not None and draft.stage == "executed":
                opened(draft.project_id)
            elif draft is not None:
                app.push_screen(WizardScreen(target, opening.documents, draft), opened)

        show(DraftsDialog(target.name, opening.drafts, lambda draft, gone: delete_draft(main, target, draft, gone)), chosen)

    holder = object()  # keys typed while the drafts are read wait for the wizard or the list of drafts
    app.typeahead.hold(holder)

    shown: list[Any] = []

    def show(screen: Any, callback: Callable[[Any], None]) -> None:
        shown.append(screen)
        mounted = app.push_screen(screen, callback)

        async def release() -> None:
            await mounted
            app.typeahead.release(holder)

        app.call_later(release)

    def started(opening: Opening) -> None:
        try:
            start(opening)
        finally:
            if not shown:  # something else opened meanwhile
                app.typeahead.release(holder)

    app.run_with_core(
        lambda core: read_opening(core, target.id), then=started, failed=lambda _error: app.typeahead.release(holder),
        group="wizard", exclusive=True,
    )  # fmt: skip


def delete_draft(main: Any, workspace: WorkspaceNode, draft: DraftOut, gone: Callable[[], None]) -> None:
    """Ask, then delete the draft (a project it made stays)."""

    def delete(confirmed: bool | None) -> None:
        if confirmed:
            given = ops.OnDraft(workspace_id=workspace.id, draft=draft.id)
            main.app.run_operation(ops.delete_project_draft, given, then=lambda _ok: gone(), group="wizard")

    made = " The project it created stays." if draft.stage == "executed" else ""
    main.app.push_screen(ConfirmDialog(f"Delete the project draft “{draft.name}”?{made}"), delete)
