"""What the agent and mission API tests share: a card, an agent, a teammate, and waiting for a mission."""

from __future__ import annotations

import time
from typing import Any

from stellary_core.models import MISSION_ENDED
from tests.api.sharing import join_workspace
from tests.conftest import ApiUser


def new_card(user: ApiUser, project: dict[str, Any], title: str = "Ship the release") -> dict[str, Any]:
    column = project["columns"][0]["id"]
    made = user.post(f"{project['path']}/columns/{column}/cards", json={"title": title})
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def new_agent(user: ApiUser, slug: str = "helper", **fields: Any) -> dict[str, Any]:
    made = user.post(f"{user.ws_path}/agents", json={"name": slug.title(), "slug": slug, **fields})
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def start(user: ApiUser, agent: str, card_id: str, prompt: str) -> dict[str, Any]:
    made = user.post(f"{user.ws_path}/agents/{agent}/missions", json={"cardId": card_id, "prompt": prompt})
    assert made.status_code == 201, made.text
    body: dict[str, Any] = made.json()
    return body


def wait_for(user: ApiUser, mission_id: str, *statuses: str, timeout: float = 10.0) -> dict[str, Any]:
    """The mission once its status is one of ``statuses`` (by default: past running)."""
    wanted = statuses or ("awaiting_approval", *MISSION_ENDED)
    deadline = time.monotonic() + timeout
    while True:
        got = user.get(f"{user.ws_path}/missions/{mission_id}")
        assert got.status_code == 200, got.text
        body: dict[str, Any] = got.json()
        if body["status"] in wanted:
            return body
        assert time.monotonic() < deadline, f"mission still {body['status']}"
        time.sleep(0.02)


def in_workspace_of(owner: ApiUser, user: ApiUser, *, role: str = "member", pilotage_role: str | None = None) -> ApiUser:
    """``user`` added to ``owner``'s personal workspace, calling into it (pilotage viewer unless told)."""
    join_workspace(owner, user, role)
    if pilotage_role is not None:
        changed = owner.patch(f"{owner.ws_path}/members/{user.id}", json={"pilotageRole": pilotage_role})
        assert changed.status_code == 200, changed.text
    return ApiUser(user.client, user.id, user.email, user.name, user.token, owner.org_slug, owner.ws_slug)
