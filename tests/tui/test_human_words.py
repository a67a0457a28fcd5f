"""Messages in the words of the screen: form labels and hints instead of wire names, counts with the right plural."""

from __future__ import annotations

from datetime import datetime

import pytest
from pydantic import ValidationError
from sqlalchemy import select
from textual.widgets import Input, OptionList, Select
from textual.widgets._toast import Toast

from stellary_core.db import Database
from stellary_core.errors import Conflict, FieldError, Invalid
from stellary_core.models import Card
from stellary_core.operations.catalog.board import UpdateCard
from stellary_core.operations.catalog.scopes import CreateScope
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardUpdateIn
from stellary_core.schemas.scopes import ScopeCreateIn
from stellary_core.services import cards
from stellary_tui.human_errors import error_text, validation_text
from stellary_tui.plurals import count
from stellary_tui.screens.card_editor import CardEditor
from stellary_tui.views.kanban import KanbanBoard
from stellary_tui.widgets.top_bar import TopBar
from tests.tui.conftest import SIZE, add_cards, make_app, settle

pytestmark = pytest.mark.anyio
Demo = tuple[Database, Principal, str, str]


def _problem(data: dict[str, object]) -> str:
    with pytest.raises(ValidationError) as caught:
        CardUpdateIn.model_validate(data)
    return validation_text(caught.value)


def test_a_bad_date_names_the_form_field_and_the_format_to_use() -> None:
    assert _problem({"startDate": "tomorrow"}) == "Start date: use YYYY-MM-DD"


def test_every_problem_is_said_not_only_the_first() -> None:
    assert _problem({"title": "", "dueDate": "2026-13-01"}) == "Title: cannot be empty\nDue date: use YYYY-MM-DD"


def test_pydantic_wording_becomes_a_hint() -> None:
    assert _problem({"priority": "urgent"}) == "Priority: pick low, medium or high"
    assert _problem({"title": "x" * 600}) == "Title: is too long (500 characters at most)"


def test_wire_names_inside_a_message_read_as_labels() -> None:
    assert error_text(Invalid.field("dueDate", "must not be before startDate")) == "Due date: must not be before the start date"
    assert error_text(Invalid.field("moveCardsTo", "must be another column of this project")) == (
        "Move the cards to: must be another column of this project"
    )


def test_context_around_a_field_problem_is_kept_whole() -> None:
    wrapped = Invalid(
        "plan.json is not a project Stellary can import — cards.3.dueDate: must be an ISO-8601 date or date-time",
        details=[FieldError("cards.3.dueDate", "must be an ISO-8601 date or date-time")],
    )
    assert error_text(wrapped) == "plan.json is not a project Stellary can import — Due date (cards #4): use YYYY-MM-DD"


def test_an_error_without_details_is_left_as_written() -> None:
    assert error_text(Invalid("The column still holds cards")) == "The column still holds cards"


def test_a_conflicts_details_for_programs_stay_out_of_its_message() -> None:
    stale = Conflict("DP-3 was changed by Ada since", details=[FieldError("expectedUpdatedAt", "the card is now at …")])
    assert error_text(stale) == "DP-3 was changed by Ada since"


def test_counts_take_the_plural_only_when_not_one() -> None:
    assert [count(n, "card") for n in (0, 1, 2)] == ["0 cards", "1 card", "2 cards"]
    assert count(1, "person") == "1 person" and count(3, "person") == "3 people"


async def test_a_refused_operation_is_notified_in_the_forms_words(demo: Demo) -> None:
    db, _actor, workspace_id, project_id = demo
    with db.session() as session:
        card_id = session.scalars(select(Card.id).where(Card.project_id == project_id)).first()
    assert card_id is not None
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        change = CardUpdateIn(start_date=datetime(2026, 12, 10), due_date=datetime(2026, 12, 1))
        app.run_operation(
            "update_card", UpdateCard(workspace_id=workspace_id, project=project_id, card=card_id, data=change)
        )
        await settle(pilot)
        assert [n.message for n in app._notifications] == ["Due date: must not be before the start date"]


async def test_a_board_of_one_card_says_1_card(empty_project: Database) -> None:
    add_cards(empty_project, "The only one")
    app = make_app(empty_project)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.screen.query_one(TopBar).status == "1 card"


async def test_the_activity_tab_shows_old_and_new_values(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        card = app.screen.query_one(KanbanBoard).current_card
        assert card is not None
        with db.session(write=True) as session:
            cards.update_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, card_id=card.id,
                data=CardUpdateIn(priority="low", due_date=datetime(2026, 12, 3)),
            )
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.query_one("#priority", Select).value = "high"
        editor.query_one("#due-date", Input).value = "2026-12-10"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, CardEditor)
        editor.show_tab("tab-activity")
        await settle(pilot)
        newest = str(editor.query_one("#activity-list", OptionList).get_option_at_index(0).prompt)
        assert newest.endswith("changed priority low → high and due Dec 3 → Dec 10"), newest


async def test_a_message_quoting_brackets_is_shown_whole(demo: Demo) -> None:
    db, _actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        given = CreateScope(workspace_id=workspace_id, project=project_id, data=ScopeCreateIn(name="[Q1] plan"))
        app.run_operation("create_scope", given)
        await settle(pilot)
        app.run_operation("create_scope", given)  # the same name again: refused, naming it
        await settle(pilot)
        app.notify("Closing tags such as [/] are text too")
        await settle(pilot)
        shown = [toast.render().plain for toast in app.screen.query(Toast)]
        assert any("A scope named '[Q1] plan' already exists" in text for text in shown), shown
        assert any("[/] are text too" in text for text in shown), shown


async def test_a_long_message_stays_long_enough_to_read(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.notify("Short.")
        app.notify("word " * 60)
        await pilot.pause()
        short, long = app._notifications
        assert short.timeout == app.NOTIFICATION_TIMEOUT
        assert long.timeout >= 300 / 15
