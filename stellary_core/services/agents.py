"""Agents: a workspace's AI workers, each with a mode, a whitelist of tools, rate limits and a provider.

Rules:
- every member reads the workspace's agents; creating, changing and deleting
  them is for workspace admins (a 403); another workspace's agent is a 404;
- ``slug`` is unique in the workspace (a 409);
- ``tools`` names MCP tools; an unknown name is a 400 naming it;
- ``provider`` ``openai`` needs the model settings (STELLARY_AI_BASE_URL and
  STELLARY_AI_MODEL), else a 400 saying so; ``external`` is an assistant
  connected through ``stellary mcp`` that picks the missions up itself.

Deleting an agent deletes its missions and their proposals with it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.db import database_of
from stellary_core.errors import Conflict, NotFound
from stellary_core.event_types import Actor, AgentCreated, AgentDeleted, AgentUpdated, WorkspaceEvent
from stellary_core.events import emit
from stellary_core.ids import is_id
from stellary_core.models import Agent
from stellary_core.principal import Principal
from stellary_core.schemas.agents import AgentCreateIn, AgentUpdateIn
from stellary_core.services import access


def agent_of_workspace(session: Session, workspace_id: str, agent: str) -> Agent:
    """The workspace's agent named by id or slug; anything else is a 404."""
    found = session.get(Agent, agent) if is_id(agent) else None
    if found is None:
        found = session.scalar(select(Agent).where(Agent.workspace_id == workspace_id, Agent.slug == agent.strip().lower()))
    if found is None or found.workspace_id != workspace_id:
        raise NotFound("Agent not found")
    return found


def list_agents(session: Session, *, actor: Principal, workspace_id: str) -> list[Agent]:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return list(session.scalars(select(Agent).where(Agent.workspace_id == workspace_id).order_by(Agent.name, Agent.id)))


def get_agent(session: Session, *, actor: Principal, workspace_id: str, agent: str) -> Agent:
    access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    return agent_of_workspace(session, workspace_id, agent)


def _checked_tools(names: list[str]) -> list[str]:
    from stellary_core.ai.toolbox import tools_named  # the tool catalogue, only when a list is checked

    return [tool.name for tool in tools_named(names)]


def _check_provider(session: Session, name: str) -> None:
    if name != "external":
        from stellary_core.ai.providers import provider_named

        provider_named(name, database_of(session).settings)  # a 400 saying what openai lacks


def _check_slug(session: Session, workspace_id: str, slug: str, agent_id: str | None = None) -> None:
    taken = session.scalar(select(Agent.id).where(Agent.workspace_id == workspace_id, Agent.slug == slug))
    if taken is not None and taken != agent_id:
        raise Conflict(f"An agent of this workspace is already named {slug!r}")


def create_agent(session: Session, *, actor: Principal, workspace_id: str, data: AgentCreateIn) -> Agent:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    access.require_workspace_admin(ws, "manage agents")
    tools = _checked_tools(data.tools)
    _check_provider(session, data.provider)
    _check_slug(session, workspace_id, data.slug)
    agent = Agent(
        workspace_id=workspace_id,
        name=data.name,
        slug=data.slug,
        autonomy_mode=data.autonomy_mode,
        tools=tools,
        per_minute=data.rate_limits.per_minute,
        per_hour=data.rate_limits.per_hour,
        provider=data.provider,
        enabled=data.enabled,
        created_by=actor.user_id,
    )
    session.add(agent)
    session.flush()
    emit(session, _event(AgentCreated, actor, agent))
    return agent


def update_agent(session: Session, *, actor: Principal, workspace_id: str, agent: str, data: AgentUpdateIn) -> Agent:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    found = agent_of_workspace(session, workspace_id, agent)
    access.require_workspace_admin(ws, "manage agents")
    data.refuse_nulls("name", "slug", "autonomy_mode", "tools", "rate_limits", "provider", "enabled")
    given = data.given()
    if data.slug is not None and data.slug != found.slug:
        _check_slug(session, workspace_id, data.slug, found.id)
        found.slug = data.slug
    if data.tools is not None:
        found.tools = _checked_tools(data.tools)
    if data.provider is not None:
        _check_provider(session, data.provider)
        found.provider = data.provider
    if data.rate_limits is not None:
        found.per_minute, found.per_hour = data.rate_limits.per_minute, data.rate_limits.per_hour
    for name in ("name", "autonomy_mode", "enabled"):
        if name in given:
            setattr(found, name, getattr(data, name))
    session.flush()
    emit(session, _event(AgentUpdated, actor, found))
    return found


def delete_agent(session: Session, *, actor: Principal, workspace_id: str, agent: str) -> None:
    ws = access.workspace_by_id(session, actor=actor, workspace_id=workspace_id)
    found = agent_of_workspace(session, workspace_id, agent)
    access.require_workspace_admin(ws, "manage agents")
    event = _event(AgentDeleted, actor, found)
    session.delete(found)
    session.flush()
    emit(session, event)


def _event(kind: type[WorkspaceEvent], actor: Principal, agent: Agent, **data: Any) -> WorkspaceEvent:
    return kind(actor=Actor.of(actor), workspace_id=agent.workspace_id, data={"agentId": agent.id, "slug": agent.slug, **data})
