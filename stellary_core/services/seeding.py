"""Sample data: the small project a new user sees first, and the demo projects benchmarks use."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from stellary_core.clock import utcnow
from stellary_core.ids import new_id
from stellary_core.models import (
    Card,
    CardLabel,
    ChecklistItem,
    Label,
    OrgMember,
    Project,
    ProjectMember,
    User,
    Workspace,
    WorkspaceMember,
)
from stellary_core.principal import Principal
from stellary_core.schemas.board import ChecklistItemIn
from stellary_core.services import accounts
from stellary_core.services.cards import insert_card
from stellary_core.services.projects import new_project
from stellary_core.services.templates import TemplateColumn

SAMPLE_CARDS: tuple[tuple[str, int, str, int | None, list[tuple[str, bool]]], ...] = (
    ("Welcome to Stellary: press enter to open this card", 0, "high", 2, [("Open a card", False), ("Close it with escape", False)]),
    ("Move me to In Progress with shift+right", 0, "medium", 5, []),
    ("Press n to add a card to the focused column", 0, "low", None, []),
    ("Try the command palette with ctrl+p", 1, "medium", 1, [("Open the palette", True), ("Switch project", False)]),
    ("Press ? for every key", 2, "low", None, [("Read the help", True)]),
)


def seed_sample_project(session: Session, *, actor: Principal, workspace_id: str) -> Project:
    """A small 'Getting started' board so a new user sees a real board at once (committed)."""
    project, _scope, columns = new_project(
        session, actor=actor, workspace_id=workspace_id, name="Getting Started", description="A tour of the keys."
    )
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    for title, column_index, priority, due_in, checklist in SAMPLE_CARDS:
        insert_card(
            session,
            actor=actor,
            project=project,
            column=columns[column_index],
            title=title,
            priority=priority,
            due_date=today + timedelta(days=due_in) if due_in is not None else None,
            checklist=[ChecklistItemIn(title=t, done=d) for t, d in checklist],
        )
    session.flush()
    return project


DEMO_COLUMNS = (
    TemplateColumn("Backlog", "todo"),
    TemplateColumn("To Do", "todo"),
    TemplateColumn("In Progress", "in_progress"),
    TemplateColumn("In Review", "in_progress"),
    TemplateColumn("Done", "done"),
)
_VERBS = ("Design", "Implement", "Review", "Document", "Test", "Refactor", "Fix", "Measure", "Ship", "Plan")
_THINGS = (
    "billing API", "login throttling", "export to JSON", "card editor", "calendar view", "search index",
    "onboarding flow", "release notes", "audit log", "dark theme", "webhooks", "rate limits", "CSV import",
    "notification digest", "roadmap zoom", "keyboard help", "offline mode", "REST docs", "MCP tools", "backups",
)
_TEAM = (("Ada Lovelace", "ada"), ("Grace Hopper", "grace"), ("Linus Torvalds", "linus"), ("Margaret Hamilton", "margaret"))


def _demo_people(session: Session, workspace: Workspace) -> list[str]:
    """A small team in the workspace, so cards have assignees (they cannot log in)."""
    ids = []
    for name, handle in _TEAM:
        email = f"{handle}@demo.stellary.local"
        user = session.scalar(select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, password_hash=None)
            session.add(user)
            session.flush()
        if session.get(OrgMember, (workspace.org_id, user.id)) is None:
            session.add(OrgMember(org_id=workspace.org_id, user_id=user.id, role="member"))
        if session.get(WorkspaceMember, (workspace.id, user.id)) is None:
            session.add(WorkspaceMember(workspace_id=workspace.id, user_id=user.id, role="member", pilotage_role="viewer"))
        ids.append(user.id)
    session.flush()
    return ids


DEMO_LABELS = (("bug", "#e5534b"), ("feature", "#57ab5a"), ("ux", "#6cb6ff"), ("docs", "#daaa3f"))


def seed_demo_project(
    session: Session,
    *,
    actor: Principal,
    workspace_id: str,
    cards: int = 60,
    name: str = "Demo Project",
    seed: int = 7,
    with_labels: bool = False,
) -> Project:
    """A realistic project of ``cards`` cards over five columns (bulk-inserted, committed).

    Cards get priorities, start and due dates around today, assignees from a demo
    team and checklists. Rows are inserted in bulk so 10,000 cards take seconds;
    the activity log gets no per-card history for seeded cards.
    """
    rng = random.Random(seed)
    workspace = session.get_one(Workspace, workspace_id)
    team = [actor.user_id, *_demo_people(session, workspace)]
    project, scope, columns = new_project(session, actor=actor, workspace_id=workspace_id, name=name, columns=DEMO_COLUMNS)
    for user_id in team[1:]:
        session.add(ProjectMember(project_id=project.id, user_id=user_id))
    today = utcnow().replace(hour=0, minute=0, second=0, microsecond=0)
    weights = (0.25, 0.2, 0.2, 0.1, 0.25)
    per_column: dict[str, int] = {c.id: 0 for c in columns}
    card_rows: list[dict[str, object]] = []
    item_rows: list[dict[str, object]] = []
    for number in range(1, cards + 1):
        column = rng.choices(columns, weights=weights)[0]
        start = today + timedelta(days=rng.randint(-30, 20))
        due = start + timedelta(days=rng.randint(1, 21)) if rng.random() < 0.8 else None
        created = today - timedelta(days=rng.randint(0, 60), hours=rng.randint(0, 23))
        card_id = new_id()
        total = rng.choice((0, 0, 2, 3, 4, 5))
        done = total if column.category == "done" else rng.randint(0, total)
        for i in range(total):
            item_rows.append({"id": new_id(), "card_id": card_id, "title": f"Step {i + 1}", "done": i < done, "order": i})
        status = column.category or "todo"
        card_rows.append(
            {
                "id": card_id,
                "project_id": project.id,
                "scope_id": scope.id,
                "column_id": column.id,
                "number": number,
                "key": f"{project.key_prefix}-{number}",
                "title": f"{rng.choice(_VERBS)} {rng.choice(_THINGS)}",
                "description": "Seeded by stellary demo.",
                "priority": rng.choice(("low", "medium", "medium", "high")),
                "status": status,
                "start_date": start if rng.random() < 0.7 else None,
                "due_date": due,
                "assignee_id": rng.choice([*team, None]),
                "archived": False,
                "order": per_column[column.id],
                "comment_count": 0,
                "attachment_count": 0,
                "checklist_total": total,
                "checklist_done": done,
                "completed_at": created + timedelta(days=rng.randint(1, 20)) if status == "done" else None,
                "created_by": actor.user_id,
                "created_at": created,
                "updated_at": created,
            }
        )
        per_column[column.id] += 1
    project.next_card_number = cards + 1
    for chunk in range(0, len(card_rows), 2000):
        session.execute(insert(Card), card_rows[chunk : chunk + 2000])
    if with_labels:
        label_ids = []
        for label_name, color in DEMO_LABELS:
            label = Label(project_id=project.id, name=label_name, color=color)
            session.add(label)
            session.flush()
            label_ids.append(label.id)
        links = [
            {"card_id": row["id"], "label_id": label_id}
            for row in card_rows
            for label_id in rng.sample(label_ids, rng.choice((0, 0, 1, 1, 2)))
        ]
        for chunk in range(0, len(links), 2000):
            session.execute(insert(CardLabel), links[chunk : chunk + 2000])
    for chunk in range(0, len(item_rows), 2000):
        session.execute(insert(ChecklistItem), item_rows[chunk : chunk + 2000])
    session.flush()
    return project


def _personal_workspace_id(session: Session, user_id: str) -> str:
    workspace_id = session.scalar(
        select(Workspace.id).where(Workspace.owner_id == user_id, Workspace.is_personal.is_(True))
    )
    assert workspace_id is not None, "every user is created with a personal workspace"
    return workspace_id


def create_local_profile(session: Session, *, name: str, email: str | None = None) -> Principal:
    """First run: the local profile, its personal space and the 'Getting Started' board in it."""
    user = accounts.create_local_user(session, name=name, email=email)
    actor = Principal(user_id=user.id, kind="local")
    seed_sample_project(session, actor=actor, workspace_id=_personal_workspace_id(session, user.id))
    return actor


def create_demo_profile(
    session: Session, *, name: str = "Demo User", cards: int = 60, with_labels: bool = False
) -> tuple[Principal, Project]:
    """A local profile with a demo project of ``cards`` cards (for ``stellary demo``, benchmarks and screenshots)."""
    user = accounts.create_local_user(session, name=name)
    actor = Principal(user_id=user.id, kind="local")
    workspace_id = _personal_workspace_id(session, user.id)
    project = seed_demo_project(session, actor=actor, workspace_id=workspace_id, cards=cards, with_labels=with_labels)
    return actor, project


