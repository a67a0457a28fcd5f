"""Documents: a workspace's knowledge base, a tree of pages with a review workflow.

Rules:
- every workspace member reads, writes and deletes documents (contract section 3:
  documents are among what any member does); a document of another workspace,
  like a workspace one cannot see, is a 404;
- ``content`` is Markdown text or a TipTap JSON document (checked node by node,
  a bad one is a 400 saying where); ``contentMarkdown`` is kept beside it, for
  reading and searching; changing ``contentFormat`` converts the content;
- ``parentId`` names a document of the same workspace (else a 400); moving a
  document under itself or one of its descendants is a 409; deleting one lifts
  its children to its own parent, so nothing else is lost;
- the context (organization, workspace, project or scope) must be this
  workspace, its organization, or a project or scope of this workspace (a 400);
- the review workflow (contract section 7): submit from ``draft`` or
  ``changes_requested``; review from ``pending_review``, by a workspace admin or
  a pilotage reviewer or owner who is not the author (a 403); editing the title,
  type or content of an approved document returns it to ``draft``; any other
  step is a 409. Each step is kept in the document's history.

Every change emits a ``document_*`` event for after-commit subscribers (the TUI's refresh).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, update
from sqlalchemy.orm import Session

from stellary_core.errors import Conflict, Forbidden, Invalid, NotFound
from stellary_core.event_types import (
    Actor,
    DocumentCreated,
    DocumentDeleted,
    DocumentReviewed,
    DocumentSubmitted,
    DocumentUpdated,
    WorkspaceEvent,
)
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Document, DocumentHistoryEntry, Project, Scope, User
from stellary_core.principal import Principal
from stellary_core.schemas.common import CONTENT_MAX
from stellary_core.schemas.documents import DocumentCreateIn, DocumentReviewIn, DocumentUpdateIn
from stellary_core.services import access
from stellary_core.services.access import WorkspaceAccess
from stellary_core.tiptap_markdown import TipTapError, from_markdown, to_markdown, validate

REVIEWER_ROLES = ("reviewer", "owner")
SUBMITTABLE = ("draft", "changes_requested")
# Editing these is editing what was approved; moving the document or its context is not.
SUBSTANCE = ("title", "doc_type", "content")
# What an update compares before and after, to know what it changed.
TRACKED = ("title", "doc_type", "content", "content_format", "parent_id", "context_type", "context_id")
MAX_DEPTH = 50


@dataclass(frozen=True)
class DocumentFilters:
    doc_type: str | None = None
    context_type: str | None = None
    context_id: str | None = None
    parent_id: str | None = None
    top_level: bool = False  # only documents without a parent
    status: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class HistoryView:
    entry: DocumentHistoryEntry
    user_name: str | None


@dataclass(frozen=True)
class DocumentView:
    document: Document
    history: list[HistoryView]

    @property
    def content(self) -> str | dict[str, Any]:
        """The content in its format: a TipTap document is given back as the object it is."""
        if self.document.content_format == "tiptap_json":
            parsed: dict[str, Any] = json.loads(self.document.content)
            return parsed
        return self.document.content


# -- finding -------------------------------------------------------------------


def document_of_workspace(session: Session, workspace_id: str, document_id: str) -> Document:
    found = session.get(Document, document_id) if is_id(document_id) else None
    if found is None or found.workspace_id != workspace_id:
        raise NotFound("Document not found")
    return found


def list_documents(
    session: Session, *, actor: Principal, workspace_id: str, filters: DocumentFilters | None = None
) -> list[Document]:
    """The workspace's documents that match every filter given, by title; ``q``'s words are all in the title or content."""
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    wanted = filters or DocumentFilters()
    conditions: list[ColumnElement[bool]] = [Document.workspace_id == workspace_id]
    if wanted.doc_type is not None:
        conditions.append(Document.doc_type == wanted.doc_type)
    if wanted.context_type is not None:
        conditions.append(Document.context_type == wanted.context_type)
    if wanted.context_id is not None:
        conditions.append(Document.context_id == wanted.context_id)
    if wanted.top_level:
        conditions.append(Document.parent_id.is_(None))
    elif wanted.parent_id is not None:
        conditions.append(Document.parent_id == wanted.parent_id)
    if wanted.status is not None:
        conditions.append(Document.status == wanted.status)
    for word in (wanted.q or "").split():
        conditions.append(
            or_(Document.title.icontains(word, autoescape=True), Document.content_markdown.icontains(word, autoescape=True))
        )
    query = select(Document).where(and_(*conditions)).order_by(func.lower(Document.title), Document.id)
    return list(session.scalars(query))


def _load(session: Session, actor: Principal, workspace_id: str, document_id: str) -> tuple[WorkspaceAccess, Document]:
    """The actor's access to the workspace and its document; a 404 for either unseen."""
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return ws, document_of_workspace(session, workspace_id, document_id)


def get_document(session: Session, *, actor: Principal, workspace_id: str, document_id: str) -> DocumentView:
    return _view(session, _load(session, actor, workspace_id, document_id)[1])


def _view(session: Session, document: Document) -> DocumentView:
    rows = session.execute(
        select(DocumentHistoryEntry, User.name)
        .outerjoin(User, User.id == DocumentHistoryEntry.user_id)
        .where(DocumentHistoryEntry.document_id == document.id)
        .order_by(DocumentHistoryEntry.created_at, DocumentHistoryEntry.id)
    ).all()
    return DocumentView(document, [HistoryView(entry, name) for entry, name in rows])


# -- writing -------------------------------------------------------------------


def create_document(
    session: Session, *, actor: Principal, workspace_id: str, data: DocumentCreateIn
) -> DocumentView:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    content_format = data.content_format or ("tiptap_json" if isinstance(data.content, dict) else "markdown")
    document = Document(
        workspace_id=workspace_id,
        title=data.title,
        doc_type=data.doc_type,
        status="draft",
        created_by=actor.user_id,
        updated_by=actor.user_id,
    )
    _set_context(session, ws, document, data.context_type or "workspace", data.context_id)
    if data.parent_id is not None:
        _check_parent(session, workspace_id, None, data.parent_id)
        document.parent_id = data.parent_id
    _set_content(document, content_format, data.content, data.content_markdown, given=data.given())
    session.add(document)
    session.flush()
    emit(session, _event(DocumentCreated, actor, document))
    return _view(session, document)


def update_document(
    session: Session, *, actor: Principal, workspace_id: str, document_id: str, data: DocumentUpdateIn
) -> DocumentView:
    ws, document = _load(session, actor, workspace_id, document_id)
    given = data.given()
    for name in ("title", "doc_type", "content_format", "content", "content_markdown", "context_type", "context_id"):
        if name in given and getattr(data, name) is None:
            raise Invalid.field(_wire(name), "cannot be null")
    before = {name: getattr(document, name) for name in TRACKED}
    if data.title is not None:
        document.title = data.title
    if data.doc_type is not None:
        document.doc_type = data.doc_type
    if given & {"context_type", "context_id"}:
        kind = data.context_type or document.context_type
        # A new kind of context without an id is that kind's own (organization, workspace) or a 400.
        kept = document.context_id if kind == document.context_type else None
        context_id = data.context_id if "context_id" in given else kept
        _set_context(session, ws, document, kind, context_id)
    if "parent_id" in given and data.parent_id != document.parent_id:
        if data.parent_id is not None:
            _check_parent(session, workspace_id, document, data.parent_id)
        document.parent_id = data.parent_id
    if given & {"content", "content_markdown", "content_format"}:
        content_format = data.content_format or document.content_format
        _set_content(document, content_format, data.content, data.content_markdown, given=given, current=document)
    changed = [name for name, value in before.items() if getattr(document, name) != value]
    if not changed:
        return _view(session, document)
    document.updated_by = actor.user_id
    if document.status == "approved" and any(name in SUBSTANCE for name in changed):
        document.status = "draft"
        _record(session, document, actor, "reopened", None)
    session.flush()
    emit(session, _event(DocumentUpdated, actor, document, fields=[_wire(name) for name in changed]))
    return _view(session, document)


def delete_document(session: Session, *, actor: Principal, workspace_id: str, document_id: str) -> None:
    """Delete a document; its children move up to its parent (or the top of the tree)."""
    _ws, document = _load(session, actor, workspace_id, document_id)
    session.execute(
        update(Document)
        .where(Document.parent_id == document.id)
        .values(parent_id=document.parent_id)
        .execution_options(synchronize_session="fetch")
    )
    emit(session, _event(DocumentDeleted, actor, document))
    session.delete(document)
    session.flush()


def submit_for_review(session: Session, *, actor: Principal, workspace_id: str, document_id: str) -> DocumentView:
    _ws, document = _load(session, actor, workspace_id, document_id)
    if document.status not in SUBMITTABLE:
        raise Conflict(
            f"Only a draft or a document with changes requested can be submitted for review; this one is {document.status}"
        )
    document.status = "pending_review"
    _record(session, document, actor, "submitted", None)
    session.flush()
    emit(session, _event(DocumentSubmitted, actor, document))
    return _view(session, document)


def review_document(
    session: Session, *, actor: Principal, workspace_id: str, document_id: str, data: DocumentReviewIn
) -> DocumentView:
    ws, document = _load(session, actor, workspace_id, document_id)
    if not (ws.is_admin or ws.pilotage_role in REVIEWER_ROLES):
        raise Forbidden("Only workspace admins and pilotage reviewers or owners can review documents")
    if document.created_by == actor.user_id:
        raise Forbidden("You cannot review your own document: someone else must")
    if document.status != "pending_review":
        raise Conflict(f"Only a document pending review can be reviewed; this one is {document.status}")
    document.status = data.status
    _record(session, document, actor, data.status, data.notes or None)
    session.flush()
    emit(session, _event(DocumentReviewed, actor, document, authorId=document.created_by, notes=data.notes or None))
    return _view(session, document)


# -- rules -----------------------------------------------------------------------


def _set_content(
    document: Document,
    content_format: str,
    content: str | dict[str, Any] | None,
    markdown: str | None,
    *,
    given: set[str],
    current: Document | None = None,
) -> None:
    """Store the content in ``content_format`` and its Markdown beside it."""
    if "content" in given and "content_markdown" in given:
        raise Invalid.field("contentMarkdown", "give content or contentMarkdown, not both")
    if "content" in given and content is not None:
        if content_format == "markdown":
            if not isinstance(content, str):
                raise Invalid.field("content", "must be Markdown text for a markdown document")
            markdown = content
        else:
            if not isinstance(content, dict):
                raise Invalid.field("content", "must be a TipTap JSON document (an object); send Markdown as contentMarkdown")
            _store(document, content_format, _checked(content), to_markdown(content))
            return
    elif markdown is None:
        # Only the format changed (or nothing was given): convert what is there.
        markdown = current.content_markdown if current is not None else ""
    if content_format == "markdown":
        _store(document, content_format, markdown, markdown)
    else:
        doc = from_markdown(markdown)
        _store(document, content_format, doc, to_markdown(doc))


def _checked(content: dict[str, Any]) -> dict[str, Any]:
    try:
        return validate(content)
    except TipTapError as error:
        where = f"content.{error.where}" if error.where else "content"
        raise Invalid.field(where, error.problem) from None


def _store(document: Document, content_format: str, content: str | dict[str, Any], markdown: str) -> None:
    if len(markdown) > CONTENT_MAX:
        raise Invalid.field("content", f"must be at most {CONTENT_MAX} characters of Markdown")
    document.content_format = content_format
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False, separators=(",", ":"))
    if document.content != text:
        document.content = text
    document.content_markdown = markdown


def _set_context(session: Session, ws: WorkspaceAccess, document: Document, kind: str, context_id: str | None) -> None:
    project_id = scope_id = None
    if kind == "organization":
        if context_id not in (None, ws.org.id):
            raise Invalid.field("contextId", "must be this workspace's organization")
        context_id = ws.org.id
    elif kind == "workspace":
        if context_id not in (None, ws.workspace.id):
            raise Invalid.field("contextId", "must be this workspace")
        context_id = ws.workspace.id
    elif context_id is None:
        raise Invalid.field("contextId", f"is required for a {kind} context")
    elif kind == "project":
        project = session.get(Project, context_id)
        if project is None or project.workspace_id != ws.workspace.id:
            raise Invalid.field("contextId", "is not a project of this workspace")
        project_id = project.id
    else:
        found = session.execute(
            select(Scope, Project.workspace_id).join(Project, Project.id == Scope.project_id).where(Scope.id == context_id)
        ).first()
        if found is None or found[1] != ws.workspace.id:
            raise Invalid.field("contextId", "is not a scope of this workspace")
        scope_id, project_id = found[0].id, found[0].project_id
    document.context_type, document.context_id = kind, context_id
    document.project_id, document.scope_id = project_id, scope_id


def _check_parent(session: Session, workspace_id: str, document: Document | None, parent_id: str) -> None:
    """A parent of the same workspace, and never the document itself or one of its descendants."""
    parent = session.get(Document, parent_id)
    if parent is None or parent.workspace_id != workspace_id:
        raise Invalid.field("parentId", "is not a document of this workspace")
    depth = 0
    ancestor: Document | None = parent
    while ancestor is not None:
        if document is not None and ancestor.id == document.id:
            raise Conflict("A document cannot be moved under itself or one of its own descendants")
        depth += 1
        if depth > MAX_DEPTH:
            raise Conflict(f"Documents nest at most {MAX_DEPTH} deep")
        ancestor = session.get(Document, ancestor.parent_id) if ancestor.parent_id else None


def _record(session: Session, document: Document, actor: Principal, action: str, notes: str | None) -> None:
    session.add(
        DocumentHistoryEntry(document_id=document.id, action=action, status=document.status, user_id=actor.user_id, notes=notes)
    )


def _event(kind: type[WorkspaceEvent], actor: Principal, document: Document, **data: Any) -> WorkspaceEvent:
    return kind(
        actor=Actor.of(actor),
        workspace_id=document.workspace_id,
        data={"documentId": document.id, "title": document.title, "status": document.status, **data},
    )


def _wire(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part.title() for part in rest)
