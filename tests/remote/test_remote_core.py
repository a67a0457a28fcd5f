"""RemoteCore against a real server: the operations' own outputs, and errors as the core's classes."""

from __future__ import annotations

import pytest

from stellary_core.errors import Forbidden, Invalid, NotFound, Unauthorized
from stellary_core.operations.catalog.board import CreateCard
from stellary_core.operations.catalog.views import NoInput, StartView
from stellary_core.schemas.board import CardCreateIn, CardOut
from stellary_tui.remote_core import RemoteCore, ServerUnreachable
from tests.remote.conftest import register
from tests.served import free_port


def test_an_operations_answer_is_its_own_output_type(server_url: str) -> None:
    alice = register(server_url, "alice@example.com")
    core = RemoteCore(server_url, alice.token)
    given = CreateCard(workspace_id=alice.project["workspaceId"], project=alice.project["id"], data=CardCreateIn(title="Ship"))
    card = core.run("create_card", given)
    assert isinstance(card, CardOut) and card.title == "Ship"
    start = core.run("get_start_view", NoInput())
    assert isinstance(start, StartView)
    assert start.project_id == alice.project["id"]


def test_error_envelopes_become_the_matching_errors_with_the_servers_message(server_url: str) -> None:
    alice = register(server_url, "alice@example.com")
    core = RemoteCore(server_url, alice.token)
    where = {"workspaceId": alice.project["workspaceId"], "project": alice.project["id"]}
    with pytest.raises(NotFound) as missing:
        core.run("get_card_details", {**where, "card": "0" * 24})
    assert missing.value.message == "Card not found"
    with pytest.raises(Invalid) as invalid:
        core.run("create_card", {**where, "data": {"title": ""}})
    assert invalid.value.details and invalid.value.details[0].field == "data.title"
    reader = alice.call("POST", "/api-tokens", json={"name": "reader", "scopes": ["projects:read"]})["token"]
    with pytest.raises(Forbidden) as refused:
        RemoteCore(server_url, reader).run("create_card", {**where, "data": {"title": "No"}})
    assert "projects:write" in refused.value.message
    with pytest.raises(Unauthorized):
        RemoteCore(server_url, "not-a-token").run("get_profile", NoInput())


def test_an_unreachable_server_says_so_and_then_writes_are_refused_unsent(server_url: str) -> None:
    seen: list[bool] = []
    core = RemoteCore(f"http://127.0.0.1:{free_port()}", "any")
    core.on_reachability = seen.append
    with pytest.raises(ServerUnreachable) as down:
        core.run("get_profile", NoInput())
    assert "cannot be reached" in down.value.message
    assert not core.online and seen == [False]
    with pytest.raises(ServerUnreachable) as refused:
        core.run("create_card", {"workspaceId": "x", "project": "y", "data": {"title": "Kept"}})
    assert "nothing was saved" in refused.value.message
    alice = register(server_url, "alice@example.com")
    back = RemoteCore(server_url, alice.token)  # the same core, once a request gets through, is online again
    back.set_online(False)
    back.on_reachability = seen.append
    back.run("get_profile", NoInput())
    assert back.online and seen == [False, True]
