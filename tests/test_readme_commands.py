"""The README's commands work as copied: set-up unchanged, then the virtualenv's own stellary with real arguments."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from stellary_tui.cli import build_parser

README = Path(__file__).resolve().parent.parent / "README.md"
SET_UP = (
    "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/stellary",
    "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/python -m pytest -n auto",
)


def _shell_lines() -> list[str]:
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), flags=re.S)
    return [line for block in blocks for line in block.splitlines() if line.strip()]


def _program(line: str) -> str:
    words = line.split()
    while re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        words = words[1:]
    return words[0]


def test_the_two_set_up_commands_come_first_and_unchanged() -> None:
    assert tuple(_shell_lines()[:2]) == SET_UP


def test_every_later_command_runs_the_virtualenvs_programs_with_arguments_stellary_accepts() -> None:
    later = _shell_lines()[2:]
    # A command may start with environment variables (NAME=value) for the program it runs.
    programs = [_program(line) for line in later if not line.startswith(("curl", " "))]
    assert programs and all(program.startswith(".venv/bin/") for program in programs), programs
    for line in later:
        if line.startswith(".venv/bin/stellary"):
            words = shlex.split(line.split("#")[0].split(">")[0].rstrip(" &"))
            build_parser().parse_args(words[1:])  # exits (a test failure) on an argument stellary does not take
    text = README.read_text(encoding="utf-8")
    assert ". .venv/bin/activate" in text  # the other way: activate once, then type plain commands
    assert "`python screenshots/" not in text
