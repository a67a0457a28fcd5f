"""Pilotage over REST: missions, priorities, todos, decisions, docs, the cycle and the state (contract sections 3 and 6)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.pilotage_world import PL, error, made, ok, setup_eng
from tests.conftest import ApiUser, register

ZERO_ID = "0" * 24


@pytest.fixture
def carol(client: TestClient) -> ApiUser:
    return register(client, "carol@example.com", "Carol")


@pytest.fixture
def eng(alice: ApiUser, bob: ApiUser, carol: ApiUser) -> str:
    setup_eng(alice, bob, carol)
    return PL


def mission(alice: ApiUser, **body: Any) -> dict[str, Any]:
    return made(alice.post(f"{PL}/missions", json={"objective": "Ship billing", **body}))


# -- missions ----------------------------------------------------------------------------


def test_a_mission_is_created_to_launch_in_the_current_cycle(alice: ApiUser, eng: str) -> None:
    created = mission(alice, module="billing")
    assert created["objective"] == "Ship billing" and created["module"] == "billing"
    assert (created["status"], created["blockedReason"], created["cycle"]) == ("to_launch", None, "v1")
    assert created["createdBy"] == alice.id and created["createdAt"].endswith("Z")
    assert ok(alice.get(f"{PL}/missions")) == [created]


def test_a_blocked_mission_needs_its_reason(alice: ApiUser, eng: str) -> None:
    created = mission(alice)
    message = error(alice.patch(f"{PL}/missions/{created['id']}", json={"status": "blocked"}), 400)
    assert "blockedReason" in message
    error(alice.post(f"{PL}/missions", json={"objective": "X", "status": "blocked"}), 400)
    blocked = ok(alice.patch(f"{PL}/missions/{created['id']}", json={"status": "blocked", "blockedReason": "Waiting on API"}))
    assert (blocked["status"], blocked["blockedReason"]) == ("blocked", "Waiting on API")
    # Changing something else keeps the reason; a blocked mission cannot lose it without leaving "blocked".
    renamed = ok(alice.patch(f"{PL}/missions/{created['id']}", json={"objective": "Ship billing v2"}))
    assert renamed["blockedReason"] == "Waiting on API"
    error(alice.patch(f"{PL}/missions/{created['id']}", json={"blockedReason": None}), 400)


def test_leaving_blocked_clears_the_reason_and_an_unblocked_mission_takes_none(alice: ApiUser, eng: str) -> None:
    created = mission(alice, status="blocked", blockedReason="Legal review")
    resumed = ok(alice.patch(f"{PL}/missions/{created['id']}", json={"status": "in_progress"}))
    assert (resumed["status"], resumed["blockedReason"]) == ("in_progress", None)
    message = error(alice.patch(f"{PL}/missions/{created['id']}", json={"blockedReason": "Why"}), 400)
    assert "blockedReason" in message
    cleared = ok(alice.patch(f"{PL}/missions/{created['id']}", json={"status": "done", "blockedReason": None}))
    assert cleared["blockedReason"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"status": "paused"},
        {"blockedReason": "x" * 201, "status": "blocked"},
        {"objective": ""},
        {"objective": None},
        {"id": ZERO_ID},
        {"createdBy": ZERO_ID},
        {"cycle": "v2"},
    ],
)
def test_a_bad_mission_change_is_a_400(alice: ApiUser, eng: str, body: dict[str, Any]) -> None:
    created = mission(alice)
    error(alice.patch(f"{PL}/missions/{created['id']}", json=body), 400)
    assert ok(alice.get(f"{PL}/missions"))[0] == created


def test_missions_list_blocked_first_and_filter_by_status(alice: ApiUser, eng: str) -> None:
    launch = mission(alice, objective="A")
    doing = mission(alice, objective="B", status="in_progress")
    stuck = mission(alice, objective="C", status="blocked", blockedReason="Vendor")
    assert [m["id"] for m in ok(alice.get(f"{PL}/missions"))] == [stuck["id"], doing["id"], launch["id"]]
    assert [m["id"] for m in ok(alice.get(f"{PL}/missions", params={"status": "in_progress"}))] == [doing["id"]]
    error(alice.get(f"{PL}/missions", params={"status": "stuck"}), 400)


def test_deleting_a_mission_unlinks_its_todos(alice: ApiUser, eng: str) -> None:
    created = mission(alice)
    todo = made(alice.post(f"{PL}/todos", json={"label": "Tests", "missionId": created["id"]}))
    assert ok(alice.delete(f"{PL}/missions/{created['id']}")) == {"ok": True}
    assert ok(alice.get(f"{PL}/todos"))[0]["id"] == todo["id"]
    assert ok(alice.get(f"{PL}/todos"))[0]["missionId"] is None
    error(alice.delete(f"{PL}/missions/{created['id']}"), 404)
    error(alice.patch(f"{PL}/missions/{created['id']}", json={"objective": "Back"}), 404)


# -- priorities --------------------------------------------------------------------------


def priority(alice: ApiUser, label: str, **body: Any) -> dict[str, Any]:
    return made(alice.post(f"{PL}/priorities", json={"label": label, **body}))


def labels(user: ApiUser, **params: str) -> list[tuple[str, int, str]]:
    return [(p["label"], p["order"], p["status"]) for p in ok(user.get(f"{PL}/priorities", params=params))]


def test_at_most_four_priorities_are_active(alice: ApiUser, eng: str) -> None:
    made_ones = [priority(alice, f"P{i}", module="billing") for i in range(4)]
    assert [p["order"] for p in made_ones] == [0, 1, 2, 3]
    assert "at most 4" in error(alice.post(f"{PL}/priorities", json={"label": "P4"}), 409)
    assert len(labels(alice)) == 4
    # Archiving one makes room; re-activating it while four are active again is a 409.
    archived = ok(alice.patch(f"{PL}/priorities/{made_ones[1]['id']}", json={"status": "archived"}))
    assert archived["status"] == "archived"
    assert labels(alice) == [("P0", 0, "active"), ("P2", 1, "active"), ("P3", 2, "active"), ("P1", 1, "archived")]
    priority(alice, "P4")
    error(alice.patch(f"{PL}/priorities/{made_ones[1]['id']}", json={"status": "active"}), 409)
    assert labels(alice, status="archived") == [("P1", 1, "archived")]


def test_priorities_reorder_and_close_gaps(alice: ApiUser, eng: str) -> None:
    first, second, third = (priority(alice, name) for name in ("A", "B", "C"))
    ok(alice.patch(f"{PL}/priorities/{third['id']}", json={"order": 0}))
    assert labels(alice) == [("C", 0, "active"), ("A", 1, "active"), ("B", 2, "active")]
    ok(alice.patch(f"{PL}/priorities/{third['id']}", json={"order": 99}))
    assert labels(alice) == [("A", 0, "active"), ("B", 1, "active"), ("C", 2, "active")]
    priority(alice, "D", order=1)
    assert labels(alice) == [("A", 0, "active"), ("D", 1, "active"), ("B", 2, "active"), ("C", 3, "active")]
    ok(alice.delete(f"{PL}/priorities/{first['id']}"))
    assert labels(alice) == [("D", 0, "active"), ("B", 1, "active"), ("C", 2, "active")]
    ok(alice.patch(f"{PL}/priorities/{second['id']}", json={"status": "archived"}))
    error(alice.patch(f"{PL}/priorities/{second['id']}", json={"order": 0}), 400)
    back = ok(alice.patch(f"{PL}/priorities/{second['id']}", json={"status": "active", "order": 0}))
    assert back["order"] == 0
    assert labels(alice) == [("B", 0, "active"), ("D", 1, "active"), ("C", 2, "active")]


# -- todos -------------------------------------------------------------------------------


def test_a_todo_links_to_a_mission_and_a_priority_of_the_workspace(alice: ApiUser, eng: str) -> None:
    goal = mission(alice)
    focus = priority(alice, "Billing MVP")
    todo = made(alice.post(f"{PL}/todos", json={"label": "Stripe tests", "missionId": goal["id"], "priorityId": focus["id"]}))
    assert (todo["missionId"], todo["priorityId"], todo["status"]) == (goal["id"], focus["id"], "todo")
    assert [t["id"] for t in ok(alice.get(f"{PL}/todos", params={"missionId": goal["id"]}))] == [todo["id"]]
    assert ok(alice.get(f"{PL}/todos", params={"priorityId": ZERO_ID})) == []
    done = ok(alice.patch(f"{PL}/todos/{todo['id']}", json={"status": "done"}))
    assert done["status"] == "done"
    unlinked = ok(alice.patch(f"{PL}/todos/{todo['id']}", json={"missionId": None}))
    assert (unlinked["missionId"], unlinked["priorityId"]) == (None, focus["id"])
    assert [t["id"] for t in ok(alice.get(f"{PL}/todos", params={"status": "done"}))] == [todo["id"]]


def test_a_todo_cannot_link_to_another_workspaces_mission(alice: ApiUser, eng: str) -> None:
    # alice's personal workspace is another workspace: its missions are not eng's.
    elsewhere = made(alice.post(f"{alice.ws_path}/pilotage/missions", json={"objective": "Personal"}))
    message = error(alice.post(f"{PL}/todos", json={"label": "T", "missionId": elsewhere["id"]}), 400)
    assert "missionId" in message
    error(alice.post(f"{PL}/todos", json={"label": "T", "priorityId": ZERO_ID}), 400)
    error(alice.post(f"{PL}/todos", json={"label": "T", "missionId": "m-001"}), 400)
    todo = made(alice.post(f"{PL}/todos", json={"label": "T"}))
    error(alice.patch(f"{PL}/todos/{todo['id']}", json={"missionId": elsewhere["id"]}), 400)
    assert ok(alice.get(f"{PL}/todos"))[0]["missionId"] is None


def test_deleting_a_todo(alice: ApiUser, eng: str) -> None:
    todo = made(alice.post(f"{PL}/todos", json={"label": "T"}))
    assert ok(alice.delete(f"{PL}/todos/{todo['id']}")) == {"ok": True}
    assert ok(alice.get(f"{PL}/todos")) == []
    error(alice.patch(f"{PL}/todos/{todo['id']}", json={"status": "done"}), 404)


# -- decisions and docs ------------------------------------------------------------------


def test_a_decision_is_decided_by_the_caller(alice: ApiUser, eng: str) -> None:
    error(alice.post(f"{PL}/decisions", json={"title": "Stripe", "decidedBy": ZERO_ID}), 400)
    first = made(alice.post(f"{PL}/decisions", json={"title": "Use Stripe", "impact": "Saves 3 weeks"}))
    assert (first["decidedBy"], first["decidedByName"], first["impact"]) == (alice.id, "Alice", "Saves 3 weeks")
    assert first["createdAt"].endswith("Z")
    second = made(alice.post(f"{PL}/decisions", json={"title": "Drop IE"}))
    assert [d["id"] for d in ok(alice.get(f"{PL}/decisions"))] == [second["id"], first["id"]]
    assert [d["id"] for d in ok(alice.get(f"{PL}/decisions", params={"limit": 1}))] == [second["id"]]
    error(alice.get(f"{PL}/decisions", params={"limit": 0}), 400)
    edited = ok(alice.patch(f"{PL}/decisions/{first['id']}", json={"impact": None}))
    assert edited["impact"] is None and edited["decidedBy"] == alice.id
    ok(alice.delete(f"{PL}/decisions/{first['id']}"))
    assert [d["id"] for d in ok(alice.get(f"{PL}/decisions"))] == [second["id"]]


def test_active_docs(alice: ApiUser, eng: str) -> None:
    doc = made(alice.post(f"{PL}/docs", json={"title": "Billing API Spec v2", "owner": "Jane Doe", "sourceType": "tech"}))
    assert (doc["title"], doc["owner"], doc["sourceType"]) == ("Billing API Spec v2", "Jane Doe", "tech")
    error(alice.post(f"{PL}/docs", json={"title": "X", "sourceType": "legal"}), 400)
    error(alice.post(f"{PL}/docs", json={"owner": "Jane"}), 400)
    changed = ok(alice.patch(f"{PL}/docs/{doc['id']}", json={"sourceType": "sprint"}))
    assert changed["sourceType"] == "sprint"
    assert ok(alice.get(f"{PL}/docs")) == [changed]
    ok(alice.delete(f"{PL}/docs/{doc['id']}"))
    assert ok(alice.get(f"{PL}/docs")) == []
    error(alice.delete(f"{PL}/docs/{doc['id']}"), 404)


# -- the state ---------------------------------------------------------------------------


def test_the_state_has_the_contracts_shape(alice: ApiUser, eng: str) -> None:
    state = ok(alice.get(f"{PL}/state"))
    assert set(state) == {
        "cycle", "contractVersion", "missions", "activePriorities", "todos", "decisions", "activeDocs", "usageContext"
    }
    assert (state["cycle"], state["contractVersion"]) == ("v1", 7)
    assert state["usageContext"] == {"profile": "pilotage", "role": "owner", "intent": None, "detailLevel": "standard"}


@pytest.mark.parametrize(
    "params", [{"profile": "boss"}, {"intent": "monthly"}, {"detailLevel": "full"}, {"detailLevel": ""}]
)
def test_a_bad_state_parameter_is_a_400(alice: ApiUser, eng: str, params: dict[str, str]) -> None:
    error(alice.get(f"{PL}/state", params=params), 400)


def _seed_state(alice: ApiUser) -> dict[str, Any]:
    launch = mission(alice, objective="Launch")
    doing = mission(alice, objective="Doing", status="in_progress")
    stuck = mission(alice, objective="Stuck", status="blocked", blockedReason="Vendor")
    finished = mission(alice, objective="Finished", status="done")
    focus = priority(alice, "Focus")
    archived = priority(alice, "Old")
    ok(alice.patch(f"{PL}/priorities/{archived['id']}", json={"status": "archived"}))
    todo = made(alice.post(f"{PL}/todos", json={"label": "Open", "missionId": doing["id"], "priorityId": focus["id"]}))
    busy = made(alice.post(f"{PL}/todos", json={"label": "Busy", "status": "in_progress"}))
    closed = made(alice.post(f"{PL}/todos", json={"label": "Closed", "status": "done", "missionId": doing["id"]}))
    decisions = [made(alice.post(f"{PL}/decisions", json={"title": f"D{i}"})) for i in range(7)]
    doc = made(alice.post(f"{PL}/docs", json={"title": "Spec"}))
    return {
        "launch": launch, "doing": doing, "stuck": stuck, "finished": finished, "focus": focus, "todo": todo,
        "busy": busy, "closed": closed, "decisions": decisions, "doc": doc,
    }


def ids(items: list[dict[str, Any]]) -> list[str]:
    return [item["id"] for item in items]


def test_the_standard_state_shows_open_items_blocked_first(alice: ApiUser, eng: str) -> None:
    seed = _seed_state(alice)
    state = ok(alice.get(f"{PL}/state"))
    assert ids(state["missions"]) == [seed["stuck"]["id"], seed["doing"]["id"], seed["launch"]["id"]]
    assert state["missions"][0]["blockedReason"] == "Vendor"
    assert ids(state["activePriorities"]) == [seed["focus"]["id"]]
    assert ids(state["todos"]) == [seed["busy"]["id"], seed["todo"]["id"]]
    # The five newest decisions, newest first.
    assert ids(state["decisions"]) == ids(seed["decisions"][::-1][:5])
    assert state["activeDocs"][0]["title"] == "Spec"


def test_a_review_adds_what_was_done_this_cycle_and_more_decisions(alice: ApiUser, eng: str) -> None:
    seed = _seed_state(alice)
    for asked in ({"profile": "revue"}, {"intent": "weekly_review"}):
        state = ok(alice.get(f"{PL}/state", params=asked))
        assert seed["finished"]["id"] in ids(state["missions"]) and seed["closed"]["id"] in ids(state["todos"])
        assert ids(state["decisions"]) == ids(seed["decisions"][::-1])
    # A new cycle: what was done before it is no longer this cycle's.
    assert ok(alice.patch(f"{PL}/cycle", json={"cycle": "v2"})) == {"cycle": "v2"}
    state = ok(alice.get(f"{PL}/state", params={"intent": "weekly_review"}))
    assert state["cycle"] == "v2"
    assert seed["finished"]["id"] not in ids(state["missions"]) and seed["closed"]["id"] not in ids(state["todos"])
    reopened = ok(alice.patch(f"{PL}/missions/{seed['launch']['id']}", json={"status": "done"}))
    assert reopened["cycle"] == "v2"
    assert reopened["id"] in ids(ok(alice.get(f"{PL}/state", params={"profile": "revue"}))["missions"])


def test_execution_puts_work_in_progress_first_and_context_only_drops_todos(alice: ApiUser, eng: str) -> None:
    seed = _seed_state(alice)
    for asked in ({"profile": "execution"}, {"intent": "daily_execution"}):
        state = ok(alice.get(f"{PL}/state", params=asked))
        assert ids(state["missions"])[0] == seed["doing"]["id"]
        assert ids(state["todos"])[0] == seed["busy"]["id"]
        assert seed["finished"]["id"] not in ids(state["missions"])
    planning = ok(alice.get(f"{PL}/state", params={"intent": "sprint_planning"}))
    assert ids(planning["missions"])[0] == seed["launch"]["id"]
    context = ok(alice.get(f"{PL}/state", params={"intent": "context_only"}))
    assert context["todos"] == [] and len(context["missions"]) == 3
    assert context["usageContext"]["intent"] == "context_only"


def test_detail_levels_shape_the_items(alice: ApiUser, eng: str) -> None:
    seed = _seed_state(alice)
    minimal = ok(alice.get(f"{PL}/state", params={"detailLevel": "minimal", "profile": "revue"}))
    assert all(set(m) == {"id", "objective", "status"} for m in minimal["missions"])
    assert seed["finished"]["id"] not in ids(minimal["missions"])  # open items only
    assert all(set(t) == {"id", "label", "status"} for t in minimal["todos"])
    assert all(set(p) == {"id", "label", "status"} for p in minimal["activePriorities"])
    assert all(set(d) == {"id", "title"} for d in minimal["decisions"] + minimal["activeDocs"])
    assert minimal["usageContext"]["detailLevel"] == "minimal"
    detailed = ok(alice.get(f"{PL}/state", params={"detailLevel": "detailed"}))
    doing = next(m for m in detailed["missions"] if m["id"] == seed["doing"]["id"])
    assert ids(doing["todos"]) == [seed["todo"]["id"]]
    todo = next(t for t in detailed["todos"] if t["id"] == seed["todo"]["id"])
    assert todo["mission"] == {"id": seed["doing"]["id"], "objective": "Doing", "status": "in_progress"}
    assert todo["priority"] == {"id": seed["focus"]["id"], "label": "Focus", "status": "active"}
    busy = next(t for t in detailed["todos"] if t["id"] == seed["busy"]["id"])
    assert (busy["mission"], busy["priority"]) == (None, None)


def test_a_cycle_label_is_one_short_line(alice: ApiUser, eng: str) -> None:
    error(alice.patch(f"{PL}/cycle", json={"cycle": ""}), 400)
    error(alice.patch(f"{PL}/cycle", json={"cycle": "x" * 21}), 400)
    error(alice.patch(f"{PL}/cycle", json={"cycle": "v2\nv3"}), 400)
    assert ok(alice.get(f"{PL}/state"))["cycle"] == "v1"


# -- roles -------------------------------------------------------------------------------

ITEM_WRITES = [
    ("POST", "/missions", {"objective": "X"}),
    ("PATCH", "/missions/{mission}", {"status": "done"}),
    ("DELETE", "/missions/{mission}", None),
    ("POST", "/priorities", {"label": "X"}),
    ("PATCH", "/priorities/{priority}", {"status": "archived"}),
    ("DELETE", "/priorities/{priority}", None),
    ("POST", "/todos", {"label": "X"}),
    ("PATCH", "/todos/{todo}", {"status": "done"}),
    ("DELETE", "/todos/{todo}", None),
    ("POST", "/decisions", {"title": "X"}),
    ("PATCH", "/decisions/{decision}", {"title": "Y"}),
    ("DELETE", "/decisions/{decision}", None),
    ("POST", "/docs", {"title": "X"}),
    ("PATCH", "/docs/{doc}", {"title": "Y"}),
    ("DELETE", "/docs/{doc}", None),
    ("PATCH", "/cycle", {"cycle": "v9"}),
]
READS = ["/state", "/missions", "/priorities", "/todos", "/decisions", "/docs", "/actions"]


def _items(alice: ApiUser) -> dict[str, str]:
    return {
        "mission": mission(alice)["id"],
        "priority": priority(alice, "P")["id"],
        "todo": made(alice.post(f"{PL}/todos", json={"label": "T"}))["id"],
        "decision": made(alice.post(f"{PL}/decisions", json={"title": "D"}))["id"],
        "doc": made(alice.post(f"{PL}/docs", json={"title": "Doc"}))["id"],
    }


def test_viewers_and_reviewers_read_but_only_owners_manage(alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str) -> None:
    items = _items(alice)
    before = ok(alice.get(f"{PL}/state", params={"detailLevel": "detailed"}))
    for user, role in ((bob, "viewer"), (carol, "reviewer")):
        for path in READS:
            ok(user.get(PL + path))
        assert ok(user.get(f"{PL}/state"))["usageContext"]["role"] == role
        for method, path, body in ITEM_WRITES:
            response = user.client.request(method, PL + path.format(**items), json=body, headers=user.headers)
            assert "pilotage owners" in error(response, 403), (user.name, method, path)
    assert ok(alice.get(f"{PL}/state", params={"detailLevel": "detailed"})) == before


def test_an_organization_admin_outside_the_workspace_reads_as_a_viewer(
    alice: ApiUser, bob: ApiUser, carol: ApiUser, eng: str
) -> None:
    ok(alice.patch(f"/organizations/acme/members/{bob.id}", json={"role": "admin"}))
    ok(alice.delete(f"/orgs/acme/workspaces/eng/members/{bob.id}"))
    assert ok(bob.get(f"{PL}/state"))["usageContext"]["role"] == "viewer"
    error(bob.post(f"{PL}/missions", json={"objective": "X"}), 403)


def test_someone_of_another_organization_gets_404_on_every_route(alice: ApiUser, mallory: ApiUser, eng: str) -> None:
    items = _items(alice)
    for path in READS:
        error(mallory.get(PL + path), 404)
    for method, path, body in ITEM_WRITES:
        response = mallory.client.request(method, PL + path.format(**items), json=body, headers=mallory.headers)
        error(response, 404)
    # Nor can an item of alice's be reached through mallory's own workspace.
    theirs = f"{mallory.ws_path}/pilotage"
    for method, path, body in ITEM_WRITES:
        if "{" in path:
            response = mallory.client.request(method, theirs + path.format(**items), json=body, headers=mallory.headers)
            error(response, 404)


def test_ids_that_are_not_ids_are_404s_in_paths(alice: ApiUser, eng: str) -> None:
    for kind in ("missions", "priorities", "todos", "decisions", "docs"):
        error(alice.delete(f"{PL}/{kind}/m-001"), 404)
        error(alice.delete(f"{PL}/{kind}/{ZERO_ID}"), 404)
