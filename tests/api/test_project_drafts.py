"""W/project-drafts: the wizard offline with the rules provider, its stages, validation, roles and tenants."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pytest

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.event_types import CardCreated, DomainEvent, ProjectCreated, ProjectDraftUpdated
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

DESCRIPTION = "A billing portal for our customers.\n- Stripe integration\n- Invoices page\n- Dunning emails"
ROUNDS = [
    {"goal": "Customers pay online", "audience": "SMB admins"},
    {"deadline": "6 weeks", "team": "Two developers"},
    {"constraints": "PCI rules"},
    {"done": "Invoices are paid online"},
]


def drafts(user: ApiUser) -> str:
    return f"{user.ws_path}/project-drafts"


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def create(user: ApiUser, **body: Any) -> dict[str, Any]:
    return ok(user.post(drafts(user), json={"name": "Billing portal", "description": DESCRIPTION, **body}), 201)


def refine(user: ApiUser, draft: dict[str, Any], answers: dict[str, str]) -> dict[str, Any]:
    return ok(user.post(f"{drafts(user)}/{draft['id']}/refine", json={"answers": answers}))


def planned(user: ApiUser) -> dict[str, Any]:
    draft = create(user)
    refine(user, draft, ROUNDS[0])
    return ok(user.post(f"{drafts(user)}/{draft['id']}/generate-roadmap"))


def bad_field(response: Any) -> str:
    """The field a 400 names first."""
    assert response.status_code == 400, response.text
    return str(response.json()["details"][0]["field"])


def error(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert body["statusCode"] == status
    return str(body["message"])


# -- the whole flow --------------------------------------------------------------------------------


def test_a_description_becomes_an_executed_board_through_four_rounds_a_roadmap_and_an_edit(alice: ApiUser) -> None:
    clock.freeze(datetime(2026, 3, 2, 9, 0))
    draft = create(alice, contextDocuments=["We sell to small businesses"])
    assert draft["stage"] == "framing" and draft["provider"] == "rules" and draft["roundCount"] == 0
    assert [q["id"] for q in draft["questions"]] == ["goal", "audience"]
    assert draft["contextDocuments"] == ["We sell to small businesses"] and draft["createdBy"] == alice.id
    scores = [draft["readinessScore"]]
    asked = [[q["id"] for q in draft["questions"]]]
    for answers in ROUNDS:
        draft = refine(alice, draft, answers)
        assert draft["stage"] == "refinement"
        scores.append(draft["readinessScore"])
        asked.append([q["id"] for q in draft["questions"]])
    assert scores == sorted(scores) and len(set(scores)) == 5, scores  # every round raised it
    assert scores[-1] == 100
    assert asked == [["goal", "audience"], ["deadline", "team"], ["constraints", "done"], ["done"], []]
    assert draft["roundCount"] == 4
    assert [a["round"] for a in draft["answers"]] == [1, 2, 3, 4] and draft["answers"][2]["answers"] == ROUNDS[2]

    draft = ok(alice.post(f"{drafts(alice)}/{draft['id']}/generate-roadmap"))
    assert draft["stage"] == "roadmap"
    phases = draft["roadmap"]["phases"]
    assert [p["title"] for p in phases] == ["Framing", "Build", "Launch"]
    assert [d["title"] for d in phases[1]["deliverables"]] == ["Stripe integration", "Invoices page", "Dunning emails"]

    phases[1]["deliverables"].append({"title": "Tax report", "priority": "low", "dueOffsetDays": 40})
    phases[2]["title"] = "Go live"
    draft = ok(alice.patch(f"{drafts(alice)}/{draft['id']}", json={"name": "Billing", "roadmap": {"phases": phases}}))
    assert draft["name"] == "Billing" and draft["roadmap"]["phases"][2]["title"] == "Go live"

    executed = ok(alice.post(f"{drafts(alice)}/{draft['id']}/execute"))
    assert executed["stage"] == "executed" and executed["projectId"]
    project = f"{alice.ws_path}/projects/{executed['projectId']}"
    assert ok(alice.get(project))["name"] == "Billing"
    columns = alice.get(f"{project}/columns").json()
    assert [c["name"] for c in columns] == ["Framing", "Build", "Go live"]
    cards = alice.get(f"{project}/cards").json()
    wanted = [(d["title"], d["priority"], d["dueOffsetDays"], i) for i, p in enumerate(phases) for d in p["deliverables"]]
    assert len(cards) == len(wanted)
    by_title = {c["title"]: c for c in cards}
    for title, priority, offset, phase in wanted:
        card = by_title[title]
        assert card["priority"] == priority and card["columnId"] == columns[phase]["id"] and card["status"] == "todo"
        assert card["dueDate"] == f"{date(2026, 3, 2) + timedelta(days=offset)}T00:00:00Z"
    assert ok(alice.get(f"{drafts(alice)}/{draft['id']}")) == executed


def test_refine_without_a_body_skips_the_round_and_still_raises_readiness(alice: ApiUser) -> None:
    draft = create(alice)
    skipped = ok(alice.post(f"{drafts(alice)}/{draft['id']}/refine"))
    assert skipped["roundCount"] == 1 and skipped["answers"] == [{"round": 1, "answers": {}}]
    assert skipped["readinessScore"] > draft["readinessScore"]
    assert [q["id"] for q in skipped["questions"]] == ["deadline", "team"]


def test_drafts_are_listed_newest_first_and_deleted(alice: ApiUser) -> None:
    clock.freeze(datetime(2026, 3, 2, 9, 0))
    first = create(alice, name="First")
    clock.freeze(datetime(2026, 3, 2, 9, 1))
    second = create(alice, name="Second")
    assert [d["id"] for d in ok_list(alice.get(drafts(alice)))] == [second["id"], first["id"]]
    assert ok(alice.delete(f"{drafts(alice)}/{first['id']}")) == {"ok": True}
    assert [d["id"] for d in ok_list(alice.get(drafts(alice)))] == [second["id"]]
    error(alice.get(f"{drafts(alice)}/{first['id']}"), 404)


def ok_list(response: Any) -> list[dict[str, Any]]:
    assert response.status_code == 200, response.text
    return list(response.json())


def test_deleting_an_executed_draft_keeps_its_project(alice: ApiUser) -> None:
    draft = planned(alice)
    project = ok(alice.post(f"{drafts(alice)}/{draft['id']}/execute"))["projectId"]
    ok(alice.delete(f"{drafts(alice)}/{draft['id']}"))
    assert ok(alice.get(f"{alice.ws_path}/projects/{project}"))["id"] == project


# -- context documents -----------------------------------------------------------------------------


def test_a_context_document_of_the_workspace_is_kept_by_id_and_read_by_the_provider(alice: ApiUser) -> None:
    doc = ok(alice.post(f"{alice.ws_path}/documents", json={"title": "Spec", "content": "- Export to CSV\n"}), 201)
    draft = create(alice, description="", contextDocuments=[doc["id"], "Short note"])
    assert draft["contextDocuments"] == [doc["id"], "Short note"]
    refine(alice, draft, {})
    roadmap = ok(alice.post(f"{drafts(alice)}/{draft['id']}/generate-roadmap"))["roadmap"]
    # No description: the rules provider builds from the goal, and the document is context only.
    assert roadmap["phases"][1]["deliverables"][0]["title"] == "Build Billing portal"


def test_a_context_document_of_another_workspace_or_none_at_all_is_a_400_naming_the_entry(
    alice: ApiUser, mallory: ApiUser
) -> None:
    theirs = ok(mallory.post(f"{mallory.ws_path}/documents", json={"title": "Secret"}), 201)
    message = error(alice.post(drafts(alice), json={"name": "X", "contextDocuments": ["ok", theirs["id"]]}), 400)
    assert message == f"contextDocuments.1: {theirs['id']} is not a document of this workspace"
    error(alice.post(drafts(alice), json={"name": "X", "contextDocuments": ["0" * 24]}), 400)
    assert ok_list(alice.get(drafts(alice))) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "name"),
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "X", "contextDocuments": ["x" * 2001]}, "contextDocuments.0"),
        ({"name": "X", "contextDocuments": [""]}, "contextDocuments.0"),
        ({"name": "X", "stage": "roadmap"}, "stage"),
    ],
)
def test_a_bad_create_body_is_a_400_naming_the_field(alice: ApiUser, body: dict[str, Any], field: str) -> None:
    assert bad_field(alice.post(drafts(alice), json=body)) == field


# -- refine ----------------------------------------------------------------------------------------


def test_an_answer_to_a_question_that_is_not_open_is_a_400_naming_it(alice: ApiUser) -> None:
    draft = create(alice)
    message = error(alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {"goal": "x", "budget": "1"}}), 400)
    assert message == "answers.budget: is not an open question (open: goal, audience)"
    # A question of a later round is not open yet either; nothing was recorded.
    error(alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {"deadline": "soon"}}), 400)
    assert ok(alice.get(f"{drafts(alice)}/{draft['id']}"))["roundCount"] == 0


def test_a_fifth_round_is_a_409(alice: ApiUser) -> None:
    draft = create(alice)
    for answers in ROUNDS:
        refine(alice, draft, answers)
    message = error(alice.post(f"{drafts(alice)}/{draft['id']}/refine", json={"answers": {}}), 409)
    assert message == "No question is open (all 4 rounds are answered): generate the roadmap"


def test_an_answer_too_long_is_a_400(alice: ApiUser) -> None:
    draft = create(alice)
    body = {"answers": {"goal": "x" * 2001}}
    assert bad_field(alice.post(f"{drafts(alice)}/{draft['id']}/refine", json=body)) == "answers.goal"


# -- the stages -------------------------------------------------------------------------------------


def test_wrong_stage_transitions_are_409s_that_say_why(alice: ApiUser) -> None:
    draft = create(alice)
    path = f"{drafts(alice)}/{draft['id']}"
    assert "refine" in error(alice.post(f"{path}/generate-roadmap"), 409)
    assert "generate it before executing" in error(alice.post(f"{path}/execute"), 409)
    roadmap = {"phases": [{"title": "Only", "deliverables": [{"title": "Thing", "dueOffsetDays": 1}]}]}
    assert "generate it before editing" in error(alice.patch(path, json={"roadmap": roadmap}), 409)
    refine(alice, draft, {"goal": "Ship"})
    ok(alice.post(f"{path}/generate-roadmap"))
    assert "refine is over" in error(alice.post(f"{path}/refine", json={"answers": {}}), 409)
    again = ok(alice.post(f"{path}/generate-roadmap"))  # generated again at the roadmap stage
    assert again["stage"] == "roadmap"
    project = ok(alice.post(f"{path}/execute"))["projectId"]
    for response in (
        alice.post(f"{path}/execute"),
        alice.post(f"{path}/generate-roadmap"),
        alice.post(f"{path}/refine", json={"answers": {}}),
        alice.patch(path, json={"name": "Late"}),
    ):
        assert error(response, 409) == f"This draft was already executed (project {project}); it cannot change any more"
    assert len(ok_list(alice.get(f"{alice.ws_path}/projects"))) == 1  # one project, from the one execute


def test_a_draft_whose_provider_asked_nothing_may_be_planned_from_framing(alice: ApiUser, db: Database) -> None:
    """The rules provider asks nothing once everything is answered; a draft is never stuck in framing."""
    draft = create(alice)
    with db.session(write=True) as session:
        from stellary_core.models import ProjectDraft

        row = session.get(ProjectDraft, draft["id"])
        assert row is not None
        row.questions = []
    assert ok(alice.post(f"{drafts(alice)}/{draft['id']}/generate-roadmap"))["stage"] == "roadmap"


# -- PATCH ------------------------------------------------------------------------------------------


def test_patch_changes_only_what_is_sent(alice: ApiUser) -> None:
    draft = create(alice)
    changed = ok(alice.patch(f"{drafts(alice)}/{draft['id']}", json={"description": "New words"}))
    assert changed["name"] == "Billing portal" and changed["description"] == "New words"
    assert changed["questions"] == draft["questions"] and changed["stage"] == "framing"


@pytest.mark.parametrize(
    ("roadmap", "field"),
    [
        ({"phases": []}, "roadmap.phases"),
        ({"phases": [{"title": "A", "deliverables": []}]}, "roadmap.phases.0.deliverables"),
        ({"phases": [{"title": "A", "deliverables": [{"title": "T", "dueOffsetDays": -1}]}]}, "roadmap.phases.0.deliverables.0.dueOffsetDays"),
        ({"phases": [{"title": "A", "deliverables": [{"title": "T", "dueOffsetDays": "3"}]}]}, "roadmap.phases.0.deliverables.0.dueOffsetDays"),
        ({"phases": [{"title": "A", "deliverables": [{"title": "T", "dueOffsetDays": 3, "priority": "urgent"}]}]}, "roadmap.phases.0.deliverables.0.priority"),
        ({"phases": [{"title": "A", "deliverables": [{"title": "T", "dueOffsetDays": 3, "priorty": "low"}]}]}, "roadmap.phases.0.deliverables.0.priorty"),
        ({"phases": [{"title": "A\nB", "deliverables": [{"title": "T", "dueOffsetDays": 3}]}]}, "roadmap.phases.0.title"),
        (
            {"phases": [{"title": "Build", "deliverables": [{"title": "T", "dueOffsetDays": 3}]},
                        {"title": " build ", "deliverables": [{"title": "U", "dueOffsetDays": 4}]}]},
            "roadmap.phases",
        ),
    ],
)  # fmt: skip
def test_a_bad_roadmap_is_a_400_naming_where(alice: ApiUser, roadmap: dict[str, Any], field: str) -> None:
    draft = planned(alice)
    assert bad_field(alice.patch(f"{drafts(alice)}/{draft['id']}", json={"roadmap": roadmap})) == field
    assert ok(alice.get(f"{drafts(alice)}/{draft['id']}"))["roadmap"] == draft["roadmap"]


@pytest.mark.parametrize("field", ["name", "description", "roadmap"])
def test_patch_refuses_a_null(alice: ApiUser, field: str) -> None:
    draft = planned(alice)
    assert error(alice.patch(f"{drafts(alice)}/{draft['id']}", json={field: None}), 400) == f"{field}: cannot be null"


# -- execute: one transaction, events ---------------------------------------------------------------


def test_execute_publishes_the_project_and_its_cards_for_the_tui_after_one_commit(alice: ApiUser, db: Database) -> None:
    draft = planned(alice)
    seen: list[DomainEvent] = []
    db.events.subscribe(seen.append)
    executed = ok(alice.post(f"{drafts(alice)}/{draft['id']}/execute"))
    created = [e for e in seen if isinstance(e, ProjectCreated)]
    assert [e.project_id for e in created] == [executed["projectId"]]
    deliverables = sum(len(p["deliverables"]) for p in draft["roadmap"]["phases"])
    cards = [e for e in seen if isinstance(e, CardCreated)]
    assert len(cards) == deliverables and all(e.data["draftId"] == draft["id"] for e in cards)
    assert [e.data["projectId"] for e in seen if isinstance(e, ProjectDraftUpdated)] == [executed["projectId"]]


# -- roles and tenants -------------------------------------------------------------------------------


def test_a_workspace_member_works_on_the_workspace_drafts(alice: ApiUser, bob: ApiUser) -> None:
    join_workspace(alice, bob)
    draft = create(alice)
    bob_path = f"{alice.ws_path}/project-drafts/{draft['id']}"
    bob.post(f"{bob_path}/refine", json={"answers": {"goal": "Ship"}})
    ok(bob.post(f"{bob_path}/generate-roadmap"))
    executed = ok(bob.post(f"{bob_path}/execute"))
    assert ok(bob.get(f"{alice.ws_path}/projects/{executed['projectId']}"))["name"] == "Billing portal"


def test_a_token_that_only_reads_may_not_change_a_draft(alice: ApiUser) -> None:
    draft = create(alice)
    token = ok(alice.post("/api-tokens", json={"name": "reader", "scopes": ["projects:read"]}), 201)["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert alice.client.get(f"{drafts(alice)}/{draft['id']}", headers=headers).status_code == 200
    for method, suffix in (("POST", "/refine"), ("POST", "/generate-roadmap"), ("POST", "/execute"), ("DELETE", "")):
        response = alice.client.request(method, f"{drafts(alice)}/{draft['id']}{suffix}", headers=headers)
        assert "projects:write" in error(response, 403)
    assert "projects:write" in error(alice.client.post(drafts(alice), headers=headers, json={"name": "X"}), 403)


ROUTES = [
    ("GET", ""), ("PATCH", ""), ("DELETE", ""), ("POST", "/refine"), ("POST", "/generate-roadmap"), ("POST", "/execute"),
]  # fmt: skip


def test_another_organization_never_sees_a_draft_on_any_route(alice: ApiUser, mallory: ApiUser) -> None:
    draft = planned(alice)
    for method, suffix in ROUTES:
        body = {"name": "Mine"} if method == "PATCH" else None
        # In alice's workspace: mallory is no member.
        error(mallory.client.request(method, f"{drafts(alice)}/{draft['id']}{suffix}", headers=mallory.headers, json=body), 404)
        # alice's draft id under mallory's own workspace.
        error(mallory.client.request(method, f"{drafts(mallory)}/{draft['id']}{suffix}", headers=mallory.headers, json=body), 404)
    error(mallory.get(drafts(alice)), 404)
    error(mallory.post(drafts(alice), json={"name": "Mine"}), 404)
    assert ok_list(mallory.get(drafts(mallory))) == []
    assert ok(alice.get(f"{drafts(alice)}/{draft['id']}")) == draft  # untouched


def test_a_malformed_draft_id_is_a_404(alice: ApiUser) -> None:
    for method, suffix in ROUTES:
        body = {"name": "X"} if method == "PATCH" else None
        error(alice.client.request(method, f"{drafts(alice)}/nope{suffix}", headers=alice.headers, json=body), 404)
