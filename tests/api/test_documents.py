"""W/documents: CRUD, filters, the tree, contexts, content formats and the review workflow."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.sharing import join_workspace
from tests.conftest import ApiUser

TIPTAP = {
    "type": "doc",
    "content": [
        {"type": "heading", "attrs": {"level": 2}, "content": [{"type": "text", "text": "Billing"}]},
        {"type": "paragraph", "content": [{"type": "text", "text": "Use "}, {"type": "text", "text": "Stripe", "marks": [{"type": "bold"}]}]},
    ],
}


def docs(user: ApiUser) -> str:
    return f"{user.ws_path}/documents"


def create(user: ApiUser, **body: Any) -> dict[str, Any]:
    response = user.post(docs(user), json={"title": "Spec", **body})
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def titles(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [d["title"] for d in response.json()]


# -- CRUD ------------------------------------------------------------------------


def test_a_markdown_document_is_created_read_listed_and_its_content_kept_as_written(alice: ApiUser) -> None:
    created = create(alice, docType="spec", content="  indented\n\n# Title\n")
    assert created["contentFormat"] == "markdown"
    assert created["content"] == created["contentMarkdown"] == "  indented\n\n# Title\n"
    assert created["status"] == "draft" and created["createdBy"] == alice.id and created["history"] == []
    assert created["contextType"] == "workspace" and created["parentId"] is None
    read = alice.get(f"{docs(alice)}/{created['id']}")
    assert read.status_code == 200 and read.json() == created
    listed = alice.get(docs(alice)).json()
    assert [d["id"] for d in listed] == [created["id"]]
    assert "content" not in listed[0] and "history" not in listed[0]


def test_a_tiptap_document_is_kept_as_json_and_shown_as_markdown(alice: ApiUser) -> None:
    created = create(alice, content=TIPTAP)
    assert created["contentFormat"] == "tiptap_json"
    assert created["content"] == TIPTAP
    assert created["contentMarkdown"] == "## Billing\n\nUse **Stripe**\n"


def test_markdown_sent_to_a_tiptap_document_is_converted_to_tiptap(alice: ApiUser) -> None:
    created = create(alice, contentFormat="tiptap_json", contentMarkdown="- [x] done\n")
    assert created["content"]["content"][0]["type"] == "taskList"
    changed = alice.patch(f"{docs(alice)}/{created['id']}", json={"contentMarkdown": "*new*\n"}).json()
    assert changed["content"] == {"type": "doc", "content": [{"type": "paragraph", "content": [{"type": "text", "text": "new", "marks": [{"type": "italic"}]}]}]}
    assert changed["contentMarkdown"] == "_new_\n"


def test_changing_the_format_converts_the_content_both_ways(alice: ApiUser) -> None:
    created = create(alice, content=TIPTAP)
    as_markdown = alice.patch(f"{docs(alice)}/{created['id']}", json={"contentFormat": "markdown"}).json()
    assert as_markdown["content"] == "## Billing\n\nUse **Stripe**\n"
    back = alice.patch(f"{docs(alice)}/{created['id']}", json={"contentFormat": "tiptap_json"}).json()
    assert back["content"] == TIPTAP


def test_update_changes_only_what_is_sent_and_delete_answers_ok(alice: ApiUser) -> None:
    created = create(alice, content="body")
    changed = alice.patch(f"{docs(alice)}/{created['id']}", json={"title": "Renamed", "docType": "adr"}).json()
    assert (changed["title"], changed["docType"], changed["content"]) == ("Renamed", "adr", "body")
    deleted = alice.delete(f"{docs(alice)}/{created['id']}")
    assert deleted.status_code == 200 and deleted.json() == {"ok": True}
    assert alice.get(f"{docs(alice)}/{created['id']}").status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"docType": "memo"}, "docType"),
        ({"contentFormat": "html"}, "contentFormat"),
        ({"content": 5}, "content"),
        ({"content": {"type": "doc", "content": [{"type": "table"}]}}, "content.content.0"),
        ({"contentFormat": "markdown", "content": TIPTAP}, "content"),
        ({"contentFormat": "tiptap_json", "content": "# text"}, "content"),
        ({"content": "a", "contentMarkdown": "b"}, "contentMarkdown"),
        ({"content": "x" * 100_001}, "content"),
        ({"title": ""}, "title"),
        ({"title": "a\nb"}, "title"),
        ({"status": "approved"}, "status"),
        ({"createdBy": "665f1a2b3c4d5e6f7a8b9c0d"}, "createdBy"),
        ({"parentId": "nope"}, "parentId"),
        ({"parentId": "665f1a2b3c4d5e6f7a8b9c0d"}, "parentId"),
        ({"contextType": "project"}, "contextId"),
        ({"contextType": "project", "contextId": "665f1a2b3c4d5e6f7a8b9c0d"}, "contextId"),
        ({"contextType": "workspace", "contextId": "665f1a2b3c4d5e6f7a8b9c0d"}, "contextId"),
    ],
)
def test_a_bad_body_is_a_400_naming_the_field(alice: ApiUser, body: dict[str, Any], field: str) -> None:
    response = alice.post(docs(alice), json={"title": "Spec", **body})
    assert response.status_code == 400, response.text
    assert field in [d["field"] for d in response.json()["details"]], response.json()


def test_a_patch_may_not_null_what_every_document_has(alice: ApiUser) -> None:
    created = create(alice)
    for name in ("title", "docType", "contentFormat", "content", "contextType"):
        response = alice.patch(f"{docs(alice)}/{created['id']}", json={name: None})
        assert response.status_code == 400, (name, response.text)


def test_a_missing_or_malformed_document_is_a_404(alice: ApiUser) -> None:
    for document in ("665f1a2b3c4d5e6f7a8b9c0d", "nope"):
        assert alice.get(f"{docs(alice)}/{document}").status_code == 404
        assert alice.patch(f"{docs(alice)}/{document}", json={"title": "x"}).status_code == 404
        assert alice.delete(f"{docs(alice)}/{document}").status_code == 404
        assert alice.post(f"{docs(alice)}/{document}/submit-review").status_code == 404


# -- filters -------------------------------------------------------------------------


def test_filters_by_type_context_parent_status_and_words(alice: ApiUser, project: dict[str, Any]) -> None:
    root = create(alice, title="Handbook", docType="reference", content="How we work")
    create(alice, title="Billing spec", docType="spec", content="Stripe and invoices", parentId=root["id"])
    create(alice, title="Launch brief", docType="brief", contextType="project", contextId=project["id"], content="Q1 launch")
    submitted = create(alice, title="ADR 1", docType="adr", content="Use SQLite")
    alice.post(f"{docs(alice)}/{submitted['id']}/submit-review")
    assert titles(alice.get(docs(alice))) == ["ADR 1", "Billing spec", "Handbook", "Launch brief"]
    assert titles(alice.get(docs(alice), params={"docType": "spec"})) == ["Billing spec"]
    assert titles(alice.get(docs(alice), params={"contextType": "project", "contextId": project["id"]})) == ["Launch brief"]
    assert titles(alice.get(docs(alice), params={"parentId": root["id"]})) == ["Billing spec"]
    assert titles(alice.get(docs(alice), params={"parentId": "none"})) == ["ADR 1", "Handbook", "Launch brief"]
    assert titles(alice.get(docs(alice), params={"status": "pending_review"})) == ["ADR 1"]
    # Every word, in the title or the content, in any case; % and _ are plain characters.
    assert titles(alice.get(docs(alice), params={"q": "stripe BILLING"})) == ["Billing spec"]
    assert titles(alice.get(docs(alice), params={"q": "stripe launch"})) == []
    assert titles(alice.get(docs(alice), params={"q": "%"})) == []


@pytest.mark.parametrize(("name", "value"), [("docType", "memo"), ("contextType", "team"), ("status", "done"), ("parentId", "x"), ("contextId", "x")])
def test_a_bad_filter_is_a_400(alice: ApiUser, name: str, value: str) -> None:
    response = alice.get(docs(alice), params={name: value})
    assert response.status_code == 400, response.text


def test_search_looks_in_the_markdown_of_tiptap_documents(alice: ApiUser) -> None:
    create(alice, title="Plain", content=TIPTAP)
    assert titles(alice.get(docs(alice), params={"q": "stripe"})) == ["Plain"]
    assert titles(alice.get(docs(alice), params={"q": "paragraph"})) == []  # the JSON's node names are not words of it


# -- the tree --------------------------------------------------------------------------


def test_a_document_cannot_go_under_itself_or_its_descendants(alice: ApiUser) -> None:
    top = create(alice, title="Top")
    middle = create(alice, title="Middle", parentId=top["id"])
    leaf = create(alice, title="Leaf", parentId=middle["id"])
    for parent in (top, leaf):
        response = alice.patch(f"{docs(alice)}/{top['id']}", json={"parentId": parent["id"]})
        assert response.status_code == 409, response.text
    moved = alice.patch(f"{docs(alice)}/{leaf['id']}", json={"parentId": None}).json()
    assert moved["parentId"] is None


def test_deleting_a_document_lifts_its_children_to_its_parent(alice: ApiUser) -> None:
    top = create(alice, title="Top")
    middle = create(alice, title="Middle", parentId=top["id"])
    leaf = create(alice, title="Leaf", parentId=middle["id"])
    assert alice.delete(f"{docs(alice)}/{middle['id']}").status_code == 200
    assert alice.get(f"{docs(alice)}/{leaf['id']}").json()["parentId"] == top["id"]


def test_a_parent_from_another_workspace_is_refused(alice: ApiUser, mallory: ApiUser) -> None:
    theirs = create(mallory, title="Mallory's")
    response = alice.post(docs(alice), json={"title": "Mine", "parentId": theirs["id"]})
    assert response.status_code == 400 and response.json()["details"][0]["field"] == "parentId"


# -- contexts -------------------------------------------------------------------------------


def test_each_context_is_checked_against_the_workspace(alice: ApiUser, mallory: ApiUser, project: dict[str, Any]) -> None:
    org_id = alice.get(f"/organizations/{alice.org_slug}").json()["id"]
    ws_id = alice.get(alice.ws_path).json()["id"]
    in_org = create(alice, contextType="organization")
    assert in_org["contextId"] == org_id
    assert create(alice, contextType="workspace", contextId=ws_id)["contextId"] == ws_id
    scoped = create(alice, contextType="scope", contextId=project["defaultScopeId"])
    assert (scoped["contextType"], scoped["contextId"]) == ("scope", project["defaultScopeId"])
    theirs = mallory.post(f"{mallory.ws_path}/projects", json={"name": "Secret"}).json()
    for kind, other in (("project", theirs["id"]), ("scope", theirs["defaultScopeId"]), ("organization", ws_id)):
        response = alice.post(docs(alice), json={"title": "x", "contextType": kind, "contextId": other})
        assert response.status_code == 400, (kind, response.text)
        assert response.json()["details"][0]["field"] == "contextId"


def test_a_documents_context_can_change_and_goes_with_its_project(alice: ApiUser, project: dict[str, Any]) -> None:
    created = create(alice)
    moved = alice.patch(f"{docs(alice)}/{created['id']}", json={"contextType": "project", "contextId": project["id"]})
    assert moved.status_code == 200 and moved.json()["contextId"] == project["id"]
    assert alice.delete(project["path"]).status_code == 200
    assert alice.get(f"{docs(alice)}/{created['id']}").status_code == 404


# -- the review workflow ------------------------------------------------------------------------


@pytest.fixture
def reviewer(client: TestClient, alice: ApiUser, bob: ApiUser) -> ApiUser:
    """bob, a member of alice's workspace with the pilotage role reviewer."""
    join_workspace(alice, bob)
    changed = alice.patch(f"{alice.ws_path}/members/{bob.id}", json={"pilotageRole": "reviewer"})
    assert changed.status_code == 200, changed.text
    bob.ws_slug, bob.org_slug = alice.ws_slug, alice.org_slug
    return bob


def test_submit_then_approve_records_each_step_in_the_history(alice: ApiUser, reviewer: ApiUser) -> None:
    created = create(alice)
    path = f"{docs(alice)}/{created['id']}"
    submitted = alice.post(f"{path}/submit-review")
    assert submitted.status_code == 200 and submitted.json()["status"] == "pending_review"
    approved = reviewer.post(f"{path}/review", json={"status": "approved", "notes": "Clear and complete"})
    assert approved.status_code == 200, approved.text
    body = approved.json()
    assert body["status"] == "approved"
    steps = [(h["action"], h["status"], h["userId"], h["userName"], h["notes"]) for h in body["history"]]
    assert steps == [
        ("submitted", "pending_review", alice.id, "Alice", None),
        ("approved", "approved", reviewer.id, "Bob", "Clear and complete"),
    ]
    assert alice.get(path).json()["history"] == body["history"]


def test_changes_requested_can_be_submitted_again(alice: ApiUser, reviewer: ApiUser) -> None:
    path = f"{docs(alice)}/{create(alice)['id']}"
    alice.post(f"{path}/submit-review")
    asked = reviewer.post(f"{path}/review", json={"status": "changes_requested", "notes": "Add numbers"}).json()
    assert asked["status"] == "changes_requested"
    again = alice.post(f"{path}/submit-review")
    assert again.status_code == 200 and again.json()["status"] == "pending_review"


def test_editing_an_approved_document_returns_it_to_draft_but_moving_it_does_not(alice: ApiUser, reviewer: ApiUser) -> None:
    parent = create(alice, title="Parent")
    path = f"{docs(alice)}/{create(alice, content='v1')['id']}"
    alice.post(f"{path}/submit-review")
    reviewer.post(f"{path}/review", json={"status": "approved"})
    moved = alice.patch(f"{path}", json={"parentId": parent["id"]}).json()
    assert moved["status"] == "approved"
    unchanged = alice.patch(f"{path}", json={"content": "v1"}).json()
    assert unchanged["status"] == "approved"
    edited = alice.patch(f"{path}", json={"content": "v2"}).json()
    assert edited["status"] == "draft"
    assert edited["history"][-1]["action"] == "reopened" and edited["history"][-1]["userId"] == alice.id


@pytest.mark.parametrize("status", ["pending_review", "approved"])
def test_submitting_from_anything_but_draft_or_changes_requested_is_a_409(alice: ApiUser, reviewer: ApiUser, status: str) -> None:
    path = f"{docs(alice)}/{create(alice)['id']}"
    alice.post(f"{path}/submit-review")
    if status == "approved":
        reviewer.post(f"{path}/review", json={"status": "approved"})
    response = alice.post(f"{path}/submit-review")
    assert response.status_code == 409, response.text
    assert status in response.json()["message"]


@pytest.mark.parametrize("status", ["draft", "approved", "changes_requested"])
def test_reviewing_anything_but_a_pending_document_is_a_409(alice: ApiUser, reviewer: ApiUser, status: str) -> None:
    path = f"{docs(alice)}/{create(alice)['id']}"
    if status != "draft":
        alice.post(f"{path}/submit-review")
        reviewer.post(f"{path}/review", json={"status": status})
    response = reviewer.post(f"{path}/review", json={"status": "approved"})
    assert response.status_code == 409, response.text


def test_only_admins_and_pilotage_reviewers_other_than_the_author_review(
    client: TestClient, alice: ApiUser, bob: ApiUser
) -> None:
    join_workspace(alice, bob)
    bob.ws_slug, bob.org_slug = alice.ws_slug, alice.org_slug
    mine = f"{docs(alice)}/{create(alice)['id']}"
    alice.post(f"{mine}/submit-review")
    refused = bob.post(f"{mine}/review", json={"status": "approved"})  # a plain member, pilotage viewer
    assert refused.status_code == 403 and "reviewers" in refused.json()["message"]
    own = alice.post(f"{mine}/review", json={"status": "approved"})  # the author, though admin
    assert own.status_code == 403 and "own" in own.json()["message"]
    # The workspace admin reviews what someone else wrote.
    theirs = f"{docs(bob)}/{create(bob)['id']}"
    bob.post(f"{theirs}/submit-review")
    approved = alice.post(f"{theirs}/review", json={"status": "approved"})
    assert approved.status_code == 200, approved.text


@pytest.mark.parametrize(("body", "field"), [({"status": "draft"}, "status"), ({}, "status"), ({"status": "approved", "notes": "x" * 5001}, "notes"), ({"status": "approved", "extra": 1}, "extra")])
def test_a_bad_review_is_a_400(alice: ApiUser, reviewer: ApiUser, body: dict[str, Any], field: str) -> None:
    path = f"{docs(alice)}/{create(alice)['id']}"
    alice.post(f"{path}/submit-review")
    response = reviewer.post(f"{path}/review", json=body)
    assert response.status_code == 400 and response.json()["details"][0]["field"] == field


# -- who may see what -----------------------------------------------------------------------------


def test_every_workspace_member_reads_writes_and_deletes_documents(alice: ApiUser, bob: ApiUser) -> None:
    join_workspace(alice, bob)
    bob.ws_slug, bob.org_slug = alice.ws_slug, alice.org_slug
    created = create(alice)
    assert bob.get(f"{docs(bob)}/{created['id']}").status_code == 200
    assert bob.patch(f"{docs(bob)}/{created['id']}", json={"title": "Bob's edit"}).json()["updatedBy"] == bob.id
    assert bob.delete(f"{docs(bob)}/{created['id']}").status_code == 200


def test_another_organization_sees_nothing_on_any_route(alice: ApiUser, mallory: ApiUser, bob: ApiUser) -> None:
    join_workspace(alice, bob)
    bob.ws_slug, bob.org_slug = alice.ws_slug, alice.org_slug
    path = f"{docs(alice)}/{create(bob)['id']}"
    alice.post(f"{path}/submit-review")
    calls = [
        ("GET", docs(alice), None),
        ("POST", docs(alice), {"title": "x"}),
        ("GET", path, None),
        ("PATCH", path, {"title": "x"}),
        ("DELETE", path, None),
        ("POST", f"{path}/submit-review", None),
        ("POST", f"{path}/review", {"status": "approved"}),
    ]
    for method, url, body in calls:
        response = mallory.client.request(method, url, headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, url, response.text)
    # Nor through their own workspace: a document id of alice's is not theirs.
    mine = path.rsplit("/", 1)[1]
    for method, suffix, body in [("GET", "", None), ("PATCH", "", {"title": "x"}), ("DELETE", "", None), ("POST", "/submit-review", None)]:
        response = mallory.client.request(method, f"{docs(mallory)}/{mine}{suffix}", headers=mallory.headers, json=body)
        assert response.status_code == 404, (method, suffix, response.text)
    assert alice.get(path).json()["title"] == "Spec"
