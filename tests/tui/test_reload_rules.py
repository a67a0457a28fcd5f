"""What each live screen reloads for, event by event (``None``: another process changed something)."""

from __future__ import annotations

from stellary_core.event_types import (
    Actor,
    CardMoved,
    ColumnUpdated,
    CustomFieldDeleted,
    LabelCreated,
    MemberRemoved,
    NotificationsRead,
    ProfileUpdated,
    ProjectDeleted,
    ProjectUpdated,
    ScopeViewChanged,
    TokenCreated,
)
from stellary_tui.screens.reload_rules import (
    board_changed,
    members_changed,
    navigator_changed,
    notifications_changed,
    settings_changed,
    tokens_changed,
)

ME, ADA = Actor.user("me"), Actor.user("ada")
HERE = {"workspace_id": "w1", "project_id": "p1"}


def moved(by: Actor, project_id: str = "p1") -> CardMoved:
    return CardMoved(actor=by, workspace_id="w1", project_id=project_id, card_id="c1")


def test_a_card_move_changes_its_board_only() -> None:
    assert board_changed(moved(ME), **HERE)
    assert not board_changed(moved(ME, project_id="p2"), **HERE)
    assert not navigator_changed(moved(ME))
    assert not members_changed(moved(ME)) and not tokens_changed(moved(ME))


def test_notifications_change_for_what_may_notify_me_and_never_for_my_own_change() -> None:
    assert notifications_changed(moved(ADA), me="me")
    assert not notifications_changed(moved(ME), me="me")
    assert not notifications_changed(ProjectUpdated(actor=ADA, **HERE), me="me")  # no activity type: notifies nobody
    assert notifications_changed(NotificationsRead(actor=ME), me="me")
    assert not notifications_changed(NotificationsRead(actor=ADA), me="me")


def test_the_board_reloads_for_people_leaving_its_workspace_and_renamed_people() -> None:
    assert board_changed(MemberRemoved(actor=ME, workspace_id="w1", data={"userId": "ada"}), **HERE)
    assert not board_changed(MemberRemoved(actor=ME, workspace_id="w2", data={"userId": "ada"}), **HERE)
    assert board_changed(MemberRemoved(actor=ME, data={"userId": "ada", "orgId": "o1"}), **HERE)
    assert board_changed(ProfileUpdated(actor=ADA), **HERE)


def test_nothing_to_read_again_for_a_remembered_view_or_a_deleted_project() -> None:
    assert not board_changed(ScopeViewChanged(actor=ME, **HERE), **HERE)
    assert not board_changed(ProjectDeleted(actor=ADA, **HERE), **HERE)
    assert navigator_changed(ProjectDeleted(actor=ADA, **HERE))


def test_tokens_and_members_screens_reload_for_their_own_changes() -> None:
    assert tokens_changed(TokenCreated(actor=ME))
    assert members_changed(MemberRemoved(actor=ME, workspace_id="w1"))
    assert not members_changed(TokenCreated(actor=ME))


def test_project_settings_reload_for_their_project_s_labels_fields_and_columns_only() -> None:
    for change in (LabelCreated, CustomFieldDeleted, ColumnUpdated):
        assert settings_changed(change(actor=ADA, **HERE), project_id="p1")
        assert not settings_changed(change(actor=ADA, workspace_id="w1", project_id="p2"), project_id="p1")
    assert not settings_changed(moved(ME), project_id="p1")
    # The board shows labels, fields and columns too: it reloads for each of these changes.
    assert board_changed(LabelCreated(actor=ME, **HERE), **HERE) and board_changed(ColumnUpdated(actor=ME, **HERE), **HERE)


def test_a_change_seen_only_by_the_watcher_reloads_everything() -> None:
    assert navigator_changed(None) and board_changed(None, **HERE) and notifications_changed(None, me="me")
    assert members_changed(None) and tokens_changed(None) and settings_changed(None, project_id="p1")
