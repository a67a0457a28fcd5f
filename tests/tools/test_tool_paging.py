"""list_cards answers in pages: a default page, ``limit``, ``total`` and a ``nextCursor`` to pass back as ``cursor``."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from mcp import Client
from mcp.types import CallToolResult

from pydantic import TypeAdapter

from stellary_core.db import Database
from stellary_core.errors import Invalid
from stellary_core.mcp.server import build_server
from stellary_core.operations import OperationRunner
from stellary_core.operations.encoded import EncodedList
from stellary_core.tools.calls import ToolResult, call_tool
from stellary_core.tools.catalog import tool_named
from stellary_core.tools.paging import MAX_LIMIT, PageRequest, cut, cut_encoded
from tests.tools.world import World

# Billing holds BILL-1 and BILL-2; with these it holds 62 cards, more than the default page of 50.
ADDED = 60
TOTAL = ADDED + 2


@pytest.fixture(params=["json written by SQLite", "models"])
def wire(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch, db: Database) -> str:
    """Both ways list_cards builds its answer: JSON from the database, or models (a database without JSON functions)."""
    if request.param != "models" and not db.is_sqlite:
        pytest.skip("the JSON path is SQLite's; other engines take the model path")
    if request.param == "models":
        monkeypatch.setattr("stellary_core.services.card_wire.available", lambda _session: False)
    return str(request.param)


@pytest.fixture
def billing(db: Database, world: World, wire: str) -> str:
    OperationRunner(db).run(
        "create_cards_bulk", world.me, {"project": world.billing, "cards": [{"title": f"Step {n}"} for n in range(1, ADDED + 1)]}
    )
    return world.billing


def listed(db: Database, world: World, **arguments: Any) -> ToolResult:
    tool = tool_named("list_cards")
    assert tool is not None
    return call_tool(OperationRunner(db), world.me, tool, arguments)


def every_key(db: Database, world: World, project: str) -> list[str]:
    """The whole list in board order, as the operation (and REST) answers it."""
    return [c.key for c in OperationRunner(db).run("list_cards", world.me, {"project": project})]


def test_a_long_list_answers_a_first_page_the_total_and_a_cursor_to_the_rest(
    db: Database, world: World, billing: str, wire: str
) -> None:
    tool = tool_named("list_cards")
    assert tool is not None and tool.page == 50 and "50 cards at a time" in tool.description
    assert f"limit takes up to {MAX_LIMIT:,}" in tool.description
    first = listed(db, world, project=billing)
    assert listed(db, world, project=billing, limit=None, cursor=None).structured == first.structured
    assert len(first.value) == 50 and first.structured["total"] == TOTAL
    cursor = first.structured["nextCursor"]
    assert first.text.endswith(f"Cards 1-50 of {TOTAL}. 12 more: call again with the same arguments and cursor {cursor}")
    assert first.more is not None and first.text.endswith(first.more)

    rest = listed(db, world, project=billing, cursor=cursor)
    assert len(rest.value) == 12 and rest.structured["total"] == TOTAL and "nextCursor" not in rest.structured
    assert rest.text.endswith(f"Cards 51-{TOTAL} of {TOTAL}. That is the last page.")
    assert [c["key"] for c in first.value + rest.value] == every_key(db, world, billing)
    # Every field of every card, as the operation's own dump (REST's body) gives it.
    whole = OperationRunner(db).run("list_cards", world.me, {"project": billing})
    assert isinstance(whole, EncodedList) == (wire != "models")
    assert first.value + rest.value == tool.operation.dump(whole)


def test_limit_sets_the_page_size_and_a_list_that_fits_is_answered_whole(db: Database, world: World, billing: str) -> None:
    keys: list[str] = []
    arguments: dict[str, Any] = {"project": billing, "query": "step", "limit": 25}
    while True:
        page = listed(db, world, **arguments)
        assert len(page.value) <= 25 and page.structured["total"] == ADDED
        keys += [c["key"] for c in page.value]
        if "nextCursor" not in page.structured:
            break
        arguments["cursor"] = page.structured["nextCursor"]
    assert len(keys) == ADDED and keys == [k for k in every_key(db, world, billing) if k not in ("BILL-1", "BILL-2")]

    whole = listed(db, world, project=billing, limit=TOTAL)
    assert len(whole.value) == TOTAL and whole.structured["total"] == TOTAL and "nextCursor" not in whole.structured
    # Nothing to say about pages when the answer is the whole list.
    assert whole.more is None and "of 62" not in whole.text
    assert listed(db, world, project=world.my_website).text.splitlines()[-1].startswith("WEBS-1")
    assert listed(db, world, project=world.my_website, query="nothing matches this").text == "No cards."


@pytest.mark.parametrize("limit", [0, MAX_LIMIT + 1, -3, "5", True, 2.5])
def test_a_limit_out_of_range_is_a_400_naming_it(db: Database, world: World, limit: object) -> None:
    with pytest.raises(Invalid) as refused:
        listed(db, world, project=world.billing, limit=limit)
    assert refused.value.message == "limit: must be a whole number from 1 to 10,000"
    assert refused.value.details[0].field == "limit"


def _encoded(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor", ["", "not a cursor", "%%%", _encoded("-5:0123456789abcdef"), _encoded("²:0123456789abcdef"), _encoded("10:short")]
)
def test_a_cursor_this_tool_did_not_give_is_a_400_saying_what_to_do(db: Database, world: World, cursor: str) -> None:
    with pytest.raises(Invalid) as refused:
        listed(db, world, project=world.billing, cursor=cursor)
    assert refused.value.message == (
        "cursor: is not a cursor this tool gave: pass nextCursor unchanged, or leave cursor out to start from the first page"
    )
    with pytest.raises(Invalid, match="^cursor: must be the nextCursor string of a previous answer"):
        listed(db, world, project=world.billing, cursor=12)


def test_a_cursor_given_with_other_arguments_is_refused(db: Database, world: World, billing: str) -> None:
    cursor = listed(db, world, project=billing, limit=10).structured["nextCursor"]
    assert len(listed(db, world, project=billing, limit=20, cursor=cursor).value) == 20  # limit may change
    assert len(listed(db, world, project=billing, query=None, cursor=cursor).value) == 50  # null is left out
    for other in ({"project": billing, "query": "step"}, {"project": world.team_website}, {}):
        with pytest.raises(Invalid) as refused:
            listed(db, world, **other, cursor=cursor)
        assert refused.value.message.startswith("cursor: was given for other arguments: repeat that call's arguments")


def test_a_cursor_past_a_list_that_shrank_answers_an_empty_last_page(db: Database, world: World, billing: str) -> None:
    cursor = listed(db, world, project=billing, limit=TOTAL - 1).structured["nextCursor"]
    runner = OperationRunner(db)
    for key in ("BILL-1", "BILL-2"):
        runner.run("update_card", world.me, {"card": key, "data": {"archived": True}})
    emptied = listed(db, world, project=billing, cursor=cursor)
    assert emptied.value == [] and emptied.structured == {"cards": [], "total": ADDED}
    assert emptied.text == f"No more cards: the list has {ADDED} in all (leave cursor out to start from the first page)."



@pytest.mark.anyio
async def test_over_mcp_pages_are_checked_against_the_output_schema_and_a_bad_cursor_is_a_tool_error(
    db: Database, world: World, billing: str
) -> None:
    async with Client(build_server(db, lambda _ctx: world.me)) as client:
        listing = next(t for t in (await client.list_tools()).tools if t.name == "list_cards")
        assert {"limit", "cursor"} <= set(listing.input_schema["properties"])
        assert listing.output_schema is not None and listing.output_schema["required"] == ["cards", "total"]
        # The official client validates structuredContent against the output schema it listed.
        first = await client.call_tool("list_cards", {"project": "Billing", "limit": 60})
        assert isinstance(first, CallToolResult) and not first.is_error and first.structured_content is not None
        assert len(first.structured_content["cards"]) == 60 and first.structured_content["total"] == TOTAL
        cursor = first.structured_content["nextCursor"]
        rest = await client.call_tool("list_cards", {"project": "Billing", "limit": 60, "cursor": cursor})
        assert isinstance(rest, CallToolResult) and rest.structured_content is not None
        assert [c["key"] for c in rest.structured_content["cards"]] == every_key(db, world, billing)[60:]
        assert rest.content[0].text.endswith("That is the last page.")  # type: ignore[union-attr]

        refused = await client.call_tool("list_cards", {"project": "Billing", "cursor": "bogus"})
        assert isinstance(refused, CallToolResult) and refused.is_error
        assert refused.content[0].text.startswith("cursor: is not a cursor this tool gave")  # type: ignore[union-attr]
        too_many = await client.call_tool("list_cards", {"project": "Billing", "limit": 0})
        assert isinstance(too_many, CallToolResult) and too_many.is_error
        assert too_many.content[0].text == "limit: must be a whole number from 1 to 10,000"  # type: ignore[union-attr]


def test_a_page_of_an_encoded_list_is_the_page_of_the_parsed_array() -> None:
    """The tool parses only a page of the database's JSON: the same page as parsing it all."""
    title = 'a "quoted" title, with [brackets], {braces}, \\ and ünïcode'
    items = [{"key": f"K-{n}", "title": f"{title} {n}", "n": [n, {"x": None}]} for n in range(9)]
    for listed in (items, []):
        encoded: EncodedList[Any] = EncodedList([json.dumps(item) for item in listed], TypeAdapter(list[Any]))
        for offset in range(len(listed) + 2):
            for limit in range(1, len(listed) + 2):
                asked = PageRequest(limit=limit, offset=offset, of="0123456789abcdef")
                assert cut_encoded(encoded, asked) == cut(listed, asked), (offset, limit)
