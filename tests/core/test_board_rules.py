"""Board rules of contract section 4, through the services (no HTTP)."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid
from stellary_core.models import Activity, BoardColumn, Card, Notification, Scope
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn, ColumnCreateIn, ColumnUpdateIn
from stellary_core.schemas.organizations import OrgMemberAddIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import accounts, cards, columns, organizations, projects, workspaces
from stellary_core.services.scopes import create_scope
from stellary_core.services.templates import TEMPLATES


@dataclass
class World:
    db: Database
    actor: Principal
    workspace_id: str
    org_slug: str

    def project(self, name: str = "Q1 Launch", template_id: str | None = None) -> str:
        with self.db.session(write=True) as s:
            view = projects.create_project(
                s, actor=self.actor, workspace_id=self.workspace_id, data=ProjectCreateIn(name=name, template_id=template_id)
            )
            return view.project.id

    def columns(self, project_id: str) -> list[BoardColumn]:
        with self.db.session() as s:
            return columns.list_columns(s, actor=self.actor, workspace_id=self.workspace_id, project_id=project_id)

    def card(self, project_id: str, column_id: str, title: str = "Card", **fields: object) -> Card:
        with self.db.session(write=True) as s:
            return cards.create_card(
                s,
                actor=self.actor,
                workspace_id=self.workspace_id,
                project_id=project_id,
                column_id=column_id,
                data=CardCreateIn(title=title, **fields),  # type: ignore[arg-type]
            ).card

    def update(self, project_id: str, card_id: str, actor: Principal | None = None, **fields: object) -> Card:
        with self.db.session(write=True) as s:
            return cards.update_card(
                s,
                actor=actor or self.actor,
                workspace_id=self.workspace_id,
                project_id=project_id,
                card_id=card_id,
                data=CardUpdateIn(**fields),  # type: ignore[arg-type]
            ).card

    def delete(self, project_id: str, card_id: str) -> None:
        with self.db.session(write=True) as s:
            cards.delete_card(s, actor=self.actor, workspace_id=self.workspace_id, project_id=project_id, card_id=card_id)

    def cards(self, project_id: str, *, archived: bool = False) -> list[Card]:
        with self.db.session() as s:
            found = cards.list_cards(
                s, actor=self.actor, workspace_id=self.workspace_id, project_id=project_id, include_archived=archived
            )
            return [d.card for d in found]


def _register(db: Database, email: str, name: str) -> Principal:
    with db.session(write=True) as s:
        result = accounts.register(s, data=RegisterIn(email=email, password="secure-pass-123", name=name))
        return Principal(user_id=result.user.id, kind="jwt")


@pytest.fixture
def world(db: Database) -> World:
    actor = _register(db, "alice@example.com", "Alice")
    with db.session() as s:
        org_slug, view = workspaces.list_my_workspaces(s, actor=actor)[0]
    return World(db, actor, view.workspace.id, org_slug)


def _invite_to_workspace(world: World, email: str, name: str) -> Principal:
    """Another user, made a member of the organization and of alice's workspace."""
    other = _register(world.db, email, name)
    with world.db.session(write=True) as s:
        organizations.add_member(s, actor=world.actor, org_slug=world.org_slug, data=OrgMemberAddIn(email=email, role="member"))
    with world.db.session(write=True) as s:
        workspaces.add_member(s, actor=world.actor, workspace_id=world.workspace_id, email=email)
    return other


def assert_contiguous(db: Database, project_id: str) -> None:
    """Columns of each scope, and active cards of each column, are numbered 0..n-1."""
    with db.session() as s:
        for scope_id in s.scalars(select(Scope.id).where(Scope.project_id == project_id)):
            orders = list(s.scalars(select(BoardColumn.order).where(BoardColumn.scope_id == scope_id).order_by(BoardColumn.order)))
            assert orders == list(range(len(orders))), f"columns of scope {scope_id}: {orders}"
        for column_id in s.scalars(select(BoardColumn.id).where(BoardColumn.project_id == project_id)):
            orders = list(
                s.scalars(select(Card.order).where(Card.column_id == column_id, Card.archived.is_(False)).order_by(Card.order))
            )
            assert orders == list(range(len(orders))), f"cards of column {column_id}: {orders}"


# -- projects and templates ---------------------------------------------------------------


def test_new_projects_get_a_main_scope_and_the_default_columns(world: World) -> None:
    project_id = world.project()
    assert [(c.name, c.order, c.category) for c in world.columns(project_id)] == [
        ("To Do", 0, "todo"),
        ("In Progress", 1, "in_progress"),
        ("Done", 2, "done"),
    ]
    with world.db.session() as s:
        scopes = list(s.scalars(select(Scope).where(Scope.project_id == project_id)))
    assert [(sc.name, sc.is_default) for sc in scopes] == [("Main", True)]
    assert world.cards(project_id) == []


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.id for t in TEMPLATES])
def test_every_template_builds_its_columns_and_sample_cards(world: World, template: object) -> None:
    from stellary_core.services.templates import Template

    assert isinstance(template, Template)
    project_id = world.project(f"From {template.name}", template.id)
    made_columns = world.columns(project_id)
    assert [(c.name, c.category, c.order) for c in made_columns] == [
        (c.name, c.category, i) for i, c in enumerate(template.columns)
    ]
    made_cards = world.cards(project_id)
    assert sorted((c.column_id, c.title, c.priority) for c in made_cards) == sorted(
        (made_columns[s.column_index].id, s.title, s.priority) for s in template.sample_cards
    )
    for card in made_cards:
        column = next(c for c in made_columns if c.id == card.column_id)
        assert card.status == (column.category or "todo")
    assert_contiguous(world.db, project_id)


def test_the_required_templates_exist() -> None:
    assert {"basic-kanban", "scrum", "bug-tracking", "product-launch", "content-calendar"} <= {t.id for t in TEMPLATES}


def test_an_unknown_template_is_a_400_and_creates_nothing(world: World) -> None:
    with pytest.raises(Invalid) as caught:
        world.project("Nope", "no-such-template")
    assert caught.value.details[0].field == "templateId"
    with world.db.session() as s:
        assert projects.list_projects(s, actor=world.actor, workspace_id=world.workspace_id) == []


# -- card keys --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "prefix"),
    [
        ("Q1 Launch", "QL"),
        ("Website", "WEBS"),
        ("Big Red Dog", "BRD"),
        ("The Big Red Dog Project Plan", "TBRDP"),
        ("Élan vital", "EV"),
        ("api", "API"),
        ("x", "XPR"),
        ("2026", "PRJ"),
        ("", "PRJ"),
        ("日本語", "PRJ"),
    ],
)
def test_key_prefix_derivation(name: str, prefix: str) -> None:
    assert projects.key_prefix_for(name) == prefix


def test_key_prefixes_are_always_two_to_five_uppercase_letters() -> None:
    rng = random.Random(7)
    alphabet = "abcXYZ éü-_1234  日"
    for _ in range(500):
        name = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        assert re.fullmatch(r"[A-Z]{2,5}", projects.key_prefix_for(name)), name


def test_card_keys_count_per_project_and_are_never_reused(world: World) -> None:
    first = world.project("Alpha Beta")
    second = world.project("Gamma")
    todo = world.columns(first)[0].id
    a, b, c = (world.card(first, todo, t) for t in "abc")
    assert [x.key for x in (a, b, c)] == ["AB-1", "AB-2", "AB-3"]
    assert world.card(second, world.columns(second)[0].id).key == "GAMM-1"
    world.delete(first, c.id)
    world.delete(first, b.id)
    assert world.card(first, todo, "d").key == "AB-4"


# -- status ------------------------------------------------------------------------------------


def test_status_follows_the_column_category_on_move(world: World) -> None:
    project_id = world.project()
    todo, doing, done = world.columns(project_id)
    card = world.card(project_id, todo.id)
    assert card.status == "todo"
    assert world.update(project_id, card.id, column_id=doing.id).status == "in_progress"
    moved = world.update(project_id, card.id, column_id=done.id)
    assert moved.status == "done" and moved.completed_at is not None
    back = world.update(project_id, card.id, column_id=todo.id)
    assert back.status == "todo" and back.completed_at is None


def test_an_uncategorized_column_keeps_the_status(world: World) -> None:
    project_id = world.project()
    with world.db.session(write=True) as s:
        free = columns.create_column(
            s, actor=world.actor, workspace_id=world.workspace_id, project_id=project_id, data=ColumnCreateIn(name="Parking")
        )
    card = world.card(project_id, world.columns(project_id)[1].id)
    assert world.update(project_id, card.id, column_id=free.id).status == "in_progress"
    assert world.card(project_id, free.id).status == "todo"


def test_status_can_be_set_directly(world: World) -> None:
    project_id = world.project()
    card = world.card(project_id, world.columns(project_id)[0].id)
    done = world.update(project_id, card.id, status="done")
    assert (done.status, done.column_id) == ("done", card.column_id)
    assert world.card(project_id, world.columns(project_id)[0].id, status="in_progress").status == "in_progress"


# -- assignee ------------------------------------------------------------------------------------


def test_the_assignee_must_be_a_member_of_the_workspace(world: World) -> None:
    project_id = world.project()
    todo = world.columns(project_id)[0].id
    outsider = _register(world.db, "mallory@example.com", "Mallory")
    with pytest.raises(Invalid) as caught:
        world.card(project_id, todo, assignee_id=outsider.user_id)
    assert caught.value.details[0].field == "assigneeId"
    card = world.card(project_id, todo)
    with pytest.raises(Invalid):
        world.update(project_id, card.id, assignee_id=outsider.user_id)
    member = _invite_to_workspace(world, "bob@example.com", "Bob")
    assert world.update(project_id, card.id, assignee_id=member.user_id).assignee_id == member.user_id


# -- ordering -------------------------------------------------------------------------------------


def test_a_move_renumbers_both_columns_in_one_commit(world: World) -> None:
    project_id = world.project()
    todo, doing, _ = world.columns(project_id)
    a, b, c = (world.card(project_id, todo.id, t) for t in "abc")
    x, y = (world.card(project_id, doing.id, t) for t in "xy")
    commits: list[int] = []
    with world.db.session(write=True) as s:
        event.listen(s, "after_commit", lambda _s: commits.append(1))
        cards.update_card(
            s,
            actor=world.actor,
            workspace_id=world.workspace_id,
            project_id=project_id,
            card_id=a.id,
            data=CardUpdateIn(column_id=doing.id, order=1),
        )
    assert commits == [1]
    by_column: dict[str, list[str]] = {}
    for card in world.cards(project_id):
        by_column.setdefault(card.column_id, []).append(card.title)
    assert by_column == {todo.id: ["b", "c"], doing.id: ["x", "a", "y"]}
    assert_contiguous(world.db, project_id)
    del b, c, x, y


def _titles_by_column(world: World, project_id: str) -> dict[str, list[str]]:
    by_column: dict[str, list[str]] = {}
    for card in world.cards(project_id):
        by_column.setdefault(card.column_id, []).append(card.title)
    return by_column


def _move_beside(world: World, project_id: str, card_id: str, column_id: str, **neighbours: str | None) -> None:
    with world.db.session(write=True) as s:
        cards.move_card_beside(
            s,
            actor=world.actor,
            workspace_id=world.workspace_id,
            project_id=project_id,
            card_id=card_id,
            column_id=column_id,
            **neighbours,
        )


@pytest.mark.parametrize(
    ("moved", "target", "neighbours", "expected"),
    [
        # into another column, after or before a card
        ("a", "doing", {"after_id": "x"}, {"todo": ["b", "c"], "doing": ["x", "a", "y"]}),
        ("a", "doing", {"before_id": "x"}, {"todo": ["b", "c"], "doing": ["a", "x", "y"]}),
        ("a", "doing", {"after_id": "y"}, {"todo": ["b", "c"], "doing": ["x", "y", "a"]}),
        # within its column, down past a card below it and up past one above it
        ("a", "todo", {"after_id": "c"}, {"todo": ["b", "c", "a"], "doing": ["x", "y"]}),
        ("a", "todo", {"after_id": "b", "before_id": "c"}, {"todo": ["b", "a", "c"], "doing": ["x", "y"]}),
        ("c", "todo", {"before_id": "a"}, {"todo": ["c", "a", "b"], "doing": ["x", "y"]}),
        ("c", "todo", {"after_id": "a"}, {"todo": ["a", "c", "b"], "doing": ["x", "y"]}),
        # a neighbour that is not in that column (moved elsewhere meanwhile) is ignored
        ("a", "doing", {"after_id": "b", "before_id": "y"}, {"todo": ["b", "c"], "doing": ["x", "a", "y"]}),
        ("a", "doing", {"after_id": "b"}, {"todo": ["b", "c"], "doing": ["x", "y", "a"]}),
        ("a", "doing", {}, {"todo": ["b", "c"], "doing": ["x", "y", "a"]}),
    ],
)
def test_a_card_moved_beside_its_neighbours_lands_between_them(
    world: World, moved: str, target: str, neighbours: dict[str, str], expected: dict[str, list[str]]
) -> None:
    """A filtered view knows a card's neighbours on screen, not its index among all cards."""
    project_id = world.project()
    todo, doing, _ = world.columns(project_id)
    made = {t: world.card(project_id, todo.id, t) for t in "abc"} | {t: world.card(project_id, doing.id, t) for t in "xy"}
    column = {"todo": todo.id, "doing": doing.id}
    _move_beside(world, project_id, made[moved].id, column[target], **{k: made[v].id for k, v in neighbours.items()})
    assert _titles_by_column(world, project_id) == {column[name]: titles for name, titles in expected.items()}
    assert_contiguous(world.db, project_id)


def test_a_refused_change_leaves_the_board_untouched(world: World) -> None:
    project_id = world.project()
    todo, doing, _ = world.columns(project_id)
    a = world.card(project_id, todo.id, "a", start_date="2026-05-10")
    world.card(project_id, todo.id, "b")
    before = [(c.id, c.column_id, c.order, c.status) for c in world.cards(project_id)]
    with pytest.raises(Invalid):
        world.update(project_id, a.id, column_id=doing.id, order=0, due_date="2026-05-01")
    assert [(c.id, c.column_id, c.order, c.status) for c in world.cards(project_id)] == before


def test_archived_cards_stay_out_of_lists_unless_asked(world: World) -> None:
    project_id = world.project()
    todo = world.columns(project_id)[0].id
    a, b = world.card(project_id, todo, "a"), world.card(project_id, todo, "b")
    world.update(project_id, a.id, archived=True)
    assert [c.title for c in world.cards(project_id)] == ["b"]
    assert {c.title for c in world.cards(project_id, archived=True)} == {"a", "b"}
    assert world.cards(project_id)[0].order == 0
    del b


def test_delete_column_moves_every_card_including_archived_ones(world: World) -> None:
    project_id = world.project()
    todo, doing, done = world.columns(project_id)
    world.card(project_id, done.id, "done already")
    a = world.card(project_id, todo.id, "a")
    world.card(project_id, todo.id, "b")
    world.update(project_id, a.id, archived=True)
    with world.db.session(write=True) as s, pytest.raises(Conflict):
        columns.delete_column(s, actor=world.actor, workspace_id=world.workspace_id, project_id=project_id, column_id=todo.id)
    with world.db.session(write=True) as s:
        columns.delete_column(
            s, actor=world.actor, workspace_id=world.workspace_id, project_id=project_id, column_id=todo.id, move_cards_to=done.id
        )
    everything = {c.title: c for c in world.cards(project_id, archived=True)}
    assert {t: (c.column_id, c.archived, c.status) for t, c in everything.items()} == {
        "done already": (done.id, False, "done"),
        "a": (done.id, True, "todo"),
        "b": (done.id, False, "done"),
    }
    assert [(c.name, c.order) for c in world.columns(project_id)] == [("In Progress", 0), ("Done", 1)]
    assert_contiguous(world.db, project_id)
    # The archived card comes back at the end of its new column.
    assert world.update(project_id, a.id, archived=False).order == 2
    del doing


def test_column_names_are_unique_in_a_scope_whatever_the_case(world: World) -> None:
    """A second "done" (or " Done ") in one scope is a Conflict, on create and on rename; another scope may reuse it."""
    project_id = world.project()
    todo, doing, done = world.columns(project_id)
    where = {"actor": world.actor, "workspace_id": world.workspace_id, "project_id": project_id}
    for name in ("Done", "done", "DONE"):
        with world.db.session(write=True) as s, pytest.raises(Conflict, match="A column named 'Done' already exists"):
            columns.create_column(s, **where, data=ColumnCreateIn(name=name))
    with world.db.session(write=True) as s, pytest.raises(Conflict, match="already exists in this scope"):
        columns.update_column(s, **where, column_id=doing.id, data=ColumnUpdateIn(name="to do"))
    # Renaming a column to itself in another case is no clash.
    with world.db.session(write=True) as s:
        columns.update_column(s, **where, column_id=todo.id, data=ColumnUpdateIn(name="TO DO"))
    assert [c.name for c in world.columns(project_id)] == ["TO DO", "In Progress", "Done"]
    with world.db.session(write=True) as s:
        sprint = create_scope(s, **where, data=ScopeCreateIn(name="Sprint")).scope
        review = columns.create_column(s, **where, data=ColumnCreateIn(name="Review", scope_id=sprint.id))
        assert columns.create_column(s, **where, data=ColumnCreateIn(name="Review")).scope_id != review.scope_id
    with world.db.session(write=True) as s, pytest.raises(Conflict):
        columns.update_column(s, **where, column_id=done.id, data=ColumnUpdateIn(name=" review "))


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_orders_stay_contiguous_whatever_happens(world: World, seed: int) -> None:
    """Random inserts, moves, reorders, archives, restores and deletions of cards and columns."""
    rng = random.Random(seed)
    project_id = world.project("Chaos Board")
    keys_seen: list[int] = []

    def active() -> list[Card]:
        return world.cards(project_id)

    def some_order() -> int | None:
        return rng.choice([None, 0, 1, 2, 5, 40])

    for step in range(60):
        board_columns = world.columns(project_id)
        everything = world.cards(project_id, archived=True)
        live = [c for c in everything if not c.archived]
        archived = [c for c in everything if c.archived]
        op = rng.choice(["create", "create", "move", "reorder", "archive", "restore", "delete", "add-column", "move-column", "drop-column"])
        if op == "create" or not everything:
            column = rng.choice(board_columns)
            card = world.card(project_id, column.id, f"c{len(keys_seen)}", order=some_order())
            number = int(card.key.rsplit("-", 1)[1])
            assert not keys_seen or number > max(keys_seen)
            keys_seen.append(number)
            if column.category:
                assert card.status == column.category
        elif op == "move" and live:
            card, column = rng.choice(live), rng.choice(board_columns)
            moved = world.update(project_id, card.id, column_id=column.id, order=some_order() or 0)
            assert moved.column_id == column.id
            if column.category and column.id != card.column_id:
                assert moved.status == column.category
        elif op == "reorder" and live:
            world.update(project_id, rng.choice(live).id, order=rng.randint(0, 6))
        elif op == "archive" and live:
            world.update(project_id, rng.choice(live).id, archived=True)
        elif op == "restore" and archived:
            world.update(project_id, rng.choice(archived).id, archived=False)
        elif op == "delete":
            world.delete(project_id, rng.choice(everything).id)
        elif op == "add-column" and len(board_columns) < 8:
            with world.db.session(write=True) as s:
                columns.create_column(
                    s,
                    actor=world.actor,
                    workspace_id=world.workspace_id,
                    project_id=project_id,
                    data=ColumnCreateIn(name=f"col{step}", order=some_order(), category=rng.choice([None, "todo", "done"])),
                )
        elif op == "move-column":
            column = rng.choice(board_columns)
            with world.db.session(write=True) as s:
                columns.update_column(
                    s,
                    actor=world.actor,
                    workspace_id=world.workspace_id,
                    project_id=project_id,
                    column_id=column.id,
                    data=ColumnUpdateIn(order=rng.randint(0, 9)),
                )
        elif op == "drop-column" and len(board_columns) > 1:
            column = rng.choice(board_columns)
            target = rng.choice([c for c in board_columns if c.id != column.id])
            with world.db.session(write=True) as s:
                columns.delete_column(
                    s,
                    actor=world.actor,
                    workspace_id=world.workspace_id,
                    project_id=project_id,
                    column_id=column.id,
                    move_cards_to=target.id,
                )
        assert_contiguous(world.db, project_id)
        # Lists never show archived cards, and show each active card once.
        listed = active()
        assert not any(c.archived for c in listed)
        assert len({c.id for c in listed}) == len(listed)
    assert len(keys_seen) > 5


# -- portfolio -------------------------------------------------------------------------------------


def test_portfolio_numbers(world: World) -> None:
    clock.freeze(datetime(2026, 3, 10, 12, 0))
    project_id = world.project()
    todo, doing, done = world.columns(project_id)
    world.card(project_id, todo.id, "overdue", due_date="2026-03-01")
    world.card(project_id, todo.id, "due later", due_date="2026-03-20")
    world.card(project_id, doing.id, "overdue too", due_date="2026-03-10T11:59:00Z")
    world.card(project_id, done.id, "done late", due_date="2026-03-01")
    world.card(project_id, done.id, "done")
    ghost = world.card(project_id, todo.id, "archived overdue", due_date="2026-03-01")
    direct = world.card(project_id, doing.id, "done in place")
    world.update(project_id, ghost.id, archived=True)
    clock.freeze(datetime(2026, 3, 10, 12, 30))
    world.update(project_id, direct.id, status="done")
    clock.freeze(datetime(2026, 3, 11))
    with world.db.session() as s:
        (entry,) = projects.portfolio(s, actor=world.actor, workspace_id=world.workspace_id)
    assert (entry.id, entry.name) == (project_id, "Q1 Launch")
    assert (entry.card_count, entry.open_count, entry.done_count, entry.overdue_count) == (6, 3, 3, 2)
    assert entry.completion == 50
    assert [(c.name, c.count) for c in entry.by_column] == [("To Do", 2), ("In Progress", 2), ("Done", 2)]
    assert entry.last_activity_at == datetime(2026, 3, 10, 12, 30)


@pytest.mark.parametrize(("done", "total", "completion"), [(1, 3, 33), (2, 3, 67), (3, 3, 100), (0, 2, 0)])
def test_completion_is_a_rounded_percentage(world: World, done: int, total: int, completion: int) -> None:
    project_id = world.project()
    todo, _, done_column = world.columns(project_id)
    for i in range(total):
        world.card(project_id, done_column.id if i < done else todo.id, f"c{i}")
    with world.db.session() as s:
        (entry,) = projects.portfolio(s, actor=world.actor, workspace_id=world.workspace_id)
    assert entry.completion == completion


def test_portfolio_lists_every_project_of_the_workspace_only(world: World) -> None:
    first, second = world.project("One"), world.project("Two")
    other = _register(world.db, "mallory@example.com", "Mallory")
    with world.db.session() as s:
        _, view = workspaces.list_my_workspaces(s, actor=other)[0]
    with world.db.session(write=True) as s:
        projects.create_project(s, actor=other, workspace_id=view.workspace.id, data=ProjectCreateIn(name="Hers"))
    with world.db.session() as s:
        entries = projects.portfolio(s, actor=world.actor, workspace_id=world.workspace_id)
    assert [e.id for e in entries] == [first, second]
    assert all(e.card_count == 0 and e.completion == 0 and len(e.by_column) == 3 for e in entries)


# -- activity --------------------------------------------------------------------------------------


def _activities(db: Database, project_id: str) -> list[Activity]:
    with db.session() as s:
        return list(s.scalars(select(Activity).where(Activity.project_id == project_id).order_by(Activity.created_at, Activity.id)))


def test_every_card_change_records_an_activity(world: World) -> None:
    project_id = world.project()
    todo, doing, _ = world.columns(project_id)
    member = _invite_to_workspace(world, "bob@example.com", "Bob")
    start = datetime(2026, 3, 10, 9, 0)
    steps = iter(range(100))

    def tick() -> None:
        clock.freeze(start + timedelta(minutes=next(steps)))

    tick()
    card = world.card(project_id, todo.id, "Write spec")
    tick()
    world.update(project_id, card.id, title="Write the spec", priority="high")
    tick()
    world.update(project_id, card.id, column_id=doing.id)
    tick()
    world.update(project_id, card.id, assignee_id=member.user_id)
    tick()
    world.update(project_id, card.id, archived=True)
    tick()
    world.delete(project_id, card.id)

    recorded = _activities(world.db, project_id)
    assert [a.type for a in recorded] == [
        "card_created",
        "card_updated",
        "card_moved",
        "card_assigned",
        "card_archived",
        "card_deleted",
    ]
    assert all(a.actor_id == world.actor.user_id and a.card_id == card.id for a in recorded)
    assert all(a.meta["key"] == "QL-1" for a in recorded)
    assert recorded[1].meta["fields"] == ["title", "priority"]
    assert (recorded[2].meta["fromColumn"], recorded[2].meta["toColumn"]) == ("To Do", "In Progress")
    assert recorded[3].meta["assigneeId"] == member.user_id


def test_an_edit_records_old_and_new_values(world: World) -> None:
    project_id = world.project()
    todo, _doing, _ = world.columns(project_id)
    bob = _invite_to_workspace(world, "bob@example.com", "Bob")
    card = world.card(project_id, todo.id, "Spec", priority="low", due_date=datetime(2026, 12, 3))
    world.update(project_id, card.id, priority="high", due_date=datetime(2026, 12, 10), description="Long text")
    world.update(project_id, card.id, assignee_id=bob.user_id)
    world.update(project_id, card.id, assignee_id=None)

    updated, assigned, unassigned = _activities(world.db, project_id)[1:]
    assert updated.meta["fields"] == ["description", "priority", "dueDate"]
    # The description is long text: its values are not copied into the log.
    assert updated.meta["changes"] == {
        "priority": {"from": "low", "to": "high"},
        "dueDate": {"from": "2026-12-03T00:00:00Z", "to": "2026-12-10T00:00:00Z"},
    }
    assert (assigned.meta["assigneeName"], assigned.meta["fromAssigneeId"]) == ("Bob", None)
    assert (unassigned.meta["fromAssigneeId"], unassigned.meta["fromAssigneeName"]) == (bob.user_id, "Bob")


def test_activities_notify_others_never_the_actor(world: World) -> None:
    project_id = world.project()
    todo, doing, _ = world.columns(project_id)
    member = _invite_to_workspace(world, "bob@example.com", "Bob")
    card = world.card(project_id, todo.id, "For Bob", assignee_id=member.user_id)
    world.update(project_id, card.id, column_id=doing.id)
    with world.db.session() as s:
        rows = s.execute(
            select(Notification.user_id, Activity.type)
            .join(Activity, Activity.id == Notification.activity_id)
            .where(Activity.card_id == card.id)
        ).all()
    assert sorted(rows) == [(member.user_id, "card_created"), (member.user_id, "card_moved")]
    # Bob acting: alice (project member) hears about it, bob does not.
    world.update(project_id, card.id, actor=member, title="Bob edited")
    with world.db.session() as s:
        last = s.execute(
            select(Notification.user_id, Activity.type)
            .join(Activity, Activity.id == Notification.activity_id)
            .where(Activity.actor_id == member.user_id)
        ).all()
    assert last == [(world.actor.user_id, "card_updated")]


def test_a_plain_reorder_is_recorded_as_an_update(world: World) -> None:
    project_id = world.project()
    todo = world.columns(project_id)[0].id
    a = world.card(project_id, todo, "a")
    world.card(project_id, todo, "b")
    world.update(project_id, a.id, order=1)
    last = _activities(world.db, project_id)[-1]
    assert (last.type, last.meta["fields"]) == ("card_updated", ["order"])


def test_moves_when_deleting_a_column_are_recorded(world: World) -> None:
    project_id = world.project()
    todo, doing, _ = world.columns(project_id)
    card = world.card(project_id, todo.id, "Carried")
    with world.db.session(write=True) as s:
        columns.delete_column(
            s, actor=world.actor, workspace_id=world.workspace_id, project_id=project_id, column_id=todo.id, move_cards_to=doing.id
        )
    last = _activities(world.db, project_id)[-1]
    assert (last.type, last.card_id, last.meta["fromColumn"], last.meta["toColumn"]) == ("card_moved", card.id, "To Do", "In Progress")


def test_a_change_that_changes_nothing_records_nothing(world: World) -> None:
    project_id = world.project()
    card = world.card(project_id, world.columns(project_id)[0].id, "Same")
    before = len(_activities(world.db, project_id))
    world.update(project_id, card.id, title="Same", priority="medium")
    assert len(_activities(world.db, project_id)) == before


def test_a_card_created_done_is_completed_the_moment_it_is_created(world: World) -> None:
    """With a running clock, completion must not come a few microseconds before creation."""
    clock.freeze(None)
    project_id = world.project()
    done = [c for c in world.columns(project_id) if c.category == "done"][0]
    card = world.card(project_id, done.id, "Already shipped")
    assert card.status == "done"
    assert card.completed_at == card.created_at
