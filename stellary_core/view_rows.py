"""The plain rows the TUI's views draw: a scope's board and the navigation tree.

Standard library only (no SQLAlchemy, no pydantic): the TUI paints its first
screen from a saved copy of these before the rest of the core has loaded
(stellary_tui/start_snapshot.py). The services that fill them, and the
operations that return them, re-export them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from stellary_core.filters import CardQuery  # at run time: pydantic resolves ScopeBoard's fields to dump it
from stellary_core.overdue import is_overdue


@dataclass(frozen=True, slots=True)
class CardRow:
    id: str
    key: str
    number: int
    title: str
    column_id: str
    order: int
    priority: str | None
    status: str
    start_date: datetime | None
    due_date: datetime | None
    assignee_id: str | None
    archived: bool
    checklist_total: int
    checklist_done: int
    comment_count: int
    attachment_count: int
    created_at: datetime
    updated_at: datetime
    completed_at: datetime | None
    description: str | None = None
    label_ids: tuple[str, ...] = ()
    blocked_by_count: int = 0
    blocks_count: int = 0
    recurring: bool = False  # whether it repeats once done (the rule itself is read with the card)

    @property
    def checklist_progress(self) -> int:
        return round(self.checklist_done * 100 / self.checklist_total) if self.checklist_total else 0

    def is_overdue(self, today: date) -> bool:
        """The one overdue rule (``stellary_core.overdue``), as ``due:overdue`` applies it."""
        return is_overdue(due_date=self.due_date, status=self.status, archived=self.archived, today=today)


@dataclass(frozen=True, slots=True)
class ColumnRow:
    id: str
    name: str
    order: int
    category: str | None
    wip_limit: int | None


@dataclass(frozen=True, slots=True)
class LabelRow:
    id: str
    name: str
    color: str


@dataclass(frozen=True, slots=True)
class BoardProject:
    id: str
    name: str
    key_prefix: str


@dataclass(frozen=True, slots=True)
class BoardScope:
    id: str
    name: str
    is_default: bool
    active_view: str


@dataclass
class ScopeBoard:
    """A scope's columns and light card rows, with the names the views show beside them."""

    project: BoardProject
    scope: BoardScope
    columns: list[ColumnRow]
    cards: dict[str, list[CardRow]] = field(default_factory=dict)  # column id -> cards in order
    people: dict[str, str] = field(default_factory=dict)  # user id -> display name
    labels: dict[str, LabelRow] = field(default_factory=dict)
    people_details: dict[str, tuple[str, str]] = field(default_factory=dict)  # user id -> (name, email)
    query: CardQuery | None = None  # the filter this board was narrowed by, if any

    @property
    def card_count(self) -> int:
        return sum(len(c) for c in self.cards.values())

    def all_cards(self) -> list[CardRow]:
        return [card for column in self.columns for card in self.cards.get(column.id, [])]


# -- the navigation tree ---------------------------------------------------------------


@dataclass(frozen=True)
class ProjectNode:
    id: str
    name: str
    key_prefix: str
    workspace_id: str


@dataclass(frozen=True)
class WorkspaceNode:
    id: str
    name: str
    slug: str
    org_slug: str
    is_personal: bool
    is_admin: bool
    projects: tuple[ProjectNode, ...] = ()


@dataclass(frozen=True)
class OrgNode:
    id: str
    name: str
    slug: str
    role: str
    workspaces: tuple[WorkspaceNode, ...] = field(default_factory=tuple)
