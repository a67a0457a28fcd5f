"""The filter language: parsing every term kind, quoting, combining, errors, and in-memory matching."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pytest

from stellary_core.errors import Invalid
from stellary_core.filters import (
    CardQuery,
    Condition,
    DueRange,
    FilterContext,
    Keyword,
    Person,
    Value,
    matches,
    parse,
)


def only(query: CardQuery) -> Condition:
    assert len(query.conditions) == 1, query.conditions
    return query.conditions[0]


def error_of(text: str) -> Invalid:
    with pytest.raises(Invalid) as caught:
        parse(text)
    return caught.value


# -- parsing ------------------------------------------------------------------


def test_empty_and_blank_text_give_an_empty_query() -> None:
    assert not parse("")
    assert not parse(None)
    assert not parse("   ")
    assert parse("   ").conditions == ()


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("priority:high", ("high",)),
        ("priority:LOW", ("low",)),
        ("priority:medium", ("medium",)),
        ("priority:none", (Keyword("none"),)),
    ],
)
def test_priority_values(text: str, values: tuple[Value, ...]) -> None:
    assert only(parse(text)) == Condition("priority", values, False, text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("status:todo", "todo"), ("status:in_progress", "in_progress"), ("status:in-progress", "in_progress"), ("status:Done", "done")],
)
def test_status_values_and_alias(text: str, value: str) -> None:
    assert only(parse(text)).values == (value,)


def test_label_names_and_keywords() -> None:
    assert only(parse("label:bug")).values == ("bug",)
    assert only(parse("label:none")).values == (Keyword("none"),)
    assert only(parse("label:any")).values == (Keyword("any"),)
    # Quoting keeps a keyword literal: the label named "none".
    assert only(parse('label:"none"')).values == ("none",)


def test_assignee_values() -> None:
    assert only(parse("assignee:me")).values == (Keyword("me"),)
    assert only(parse("assignee:none")).values == (Keyword("none"),)
    assert only(parse("assignee:any")).values == (Keyword("any"),)
    assert only(parse("assignee:bob@example.com")).values == ("bob@example.com",)
    assert only(parse('assignee:"Bob Smith"')).values == ("Bob Smith",)
    assert only(parse('assignee:"me"')).values == ("me",)


def test_column_names_may_be_quoted() -> None:
    assert only(parse('column:"In Review"')).values == ("In Review",)
    assert only(parse("column:Backlog")).values == ("Backlog",)


def test_is_values() -> None:
    for value in ("archived", "active", "blocked", "open"):
        assert only(parse(f"is:{value}")).values == (value,)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("due:<2026-12-01", DueRange(end=datetime(2026, 12, 1))),
        ("due:<=2026-12-01", DueRange(end=datetime(2026, 12, 2))),
        ("due:>2026-12-01", DueRange(start=datetime(2026, 12, 2))),
        ("due:>=2026-12-01", DueRange(start=datetime(2026, 12, 1))),
        ("due:2026-12-01", DueRange(datetime(2026, 12, 1), datetime(2026, 12, 2))),
        ("due:2026-12-01..2026-12-31", DueRange(datetime(2026, 12, 1), datetime(2027, 1, 1))),
        ("due:>9999-12-30", DueRange(start=datetime(9999, 12, 31))),
        ("due:<=9999-12-30", DueRange(end=datetime(9999, 12, 31))),
        ("due:today", Keyword("today")),
        ("due:overdue", Keyword("overdue")),
        ("due:none", Keyword("none")),
        ("due:any", Keyword("any")),
    ],
)
def test_due_values(text: str, value: object) -> None:
    assert only(parse(text)).values == (value,)


def test_free_text_words_and_quoted_phrases() -> None:
    query = parse('login "error page" KEY-12')
    assert [(c.key, c.values) for c in query.conditions] == [
        ("text", ("login",)),
        ("text", ("error page",)),
        ("text", ("KEY-12",)),
    ]
    # A quoted term with a colon is text, not a filter.
    assert only(parse('"http://example.com"')) == Condition("text", ("http://example.com",), False, '"http://example.com"')


def test_keys_are_case_insensitive() -> None:
    assert only(parse("Priority:High")).key == "priority"


def test_repeated_set_keys_merge_into_one_or_group() -> None:
    query = parse("priority:high label:bug priority:medium label:ui priority:high")
    assert [(c.key, c.values) for c in query.conditions] == [
        ("priority", ("high", "medium")),
        ("label", ("bug", "ui")),
    ]
    assert query.conditions[0].source == "priority:high priority:medium priority:high"


def test_due_is_and_text_terms_stay_separate_so_they_all_hold() -> None:
    query = parse("due:>2026-01-01 due:<2026-02-01 is:open is:blocked alpha beta")
    assert [c.key for c in query.conditions] == ["due", "due", "is", "is", "text", "text"]


def test_commas_give_alternatives_within_one_term() -> None:
    assert only(parse("priority:high,medium")).values == ("high", "medium")
    assert only(parse("due:today,overdue")).values == (Keyword("today"), Keyword("overdue"))
    # Inside quotes a comma is part of the name.
    assert only(parse('label:"a,b",c')).values == ("a,b", "c")


def test_negation_makes_its_own_condition() -> None:
    query = parse("label:bug -label:wontfix -priority:low -draft")
    assert [(c.key, c.values, c.negated) for c in query.conditions] == [
        ("label", ("bug",), False),
        ("label", ("wontfix",), True),
        ("priority", ("low",), True),
        ("text", ("draft",), True),
    ]
    assert only(parse('-"two words"')) == Condition("text", ("two words",), True, '-"two words"')


def test_decides_archived_only_with_archived_or_active_terms() -> None:
    assert parse("is:archived").decides_archived
    assert parse("-is:archived").decides_archived
    assert parse("is:active").decides_archived
    assert not parse("is:blocked priority:high").decides_archived


def test_text_is_kept_stripped() -> None:
    assert parse("  priority:high  ").text == "priority:high"


# -- errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("owner:bob", "owner:bob"),
        ("priority:urgent", "priority:urgent"),
        ("status:blocked", "status:blocked"),
        ("is:pinned", "is:pinned"),
        ("due:2026-13-01", "due:2026-13-01"),
        ("due:<tomorrow", "due:<tomorrow"),
        ("due:01/02/2026", "due:01/02/2026"),
        ("due:2026-02-01..2026-01-01", "due:2026-02-01..2026-01-01"),
        ("label:", "label:"),
        ("priority:high,", "priority:high,"),
        ("due:9999-12-31", "due:9999-12-31"),
        ("due:<=9999-12-31", "due:<=9999-12-31"),
        ("due:9999-12-30..9999-12-31", "due:9999-12-30..9999-12-31"),
    ],
)
def test_bad_terms_are_invalid_and_named(text: str, names: str) -> None:
    error = error_of(f"alpha {text} beta")
    assert error.status == 400
    assert f"'{names}'" in error.message
    assert error.details[0].field == "q"


def test_unclosed_quote_is_invalid() -> None:
    assert "unclosed quote" in error_of('label:"In Review').message


def test_lone_dash_is_invalid() -> None:
    assert "'-'" in error_of("alpha - beta").message


def test_field_name_is_the_callers() -> None:
    with pytest.raises(Invalid) as caught:
        parse("nope:x", field_name="query")
    assert caught.value.details[0].field == "query"
    assert caught.value.message.startswith("query: unknown filter 'nope:'")


def test_too_long_or_too_many_terms() -> None:
    assert "longer than" in error_of("x" * 1001).message
    assert "more than 50 terms" in error_of(" ".join(["w"] * 51)).message


# -- matching in memory ---------------------------------------------------


@dataclass
class FakeCard:
    """The attributes of a Card that matching reads."""

    id: str = "c1"
    key: str = "QL-7"
    title: str = "Fix login page"
    description: str | None = None
    priority: str | None = "high"
    status: str = "todo"
    due_date: datetime | None = None
    assignee_id: str | None = None
    column_id: str = "col-todo"
    archived: bool = False


@dataclass
class FakeDetails:
    card: FakeCard
    label_ids: list[str] = field(default_factory=list)
    blocked_by_count: int = 0


NOW = datetime(2026, 3, 10, 12, 0)
CONTEXT = FilterContext(
    now=NOW,
    me="u-alice",
    labels={"l-bug": "Bug", "l-ui": "UI"},
    columns={"col-todo": "To Do", "col-review": "In Review"},
    people=[Person("u-alice", "alice@example.com", "Alice"), Person("u-bob", "bob@example.com", "Bob Smith")],
)


def hit(text: str, **card: object) -> bool:
    labels = card.pop("label_ids", [])
    blocked = card.pop("blocked_by_count", 0)
    details = FakeDetails(FakeCard(**card), labels, blocked)  # type: ignore[arg-type]
    return matches(details, parse(text), CONTEXT)


def test_match_priority_and_negation_keep_cards_without_priority() -> None:
    assert hit("priority:high")
    assert not hit("priority:low")
    assert hit("priority:low,high")
    assert hit("priority:none", priority=None)
    assert hit("-priority:high", priority=None)
    assert not hit("-priority:high")


def test_match_labels_by_name_any_case() -> None:
    assert hit("label:bug", label_ids=["l-bug"])
    assert hit("label:BUG label:ui", label_ids=["l-ui"])
    assert not hit("label:bug", label_ids=["l-ui"])
    assert not hit("label:unknown", label_ids=["l-ui"])
    assert hit("label:none")
    assert not hit("label:any")
    assert hit("-label:bug", label_ids=["l-ui"])


def test_match_assignee() -> None:
    assert hit("assignee:me", assignee_id="u-alice")
    assert not hit("assignee:me", assignee_id="u-bob")
    assert hit("assignee:none")
    assert hit("assignee:any", assignee_id="u-bob")
    assert hit("assignee:BOB@example.com", assignee_id="u-bob")
    assert hit('assignee:"bob smith"', assignee_id="u-bob")
    assert hit("assignee:bob", assignee_id="u-bob")  # the email's local part
    assert not hit("assignee:bob", assignee_id=None)


def test_match_due_dates() -> None:
    assert hit("due:<2026-03-10", due_date=datetime(2026, 3, 9))
    assert not hit("due:<2026-03-10", due_date=datetime(2026, 3, 10))
    assert hit("due:<=2026-03-10", due_date=datetime(2026, 3, 10, 23, 0))
    assert hit("due:>2026-03-10", due_date=datetime(2026, 3, 11))
    assert not hit("due:>2026-03-10", due_date=datetime(2026, 3, 10, 23, 0))
    assert hit("due:2026-03-10", due_date=datetime(2026, 3, 10, 8, 0))
    assert hit("due:>2026-03-01 due:<2026-03-31", due_date=datetime(2026, 3, 15))
    assert not hit("due:>2026-03-01 due:<2026-03-31", due_date=datetime(2026, 4, 15))
    assert not hit("due:<2026-03-10")  # no due date never compares
    assert hit("-due:<2026-03-10")
    assert hit("due:none") and not hit("due:any")
    assert hit("due:today", due_date=datetime(2026, 3, 10))
    assert not hit("due:today", due_date=datetime(2026, 3, 11))


def test_match_overdue_is_due_before_today_and_not_done() -> None:
    assert hit("due:overdue", due_date=datetime(2026, 3, 9, 23, 59))
    assert not hit("due:overdue", due_date=datetime(2026, 3, 10))  # due today: not overdue yet
    assert not hit("due:overdue", due_date=datetime(2026, 3, 9), status="done")
    assert not hit("due:overdue", due_date=datetime(2026, 3, 11))


def test_match_status_column_and_is() -> None:
    assert hit("status:todo") and not hit("status:done")
    assert hit('column:"in review"', column_id="col-review")
    assert not hit('column:"In Review"')
    assert hit("is:open") and not hit("is:open", status="done")
    assert hit("is:blocked", blocked_by_count=1) and not hit("is:blocked")


def test_match_archived_only_when_the_query_decides() -> None:
    assert not hit("priority:high", archived=True)
    assert hit("is:archived", archived=True)
    assert not hit("is:archived")
    assert matches(FakeDetails(FakeCard(archived=True)), parse(""), CONTEXT, include_archived=True)


def test_match_free_text_in_title_description_and_key() -> None:
    assert hit("LOGIN")
    assert hit("qL-7")
    assert hit("session", description="The session expires")
    assert hit("fix page")
    assert not hit("fix signup")
    assert hit('"login page"') and not hit('"page login"')
    assert hit("-signup") and not hit("-login")
