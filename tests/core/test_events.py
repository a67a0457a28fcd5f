"""Typed domain events: one per change, published once after the commit, never for a rollback."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from stellary_core import clock
from stellary_core.db import Database, open_database
from stellary_core.event_types import (
    EVENT_CLASSES,
    Actor,
    CardMoved,
    DomainEvent,
    ProjectUpdated,
)
from stellary_core.events import caused_by, emit
from stellary_core.ids import is_id
from stellary_core.models import ACTIVITY_TYPES, Activity, Notification, Organization, Workspace
from stellary_core.principal import Principal
from stellary_core.schemas.api_tokens import ApiTokenCreateIn
from stellary_core.schemas.auth import ChangePasswordIn, ProfileUpdateIn, RegisterIn
from stellary_core.schemas.board import CardCreateIn, ColumnCreateIn, ColumnUpdateIn
from stellary_core.schemas.organizations import (
    InviteIn,
    OrganizationCreateIn,
    OrganizationUpdateIn,
    OrgMemberAddIn,
    OrgMemberUpdateIn,
    WorkspaceCreateIn,
    WorkspaceMemberUpdateIn,
)
from stellary_core.schemas.documents import DocumentCreateIn, DocumentUpdateIn
from stellary_core.schemas.projects import ProjectCreateIn, ProjectUpdateIn
from stellary_core.schemas.scopes import ScopeCreateIn, ScopeUpdateIn
from stellary_core.services import (
    accounts,
    api_tokens,
    bulk_cards,
    cards,
    columns,
    documents,
    navigation,
    notifications,
    organizations,
    projects,
    scopes,
    workspaces,
)
from stellary_core.subscribers import register_all

PASSWORD = "secure-pass-123"


# -- the classes ---------------------------------------------------------------


def test_each_event_type_is_one_class_and_the_activity_types_are_among_them() -> None:
    assert all(cls.type == name for name, cls in EVENT_CLASSES.items())
    assert set(ACTIVITY_TYPES) <= set(EVENT_CLASSES)
    for name in (
        "column_created", "column_updated", "column_moved", "column_deleted",
        "project_created", "project_updated", "project_deleted",
        "scope_created", "scope_updated", "scope_deleted",
        "organization_created", "organization_updated", "organization_deleted", "workspace_created",
        "member_role_changed", "invitation_created", "invitation_accepted",
    ):  # fmt: skip
        assert name in EVENT_CLASSES


def test_an_event_has_an_id_a_utc_time_its_actor_and_no_cause_when_direct() -> None:
    clock.freeze(datetime(2026, 3, 1, 12, 0))
    actor = Actor.of(Principal(user_id="665f1a2b3c4d5e6f7a8b9c0d", kind="jwt"))
    moved = CardMoved(actor=actor, workspace_id="w", project_id="p", card_id="c", data={"toColumn": "Done"})
    assert is_id(moved.id)
    assert moved.at == datetime(2026, 3, 1, 12, 0) and moved.at.tzinfo is None  # naive UTC, as every core time
    assert (moved.type, moved.actor_id, moved.cause, moved.depth) == ("card_moved", actor.user_id, None, 0)
    assert moved.may_notify
    assert not ProjectUpdated(actor=actor, workspace_id="w", project_id="p").may_notify
    with pytest.raises(dataclasses.FrozenInstanceError):
        moved.depth = 1  # type: ignore[misc]
    assert CardMoved(actor=actor, workspace_id="w", project_id="p", card_id="c").id != moved.id


@pytest.mark.parametrize(
    ("kind", "token_id", "expected"),
    [
        ("jwt", None, ("user", "u")),
        ("local", None, ("user", "u")),
        ("pat", "t", ("token", "t")),
        ("automation", None, ("automation", "u")),
        ("agent", "a", ("agent", "a")),
    ],
)
def test_the_actor_comes_from_the_principal(kind: Any, token_id: str | None, expected: tuple[str, str]) -> None:
    actor = Actor.of(Principal(user_id="u", kind=kind, token_id=token_id))
    assert (actor.kind, actor.id) == expected
    assert actor.user_id == "u"


# -- a world to act in ---------------------------------------------------------


@dataclass
class World:
    db: Database
    alice: str
    bob: str
    carol: str
    org_slug: str
    spare_org_slug: str
    workspace_id: str
    project_id: str
    scope_id: str
    column_ids: list[str]
    invitation_token: str
    token_id: str

    @property
    def as_user(self) -> Principal:
        return Principal(user_id=self.alice, kind="jwt")

    @property
    def as_token(self) -> Principal:
        return Principal(user_id=self.alice, kind="pat", token_id=self.token_id)

    @property
    def in_project(self) -> dict[str, str]:
        return {"workspace_id": self.workspace_id, "project_id": self.project_id}


@pytest.fixture
def world(db: Database) -> World:
    with db.session(write=True) as s:
        alice = accounts.create_user(s, email="alice@example.com", name="Alice", password=PASSWORD).id
        bob = accounts.create_user(s, email="bob@example.com", name="Bob", password=None).id
        carol = accounts.create_user(s, email="carol@example.com", name="Carol", password=None).id
        me = Principal(user_id=alice, kind="jwt")
        org_slug = s.scalars(select(Organization.slug).where(Organization.owner_id == alice)).one()
        workspace_id = s.scalars(select(Workspace.id).where(Workspace.owner_id == alice)).one()
        organizations.create_organization(s, actor=me, data=OrganizationCreateIn(name="Spare", slug="spare"))
        organizations.add_member(s, actor=me, org_slug=org_slug, data=OrgMemberAddIn(email="bob@example.com", role="member"))
        workspaces.add_member(s, actor=me, workspace_id=workspace_id, email="bob@example.com")
        made = projects.create_project(s, actor=me, workspace_id=workspace_id, data=ProjectCreateIn(name="Events"))
        project_id = made.project.id
        projects.add_member(s, actor=me, workspace_id=workspace_id, project_id=project_id, email="bob@example.com")
        column_ids = [c.id for c in columns.list_columns(s, actor=me, workspace_id=workspace_id, project_id=project_id)]
        scope_id = scopes.create_scope(
            s, actor=me, workspace_id=workspace_id, project_id=project_id, data=ScopeCreateIn(name="Second")
        ).scope.id
        invitation = workspaces.invite(s, actor=me, workspace_id=workspace_id, data=InviteIn(email="carol@example.com"))
        assert invitation.token is not None
        token_id = api_tokens.create_token(s, actor=me, data=ApiTokenCreateIn(name="script")).token.id
        # Bob's card notifies Alice, a project member.
        cards.create_card(
            s, actor=Principal(user_id=bob, kind="jwt"), workspace_id=workspace_id, project_id=project_id,
            column_id=column_ids[0], data=CardCreateIn(title="From Bob"),
        )  # fmt: skip
    return World(
        db, alice, bob, carol, org_slug, "spare", workspace_id, project_id, scope_id, column_ids, invitation.token, token_id
    )


def _document(s: Session, w: World, a: Principal) -> str:
    return documents.create_document(s, actor=a, workspace_id=w.workspace_id, data=DocumentCreateIn(title="Spec")).document.id


@dataclass(frozen=True)
class Case:
    """One service action: the events it must publish, in order, and as whom it acts."""

    types: tuple[str, ...]
    act: Callable[[Session, World, Principal], object]
    as_token: bool = True  # act through a personal access token; False: a login session


CASES: dict[str, Case] = {
    "create a column": Case(
        ("column_created",),
        lambda s, w, a: columns.create_column(s, actor=a, **w.in_project, data=ColumnCreateIn(name="QA")),
    ),
    "rename a column": Case(
        ("column_updated",),
        lambda s, w, a: columns.update_column(
            s, actor=a, **w.in_project, column_id=w.column_ids[0], data=ColumnUpdateIn(name="Ideas")
        ),
    ),
    "move a column": Case(
        ("column_moved",),
        lambda s, w, a: columns.update_column(s, actor=a, **w.in_project, column_id=w.column_ids[0], data=ColumnUpdateIn(order=2)),
    ),
    "delete an empty column": Case(
        ("column_deleted",),
        lambda s, w, a: columns.delete_column(s, actor=a, **w.in_project, column_id=w.column_ids[-1]),
    ),
    "create a project": Case(
        ("project_created",),
        lambda s, w, a: projects.create_project(s, actor=a, workspace_id=w.workspace_id, data=ProjectCreateIn(name="More")),
    ),
    "rename a project": Case(
        ("project_updated",),
        lambda s, w, a: projects.update_project(s, actor=a, **w.in_project, data=ProjectUpdateIn(name="Renamed")),
    ),
    "delete a project": Case(("project_deleted",), lambda s, w, a: projects.delete_project(s, actor=a, **w.in_project)),
    "create a scope": Case(
        ("scope_created",),
        lambda s, w, a: scopes.create_scope(s, actor=a, **w.in_project, data=ScopeCreateIn(name="Third")),
    ),
    "rename a scope": Case(
        ("scope_updated",),
        lambda s, w, a: scopes.update_scope(s, actor=a, **w.in_project, scope_id=w.scope_id, data=ScopeUpdateIn(name="2nd")),
    ),
    "change a scope's view": Case(
        ("scope_view_changed",),
        lambda s, w, a: scopes.set_active_view(s, actor=a, **w.in_project, scope_id=w.scope_id, view="list"),
    ),
    "delete a scope": Case(
        ("scope_deleted",), lambda s, w, a: scopes.delete_scope(s, actor=a, **w.in_project, scope_id=w.scope_id)
    ),
    "create an organization": Case(
        ("organization_created",),
        lambda s, w, a: organizations.create_organization(s, actor=a, data=OrganizationCreateIn(name="Acme", slug="acme")),
    ),
    "rename an organization": Case(
        ("organization_updated",),
        lambda s, w, a: organizations.update_organization(
            s, actor=a, org_slug=w.org_slug, data=OrganizationUpdateIn(name="Alice and co")
        ),
    ),
    "delete an organization": Case(
        ("organization_deleted",), lambda s, w, a: organizations.delete_organization(s, actor=a, org_slug=w.spare_org_slug)
    ),
    "create a workspace": Case(
        ("workspace_created",),
        lambda s, w, a: workspaces.create_workspace(
            s, actor=a, org_slug=w.org_slug, data=WorkspaceCreateIn(name="Team", slug="team")
        ),
    ),
    "add an organization member": Case(
        ("member_added",),
        lambda s, w, a: organizations.add_member(
            s, actor=a, org_slug=w.org_slug, data=OrgMemberAddIn(email="carol@example.com", role="member")
        ),
    ),
    "change an organization member's role": Case(
        ("member_role_changed",),
        lambda s, w, a: organizations.update_member(
            s, actor=a, org_slug=w.org_slug, user_id=w.bob, data=OrgMemberUpdateIn(role="admin")
        ),
    ),
    "remove an organization member": Case(
        ("member_removed",), lambda s, w, a: organizations.remove_member(s, actor=a, org_slug=w.org_slug, user_id=w.bob)
    ),
    "change a workspace member's role": Case(
        ("member_role_changed",),
        lambda s, w, a: workspaces.update_member(
            s, actor=a, workspace_id=w.workspace_id, user_id=w.bob, data=WorkspaceMemberUpdateIn(pilotage_role="reviewer")
        ),
    ),
    "remove a workspace member": Case(
        ("member_removed",), lambda s, w, a: workspaces.remove_member(s, actor=a, workspace_id=w.workspace_id, user_id=w.bob)
    ),
    "remove a project member": Case(
        ("member_removed",), lambda s, w, a: projects.remove_member(s, actor=a, **w.in_project, user_id=w.bob)
    ),
    "invite someone": Case(
        ("invitation_created",),
        lambda s, w, a: workspaces.invite(s, actor=a, workspace_id=w.workspace_id, data=InviteIn(email="dan@example.com")),
    ),
    "update one's profile": Case(
        ("profile_updated",), lambda s, w, a: accounts.update_profile(s, actor=a, data=ProfileUpdateIn(name="Alicia"))
    ),
    "change one's password": Case(
        ("password_changed",),
        lambda s, w, a: accounts.change_password(
            s, actor=a, data=ChangePasswordIn(current_password=PASSWORD, new_password="another-pass-456")
        ),
        as_token=False,
    ),
    "create a token": Case(
        ("token_created",),
        lambda s, w, a: api_tokens.create_token(s, actor=a, data=ApiTokenCreateIn(name="ci")),
        as_token=False,
    ),
    "revoke a token": Case(
        ("token_revoked",), lambda s, w, a: api_tokens.revoke_token(s, actor=a, token_id=w.token_id), as_token=False
    ),
    "read one's notifications": Case(("notifications_read",), lambda s, w, a: notifications.mark_all_read(s, actor=a)),
    "remember the last project": Case(
        ("preference_set",),
        lambda s, w, a: navigation.set_preference(s, actor=a, name="last_project", value=w.project_id),
    ),
    "create a document": Case(
        ("document_created",),
        lambda s, w, a: documents.create_document(s, actor=a, workspace_id=w.workspace_id, data=DocumentCreateIn(title="Spec")),
    ),
    "edit a document": Case(
        ("document_created", "document_updated"),
        lambda s, w, a: documents.update_document(
            s, actor=a, workspace_id=w.workspace_id, document_id=_document(s, w, a), data=DocumentUpdateIn(title="Specs")
        ),
    ),
    "submit a document for review": Case(
        ("document_created", "document_submitted"),
        lambda s, w, a: documents.submit_for_review(s, actor=a, workspace_id=w.workspace_id, document_id=_document(s, w, a)),
    ),
    "delete a document": Case(
        ("document_created", "document_deleted"),
        lambda s, w, a: documents.delete_document(s, actor=a, workspace_id=w.workspace_id, document_id=_document(s, w, a)),
    ),
}


class Recorder:
    def __init__(self, db: Database) -> None:
        self.published: list[DomainEvent] = []
        self._stop = db.events.subscribe(self.published.append)

    def close(self) -> None:
        self._stop()


@pytest.fixture
def recorder(world: World) -> Iterator[Recorder]:
    recorder = Recorder(world.db)
    yield recorder
    recorder.close()


def _records(db: Database) -> tuple[set[str], set[str]]:
    """The ids of every activity and notification (a deletion may take some away: count what is new)."""
    with db.session() as s:
        return set(s.scalars(select(Activity.id))), set(s.scalars(select(Notification.id)))


@pytest.mark.parametrize("name", list(CASES))
def test_each_change_publishes_its_events_once_after_the_commit_as_its_actor(
    world: World, recorder: Recorder, name: str
) -> None:
    case = CASES[name]
    actor = world.as_token if case.as_token else world.as_user
    activities, notes = _records(world.db)
    with world.db.session(write=True) as s:
        case.act(s, world, actor)
        s.flush()
        assert recorder.published == []  # nothing before the commit
    assert [e.type for e in recorder.published] == list(case.types)
    assert all(e.actor == Actor.of(actor) for e in recorder.published)
    assert recorder.published[0].actor.kind == ("token" if case.as_token else "user")
    assert all(is_id(e.id) and e.cause is None and e.depth == 0 for e in recorder.published)
    # Only the contract's activity types are recorded (and notify); the new types record nothing.
    recorded = sum(1 for e in recorder.published if e.type in ACTIVITY_TYPES)
    after_activities, after_notes = _records(world.db)
    assert len(after_activities - activities) == recorded
    if not recorded:
        assert after_notes <= notes


@pytest.mark.parametrize("name", list(CASES))
def test_a_change_rolled_back_publishes_nothing(world: World, recorder: Recorder, name: str) -> None:
    case = CASES[name]
    with pytest.raises(RuntimeError, match="changed my mind"):
        with world.db.session(write=True) as s:
            case.act(s, world, world.as_token if case.as_token else world.as_user)
            raise RuntimeError("changed my mind")
    assert recorder.published == []


def test_accepting_an_invitation_publishes_it_and_the_new_member_as_the_invitee(world: World, recorder: Recorder) -> None:
    carol = Principal(user_id=world.carol, kind="jwt")
    with world.db.session(write=True) as s:
        workspaces.accept_invitation(s, actor=carol, token=world.invitation_token)
    assert [e.type for e in recorder.published] == ["invitation_accepted", "member_added"]
    assert {e.actor for e in recorder.published} == {Actor("user", world.carol, world.carol)}
    assert all(e.workspace_id == world.workspace_id for e in recorder.published)


def test_signing_up_publishes_the_user_and_their_personal_space_as_themselves(world: World, recorder: Recorder) -> None:
    with world.db.session(write=True) as s:
        user_id = accounts.register(s, data=RegisterIn(email="erin@example.com", password=PASSWORD, name="Erin")).user.id
    assert [e.type for e in recorder.published] == ["user_created", "organization_created", "workspace_created"]
    assert {e.actor for e in recorder.published} == {Actor.user(user_id)}


def test_moving_a_card_publishes_one_typed_event_naming_the_card(world: World, recorder: Recorder) -> None:
    with world.db.session(write=True) as s:
        card_id = s.scalars(select(cards.Card.id).where(cards.Card.project_id == world.project_id)).one()
        cards.move_card(s, actor=world.as_token, **world.in_project, card_id=card_id, column_id=world.column_ids[1])
    (moved,) = recorder.published
    assert isinstance(moved, CardMoved)
    assert (moved.project_id, moved.card_id, moved.data["fromColumnId"], moved.data["toColumnId"]) == (
        world.project_id, card_id, world.column_ids[0], world.column_ids[1],
    )  # fmt: skip


# -- savepoints, causes, subscribers -------------------------------------------


def test_a_bulk_move_publishes_the_moves_that_held_after_the_commit_and_none_of_the_card_that_failed(
    world: World, recorder: Recorder
) -> None:
    with world.db.session(write=True) as s:
        made = [
            cards.create_card(s, actor=world.as_user, **world.in_project, column_id=world.column_ids[0], data=CardCreateIn(title=t))
            for t in ("One", "Two")
        ]
    recorder.published.clear()
    gone = "665f1a2b3c4d5e6f7a8b9c0d"
    with world.db.session(write=True) as s:
        outcome = bulk_cards.move_cards(
            s, actor=world.as_token, **world.in_project, card_ids=[made[0].card.id, gone, made[1].card.id],
            column_id=world.column_ids[1],
        )  # fmt: skip
        assert [f.card_id for f in outcome.failures] == [gone]
        assert recorder.published == []  # each card's savepoint is released, but nothing is committed yet
    assert [(e.type, e.card_id) for e in recorder.published] == [
        ("card_moved", made[0].card.id),
        ("card_moved", made[1].card.id),
    ]


def _event(world: World, name: str) -> ProjectUpdated:
    return ProjectUpdated(actor=Actor.of(world.as_user), **world.in_project, data={"name": name})


def test_a_savepoint_rolled_back_drops_only_its_own_events_and_a_released_one_publishes_nothing_yet(
    world: World, recorder: Recorder
) -> None:
    with world.db.session(write=True) as s:
        emit(s, _event(world, "before"))
        with s.begin_nested():
            emit(s, _event(world, "kept"))
        assert recorder.published == []  # releasing a savepoint is not the commit
        with pytest.raises(RuntimeError):
            with s.begin_nested():
                emit(s, _event(world, "undone"))
                raise RuntimeError("this card fails")
        emit(s, _event(world, "after"))
    assert [e.data["name"] for e in recorder.published] == ["before", "kept", "after"]


def test_events_emitted_in_answer_to_another_name_it_and_go_one_level_deeper(world: World, recorder: Recorder) -> None:
    first = _event(world, "first")
    with world.db.session(write=True) as s:
        emit(s, first)
        with caused_by(s, first):
            emit(s, _event(world, "second"))
        emit(s, _event(world, "third"))
    _first, second, third = recorder.published
    assert (second.cause, second.depth) == (first.id, 1)
    assert (third.cause, third.depth) == (None, 0)


def test_every_process_opening_the_database_records_activity_once(world: World) -> None:
    other = open_database(world.db.settings, migrate=False)  # another process: the CLI, the server, MCP
    register_all(other)  # asked twice: still one subscriber
    try:
        with other.session(write=True) as s:
            card = cards.create_card(
                s, actor=world.as_user, **world.in_project, column_id=world.column_ids[0], data=CardCreateIn(title="Hi")
            ).card
        with other.session() as s:
            recorded = s.scalars(select(Activity.type).where(Activity.card_id == card.id)).all()
            notified = s.scalar(select(func.count(Notification.id)).join(Activity).where(Activity.card_id == card.id))
        assert recorded == ["card_created"]
        assert notified == 1  # Bob, a project member; never Alice, who acted
    finally:
        other.dispose()


def test_a_database_opened_without_the_start_up_step_records_no_activity(world: World) -> None:
    bare = Database(world.db.settings)
    try:
        with bare.session(write=True) as s:
            card = cards.create_card(
                s, actor=world.as_user, **world.in_project, column_id=world.column_ids[0], data=CardCreateIn(title="Hi")
            ).card
        with bare.session() as s:
            assert s.scalars(select(Activity.type).where(Activity.card_id == card.id)).all() == []
    finally:
        bare.dispose()
