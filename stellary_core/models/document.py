"""Documents: a workspace's knowledge base, a tree of pages with a review workflow."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column, updated_column

DOC_TYPES = ("document", "spec", "brief", "adr", "note", "reference", "template", "spreadsheet")
CONTENT_FORMATS = ("markdown", "tiptap_json")
CONTEXT_TYPES = ("organization", "workspace", "project", "scope")
DOC_STATUSES = ("draft", "pending_review", "approved", "changes_requested")
# What a history entry records: the workflow's steps, and an approved document edited back to draft.
HISTORY_ACTIONS = ("submitted", "approved", "changes_requested", "reopened")


class Document(Base):
    """One document of a workspace.

    ``content`` is what the client gave, in ``content_format`` (TipTap JSON is kept
    as JSON text); ``content_markdown`` is its Markdown, which is what people read
    and what a search looks in. The context is ``context_type`` + ``context_id``;
    a project or scope context also fills ``project_id`` / ``scope_id``, so the
    document goes with its project or scope when that is deleted.
    """

    __tablename__ = "documents"
    __table_args__ = (Index("ix_documents_workspace_parent", "workspace_id", "parent_id"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)
    # SET NULL only matters when a project's deletion takes a parent with it: the children become roots.
    parent_id: Mapped[str | None] = mapped_column(ID, ForeignKey("documents.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    doc_type: Mapped[str] = mapped_column(String(20), nullable=False, default="document")
    content_format: Mapped[str] = mapped_column(String(20), nullable=False, default="markdown")
    content: Mapped[str] = mapped_column(Text, nullable=False, default="")
    content_markdown: Mapped[str] = mapped_column(Text, nullable=False, default="")
    context_type: Mapped[str] = mapped_column(String(20), nullable=False, default="workspace")
    context_id: Mapped[str] = mapped_column(ID, nullable=False)
    project_id: Mapped[str | None] = mapped_column(ID, ForeignKey("projects.id", ondelete="CASCADE"), index=True)
    scope_id: Mapped[str | None] = mapped_column(ID, ForeignKey("scopes.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, default="draft")
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    updated_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class DocumentHistoryEntry(Base):
    """A step of a document's review workflow: who, when, what (``action``), the status it left, and notes."""

    __tablename__ = "document_history"

    id: Mapped[str] = id_column()
    document_id: Mapped[str] = mapped_column(ID, ForeignKey("documents.id", ondelete="CASCADE"), nullable=False, index=True)
    action: Mapped[str] = mapped_column(String(20), nullable=False)
    status: Mapped[str] = mapped_column(String(20), nullable=False)
    user_id: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_column()
