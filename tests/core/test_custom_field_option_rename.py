"""Renaming one option of a select field: the cards that chose it keep it, under the new name."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid
from stellary_core.models import CardFieldValue
from stellary_core.operations.catalog.custom_fields import (
    CreateCustomField,
    RenameCustomFieldOption,
    SetCardFieldValues,
)
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.custom_fields import CustomFieldCreateIn
from tests.core.test_card_tab_operations import world  # noqa: F401  (fixture: a project Ops with one card)


@pytest.fixture
def cards(world: dict[str, Any]) -> list[str]:
    """Three cards of the project Ops: the world's first and two more."""
    more = [
        world["runner"].run("create_card", world["actor"], CreateCard(project="Ops", column="To Do", data=CardCreateIn(title=t))).id
        for t in ("Two", "Three")
    ]
    return [world["card"].id, *more]


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


def test_a_select_option_renamed_keeps_the_cards_that_chose_it(db: Database, world: dict[str, Any], cards: list[str]) -> None:
    one, two, _three = cards
    field = _field(world, "select", ["Low", "High"])
    _set(world, one, field, "High")
    _set(world, two, field, "Low")
    renamed = _rename(world, field, "High", "Urgent")
    assert renamed.options == ["Low", "Urgent"], "in place, in the same order"
    assert _values(db, field) == {one: "Urgent", two: "Low"}


def test_a_multi_select_option_renamed_keeps_its_place_in_each_value(db: Database, world: dict[str, Any], cards: list[str]) -> None:
    one, two, _three = cards
    field = _field(world, "multi-select", ["web", "api", "ops"])
    _set(world, one, field, ["web", "api"])
    _set(world, two, field, ["ops"])
    _rename(world, field, "web", "frontend")
    assert _values(db, field) == {one: ["frontend", "api"], two: ["ops"]}


def test_a_rename_to_an_existing_option_or_of_a_missing_one_is_refused(db: Database, world: dict[str, Any], cards: list[str]) -> None:
    one = cards[0]
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
