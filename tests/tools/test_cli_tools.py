"""The MCP tools as shell commands, run as a user runs them: a ``stellary`` process, its output and exit code."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from stellary_core.db import Database
from stellary_core.operations import OperationRunner
from stellary_core.tools.catalog import TOOLS, Tool, commands, tool_named
from stellary_tui.cli.tool_commands import kebab, arguments_of, verb_parser
from tests.tools.conftest import ROOT, STELLARY, stellary_env
from tests.tools.world import World


def stellary(data_dir: Path, *argv: str, token: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*STELLARY, *argv], cwd=ROOT, env=stellary_env(data_dir, token), capture_output=True, text=True, timeout=120,
        stdin=subprocess.DEVNULL,
    )


def ok(data_dir: Path, *argv: str) -> str:
    done = stellary(data_dir, *argv)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    return done.stdout


def card(db: Database, world: World, key: str) -> object:
    return OperationRunner(db).run("get_card_details", world.me, {"card": key})


def test_reads_print_tables_and_json(data_dir: Path) -> None:
    listed = ok(data_dir, "projects", "list")
    assert listed.splitlines()[0].split() == ["ID", "KEY", "NAME"]
    assert "Getting Started" in listed and "Billing" in listed
    cards = json.loads(ok(data_dir, "cards", "list", "--project", "billing", "--query", "refund", "--json"))
    assert [c["key"] for c in cards] == ["BILL-2"] and cards[0]["title"] == "Refund flow"
    shown = ok(data_dir, "cards", "show", "bill-1")
    assert shown.startswith("BILL-1  Invoice export as CSV\nstatus: todo")


def test_cards_list_pages_and_says_how_to_get_the_rest(data_dir: Path) -> None:
    first = ok(data_dir, "cards", "list", "--project", "Billing", "--limit", "1").splitlines()
    assert first[1].startswith("BILL-1") and first[-1].startswith("Cards 1-1 of 2. 1 more: call again with the same")
    cursor = first[-1].rsplit(" ", 1)[1]
    rest = ok(data_dir, "cards", "list", "--project", "Billing", "--limit", "1", "--cursor", cursor)
    assert rest.splitlines()[1].startswith("BILL-2") and rest.endswith("Cards 2-2 of 2. That is the last page.\n")
    # --json prints the page, a list as before; that it is not the whole list goes to stderr, for the script's author.
    cut = stellary(data_dir, "cards", "list", "--project", "Billing", "--limit", "1", "--json")
    assert cut.returncode == 0 and [c["key"] for c in json.loads(cut.stdout)] == ["BILL-1"]
    assert cut.stderr == f"stellary: {first[-1]}\n"


def test_writes_act_as_the_local_profile_through_the_operations(db: Database, data_dir: Path, world: World) -> None:
    made = json.loads(
        ok(data_dir, "cards", "add", "Dunning emails", "--project", "Billing", "--column", "In Progress",
           "--priority", "high", "--due", "2026-04-01", "--json")
    )  # fmt: skip
    assert made["key"] == "BILL-3" and made["status"] == "in_progress" and made["dueDate"].startswith("2026-04-01")
    assert made["createdBy"] == world.me.user_id
    assert "status: done" in ok(data_dir, "cards", "move", "BILL-3", "done")
    ok(data_dir, "cards", "assign", "BILL-3", "bob@example.com")
    assert card(db, world, "BILL-3").assignee_id == world.bob.user_id  # type: ignore[attr-defined]
    ok(data_dir, "cards", "update", "BILL-3", "--due", "none", "--title", "Send dunning emails")
    updated = card(db, world, "BILL-3")
    assert updated.due_date is None and updated.title == "Send dunning emails"  # type: ignore[attr-defined]
    assert "Me:\nFirst draft sent" in ok(data_dir, "comments", "add", "BILL-3", "First draft sent") + ok(
        data_dir, "comments", "list", "BILL-3"
    )


def test_bad_input_exits_2_and_other_refusals_exit_1_with_the_message_on_stderr(data_dir: Path) -> None:
    empty_title = stellary(data_dir, "cards", "add", "", "--project", "Billing")
    assert (empty_title.returncode, empty_title.stdout) == (2, "")
    assert empty_title.stderr == "stellary: title: String should have at least 1 character\n"
    usage = stellary(data_dir, "cards", "move", "BILL-1")
    assert usage.returncode == 2 and "the following arguments are required: COLUMN" in usage.stderr
    missing = stellary(data_dir, "cards", "move", "BILL-1", "Doing")
    assert missing.returncode == 1
    assert missing.stderr == "stellary: Column not found (the columns are 'To Do', 'In Progress', 'Done')\n"
    stranger = stellary(data_dir, "cards", "show", "SECR-1")
    assert (stranger.returncode, stranger.stderr) == (1, "stellary: Card not found\n")


def test_a_read_only_token_in_the_environment_acts_with_its_scopes(db: Database, data_dir: Path, world: World) -> None:
    token = OperationRunner(db).run("create_api_token", world.me, {"data": {"name": "ro", "scopes": ["projects:read"]}}).token
    assert stellary(data_dir, "cards", "list", "--project", "Billing", token=token).returncode == 0
    refused = stellary(data_dir, "cards", "move", "BILL-1", "Done", token=token)
    assert (refused.returncode, refused.stderr) == (1, "stellary: Token is missing the required scope: projects:write\n")
    assert card(db, world, "BILL-1").status == "todo"  # type: ignore[attr-defined]


def test_help_lists_every_tool_as_a_command(data_dir: Path) -> None:
    listed = ok(data_dir, "--help")
    for group, tools in commands().items():
        assert group in listed
    cards_help = ok(data_dir, "cards", "--help")
    assert all(f"  {t.command[1]} " in cards_help for t in commands()["cards"])
    verb_help = ok(data_dir, "cards", "add", "--help")
    assert "usage: stellary cards add" in verb_help and "--due DUE_DATE" in verb_help and "TITLE" in verb_help


@pytest.mark.parametrize("tool", TOOLS, ids=[t.name for t in TOOLS])
def test_every_tool_has_a_command_taking_each_of_its_arguments(tool: Tool) -> None:
    schema = tool.arguments.schema
    required = [name for name in schema.get("required", []) if name not in tool.positional]
    # A word each; a required choice (a relation's type) takes its first choice, a JSON object (an automation's action) {}.
    def sample(sub: dict[str, Any]) -> str:
        return "{}" if sub.get("type") == "object" else str(sub.get("enum", ["x"])[0])

    word = {name: sample(sub) for name, sub in schema["properties"].items()}
    words = [word[name] for name in tool.positional] + [w for name in required for w in (f"--{kebab(name)}", word[name])]
    given = arguments_of(tool, verb_parser(tool).parse_args(words))
    assert set(given) == set(tool.positional) | set(required)
    # Every argument of the tool is a positional or an option of its command.
    options = {a.dest for a in verb_parser(tool)._actions}
    assert set(schema["properties"]) <= options


def test_options_left_out_are_not_sent_and_none_is_null(db: Database, world: World) -> None:
    update = tool_named("update_card")
    assert update is not None
    assert arguments_of(update, verb_parser(update).parse_args(["GS-1"])) == {"card": "GS-1"}
    assert arguments_of(update, verb_parser(update).parse_args(["GS-1", "--due", "none", "--archived"])) == {
        "card": "GS-1", "dueDate": None, "archived": True,
    }
    listing = tool_named("list_cards")
    assert listing is not None
    # list_cards' priority "none" means cards without one: a value, not null.
    assert arguments_of(listing, verb_parser(listing).parse_args(["--priority", "none"])) == {"priority": "none"}
    bulk = tool_named("create_cards_bulk")
    assert bulk is not None
    assert arguments_of(bulk, verb_parser(bulk).parse_args(["One", "Two", "--project", "Billing"])) == {
        "project": "Billing", "cards": [{"title": "One"}, {"title": "Two"}],
    }


def test_the_cockpit_commands_work_in_my_personal_workspace(data_dir: Path) -> None:
    todo = json.loads(ok(data_dir, "todos", "add", "Write the release notes", "--json"))
    assert ok(data_dir, "todos", "update", todo["id"], "--status", "done").startswith(f"Todo {todo['id']} (done)")
    assert "impact: Saves a day" in ok(data_dir, "decisions", "add", "Ship on Fridays", "--impact", "Saves a day")
    payload = '{"cardId": "GS-1", "targetColumn": "Done"}'
    assert "move_card (suggested)" in ok(data_dir, "proposals", "add", "move_card", "Notes are out", "--payload", payload)
    assert ok(data_dir, "proposals", "list").splitlines()[1].split()[1:4] == ["suggested", "move_card", "Notes"]
    dashboard = ok(data_dir, "pilotage", "dashboard")
    assert "your pilotage role: owner" in dashboard and "todos: 0 todo, 0 in progress, 0 blocked, 1 done" in dashboard
    assert "  [suggested] move_card: Notes are out" in dashboard
    state = json.loads(ok(data_dir, "pilotage", "state", "--profile", "revue", "--json"))
    assert [t["label"] for t in state["todos"]] == ["Write the release notes"]
    bad = stellary(data_dir, "pilotage", "state", "--detail-level", "everything")
    assert bad.returncode == 2 and "'everything' is not one of minimal, standard, detailed" in bad.stderr


@pytest.mark.parametrize("seed", ["0", "2", "4"])
def test_a_documents_content_on_the_command_line_is_markdown_whatever_the_hash_seed(data_dir: Path, seed: str) -> None:
    """content takes Markdown or a TipTap object: a word is read as Markdown, not as JSON by the luck of set order."""
    env = {**stellary_env(data_dir), "PYTHONHASHSEED": seed}
    done = subprocess.run(
        [*STELLARY, "documents", "add", "Release process", "--content", "# Steps", "--json"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stderr
    made = json.loads(done.stdout)
    assert (made["contentFormat"], made["content"]) == ("markdown", "# Steps")
    listed = ok(data_dir, "documents", "list", "--text", "steps")
    assert listed.splitlines()[1].split()[1:] == ["document", "draft", "Release", "process"]


def test_the_readme_lists_every_tool_with_its_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for tool in TOOLS:
        assert f"| `{tool.name}` | `stellary {' '.join(tool.command)}" in readme, tool.name
