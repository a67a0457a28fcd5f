"""Project export and import: round trip, the reference's body, limits, validation, atomicity, people, tenancy."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.models import (
    BoardColumn,
    Card,
    Comment,
    CustomField,
    Label,
    Project,
    SavedFilter,
    Scope,
)
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

REFERENCE_BODY = {
    "project": {"name": "Imported"},
    "columns": [{"name": "To Do"}, {"name": "In Progress"}, {"name": "Done"}],
    "cards": [{"title": "First task", "columnIndex": 0, "priority": "medium"}],
}
IGNORED = {"id", "createdAt", "updatedAt", "completedAt", "exportedAt"}


def ok(response: Any, status: int = 200) -> Any:
    assert response.status_code == status, response.text
    return response.json()


def import_path(user: ApiUser) -> str:
    return f"{user.ws_path}/projects/import"


def row_counts(db: Database) -> dict[str, int]:
    with db.session() as session:
        return {
            model.__name__: session.scalar(select(func.count()).select_from(model)) or 0
            for model in (Project, Scope, BoardColumn, Card, Label, CustomField, Comment, SavedFilter)
        }


@pytest.fixture
def rich(alice: ApiUser, bob: ApiUser, project: dict[str, Any]) -> dict[str, Any]:
    """A project using every part a snapshot holds."""
    join_workspace(alice, bob)
    p = project["path"]
    todo, doing, done = (c["id"] for c in project["columns"])
    ok(alice.patch(f"{p}", json={"description": "Launch plan for Q1"}))
    ok(alice.patch(f"{p}/columns/{doing}", json={"wipLimit": 3}))
    sprint = ok(alice.post(f"{p}/scopes", json={"name": "Sprint 2", "description": "Next one", "settings": {"swimlanes": "assignee"}}), 201)
    ok(alice.patch(f"{p}/scopes/{sprint['id']}/views", json={"activeView": "list"}))
    ok(alice.post(f"{p}/scopes/{sprint['id']}/filters", json={"name": "Bugs", "query": "label:bug"}), 201)
    review = ok(alice.post(f"{p}/columns", json={"name": "Review", "scopeId": sprint["id"], "category": "in_progress"}), 201)
    bug = ok(alice.post(f"{p}/labels", json={"name": "Bug", "color": "#d73a4a"}), 201)
    ux = ok(alice.post(f"{p}/labels", json={"name": "UX", "color": "#0e8a16"}), 201)
    points = ok(alice.post(f"{p}/custom-fields", json={"name": "Points", "type": "number"}), 201)
    team = ok(alice.post(f"{p}/custom-fields", json={"name": "Team", "type": "select", "options": ["Web", "API"]}), 201)
    tags = ok(alice.post(f"{p}/custom-fields", json={"name": "Platforms", "type": "multi-select", "options": ["iOS", "Android"]}), 201)
    ok(alice.post(f"{p}/custom-fields", json={"name": "Ship date", "type": "date"}), 201)
    ok(alice.post(f"{p}/custom-fields", json={"name": "Blocked", "type": "boolean"}), 201)

    def card(column: str, body: dict[str, Any]) -> dict[str, Any]:
        return ok(alice.post(f"{p}/columns/{column}/cards", json=body), 201)  # type: ignore[no-any-return]

    design = card(todo, {
        "title": "Design API endpoints", "description": "REST routes for billing", "priority": "high",
        "startDate": "2026-03-01", "dueDate": "2026-04-01", "assigneeId": bob.id,
        "checklist": [{"title": "List endpoints", "done": True}, {"title": "Write spec", "done": False}],
        "recurrence": {"every": "week", "weekdays": ["thu", "mon"]},
    })
    second = card(todo, {"title": "Second in To Do", "priority": "low", "recurrence": {"every": "month", "interval": 2, "monthDay": 31}})
    wip = card(doing, {"title": "Build billing", "priority": None})
    shipped = card(done, {"title": "Kick-off"})
    old = card(todo, {"title": "Old idea"})
    ok(alice.patch(f"{p}/cards/{old['id']}", json={"archived": True}))
    sprint_card = card(review["id"], {"title": "Review copy", "status": "todo"})
    ok(alice.patch(f"{p}/cards/{second['id']}", json={"order": 0}))  # now first in To Do
    for target, label in ((design, bug), (design, ux), (sprint_card, bug)):
        ok(alice.post(f"{p}/cards/{target['id']}/labels/{label['id']}"), 201)
    ok(alice.patch(f"{p}/cards/{design['id']}/custom-fields", json={points["id"]: 5, team["id"]: "API", tags["id"]: ["Android", "iOS"]}))
    ok(alice.patch(f"{p}/cards/{wip['id']}/custom-fields", json={points["id"]: 2.5}))
    ok(alice.post(f"{p}/cards/{design['id']}/comments", json={"content": "Spec looks good"}), 201)
    ok(bob.post(f"{p}/cards/{design['id']}/comments", json={"content": "What about errors?"}), 201)
    ok(alice.post(f"{p}/cards/{design['id']}/relations", json={"targetCardId": wip["id"], "type": "blocks"}), 201)
    ok(alice.post(f"{p}/cards/{shipped['id']}/relations", json={"targetCardId": design["id"], "type": "parent_of"}), 201)
    ok(alice.post(f"{p}/cards/{wip['id']}/relations", json={"targetCardId": sprint_card["id"], "type": "related_to"}), 201)
    return project


def canonical(doc: dict[str, Any]) -> dict[str, Any]:
    """A snapshot with ids and timestamps dropped and every reference spelled by what it points at."""
    doc = copy.deepcopy(doc)
    columns = {c["id"]: f"{s['name']}/{c['name']}" for s in doc["scopes"] for c in s["columns"]}
    labels = {label["id"]: label["name"] for label in doc["labels"]}
    fields = {f["id"]: f["name"] for f in doc["customFields"]}
    keys = {c["id"]: c["key"] for c in doc["cards"]}
    for card in doc["cards"]:
        card["columnId"] = columns[card["columnId"]]
        card["labelIds"] = [labels[i] for i in card["labelIds"]]
        card["customFields"] = {fields[k]: v for k, v in card["customFields"].items()}
        if card["archived"]:
            card.pop("order")  # an archived card has no place in its column
    for relation in doc["relations"]:
        relation["sourceCardId"], relation["targetCardId"] = keys[relation["sourceCardId"]], keys[relation["targetCardId"]]

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in IGNORED}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(doc)  # type: ignore[no-any-return]


# -- export -----------------------------------------------------------------


def test_export_holds_every_part(alice: ApiUser, rich: dict[str, Any]) -> None:
    doc = ok(alice.get(f"{rich['path']}/export"))
    assert doc["format"] == "stellary.project/1"
    assert doc["project"] == {"name": "Q1 Launch", "description": "Launch plan for Q1", "keyPrefix": "QL"}
    assert [s["name"] for s in doc["scopes"]] == ["Main", "Sprint 2"]
    assert [c["name"] for c in doc["scopes"][0]["columns"]] == ["To Do", "In Progress", "Done"]
    assert doc["scopes"][0]["columns"][1]["wipLimit"] == 3
    assert doc["scopes"][1]["activeView"] == "list" and doc["scopes"][1]["settings"] == {"swimlanes": "assignee"}
    assert doc["scopes"][1]["savedFilters"] == [{"name": "Bugs", "query": "label:bug"}]
    assert {label["name"] for label in doc["labels"]} == {"Bug", "UX"}
    assert [f["type"] for f in doc["customFields"]] == ["number", "select", "multi-select", "date", "boolean"]
    design = next(c for c in doc["cards"] if c["title"] == "Design API endpoints")
    assert design["assigneeEmail"] == "bob@example.com"
    assert design["checklist"] == [{"title": "List endpoints", "done": True}, {"title": "Write spec", "done": False}]
    assert design["startDate"] == "2026-03-01T00:00:00Z" and design["dueDate"] == "2026-04-01T00:00:00Z"
    assert [(m["authorEmail"], m["content"]) for m in design["comments"]] == [
        ("alice@example.com", "Spec looks good"),
        ("bob@example.com", "What about errors?"),
    ]
    assert sorted(design["customFields"].values(), key=str) == [5, "API", ["iOS", "Android"]]
    assert next(c for c in doc["cards"] if c["title"] == "Old idea")["archived"] is True
    assert next(c for c in doc["cards"] if c["title"] == "Kick-off")["status"] == "done"
    assert {r["type"] for r in doc["relations"]} == {"blocks", "parent_of", "related_to"}


# What the ``rich`` fixture seeded, as ``canonical`` spells it: checked field by field, so a
# value exported wrong is caught even when import and re-export agree with it.
_MAIN_COLUMNS = [
    {"name": "To Do", "category": "todo", "wipLimit": None},
    {"name": "In Progress", "category": "in_progress", "wipLimit": 3},
    {"name": "Done", "category": "done", "wipLimit": None},
]
_CARD_DEFAULTS: dict[str, Any] = {
    "description": None, "priority": "medium", "status": "todo", "startDate": None, "dueDate": None,
    "archived": False, "assigneeEmail": None, "createdByEmail": "alice@example.com",
    "checklist": [], "labelIds": [], "customFields": {}, "comments": [], "recurrence": None,
}
RICH_EXPORT: dict[str, Any] = {
    "format": "stellary.project/1",
    "project": {"name": "Q1 Launch", "description": "Launch plan for Q1", "keyPrefix": "QL"},
    "scopes": [
        {
            "name": "Main", "description": None, "isDefault": True, "activeView": "kanban", "settings": {},
            "columns": _MAIN_COLUMNS, "savedFilters": [],
        },
        {
            "name": "Sprint 2", "description": "Next one", "isDefault": False, "activeView": "list",
            "settings": {"swimlanes": "assignee"},
            "columns": [
                {"name": "To Do", "category": "todo", "wipLimit": None},
                {"name": "In Progress", "category": "in_progress", "wipLimit": None},
                {"name": "Done", "category": "done", "wipLimit": None},
                {"name": "Review", "category": "in_progress", "wipLimit": None},
            ],
            "savedFilters": [{"name": "Bugs", "query": "label:bug"}],
        },
    ],
    "labels": [{"name": "Bug", "color": "#d73a4a"}, {"name": "UX", "color": "#0e8a16"}],
    "customFields": [
        {"name": "Points", "type": "number", "options": []},
        {"name": "Team", "type": "select", "options": ["Web", "API"]},
        {"name": "Platforms", "type": "multi-select", "options": ["iOS", "Android"]},
        {"name": "Ship date", "type": "date", "options": []},
        {"name": "Blocked", "type": "boolean", "options": []},
    ],
    "cards": [
        {
            **_CARD_DEFAULTS, "number": 1, "key": "QL-1", "title": "Design API endpoints",
            "description": "REST routes for billing", "columnId": "Main/To Do", "order": 1, "priority": "high",
            "startDate": "2026-03-01T00:00:00Z", "dueDate": "2026-04-01T00:00:00Z", "assigneeEmail": "bob@example.com",
            "checklist": [{"title": "List endpoints", "done": True}, {"title": "Write spec", "done": False}],
            "labelIds": ["Bug", "UX"],
            "recurrence": {"every": "week", "interval": 1, "weekdays": ["mon", "thu"], "monthDay": None},
            # Multi-select values come back in the field's option order.
            "customFields": {"Points": 5, "Team": "API", "Platforms": ["iOS", "Android"]},
            "comments": [
                {"authorEmail": "alice@example.com", "authorName": "Alice", "content": "Spec looks good"},
                {"authorEmail": "bob@example.com", "authorName": "Bob", "content": "What about errors?"},
            ],
        },
        {
            **_CARD_DEFAULTS, "number": 2, "key": "QL-2", "title": "Second in To Do", "columnId": "Main/To Do", "order": 0,
            "priority": "low", "recurrence": {"every": "month", "interval": 2, "weekdays": [], "monthDay": 31},
        },
        {
            **_CARD_DEFAULTS, "number": 3, "key": "QL-3", "title": "Build billing", "columnId": "Main/In Progress",
            "order": 0, "priority": None, "status": "in_progress", "customFields": {"Points": 2.5},
        },
        {**_CARD_DEFAULTS, "number": 4, "key": "QL-4", "title": "Kick-off", "columnId": "Main/Done", "order": 0, "status": "done"},
        {**_CARD_DEFAULTS, "number": 5, "key": "QL-5", "title": "Old idea", "columnId": "Main/To Do", "archived": True},
        {
            **_CARD_DEFAULTS, "number": 6, "key": "QL-6", "title": "Review copy", "columnId": "Sprint 2/Review",
            "order": 0, "labelIds": ["Bug"],
        },
    ],
    "relations": [
        {"sourceCardId": "QL-1", "targetCardId": "QL-3", "type": "blocks"},
        {"sourceCardId": "QL-4", "targetCardId": "QL-1", "type": "parent_of"},
        {"sourceCardId": "QL-3", "targetCardId": "QL-6", "type": "related_to"},
    ],
}


def test_export_is_exactly_what_was_seeded(alice: ApiUser, rich: dict[str, Any]) -> None:
    doc = ok(alice.get(f"{rich['path']}/export"))
    assert canonical(doc) == RICH_EXPORT


def test_exported_ids_and_times_are_those_the_api_shows(alice: ApiUser, rich: dict[str, Any]) -> None:
    p = rich["path"]
    doc = ok(alice.get(f"{p}/export"))
    scopes = ok(alice.get(f"{p}/scopes"))
    assert [(s["id"], s["name"]) for s in doc["scopes"]] == [(s["id"], s["name"]) for s in scopes]
    for exported, scope in zip(doc["scopes"], scopes, strict=True):
        listed = ok(alice.get(f"{p}/columns", params={"scopeId": scope["id"]}))
        assert [c["id"] for c in exported["columns"]] == [c["id"] for c in listed]
    assert [(x["id"], x["name"]) for x in doc["labels"]] == [(x["id"], x["name"]) for x in ok(alice.get(f"{p}/labels"))]
    assert [(f["id"], f["name"]) for f in doc["customFields"]] == [(f["id"], f["name"]) for f in ok(alice.get(f"{p}/custom-fields"))]
    cards = {c["id"]: c for c in ok(alice.get(f"{p}/cards", params={"archived": "true"}))}
    cards |= {c["id"]: c for scope in scopes[1:] for c in ok(alice.get(f"{p}/cards", params={"scopeId": scope["id"]}))}
    assert {c["id"] for c in doc["cards"]} == set(cards)
    for card in doc["cards"]:
        shown = cards[card["id"]]
        assert (card["key"], card["columnId"], card["createdAt"], card["updatedAt"]) == (
            shown["key"], shown["columnId"], shown["createdAt"], shown["updatedAt"],
        )
        # Only Kick-off was made in a Done column, so only it is complete, since it was created.
        assert card["completedAt"] == (card["createdAt"] if card["title"] == "Kick-off" else None)
        comments = ok(alice.get(f"{p}/cards/{card['id']}/comments"))
        assert [m["createdAt"] for m in card["comments"]] == [m["createdAt"] for m in comments]
    keys = {c["id"]: c["key"] for c in doc["cards"]}
    assert [(keys[r["sourceCardId"]], keys[r["targetCardId"]]) for r in doc["relations"]] == [
        ("QL-1", "QL-3"), ("QL-4", "QL-1"), ("QL-3", "QL-6"),
    ]


def named_back(doc: dict[str, Any], name: str, prefix: str) -> dict[str, Any]:
    """The export of a copy, with the name and key prefix it had to take instead of the original's put back."""
    doc = copy.deepcopy(doc)
    doc["project"]["name"], doc["project"]["keyPrefix"] = name, prefix
    for card in doc["cards"]:
        card["key"] = f"{prefix}-{card['number']}"
    return doc


def test_export_then_import_gives_an_equal_project(alice: ApiUser, rich: dict[str, Any]) -> None:
    original = ok(alice.get(f"{rich['path']}/export"))
    created = ok(alice.post(import_path(alice), json=original), 201)
    assert created["id"] != rich["id"]
    # Beside the original, the copy cannot repeat its name nor its key prefix.
    assert (created["name"], created["keyPrefix"]) == ("Q1 Launch (2)", "QLA")
    copied = ok(alice.get(f"{alice.ws_path}/projects/{created['id']}/export"))
    assert [c["key"] for c in copied["cards"]] == [f"QLA-{n}" for n in range(1, 7)]
    assert canonical(named_back(copied, "Q1 Launch", "QL")) == canonical(original) == RICH_EXPORT
    # Nothing of the original is shared: every id is new.
    old_ids = {c["id"] for c in original["cards"]} | {s["id"] for s in original["scopes"]} | {label["id"] for label in original["labels"]}
    new_ids = {c["id"] for c in copied["cards"]} | {s["id"] for s in copied["scopes"]} | {label["id"] for label in copied["labels"]}
    assert not old_ids & new_ids


def test_imported_board_works_like_any_other(alice: ApiUser, rich: dict[str, Any]) -> None:
    created = ok(alice.post(import_path(alice), json=ok(alice.get(f"{rich['path']}/export"))), 201)
    path = f"{alice.ws_path}/projects/{created['id']}"
    board = ok(alice.get(f"{path}/cards"))
    assert [c["title"] for c in board if c["columnId"] == board[0]["columnId"]] == ["Second in To Do", "Design API endpoints"]
    design = next(c for c in board if c["title"] == "Design API endpoints")
    assert design["commentCount"] == 2 and design["checklistProgress"] == 50 and design["blocksCount"] == 1
    comments = ok(alice.get(f"{path}/cards/{design['id']}/comments"))
    assert [(c["authorName"], c["content"]) for c in comments] == [("Alice", "Spec looks good"), ("Bob", "What about errors?")]
    new = ok(alice.post(f"{path}/columns/{design['columnId']}/cards", json={"title": "After import"}), 201)
    assert new["key"] == "QLA-7"  # after the six imported cards, archived and other-scope ones included
    activity = ok(alice.get(f"{path}/cards/{design['id']}/activity"))
    assert [(a["type"], a["meta"]["imported"]) for a in activity] == [("card_created", True)]


def test_card_numbers_are_kept(alice: ApiUser) -> None:
    body = {"project": {"name": "Keys", "keyPrefix": "KEY"}, "cards": [{"title": "a", "number": 7}, {"title": "b"}, {"title": "c", "number": 3}]}
    created = ok(alice.post(import_path(alice), json=body), 201)
    path = f"{alice.ws_path}/projects/{created['id']}"
    assert sorted(c["key"] for c in ok(alice.get(f"{path}/cards"))) == ["KEY-3", "KEY-7", "KEY-8"]
    column = ok(alice.get(f"{path}/columns"))[0]["id"]
    assert ok(alice.post(f"{path}/columns/{column}/cards", json={"title": "next"}), 201)["key"] == "KEY-9"


def test_a_name_or_prefix_already_in_the_workspace_is_never_repeated(alice: ApiUser) -> None:
    body = {"project": {"name": "Website Relaunch"}, "cards": [{"title": "Brief"}]}
    made = [ok(alice.post(import_path(alice), json=body), 201) for _ in range(3)]
    assert [(p["name"], p["keyPrefix"]) for p in made] == [
        ("Website Relaunch", "WR"), ("Website Relaunch (2)", "WRA"), ("Website Relaunch (3)", "WRB"),
    ]
    # Names compare trimmed and in any case; a copy of a copy counts on from the base name.
    again = ok(alice.post(import_path(alice), json={"project": {"name": "website relaunch (2)", "keyPrefix": "WRA"}}), 201)
    assert (again["name"], again["keyPrefix"]) == ("website relaunch (4)", "WRAA")
    # A free name with a taken prefix keeps its name and changes only its prefix.
    other = ok(alice.post(import_path(alice), json={"project": {"name": "Weekly Review"}}), 201)
    assert (other["name"], other["keyPrefix"]) == ("Weekly Review", "WRC")
    cards = ok(alice.get(f"{alice.ws_path}/projects/{made[1]['id']}/cards"))
    assert [c["key"] for c in cards] == ["WRA-1"]
    listed = ok(alice.get(f"{alice.ws_path}/projects"))
    assert len({p["keyPrefix"] for p in listed}) == len(listed)


def test_another_workspaces_names_and_prefixes_do_not_count(alice: ApiUser, mallory: ApiUser) -> None:
    body = {"project": {"name": "Website Relaunch"}}
    ok(alice.post(import_path(alice), json=body), 201)
    theirs = ok(mallory.post(import_path(mallory), json=body), 201)
    assert (theirs["name"], theirs["keyPrefix"]) == ("Website Relaunch", "WR")


# -- the reference's body -----------------------------------------------------


def test_the_reference_example_body_imports(alice: ApiUser) -> None:
    created = ok(alice.post(import_path(alice), json=REFERENCE_BODY), 201)
    made_by_create = ok(alice.post(f"{alice.ws_path}/projects", json={"name": "Compare"}), 201)
    assert set(created) == set(made_by_create)
    assert created["name"] == "Imported"
    path = f"{alice.ws_path}/projects/{created['id']}"
    columns = ok(alice.get(f"{path}/columns"))
    assert [(c["name"], c["order"], c["category"]) for c in columns] == [
        ("To Do", 0, "todo"), ("In Progress", 1, "in_progress"), ("Done", 2, "done"),
    ]
    cards = ok(alice.get(f"{path}/cards"))
    assert [(c["title"], c["columnId"], c["priority"], c["status"]) for c in cards] == [
        ("First task", columns[0]["id"], "medium", "todo"),
    ]
    assert ok(alice.get(f"{alice.ws_path}/projects/{created['id']}"))["name"] == "Imported"


def test_a_body_without_columns_gets_the_default_columns(alice: ApiUser) -> None:
    created = ok(alice.post(import_path(alice), json={"project": {"name": "Bare"}, "cards": [{"title": "x"}]}), 201)
    path = f"{alice.ws_path}/projects/{created['id']}"
    columns = ok(alice.get(f"{path}/columns"))
    assert [c["name"] for c in columns] == ["To Do", "In Progress", "Done"]
    assert ok(alice.get(f"{path}/cards"))[0]["columnId"] == columns[0]["id"]


def test_import_is_not_shadowed_by_the_project_id_route(alice: ApiUser, project: dict[str, Any]) -> None:
    assert alice.get(import_path(alice)).status_code == 404  # GET /projects/{projectId} with id "import"
    assert alice.post(project["path"], json=REFERENCE_BODY).status_code == 405
    assert alice.post(import_path(alice), json=REFERENCE_BODY).status_code == 201


# -- limits and validation ------------------------------------------------------


def test_50_columns_are_accepted_and_51_refused(db: Database, alice: ApiUser) -> None:
    fifty = {"project": {"name": "Wide"}, "columns": [{"name": f"C{n}"} for n in range(50)]}
    assert alice.post(import_path(alice), json=fifty).status_code == 201
    before = row_counts(db)
    too_many = {"project": {"name": "Too wide"}, "columns": [{"name": f"C{n}"} for n in range(51)]}
    response = alice.post(import_path(alice), json=too_many)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "columns"
    assert row_counts(db) == before


def test_51_columns_across_scopes_are_refused(db: Database, alice: ApiUser) -> None:
    body = {
        "format": "stellary.project/1",
        "project": {"name": "Scoped"},
        "scopes": [
            {"name": "A", "isDefault": True, "columns": [{"name": f"A{n}"} for n in range(30)]},
            {"name": "B", "columns": [{"name": f"B{n}"} for n in range(21)]},
        ],
    }
    before = row_counts(db)
    response = alice.post(import_path(alice), json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "scopes"
    assert row_counts(db) == before


def test_500_cards_are_accepted_and_501_refused(db: Database, alice: ApiUser) -> None:
    body = {"project": {"name": "Full"}, "cards": [{"title": f"Card {n}"} for n in range(500)]}
    created = ok(alice.post(import_path(alice), json=body), 201)
    assert len(ok(alice.get(f"{alice.ws_path}/projects/{created['id']}/cards"))) == 500
    before = row_counts(db)
    body["cards"].append({"title": "One too many"})
    response = alice.post(import_path(alice), json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "cards"
    assert row_counts(db) == before


def test_an_import_may_take_more_than_the_1_mb_other_bodies_may(alice: ApiUser) -> None:
    # 500 cards with full-length descriptions: about 2.5 MB of JSON.
    body = {"project": {"name": "Wordy"}, "cards": [{"title": f"Card {n}", "description": "d" * 5000} for n in range(500)]}
    created = ok(alice.post(import_path(alice), json=body), 201)
    cards = ok(alice.get(f"{alice.ws_path}/projects/{created['id']}/cards"))
    assert len(cards) == 500


def test_an_import_body_over_10_mb_is_a_413_that_imports_nothing(db: Database, alice: ApiUser) -> None:
    before = row_counts(db)
    padding = b" " * (10 * 1024 * 1024)
    body = b'{"project": {"name": "Huge"}, "cards": [{"title": "x"}]}' + padding
    response = alice.client.post(import_path(alice), content=body, headers={**alice.headers, "Content-Type": "application/json"})
    assert response.status_code == 413
    assert response.json()["message"] == "The request body may be at most 10 MB"
    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (lambda b: b["project"].pop("name"), "project.name"),
        (lambda b: b.update(format="stellary.project/2"), "format"),
        (lambda b: b["cards"][0].update(colour="red"), "cards.0.colour"),
        (lambda b: b["cards"][0].update(priority="urgent"), "cards.0.priority"),
        (lambda b: b["cards"][0].update(title=""), "cards.0.title"),
        (lambda b: b["cards"][0].update(columnIndex=3), "cards.0.columnIndex"),
        (lambda b: b["cards"][0].update(columnId="nowhere", columnIndex=None), "cards.0.columnId"),
        (lambda b: b["cards"][0].update(dueDate="2026-01-01", startDate="2026-02-01"), "cards.0.dueDate"),
        (lambda b: b["cards"][0].update(dueDate="next tuesday"), "cards.0.dueDate"),
        (lambda b: b["cards"][0].update(labelIds=["missing"]), "cards.0.labelIds.0"),
        (lambda b: b["cards"][0].update(comments=[{"content": " "}]), "cards.0.comments.0.content"),
        (lambda b: b["cards"][0].update(checklist=[{"title": "x"}] * 101), "cards.0.checklist"),
        (lambda b: b["cards"][0].update(recurrence={"every": "day", "weekdays": ["mon"]}), "cards.0.recurrence.weekdays"),
        (lambda b: b["columns"].append({"name": "Later", "id": "c1"}) or b["columns"][0].update(id="c1"), "columns.3.id"),
        (lambda b: b["columns"].append({"name": " to do"}), "columns.3.name"),
        (lambda b: b.update(columns=None, scopes=[{"name": "Main", "columns": [{"name": "QA"}, {"name": "qa"}]}]), "scopes.0.columns.1.name"),
        (lambda b: b.update(labels=[{"name": "Bug", "color": "red"}]), "labels.0.color"),
        (lambda b: b.update(labels=[{"name": "Bug", "color": "#ff0000"}, {"name": "bug", "color": "#00ff00"}]), "labels.1.name"),
        (lambda b: b.update(customFields=[{"name": "Team", "type": "select"}]), "customFields.0.options"),
        (lambda b: b.update(scopes=[{"name": "Main", "columns": []}]), "columns"),
        (lambda b: b.update(relations=[{"sourceCardId": "a", "targetCardId": "zzz", "type": "blocks"}]), "relations.0.targetCardId"),
        (lambda b: b.update(relations=[{"sourceCardId": "a", "targetCardId": "a", "type": "blocks"}]), "relations.0.targetCardId"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(db: Database, alice: ApiUser, change: Any, field: str) -> None:
    body = copy.deepcopy(REFERENCE_BODY)
    body["cards"][0]["id"] = "a"  # type: ignore[index]
    change(body)
    before = row_counts(db)
    response = alice.post(import_path(alice), json=body)
    assert response.status_code == 400, response.text
    assert field in [d["field"] for d in response.json()["details"]]
    assert row_counts(db) == before


def test_custom_field_values_are_checked_against_their_type(db: Database, alice: ApiUser) -> None:
    body = {
        "project": {"name": "Typed"},
        "customFields": [{"id": "f1", "name": "Points", "type": "number"}],
        "cards": [{"title": "ok", "customFields": {"f1": 3}}, {"title": "bad", "customFields": {"f1": "three"}}],
    }
    before = row_counts(db)
    response = alice.post(import_path(alice), json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "cards.1.customFields.f1"
    assert row_counts(db) == before


@pytest.mark.parametrize(
    ("relations", "problem"),
    [
        ([("a", "b", "blocks"), ("b", "c", "blocks"), ("c", "a", "blocks")], "cycle"),
        ([("a", "b", "blocks"), ("a", "b", "blocks")], "repeats"),
        ([("a", "b", "related_to"), ("b", "a", "related_to")], "repeats"),
        ([("a", "b", "blocks"), ("a", "b", "blocked_by")], "cycle"),
        ([("a", "c", "parent_of"), ("b", "c", "parent_of")], "second parent"),
    ],
)
def test_relations_follow_the_relation_rules(db: Database, alice: ApiUser, relations: list[tuple[str, str, str]], problem: str) -> None:
    body = {
        "project": {"name": "Linked"},
        "cards": [{"id": ref, "title": ref} for ref in "abc"],
        "relations": [{"sourceCardId": s, "targetCardId": t, "type": k} for s, t, k in relations],
    }
    before = row_counts(db)
    response = alice.post(import_path(alice), json=body)
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == f"relations.{len(relations) - 1}"
    assert problem in response.json()["message"]
    assert row_counts(db) == before


# -- people -------------------------------------------------------------------------


def _people_doc() -> dict[str, Any]:
    return {
        "project": {"name": "People"},
        "cards": [
            {
                "title": "Shared",
                "assigneeEmail": "bob@example.com",
                "comments": [
                    {"authorEmail": "alice@example.com", "content": "from alice"},
                    {"authorEmail": "bob@example.com", "content": "from bob"},
                    {"authorEmail": "stranger@example.com", "content": "from a stranger"},
                ],
            },
            {"title": "Outsider's", "assigneeEmail": "mallory@example.com"},
        ],
    }


def _imported_cards(user: ApiUser, owner: ApiUser, body: dict[str, Any]) -> tuple[str, list[dict[str, Any]]]:
    created = ok(user.post(import_path(owner), json=body), 201)
    path = f"{owner.ws_path}/projects/{created['id']}"
    return path, ok(user.get(f"{path}/cards"))


def test_admin_import_keeps_members_as_assignees_and_authors(alice: ApiUser, bob: ApiUser, mallory: ApiUser) -> None:
    join_workspace(alice, bob)
    path, cards = _imported_cards(alice, alice, _people_doc())
    shared, outsiders = cards
    assert shared["assigneeId"] == bob.id
    assert outsiders["assigneeId"] is None  # mallory is no member of this workspace
    comments = ok(alice.get(f"{path}/cards/{shared['id']}/comments"))
    assert [(c["authorId"], c["authorName"], c["content"]) for c in comments] == [
        (alice.id, "Alice", "from alice"), (bob.id, "Bob", "from bob"), (None, "Unknown user", "from a stranger"),
    ]


def test_member_import_cannot_attribute_comments_to_others(alice: ApiUser, bob: ApiUser) -> None:
    join_workspace(alice, bob)
    path, cards = _imported_cards(bob, alice, _people_doc())
    shared = cards[0]
    assert shared["assigneeId"] == bob.id
    assert shared["createdBy"] == bob.id
    comments = ok(bob.get(f"{path}/cards/{shared['id']}/comments"))
    assert [(c["authorId"], c["content"]) for c in comments] == [
        (None, "from alice"), (bob.id, "from bob"), (None, "from a stranger"),
    ]


# -- atomicity and tenancy ------------------------------------------------------------


def test_a_failure_while_writing_leaves_nothing_behind(db: Database, alice: ApiUser, rich: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    from stellary_core.services import transfer

    snapshot = ok(alice.get(f"{rich['path']}/export"))
    original = transfer._make_cards

    def fail_after_writing(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)  # the board, cards, comments and relations are flushed...
        raise RuntimeError("disk full")  # ...then something breaks

    monkeypatch.setattr(transfer, "_make_cards", fail_after_writing)
    workspace_id = ok(alice.get(alice.ws_path))["id"]
    before = row_counts(db)
    with db.session(write=True) as session, pytest.raises(RuntimeError):
        transfer.import_project(
            session, actor=alice.principal, workspace_id=workspace_id, data=transfer.parse_snapshot(snapshot)
        )
    assert row_counts(db) == before
    assert [p["name"] for p in ok(alice.get(f"{alice.ws_path}/projects"))] == ["Q1 Launch"]


def test_the_import_route_keeps_nothing_when_a_late_step_fails(
    db: Database, alice: ApiUser, rich: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through REST and the runner: the board and cards already written go with the failure."""
    from stellary_core.errors import Invalid
    from stellary_core.services import transfer

    snapshot = ok(alice.get(f"{rich['path']}/export"))
    original = transfer._make_cards

    def refuse_after_writing(*args: Any, **kwargs: Any) -> Any:
        original(*args, **kwargs)
        raise Invalid.field("cards", "refused late")

    monkeypatch.setattr(transfer, "_make_cards", refuse_after_writing)
    before = row_counts(db)
    response = alice.post(import_path(alice), json=snapshot)
    assert (response.status_code, response.json()["message"]) == (400, "cards: refused late")
    assert row_counts(db) == before


def test_another_organization_can_neither_export_nor_import(db: Database, alice: ApiUser, mallory: ApiUser, rich: dict[str, Any]) -> None:
    response = mallory.get(f"{rich['path']}/export")
    assert response.status_code == 404
    assert "Design API" not in response.text
    before = row_counts(db)
    assert mallory.post(import_path(alice), json=REFERENCE_BODY).status_code == 404
    assert row_counts(db) == before
    assert alice.get(f"{alice.ws_path}/projects/not-an-id/export").status_code == 404


def test_import_into_ones_own_workspace_from_another_organizations_export(alice: ApiUser, mallory: ApiUser, rich: dict[str, Any]) -> None:
    snapshot = ok(alice.get(f"{rich['path']}/export"))
    created = ok(mallory.post(import_path(mallory), json=snapshot), 201)
    cards = ok(mallory.get(f"{mallory.ws_path}/projects/{created['id']}/cards", params={"archived": "true"}))
    assert len(cards) == len([c for c in snapshot["cards"] if c["columnId"] in {col["id"] for col in snapshot["scopes"][0]["columns"]}])
    assert all(c["assigneeId"] is None for c in cards)  # alice's people are not mallory's
