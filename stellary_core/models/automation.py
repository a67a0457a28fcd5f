"""Automation rules of a project, the trace of every run, and the claims that make a rule fire once per due date."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from stellary_core.models.base import ID, Base, created_column, id_column, updated_column

TRIGGERS = (
    "task_created",
    "task_moved",
    "task_status_changed",
    "task_assigned",
    "checklist_complete",
    "due_date_reached",
    "task_added_to_board",
)
TRACE_RESULTS = ("success", "failure")


class AutomationRule(Base):
    """A project's rule: when ``trigger`` happens to a card and ``conditions`` hold, do ``action``.

    ``conditions`` and ``action`` are the JSON the client gave, checked when saved
    (``services.automation_rules``). ``last_run_at`` / ``run_count`` count runs, failed ones too.
    """

    __tablename__ = "automation_rules"
    # The engine reads a project's enabled rules for one trigger on every card event.
    __table_args__ = (Index("ix_automation_rules_project_trigger", "project_id", "trigger"),)

    id: Mapped[str] = id_column()
    project_id: Mapped[str] = mapped_column(ID, ForeignKey("projects.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(String(200), nullable=False)
    trigger: Mapped[str] = mapped_column(String(30), nullable=False)
    conditions: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)
    action: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    created_by: Mapped[str | None] = mapped_column(ID, ForeignKey("users.id", ondelete="SET NULL"))
    last_run_at: Mapped[datetime | None] = mapped_column(DateTime)
    run_count: Mapped[int] = mapped_column(Integer, default=0, nullable=False)
    created_at: Mapped[datetime] = created_column()
    updated_at: Mapped[datetime] = updated_column()


class AutomationTrace(Base):
    """One run of a rule: who triggered it, on which card, what caused it (``event``) and how it ended."""

    __tablename__ = "automation_traces"
    __table_args__ = (Index("ix_automation_traces_rule_time", "rule_id", "at"),)

    id: Mapped[str] = id_column()
    rule_id: Mapped[str] = mapped_column(ID, ForeignKey("automation_rules.id", ondelete="CASCADE"), nullable=False)
    trigger: Mapped[str] = mapped_column(String(30), nullable=False)
    # No foreign keys: a trace outlives the card it acted on and the person who triggered it.
    actor_id: Mapped[str | None] = mapped_column(ID)
    card_id: Mapped[str | None] = mapped_column(ID)
    at: Mapped[datetime] = created_column()
    result: Mapped[str] = mapped_column(String(10), nullable=False)
    error: Mapped[str | None] = mapped_column(Text)
    event: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, nullable=False)


class DueDateFiring(Base):
    """A rule that has fired for a card's due date: the primary key is the claim of that firing.

    The claim is written in the transaction that runs the rule (its effect and its
    trace), so a firing is recorded exactly when it happened: a second process
    inserting the same key fails and rolls its whole run back, and a process that
    dies mid-run leaves no claim, so the next check fires the rule. A rule whose
    conditions did not hold for the card is recorded too (nothing to run). A new
    due date is a new claim; the rows go with the card and with the rule.
    """

    __tablename__ = "automation_due_firings"

    # The card leads the key: its index serves the check's per-card lookup and a card's deletion.
    card_id: Mapped[str] = mapped_column(ID, ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True)
    rule_id: Mapped[str] = mapped_column(ID, ForeignKey("automation_rules.id", ondelete="CASCADE"), primary_key=True)
    due_date: Mapped[datetime] = mapped_column(DateTime, primary_key=True)
    fired_at: Mapped[datetime] = created_column()
