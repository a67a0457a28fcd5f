"""The Documents screen (D): the workspace's knowledge base, read, written and reviewed by keyboard.

The tree on the left holds the documents by context, each with its type and
status; the right shows the highlighted one as Markdown with its review
history, or its editor. Every change goes through the documents operations,
and the screen reloads when they (or another process) change something.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Input, Label, Markdown, Static, TextArea, Tree

from stellary_core.errors import StellaryError
from stellary_core.event_types import DomainEvent
from stellary_core.operations.catalog import documents as ops
from stellary_core.operations.catalog.scopes import list_scopes
from stellary_core.operations.refs import InProject
from stellary_core.schemas.documents import (
    DocumentCreateIn,
    DocumentOut,
    DocumentReviewIn,
    DocumentSummaryOut,
    DocumentUpdateIn,
)
from stellary_core.view_rows import OrgNode, WorkspaceNode
from stellary_tui.core import Core
from stellary_tui.external_editor import EditorFailed, edit_text
from stellary_tui.plurals import count
from stellary_tui.screens.debounce import DebouncedReload
from stellary_tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PromptDialog
from stellary_tui.screens.document_dialogs import NewDocument, NewDocumentDialog, ReviewDialog
from stellary_tui.screens.keyed_modal import KeyedModal
from stellary_tui.screens.reload_rules import documents_changed
from stellary_tui.widgets.document_tree import (
    CONTEXT_WORDS,
    STATUS_WORDS,
    Context,
    DocumentTree,
    descendants,
    landing_document,
)

TOP_LEVEL = "top-level"  # the move picker's choice for "no parent"
HINT = (
    "/ search · n new · a new below · e edit · r rename · m move · s submit · v review · d delete · "
    "ctrl+e $EDITOR · esc close"
)


@dataclass(frozen=True)
class Listing:
    documents: list[DocumentSummaryOut]
    names: dict[str, str]  # context id -> name, for the tree's branches
    landing: DocumentOut | None = None  # the document the tree's cursor goes to, read in the same job


def context_names(org: OrgNode, workspace: WorkspaceNode) -> dict[str, str]:
    """The names the navigator already knows for the tree's branches: the organization, workspace and projects."""
    names = {org.id: org.name, workspace.id: workspace.name}
    names.update({p.id: p.name for p in workspace.projects})
    return names


def read_listing(core: Core, workspace: WorkspaceNode, query: str | None, known: dict[str, str], keep: str | None) -> Listing:
    """Blocking (a worker's): the documents matching ``query``, names for their contexts, and the document the
    tree's cursor will land on (``keep`` if still listed), so its preview needs no second read."""
    names = dict(known)
    found: list[DocumentSummaryOut] = core.run(ops.list_documents, ops.ListDocuments(workspace_id=workspace.id, q=query))
    if any(d.context_type == "scope" and d.context_id not in names for d in found):
        # Scopes are named "Project / Scope": the navigator knows projects, not their scopes.
        for project in workspace.projects:
            for scope in core.run(list_scopes, InProject(workspace_id=workspace.id, project=project.id)):
                names[scope.id] = f"{project.name} / {scope.name}"
    landing_id, landing = landing_document(found, names, keep), None
    if landing_id is not None:
        try:
            landing = core.run(ops.get_document, ops.OnDocument(workspace_id=workspace.id, document=landing_id))
        except StellaryError:
            pass  # deleted meanwhile: the tree's highlight reads it again and the list reloads
    return Listing(found, names, landing)


def _preview_text(document: DocumentOut) -> str:
    return document.content_markdown or "*Empty: e writes it.*"


def _when(document: DocumentOut | DocumentSummaryOut) -> str:
    return document.updated_at.strftime("%Y-%m-%d %H:%M")


class DocumentsScreen(KeyedModal[None]):
    DEFAULT_CSS = """
    DocumentsScreen #documents { width: 100%; height: 100%; padding: 0 1; border: round $primary; background: $panel; }
    DocumentsScreen #documents-title { margin-bottom: 0; }
    /* One line, not a boxed field of three: at 24 rows the tree needs them. */
    DocumentsScreen #documents-search { border: none; height: 1; padding: 0 1; margin-bottom: 1; }
    DocumentsScreen #documents-body { height: 1fr; }
    DocumentsScreen #documents-tree { width: 2fr; min-width: 30; max-width: 70; height: 100%; }
    DocumentsScreen #document-pane { width: 3fr; height: 100%; padding: 0 0 0 1; }
    DocumentsScreen #document-header { height: auto; }
    DocumentsScreen #document-switcher { height: 1fr; }
    DocumentsScreen #document-preview-scroll { height: 100%; }
    DocumentsScreen #document-editor { height: 100%; }
    DocumentsScreen #document-history { height: auto; max-height: 6; color: $text-muted; }
    DocumentsScreen #documents-hint { width: 100%; height: auto; }  /* wraps on a narrow terminal, never cut */
    """

    BINDINGS = [
        Binding("escape", "close", "Close", id="documents.close"),
        Binding("slash", "search", "Search", id="documents.search", key_display="/", tooltip="Search titles and content"),
        Binding("n", "new_document", "New", id="documents.new", tooltip="New document in the highlighted context"),
        Binding("a", "new_child", "New below", show=False, id="documents.new_child", tooltip="New document under the highlighted one"),
        Binding("e", "edit", "Edit", id="documents.edit", tooltip="Edit the content (ctrl+s saves, esc cancels)"),
        Binding("ctrl+e", "external_editor", "$EDITOR", id="documents.external_editor", tooltip="Edit the content in $EDITOR"),
        Binding("ctrl+s", "save", "Save", show=False, id="documents.save", tooltip="Save the content being edited"),
        Binding("r", "rename", "Rename", show=False, id="documents.rename"),
        Binding("m", "move", "Move", show=False, id="documents.move", tooltip="Move under another document, or to the top"),
        Binding("s", "submit", "Submit", id="documents.submit", tooltip="Submit for review"),
        Binding("v", "review", "Review", id="documents.review", tooltip="Review: approve or ask for changes, with notes"),
        Binding("d,delete", "delete", "Delete", show=False, id="documents.delete"),
    ]

    def __init__(self, org: OrgNode, workspace: WorkspaceNode, me: str | None, listing: Listing | None = None) -> None:
        """``listing``, read before the screen opens (``open_documents``), is its first frame: no empty tree first."""
        super().__init__()
        self.org = org
        self.workspace = workspace
        self.me = me
        self.documents: list[DocumentSummaryOut] = []
        self.names: dict[str, str] = context_names(org, workspace)
        self._first_listing = listing
        self._listing_shown: Listing | None = None  # a reopen with this same listing redraws nothing
        # What the preview was last given: the first document's text is composed in, and not parsed twice.
        self._preview_source = _preview_text(listing.landing) if listing is not None and listing.landing else ""
        self.shown: DocumentOut | None = None  # the document in the preview, with its content
        self.editing: DocumentOut | None = None  # the document in the editor
        self.debounced_reload = DebouncedReload(self, self.reload)
        self._listed = 0  # list loads asked; only the latest answer is shown
        self._opened = 0  # likewise for the document shown
        self._select_after_reload: str | None = None  # a document just created or moved: the cursor goes to it

    # -- layout --------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Vertical(id="documents"):
            yield Label(f"Documents · {self.workspace.name}", id="documents-title", classes="dialog-title")
            yield Input(placeholder="Search titles and content (/, enter keeps it, esc back to the tree)", id="documents-search")
            with Horizontal(id="documents-body"):
                yield DocumentTree(id="documents-tree")
                with Vertical(id="document-pane"):
                    yield Static("", id="document-header")
                    with ContentSwitcher(id="document-switcher", initial="document-preview-scroll"):
                        with VerticalScroll(id="document-preview-scroll"):
                            yield Markdown(self._preview_source, id="document-preview")
                    yield Static("", id="document-history")
            yield Label(HINT, id="documents-hint", classes="dialog-hint")

    def on_mount(self) -> None:
        self.document_tree.focus()
        first, self._first_listing = self._first_listing, None
        if first is None:
            self.reload()
            return
        self._show_listing(first)  # now, not after mounting: the first frame shows it

    @property
    def document_tree(self) -> DocumentTree:
        return self.query_one("#documents-tree", DocumentTree)

    @property
    def editor(self) -> TextArea:
        """The content editor, made on first use: most visits only read, and it cost the first paint ~10 ms."""
        made = self.query("#document-editor")
        if made:
            return made.only_one(TextArea)
        editor = TextArea(language="markdown", soft_wrap=True, id="document-editor")
        self.query_one("#document-switcher", ContentSwitcher).mount(editor)
        return editor

    @property
    def search_text(self) -> str:
        return self.query_one("#documents-search", Input).value.strip()

    def unsaved(self) -> bool:
        """Edits not saved yet (the app asks before quitting)."""
        return self.editing is not None and self.editor.text != self.editing.content_markdown

    # -- loading -------------------------------------------------------------

    def refresh_data(self, event: DomainEvent | None = None) -> None:
        if documents_changed(event, workspace_id=self.workspace.id):
            self.debounced_reload.request()

    def reload(self) -> None:
        self._listed += 1
        asked, query, workspace = self._listed, self.search_text or None, self.workspace
        known = dict(self.names)
        keep = self._select_after_reload or self.document_tree.current_document_id

        self.app.run_with_core(  # type: ignore[attr-defined]
            lambda core: read_listing(core, workspace, query, known, keep),
            then=lambda listing: self._listed_answer(asked, listing),
            group="documents",
        )

    def _listed_answer(self, asked: int, listing: Listing) -> None:
        if not self.is_mounted or asked != self._listed:
            return  # a worker thread cannot be cancelled: an older answer is stale
        self._show_listing(listing)

    def reopen(self, listing: Listing) -> None:
        """Shown again (kept_screens.py) with the latest listing: the whole list, where the cursor was."""
        self._listed += 1  # a reload still on its way is older
        if not self.is_mounted:  # built ahead and still composing: its first paint shows this listing
            self._first_listing = listing
            return
        search = self.query_one("#documents-search", Input)
        if search.value:
            with search.prevent(Input.Changed):
                search.value = ""
        if listing is not self._listing_shown:
            self._show_listing(listing)

    def _show_listing(self, listing: Listing) -> None:
        self._listing_shown = listing
        self.documents, self.names = listing.documents, listing.names
        keep, self._select_after_reload = self._select_after_reload or self.document_tree.current_document_id, None
        landing = self.document_tree.show(listing.documents, listing.names, keep=keep)
        if not listing.documents:
            self._show(None)
            empty = "No document matches the search." if self.search_text else "No documents yet: n creates one."
            self.query_one("#document-header", Static).update(Text(empty, style="dim"))
            return
        if listing.landing is not None and listing.landing.id == landing:
            self._opened += 1  # a read still under way is older than this one
            self._show(listing.landing)
            return
        # The cursor moved while the list was read: read the document it lands on after the tree's refresh.
        self.document_tree.call_after_refresh(self._open_current, force=True)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted[object]) -> None:
        event.stop()
        if self.document_tree.placing:
            return  # the tree's default line before its cursor goes where ``show`` put it
        self._open_current()

    def _open_current(self, *, force: bool = False) -> None:
        """Show the highlighted document (read again when ``force``: it may have changed)."""
        document_id = self.document_tree.current_document_id
        if document_id is None:
            self._show(None)
            self._describe_context()
            return
        if not force and self.shown is not None and self.shown.id == document_id:
            return
        self._opened += 1
        asked = self._opened
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.get_document,
            ops.OnDocument(workspace_id=self.workspace.id, document=document_id),
            then=lambda document: self._opened_answer(asked, document),
            failed=lambda _error: self.debounced_reload.request(),  # gone meanwhile: the list says so
            group="document",
        )

    def _opened_answer(self, asked: int, document: DocumentOut) -> None:
        if self.is_mounted and asked == self._opened:
            self._show(document)

    def _show(self, document: DocumentOut | None) -> None:
        self.shown = document
        header = self.query_one("#document-header", Static)
        history = self.query_one("#document-history", Static)
        preview = self.query_one("#document-preview", Markdown)
        header.update("" if document is None else self._header(document))
        history.update("" if document is None else self._history(document))
        text = "" if document is None else _preview_text(document)
        if text != self._preview_source:
            self._preview_source = text
            preview.update(text)

    def _describe_context(self) -> None:
        context = self.document_tree.current_context
        if context is None:
            return
        kind, context_id = context
        n = sum(1 for d in self.documents if (d.context_type, d.context_id) == context)
        text = Text(f"{CONTEXT_WORDS[kind]} · {self.names.get(context_id, '')}", style="bold")
        text.append(f"\n{count(n, 'document')} · n adds one here", style="dim")
        self.query_one("#document-header", Static).update(text)

    def _header(self, document: DocumentOut) -> Text:
        word, style = STATUS_WORDS.get(document.status, (document.status, ""))
        text = Text(document.title, style="bold")
        text.append("\n")
        text.append(document.doc_type, style="italic cyan")
        text.append(" · ")
        text.append(word, style=style)
        kind = CONTEXT_WORDS.get(document.context_type, document.context_type)
        text.append(f" · {kind}: {self.names.get(document.context_id, '')} · updated {_when(document)}", style="dim")
        if document.content_format == "tiptap_json":
            text.append(" · TipTap, edited as Markdown", style="dim")
        return text

    def _history(self, document: DocumentOut) -> Text:
        if not document.history:
            return Text("No review yet.", style="dim")
        text = Text("Review history", style="bold")
        for entry in reversed(document.history[-4:]):  # the latest first: the notes that matter now
            who = entry.user_name or "a former member"
            text.append(f"\n{entry.created_at.strftime('%Y-%m-%d %H:%M')}  {entry.action.replace('_', ' ')} by {who}")
            if entry.notes:
                text.append(f": {entry.notes}", style="italic")
        return text

    # -- search --------------------------------------------------------------

    def action_search(self) -> None:
        self.query_one("#documents-search", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "documents-search":
            event.stop()
            self.debounced_reload.request()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "documents-search":
            event.stop()
            self.document_tree.focus()

    # -- reasons a key does nothing -----------------------------------------

    def _current(self, doing: str) -> DocumentSummaryOut | None:
        """The highlighted document, or None with a word saying why ``doing`` needs one."""
        document_id = self.document_tree.current_document_id
        found = next((d for d in self.documents if d.id == document_id), None)
        if found is None:
            self.notify(f"Highlight a document to {doing}.", severity="warning")
        return found

    def _not_while_editing(self) -> bool:
        if self.editing is not None:
            self.notify("Save (ctrl+s) or cancel (esc) the edit first.", severity="warning")
            return True
        return False

    # -- creating ------------------------------------------------------------

    def action_new_document(self) -> None:
        if self._not_while_editing():
            return
        context = self.document_tree.current_context or ("workspace", self.workspace.id)
        self._ask_new(context, None)

    def action_new_child(self) -> None:
        if self._not_while_editing():
            return
        parent = self._current("add a document under it")
        if parent is not None:
            self._ask_new((parent.context_type, parent.context_id), parent)

    def _ask_new(self, context: Context, parent: DocumentSummaryOut | None) -> None:
        kind, context_id = context
        where = f"In {CONTEXT_WORDS[kind].lower()} {self.names.get(context_id, '')}"
        if parent is not None:
            where += f", under “{parent.title}”"

        def create(answer: NewDocument | None) -> None:
            if answer is None:
                return
            data = DocumentCreateIn(
                title=answer.title, doc_type=answer.doc_type,  # type: ignore[arg-type]
                context_type=kind, context_id=context_id,  # type: ignore[arg-type]
                parent_id=parent.id if parent is not None else None, content_markdown="",
            )
            self.app.run_operation(  # type: ignore[attr-defined]
                ops.create_document, ops.CreateDocument(workspace_id=self.workspace.id, data=data), then=self._created
            )

        self.app.push_screen(NewDocumentDialog(where), create)

    def _created(self, document: DocumentOut) -> None:
        self.notify(f"Created “{document.title}”: e writes it.")
        self._reload_onto(document.id)

    def _reload_onto(self, document_id: str) -> None:
        """Reload the list with the cursor on ``document_id``."""
        self.shown = None
        self._select_after_reload = document_id
        self.reload()

    # -- editing -------------------------------------------------------------

    def action_edit(self) -> None:
        if self.editing is not None:
            self.editor.focus()
            return
        if self._current("edit it") is None:
            return
        if self.shown is None or self.shown.id != self.document_tree.current_document_id:
            self.notify("The document is still loading.", severity="warning")
            return
        self._start_editing(self.shown, self.shown.content_markdown)

    def _start_editing(self, document: DocumentOut, text: str) -> None:
        self.editing = document
        self.editor.load_text(text)
        self.query_one("#document-switcher", ContentSwitcher).current = "document-editor"
        self.editor.focus()
        self.refresh_bindings()

    def _stop_editing(self) -> None:
        self.editing = None
        self.query_one("#document-switcher", ContentSwitcher).current = "document-preview-scroll"
        self.document_tree.focus()
        self.refresh_bindings()

    def action_save(self) -> None:
        editing = self.editing
        if editing is None:
            return
        text = self.editor.text
        if text == editing.content_markdown:
            self._stop_editing()
            return
        was_approved = editing.status == "approved"

        def saved(document: DocumentOut) -> None:
            self._stop_editing()
            self._show(document)
            again = " It was approved: edited, it is a draft again (s submits it)." if was_approved else ""
            self.notify(f"Saved “{document.title}”.{again}")
            self.reload()

        # A refusal leaves the editor open with the text as typed: nothing is lost.
        self.app.run_operation(  # type: ignore[attr-defined]
            ops.update_document,
            ops.UpdateDocument(
                workspace_id=self.workspace.id, document=editing.id, data=DocumentUpdateIn(content_markdown=text)
            ),
            then=saved,
        )

    def action_external_editor(self) -> None:
        if self.editing is not None:
            document, text = self.editing, self.editor.text
        else:
            if self._current("edit it") is None:
                return
            if self.shown is None or self.shown.id != self.document_tree.current_document_id:
                self.notify("The document is still loading.", severity="warning")
                return
            document, text = self.shown, self.shown.content_markdown
        try:
            edited = edit_text(self.app, text)
        except EditorFailed as error:
            self.notify(str(error), title="Not edited", severity="error")
            return
        # Back in the editor, to be read over and saved with ctrl+s (or thrown away with esc).
        if self.editing is None:
            self._start_editing(document, edited)
        else:
            self.editor.load_text(edited)
        if edited != document.content_markdown:
            self.notify("Edited in your editor: ctrl+s saves it.")

    # -- renaming, moving, deleting -----------------------------------------

    def action_rename(self) -> None:
        if self._not_while_editing() or (document := self._current("rename it")) is None:
            return

        def rename(title: str | None) -> None:
            if title and title != document.title:
                self._update(document, DocumentUpdateIn(title=title), f"Renamed to “{title}”.")

        self.app.push_screen(PromptDialog("Rename document", value=document.title), rename)

    def action_move(self) -> None:
        if self._not_while_editing() or (document := self._current("move it")) is None:
            return
        below = descendants(self.documents, document.id)
        choices = [(TOP_LEVEL, "(top level of its context)")] if document.parent_id is not None else []
        choices += [(d.id, d.title) for d in self.documents if d.id not in below and d.id != document.parent_id]
        if not choices:
            self.notify("There is no other document to move it under.", severity="warning")
            return

        def move(choice: str | None) -> None:
            if choice is None:
                return
            parent = None if choice == TOP_LEVEL else choice
            where = "to the top" if parent is None else f"under “{next(d.title for d in self.documents if d.id == parent)}”"
            data = DocumentUpdateIn.model_validate({"parentId": parent})
            self._update(document, data, f"Moved “{document.title}” {where}.")

        hint = "Its sub-documents move with it. A search above narrows this list."
        self.app.push_screen(ChoiceDialog(f"Move “{document.title}” under…", choices, hint=hint), move)

    def _update(self, document: DocumentSummaryOut, data: DocumentUpdateIn, done: str) -> None:
        def updated(_document: DocumentOut) -> None:
            self.notify(done)
            self._reload_onto(document.id)

        self.app.run_operation(  # type: ignore[attr-defined]
            ops.update_document,
            ops.UpdateDocument(workspace_id=self.workspace.id, document=document.id, data=data),
            then=updated,
        )

    def action_delete(self) -> None:
        if self._not_while_editing() or (document := self._current("delete it")) is None:
            return
        children = sum(1 for d in self.documents if d.parent_id == document.id)
        lifted = f" Its {count(children, 'sub-document')} move up a level." if children else ""

        def delete(yes: bool | None) -> None:
            if not yes:
                return

            def deleted(_ok: object) -> None:
                self.notify(f"Deleted “{document.title}”.")
                self.shown = None
                self.reload()

            self.app.run_operation(  # type: ignore[attr-defined]
                ops.delete_document, ops.OnDocument(workspace_id=self.workspace.id, document=document.id), then=deleted
            )

        self.app.push_screen(ConfirmDialog(f"Delete “{document.title}”?{lifted} This cannot be undone."), delete)

    # -- review --------------------------------------------------------------

    def action_submit(self) -> None:
        if self._not_while_editing() or (document := self._current("submit it")) is None:
            return
        if document.status not in ("draft", "changes_requested"):
            word = STATUS_WORDS[document.status][0]
            self.notify(f"“{document.title}” is {word}: only a draft, or one with changes asked, goes for review.", severity="warning")
            return
        self._review_step(
            ops.submit_document_for_review,
            ops.OnDocument(workspace_id=self.workspace.id, document=document.id),
            f"“{document.title}” is waiting for a review.",
        )

    def action_review(self) -> None:
        if self._not_while_editing() or (document := self._current("review it")) is None:
            return
        if document.status != "pending_review":
            self.notify(f"“{document.title}” is not waiting for a review: s submits it first.", severity="warning")
            return
        if document.created_by is not None and document.created_by == self.me:
            self.notify("You wrote this document: someone else reviews it.", severity="warning")
            return

        def review(verdict: DocumentReviewIn | None) -> None:
            if verdict is None:
                return
            done = "Approved" if verdict.status == "approved" else "Changes asked for"
            self._review_step(
                ops.review_document,
                ops.ReviewDocument(workspace_id=self.workspace.id, document=document.id, data=verdict),
                f"{done}: “{document.title}”.",
            )

        self.app.push_screen(ReviewDialog(document.title), review)

    def _review_step(self, op: Any, payload: Any, done: str) -> None:
        def stepped(document: DocumentOut) -> None:
            self.notify(done)
            self._show(document)
            self.reload()

        def refused(_error: StellaryError) -> None:
            self.reload()  # the status may have changed meanwhile: show the one stored

        self.app.run_operation(op, payload, then=stepped, failed=refused)  # type: ignore[attr-defined]

    # -- closing -------------------------------------------------------------

    def action_close(self) -> None:
        if self.focused is self.query_one("#documents-search", Input):
            self.document_tree.focus()
            return
        if self.editing is None:
            self.dismiss(None)
            return
        if not self.unsaved():
            self._stop_editing()
            return

        def discard(yes: bool | None) -> None:
            if yes:
                self._stop_editing()

        self.app.push_screen(ConfirmDialog("Throw away your changes to this document?", yes="Discard", title="Unsaved changes"), discard)
