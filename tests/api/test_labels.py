"""Labels: project-level definitions, and adding them to / removing them from cards."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from stellary_core.db import Database
from stellary_core.models import Activity, CardLabel
from tests.conftest import ApiUser

MISSING = "0123456789abcdef01234567"


def new_card(user: ApiUser, project: dict[str, Any], title: str = "Card") -> dict[str, Any]:
    created = user.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": title})
    assert created.status_code == 201, created.text
    return created.json()


def new_label(user: ApiUser, project: dict[str, Any], name: str = "Bug", color: str = "#ff0000") -> dict[str, Any]:
    created = user.post(f"{project['path']}/labels", json={"name": name, "color": color})
    assert created.status_code == 201, created.text
    return created.json()


def second_project(user: ApiUser, name: str = "Other") -> dict[str, Any]:
    created = user.post(f"{user.ws_path}/projects", json={"name": name})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    body["path"] = f"{user.ws_path}/projects/{body['id']}"
    body["columns"] = user.get(f"{body['path']}/columns").json()
    return body


# -- definitions ---------------------------------------------------------------


def test_create_label_returns_it_with_lowercased_color(alice: ApiUser, project: dict) -> None:
    response = alice.post(f"{project['path']}/labels", json={"name": "Bug", "color": "#FFaa00"})
    assert response.status_code == 201
    body = response.json()
    assert body["name"] == "Bug"
    assert body["color"] == "#ffaa00"
    assert body["projectId"] == project["id"]
    assert len(body["id"]) == 24
    assert body["createdAt"].endswith("Z")


def test_list_labels_of_the_project_by_name(alice: ApiUser, project: dict) -> None:
    new_label(alice, project, "ux")
    new_label(alice, project, "Bug")
    other = second_project(alice)
    new_label(alice, other, "Elsewhere")
    listed = alice.get(f"{project['path']}/labels")
    assert listed.status_code == 200
    assert [label["name"] for label in listed.json()] == ["Bug", "ux"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "", "color": "#ff0000"}, "name"),
        ({"name": "x" * 51, "color": "#ff0000"}, "name"),
        ({"name": "Bug", "color": "red"}, "color"),
        ({"name": "Bug", "color": "#ff000"}, "color"),
        ({"name": "Bug", "color": "#gg0000"}, "color"),
        ({"name": "Bug"}, "color"),
        ({"color": "#ff0000"}, "name"),
        ({"name": "Bug", "color": "#ff0000", "id": MISSING}, "id"),
    ],
)
def test_create_label_validates_its_body(alice: ApiUser, project: dict, body: dict, field: str) -> None:
    response = alice.post(f"{project['path']}/labels", json=body)
    assert response.status_code == 400
    assert field in [d["field"] for d in response.json()["details"]]


def test_label_name_of_50_characters_is_accepted(alice: ApiUser, project: dict) -> None:
    name = "".join(chr(ord("a") + n % 26) for n in range(50))
    assert alice.post(f"{project['path']}/labels", json={"name": name, "color": "#000000"}).status_code == 201
    assert [label["name"] for label in alice.get(f"{project['path']}/labels").json()] == [name]


def test_label_names_are_unique_in_a_project_ignoring_case(alice: ApiUser, project: dict) -> None:
    new_label(alice, project, "Bug")
    clash = alice.post(f"{project['path']}/labels", json={"name": "bug", "color": "#00ff00"})
    assert clash.status_code == 409
    # Another project may use the same name.
    other = second_project(alice)
    assert alice.post(f"{other['path']}/labels", json={"name": "Bug", "color": "#00ff00"}).status_code == 201


def test_update_label_name_and_color(alice: ApiUser, project: dict) -> None:
    label = new_label(alice, project)
    response = alice.patch(f"{project['path']}/labels/{label['id']}", json={"name": "Defect", "color": "#00AA00"})
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["color"]) == ("Defect", "#00aa00")
    only_color = alice.patch(f"{project['path']}/labels/{label['id']}", json={"color": "#123456"}).json()
    assert (only_color["name"], only_color["color"]) == ("Defect", "#123456")
    assert [x["name"] for x in alice.get(f"{project['path']}/labels").json()] == ["Defect"]


def test_update_label_rejects_null_bad_values_and_name_clash(alice: ApiUser, project: dict) -> None:
    label = new_label(alice, project, "Bug")
    new_label(alice, project, "Feature")
    path = f"{project['path']}/labels/{label['id']}"
    assert alice.patch(path, json={"name": None}).status_code == 400
    assert alice.patch(path, json={"color": "blue"}).status_code == 400
    assert alice.patch(path, json={"name": "FEATURE"}).status_code == 409
    # Renaming to itself in another case is fine.
    assert alice.patch(path, json={"name": "BUG"}).json()["name"] == "BUG"


def test_unknown_or_malformed_label_id_is_404(alice: ApiUser, project: dict) -> None:
    for label_id in (MISSING, "nope"):
        assert alice.patch(f"{project['path']}/labels/{label_id}", json={"name": "x"}).status_code == 404
        assert alice.delete(f"{project['path']}/labels/{label_id}").status_code == 404


def test_label_of_another_project_is_404_through_this_project(alice: ApiUser, project: dict) -> None:
    other = second_project(alice)
    label = new_label(alice, other)
    assert alice.patch(f"{project['path']}/labels/{label['id']}", json={"name": "x"}).status_code == 404
    assert alice.delete(f"{project['path']}/labels/{label['id']}").status_code == 404


def test_delete_label_removes_it_from_every_card(alice: ApiUser, project: dict, db: Database) -> None:
    label = new_label(alice, project)
    keep = new_label(alice, project, "Keep")
    first, second = new_card(alice, project, "One"), new_card(alice, project, "Two")
    for card in (first, second):
        alice.post(f"{project['path']}/cards/{card['id']}/labels/{label['id']}")
        alice.post(f"{project['path']}/cards/{card['id']}/labels/{keep['id']}")
    response = alice.delete(f"{project['path']}/labels/{label['id']}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert [x["id"] for x in alice.get(f"{project['path']}/labels").json()] == [keep["id"]]
    for card in alice.get(f"{project['path']}/cards").json():
        assert card["labelIds"] == [keep["id"]]
    with db.session() as session:
        assert session.scalars(select(CardLabel).where(CardLabel.label_id == label["id"])).all() == []


# -- on cards --------------------------------------------------------------------


def test_add_label_to_card_returns_the_card(alice: ApiUser, project: dict) -> None:
    label = new_label(alice, project)
    card = new_card(alice, project)
    response = alice.post(f"{project['path']}/cards/{card['id']}/labels/{label['id']}")
    assert response.status_code == 201
    assert response.json()["id"] == card["id"]
    assert response.json()["labelIds"] == [label["id"]]
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["labelIds"] == [label["id"]]


def test_adding_a_label_twice_is_idempotent(alice: ApiUser, project: dict, db: Database) -> None:
    label = new_label(alice, project)
    card = new_card(alice, project)
    path = f"{project['path']}/cards/{card['id']}/labels/{label['id']}"
    alice.post(path)
    again = alice.post(path)
    assert again.status_code == 201
    assert again.json()["labelIds"] == [label["id"]]
    with db.session() as session:
        updates = session.scalars(select(Activity).where(Activity.card_id == card["id"], Activity.type == "card_updated")).all()
    assert len(updates) == 1


def test_remove_label_from_card(alice: ApiUser, project: dict) -> None:
    bug, ux = new_label(alice, project, "Bug"), new_label(alice, project, "UX")
    card = new_card(alice, project)
    for label in (bug, ux):
        alice.post(f"{project['path']}/cards/{card['id']}/labels/{label['id']}")
    response = alice.delete(f"{project['path']}/cards/{card['id']}/labels/{bug['id']}")
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["labelIds"] == [ux["id"]]
    # Removing a label the card no longer has is idempotent.
    again = alice.delete(f"{project['path']}/cards/{card['id']}/labels/{bug['id']}")
    assert again.status_code == 200
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["labelIds"] == [ux["id"]]
    # The label itself still exists.
    assert len(alice.get(f"{project['path']}/labels").json()) == 2


def test_label_or_card_of_another_project_is_404_on_card_routes(alice: ApiUser, project: dict) -> None:
    other = second_project(alice)
    foreign_label = new_label(alice, other)
    foreign_card = new_card(alice, other)
    label = new_label(alice, project)
    card = new_card(alice, project)
    for method in (alice.post, alice.delete):
        assert method(f"{project['path']}/cards/{card['id']}/labels/{foreign_label['id']}").status_code == 404
        assert method(f"{project['path']}/cards/{foreign_card['id']}/labels/{label['id']}").status_code == 404
        assert method(f"{project['path']}/cards/{card['id']}/labels/{MISSING}").status_code == 404
        assert method(f"{project['path']}/cards/bad-id/labels/{label['id']}").status_code == 404
    assert alice.get(f"{project['path']}/cards/{card['id']}").json()["labelIds"] == []


def test_label_changes_record_card_updated_activity(alice: ApiUser, project: dict, db: Database) -> None:
    label = new_label(alice, project)
    card = new_card(alice, project)
    alice.post(f"{project['path']}/cards/{card['id']}/labels/{label['id']}")
    alice.delete(f"{project['path']}/cards/{card['id']}/labels/{label['id']}")
    with db.session() as session:
        updates = session.scalars(
            select(Activity).where(Activity.card_id == card["id"], Activity.type == "card_updated").order_by(Activity.created_at)
        ).all()
    assert [a.meta["fields"] for a in updates] == [["labelIds"], ["labelIds"]]
    assert all(a.actor_id == alice.id and a.meta["key"] == card["key"] for a in updates)


# -- tenancy and authentication ----------------------------------------------------


def test_another_organization_gets_404_on_every_label_route(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    label = new_label(alice, project)
    card = new_card(alice, project)
    p = project["path"]
    calls = [
        mallory.get(f"{p}/labels"),
        mallory.post(f"{p}/labels", json={"name": "Evil", "color": "#000000"}),
        mallory.patch(f"{p}/labels/{label['id']}", json={"name": "Evil"}),
        mallory.delete(f"{p}/labels/{label['id']}"),
        mallory.post(f"{p}/cards/{card['id']}/labels/{label['id']}"),
        mallory.delete(f"{p}/cards/{card['id']}/labels/{label['id']}"),
    ]
    assert [c.status_code for c in calls] == [404] * len(calls)
    assert all("Bug" not in c.text for c in calls)
    assert [x["name"] for x in alice.get(f"{p}/labels").json()] == ["Bug"]


def test_label_of_another_organization_cannot_be_used_on_own_card(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    label = new_label(alice, project)
    theirs = mallory.post(f"{mallory.ws_path}/projects", json={"name": "Mine"}).json()
    path = f"{mallory.ws_path}/projects/{theirs['id']}"
    column = mallory.get(f"{path}/columns").json()[0]["id"]
    card = mallory.post(f"{path}/columns/{column}/cards", json={"title": "Mine"}).json()
    assert mallory.post(f"{path}/cards/{card['id']}/labels/{label['id']}").status_code == 404


def test_label_routes_need_a_token(client: TestClient, alice: ApiUser, project: dict) -> None:
    label = new_label(alice, project)
    card = new_card(alice, project)
    p = project["path"]
    calls = [
        client.get(f"{p}/labels"),
        client.post(f"{p}/labels", json={"name": "X", "color": "#000000"}),
        client.patch(f"{p}/labels/{label['id']}", json={"name": "X"}),
        client.delete(f"{p}/labels/{label['id']}"),
        client.post(f"{p}/cards/{card['id']}/labels/{label['id']}"),
        client.delete(f"{p}/cards/{card['id']}/labels/{label['id']}"),
    ]
    assert [c.status_code for c in calls] == [401] * len(calls)
