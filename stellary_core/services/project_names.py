"""Names and card-key prefixes a project brought into a workspace may take without repeating another's.

An imported project keeps the name and prefix of its document when they are
free in the workspace. Otherwise it gets the next free "Name (2)", "Name (3)"
(names compared trimmed and in any case), and a prefix no other project there
uses: the wanted one with letters appended or replacing its last ones
("WR" gives "WRA", "WRB"...), so that a key like ``WR-12`` always points at
one project of the workspace.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import product
from string import ascii_uppercase

from sqlalchemy import select
from sqlalchemy.orm import Session

from stellary_core.errors import Conflict
from stellary_core.models import Project
from stellary_core.schemas.common import NAME_MAX

MAX_PREFIX = 5
_NUMBERED = re.compile(r"(?P<base>.*\S) \((?P<n>\d+)\)")


def taken_in_workspace(session: Session, workspace_id: str) -> tuple[list[str], list[str]]:
    """The names and the key prefixes of the workspace's projects."""
    rows = session.execute(select(Project.name, Project.key_prefix).where(Project.workspace_id == workspace_id)).all()
    return [name for name, _ in rows], [prefix for _, prefix in rows]


def free_name(wanted: str, taken: Iterable[str]) -> str:
    used = {name.strip().casefold() for name in taken}
    if wanted.strip().casefold() not in used:
        return wanted
    numbered = _NUMBERED.fullmatch(wanted)
    base = numbered.group("base") if numbered else wanted  # "Plan (2)" again gives "Plan (3)", not "Plan (2) (2)"
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = base[: NAME_MAX - len(suffix)].rstrip() + suffix
        if candidate.casefold() not in used:
            return candidate
        n += 1


def free_key_prefix(wanted: str, taken: Iterable[str]) -> str:
    used = set(taken)
    if wanted not in used:
        return wanted
    for width in range(1, MAX_PREFIX):
        stem = wanted[: MAX_PREFIX - width]
        for letters in product(ascii_uppercase, repeat=width):
            candidate = stem + "".join(letters)
            if candidate not in used:
                return candidate
    raise Conflict("Every card-key prefix is taken in this workspace")  # half a million projects: never in practice
