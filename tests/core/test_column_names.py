"""The rule on column names and the usual category of a name (stellary_core.column_names)."""

from __future__ import annotations

import pytest

from stellary_core.column_names import clash_message, clashing_name, usual_category
from stellary_core.services.templates import DEFAULT_COLUMNS, TEMPLATES


def test_every_template_column_has_its_usual_category() -> None:
    """A column made by hand as "Review" gets the category the scrum template gives its "Review"."""
    columns = {column for template in TEMPLATES for column in template.columns} | set(DEFAULT_COLUMNS)
    assert [(c.name, c.category) for c in columns if usual_category(c.name) != c.category] == []


@pytest.mark.parametrize(
    ("name", "category"),
    [("Done", "done"), ("  to do ", "todo"), ("IN PROGRESS", "in_progress"), ("Backlog", "todo"), ("Parking", None)],
)
def test_usual_category(name: str, category: str | None) -> None:
    assert usual_category(name) == category


def test_names_clash_trimmed_and_in_any_case() -> None:
    assert clashing_name(" done ", ["To Do", "Done"]) == "Done"
    assert clashing_name("DONE", ["done"]) == "done"
    assert clashing_name("Done soon", ["Done"]) is None
    assert clash_message("Done") == "A column named 'Done' already exists in this scope"
