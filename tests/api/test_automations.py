"""Automation rules over REST: CRUD, toggle, traces, checks at save time, and the engine on every trigger and action."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.conftest import ApiUser, register


class Board:
    """alice's project "Q1 Launch" (To Do, In Progress, Done) and the calls a test makes on it."""

    def __init__(self, alice: ApiUser, project: dict[str, Any]) -> None:
        self.alice, self.P = alice, str(project["path"])
        self.todo, self.doing, self.done = (c["id"] for c in project["columns"])

    def ok(self, response: Any, status: int = 200) -> Any:
        assert response.status_code == status, response.text
        return response.json()

    def rule(self, trigger: str, action: dict[str, Any], conditions: dict[str, Any] | None = None, **more: Any) -> str:
        body: dict[str, Any] = {"trigger": trigger, "action": action, **more}
        if conditions is not None:
            body["conditions"] = conditions
        return str(self.ok(self.alice.post(f"{self.P}/automations", json=body), 201)["id"])

    def card(self, title: str = "Task", column: str | None = None, **fields: Any) -> dict[str, Any]:
        made = self.alice.post(f"{self.P}/columns/{column or self.todo}/cards", json={"title": title, **fields})
        return dict(self.ok(made, 201))

    def get_card(self, card_id: str) -> dict[str, Any]:
        return dict(self.ok(self.alice.get(f"{self.P}/cards/{card_id}")))

    def move(self, card_id: str, column: str) -> dict[str, Any]:
        return dict(self.ok(self.alice.patch(f"{self.P}/cards/{card_id}", json={"columnId": column})))

    def traces(self, rule_id: str) -> list[dict[str, Any]]:
        return list(self.ok(self.alice.get(f"{self.P}/automations/{rule_id}/traces")))

    def label(self, name: str = "Urgent") -> str:
        return str(self.ok(self.alice.post(f"{self.P}/labels", json={"name": name, "color": "#ff0000"}), 201)["id"])

    def teammate(self, client: TestClient, email: str = "bob@example.com") -> ApiUser:
        """A member of alice's organization, workspace and project."""
        bob = register(client, email, email.split("@")[0].title())
        org, ws = self.alice.org_slug, self.alice.ws_path
        self.ok(self.alice.post(f"/organizations/{org}/members", json={"email": bob.email, "role": "member"}), 201)
        self.ok(self.alice.post(f"{ws}/members", json={"email": bob.email, "role": "member"}), 201)
        self.ok(self.alice.post(f"{self.P}/members", json={"email": bob.email}), 201)
        return bob


@pytest.fixture
def board(alice: ApiUser, project: dict[str, Any]) -> Board:
    return Board(alice, project)


# -- the rules themselves -----------------------------------------------------------------------------


def test_a_rule_is_created_listed_read_updated_toggled_and_deleted(board: Board) -> None:
    alice, P = board.alice, board.P
    conditions = {"all": [{"field": "priority", "op": "eq", "value": "high"}]}
    created = board.ok(
        alice.post(
            f"{P}/automations",
            json={"name": "Urgent to Done", "trigger": "task_created", "conditions": conditions,
                  "action": {"type": "move_card", "columnId": board.done}},
        ),
        201,
    )
    assert created["name"] == "Urgent to Done" and created["trigger"] == "task_created"
    assert created["conditions"] == conditions and created["action"] == {"type": "move_card", "columnId": board.done}
    assert created["enabled"] is True and created["createdBy"] == alice.id
    assert created["lastRunAt"] is None and created["runCount"] == 0 and created["createdAt"].endswith("Z")
    rule_id = created["id"]
    assert [r["id"] for r in board.ok(alice.get(f"{P}/automations"))] == [rule_id]
    assert board.ok(alice.get(f"{P}/automations/{rule_id}")) == created
    updated = board.ok(alice.patch(f"{P}/automations/{rule_id}", json={"name": "Renamed", "action": {"type": "archive_card"}}))
    assert updated["name"] == "Renamed" and updated["action"] == {"type": "archive_card"} and updated["conditions"] == conditions
    assert board.ok(alice.patch(f"{P}/automations/{rule_id}/toggle"))["enabled"] is False
    assert board.ok(alice.patch(f"{P}/automations/{rule_id}/toggle"))["enabled"] is True
    assert board.ok(alice.delete(f"{P}/automations/{rule_id}")) == {"ok": True}
    assert alice.get(f"{P}/automations/{rule_id}").status_code == 404
    assert board.ok(alice.get(f"{P}/automations")) == []


def test_a_rule_without_name_or_conditions_is_named_after_its_parts_and_always_holds(board: Board) -> None:
    created = board.ok(board.alice.post(f"{board.P}/automations", json={"trigger": "task_created", "action": {"type": "archive_card"}}), 201)
    assert created["name"] == "When task created: archive card" and created["conditions"] == {"all": []}


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"trigger": "task_exploded"}, "trigger", 'unknown trigger "task_exploded"'),
        ({"conditions": {"all": [{"field": "priority", "op": "eq", "value": "high"}, {"field": "priority", "op": "gt", "value": 1}]}},
         "conditions.all[1].op", 'unknown operator "gt"'),
        ({"conditions": {"any": [{"all": [{"field": "size", "op": "eq", "value": 1}]}]}}, "conditions.any[0].all[0].field", "unknown field 'size'"),
        ({"conditions": {"all": [{"field": "columnId", "op": "eq", "value": "665f1a2b3c4d5e6f7a8b9c0d"}]}}, "conditions.all[0].value", "not a column of this project"),
        ({"conditions": {"all": [{"field": "labelIds", "op": "in", "value": ["665f1a2b3c4d5e6f7a8b9c0d"]}]}}, "conditions.all[0].value[0]", "not a label of this project"),
        ({"conditions": {"all": [{"field": "customField:665f1a2b3c4d5e6f7a8b9c0d", "op": "is_empty"}]}}, "conditions.all[0].field", "not a custom field of this project"),
        ({"conditions": {"all": [{"field": "status", "op": "in", "value": "done"}]}}, "conditions.all[0].value", "must be a list for in"),
        ({"conditions": {"all": [{"field": "priority", "op": "eq", "value": "urgent"}]}}, "conditions.all[0].value", "not a priority"),
        ({"conditions": {"all": [{"field": "priority", "op": "eq"}]}}, "conditions.all[0].value", "is required"),
        ({"conditions": {"every": []}}, "conditions", "unknown key 'every'"),
        ({"action": {"type": "explode"}}, "action.type", 'unknown action "explode"'),
        ({"action": {"type": "move_card"}}, "action.columnId", "is required by move_card"),
        ({"action": {"type": "move_card", "columnId": "665f1a2b3c4d5e6f7a8b9c0d"}}, "action.columnId", "not a column of this project"),
        ({"action": {"type": "add_label", "labelId": "665f1a2b3c4d5e6f7a8b9c0d"}}, "action.labelId", "not a label of this project"),
        ({"action": {"type": "assign_user", "userId": "665f1a2b3c4d5e6f7a8b9c0d"}}, "action.userId", "member of the workspace"),
        ({"action": {"type": "set_status", "status": "finished"}}, "action.status", "not a status"),
        ({"action": {"type": "set_priority", "priority": "urgent"}}, "action.priority", "not a priority"),
        ({"action": {"type": "archive_card", "columnId": "x"}}, "action.columnId", "is not taken by archive_card"),
        ({"action": {"type": "notify", "userId": "me"}}, "action.message", "is required by notify"),
        # Any JSON may come: an object where an id belongs is a 400, never a crash.
        ({"action": {"type": "move_card", "columnId": {"id": 1}}}, "action.columnId", "not a column of this project"),
        ({"conditions": {"all": [{"field": "labelIds", "op": "in", "value": [["x"]]}]}}, "conditions.all[0].value[0]", "not a label"),
        ({"conditions": {"all": [{"field": "title", "op": "contains", "value": 5}]}}, "conditions.all[0].value", "must be text"),
    ],
)
def test_a_bad_part_is_a_400_naming_it(board: Board, body: dict[str, Any], field: str, words: str) -> None:
    sent = {"trigger": "task_created", "action": {"type": "archive_card"}, **body}
    if sent["action"].get("userId") == "me":
        sent["action"]["userId"] = board.alice.id
    response = board.alice.post(f"{board.P}/automations", json=sent)
    assert response.status_code == 400, response.text
    answer = response.json()
    assert answer["message"].startswith(f"{field}: ") and words in answer["message"], answer
    assert answer["details"][0]["field"] == field


def test_a_column_of_another_project_is_refused_and_an_update_is_checked_whole(board: Board) -> None:
    alice = board.alice
    other = board.ok(alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}), 201)
    other_column = board.ok(alice.get(f"{alice.ws_path}/projects/{other['id']}/columns"))[0]["id"]
    response = alice.post(f"{board.P}/automations", json={"trigger": "task_moved", "action": {"type": "move_card", "columnId": other_column}})
    assert response.status_code == 400 and response.json()["details"][0]["field"] == "action.columnId"
    rule_id = board.rule("task_moved", {"type": "archive_card"})
    bad = alice.patch(f"{board.P}/automations/{rule_id}", json={"conditions": {"all": [{"field": "toColumnId", "op": "eq", "value": other_column}]}})
    assert bad.status_code == 400 and bad.json()["details"][0]["field"] == "conditions.all[0].value"
    assert alice.patch(f"{board.P}/automations/{rule_id}", json={"action": None}).status_code == 400


def test_another_organizations_user_gets_404_on_every_route(board: Board, mallory: ApiUser) -> None:
    rule_id = board.rule("task_created", {"type": "archive_card"})
    P = board.P
    calls = [
        ("GET", f"{P}/automations", None),
        ("POST", f"{P}/automations", {"trigger": "task_created", "action": {"type": "archive_card"}}),
        ("GET", f"{P}/automations/{rule_id}", None),
        ("PATCH", f"{P}/automations/{rule_id}", {"name": "Mine"}),
        ("PATCH", f"{P}/automations/{rule_id}/toggle", None),
        ("GET", f"{P}/automations/{rule_id}/traces", None),
        ("DELETE", f"{P}/automations/{rule_id}", None),
    ]
    for method, path, body in calls:
        response = mallory.client.request(method, path, headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, path, response.text)
    # Nor does a rule of one project answer under another project of the same user.
    other = board.ok(board.alice.post(f"{board.alice.ws_path}/projects", json={"name": "Other"}), 201)
    assert board.alice.get(f"{board.alice.ws_path}/projects/{other['id']}/automations/{rule_id}").status_code == 404
    assert board.ok(board.alice.get(f"{P}/automations/{rule_id}"))["enabled"] is True


# -- triggers -------------------------------------------------------------------------------------------


def test_task_created_runs_a_matching_rule_and_traces_it(board: Board) -> None:
    rule_id = board.rule("task_created", {"type": "move_card", "columnId": board.done},
                         {"all": [{"field": "priority", "op": "eq", "value": "high"}]})
    urgent, calm = board.card("Urgent", priority="high"), board.card("Calm", priority="low")
    # The request answers with the card as the user made it; the rule ran after its commit.
    assert urgent["columnId"] == board.todo
    assert board.get_card(urgent["id"])["columnId"] == board.done
    assert board.get_card(calm["id"])["columnId"] == board.todo
    (trace,) = board.traces(rule_id)
    assert trace["result"] == "success" and trace["error"] is None and trace["cardId"] == urgent["id"]
    assert trace["trigger"] == "task_created" and trace["actorId"] == board.alice.id and trace["ruleId"] == rule_id
    assert trace["event"]["type"] == "card_created" and trace["event"]["depth"] == 0
    rule = board.ok(board.alice.get(f"{board.P}/automations/{rule_id}"))
    assert rule["runCount"] == 1 and rule["lastRunAt"] == trace["at"]


def test_task_moved_sees_the_columns_it_moved_from_and_to(board: Board) -> None:
    rule_id = board.rule(
        "task_moved", {"type": "set_priority", "priority": "high"},
        {"all": [{"field": "fromColumnId", "op": "eq", "value": board.todo}, {"field": "toColumnId", "op": "eq", "value": board.doing}]},
    )
    card = board.card(priority="low")
    board.move(card["id"], board.done)
    assert board.get_card(card["id"])["priority"] == "low"
    board.move(card["id"], board.todo)
    board.move(card["id"], board.doing)
    assert board.get_card(card["id"])["priority"] == "high"
    assert [t["event"]["toColumnId"] for t in board.traces(rule_id)] == [board.doing]


def test_task_status_changed_fires_on_a_move_to_another_category_only(board: Board) -> None:
    label = board.label()
    rule_id = board.rule("task_status_changed", {"type": "add_label", "labelId": label},
                         {"all": [{"field": "status", "op": "eq", "value": "done"}]})
    review = board.ok(board.alice.post(f"{board.P}/columns", json={"name": "Review", "category": "in_progress"}), 201)["id"]
    card = board.card()
    board.move(card["id"], board.doing)
    board.move(card["id"], review)  # in_progress to in_progress: no change of status
    assert board.traces(rule_id) == []
    board.move(card["id"], board.done)
    assert board.get_card(card["id"])["labelIds"] == [label]
    assert len(board.traces(rule_id)) == 1


def test_task_assigned_fires_when_someone_is_assigned(board: Board, client: TestClient) -> None:
    bob = board.teammate(client)
    rule_id = board.rule("task_assigned", {"type": "set_priority", "priority": "high"},
                         {"all": [{"field": "assigneeId", "op": "eq", "value": bob.id}]})
    card = board.card(priority="low")
    board.ok(board.alice.patch(f"{board.P}/cards/{card['id']}", json={"assigneeId": board.alice.id}))
    assert board.get_card(card["id"])["priority"] == "low"
    board.ok(board.alice.patch(f"{board.P}/cards/{card['id']}", json={"assigneeId": bob.id}))
    assert board.get_card(card["id"])["priority"] == "high"
    assert len(board.traces(rule_id)) == 1


def test_checklist_complete_fires_when_the_last_open_item_is_checked(board: Board) -> None:
    rule_id = board.rule("checklist_complete", {"type": "move_card", "columnId": board.done})
    card = board.card(checklist=[{"title": "One", "done": False}, {"title": "Two", "done": False}])
    first, second = (item["_id"] for item in card["checklist"])
    board.ok(board.alice.patch(f"{board.P}/cards/{card['id']}/checklist/{first}", json={"done": True}))
    assert board.get_card(card["id"])["columnId"] == board.todo
    board.ok(board.alice.patch(f"{board.P}/cards/{card['id']}/checklist/{second}", json={"done": True}))
    assert board.get_card(card["id"])["columnId"] == board.done
    # Adding a done item to a complete checklist completes nothing.
    board.ok(board.alice.post(f"{board.P}/cards/{card['id']}/checklist", json={"title": "Three", "done": True}), 201)
    assert len(board.traces(rule_id)) == 1


def test_task_added_to_board_fires_for_a_card_moved_in_from_another_project(board: Board) -> None:
    alice = board.alice
    rule_id = board.rule("task_added_to_board", {"type": "set_priority", "priority": "high"})
    board.card("Made here")  # created here: not added from elsewhere
    other = board.ok(alice.post(f"{alice.ws_path}/projects", json={"name": "Other"}), 201)
    other_path = f"{alice.ws_path}/projects/{other['id']}"
    other_todo = board.ok(alice.get(f"{other_path}/columns"))[0]["id"]
    stray = board.ok(alice.post(f"{other_path}/columns/{other_todo}/cards", json={"title": "Stray", "priority": "low"}), 201)
    board.ok(alice.patch(f"{other_path}/cards/{stray['id']}", json={"projectId": board.P.rsplit("/", 1)[1], "columnId": board.todo}))
    moved = board.get_card(stray["id"])
    assert moved["priority"] == "high"
    (trace,) = board.traces(rule_id)
    assert trace["cardId"] == stray["id"] and trace["event"]["type"] == "card_moved"


# -- conditions: every operator -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "matching", "other"),
    [
        ({"field": "priority", "op": "eq", "value": "high"}, {"priority": "high"}, {"priority": "low"}),
        ({"field": "priority", "op": "neq", "value": "high"}, {"priority": "low"}, {"priority": "high"}),
        ({"field": "priority", "op": "in", "value": ["high", "medium"]}, {"priority": "medium"}, {"priority": "low"}),
        ({"field": "priority", "op": "not_in", "value": ["high", "medium"]}, {"priority": "low"}, {"priority": "high"}),
        ({"field": "title", "op": "contains", "value": "bug"}, {"title": "A BUG in login"}, {"title": "Feature"}),
        ({"field": "assigneeId", "op": "is_empty"}, {}, {"assigneeId": "ALICE"}),
        ({"field": "assigneeId", "op": "is_not_empty"}, {"assigneeId": "ALICE"}, {}),
    ],
    ids=["eq", "neq", "in", "not_in", "contains", "is_empty", "is_not_empty"],
)
def test_each_operator_decides_which_cards_a_rule_acts_on(
    board: Board, condition: dict[str, Any], matching: dict[str, Any], other: dict[str, Any]
) -> None:
    def fields(given: dict[str, Any]) -> dict[str, Any]:
        return {k: board.alice.id if v == "ALICE" else v for k, v in {"title": "Task", **given}.items()}

    board.rule("task_created", {"type": "archive_card"}, {"all": [condition]})
    hit, miss = board.card(**fields(matching)), board.card(**fields(other))
    assert board.get_card(hit["id"])["archived"] is True
    assert board.get_card(miss["id"])["archived"] is False


def test_label_and_custom_field_conditions_and_any_groups(board: Board) -> None:
    label = board.label()
    field = board.ok(board.alice.post(f"{board.P}/custom-fields", json={"name": "Team", "type": "text"}), 201)["id"]
    board.rule(
        "task_moved", {"type": "set_priority", "priority": "high"},
        {"any": [{"field": "labelIds", "op": "contains", "value": label},
                 {"all": [{"field": f"customField:{field}", "op": "eq", "value": "Ops"}]}]},
    )
    labelled, fielded, plain = board.card("L", priority="low"), board.card("F", priority="low"), board.card("P", priority="low")
    board.ok(board.alice.post(f"{board.P}/cards/{labelled['id']}/labels/{label}"), 201)
    board.ok(board.alice.patch(f"{board.P}/cards/{fielded['id']}/custom-fields", json={field: "Ops"}))
    for card in (labelled, fielded, plain):
        board.move(card["id"], board.doing)
    assert [board.get_card(c["id"])["priority"] for c in (labelled, fielded, plain)] == ["high", "high", "low"]


# -- actions ---------------------------------------------------------------------------------------------


def test_set_status_moves_to_the_first_column_of_that_category(board: Board) -> None:
    board.ok(board.alice.post(f"{board.P}/columns", json={"name": "Shipped", "category": "done"}), 201)
    board.rule("task_created", {"type": "set_status", "status": "done"})
    card = board.card()
    moved = board.get_card(card["id"])
    assert moved["columnId"] == board.done and moved["status"] == "done"


def test_assign_user_assigns_a_member_or_whoever_triggered_the_rule(board: Board, client: TestClient) -> None:
    bob = board.teammate(client)
    board.rule("task_created", {"type": "assign_user", "userId": bob.id}, {"all": [{"field": "title", "op": "eq", "value": "To Bob"}]})
    board.rule("task_created", {"type": "assign_user", "userId": "actor"}, {"all": [{"field": "title", "op": "eq", "value": "Mine"}]})
    to_bob = board.card("To Bob")
    made_by_bob = board.ok(bob.post(f"{board.P}/columns/{board.todo}/cards", json={"title": "Mine"}), 201)
    assert board.get_card(to_bob["id"])["assigneeId"] == bob.id
    assert board.get_card(made_by_bob["id"])["assigneeId"] == bob.id


def test_archive_add_label_and_the_rule_named_as_actor_in_activity(board: Board) -> None:
    label = board.label()
    board.rule("task_created", {"type": "add_label", "labelId": label}, name="Tag it")
    board.rule("task_created", {"type": "archive_card"}, name="Shelve it")
    card = board.card()
    seen = board.get_card(card["id"])
    assert seen["labelIds"] == [label] and seen["archived"] is True
    activity = board.ok(board.alice.get(f"{board.P}/cards/{card['id']}/activity"))
    named = {a["type"]: a["meta"].get("automation", {}).get("name") for a in activity}
    assert named == {"card_created": None, "card_updated": "Tag it", "card_archived": "Shelve it"}


def test_notify_tells_the_named_member_which_rule_sent_it(board: Board, client: TestClient) -> None:
    bob = board.teammate(client)
    board.rule("task_created", {"type": "notify", "userId": bob.id, "message": "New work in Q1"}, name="Tell Bob")
    board.rule("task_created", {"type": "notify", "userId": board.alice.id, "message": "You made a card"}, name="Tell me")
    card = board.card("Plan")
    bobs = [n for n in board.ok(bob.get("/notifications")) if n["activity"]["type"] == "automation_notified"]
    assert [n["activity"]["meta"]["message"] for n in bobs] == ["New work in Q1"]
    assert bobs[0]["activity"]["meta"]["automation"]["name"] == "Tell Bob" and bobs[0]["activity"]["cardId"] == card["id"]
    # The rule's notification reaches the person who triggered it too.
    alices = [n for n in board.ok(board.alice.get("/notifications")) if n["activity"]["type"] == "automation_notified"]
    assert [n["activity"]["meta"]["automation"]["name"] for n in alices] == ["Tell me"]


def test_a_notification_caused_by_a_rule_says_which_rule(board: Board, client: TestClient) -> None:
    bob = board.teammate(client)
    board.rule("task_moved", {"type": "set_priority", "priority": "high"}, name="Escalate")
    card = board.card(priority="low")
    board.move(card["id"], board.doing)
    notes = board.ok(bob.get("/notifications"))
    by_rule = [n for n in notes if n["activity"]["meta"].get("automation")]
    assert [n["activity"]["meta"]["automation"]["name"] for n in by_rule] == ["Escalate"]
    assert by_rule[0]["activity"]["type"] == "card_updated"


# -- failures, loops, enabled ----------------------------------------------------------------------------


def test_a_failing_action_records_a_failure_and_changes_nothing(board: Board) -> None:
    label = board.label()
    rule_id = board.rule("task_moved", {"type": "add_label", "labelId": label})
    card = board.card()
    board.ok(board.alice.delete(f"{board.P}/labels/{label}"))
    moved = board.move(card["id"], board.doing)
    after = board.get_card(card["id"])
    assert after["labelIds"] == [] and after["updatedAt"] == moved["updatedAt"]
    (trace,) = board.traces(rule_id)
    assert trace["result"] == "failure" and "Label not found" in trace["error"]
    assert board.ok(board.alice.get(f"{board.P}/automations/{rule_id}"))["runCount"] == 1


def test_an_assignee_who_left_makes_the_action_fail(board: Board, client: TestClient) -> None:
    bob = board.teammate(client)
    rule_id = board.rule("task_created", {"type": "assign_user", "userId": bob.id})
    board.ok(board.alice.delete(f"/organizations/{board.alice.org_slug}/members/{bob.id}"))
    card = board.card()
    assert board.get_card(card["id"])["assigneeId"] is None
    (trace,) = board.traces(rule_id)
    assert trace["result"] == "failure" and "assigneeId" in trace["error"]


def test_two_rules_moving_a_card_back_and_forth_stop_after_three_moves(board: Board) -> None:
    there = board.rule("task_moved", {"type": "move_card", "columnId": board.doing},
                       {"all": [{"field": "toColumnId", "op": "eq", "value": board.todo}]})
    back = board.rule("task_moved", {"type": "move_card", "columnId": board.todo},
                      {"all": [{"field": "toColumnId", "op": "eq", "value": board.doing}]})
    card = board.card(column=board.done)
    answered = board.move(card["id"], board.todo)  # the request answers normally
    assert answered["columnId"] == board.todo
    moves = [a for a in board.ok(board.alice.get(f"{board.P}/cards/{card['id']}/activity")) if a["type"] == "card_moved"]
    assert len(moves) == 4  # the person's, then three by the rules
    assert sum(1 for m in moves if m["meta"].get("automation")) == 3
    traces = board.traces(there) + board.traces(back)
    assert sorted(t["result"] for t in traces) == ["failure", "success", "success", "success"]
    (stopped,) = [t for t in traces if t["result"] == "failure"]
    assert "3 levels" in stopped["error"] and stopped["event"]["depth"] == 3
    assert board.get_card(card["id"])["columnId"] == board.doing


def test_a_disabled_rule_does_not_run(board: Board) -> None:
    rule_id = board.rule("task_created", {"type": "archive_card"}, enabled=False)
    card = board.card()
    assert board.get_card(card["id"])["archived"] is False and board.traces(rule_id) == []
    board.ok(board.alice.patch(f"{board.P}/automations/{rule_id}/toggle"))
    assert board.get_card(board.card()["id"])["archived"] is True


def test_traces_are_newest_first_and_limited(board: Board) -> None:
    rule_id = board.rule("task_created", {"type": "set_priority", "priority": "high"})
    made = [board.card(f"Card {i}")["id"] for i in range(3)]
    assert [t["cardId"] for t in board.traces(rule_id)] == made[::-1]
    limited = board.ok(board.alice.get(f"{board.P}/automations/{rule_id}/traces?limit=2"))
    assert [t["cardId"] for t in limited] == made[:0:-1]
    assert board.alice.get(f"{board.P}/automations/{rule_id}/traces?limit=0").status_code == 400
