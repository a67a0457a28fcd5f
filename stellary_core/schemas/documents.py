"""Document shapes: the knowledge base's pages, their filters, reviews and history.

``content`` is Markdown text for a ``markdown`` document and a TipTap JSON
object for a ``tiptap_json`` one; ``contentMarkdown`` may be sent instead of
``content`` (the TUI edits Markdown whatever the format) and is converted to
the document's format. Responses carry both: ``content`` as stored and
``contentMarkdown`` to read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, PlainValidator, StringConstraints

from stellary_core.schemas.common import (
    CONTENT_MAX,
    DESCRIPTION_MAX,
    ApiModel,
    InputModel,
    LongText,
    ObjectId,
    OneLine,
    UtcDateTime,
    hidden_character_problem,
)

DocType = Literal["document", "spec", "brief", "adr", "note", "reference", "template", "spreadsheet"]
ContentFormat = Literal["markdown", "tiptap_json"]
ContextType = Literal["organization", "workspace", "project", "scope"]
DocStatus = Literal["draft", "pending_review", "approved", "changes_requested"]
ReviewVerdict = Literal["approved", "changes_requested"]
HistoryAction = Literal["submitted", "approved", "changes_requested", "reopened"]

DocumentTitle = Annotated[str, Field(min_length=1, max_length=200), OneLine]
# Markdown keeps its leading and trailing spaces: indentation is syntax there.
MarkdownText = Annotated[str, StringConstraints(strip_whitespace=False), Field(max_length=CONTENT_MAX), LongText]
# A TipTap document; its nodes are checked by stellary_core.tiptap_markdown.
TipTapDocument = dict[str, Any]


def _content(value: Any) -> str | TipTapDocument:
    # One validator for both shapes, so a refusal names ``content`` alone, not each shape tried.
    if isinstance(value, dict):
        return value
    if not isinstance(value, str):
        raise ValueError("must be Markdown text or a TipTap JSON document (an object)")
    if len(value) > CONTENT_MAX:
        raise ValueError(f"must be at most {CONTENT_MAX} characters")
    if (problem := hidden_character_problem(value, multiline=True)) is not None:
        raise ValueError(problem)
    return value


Content = Annotated[str | TipTapDocument, PlainValidator(_content, json_schema_input_type=str | TipTapDocument)]
ReviewNotes = Annotated[str, Field(max_length=DESCRIPTION_MAX), LongText]


class DocumentCreateIn(InputModel):
    title: DocumentTitle
    doc_type: DocType = "document"
    # Left out: tiptap_json when content is an object, else markdown.
    content_format: ContentFormat | None = None
    content: Content | None = None
    content_markdown: MarkdownText | None = None
    parent_id: ObjectId | None = None
    # Left out: the workspace. An organization or workspace context may leave its id out too.
    context_type: ContextType | None = None
    context_id: ObjectId | None = None


class DocumentUpdateIn(InputModel):
    """Only what is sent changes; ``parentId: null`` moves the document to the top of the tree."""

    title: DocumentTitle | None = None
    doc_type: DocType | None = None
    content_format: ContentFormat | None = None
    content: Content | None = None
    content_markdown: MarkdownText | None = None
    parent_id: ObjectId | None = None
    context_type: ContextType | None = None
    context_id: ObjectId | None = None


class DocumentReviewIn(InputModel):
    status: ReviewVerdict
    notes: ReviewNotes | None = None


class DocumentHistoryOut(ApiModel):
    """One step of the review workflow, oldest first in a document's ``history``."""

    id: ObjectId
    action: HistoryAction
    status: DocStatus  # the document's status after the step
    user_id: ObjectId | None  # None once the account is gone
    user_name: str | None
    notes: str | None
    created_at: UtcDateTime

    @classmethod
    def of(cls, view: Any) -> DocumentHistoryOut:
        """From a service's HistoryView."""
        e = view.entry
        return cls(
            id=e.id, action=e.action, status=e.status, user_id=e.user_id, user_name=view.user_name, notes=e.notes,
            created_at=e.created_at,
        )


class DocumentSummaryOut(ApiModel):
    """A document in a list: everything but its content and history."""

    id: ObjectId
    workspace_id: ObjectId
    parent_id: ObjectId | None
    title: str
    doc_type: DocType
    content_format: ContentFormat
    context_type: ContextType
    context_id: ObjectId
    status: DocStatus
    created_by: ObjectId | None
    updated_by: ObjectId | None
    created_at: UtcDateTime
    updated_at: UtcDateTime


class DocumentOut(DocumentSummaryOut):
    """The full document: content as stored, its Markdown, and its review history."""

    content: str | TipTapDocument
    content_markdown: str
    history: list[DocumentHistoryOut]

    @classmethod
    def of(cls, view: Any) -> DocumentOut:
        """From a service's DocumentView."""
        summary = DocumentSummaryOut.model_validate(view.document)
        return cls(
            **summary.__dict__,
            content=view.content,
            content_markdown=view.document.content_markdown,
            history=[DocumentHistoryOut.of(h) for h in view.history],
        )
