"""Moving a card to another scope or project (``relocate_card``, and ``update_card`` with projectId/scopeId)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.errors import Invalid, NotFound
from stellary_core.event_types import CardMoved, CardUpdated, DomainEvent
from stellary_core.models import Activity, Card, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.schemas.auth import RegisterIn
from stellary_core.services import accounts


@dataclass
class World:
    db: Database
    actor: Principal
    workspace_id: str

    def run(self, name: str, **payload: Any) -> Any:
        return OperationRunner(self.db).run(name, self.actor, {"workspace_id": self.workspace_id, **payload})

    def project(self, name: str) -> dict[str, Any]:
        made = self.run("create_project", data={"name": name})
        columns = self.run("list_columns", project=made.id)
        return {"id": made.id, "key": made.key_prefix, "columns": [c.id for c in columns], "names": [c.name for c in columns]}

    def card(self, project: dict[str, Any], column: int = 0, title: str = "Card", **fields: Any) -> Any:
        return self.run("create_card", project=project["id"], column=project["columns"][column], data={"title": title, **fields})

    def layout(self, project: dict[str, Any], scope_id: str | None = None) -> dict[str, list[tuple[str, int]]]:
        """Per column name: (key, order) of its active cards."""
        found = self.run("list_cards", project=project["id"], scope_id=scope_id)
        columns = {c.id: c.name for c in self.run("list_columns", project=project["id"], scope_id=scope_id)}
        shown: dict[str, list[tuple[str, int]]] = {}
        for card in found:
            shown.setdefault(columns[card.column_id], []).append((card.key, card.order))
        return shown

    def activity(self, project_id: str, card_id: str) -> list[tuple[str, dict[str, Any]]]:
        with self.db.session() as session:
            rows = session.execute(
                select(Activity.type, Activity.meta)
                .where(Activity.project_id == project_id, Activity.card_id == card_id)
                .order_by(Activity.created_at, Activity.id)
            )
            return [(kind, dict(meta)) for kind, meta in rows]


@pytest.fixture
def world(db: Database) -> World:
    clock.freeze(datetime(2026, 5, 4, 9, 0))
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
    return World(db, Principal(user_id=user.id, kind="local"), workspace_id)


def _published(db: Database) -> list[DomainEvent]:
    seen: list[DomainEvent] = []
    db.events.subscribe(seen.append)
    return seen


# -- another scope of the project ----------------------------------------------------------


def test_a_card_moved_to_another_scope_keeps_its_key_labels_and_relations(world: World) -> None:
    launch = world.project("Launch")
    bug = world.run("create_label", project=launch["id"], data={"name": "bug", "color": "#ff0000"})
    first, moving, last = (world.card(launch, title=t) for t in ("First", "Moving", "Last"))
    world.run("add_label_to_card", project=launch["id"], card=moving.key, label=bug.id)
    world.run("create_relation", project=launch["id"], card=moving.key, data={"targetCardId": last.id, "type": "blocks"})
    phase = world.run("create_scope", project=launch["id"], data={"name": "Phase 2"})
    seen = _published(world.db)

    moved = world.run("relocate_card", project=launch["id"], card=moving.key, to_scope="phase 2", column="Done")

    assert (moved.key, moved.scope_id, moved.label_ids, moved.blocks_count) == (moving.key, phase.id, [bug.id], 1)
    assert moved.status == "done"  # the column's category, as with any move
    assert world.layout(launch) == {"To Do": [(first.key, 0), (last.key, 1)]}
    assert world.layout(launch, phase.id) == {"Done": [(moving.key, 0)]}
    [event] = [e for e in seen if isinstance(e, CardMoved)]
    assert event.project_id == launch["id"]
    assert {k: event.data[k] for k in ("fromScope", "toScope", "fromColumn", "toColumn", "toStatus")} == {
        "fromScope": "Main", "toScope": "Phase 2", "fromColumn": "To Do", "toColumn": "Done", "toStatus": "done",
    }  # fmt: skip
    assert [kind for kind, _ in world.activity(launch["id"], moving.id)][-1] == "card_moved"


def test_a_column_id_alone_in_another_scope_still_moves_as_before(world: World) -> None:
    launch = world.project("Launch")
    card = world.card(launch)
    phase = world.run("create_scope", project=launch["id"], data={"name": "Phase 2"})
    moved = world.run("update_card", project=launch["id"], card=card.key, data={"columnId": phase.columns[0].id})
    assert (moved.scope_id, moved.key) == (phase.id, card.key)


# -- another project -----------------------------------------------------------------------


def test_a_card_moved_to_another_project_gets_its_next_key_and_leaves_both_orders_contiguous(world: World) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    first, moving, last = (world.card(launch, title=t) for t in ("First", "Moving", "Last"))
    there = [world.card(website, title=t) for t in ("Home", "About")]
    world.run("add_checklist_item", project=launch["id"], card=moving.key, data={"title": "Step"})
    world.run("add_comment", project=launch["id"], card=moving.key, data={"content": "Keep me"})

    moved = world.run("relocate_card", project=launch["id"], card=moving.key, to_project="website", column="To Do", order=1)

    assert moved.key == f"{website['key']}-3" and moved.project_id == website["id"]
    assert [i.title for i in moved.checklist] == ["Step"] and moved.comment_count == 1
    assert world.layout(launch) == {"To Do": [(first.key, 0), (last.key, 1)]}
    assert world.layout(website) == {"To Do": [(there[0].key, 0), (moved.key, 1), (there[1].key, 2)]}
    comments = world.run("get_card_comments", project=website["id"], card=moved.key)
    assert [c.content for c in comments] == ["Keep me"]
    with pytest.raises(NotFound):
        world.run("get_card_details", project=launch["id"], card=moving.key)  # the old key is not this card's any more
    assert world.card(launch).key == f"{launch['key']}-4"  # and its number is not reused
    assert world.card(website).key == f"{website['key']}-4"


def test_labels_and_field_values_follow_by_name_when_they_fit_the_rest_is_dropped_and_said(world: World) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    labels = {n: world.run("create_label", project=launch["id"], data={"name": n, "color": "#00ff00"}) for n in ("Bug", "Idea")}
    twin = world.run("create_label", project=website["id"], data={"name": "bug", "color": "#0000ff"})
    fields = {
        "Size": world.run("create_custom_field", project=launch["id"], data={"name": "Size", "type": "select", "options": ["S", "L"]}),
        "Points": world.run("create_custom_field", project=launch["id"], data={"name": "Points", "type": "number"}),
        "Notes": world.run("create_custom_field", project=launch["id"], data={"name": "Notes", "type": "text"}),
    }
    size = world.run("create_custom_field", project=website["id"], data={"name": "size", "type": "select", "options": ["S", "M"]})
    points = world.run("create_custom_field", project=website["id"], data={"name": "Points", "type": "text"})
    card = world.card(launch)
    for label in labels.values():
        world.run("add_label_to_card", project=launch["id"], card=card.key, label=label.id)
    values = {fields["Size"].id: "L", fields["Points"].id: 8, fields["Notes"].id: "hi"}
    world.run("set_card_field_values", project=launch["id"], card=card.key, values=values)

    moved = world.run("relocate_card", project=launch["id"], card=card.key, to_project=website["id"], column="Done")

    assert moved.label_ids == [twin.id]
    # "L" is no option of the target's Size; 8 becomes the text "8" as a type change would make it; Notes has no twin.
    assert moved.custom_fields == {points.id: "8"}
    assert size.id not in moved.custom_fields
    [(kind, meta)] = [a for a in world.activity(website["id"], card.id) if a[0] == "card_moved"]
    assert (meta["droppedLabels"], meta["droppedFields"], meta["droppedRelations"]) == (["Idea"], ["Size", "Notes"], 0)
    assert (meta["key"], meta["fromKey"], meta["toKey"]) == (moved.key, card.key, moved.key)
    assert (meta["fromProject"], meta["toProject"], meta["toColumn"], meta["toStatus"]) == ("Launch", "Website", "Done", "done")


def test_relations_are_removed_and_the_cards_left_behind_hear_of_it(world: World) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    blocker, moving = world.card(launch, title="Blocker"), world.card(launch, title="Moving")
    world.run("create_relation", project=launch["id"], card=blocker.key, data={"targetCardId": moving.id, "type": "blocks"})
    seen = _published(world.db)

    moved = world.run("relocate_card", project=launch["id"], card=moving.key, to_project="Website", column="To Do")

    assert moved.blocked_by_count == 0
    assert world.run("get_card_details", project=launch["id"], card=blocker.key).blocks_count == 0
    assert world.run("list_relations", project=launch["id"], card=blocker.key) == []
    told = [e.card_id for e in seen if isinstance(e, CardUpdated) and "relations" in e.data.get("fields", [])]
    assert sorted(told) == sorted([blocker.id, moving.id])


def test_the_move_is_recorded_in_both_projects_and_the_source_stats_let_the_card_go(world: World) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    card = world.card(launch)
    seen = _published(world.db)

    world.run("relocate_card", project=launch["id"], card=card.key, to_project="Website", column="In Progress")

    left = world.run("get_scope_stats", project=launch["id"])
    arrived = world.run("get_scope_stats", project=website["id"])
    assert [s.counts[-1] for s in left.flow] == [0, 0, 0]
    assert [s.counts[-1] for s in arrived.flow] == [0, 1, 0]
    moves = [e for e in seen if isinstance(e, CardMoved)]
    assert [(e.project_id, e.data["key"]) for e in moves] == [(launch["id"], card.key), (website["id"], f"{website['key']}-1")]
    assert world.activity(launch["id"], card.id)[-1][0] == "card_moved"


def test_an_archived_card_moves_without_taking_a_place(world: World) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    card, other = world.card(launch), world.card(website)
    world.run("archive_card", project=launch["id"], card=card.key)
    moved = world.run("relocate_card", project=launch["id"], card=card.key, to_project="Website", column="To Do")
    assert moved.archived and moved.project_id == website["id"]
    assert world.layout(website) == {"To Do": [(other.key, 0)]}
    restored = world.run("update_card", project=website["id"], card=moved.key, data={"archived": False})
    assert (restored.order, world.layout(website)) == (1, {"To Do": [(other.key, 0), (moved.key, 1)]})


def test_edits_in_the_same_change_are_applied_too(world: World) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    card = world.card(launch)
    column = website["columns"][1]
    moved = world.run(
        "update_card", project=launch["id"], card=card.key,
        data={"title": "Renamed", "priority": "high", "projectId": website["id"], "columnId": column},
    )  # fmt: skip
    assert (moved.title, moved.priority, moved.column_id, moved.project_id) == ("Renamed", "high", column, website["id"])


# -- refusals --------------------------------------------------------------------------------


def _stranger_project(world: World) -> str:
    """A project of another user's workspace."""
    with world.db.session(write=True) as session:
        other = accounts.register(session, data=RegisterIn(email="eve@example.com", password="secure-pass-123", name="Eve"))
        eve = Principal(user_id=other.user.id, kind="jwt")
    runner = OperationRunner(world.db)
    return str(runner.run("create_project", eve, {"data": {"name": "Hidden"}}).id)


def test_a_project_of_another_workspace_is_not_found_and_nothing_changes(world: World) -> None:
    launch = world.project("Launch")
    card = world.card(launch)
    hidden = _stranger_project(world)
    hidden_column = str(OperationRunner(world.db).run("list_columns", world.actor, {"project": launch["id"]})[0].id)
    with pytest.raises(NotFound, match="Target project"):
        world.run("update_card", project=launch["id"], card=card.key, data={"title": "X", "projectId": hidden, "columnId": hidden_column})
    with pytest.raises(NotFound):
        world.run("relocate_card", project=launch["id"], card=card.key, to_project=hidden, column="To Do")
    assert world.run("get_card_details", project=launch["id"], card=card.key).title == "Card"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"projectId": "OTHER"}, "projectId"),  # no column: refused before anything is looked up
        ({"scopeId": "OTHER"}, "scopeId"),
        ({"projectId": None, "columnId": "COLUMN"}, "projectId"),
        ({"projectId": "TARGET", "columnId": "COLUMN"}, "columnId"),  # a column of the card's own project
        ({"projectId": "TARGET", "scopeId": "SCOPE", "columnId": "TARGET_COLUMN"}, "scopeId"),
    ],
)
def test_a_target_that_does_not_fit_is_a_400_naming_the_field(world: World, change: dict[str, Any], field: str) -> None:
    launch, website = world.project("Launch"), world.project("Website")
    card = world.card(launch)
    names = {
        "OTHER": website["id"], "COLUMN": launch["columns"][1], "TARGET": website["id"],
        "SCOPE": world.run("list_scopes", project=launch["id"])[0].id, "TARGET_COLUMN": website["columns"][0],
    }  # fmt: skip
    data = {k: names.get(v, v) if isinstance(v, str) else v for k, v in change.items()}
    with pytest.raises(Invalid) as refused:
        world.run("update_card", project=launch["id"], card=card.key, data=data)
    assert [d.field for d in refused.value.details] == [field]
    with world.db.session() as session:
        assert session.get_one(Card, card.id).project_id == launch["id"]


def test_a_column_of_another_scope_than_the_one_named_is_refused(world: World) -> None:
    launch = world.project("Launch")
    card = world.card(launch)
    world.run("create_scope", project=launch["id"], data={"name": "Phase 2"})
    with pytest.raises(Invalid) as refused:
        world.run("relocate_card", project=launch["id"], card=card.key, to_scope="Phase 2", column=launch["columns"][2])
    assert refused.value.details[0].field == "column"


def test_the_destinations_are_the_workspaces_projects_with_their_scopes_and_columns_in_order(world: World) -> None:
    website, launch = world.project("website"), world.project("Launch")
    world.run("create_scope", project=launch["id"], data={"name": "Phase 2"})
    _stranger_project(world)
    found = world.run("list_move_destinations")
    assert [(p.id, p.name, [s.name for s in p.scopes]) for p in found] == [
        (launch["id"], "Launch", ["Main", "Phase 2"]),
        (website["id"], "website", ["Main"]),
    ]  # by name in any case; another user's project is not among them
    assert [c.name for c in found[0].scopes[0].columns] == launch["names"]
    with pytest.raises(NotFound):
        world.run("list_move_destinations", workspace_id="665f1a2b3c4d5e6f7a8b9c0d")
