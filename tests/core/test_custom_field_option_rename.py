"""Renaming one option of a select field: the cards that chose it keep it, under the new name."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid
from stellary_core.models import CardFieldValue, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.operations.catalog.custom_fields import (
    CreateCustomField,
    RenameCustomFieldOption,
    SetCardFieldValues,
)
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, projects


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        user = accounts.create_local_user(session, name="Ada")
        actor = Principal(user_id=user.id, kind="local")
        workspace_id = session.scalars(select(Workspace.id).where(Workspace.owner_id == user.id)).one()
        projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops"))
    runner = OperationRunner(db)
    cards = [
        runner.run("create_card", actor, CreateCard(project="Ops", column="To Do", data=CardCreateIn(title=t))).id
        for t in ("One", "Two", "Three")
    ]
    return {"actor": actor, "runner": runner, "cards": cards}


def _field(world: dict[str, Any], kind: str, options: list[str]) -> str:
    data = CustomFieldCreateIn.model_validate({"name": kind.title(), "type": kind, "options": options})
    made = world["runner"].run("create_custom_field", world["actor"], CreateCustomField(project="Ops", data=data))
    return str(made.id)


def _set(world: dict[str, Any], card: str, field: str, value: Any) -> None:
    world["runner"].run("set_card_field_values", world["actor"], SetCardFieldValues(project="Ops", card=card, values={field: value}))


def _rename(world: dict[str, Any], field: str, option: str, to: str) -> Any:
    given = RenameCustomFieldOption(project="Ops", field=field, option=option, to=to)
    return world["runner"].run("rename_custom_field_option", world["actor"], given)


def _values(db: Database, field: str) -> dict[str, Any]:
    with db.session() as session:
        return dict(session.execute(select(CardFieldValue.card_id, CardFieldValue.value).where(CardFieldValue.field_id == field)).all())


def test_a_select_option_renamed_keeps_the_cards_that_chose_it(db: Database, world: dict[str, Any]) -> None:
    one, two, _three = world["cards"]
    field = _field(world, "select", ["Low", "High"])
    _set(world, one, field, "High")
    _set(world, two, field, "Low")
    renamed = _rename(world, field, "High", "Urgent")
    assert renamed.options == ["Low", "Urgent"], "in place, in the same order"
    assert _values(db, field) == {one: "Urgent", two: "Low"}


def test_a_multi_select_option_renamed_keeps_its_place_in_each_value(db: Database, world: dict[str, Any]) -> None:
    one, two, _three = world["cards"]
    field = _field(world, "multi-select", ["web", "api", "ops"])
    _set(world, one, field, ["web", "api"])
    _set(world, two, field, ["ops"])
    _rename(world, field, "web", "frontend")
    assert _values(db, field) == {one: ["frontend", "api"], two: ["ops"]}


def test_a_rename_to_an_existing_option_or_of_a_missing_one_is_refused(db: Database, world: dict[str, Any]) -> None:
    one = world["cards"][0]
    field = _field(world, "select", ["Low", "High"])
    _set(world, one, field, "High")
    with pytest.raises(Conflict, match="'Low' is already an option"):
        _rename(world, field, "High", "Low")
    with pytest.raises(Invalid, match="'Medium' is not an option"):
        _rename(world, field, "Medium", "Mid")
    assert _values(db, field) == {one: "High"}


def test_only_select_fields_have_options_to_rename(world: dict[str, Any]) -> None:
    field = _field(world, "text", [])
    with pytest.raises(Invalid, match="only select and multi-select"):
        _rename(world, field, "a", "b")


def test_the_new_name_follows_the_options_rules() -> None:
    with pytest.raises(ValueError):
        RenameCustomFieldOption(project="Ops", field="f", option="a", to="")
    with pytest.raises(ValueError):
        RenameCustomFieldOption(project="Ops", field="f", option="a", to="x" * 101)
