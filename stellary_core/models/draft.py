"""Project drafts: the AI project wizard's work in progress, from a rough idea to an executed board."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column, updated_column

# Contract section 7: framing -> refinement (at most 4 rounds) -> roadmap -> executed.
DRAFT_STAGES = ("framing", "refinement", "roadmap", "executed")


class ProjectDraft(Base):
    """One draft of a workspace.

    ``context`` lists what the person gave as context, in order: ``{"documentId": id}``
    for a document of the workspace, ``{"text": ...}`` for a short text. ``questions`` are
    the open questions (``{"id", "text"}``); ``answers`` holds one ``{questionId: answer}``
    object per answered round, oldest first, so ``len(answers)`` is the round count.
    ``roadmap`` is the wizard's ``Roadmap`` as JSON once generated.
    """

    __tablename__ = "project_drafts"
    __table_args__ = (Index("ix_project_drafts_workspace_created", "workspace_id", "created_at"),)

    id: Mapped[str] = id_column()
    workspace_id: Mapped[str] = mapped_column(ID, ForeignKey("workspaces.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False, default="")
    context: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=False, default=list)
    stage: Mapped[str] = mapped_column(String(20), nullable=False, default="framing")
    questions: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=False, default=list)
    answers: Mapped[list[dict[str, str]]] = mapped_column(JSON, nullable=False, default=list)
    readiness_score: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    roadmap: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # The provider that answered last (rules or openai).
    provider: Mapped[str] = mapped_column(String(20), nullable=False, default="rules")
    # SET NULL: deleting the project it became leaves the draft as a record of how it was planned.
    project_id: Mapped[str | None] = mapped_column(ID, ForeignKey("projects.id", ondelete="SET NULL"))
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()
