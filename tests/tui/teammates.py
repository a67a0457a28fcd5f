"""Other people acting on the local profile's demo project, through the services (for the collaboration tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card, User
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.schemas.comments import CommentCreateIn
from stellary_core.schemas.documents import DocumentCreateIn, DocumentReviewIn
from stellary_core.services import accounts, cards, comments, documents


@dataclass(frozen=True)
class Changes:
    """The keys of the cards the teammates touched, oldest change first."""

    moved_key: str
    commented_key: str
    assigned_key: str


def demo_teammate(db: Database, handle: str = "ada") -> Principal:
    """A member of the demo team (already in the demo project), acting through the services."""
    with db.session() as session:
        user_id = session.scalar(select(User.id).where(User.email == f"{handle}@demo.stellary.local"))
    assert user_id is not None
    return Principal(user_id=user_id, kind="jwt")


def new_user(db: Database, email: str, name: str) -> Principal:
    """Someone with an account of their own (and a personal space), in nobody else's organization yet."""
    with db.session(write=True) as session:
        user = accounts.create_user(session, email=email, name=name, password=None)
        session.commit()
        return Principal(user_id=user.id, kind="jwt")


def card_by_key(db: Database, project_id: str, key: str) -> Card:
    with db.session() as session:
        card = session.scalar(select(Card).where(Card.project_id == project_id, Card.key == key))
        assert card is not None
        return card


def column_named(db: Database, project_id: str, name: str) -> BoardColumn:
    with db.session() as session:
        column = session.scalar(select(BoardColumn).where(BoardColumn.project_id == project_id, BoardColumn.name == name))
        assert column is not None
        return column


def move_card(db: Database, actor: Principal, workspace_id: str, project_id: str, key: str, column: str) -> None:
    card, target = card_by_key(db, project_id, key), column_named(db, project_id, column)
    with db.session(write=True) as session:
        cards.update_card(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card.id, data=CardUpdateIn(column_id=target.id)
        )


def teammates_at_work(db: Database, me: Principal, workspace_id: str, project_id: str, *, at: datetime) -> Changes:
    """Ada moves DP-1 to Done, Grace comments on DP-2, Linus assigns DP-3 to me: three notifications, a minute apart."""
    ada, grace, linus = (demo_teammate(db, h) for h in ("ada", "grace", "linus"))
    clock.freeze(at - timedelta(minutes=30))
    move_card(db, ada, workspace_id, project_id, "DP-1", "Done")
    clock.freeze(at - timedelta(minutes=20))
    second = card_by_key(db, project_id, "DP-2")
    with db.session(write=True) as session:
        comments.add_comment(
            session,
            actor=grace,
            workspace_id=workspace_id,
            project_id=project_id,
            card_id=second.id,
            data=CommentCreateIn(content="Looks good to me, ship it"),
        )
    clock.freeze(at - timedelta(minutes=10))
    third = card_by_key(db, project_id, "DP-3")
    assignee = me.user_id if third.assignee_id != me.user_id else demo_teammate(db, "margaret").user_id
    with db.session(write=True) as session:
        cards.update_card(
            session,
            actor=linus,
            workspace_id=workspace_id,
            project_id=project_id,
            card_id=third.id,
            data=CardUpdateIn(assignee_id=assignee),
        )
    clock.freeze(at)
    return Changes("DP-1", "DP-2", "DP-3")


HANDBOOK = """# How we work

Small, reviewed **steps**; every change has an *owner*.

## Rituals

- Weekly review on Mondays, from the Cockpit
- Retro every second Friday

> Decisions are written down, or they did not happen.

See `docs/rituals.md` for the details.
"""


def documents_at_work(db: Database, actor: Principal, workspace_id: str, project_id: str) -> None:
    """A handbook with a page below it, an approved ADR and a brief waiting for review, for the Documents screen."""
    teammate = demo_teammate(db, "ada")
    with db.session(write=True) as session:

        def add(author: Principal, title: str, **fields: object) -> str:
            data = DocumentCreateIn.model_validate({"title": title, **fields})
            return documents.create_document(session, actor=author, workspace_id=workspace_id, data=data).document.id

        handbook = add(actor, "Team handbook", contentMarkdown=HANDBOOK)
        add(actor, "Onboarding checklist", docType="note", parentId=handbook, contentMarkdown="Welcome aboard.")
        project = {"contextType": "project", "contextId": project_id}
        adr = add(teammate, "ADR 1: SQLite first", docType="adr", contentMarkdown="We start on SQLite.", **project)
        brief = add(teammate, "Q1 launch brief", docType="brief", contentMarkdown="Launch in March.", **project)
        for pending in (adr, brief):
            documents.submit_for_review(session, actor=teammate, workspace_id=workspace_id, document_id=pending)
        verdict = DocumentReviewIn(status="approved", notes="Agreed: revisit at 10k cards")
        documents.review_document(session, actor=actor, workspace_id=workspace_id, document_id=adr, data=verdict)
