"""Cards and what hangs off them: checklist items, labels, field values, relations."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column, updated_column

PRIORITIES = ("low", "medium", "high")
STATUSES = ("todo", "in_progress", "done")
RELATION_TYPES = ("blocks", "blocked_by", "related_to", "duplicates", "parent_of")


class Card(Base):
    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("project_id", "number", name="uq_cards_project_number"),
        Index("ix_cards_column_order", "column_id", "archived", "order"),
        Index("ix_cards_scope", "scope_id", "archived"),
        Index("ix_cards_assignee", "assignee_id"),
    )

    id: Mapped[str] = id_column()
    project_id: Mapped[str] = mapped_column(ID, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False)
    scope_id: Mapped[str] = mapped_column(ID, ForeignKey("scopes.id", ondelete="CASCADE"), nullable=False)
    column_id: Mapped[str] = mapped_column(ID, ForeignKey("columns.id", ondelete="CASCADE"), nullable=False)
    number: Mapped[int] = mapped_column(Integer, nullable=False)
    key: Mapped[str] = mapped_column(String(20), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    description: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(12), default="todo", nullable=False)
    start_date: Mapped[datetime | None] = mapped_column(DateTime)
    due_date: Mapped[datetime | None] = mapped_column(DateTime)
    assignee_id: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    archived: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    order: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    # Denormalised counters keep board lists to one query.
    comment_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    attachment_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    checklist_total: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    checklist_done: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    completed_at: Mapped[datetime | None] = mapped_column(DateTime)
    # How the card repeats (``stellary_core.recurrence``, stored in its wire shape); SQL NULL when it does not,
    # so a board reads "recurring or not" without decoding JSON.
    recurrence: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class ChecklistItem(Base):
    __tablename__ = "checklist_items"
    __table_args__ = (Index("ix_checklist_items_card", "card_id", "order"),)

    id: Mapped[str] = id_column()
    card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False)
    title: Mapped[str] = mapped_column(String(500), nullable=False)
    done: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    order: Mapped[int] = mapped_column(Integer, nullable=False)


class CardLabel(Base):
    __tablename__ = "card_labels"
    __table_args__ = (Index("ix_card_labels_label", "label_id"),)

    card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True)
    label_id: Mapped[str] = mapped_column(ID, ForeignKey("labels.id", ondelete="CASCADE"), primary_key=True)


class CardFieldValue(Base):
    __tablename__ = "card_field_values"
    __table_args__ = (Index("ix_card_field_values_field", "field_id"),)

    card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True)
    field_id: Mapped[str] = mapped_column(ID, ForeignKey("custom_fields.id", ondelete="CASCADE"), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)


class CardRelation(Base):
    """A typed link stored once, from source to target; the inverse is derived when listing."""

    __tablename__ = "card_relations"
    __table_args__ = (
        UniqueConstraint("source_card_id", "target_card_id", "type", name="uq_card_relations_pair"),
        Index("ix_card_relations_target", "target_card_id"),
    )

    id: Mapped[str] = id_column()
    project_id: Mapped[str] = mapped_column(ID, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False, index=True)
    source_card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False)
    target_card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False)
    type: Mapped[str] = mapped_column(String(12), nullable=False)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()


class Comment(Base):
    __tablename__ = "comments"
    __table_args__ = (Index("ix_comments_card", "card_id", "created_at"),)

    id: Mapped[str] = id_column()
    card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False)
    author_id: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    content: Mapped[str] = mapped_column(Text, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class Attachment(Base):
    """Metadata of a file stored under the data directory by this row's id."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_card", "card_id"),)

    id: Mapped[str] = id_column()
    card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), nullable=False)
    uploaded_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    original_name: Mapped[str] = mapped_column(String(255), nullable=False)
    mime_type: Mapped[str] = mapped_column(String(255), nullable=False)
    size: Mapped[int] = mapped_column(Integer, nullable=False)
    sha256: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[datetime] = created_column()
