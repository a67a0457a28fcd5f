"""The start-up snapshot: what the next start shows first, saved at exit so it is painted at once.

Loading SQLAlchemy's ORM, pydantic and the core takes most of a start. So at
exit the app saves what the main screen would open on (the navigation tree,
the project and its board as plain rows, the unread count and the theme) and
the next start paints it before the core has loaded; the core then loads in
a worker and the real board takes its place (keys typed meanwhile wait for it).

A snapshot is shown only if the database is provably as it was when the
snapshot was read; otherwise the start goes the usual way:

- at exit the start view is read in one transaction with the database's
  commit count (``stellary_core.db``: every committed write adds one to
  SQLite's ``user_version``); then the app closes the database and, only if
  it was the last to have it open (SQLite then folds the WAL back into the
  file and removes it), reads the count from the closed file: the same count
  means nothing was committed since the start view was read. The file's
  inode, size and times are stamped in the snapshot (before and after that
  read, and they must agree);
- at start the stamp must match the file as it is, with still no WAL: any
  write since, by Stellary or anything else, changes them. A start that
  finds a change merely goes the usual way;
- the format, Stellary's version and the card row's fields must match, and a
  file that cannot be read or parsed is ignored.

This module imports the standard library and the core's plain rows only.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from stellary_core import __version__
from stellary_core.file_modes import PRIVATE_FILE
from stellary_core.view_rows import (
    BoardProject,
    BoardScope,
    CardRow,
    ColumnRow,
    LabelRow,
    OrgNode,
    ProjectNode,
    ScopeBoard,
    WorkspaceNode,
)

FILE_NAME = "start-snapshot.json"
FORMAT = 2
# Cards of a column kept in full: more than a screen shows (a card takes three lines or more, so 120
# fill a 360-line terminal). The others are only counted: the picture draws their "↓ n more" line and
# the card count, and the real board replaces it before anyone scrolls. A 10,000-card board then
# loads in a few milliseconds instead of a hundred.
SHOWN_PER_COLUMN = 120
GENERATION_PRAGMA = "user_version"  # stellary_core.db.GENERATION_PRAGMA, read here without SQLAlchemy
_CARD_FIELDS = tuple(f.name for f in fields(CardRow))
_CARD_DATES = frozenset(i for i, name in enumerate(_CARD_FIELDS) if name.endswith(("_date", "_at")))
_CARD_LABELS = _CARD_FIELDS.index("label_ids")
_WAL = "-wal"


@dataclass(frozen=True)
class StartSnapshot:
    """What the main screen opens on: the tree, the project shown, its board (kanban), the top bar's extras."""

    tree: list[OrgNode]
    project_id: str
    board: ScopeBoard
    unread: int
    theme: str | None


def snapshot_path(data_dir: Path) -> Path:
    return data_dir / FILE_NAME


def database_file(data_dir: Path, database_url: str) -> Path | None:
    """The SQLite file the snapshot can vouch for: only the data directory's own database."""
    path = data_dir / "stellary.db"
    return path if database_url == f"sqlite:///{path}" else None


def files_state(database: Path) -> list[list[Any]]:
    """Identity and times of the database file and its WAL (absent ones as such): any write changes them."""
    state: list[list[Any]] = []
    for suffix in ("", _WAL):
        try:
            found = os.stat(f"{database}{suffix}")
        except FileNotFoundError:
            state.append([suffix, None])
            continue
        state.append([suffix, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns])
    return state


def read_closed_generation(database: Path) -> int | None:
    """The commit count of a database nobody has open (no WAL), read from the file alone; None if unreadable."""
    import sqlite3  # at exit only: the start never opens the database here

    try:
        # immutable: no lock taken and no -wal or -shm file created (there is no WAL to read).
        connection = sqlite3.connect(f"file:{database}?mode=ro&immutable=1", uri=True)
    except sqlite3.Error:
        return None
    try:
        return int(connection.execute(f"PRAGMA {GENERATION_PRAGMA}").fetchone()[0])
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _no_wal(state: list[list[Any]]) -> bool:
    return all(entry[1] is None for entry in state if entry[0] == _WAL)


# -- saving (at exit, with the core loaded) --------------------------------------------


def encode(snapshot: StartSnapshot) -> dict[str, Any]:
    board = snapshot.board
    return {
        "format": FORMAT,
        "version": __version__,
        "cardFields": list(_CARD_FIELDS),
        "tree": [_encode_org(org) for org in snapshot.tree],
        "projectId": snapshot.project_id,
        "unread": snapshot.unread,
        "theme": snapshot.theme,
        "board": {
            "project": [board.project.id, board.project.name, board.project.key_prefix],
            "scope": [board.scope.id, board.scope.name, board.scope.is_default, board.scope.active_view],
            "columns": [[c.id, c.name, c.order, c.category, c.wip_limit] for c in board.columns],
            "cards": {
                column_id: [_encode_card(card) for card in cards[:SHOWN_PER_COLUMN]]
                for column_id, cards in board.cards.items()
            },
            "notShown": {
                column_id: len(cards) - SHOWN_PER_COLUMN
                for column_id, cards in board.cards.items()
                if len(cards) > SHOWN_PER_COLUMN
            },
            "people": board.people,
            "labels": [[label.id, label.name, label.color] for label in board.labels.values()],
            "peopleDetails": {user_id: list(details) for user_id, details in board.people_details.items()},
        },
    }


def _encode_card(card: CardRow) -> list[Any]:
    values: list[Any] = [getattr(card, name) for name in _CARD_FIELDS]
    for index in _CARD_DATES:
        if values[index] is not None:
            values[index] = values[index].isoformat()
    values[_CARD_LABELS] = list(values[_CARD_LABELS])
    return values


def _encode_org(org: OrgNode) -> dict[str, Any]:
    return {
        "id": org.id, "name": org.name, "slug": org.slug, "role": org.role,
        "workspaces": [
            {
                "id": ws.id, "name": ws.name, "slug": ws.slug, "orgSlug": ws.org_slug,
                "isPersonal": ws.is_personal, "isAdmin": ws.is_admin,
                "projects": [[p.id, p.name, p.key_prefix, p.workspace_id] for p in ws.projects],
            }
            for ws in org.workspaces
        ],
    }


def save(data_dir: Path, database: Path, snapshot: StartSnapshot, generation: int) -> bool:
    """Write the snapshot (atomically, owner-only) if the closed database is still at ``generation``.

    Call it once the app has closed the database. Nothing is written (and an
    older snapshot is removed) when another connection keeps a WAL open or the
    count moved since the snapshot was read; returns whether it was written.
    """
    stamp = files_state(database)
    if not _no_wal(stamp) or read_closed_generation(database) != generation or files_state(database) != stamp:
        discard(data_dir)
        return False
    document = encode(snapshot)
    document["files"] = stamp
    target = snapshot_path(data_dir)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as out:
            json.dump(document, out, ensure_ascii=False, separators=(",", ":"))
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return True


def discard(data_dir: Path) -> None:
    """Remove the snapshot (the next start cannot use one)."""
    snapshot_path(data_dir).unlink(missing_ok=True)


# -- loading (at start, before the core) -----------------------------------------------


def load(data_dir: Path, database: Path) -> StartSnapshot | None:
    """The saved snapshot if the database is exactly as it was when it was read; None otherwise."""
    try:
        raw = snapshot_path(data_dir).read_bytes()
    except OSError:
        return None
    try:
        document = json.loads(raw)
        if (
            document.get("format") != FORMAT
            or document.get("version") != __version__
            or document.get("cardFields") != list(_CARD_FIELDS)
        ):
            return None
        state = files_state(database)
        if document.get("files") != state or not _no_wal(state):
            return None  # written since the exit (by anything), or open elsewhere
        return _decode(document)
    except (ValueError, TypeError, KeyError, IndexError, AttributeError):
        return None  # corrupt or hand-edited: start the usual way


def _decode(document: dict[str, Any]) -> StartSnapshot:
    board = document["board"]
    not_shown = board["notShown"]
    cards = {
        column_id: [_decode_card(values) for values in rows] + [_NOT_SHOWN] * int(not_shown.get(column_id, 0))
        for column_id, rows in board["cards"].items()
    }
    scope_board = ScopeBoard(
        project=BoardProject(*board["project"]),
        scope=BoardScope(*board["scope"]),
        columns=[ColumnRow(*values) for values in board["columns"]],
        cards=cards,
        people={str(k): str(v) for k, v in board["people"].items()},
        labels={values[0]: LabelRow(*values) for values in board["labels"]},
        people_details={str(k): (str(v[0]), str(v[1])) for k, v in board["peopleDetails"].items()},
    )
    unread, theme = document["unread"], document["theme"]
    if not isinstance(unread, int) or not (theme is None or isinstance(theme, str)):
        raise TypeError("unread or theme")
    return StartSnapshot(
        tree=[_decode_org(org) for org in document["tree"]],
        project_id=str(document["projectId"]),
        board=scope_board,
        unread=unread,
        theme=theme,
    )


# Stands for each card past SHOWN_PER_COLUMN: counted, never drawn (it is below the screen).
_NOT_SHOWN = CardRow(
    id="", key="", number=0, title="", column_id="", order=0, priority=None, status="todo", start_date=None,
    due_date=None, assignee_id=None, archived=False, checklist_total=0, checklist_done=0, comment_count=0,
    attachment_count=0, created_at=datetime.min, updated_at=datetime.min, completed_at=None,
)


def _decode_card(values: list[Any]) -> CardRow:
    if len(values) != len(_CARD_FIELDS):
        raise ValueError("card row of another shape")
    for index in _CARD_DATES:
        if values[index] is not None:
            values[index] = datetime.fromisoformat(values[index])
    values[_CARD_LABELS] = tuple(values[_CARD_LABELS])
    return CardRow(*values)


def _decode_org(org: dict[str, Any]) -> OrgNode:
    return OrgNode(
        id=org["id"], name=org["name"], slug=org["slug"], role=org["role"],
        workspaces=tuple(
            WorkspaceNode(
                id=ws["id"], name=ws["name"], slug=ws["slug"], org_slug=ws["orgSlug"],
                is_personal=ws["isPersonal"], is_admin=ws["isAdmin"],
                projects=tuple(ProjectNode(*p) for p in ws["projects"]),
            )
            for ws in org["workspaces"]
        ),
    )
