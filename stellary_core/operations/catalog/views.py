"""What the TUI's screens and views read and remember: navigation, a scope's board, statistics, preferences.

The board is the read model the views draw thousands of cards from (plain
rows, not ORM objects), so that a client of a team server can receive the
same shapes over HTTP. The row types are re-exported here: shells import
them from the operation that returns them, never from a service.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from stellary_core.clock import utcnow
from stellary_core.db import data_generation
from stellary_core.filters import CardQuery, FilterContext, Person, matches
from stellary_core.models import BoardColumn, Card
from stellary_core.operations import refs
from stellary_core.operations.refs import InProject, NoInput, OnCard, OperationInput
from stellary_core.operations.registry import OperationContext, operation
from stellary_core.services import board as board_service
from stellary_core.schemas.board import CardOut
from stellary_core.services import cards, columns, custom_fields, labels, navigation, stats
from stellary_core.services.stats import Count, DayCount, Duration, FlowSeries, ScopeStats
from stellary_core.view_rows import (
    BoardProject,
    BoardScope,
    CardRow,
    ColumnRow,
    LabelRow,
    OrgNode,
    ProjectNode,
    ScopeBoard,
    WorkspaceNode,
)

__all__ = [
    "BoardProject",
    "BoardScope",
    "CardPlace",
    "CardRow",
    "ChangedCard",
    "ColumnRow",
    "Count",
    "DayCount",
    "Duration",
    "EditorData",
    "EditorField",
    "EditorLabel",
    "FlowSeries",
    "LabelRow",
    "NoInput",
    "OrgNode",
    "ProjectNode",
    "ScopeBoard",
    "ScopeStats",
    "StartView",
    "WorkspaceNode",
    "narrowed",
]

READ = "projects:read"
WRITE = "projects:write"


# -- the board -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Matchable:
    """Adapts a CardRow to what ``filters.matches`` reads."""

    card: CardRow

    @property
    def label_ids(self) -> list[str]:
        return list(self.card.label_ids)

    @property
    def blocked_by_count(self) -> int:
        return self.card.blocked_by_count


def narrowed(board: ScopeBoard, query: CardQuery, *, me: str | None) -> ScopeBoard:
    """The same board holding only the cards that match ``query``.

    Runs where the board is shown (locally or in a remote client), on rows
    already loaded, so a new filter needs no round trip; the rule itself is
    ``filters.matches``, the one the card list and REST use.
    """
    if not query:
        return board
    context = FilterContext(
        now=utcnow(),
        me=me,
        labels={label.id: label.name for label in board.labels.values()},
        columns={c.id: c.name for c in board.columns},
        people=tuple(Person(user_id, email, name) for user_id, (name, email) in board.people_details.items()),
    )
    kept = {
        column_id: [c for c in rows if matches(_Matchable(c), query, context, include_archived=True)]
        for column_id, rows in board.cards.items()
    }
    return replace(board, cards=kept, query=query)


class GetBoard(InProject):
    scope_id: str | None = None
    include_archived: bool = False


def _board(ctx: OperationContext, workspace_id: str, project_id: str, scope_id: str | None, archived: bool) -> ScopeBoard:
    loaded = board_service.load_board(
        ctx.session,
        actor=ctx.actor,
        workspace_id=workspace_id,
        project_id=project_id,
        scope_id=scope_id,
        include_archived=archived,
    )
    project, scope = loaded.project, loaded.scope
    return ScopeBoard(
        project=BoardProject(project.id, project.name, project.key_prefix),
        scope=BoardScope(scope.id, scope.name, scope.is_default, scope.active_view),
        columns=loaded.columns,
        cards=loaded.cards,
        people=loaded.people,
        labels=loaded.labels,
        people_details=loaded.people_details,
    )


@operation("get_board", input=GetBoard, output=ScopeBoard, scope=READ, writes=False)
def get_board(ctx: OperationContext, given: GetBoard) -> ScopeBoard:
    """A scope's columns and card rows (the project's default scope unless scopeId is given)."""
    ws, project = refs.project(ctx, given)
    return _board(ctx, ws.workspace.id, project.id, given.scope_id, given.include_archived)


# -- navigation and preferences --------------------------------------------------------


@operation("get_navigation", input=NoInput, output=list[OrgNode], scope=READ, writes=False)
def get_navigation(ctx: OperationContext, given: NoInput) -> list[OrgNode]:
    """The organizations, workspaces and projects the actor sees, as the navigator shows them."""
    return navigation.navigation_tree(ctx.session, actor=ctx.actor)


class GetPreference(OperationInput):
    name: str


class SetPreference(OperationInput):
    name: str
    value: Any


@operation("get_preference", input=GetPreference, output=Any, scope="account:read", writes=False)
def get_preference(ctx: OperationContext, given: GetPreference) -> Any:
    """A remembered UI choice of the actor (last project...), or null."""
    return navigation.get_preference(ctx.session, actor=ctx.actor, name=given.name)


@operation("set_preference", input=SetPreference, output=Any, scope="account:write", writes=True)
def set_preference(ctx: OperationContext, given: SetPreference) -> Any:
    """Remember a UI choice of the actor; answers the value stored."""
    navigation.set_preference(ctx.session, actor=ctx.actor, name=given.name, value=given.value)
    return given.value


@dataclass(frozen=True)
class StartView:
    """What the main screen shows first: the tree, the project to open and its board."""

    tree: list[OrgNode]
    project_id: str | None
    board: ScopeBoard | None
    # The database's commit count when this was read (stellary_core.db.data_generation), None off SQLite.
    generation: int | None = None


@operation("get_start_view", input=NoInput, output=StartView, scope=READ, writes=False)
def get_start_view(ctx: OperationContext, given: NoInput) -> StartView:
    """The navigation tree, the last project opened (else the first) and its board, read together."""
    generation = data_generation(ctx.session)  # first: the reads below see this commit and none after it
    tree = navigation.navigation_tree(ctx.session, actor=ctx.actor)
    workspace_of = {p.id: p.workspace_id for org in tree for ws in org.workspaces for p in ws.projects}
    last = navigation.get_preference(ctx.session, actor=ctx.actor, name="last_project")
    project_id = last if isinstance(last, str) and last in workspace_of else next(iter(workspace_of), None)
    board = _board(ctx, workspace_of[project_id], project_id, None, False) if project_id is not None else None
    return StartView(tree, project_id, board, generation)


# -- cards from the views --------------------------------------------------------------


@dataclass(frozen=True)
class CardPlace:
    """Where a card is: its column (and the status it gives), its place there, its status, whether it is archived."""

    column_id: str
    column_name: str
    category: str | None
    order: int
    status: str
    archived: bool


@dataclass(frozen=True)
class ChangedCard:
    """The card an operation changed, by id and key (the views reload their rows anyway).

    With where it was and is now, and its version (``updatedAt``) before and
    after, read in the change's own transaction: what undoing it needs.
    """

    id: str
    key: str
    title: str = ""
    before: CardPlace | None = None
    after: CardPlace | None = None
    version_before: datetime | None = None
    version_after: datetime | None = None


def _place(ctx: OperationContext, card: Card) -> CardPlace:
    column = ctx.session.get_one(BoardColumn, card.column_id)
    return CardPlace(column.id, column.name, column.category, card.order, card.status, card.archived)


def _changed(ctx: OperationContext, card: Card, before: CardPlace, version_before: datetime) -> ChangedCard:
    return ChangedCard(card.id, card.key, card.title, before, _place(ctx, card), version_before, card.updated_at)


@operation("archive_card", input=OnCard, output=ChangedCard, scope=WRITE, writes=True)
def archive_card(ctx: OperationContext, given: OnCard) -> ChangedCard:
    """Archive a card (it leaves the board; is:archived shows it again)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    before, version = _place(ctx, card), card.updated_at
    cards.archive_card(ctx.session, actor=ctx.actor, workspace_id=ws.workspace.id, project_id=project.id, card_id=card.id)
    return _changed(ctx, card, before, version)


class PlaceCard(OnCard):
    """A card moved into ``column`` between the neighbours it has on screen."""

    column: str
    after_id: str | None = None
    before_id: str | None = None


@operation("place_card", input=PlaceCard, output=ChangedCard, scope=WRITE, writes=True)
def place_card(ctx: OperationContext, given: PlaceCard) -> ChangedCard:
    """Move a card into a column, just after ``afterId`` or before ``beforeId`` (else at the end)."""
    ws, project = refs.project(ctx, given)
    card = refs.card(ctx, project, given.card)
    column = refs.column(ctx, project, given.column, field="column")
    before, version = _place(ctx, card), card.updated_at
    cards.move_card_beside(
        ctx.session,
        actor=ctx.actor,
        workspace_id=ws.workspace.id,
        project_id=project.id,
        card_id=card.id,
        column_id=column.id,
        after_id=given.after_id,
        before_id=given.before_id,
    )
    return _changed(ctx, card, before, version)


# -- statistics ------------------------------------------------------------------------


class GetViewStats(InProject):
    scope_id: str | None = None
    card_ids: list[str] | None = None  # only these cards (a filtered board); all when null
    days: int = 30


@operation("get_view_stats", input=GetViewStats, output=ScopeStats, scope=READ, writes=False)
def get_view_stats(ctx: OperationContext, given: GetViewStats) -> ScopeStats:
    """The stats view's numbers: get_scope_stats over only the cards a (filtered) view shows, if given."""
    ws, project = refs.project(ctx, given)
    return stats.scope_stats(
        ctx.session,
        actor=ctx.actor,
        workspace_id=ws.workspace.id,
        project_id=project.id,
        scope_id=given.scope_id,
        card_ids=set(given.card_ids) if given.card_ids is not None else None,
        days=given.days,
    )


# -- the card editor -------------------------------------------------------------------


@dataclass(frozen=True)
class EditorLabel:
    id: str
    name: str
    color: str


@dataclass(frozen=True)
class EditorField:
    id: str
    name: str
    type: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class EditorData:
    """Everything the card editor's form offers, read in one transaction."""

    card: CardOut | None  # None for a new card
    people: list[tuple[str, str]]  # (name, id) of the workspace's members, by name
    columns: list[tuple[str, str]]  # (name, id) of the card's scope (a new card's: the default scope)
    categories: dict[str, str | None]  # column id -> category
    labels: list[EditorLabel]
    fields: list[EditorField]
    others: list[tuple[str, str, str]]  # (id, key, title) of the project's other cards, for relations


class GetEditorData(InProject):
    card: str | None = None


@operation("get_editor_data", input=GetEditorData, output=EditorData, scope=READ, writes=False)
def get_editor_data(ctx: OperationContext, given: GetEditorData) -> EditorData:
    """A card (or none, for a new one) with the people, columns, labels, fields and other cards to pick from."""
    ws, project = refs.project(ctx, given)
    session, actor, where = ctx.session, ctx.actor, {"workspace_id": ws.workspace.id, "project_id": project.id}
    card_id = refs.card(ctx, project, given.card).id if given.card is not None else None
    details = cards.get_card(session, actor=actor, card_id=card_id, **where) if card_id is not None else None
    people = cards.people(session, actor=actor, workspace_id=ws.workspace.id)
    scope_columns = columns.list_columns(
        session, actor=actor, scope_id=details.card.scope_id if details is not None else None, **where
    )
    return EditorData(
        card=CardOut.of(details) if details is not None else None,
        people=sorted(((u.name or u.email, u.id) for u in people.values()), key=lambda p: p[0].lower()),
        columns=[(c.name, c.id) for c in scope_columns],
        categories={c.id: c.category for c in scope_columns},
        labels=[EditorLabel(l.id, l.name, l.color) for l in labels.list_labels(session, actor=actor, **where)],
        fields=[
            EditorField(f.id, f.name, f.type, tuple(f.options or ()))
            for f in custom_fields.list_custom_fields(session, actor=actor, **where)
        ],
        others=[(c.id, c.key, c.title) for c in cards.card_keys(session, actor=actor, **where) if c.id != card_id],
    )
