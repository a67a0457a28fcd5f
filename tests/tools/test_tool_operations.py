"""What the tools need of the operations: names for ids, a card by its key alone, reads across workspaces."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.errors import Conflict, Forbidden, Invalid, NotFound
from stellary_core.operations import OperationRunner
from tests.tools.world import World, build_world


@pytest.fixture
def world(db: Database) -> World:
    return build_world(db)


def run(db: Database, world: World, name: str, **payload: object) -> Any:
    return OperationRunner(db).run(name, world.me, payload)


def test_a_card_is_found_by_its_key_alone_in_any_of_my_workspaces(db: Database, world: World) -> None:
    found = run(db, world, "get_card_details", card="bill-2")
    assert found.title == "Refund flow"
    moved = run(db, world, "move_card", card="BILL-1", column="in progress")
    assert moved.status == "in_progress"


def test_a_key_two_projects_share_is_a_conflict_listing_both(db: Database, world: World) -> None:
    with pytest.raises(Conflict) as refused:
        run(db, world, "get_card_details", card="WEBS-1")
    assert world.my_website in refused.value.message and world.team_website in refused.value.message
    # Naming the project settles it.
    assert run(db, world, "get_card_details", project=world.team_website, card="WEBS-1").title == "Launch the landing page"


def test_an_ambiguous_project_name_lists_the_candidates_with_their_workspaces(db: Database, world: World) -> None:
    with pytest.raises(Conflict) as refused:
        run(db, world, "get_project_details", project="website")
    message = refused.value.message
    assert world.my_website in message and world.team_website in message
    assert "'Personal'" in message and "'Eng'" in message


def test_a_column_name_that_misses_lists_the_columns(db: Database, world: World) -> None:
    with pytest.raises(NotFound, match="Column not found.*'To Do', 'In Progress', 'Done'"):
        run(db, world, "move_card", card="BILL-1", column="Doing")


def test_another_organizations_card_and_project_are_not_found(db: Database, world: World) -> None:
    with pytest.raises(NotFound):
        run(db, world, "get_card_details", card="SECR-1")
    with pytest.raises(NotFound):
        run(db, world, "get_project_details", project=world.secret)
    with pytest.raises(NotFound):
        run(db, world, "list_cards", project="Secret")


def test_a_card_given_by_words_needs_its_project(db: Database, world: World) -> None:
    with pytest.raises(Invalid, match="project: is required unless"):
        run(db, world, "get_card_details", card="Refund flow")


def test_list_cards_without_a_project_lists_every_project_i_can_see(db: Database, world: World) -> None:
    keys = [c.key for c in run(db, world, "list_cards")]
    assert keys.count("WEBS-1") == 2 and {"GS-1", "BILL-2"} <= set(keys)
    assert not any(k.startswith("SECR") for k in keys)
    # A column name applies in every project that has it.
    run(db, world, "move_card", card="BILL-2", column="Done")
    done = [c.key for c in run(db, world, "list_cards", column="done")]
    assert "BILL-2" in done and "GS-5" in done and "BILL-1" not in done


def test_list_cards_filters_by_assignee_and_priority_arguments_as_the_query_terms_do(db: Database, world: World) -> None:
    run(db, world, "assign_card", card="BILL-1", assignee="bob@example.com")
    run(db, world, "update_card", card="BILL-1", data={"priority": "high"})
    by_bob = [c.key for c in run(db, world, "list_cards", project="Billing", assignee="bob@example.com")]
    assert by_bob == ["BILL-1"]
    high = [c.key for c in run(db, world, "list_cards", project="Billing", priority="high")]
    assert high == ["BILL-1"]
    # Both the argument and the query must hold.
    assert run(db, world, "list_cards", project="Billing", assignee="bob@example.com", q="priority:low") == []
    unassigned = {c.key for c in run(db, world, "list_cards", assignee="none")}
    assert "BILL-2" in unassigned and "BILL-1" not in unassigned


def test_a_stranger_gets_404_before_a_bad_query_is_read(db: Database, world: World) -> None:
    with pytest.raises(NotFound):
        OperationRunner(db).run("list_cards", world.eve, {"project": world.billing, "q": "owner:bob"})


def test_create_card_without_a_column_lands_in_the_first_one(db: Database, world: World) -> None:
    made = run(db, world, "create_card", project="Billing", data={"title": "Dunning emails"})
    first = run(db, world, "list_columns", project="Billing")[0]
    assert made.column_id == first.id


def test_list_projects_without_a_workspace_lists_all_of_mine_personal_first(db: Database, world: World) -> None:
    names = [p.name for p in run(db, world, "list_projects")]
    assert names == ["Getting Started", "Website", "Website", "Billing"]
    only_team = [p.name for p in run(db, world, "list_projects", workspaceId=world.team_id)]
    assert only_team == ["Website", "Billing"]


def test_list_workspaces_without_an_organization_lists_every_one_of_mine(db: Database, world: World) -> None:
    names = {w.name for w in run(db, world, "list_workspaces")}
    assert names == {"Personal", "Eng"}
    assert [w.name for w in run(db, world, "list_workspaces", orgSlug="acme")] == ["Eng"]


def test_search_cards_finds_words_across_workspaces_and_never_a_strangers(db: Database, world: World) -> None:
    hits = run(db, world, "search_cards", text="export csv")
    assert [(h.key, h.project_name, h.column_name) for h in hits] == [("BILL-1", "Billing", "To Do")]
    assert run(db, world, "search_cards", text="secret plan") == []
    # The exact key first.
    assert [h.key for h in run(db, world, "search_cards", text="gs-1")][0] == "GS-1"


def test_a_read_only_token_cannot_search_and_write(db: Database, world: World) -> None:
    reader = dataclasses.replace(world.me, kind="pat", scopes=frozenset({"projects:read"}))
    assert OperationRunner(db).run("search_cards", reader, {"text": "refund"})

    with pytest.raises(Forbidden, match="projects:write"):
        OperationRunner(db).run("move_card", reader, {"card": "BILL-1", "column": "Done"})
