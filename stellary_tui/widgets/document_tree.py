"""The documents of a workspace as a tree: one branch per context, each document under its parent.

A document whose parent is not in the list (a search found the child, not
the parent) is shown at the top of its context, so a match is never hidden.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from stellary_core.schemas.documents import DocumentSummaryOut

# The status as a person reads it, and its colour on the badge.
STATUS_WORDS = {
    "draft": ("draft", "dim"),
    "pending_review": ("in review", "bold yellow"),
    "approved": ("approved", "bold green"),
    "changes_requested": ("changes asked", "bold red"),
}
CONTEXT_ORDER = ("organization", "workspace", "project", "scope")
CONTEXT_WORDS = {"organization": "Organization", "workspace": "Workspace", "project": "Project", "scope": "Scope"}

Context = tuple[str, str]  # (context type, context id)


@dataclass(frozen=True)
class ContextNode:
    """A branch of the tree: the documents of one context."""

    context: Context


def status_badge(status: str) -> Text:
    word, style = STATUS_WORDS.get(status, (status, ""))
    return Text(f"[{word}]", style=style)


def document_label(document: DocumentSummaryOut) -> Text:
    label = Text(document.title)
    label.append("  ")
    label.append(document.doc_type, style="italic cyan")
    label.append(" ")
    label.append_text(status_badge(document.status))
    return label


def context_label(context: Context, names: dict[str, str], count: int) -> Text:
    kind, context_id = context
    label = Text(CONTEXT_WORDS.get(kind, kind), style="bold")
    label.append(f" · {names.get(context_id, 'unknown')}")
    label.append(f"  ({count})", style="dim")
    return label


def descendants(documents: Iterable[DocumentSummaryOut], document_id: str) -> set[str]:
    """``document_id`` and every document below it: none of them can become its parent."""
    children: dict[str | None, list[str]] = defaultdict(list)
    for document in documents:
        children[document.parent_id].append(document.id)
    found, todo = set(), [document_id]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            todo.extend(children.get(current, ()))
    return found


@dataclass(frozen=True)
class Layout:
    """The tree's shape: contexts in order with their top-level documents, each document's children, and counts."""

    contexts: list[tuple[Context, list[DocumentSummaryOut]]]
    children: dict[str, list[DocumentSummaryOut]]
    counts: Counter[Context]


def arrange(documents: Sequence[DocumentSummaryOut], names: dict[str, str]) -> Layout:
    shown = {d.id for d in documents}
    by_context: dict[Context, list[DocumentSummaryOut]] = defaultdict(list)
    children: dict[str, list[DocumentSummaryOut]] = defaultdict(list)
    for document in documents:  # already ordered by title
        if document.parent_id is not None and document.parent_id in shown:
            children[document.parent_id].append(document)
        else:
            by_context[(document.context_type, document.context_id)].append(document)
    counts: Counter[Context] = Counter((d.context_type, d.context_id) for d in documents)
    contexts = sorted(by_context, key=lambda c: (CONTEXT_ORDER.index(c[0]), names.get(c[1], "").lower(), c[1]))
    return Layout([(c, by_context[c]) for c in contexts], children, counts)


def landing_document(documents: Sequence[DocumentSummaryOut], names: dict[str, str], keep: str | None) -> str | None:
    """The document the cursor goes to after ``show``: ``keep`` if listed, else the first of the first context.

    The screen reads it with the listing, so its preview needs no second read once the tree is drawn.
    """
    if keep is not None and any(d.id == keep for d in documents):
        return keep
    contexts = arrange(documents, names).contexts
    return contexts[0][1][0].id if contexts else None


class DocumentTree(Tree[str | ContextNode]):
    """Contexts, then documents by parent; a node's data is its document id (or the context it groups)."""

    BINDINGS = [
        Binding("left", "collapse_or_parent", "Collapse", show=False, id="documents_tree.collapse"),
        Binding("right", "expand_node", "Expand", show=False, id="documents_tree.expand"),
    ]

    # While ``show`` adds its nodes, each add's cache reset and layout refresh wait for the last one.
    _adding = False
    _invalidated = False

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("Documents", id=id)
        self.show_root = False
        self.guide_depth = 3
        # Between ``show`` and the cursor's placement after the next refresh, a highlight is the tree's
        # default line (its first context), not a choice: the screen must not read or blank the preview for it.
        self.placing = False

    def _invalidate(self) -> None:
        # Tree.add resets the line cache and asks for a layout after every node: 500 documents
        # cost 500 resets and refreshes. During ``show`` one is made at the end (pinned textual).
        if self._adding:
            self._invalidated = True
            return
        super()._invalidate()

    def get_label_width(self, node: TreeNode[str | ContextNode]) -> int:
        # What ``render_label`` draws, measured without drawing it: Tree asks for every line's
        # width each time it lays its lines out.
        icon = (self.ICON_NODE_EXPANDED if node.is_expanded else self.ICON_NODE) if node.allow_expand else ""
        label = node.label
        return cell_len(icon) + (label.cell_len if isinstance(label, Text) else cell_len(label))

    def show(self, documents: Sequence[DocumentSummaryOut], names: dict[str, str], *, keep: str | None) -> str | None:
        """Rebuild the tree from ``documents``; the cursor goes back to ``keep`` (a document id) if it is still there.

        Returns the document the cursor goes to (``landing_document``), None when it lands on a context or nowhere.
        """
        layout = arrange(documents, names)
        landing = landing_document(documents, names, keep)
        self.clear()
        self._adding, self._invalidated = True, False
        try:
            found = self._add_documents(layout, names, landing)
        finally:
            self._adding = False
            if self._invalidated:
                self._invalidate()
        if found is None and self.root.children:
            first = self.root.children[0]
            found = first.children[0] if first.children else first
        if found is not None:
            # A node has its line once the tree has laid its lines out again, after this refresh.
            self.placing = True
            self.call_after_refresh(self._place_cursor, found)
        return landing

    def _add_documents(self, layout: Layout, names: dict[str, str], landing: str | None) -> TreeNode[str | ContextNode] | None:
        """One branch per context with its documents under their parents; the node of ``landing``."""
        found: TreeNode[str | ContextNode] | None = None
        for context, top in layout.contexts:
            label = context_label(context, names, layout.counts[context])
            branch = self.root.add(label, data=ContextNode(context), expand=True)
            todo = [(branch, d) for d in top]
            while todo:
                parent, document = todo.pop(0)
                below = layout.children.get(document.id, [])
                node = parent.add(document_label(document), data=document.id, expand=True, allow_expand=bool(below))
                if document.id == landing:
                    found = node
                todo.extend((node, child) for child in below)
        return found

    def _place_cursor(self, node: TreeNode[str | ContextNode]) -> None:
        self.placing = False
        self.move_cursor(node)

    @property
    def current_document_id(self) -> str | None:
        node = self.cursor_node
        return node.data if node is not None and isinstance(node.data, str) else None

    @property
    def current_context(self) -> Context | None:
        """The context of the highlighted row: its branch's."""
        node = self.cursor_node
        while node is not None and not isinstance(node.data, ContextNode):
            node = node.parent
        return node.data.context if node is not None and isinstance(node.data, ContextNode) else None

    def action_collapse_or_parent(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)

    def action_expand_node(self) -> None:
        node = self.cursor_node
        if node is not None and node.children:
            node.expand()
