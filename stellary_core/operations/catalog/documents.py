"""Documents: the workspace's knowledge base and its review workflow."""

from __future__ import annotations

from stellary_core.errors import Invalid
from stellary_core.ids import is_id
from stellary_core.operations import refs
from stellary_core.operations.refs import InWorkspace
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.schemas.common import ObjectId, OkResponse
from stellary_core.schemas.documents import (
    ContextType,
    DocStatus,
    DocType,
    DocumentCreateIn,
    DocumentOut,
    DocumentReviewIn,
    DocumentSummaryOut,
    DocumentUpdateIn,
)
from stellary_core.services import documents
from stellary_core.services.documents import DocumentFilters

READ = "projects:read"
WRITE = "projects:write"


class ListDocuments(InWorkspace):
    """Filters, all optional; ``parentId`` ``"none"`` lists the top of the tree."""

    doc_type: DocType | None = None
    context_type: ContextType | None = None
    context_id: ObjectId | None = None
    parent_id: str | None = None
    status: DocStatus | None = None
    q: str | None = None


@operation("list_documents", input=ListDocuments, output=list[DocumentSummaryOut], scope=READ, writes=False)
def list_documents(ctx: OperationContext, given: ListDocuments) -> list[DocumentSummaryOut]:
    """The workspace's documents (without their content), by title; filter by type, context, parent, status or words."""
    ws = refs.workspace(ctx, given)
    top_level = given.parent_id == "none"
    if given.parent_id is not None and not top_level and not is_id(given.parent_id):
        raise Invalid.field("parentId", 'must be a document id, or "none" for the top level')
    filters = DocumentFilters(
        doc_type=given.doc_type,
        context_type=given.context_type,
        context_id=given.context_id,
        parent_id=None if top_level else given.parent_id,
        top_level=top_level,
        status=given.status,
        q=given.q,
    )
    found = documents.list_documents(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, filters=filters)
    return [DocumentSummaryOut.model_validate(d) for d in found]


class OnDocument(InWorkspace):
    document: str


@operation("get_document", input=OnDocument, output=DocumentOut, scope=READ, writes=False)
def get_document(ctx: OperationContext, given: OnDocument) -> DocumentOut:
    """One document with its content, its Markdown and its review history."""
    ws = refs.workspace(ctx, given)
    view = documents.get_document(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, document_id=given.document)
    return DocumentOut.of(view)


class CreateDocument(InWorkspace):
    data: DocumentCreateIn


@operation("create_document", input=CreateDocument, output=DocumentOut, scope=WRITE, writes=True)
def create_document(ctx: OperationContext, given: CreateDocument) -> DocumentOut:
    """Create a document (a draft): title, type, Markdown or TipTap content, parent and context."""
    ws = refs.workspace(ctx, given)
    view = documents.create_document(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, data=given.data)
    return DocumentOut.of(view)


class UpdateDocument(OnDocument):
    data: DocumentUpdateIn


@operation("update_document", input=UpdateDocument, output=DocumentOut, scope=WRITE, writes=True)
def update_document(ctx: OperationContext, given: UpdateDocument) -> DocumentOut:
    """Change a document's title, content, type, parent or context; an approved one edited goes back to draft."""
    ws = refs.workspace(ctx, given)
    view = documents.update_document(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, document_id=given.document, data=given.data
    )
    return DocumentOut.of(view)


@operation("delete_document", input=OnDocument, output=OkResponse, scope=WRITE, writes=True)
def delete_document(ctx: OperationContext, given: OnDocument) -> OkResponse:
    """Delete a document; its children move up to its parent."""
    ws = refs.workspace(ctx, given)
    documents.delete_document(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, document_id=given.document)
    return OkResponse()


@operation("submit_document_for_review", input=OnDocument, output=DocumentOut, scope=WRITE, writes=True)
def submit_document_for_review(ctx: OperationContext, given: OnDocument) -> DocumentOut:
    """Submit a draft (or a document with changes requested) for review."""
    ws = refs.workspace(ctx, given)
    view = documents.submit_for_review(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, document_id=given.document)
    return DocumentOut.of(view)


class ReviewDocument(OnDocument):
    data: DocumentReviewIn


@operation("review_document", input=ReviewDocument, output=DocumentOut, scope=WRITE, writes=True)
def review_document(ctx: OperationContext, given: ReviewDocument) -> DocumentOut:
    """Approve a document pending review, or ask for changes, with notes (admins and pilotage reviewers, not the author)."""
    ws = refs.workspace(ctx, given)
    view = documents.review_document(
        ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, document_id=given.document, data=given.data
    )
    return DocumentOut.of(view)
