"""A small world for the tools: the local profile in two workspaces, a teammate, and a stranger.

- Me (the local profile, me@example.com): personal workspace with "Getting Started" (GS, the sample
  cards GS-1..GS-5) and a "Website" (WEBS); member of Bob's organization "acme", workspace "eng",
  which has another "Website" (WEBS too: WEBS-1 is in both) and "Billing" (BILL-1, BILL-2).
  Billing has one label, "Bug".
- "outsider", an outside agent (provider external, supervised) of Me's personal workspace, with two
  missions queued on GS-1 for an assistant to pick up over MCP.
- Bob (bob@example.com), owner of acme, a member Me can assign cards to.
- Eve (eve@example.com): a stranger with a "Secret" project in her own workspace.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, Project, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.agents import AgentCreateIn
from stellary_core.schemas.board import CardCreateIn
from stellary_core.schemas.labels import LabelCreateIn
from stellary_core.schemas.organizations import OrganizationCreateIn, OrgMemberAddIn, WorkspaceCreateIn
from stellary_core.schemas.projects import ProjectCreateIn
from stellary_core.services import accounts, agent_missions, agents, cards, labels, organizations, projects, seeding, workspaces


@dataclass(frozen=True)
class World:
    me: Principal
    bob: Principal
    eve: Principal
    personal_id: str
    team_id: str
    getting_started: str
    my_website: str
    team_website: str
    billing: str
    secret: str


def _personal(session: Session, user_id: str) -> str:
    found = session.scalar(select(Workspace.id).where(Workspace.owner_id == user_id, Workspace.is_personal.is_(True)))
    assert found is not None
    return found


def _cards(session: Session, actor: Principal, workspace_id: str, project_id: str, titles: list[str]) -> None:
    first = session.scalar(select(BoardColumn.id).where(BoardColumn.project_id == project_id).order_by(BoardColumn.order).limit(1))
    assert first is not None
    for title in titles:
        cards.create_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=first,
            data=CardCreateIn(title=title),
        )


def build_world(db: Database) -> World:
    with db.session(write=True) as session:
        me = seeding.create_local_profile(session, name="Me", email="me@example.com")
        personal = _personal(session, me.user_id)
        bob_user = accounts.create_user(session, email="bob@example.com", name="Bob", password=None)
        eve_user = accounts.create_user(session, email="eve@example.com", name="Eve", password=None)
        session.flush()
        bob, eve = Principal(user_id=bob_user.id, kind="jwt"), Principal(user_id=eve_user.id, kind="jwt")
        organizations.create_organization(session, actor=bob, data=OrganizationCreateIn(name="Acme", slug="acme"))
        team = workspaces.create_workspace(session, actor=bob, org_slug="acme", data=WorkspaceCreateIn(name="Eng", slug="eng"))
        organizations.add_member(session, actor=bob, org_slug="acme", data=OrgMemberAddIn(email="me@example.com", role="member"))
        workspaces.add_member(session, actor=bob, workspace_id=team.workspace.id, email="me@example.com")

        def project(actor: Principal, workspace_id: str, name: str, titles: list[str]) -> str:
            made = projects.create_project(session, actor=actor, workspace_id=workspace_id, data=ProjectCreateIn(name=name))
            _cards(session, actor, workspace_id, made.project.id, titles)
            return made.project.id

        getting_started = session.scalar(select(Project.id).where(Project.workspace_id == personal))
        assert getting_started is not None
        my_website = project(me, personal, "Website", ["Personal homepage"])
        team_website = project(bob, team.workspace.id, "Website", ["Launch the landing page", "Fix the footer links"])
        billing = project(bob, team.workspace.id, "Billing", ["Invoice export as CSV", "Refund flow"])
        labels.create_label(
            session, actor=bob, workspace_id=team.workspace.id, project_id=billing, data=LabelCreateIn(name="Bug", color="#d73a4a")
        )
        secret = project(eve, _personal(session, eve.user_id), "Secret", ["Eve's secret plan"])
        outsider = agents.create_agent(
            session, actor=me, workspace_id=personal, data=AgentCreateIn(name="Outsider", slug="outsider", provider="external")
        )
        first_card = session.scalars(select(Card).where(Card.project_id == getting_started, Card.key == "GS-1")).one()
        for prompt in ("Say hello on the card", "Triage it"):
            agent_missions.start_mission(
                session, actor=me, workspace_id=personal, agent=outsider, card=first_card, prompt=prompt
            )
    return World(me, bob, eve, personal, team.workspace.id, getting_started, my_website, team_website, billing, secret)
