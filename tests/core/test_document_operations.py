"""The document operations outside HTTP: as the TUI and MCP will run them, by workspace id or none."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from stellary_core.db import Database
from stellary_core.errors import Conflict, Invalid
from stellary_core.event_types import DocumentReviewed
from stellary_core.models import DocumentHistoryEntry, Organization, Workspace
from stellary_core.operations import OperationRunner
from stellary_core.principal import Principal
from stellary_core.schemas.organizations import OrgMemberAddIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import accounts, organizations, projects, scopes, workspaces


@pytest.fixture
def world(db: Database) -> dict[str, Any]:
    with db.session(write=True) as session:
        ada = accounts.create_local_user(session, name="Ada")
        grace = accounts.create_user(session, email="grace@example.com", name="Grace", password=None)
        actor = Principal(user_id=ada.id, kind="local")
        workspace_id, org_slug = session.execute(
            select(Workspace.id, Organization.slug)
            .join(Organization, Organization.id == Workspace.org_id)
            .where(Workspace.owner_id == ada.id)
        ).one()
        organizations.add_member(session, actor=actor, org_slug=org_slug, data=OrgMemberAddIn(email="grace@example.com", role="member"))
        workspaces.add_member(session, actor=actor, workspace_id=workspace_id, email="grace@example.com")
        made = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name="Ops"))
        scope = scopes.create_scope(
            session, actor=actor, workspace_id=workspace_id, project_id=made.project.id, data=ScopeCreateIn(name="Phase 2")
        ).scope
    return {
        "runner": OperationRunner(db), "ada": actor, "grace": Principal(user_id=grace.id, kind="jwt"),
        "workspace_id": workspace_id, "project_id": made.project.id, "scope_id": scope.id, "db": db,
    }


def test_without_a_workspace_the_operations_act_in_the_personal_one(world: dict[str, Any]) -> None:
    runner, ada = world["runner"], world["ada"]
    created = runner.run("create_document", ada, {"data": {"title": "Notes", "contentMarkdown": "**hi**"}})
    assert created.workspace_id == world["workspace_id"] and created.content == "**hi**"
    listed = runner.run("list_documents", ada, {"workspaceId": world["workspace_id"], "q": "hi"})
    assert [d.id for d in listed] == [created.id]
    shown = runner.run("get_document", ada, {"document": created.id})
    assert shown.content_markdown == "**hi**"


def test_a_review_is_kept_and_published_naming_the_author(world: dict[str, Any]) -> None:
    runner, ada, grace, db = world["runner"], world["ada"], world["grace"], world["db"]
    published: list[Any] = []
    stop = db.events.subscribe(published.append)
    try:
        created = runner.run("create_document", grace, {"workspaceId": world["workspace_id"], "data": {"title": "ADR"}})
        runner.run("submit_document_for_review", grace, {"workspaceId": world["workspace_id"], "document": created.id})
        runner.run(
            "review_document", ada,
            {"workspaceId": world["workspace_id"], "document": created.id, "data": {"status": "changes_requested", "notes": "Why?"}},
        )  # fmt: skip
    finally:
        stop()
    reviewed = [e for e in published if isinstance(e, DocumentReviewed)]
    assert len(reviewed) == 1
    assert dict(reviewed[0].data) == {
        "documentId": created.id, "title": "ADR", "status": "changes_requested", "authorId": grace.user_id, "notes": "Why?",
    }
    assert [e.type for e in published] == ["document_created", "document_submitted", "document_reviewed"]


def test_a_refused_update_changes_nothing(world: dict[str, Any]) -> None:
    runner, ada = world["runner"], world["ada"]
    top = runner.run("create_document", ada, {"data": {"title": "Top"}})
    child = runner.run("create_document", ada, {"data": {"title": "Child", "parentId": top.id}})
    with pytest.raises(Conflict):
        runner.run("update_document", ada, {"document": top.id, "data": {"title": "Renamed", "parentId": child.id}})
    with pytest.raises(Invalid):
        runner.run("update_document", ada, {"document": top.id, "data": {"title": "Renamed", "content": {"type": "nope"}}})
    assert runner.run("get_document", ada, {"document": top.id}).title == "Top"


def test_a_scopes_documents_go_with_it_and_their_history_with_them(world: dict[str, Any]) -> None:
    runner, ada, grace, db = world["runner"], world["ada"], world["grace"], world["db"]
    created = runner.run(
        "create_document", grace,
        {"workspaceId": world["workspace_id"], "data": {"title": "Plan", "contextType": "scope", "contextId": world["scope_id"]}},
    )  # fmt: skip
    runner.run("submit_document_for_review", grace, {"workspaceId": world["workspace_id"], "document": created.id})
    with db.session(write=True) as session:
        scopes.delete_scope(
            session, actor=ada, workspace_id=world["workspace_id"], project_id=world["project_id"], scope_id=world["scope_id"]
        )
    assert runner.run("list_documents", ada, {}) == []
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(DocumentHistoryEntry)) == 0
