"""What a column's name says: the one rule on names, and the status category a name usually means.

- Column names are unique in a scope, compared trimmed and in any case
  ("Done", "done " and "DONE" clash), so a column can be picked by name in a
  filter, the CLI or an operation. The service enforces it; a form may check
  it early with the same words.
- A name such as "Done" or "Backlog" usually stands for a category: it is the
  default offered when a column is made by hand, and the category given to a
  reference-style imported column that names none. Only ever a default.
"""

from __future__ import annotations

from collections.abc import Iterable

from stellary_core.schemas.board import Category

# Names of the built-in templates' columns (a test keeps them in step) and a few common others.
_USUAL: dict[str, Category] = {
    **dict.fromkeys(("to do", "todo", "backlog", "sprint", "ready", "next", "ideas", "planning", "reported", "triaged"), "todo"),
    **dict.fromkeys(
        (
            "in progress", "doing", "wip", "review", "in review", "code review", "testing", "qa", "fixing",
            "verifying", "building", "launch", "writing", "editing", "scheduled", "blocked",
        ),
        "in_progress",
    ),
    **dict.fromkeys(("done", "complete", "completed", "closed", "shipped", "released", "launched", "published"), "done"),
}


def folded(name: str) -> str:
    """The form two names are compared in: trimmed and case folded."""
    return name.strip().casefold()


def usual_category(name: str) -> Category | None:
    return _USUAL.get(folded(name))


def clashing_name(name: str, others: Iterable[str]) -> str | None:
    """The name among ``others`` that ``name`` would repeat, if any."""
    wanted = folded(name)
    return next((other for other in others if folded(other) == wanted), None)


def clash_message(existing: str) -> str:
    return f"A column named '{existing}' already exists in this scope"
