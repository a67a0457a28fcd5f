"""Scope statistics through the services: a history built under a moving frozen clock, every number checked."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import event, insert

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.errors import Invalid, NotFound
from stellary_core.ids import new_id
from stellary_core.models import BoardColumn, Card
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_core.schemas.board import CardCreateIn, CardUpdateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.relations import RelationCreateIn
from stellary_core.services import accounts, cards, columns, labels, projects, relations, workspaces
from stellary_core.services import stats as stats_service
from stellary_core.services.stats import Count, Duration, ScopeStats, scope_stats

TODAY = date(2026, 3, 20)
NOW = datetime(2026, 3, 20, 12, 0)


def at(days_ago: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.combine(TODAY - timedelta(days=days_ago), datetime.min.time()).replace(hour=hour, minute=minute)


def _register(db: Database, email: str, name: str) -> Principal:
    with db.session(write=True) as s:
        result = accounts.register(s, data=RegisterIn(email=email, password="secure-pass-123", name=name))
        return Principal(user_id=result.user.id, kind="jwt")


@dataclass
class World:
    db: Database
    actor: Principal
    workspace_id: str
    project_id: str = ""
    column: dict[str, str] = field(default_factory=dict)  # name -> id
    card: dict[str, str] = field(default_factory=dict)  # letter -> id

    def new_project(self, name: str = "Stats") -> None:
        with self.db.session(write=True) as s:
            view = projects.create_project(s, actor=self.actor, workspace_id=self.workspace_id, data=ProjectCreateIn(name=name))
            self.project_id = view.project.id
        with self.db.session() as s:
            found = columns.list_columns(s, actor=self.actor, workspace_id=self.workspace_id, project_id=self.project_id)
            self.column = {c.name: c.id for c in found}

    def create(self, letter: str, when: datetime, column: str, **fields: object) -> None:
        clock.freeze(when)
        with self.db.session(write=True) as s:
            details = cards.create_card(
                s,
                actor=self.actor,
                workspace_id=self.workspace_id,
                project_id=self.project_id,
                column_id=self.column[column],
                data=CardCreateIn.model_validate({"title": f"Card {letter}", **fields}),
            )
            self.card[letter] = details.card.id

    def update(self, letter: str, when: datetime, **fields: object) -> None:
        clock.freeze(when)
        with self.db.session(write=True) as s:
            cards.update_card(
                s,
                actor=self.actor,
                workspace_id=self.workspace_id,
                project_id=self.project_id,
                card_id=self.card[letter],
                data=CardUpdateIn.model_validate(fields),
            )

    def move(self, letter: str, when: datetime, column: str) -> None:
        self.update(letter, when, columnId=self.column[column])

    def delete(self, letter: str, when: datetime) -> None:
        clock.freeze(when)
        with self.db.session(write=True) as s:
            cards.delete_card(s, actor=self.actor, workspace_id=self.workspace_id, project_id=self.project_id, card_id=self.card[letter])

    def relate(self, letter: str, kind: str, other: str) -> None:
        with self.db.session(write=True) as s:
            relations.create_relation(
                s,
                actor=self.actor,
                workspace_id=self.workspace_id,
                project_id=self.project_id,
                card_id=self.card[letter],
                data=RelationCreateIn(target_card_id=self.card[other], type=kind),  # type: ignore[arg-type]
            )

    def label(self, name: str, *letters: str) -> None:
        with self.db.session(write=True) as s:
            label = labels.create_label(
                s, actor=self.actor, workspace_id=self.workspace_id, project_id=self.project_id,
                data=LabelCreateIn(name=name, color="#aa0000"),
            )
            for letter in letters:
                labels.add_label_to_card(
                    s, actor=self.actor, workspace_id=self.workspace_id, project_id=self.project_id,
                    card_id=self.card[letter], label_id=label.id,
                )

    def seed(self, letter: str, created: datetime, column: str, **values: object) -> None:
        """A card inserted in bulk, as demo seeding and imports do: no activity history at all."""
        card_id = new_id()
        with self.db.session(write=True) as s:
            scope_id = s.get_one(BoardColumn, self.column[column]).scope_id
            s.execute(
                insert(Card),
                [
                    {
                        "id": card_id, "project_id": self.project_id, "scope_id": scope_id, "column_id": self.column[column],
                        "number": 900 + len(self.card), "key": f"S-{900 + len(self.card)}", "title": f"Seeded {letter}",
                        "priority": None, "status": "todo", "archived": False, "order": 99, "created_at": created,
                        "updated_at": created, **values,
                    }
                ],
            )
            s.commit()
        self.card[letter] = card_id

    def stats(self, *, days: int = 30, card_ids: set[str] | None = None, actor: Principal | None = None) -> ScopeStats:
        clock.freeze(NOW)
        with self.db.session() as s:
            return scope_stats(
                s, actor=actor or self.actor, workspace_id=self.workspace_id, project_id=self.project_id,
                scope_id=None, card_ids=card_ids, days=days,
            )


@pytest.fixture
def world(db: Database) -> World:
    actor = _register(db, "alice@example.com", "Alice")
    with db.session() as s:
        _slug, view = workspaces.list_my_workspaces(s, actor=actor)[0]
    w = World(db, actor, view.workspace.id)
    clock.freeze(at(60))
    w.new_project()
    return w


@pytest.fixture
def history(world: World) -> World:
    """The story every number below is checked against (columns: To Do, In Progress, Done)."""
    me = world.actor.user_id
    world.create("G", at(40), "To Do", priority=None, assigneeId=me)
    world.move("G", at(35), "In Progress")
    world.create("F", at(12), "To Do")
    world.create("A", at(10), "To Do", priority="high", dueDate=str(TODAY - timedelta(days=2)), assigneeId=me)
    world.create("B", at(10), "To Do", priority="low", dueDate=str(TODAY - timedelta(days=1)), assigneeId=me)
    world.create("C", at(10), "In Progress", dueDate=str(TODAY))
    world.move("A", at(9), "In Progress")
    world.seed("S", at(6, 8), "To Do", priority="high", due_date=at(3, 0))
    world.move("A", at(5), "Done")
    world.create("D", at(5, 10), "To Do")
    world.update("D", at(4), archived=True)
    world.move("C", at(3), "Done")
    world.create("E", at(3, 10), "Done")
    world.create("H", at(2), "To Do", priority="low")
    world.update("H", at(2, 10), archived=True)
    world.update("H", at(1), archived=False)
    world.delete("F", at(1, 10))
    world.move("G", at(1, 12), "Done")
    clock.freeze(NOW)
    world.relate("B", "blocked_by", "A")
    world.relate("G", "blocks", "H")
    world.relate("A", "related_to", "G")
    world.label("bug", "A", "B")
    world.label("ui", "B", "D")
    return world


def _flow(stats: ScopeStats) -> dict[str, dict[int, int]]:
    """Column name -> {days ago: cards at the end of that day}."""
    last = len(stats.window) - 1
    return {s.name: {last - i: n for i, n in enumerate(s.counts)} for s in stats.flow}


def test_counts_of_the_scope(history: World) -> None:
    stats = history.stats()
    assert (stats.total, stats.done, stats.open) == (7, 4, 3)  # A C E G done; B S H open; D archived, F deleted
    assert stats.by_column == (
        Count(history.column["To Do"], "To Do", 3),
        Count(history.column["In Progress"], "In Progress", 0),
        Count(history.column["Done"], "Done", 4),
    )
    assert [(c.key, c.name, c.count) for c in stats.by_priority] == [
        ("high", "High", 2), ("medium", "Medium", 2), ("low", "Low", 2), (None, "None", 1),
    ]
    assert [(c.key, c.name, c.count) for c in stats.by_assignee] == [(None, "Unassigned", 4), (history.actor.user_id, "Alice", 3)]
    assert [(c.name, c.count) for c in stats.by_label] == [("bug", 2), ("ui", 1)]  # D is archived


def test_overdue_means_due_before_today_and_not_done(history: World) -> None:
    # B (due yesterday) and S (due three days ago) are late; A is done, C is due today.
    assert history.stats().overdue == 2


def test_blocked_counts_cards_with_a_blocked_by_relation_either_way_it_was_made(history: World) -> None:
    # "B blocked_by A" is stored as "A blocks B"; "G blocks H" blocks H; related_to blocks nothing.
    assert history.stats().blocked == 2


def test_completions_per_day_over_the_window(history: World) -> None:
    stats = history.stats()
    assert stats.window[0] == TODAY - timedelta(days=29) and stats.window[-1] == TODAY and len(stats.window) == 30
    per_day = {(TODAY - c.day).days: c.count for c in stats.completions if c.count}
    assert per_day == {5: 1, 3: 2, 1: 1}
    assert [c.day for c in stats.completions] == list(stats.window)


def test_lead_and_cycle_time_of_cards_completed_in_the_window(history: World) -> None:
    stats = history.stats()
    # Lead: A 5 days, C 7, E 0 (created done), G 39 days 3 hours.
    lead = [5.0, 7.0, 0.0, 39.125]
    assert stats.lead_time == Duration(4, 6.0, pytest.approx(sum(lead) / 4))  # type: ignore[arg-type]
    # Cycle: A entered In Progress 9 days ago -> 4; C was created there -> 7; G entered 35 days ago -> 34.125; E never.
    cycle = [4.0, 7.0, 34.125]
    assert stats.cycle_time == Duration(3, 7.0, pytest.approx(sum(cycle) / 3))  # type: ignore[arg-type]


def test_cumulative_flow_is_replayed_from_the_history(history: World) -> None:
    flow = _flow(history.stats())
    expected: dict[int, tuple[int, int, int]] = {  # days ago -> (To Do, In Progress, Done) at the end of that day
        29: (0, 1, 0), 13: (0, 1, 0),  # only G, in progress since 35 days ago
        12: (1, 1, 0),  # F created
        10: (3, 2, 0),  # A, B to do; C created in progress
        9: (2, 3, 0),  # A started
        6: (3, 3, 0),  # S seeded without history counts from its created_at
        5: (4, 2, 1),  # A done, D created
        4: (3, 2, 1),  # D archived
        3: (3, 1, 3),  # C done, E created done
        2: (3, 1, 3),  # H created and archived the same day
        1: (3, 0, 4),  # H back, F deleted, G done
        0: (3, 0, 4),  # today: what the board shows
    }
    for days_ago, (todo, doing, done) in expected.items():
        assert (flow["To Do"][days_ago], flow["In Progress"][days_ago], flow["Done"][days_ago]) == (todo, doing, done), days_ago


def test_the_window_can_be_longer(history: World) -> None:
    stats = history.stats(days=90)
    assert len(stats.window) == 90 and len(stats.completions) == 90 and all(len(s.counts) == 90 for s in stats.flow)
    flow = _flow(stats)
    assert (flow["To Do"][41], flow["To Do"][40], flow["In Progress"][36], flow["In Progress"][35]) == (0, 1, 0, 1)
    assert stats.cycle_time.count == 3


def test_a_card_completed_before_the_window_has_no_lead_time_in_it(history: World) -> None:
    stats = history.stats(days=3)  # today and the two days before: only G was completed then
    assert stats.lead_time == Duration(1, 39.125, 39.125)
    assert stats.cycle_time == Duration(1, 34.125, 34.125)
    assert [c.count for c in stats.completions] == [0, 1, 0]


def test_card_ids_narrow_every_number(history: World) -> None:
    ids = {history.card[x] for x in ("A", "B", "S", "D")}  # D is archived: never counted
    stats = history.stats(card_ids=ids)
    assert (stats.total, stats.done, stats.overdue, stats.blocked) == (3, 1, 2, 1)
    assert [c.count for c in stats.by_column] == [2, 0, 1]
    assert [(c.name, c.count) for c in stats.by_assignee] == [("Alice", 2), ("Unassigned", 1)]
    assert [(c.name, c.count) for c in stats.by_label] == [("bug", 2), ("ui", 1)]
    assert {(TODAY - c.day).days: c.count for c in stats.completions if c.count} == {5: 1}
    assert stats.lead_time == Duration(1, 5.0, 5.0) and stats.cycle_time == Duration(1, 4.0, 4.0)
    flow = _flow(stats)
    # D's history is in the given ids: it shows on the day it was on the board (5 days ago).
    assert [(flow["To Do"][d], flow["In Progress"][d], flow["Done"][d]) for d in (11, 10, 9, 6, 5, 4, 0)] == [
        (0, 0, 0), (2, 0, 0), (1, 1, 0), (2, 1, 0), (3, 0, 1), (2, 0, 1), (2, 0, 1),
    ]


def test_a_bulk_seeded_card_that_moved_starts_in_the_column_it_left(world: World) -> None:
    world.seed("S", at(8), "To Do")
    world.move("S", at(4), "In Progress")
    flow = _flow(world.stats())
    assert [(flow["To Do"][d], flow["In Progress"][d]) for d in (9, 8, 5, 4, 0)] == [(0, 0), (1, 0), (1, 0), (0, 1), (0, 1)]


def test_an_empty_scope_is_all_zeros(world: World) -> None:
    stats = world.stats()
    assert (stats.total, stats.done, stats.open, stats.overdue, stats.blocked) == (0, 0, 0, 0, 0)
    assert [c.count for c in stats.by_column] == [0, 0, 0]
    assert [c.count for c in stats.by_priority] == [0, 0, 0, 0]
    assert stats.by_assignee == () and stats.by_label == ()
    assert all(c.count == 0 for c in stats.completions)
    assert all(set(s.counts) == {0} for s in stats.flow)
    assert stats.lead_time == Duration(0, None, None) and stats.cycle_time == Duration(0, None, None)


def test_the_window_is_validated(world: World) -> None:
    for days in (0, 366):
        with pytest.raises(Invalid) as raised:
            world.stats(days=days)
        assert raised.value.message.startswith("days:")


def test_another_users_project_is_not_found(history: World) -> None:
    mallory = _register(history.db, "mallory@example.com", "Mallory")
    with pytest.raises(NotFound):
        history.stats(actor=mallory)


def test_queries_do_not_grow_with_the_number_of_cards(world: World) -> None:
    """Grouped queries: the statement count is the same for 2 cards as for 40."""

    def statements() -> int:
        count = 0

        def counted(*_args: object) -> None:
            nonlocal count
            count += 1

        event.listen(world.db.engine, "before_cursor_execute", counted)
        try:
            world.stats()
        finally:
            event.remove(world.db.engine, "before_cursor_execute", counted)
        return count

    for i in range(2):
        world.create(f"x{i}", at(5, 9, i), "To Do", assigneeId=world.actor.user_id)
    few = statements()
    for i in range(2, 40):
        world.create(f"x{i}", at(5, 9, i), "In Progress" if i % 2 else "Done")
    assert statements() == few


def test_changes_made_in_the_same_instant_replay_in_the_order_they_were_made(world: World) -> None:
    """With a frozen clock every activity shares one timestamp; their ids keep the order."""
    when = at(2)
    world.create("X", when, "To Do")
    world.move("X", when, "In Progress")
    world.update("X", when, archived=True)
    world.update("X", when, archived=False)
    world.create("Y", when, "To Do")
    world.update("Y", when, archived=True)
    flow = _flow(world.stats())
    assert (flow["To Do"][2], flow["In Progress"][2]) == (0, 1)


def test_a_bulk_seeded_card_with_only_other_history_counts_from_its_creation(world: World) -> None:
    """A label change gives the card history but no creation record: it still counts from its created_at."""
    world.seed("S", at(8), "In Progress")
    world.label("bug", "S")
    flow = _flow(world.stats())
    assert [flow["In Progress"][d] for d in (9, 8, 0)] == [0, 1, 1]


def test_big_filters_are_split_into_chunks_that_add_up(history: World, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = {history.card[x] for x in ("A", "B", "C", "E", "G", "S", "H")}
    whole = history.stats(card_ids=ids)
    monkeypatch.setattr(stats_service, "ID_CHUNK", 2)
    assert history.stats(card_ids=ids) == whole
    # Every active card given: the same numbers as no filter, except that the unfiltered flow also
    # shows the history of the cards deleted (F) or archived (D) since.
    unfiltered = history.stats()
    assert replace(whole, flow=()) == replace(unfiltered, flow=())
    assert [s.counts[-1] for s in whole.flow] == [s.counts[-1] for s in unfiltered.flow]


def test_a_completion_stamped_before_the_creation_counts_as_zero_days(world: World) -> None:
    """Imported or clock-skewed rows may end a moment before they start: no negative lead time."""
    from sqlalchemy import update

    from stellary_core.models import Card

    world.create("Z", at(1), "Done")
    with world.db.session(write=True) as s:
        s.execute(update(Card).where(Card.id == world.card["Z"]).values(completed_at=at(1) - timedelta(seconds=5)))
        s.commit()
    stats = world.stats()
    assert stats.lead_time.count == 1
    assert stats.lead_time.median_days == 0.0 and stats.lead_time.average_days == 0.0
