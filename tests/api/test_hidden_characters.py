"""Names, titles and long text refuse control characters and bidi overrides (a 400 naming the field).

NUL cuts a name short in C tools, ESC drives terminals, and a bidi override makes a name
read other than it is. Tabs and line breaks stay allowed in long text only.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.request_bodies import body_fields, routes_with_bodies
from tests.conftest import ApiUser

BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
CONTROLS = ["\x00", "\x01", "\x1b", "\x7f", "\x85", "\x9f"]
NEVER = CONTROLS + BIDI


def _is_name(alias: str) -> bool:
    return alias in ("name", "title", "key", "options") or alias.endswith("Name")


def test_every_name_and_title_refuses_hidden_characters(client: TestClient, alice: ApiUser) -> None:
    tried, stored = set(), []
    for route in routes_with_bodies(client, alice):
        for field in body_fields(route.model):
            if not _is_name(field.alias):
                continue
            tried.add(f"{field.owner.__name__}.{field.alias}")
            for bad in ("a\x00b", "a\u202eb", "a\nb"):
                value: Any = [bad] if field.alias == "options" else bad
                wire_path = field.wire_path + (".0" if field.alias == "options" else "")
                response = client.request(route.method, route.path, headers=alice.headers, json=field.body(field.alias, value))
                details = response.json().get("details", []) if response.status_code == 400 else []
                if not any(d["field"] == wire_path and "must not contain" in d["message"] for d in details):
                    stored.append(f"{route.method} {route.path} {wire_path}={bad!r}: {response.status_code} {response.text[:160]}")
    assert stored == []
    assert {"ProjectCreateIn.name", "CardCreateIn.title", "CardUpdateIn.title", "ChecklistItemIn.title",
            "LabelCreateIn.name", "RegisterIn.name", "ProfileUpdateIn.name", "ApiTokenCreateIn.name",
            "SavedFilterCreateIn.name", "CustomFieldCreateIn.options", "CardPart.title", "CommentPart.authorName"} <= tried


@pytest.mark.parametrize("bad", NEVER, ids=[f"U+{ord(c):04X}" for c in NEVER])
def test_a_project_name_with_a_hidden_character_is_refused_and_not_stored(alice: ApiUser, bad: str) -> None:
    response = alice.post(f"{alice.ws_path}/projects", json={"name": f"Launch{bad}plan"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Bad Request"
    assert body["details"] == [{"field": "name", "message": f"must not contain a control or bidi character (U+{ord(bad):04X})"}]
    assert alice.get(f"{alice.ws_path}/projects").json() == []


@pytest.mark.parametrize("bad", ["\t", "\n", "\r"], ids=["tab", "LF", "CR"])
def test_a_title_is_one_line(alice: ApiUser, project: dict[str, Any], bad: str) -> None:
    column = project["columns"][0]["id"]
    response = alice.post(f"{project['path']}/columns/{column}/cards", json={"title": f"Fix{bad}login"})
    assert response.status_code == 400
    assert response.json()["details"][0]["field"] == "title"
    assert alice.get(f"{project['path']}/cards").json() == []


def test_long_text_keeps_tabs_and_line_breaks_but_not_the_rest(alice: ApiUser, project: dict[str, Any]) -> None:
    column = project["columns"][0]["id"]
    text = "Steps:\n\t1. open\r\n\t2. سجل الدخول 🚀"
    created = alice.post(f"{project['path']}/columns/{column}/cards", json={"title": "Fix login", "description": text})
    assert created.status_code == 201, created.text
    card_path = f"{project['path']}/cards/{created.json()['id']}"
    assert alice.get(card_path).json()["description"] == text
    for bad in NEVER:
        refused = alice.patch(card_path, json={"description": f"a{bad}b"})
        assert refused.status_code == 400
        assert refused.json()["details"][0]["field"] == "description"
    assert alice.get(card_path).json()["description"] == text

    comment = alice.post(f"{card_path}/comments", json={"content": "line one\n\tline two"})
    assert comment.status_code == 201, comment.text
    assert comment.json()["content"] == "line one\n\tline two"
    refused = alice.post(f"{card_path}/comments", json={"content": "hello\x1b[2Jworld"})
    assert refused.status_code == 400
    assert refused.json()["details"][0]["field"] == "content"
    assert [c["content"] for c in alice.get(f"{card_path}/comments").json()] == ["line one\n\tline two"]


def test_right_to_left_text_and_marks_are_not_overrides(alice: ApiUser) -> None:
    # U+200F (a mark, not an override or isolate) and Arabic letters are plain text.
    name = "مشروع\u200f 2026"
    response = alice.post(f"{alice.ws_path}/projects", json={"name": name})
    assert response.status_code == 201, response.text
    assert response.json()["name"] == name
