"""Putting a second user into alice's workspace, for tests of who may do what."""

from __future__ import annotations

from tests.conftest import ApiUser


def join_workspace(owner: ApiUser, user: ApiUser, role: str = "member") -> None:
    """Add ``user`` to ``owner``'s organization (as member) and personal workspace (as ``role``)."""
    added = owner.post(f"/organizations/{owner.org_slug}/members", json={"email": user.email, "role": "member"})
    assert added.status_code == 201, added.text
    joined = owner.post(f"{owner.ws_path}/members", json={"email": user.email, "role": role})
    assert joined.status_code == 201, joined.text
