"""Rules in words, the editor's reading of conditions and refusals, and a rule named where its change is told."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from stellary_core.errors import Invalid
from stellary_tui.rule_words import FieldInfo, RuleTerms, action_words, conditions_words, ops_for, typed_value, value_choices
from stellary_tui.screens.rule_editor import Condition, flat_conditions, part_words, rule_error_text
from stellary_tui.widgets.card_activity import describe

TERMS = RuleTerms(
    columns={"c" * 24: "Done"},
    labels={"l" * 24: "bug"},
    members={"u" * 24: "Ada"},
    fields={"f" * 24: FieldInfo("f" * 24, "Team", "select", ("web", "api")), "n" * 24: FieldInfo("n" * 24, "Estimate", "number")},
)


@dataclass(frozen=True)
class Entry:
    type: str
    meta: dict[str, Any] = field(default_factory=dict)


def test_conditions_read_as_a_sentence_with_names_not_ids() -> None:
    said = conditions_words(
        {"all": [
            {"field": "priority", "op": "eq", "value": "high"},
            {"field": "labelIds", "op": "in", "value": ["l" * 24, "gone" * 6]},
            {"any": [{"field": "customField:" + "f" * 24, "op": "neq", "value": "web"}, {"field": "assigneeId", "op": "is_empty"}]},
        ]},
        TERMS,
    )
    assert said == "priority = high and label in {bug, (deleted)} and (Team ≠ web or assignee is empty)"
    assert conditions_words({"all": []}, TERMS) == "always"


def test_actions_read_as_what_they_do() -> None:
    assert action_words({"type": "move_card", "columnId": "c" * 24}, TERMS) == "move to Done"
    assert action_words({"type": "assign_user", "userId": "actor"}, TERMS) == "assign to whoever triggered it"
    assert action_words({"type": "notify", "userId": "u" * 24, "message": "Look"}, TERMS) == "notify Ada: “Look”"


def test_the_editor_offers_operators_and_values_that_fit_the_field() -> None:
    assert [op for op, _ in ops_for("labelIds", TERMS)] == ["contains", "in", "not_in", "is_empty", "is_not_empty"]
    assert [op for op, _ in ops_for("title", TERMS)] == ["contains", "eq", "neq"]
    assert value_choices("customField:" + "f" * 24, TERMS) == [("web", "web"), ("api", "api")]
    assert value_choices("title", TERMS) is None
    assert typed_value("customField:" + "n" * 24, "3", TERMS) == 3


def test_only_one_group_of_plain_conditions_is_edited_in_rows() -> None:
    assert flat_conditions({"any": [{"field": "title", "op": "contains", "value": "x"}]}) == ("any", [Condition("title", "contains", "x")])
    assert flat_conditions({"all": [{"any": []}]}) is None


def test_a_refusal_names_the_part_as_the_form_labels_it() -> None:
    assert part_words("conditions.all[1].value[0]") == "Condition 2, value"
    assert part_words("conditions.any[0].all[2].op") == "Condition 1.3, operator"
    assert part_words("action.columnId") == "Then, column"
    error = Invalid.field("action.columnId", f"'{'c' * 24}' is not a column of this project")
    assert rule_error_text(error, TERMS) == "Then, column: “Done” is not a column of this project"


def test_a_change_made_by_a_rule_names_the_rule() -> None:
    """In the notifications panel and the activity tab: the activity's meta says which rule made it."""
    moved = Entry("card_archived", {"automation": {"ruleId": "r" * 24, "name": "Done cards go low"}})
    assert describe(moved) == "archived it (rule “Done cards go low”)"
    told = Entry("automation_notified", {"ruleName": "Tell Ada", "message": "Review it", "automation": {"name": "Tell Ada"}})
    assert describe(told) == "rule “Tell Ada” says: Review it"
