"""``PATCH .../cards/:cardId`` with ``projectId``/``scopeId`` and ``columnId``: an extension of the reference.

A card moves to a column of another scope or project of the same workspace;
in another project it gets that project's next key. Every other unknown field
is still a 400.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.sharing import join_workspace
from tests.api.test_labels import second_project
from tests.conftest import ApiUser

OTHER_ID = "665f1a2b3c4d5e6f7a8b9c0d"


def _card(user: ApiUser, project: dict[str, Any], title: str = "A card") -> dict[str, Any]:
    made = user.post(f"{project['path']}/columns/{project['columns'][0]['id']}/cards", json={"title": title})
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def _patch(user: ApiUser, project: dict[str, Any], card: dict[str, Any], **body: Any) -> Any:
    return user.patch(f"{project['path']}/cards/{card['id']}", json=body)


def test_a_card_moves_to_another_project_with_a_new_key(alice: ApiUser, project: dict) -> None:
    website = second_project(alice, "Website")
    stays, card = _card(alice, project, "Stays"), _card(alice, project, "Moves")
    target = website["columns"][2]
    response = _patch(alice, project, card, projectId=website["id"], columnId=target["id"])
    assert response.status_code == 200, response.text
    moved = response.json()
    assert (moved["id"], moved["key"], moved["projectId"]) == (card["id"], f"{website['keyPrefix']}-1", website["id"])
    assert (moved["scopeId"], moved["columnId"], moved["order"], moved["status"]) == (
        website["defaultScopeId"], target["id"], 0, "done",
    )  # fmt: skip
    assert alice.get(f"{project['path']}/cards/{card['id']}").status_code == 404
    assert alice.get(f"{website['path']}/cards/{card['id']}").json()["key"] == moved["key"]
    assert [(c["key"], c["order"]) for c in alice.get(f"{project['path']}/cards").json()] == [(stays["key"], 0)]


def test_a_card_moves_to_another_scope_of_its_project(alice: ApiUser, project: dict) -> None:
    scope = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    card = _card(alice, project)
    response = _patch(alice, project, card, scopeId=scope["id"], columnId=scope["columns"][0]["id"], title="Renamed")
    assert response.status_code == 200, response.text
    assert {k: response.json()[k] for k in ("key", "scopeId", "title")} == {
        "key": card["key"], "scopeId": scope["id"], "title": "Renamed",
    }  # fmt: skip


def test_a_project_of_another_workspace_is_a_404_and_nothing_changes(alice: ApiUser, mallory: ApiUser, project: dict) -> None:
    card = _card(alice, project)
    theirs = second_project(mallory, "Theirs")
    response = _patch(alice, project, card, projectId=theirs["id"], columnId=theirs["columns"][0]["id"], title="Gone")
    assert response.status_code == 404
    assert response.json() == {"statusCode": 404, "message": "Target project not found", "error": "Not Found"}
    assert alice.get(f"{project['path']}/cards/{card['id']}").json() == card
    assert _patch(alice, project, card, projectId=OTHER_ID, columnId=project["columns"][1]["id"]).status_code == 404


def test_mallory_cannot_pull_a_card_into_her_project_nor_push_hers_into_alices(
    alice: ApiUser, mallory: ApiUser, project: dict
) -> None:
    card = _card(alice, project, "Secret plan")
    theirs = second_project(mallory, "Theirs")
    pulled = mallory.patch(
        f"{theirs['path']}/cards/{card['id']}", json={"projectId": theirs["id"], "columnId": theirs["columns"][0]["id"]}
    )
    assert pulled.status_code == 404 and "Secret plan" not in pulled.text
    hers = _card(mallory, theirs)
    pushed = _patch(mallory, theirs, hers, projectId=project["id"], columnId=project["columns"][0]["id"])
    assert pushed.status_code == 404
    assert [c["title"] for c in alice.get(f"{project['path']}/cards").json()] == ["Secret plan"]


def test_a_workspace_member_moves_cards_between_the_workspaces_projects(alice: ApiUser, bob: ApiUser, project: dict) -> None:
    join_workspace(alice, bob)
    website = second_project(alice, "Website")
    card = _card(alice, project)
    response = _patch(bob, project, card, projectId=website["id"], columnId=website["columns"][0]["id"])
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"projectId": "WEBSITE"}, "projectId"),  # without columnId
        ({"scopeId": "SCOPE"}, "scopeId"),
        ({"projectId": None, "columnId": "OWN_COLUMN"}, "projectId"),
        ({"scopeId": None, "columnId": "OWN_COLUMN"}, "scopeId"),
        ({"projectId": "not-an-id", "columnId": "OWN_COLUMN"}, "projectId"),
        ({"projectId": "WEBSITE", "columnId": "OWN_COLUMN"}, "columnId"),  # not a column of the target project
        ({"projectId": "WEBSITE", "columnId": OTHER_ID}, "columnId"),
        ({"scopeId": OTHER_ID, "columnId": "OWN_COLUMN"}, "scopeId"),
        ({"scopeId": "SCOPE", "columnId": "OWN_COLUMN"}, "columnId"),  # a column of another scope than the one named
        # Other unknown keys are still refused, as are snake_case names.
        ({"project_id": "WEBSITE", "columnId": "OWN_COLUMN"}, "project_id"),
        ({"targetProjectId": "WEBSITE", "columnId": "OWN_COLUMN"}, "targetProjectId"),
    ],
)
def test_a_move_that_does_not_fit_is_a_400_naming_the_field(
    alice: ApiUser, project: dict, body: dict[str, Any], field: str
) -> None:
    website = second_project(alice, "Website")
    scope = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    names = {"WEBSITE": website["id"], "SCOPE": scope["id"], "OWN_COLUMN": project["columns"][1]["id"]}
    card = _card(alice, project)
    response = _patch(alice, project, card, **{k: names.get(v, v) if isinstance(v, str) else v for k, v in body.items()})
    assert response.status_code == 400, response.text
    assert field in [d["field"] for d in response.json()["details"]]
    assert alice.get(f"{project['path']}/cards/{card['id']}").json() == card


def test_the_openapi_document_describes_the_extension(alice: ApiUser) -> None:
    schema = alice.client.get("/openapi.json").json()["components"]["schemas"]
    update = schema.get("CardUpdateIn") or schema["CardUpdateIn-Input"]
    assert {"projectId", "scopeId", "columnId"} <= set(update["properties"])
