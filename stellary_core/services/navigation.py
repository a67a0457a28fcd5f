"""The tree the TUI's navigator shows: organizations, their workspaces and projects."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from stellary_core.event_types import Actor, PreferenceSet
from stellary_core.events import emit
from stellary_core.models import AppSetting
from stellary_core.principal import Principal
from stellary_core.services import organizations, projects, workspaces
from stellary_core.view_rows import OrgNode, ProjectNode, WorkspaceNode


def navigation_tree(session: Session, *, actor: Principal) -> list[OrgNode]:
    tree = []
    for org_view in organizations.list_organizations(session, actor=actor):
        org = org_view.org
        ws_nodes = []
        for ws_view in workspaces.list_workspaces(session, actor=actor, org_slug=org.slug):
            ws = ws_view.workspace
            project_nodes = tuple(
                ProjectNode(v.project.id, v.project.name, v.project.key_prefix, ws.id)
                for v in projects.list_projects(session, actor=actor, workspace_id=ws.id)
            )
            ws_nodes.append(
                WorkspaceNode(
                    ws.id,
                    ws.name,
                    ws.slug,
                    org.slug,
                    ws.is_personal,
                    ws_view.my_role == "admin" or org_view.my_role in ("owner", "admin"),
                    project_nodes,
                )
            )
        tree.append(OrgNode(org.id, org.name, org.slug, org_view.my_role, tuple(ws_nodes)))
    return tree


def _pref_key(actor: Principal, name: str) -> str:
    return f"ui:{actor.user_id}:{name}"


def get_preference(session: Session, *, actor: Principal, name: str) -> object:
    """A remembered UI choice of this user (last project, sidebar...), or None."""
    setting = session.get(AppSetting, _pref_key(actor, name))
    return setting.value if setting else None


def set_preference(session: Session, *, actor: Principal, name: str, value: object) -> None:
    session.merge(AppSetting(key=_pref_key(actor, name), value=value))
    emit(session, PreferenceSet(actor=Actor.of(actor), data={"name": name}))
    session.flush()
