"""Custom fields: definitions, type/option changes, and typed values on cards."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Activity, CardFieldValue
from tests.conftest import ApiUser

MISSING = "0123456789abcdef01234567"


def new_card(user: ApiUser, project: dict[str, Any], title: str = "Card") -> dict[str, Any]:
    created = user.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": title})
    assert created.status_code == 201, created.text
    return created.json()


def new_field(user: ApiUser, project: dict[str, Any], name: str, kind: str, options: list[str] | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"name": name, "type": kind}
    if options is not None:
        body["options"] = options
    created = user.post(f"{project['path']}/custom-fields", json=body)
    assert created.status_code == 201, created.text
    return created.json()


def set_values(user: ApiUser, project: dict[str, Any], card: dict[str, Any], values: dict[str, Any]) -> Any:
    return user.patch(f"{project['path']}/cards/{card['id']}/custom-fields", json=values)


# -- definitions ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["text", "number", "date", "boolean"])
def test_create_field_of_a_plain_type(alice: ApiUser, project: dict, kind: str) -> None:
    response = alice.post(f"{project['path']}/custom-fields", json={"name": "Field", "type": kind})
    assert response.status_code == 201
    body = response.json()
    assert (body["name"], body["type"], body["options"]) == ("Field", kind, [])
    assert body["projectId"] == project["id"]


@pytest.mark.parametrize("kind", ["select", "multi-select"])
def test_create_field_of_a_select_type_keeps_its_options(alice: ApiUser, project: dict, kind: str) -> None:
    response = alice.post(f"{project['path']}/custom-fields", json={"name": "Size", "type": kind, "options": ["S", "M", "L"]})
    assert response.status_code == 201
    assert response.json()["options"] == ["S", "M", "L"]


@pytest.mark.parametrize(
    "body",
    [
        {"name": "Size", "type": "select"},
        {"name": "Size", "type": "select", "options": []},
        {"name": "Size", "type": "multi-select", "options": None},
        {"name": "Size", "type": "select", "options": ["S", "S"]},
        {"name": "Size", "type": "select", "options": [""]},
        {"name": "Size", "type": "select", "options": ["x" * 101]},
        {"name": "Size", "type": "select", "options": [3]},
        {"name": "Size", "type": "text", "options": ["S"]},
        {"name": "Size", "type": "number", "options": ["1"]},
    ],
)
def test_options_are_required_for_select_types_and_forbidden_for_others(alice: ApiUser, project: dict, body: dict) -> None:
    response = alice.post(f"{project['path']}/custom-fields", json=body)
    assert response.status_code == 400
    assert any(d["field"].startswith("options") for d in response.json()["details"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "X", "type": "colour"}, "type"),
        ({"name": "", "type": "text"}, "name"),
        ({"name": "x" * 201, "type": "text"}, "name"),
        ({"type": "text"}, "name"),
        ({"name": "X", "type": "text", "order": 1}, "order"),
    ],
)
def test_create_field_validates_name_and_type(alice: ApiUser, project: dict, body: dict, field: str) -> None:
    response = alice.post(f"{project['path']}/custom-fields", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


def test_option_of_100_characters_is_accepted(alice: ApiUser, project: dict) -> None:
    assert new_field(alice, project, "Long", "select", ["x" * 100])["options"] == ["x" * 100]


def test_list_fields_in_creation_order(alice: ApiUser, project: dict) -> None:
    new_field(alice, project, "Zeta", "text")
    new_field(alice, project, "Alpha", "number")
    listed = alice.get(f"{project['path']}/custom-fields")
    assert listed.status_code == 200
    assert [(f["name"], f["order"]) for f in listed.json()] == [("Zeta", 0), ("Alpha", 1)]


def test_field_names_are_unique_in_a_project(alice: ApiUser, project: dict) -> None:
    new_field(alice, project, "Estimate", "number")
    assert alice.post(f"{project['path']}/custom-fields", json={"name": "estimate", "type": "text"}).status_code == 409


def test_rename_a_field(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Estimate", "number")
    response = alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"name": "Points"})
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["type"]) == ("Points", "number")
    assert alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"name": None}).status_code == 400
    assert alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"type": None}).status_code == 400


def test_update_cannot_take_a_name_in_use(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Estimate", "number")
    new_field(alice, project, "Owner", "text")
    assert alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"name": "OWNER"}).status_code == 409


def test_changing_type_converts_values_that_fit_and_drops_the_rest(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Estimate", "text")
    numeric, wordy = new_card(alice, project, "A"), new_card(alice, project, "B")
    set_values(alice, project, numeric, {made["id"]: "42"})
    set_values(alice, project, wordy, {made["id"]: "a lot"})
    response = alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"type": "number"})
    assert response.status_code == 200
    assert response.json()["type"] == "number"
    assert alice.get(f"{project['path']}/cards/{numeric['id']}").json()["customFields"] == {made["id"]: 42}
    assert alice.get(f"{project['path']}/cards/{wordy['id']}").json()["customFields"] == {}


def test_changing_number_to_text_keeps_the_value_as_text(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Estimate", "number")
    card = new_card(alice, project)
    set_values(alice, project, card, {made["id"]: 2.5})
    alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"type": "text"})
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["customFields"] == {made["id"]: "2.5"}


def test_changing_select_to_multi_select_wraps_the_value(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Size", "select", ["S", "M"])
    card = new_card(alice, project)
    set_values(alice, project, card, {made["id"]: "M"})
    response = alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"type": "multi-select"})
    assert response.json()["options"] == ["S", "M"]
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["customFields"] == {made["id"]: ["M"]}


def test_removing_an_option_drops_it_from_values(alice: ApiUser, project: dict, db: Database) -> None:
    single = new_field(alice, project, "Size", "select", ["S", "M", "L"])
    multi = new_field(alice, project, "Tags", "multi-select", ["a", "b", "c"])
    first, second = new_card(alice, project, "A"), new_card(alice, project, "B")
    set_values(alice, project, first, {single["id"]: "L", multi["id"]: ["a", "c"]})
    set_values(alice, project, second, {single["id"]: "S", multi["id"]: ["c"]})
    alice.patch(f"{project['path']}/custom-fields/{single['id']}", json={"options": ["S", "M"]})
    alice.patch(f"{project['path']}/custom-fields/{multi['id']}", json={"options": ["a", "b"]})
    assert alice.get(f"{project['path']}/cards/{first['id']}").json()["customFields"] == {multi["id"]: ["a"]}
    assert alice.get(f"{project['path']}/cards/{second['id']}").json()["customFields"] == {single["id"]: "S"}
    with db.session() as session:
        stored = session.scalars(select(CardFieldValue.value).where(CardFieldValue.field_id == multi["id"])).all()
    assert stored == [["a"]]


def test_changing_to_a_select_type_needs_options(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Size", "text")
    path = f"{project['path']}/custom-fields/{made['id']}"
    assert alice.patch(path, json={"type": "select"}).status_code == 400
    assert alice.patch(path, json={"options": ["S"]}).status_code == 400
    response = alice.patch(path, json={"type": "select", "options": ["S", "M"]})
    assert response.status_code == 200
    assert response.json()["options"] == ["S", "M"]


def test_changing_select_to_text_drops_the_options_and_keeps_values_as_text(alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Size", "select", ["S", "M"])
    card = new_card(alice, project)
    set_values(alice, project, card, {made["id"]: "M"})
    response = alice.patch(f"{project['path']}/custom-fields/{made['id']}", json={"type": "text"})
    assert (response.json()["type"], response.json()["options"]) == ("text", [])
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["customFields"] == {made["id"]: "M"}


def test_delete_field_removes_values_from_every_card(alice: ApiUser, project: dict, db: Database) -> None:
    gone = new_field(alice, project, "Gone", "text")
    kept = new_field(alice, project, "Kept", "boolean")
    cards = [new_card(alice, project, "A"), new_card(alice, project, "B")]
    for card in cards:
        set_values(alice, project, card, {gone["id"]: "x", kept["id"]: True})
    response = alice.delete(f"{project['path']}/custom-fields/{gone['id']}")
    assert (response.status_code, response.json()) == (200, {"ok": True})
    for card in alice.get(f"{project['path']}/cards").json():
        assert card["customFields"] == {kept["id"]: True}
    listed = alice.get(f"{project['path']}/custom-fields").json()
    assert [(f["name"], f["order"]) for f in listed] == [("Kept", 0)]
    with db.session() as session:
        assert session.scalars(select(CardFieldValue).where(CardFieldValue.field_id == gone["id"])).all() == []


def test_unknown_field_id_in_path_is_404(alice: ApiUser, project: dict) -> None:
    for field_id in (MISSING, "bad"):
        assert alice.patch(f"{project['path']}/custom-fields/{field_id}", json={"name": "x"}).status_code == 404
        assert alice.delete(f"{project['path']}/custom-fields/{field_id}").status_code == 404


# -- values ------------------------------------------------------------------------------

OPTIONS = ["Low", "High"]

GOOD_VALUES = [
    ("text", "hello", "hello"),
    ("text", "", ""),
    ("text", "x" * 5000, "x" * 5000),
    ("number", 3, 3),
    ("number", -2.5, -2.5),
    ("number", 0, 0),
    ("select", "High", "High"),
    ("multi-select", ["High", "Low"], ["Low", "High"]),
    ("multi-select", ["Low"], ["Low"]),
    ("date", "2026-04-01", "2026-04-01"),
    ("date", "2026-04-01T23:30:00-02:00", "2026-04-02"),
    ("date", "2026-04-01T10:00:00Z", "2026-04-01"),
    ("boolean", True, True),
    ("boolean", False, False),
]

BAD_VALUES = [
    ("text", 3),
    ("text", True),
    ("text", ["a"]),
    ("text", "x" * 5001),
    ("number", "3"),
    ("number", True),
    ("number", [1]),
    ("number", 10**400),
    ("select", "Medium"),
    ("select", ["Low"]),
    ("select", 1),
    ("multi-select", "Low"),
    ("multi-select", ["Low", "Low"]),
    ("multi-select", ["Low", "Medium"]),
    ("multi-select", [1]),
    ("date", "2026-13-01"),
    ("date", "tomorrow"),
    ("date", 20260401),
    ("boolean", "true"),
    ("boolean", 1),
    ("boolean", 0),
    ("boolean", "yes"),
]


def _field_for(user: ApiUser, project: dict, kind: str) -> dict[str, Any]:
    return new_field(user, project, "F", kind, OPTIONS if kind in ("select", "multi-select") else None)


@pytest.mark.parametrize(("kind", "value", "stored"), GOOD_VALUES)
def test_good_values_are_stored_normalised(alice: ApiUser, project: dict, kind: str, value: Any, stored: Any) -> None:
    made = _field_for(alice, project, kind)
    card = new_card(alice, project)
    response = set_values(alice, project, card, {made["id"]: value})
    assert response.status_code == 200, response.text
    assert response.json()["id"] == card["id"]
    assert response.json()["customFields"] == {made["id"]: stored}
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["customFields"] == {made["id"]: stored}


@pytest.mark.parametrize(("kind", "value"), BAD_VALUES)
def test_bad_values_are_400_naming_the_field(alice: ApiUser, project: dict, kind: str, value: Any) -> None:
    made = _field_for(alice, project, kind)
    card = new_card(alice, project)
    response = set_values(alice, project, card, {made["id"]: value})
    assert response.status_code == 400
    assert [d["field"] for d in response.json()["details"]] == [made["id"]]
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["customFields"] == {}


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_non_finite_numbers_are_refused(alice: ApiUser, project: dict, literal: str) -> None:
    made = _field_for(alice, project, "number")
    card = new_card(alice, project)
    response = alice.client.patch(
        f"{project['path']}/cards/{card['id']}/custom-fields",
        content=f'{{"{made["id"]}": {literal}}}',
        headers={**alice.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == made["id"]


def test_null_clears_a_value_and_empty_multi_select_too(alice: ApiUser, project: dict, db: Database) -> None:
    text = _field_for(alice, project, "text")
    multi = new_field(alice, project, "Tags", "multi-select", OPTIONS)
    card = new_card(alice, project)
    set_values(alice, project, card, {text["id"]: "x", multi["id"]: ["Low"]})
    response = set_values(alice, project, card, {text["id"]: None, multi["id"]: []})
    assert response.status_code == 200
    assert response.json()["customFields"] == {}
    with db.session() as session:
        assert session.scalars(select(CardFieldValue).where(CardFieldValue.card_id == card["id"])).all() == []


def test_values_of_other_fields_are_left_alone(alice: ApiUser, project: dict) -> None:
    first, second = _field_for(alice, project, "text"), new_field(alice, project, "N", "number")
    card = new_card(alice, project)
    set_values(alice, project, card, {first["id"]: "x"})
    response = set_values(alice, project, card, {second["id"]: 5})
    assert response.json()["customFields"] == {first["id"]: "x", second["id"]: 5}


def test_unknown_field_or_field_of_another_project_is_400_naming_it(alice: ApiUser, project: dict) -> None:
    other = alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}).json()
    foreign = alice.post(
        f"{alice.ws_path}/projects/{other['id']}/custom-fields", json={"name": "Foreign", "type": "text"}
    ).json()
    card = new_card(alice, project)
    for key in (MISSING, foreign["id"], "not-an-id"):
        response = set_values(alice, project, card, {key: "x"})
        assert response.status_code == 400
        assert [d["field"] for d in response.json()["details"]] == [key]
        assert key in response.json()["message"]


def test_setting_values_is_all_or_nothing_and_lists_every_error(alice: ApiUser, project: dict) -> None:
    text, number = _field_for(alice, project, "text"), new_field(alice, project, "N", "number")
    card = new_card(alice, project)
    response = set_values(alice, project, card, {text["id"]: "fine", number["id"]: "nope", MISSING: 1})
    assert response.status_code == 400
    assert sorted(d["field"] for d in response.json()["details"]) == sorted([number["id"], MISSING])
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["customFields"] == {}


def test_values_body_must_be_an_object(alice: ApiUser, project: dict) -> None:
    card = new_card(alice, project)
    for body in (["x"], "x", 3):
        assert alice.patch(f"{project['path']}/cards/{card['id']}/custom-fields", json=body).status_code == 400


def test_empty_body_changes_nothing(alice: ApiUser, project: dict, db: Database) -> None:
    card = new_card(alice, project)
    response = set_values(alice, project, card, {})
    assert response.status_code == 200
    assert response.json()["customFields"] == {}
    with db.session() as session:
        assert session.scalars(select(Activity).where(Activity.card_id == card["id"], Activity.type == "card_updated")).all() == []


def test_setting_values_records_card_updated_activity_only_on_change(alice: ApiUser, project: dict, db: Database) -> None:
    made = _field_for(alice, project, "text")
    card = new_card(alice, project)
    set_values(alice, project, card, {made["id"]: "x"})
    set_values(alice, project, card, {made["id"]: "x"})
    with db.session() as session:
        updates = session.scalars(select(Activity).where(Activity.card_id == card["id"], Activity.type == "card_updated")).all()
    assert [a.meta["fields"] for a in updates] == [["customFields"]]
    assert updates[0].meta["fieldIds"] == [made["id"]]


def test_card_of_another_project_or_unknown_card_is_404(alice: ApiUser, project: dict) -> None:
    made = _field_for(alice, project, "text")
    assert set_values(alice, project, {"id": MISSING}, {made["id"]: "x"}).status_code == 404
    assert set_values(alice, project, {"id": "bad"}, {made["id"]: "x"}).status_code == 404


# -- tenancy and authentication ----------------------------------------------------------


def test_another_organization_gets_404_on_every_custom_field_route(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "Secret", "text")
    card = new_card(alice, project)
    p = project["path"]
    calls = [
        mallory.get(f"{p}/custom-fields"),
        mallory.post(f"{p}/custom-fields", json={"name": "Evil", "type": "text"}),
        mallory.patch(f"{p}/custom-fields/{made['id']}", json={"name": "Evil"}),
        mallory.delete(f"{p}/custom-fields/{made['id']}"),
        mallory.patch(f"{p}/cards/{card['id']}/custom-fields", json={made["id"]: "evil"}),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert all("Secret" not in c.text for c in calls)
    assert [f["name"] for f in alice.get(f"{p}/custom-fields").json()] == ["Secret"]
    assert alice.get(f"{p}/cards/{card['id']}").json()["customFields"] == {}


def test_custom_field_routes_need_a_token(client: TestClient, alice: ApiUser, project: dict) -> None:
    made = new_field(alice, project, "F", "text")
    card = new_card(alice, project)
    p = project["path"]
    calls = [
        client.get(f"{p}/custom-fields"),
        client.post(f"{p}/custom-fields", json={"name": "X", "type": "text"}),
        client.patch(f"{p}/custom-fields/{made['id']}", json={"name": "X"}),
        client.delete(f"{p}/custom-fields/{made['id']}"),
        client.patch(f"{p}/cards/{card['id']}/custom-fields", json={made["id"]: "x"}),
    ]
    assert [c.status_code for c in calls] == [401] * len(calls)
