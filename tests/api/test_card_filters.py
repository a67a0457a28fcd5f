"""``GET P/cards?q=``: the filter language applied in SQL, end to end."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from stellary_core import clock
from stellary_core.db import Database
from stellary_core.filters import matches, parse
from stellary_core.models import CardLabel, CardRelation, Label
from stellary_core.services import card_filters, cards
from tests.conftest import ApiUser

NOW = datetime(2026, 3, 10, 12, 0)


@pytest.fixture(autouse=True)
def frozen_clock() -> None:
    """Autouse, so it runs before the users are registered and tokens issued."""
    clock.freeze(NOW)


def join_workspace(owner: ApiUser, member: ApiUser) -> None:
    invited = owner.post(f"{owner.ws_path}/members/invite", json={"email": member.email, "role": "member"})
    assert invited.status_code == 201, invited.text
    accepted = member.post(f"/invitations/{invited.json()['token']}/accept")
    assert accepted.status_code == 200, accepted.text


def make_card(user: ApiUser, project: dict[str, Any], column: int, **fields: Any) -> dict[str, Any]:
    column_id = project["columns"][column]["id"]
    created = user.post(f"{project['path']}/columns/{column_id}/cards", json=fields)
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


@pytest.fixture
def board(db: Database, alice: ApiUser, bob: ApiUser, project: dict[str, Any]) -> dict[str, str]:
    """Six cards covering every term kind; returns their ids by letter."""
    join_workspace(alice, bob)
    made = {
        "A": make_card(alice, project, 0, title="Fix login page", description="Users cannot sign in", priority="high",
                       dueDate="2026-03-09", assigneeId=alice.id),
        "B": make_card(alice, project, 1, title="Write release notes", priority="medium", dueDate="2026-03-10",
                       assigneeId=bob.id),
        "C": make_card(alice, project, 2, title="Ship 100% coverage", priority="low", dueDate="2026-03-01"),
        "D": make_card(alice, project, 0, title="Plan roadmap", priority=None, dueDate="2026-04-15", assigneeId=bob.id),
        "E": make_card(alice, project, 0, title="Old spike", priority="high"),
        "F": make_card(alice, project, 0, title="Blocked task", description="waits on login"),
    }
    ids = {letter: card["id"] for letter, card in made.items()}
    assert alice.patch(f"{project['path']}/cards/{ids['E']}", json={"archived": True}).status_code == 200
    with db.session(write=True) as session:
        bug = Label(project_id=project["id"], name="Bug", color="#ff0000")
        ui = Label(project_id=project["id"], name="UI", color="#00ff00")
        session.add_all([bug, ui])
        session.flush()
        session.add_all(
            [
                CardLabel(card_id=ids["A"], label_id=bug.id),
                CardLabel(card_id=ids["B"], label_id=ui.id),
                CardLabel(card_id=ids["D"], label_id=bug.id),
                CardLabel(card_id=ids["D"], label_id=ui.id),
                CardLabel(card_id=ids["E"], label_id=bug.id),
                CardRelation(project_id=project["id"], source_card_id=ids["A"], target_card_id=ids["F"], type="blocks"),
            ]
        )
        session.commit()
    return ids


def found(user: ApiUser, project: dict[str, Any], q: str, **params: Any) -> set[str]:
    response = user.get(f"{project['path']}/cards", params={"q": q, **params})
    assert response.status_code == 200, response.text
    return {c["id"] for c in response.json()}


def letters(board: dict[str, str], *wanted: str) -> set[str]:
    return {board[w] for w in wanted}


CASES = [
    ("", "ABCDF"),
    ("priority:high", "A"),
    ("priority:high priority:medium", "ABF"),
    ("priority:low,medium", "BCF"),
    ("priority:none", "D"),
    ("-priority:high", "BCDF"),
    ("label:bug", "AD"),
    ("label:BUG label:ui", "ABD"),
    ("-label:bug", "BCF"),
    ("label:none", "CF"),
    ("label:any", "ABD"),
    ("label:nonexistent", ""),
    ('label:"none"', ""),
    ("assignee:none", "CF"),
    ("assignee:any", "ABD"),
    ("assignee:bob@example.com", "BD"),
    ("assignee:Bob", "BD"),
    ("assignee:alice", "A"),
    ("assignee:nobody@example.com", ""),
    ("due:<2026-03-10", "AC"),
    ("due:<=2026-03-10", "ABC"),
    ("due:>2026-03-10", "D"),
    ("due:>=2026-03-10", "BD"),
    ("due:2026-03-10", "B"),
    ("due:2026-03-01..2026-03-09", "AC"),
    ("due:>2026-03-01 due:<2026-04-01", "AB"),
    ("due:today", "B"),
    ("due:overdue", "A"),
    ("due:today,overdue", "AB"),
    ("due:none", "F"),
    ("-due:<2026-03-10", "BDF"),
    ("status:done", "C"),
    ("status:todo,in-progress", "ABDF"),
    ('column:"In Progress"', "B"),
    ("column:done", "C"),
    ("is:archived", "E"),
    ("is:active", "ABCDF"),
    ("-is:archived", "ABCDF"),
    ("is:blocked", "F"),
    ("-is:blocked", "ABCD"),
    ("is:open", "ABDF"),
    ("login", "AF"),
    ("LOGIN page", "A"),
    ('"login page"', "A"),
    ("-login", "BCD"),
    ("sign", "A"),
    ("100%", "C"),
    ("%", "C"),
    ("_", ""),
    ("priority:high label:bug", "A"),
    ("label:bug assignee:bob", "D"),
    ("is:archived label:bug priority:high", "E"),
]


@pytest.mark.parametrize(("q", "expected"), CASES)
def test_query_selects_the_right_cards(alice: ApiUser, project: dict[str, Any], board: dict[str, str], q: str, expected: str) -> None:
    assert found(alice, project, q) == letters(board, *expected)


def test_text_matches_the_card_key(alice: ApiUser, project: dict[str, Any], board: dict[str, str]) -> None:
    key = alice.get(f"{project['path']}/cards/{board['C']}").json()["key"]
    assert found(alice, project, key.lower()) == {board["C"]}


def test_assignee_me_is_the_caller(alice: ApiUser, bob: ApiUser, project: dict[str, Any], board: dict[str, str]) -> None:
    assert found(alice, project, "assignee:me") == letters(board, "A")
    assert found(bob, project, "assignee:me") == letters(board, "B", "D")


def test_archived_param_with_a_query_includes_archived_cards(
    alice: ApiUser, project: dict[str, Any], board: dict[str, str]
) -> None:
    assert found(alice, project, "priority:high") == letters(board, "A")
    assert found(alice, project, "priority:high", archived="true") == letters(board, "A", "E")
    assert found(alice, project, "is:active", archived="true") == letters(board, *"ABCDF")


def test_query_keeps_board_order(alice: ApiUser, project: dict[str, Any], board: dict[str, str]) -> None:
    listed = alice.get(f"{project['path']}/cards", params={"q": "label:bug,ui"}).json()
    assert [c["id"] for c in listed] == [board["A"], board["D"], board["B"]]
    assert listed[0]["labelIds"]  # cards come with their labels


def test_query_combines_with_column_and_scope(alice: ApiUser, project: dict[str, Any], board: dict[str, str]) -> None:
    todo = project["columns"][0]["id"]
    assert found(alice, project, "label:bug", columnId=todo) == letters(board, "A", "D")
    other = alice.post(f"{project['path']}/scopes", json={"name": "Phase 2"}).json()
    column = other["columns"][0]["id"]
    created = alice.post(f"{project['path']}/columns/{column}/cards", json={"title": "Fix login elsewhere", "priority": "high"})
    assert created.status_code == 201
    assert found(alice, project, "login") == letters(board, "A", "F")
    assert found(alice, project, "login", scopeId=other["id"]) == {created.json()["id"]}


@pytest.mark.parametrize(
    ("q", "term"),
    [
        ("owner:bob", "owner:bob"),
        ("priority:urgent", "priority:urgent"),
        ("due:2026-02-30", "due:2026-02-30"),
        ("due:<soon", "due:<soon"),
        ("status:blocked", "status:blocked"),
        ("is:pinned", "is:pinned"),
        ('column:"In Review', "unclosed quote"),
        # The last representable day has no next day: every form of it must be a 400, not a 500.
        ("due:9999-12-31", "due:9999-12-31"),
        ("due:<9999-12-31", "due:<9999-12-31"),
        ("due:<=9999-12-31", "due:<=9999-12-31"),
        ("due:>9999-12-31", "due:>9999-12-31"),
        ("due:>=9999-12-31", "due:>=9999-12-31"),
        ("due:2026-01-01..9999-12-31", "due:2026-01-01..9999-12-31"),
        ("-due:9999-12-31", "-due:9999-12-31"),
    ],
)
def test_bad_query_is_a_400_naming_the_term(alice: ApiUser, project: dict[str, Any], q: str, term: str) -> None:
    response = alice.get(f"{project['path']}/cards", params={"q": f"login {q}"})
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "Bad Request"
    assert body["details"][0]["field"] == "q"
    assert term in body["details"][0]["message"]


def test_other_tenant_gets_404_with_a_query(mallory: ApiUser, alice: ApiUser, project: dict[str, Any]) -> None:
    assert mallory.get(f"{project['path']}/cards", params={"q": "priority:high"}).status_code == 404
    assert mallory.get(f"{project['path']}/cards", params={"q": "owner:bob"}).status_code == 404
    own = f"{mallory.ws_path}/projects/{project['id']}/cards"
    assert mallory.get(own, params={"q": "priority:high"}).status_code == 404


@pytest.mark.parametrize(("q", "_expected"), CASES)
def test_in_memory_matching_agrees_with_sql(
    db: Database, alice: ApiUser, project: dict[str, Any], board: dict[str, str], q: str, _expected: str
) -> None:
    """``filters.matches`` (for views holding cards) selects what the SQL list selects."""
    with db.session() as session:
        ws_id = alice.get(alice.ws_path).json()["id"]
        everything = cards.list_cards(
            session, actor=alice.principal, workspace_id=ws_id, project_id=project["id"], include_archived=True
        )
        context = card_filters.filter_context(session, actor=alice.principal, workspace_id=ws_id, project_id=project["id"])
        query = parse(q)
        in_memory = {d.card.id for d in everything if matches(d, query, context)}
        in_sql = {
            d.card.id
            for d in cards.list_cards(session, actor=alice.principal, workspace_id=ws_id, project_id=project["id"], query=query)
        }
    assert in_memory == in_sql
