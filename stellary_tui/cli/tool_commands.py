"""``stellary projects|cards|comments|... VERB``: every MCP tool as a command, generated from the same list.

``stellary cards move GS-12 Done`` runs the operation ``move_card`` as
``stellary mcp`` would: as the local profile, or as ``$STELLARY_TOKEN``'s
user with its scopes. Arguments come from the tool's input schema: the ones
the tool lists as positional in order, every other one as ``--kebab-case``.
Output is short text, or the operation's output as JSON with ``--json``
(of a paged tool, the page; the line saying there is more goes to stderr).
Exit codes: 0 done, 2 bad input (usage or a 400), 1 any other refusal.

Registering the groups costs nothing but the static tool list: the options of
a verb are built from its operation only when that verb runs, so ``stellary
--help`` and the TUI's start load no operation.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from stellary_core.tools.catalog import Tool, commands
from stellary_tui.cli.context import acting_user, database_from

if TYPE_CHECKING:
    from stellary_core.errors import StellaryError

# A nullable argument takes this word for null on the command line (``cards assign GS-12 none``).
NULL_WORD = "none"
# Shorter spellings people type: --due for --due-date.
_SHORT_DATES = re.compile(r"^(start|due)Date$")


def register(subparsers: Any) -> None:
    for group, tools in commands().items():
        verbs = [tool.command[1] for tool in tools]
        parser = subparsers.add_parser(
            group,
            help=f"{', '.join(verbs)} {group} (as the MCP tools do)",
            description="\n".join(f"  {t.command[1]:<9} {t.description.split('. ')[0].rstrip('.')}." for t in tools),
            formatter_class=argparse.RawDescriptionHelpFormatter,
            epilog=f"Run `stellary {group} VERB --help` for a verb's arguments.",
        )
        parser.add_argument("verb", choices=verbs, metavar="VERB", help=", ".join(verbs))
        parser.add_argument("rest", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
        parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
        parser.set_defaults(handler=run, tool_group=group)


def kebab(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def _kinds(schema: dict[str, Any]) -> tuple[set[str], bool]:
    """The JSON types a property takes, and whether it takes null."""
    options = schema.get("anyOf", [schema])
    kinds = {o.get("type") for o in options if isinstance(o, dict)}
    return {k for k in kinds if isinstance(k, str) and k != "null"}, "null" in kinds


def _word_kind(kinds: set[str]) -> str:
    """The one type a command-line word is read as: text when the argument takes text (a document's content is
    Markdown or a TipTap object: a shell user types Markdown), so the choice never depends on set order."""
    for kind in ("array", "string", "integer", "number", "boolean", "object"):
        if kind in kinds:
            return kind
    return "string"


def _enum(schema: dict[str, Any]) -> list[str] | None:
    for option in schema.get("anyOf", [schema]):
        if isinstance(option, dict) and "enum" in option:
            return [str(v) for v in option["enum"]]
    return None


def _scalar(kind: str, nullable: bool, choices: list[str] | None = None) -> Any:
    """The argparse type of one value: its JSON type, ``none`` standing for null when the argument takes null."""
    # Where "none" is a value of its own (list_cards' priority: cards without one), it is not null.
    null_word = nullable and NULL_WORD not in (choices or [])
    allowed = [*(choices or []), *([NULL_WORD] if null_word else [])]

    def convert(text: str) -> Any:
        if null_word and text.lower() == NULL_WORD:
            return None
        if choices is not None and text not in choices:
            raise argparse.ArgumentTypeError(f"{text!r} is not one of {', '.join(allowed)}")
        try:
            if kind == "integer":
                return int(text)
            if kind == "number":
                return float(text)
            if kind in ("array", "object"):
                return json.loads(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {'JSON' if kind in ('array', 'object') else 'a number'}") from None
        return text

    convert.__name__ = {"integer": "integer", "number": "number", "array": "JSON", "object": "JSON"}.get(kind, "text")
    return convert


def verb_parser(tool: Tool) -> argparse.ArgumentParser:
    """The parser of one verb, from the tool's input schema."""
    group, verb = tool.command
    parser = argparse.ArgumentParser(prog=f"stellary {group} {verb}", description=tool.description)
    schema = tool.arguments.schema
    required = set(schema.get("required", []))
    for name in tool.positional:
        prop = schema["properties"][name]
        kinds, nullable = _kinds(prop)
        help_text = prop.get("description", "")
        if "array" in kinds and tool.each is not None:
            parser.add_argument(name, nargs="+", metavar=tool.each.upper(), help=f"one {tool.each} per card. {help_text}")
        else:
            kind = _word_kind(kinds)
            parser.add_argument(name, type=_scalar(kind, nullable, _enum(prop)), metavar=name.upper(), help=help_text)
    for name, prop in schema["properties"].items():
        if name in tool.positional:
            continue
        kinds, nullable = _kinds(prop)
        flags = [f"--{kebab(name)}"]
        short = _SHORT_DATES.match(name)
        if short:
            flags.append(f"--{short.group(1)}")
        # Left out, an option is absent from the namespace: ``--due none`` (null) and no --due differ.
        options: dict[str, Any] = {"dest": name, "default": argparse.SUPPRESS, "help": prop.get("description", "")}
        if name in required:
            options["required"] = True
        if kinds == {"boolean"}:
            options["action"] = argparse.BooleanOptionalAction
        else:
            kind = _word_kind(kinds)
            choices = _enum(prop)
            options["type"] = _scalar(kind, nullable, choices)
            options["metavar"] = "JSON" if kind in ("array", "object") else kebab(name).upper().replace("-", "_")
            if choices is not None:
                options["metavar"] = "{" + ",".join(dict.fromkeys([*choices, *([NULL_WORD] if nullable else [])])) + "}"
        parser.add_argument(*flags, **options)
    parser.add_argument("--json", action="store_true", dest="as_json", help="print the result as JSON")
    parser.add_argument("--data-dir", dest="data_dir", default=argparse.SUPPRESS, help="database directory")
    return parser


def arguments_of(tool: Tool, parsed: argparse.Namespace) -> dict[str, Any]:
    """The tool arguments given on the command line (an option left out is left out, so defaults apply)."""
    given: dict[str, Any] = {}
    for name in tool.arguments.schema["properties"]:
        if not hasattr(parsed, name):
            continue
        value = getattr(parsed, name)
        if name in tool.positional and tool.each is not None and isinstance(value, list):
            value = [{tool.each: word} for word in value]
        given[name] = value
    return given


def _exit_code(error: StellaryError) -> int:
    return 2 if error.status == 400 else 1


def run(args: argparse.Namespace) -> int:
    from stellary_core.errors import StellaryError
    from stellary_core.operations import OperationRunner
    from stellary_core.tools.calls import call_tool

    tool = next(t for t in commands()[args.tool_group] if t.command[1] == args.verb)
    parsed = verb_parser(tool).parse_args(args.rest)
    if not hasattr(parsed, "data_dir") and hasattr(args, "data_dir"):
        parsed.data_dir = args.data_dir  # given before the verb: stellary --data-dir D cards list
    db = database_from(parsed)
    try:
        result = call_tool(OperationRunner(db), acting_user(db)(), tool, arguments_of(tool, parsed))
    except StellaryError as error:
        print(f"stellary: {error.message}", file=sys.stderr)
        return _exit_code(error)
    finally:
        db.dispose()
    if parsed.as_json:
        print(json.dumps(result.value, indent=2, ensure_ascii=False))
        if result.more is not None:  # a page, not the whole list: a script must not take it for everything
            print(f"stellary: {result.more}", file=sys.stderr)
    else:
        print(result.text)
    return 0
