"""Pilot tests of the stats view: its numbers against the service, the window, the filter, reloads and scrolling."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime

import pytest
from sqlalchemy import select
from textual.pilot import Pilot

from stellary_core.db import Database
from stellary_core.models import BoardColumn, Card
from stellary_core.principal import Principal
from stellary_core.schemas.board import CardCreateIn
from stellary_core.services import cards, seeding
from stellary_core.services.stats import ScopeStats, scope_stats
from stellary_tui.screens.main import MainScreen
from stellary_tui.views.stats_view import StatsView
from stellary_tui.widgets.stats_charts import StatsChart
from tests.tui.conftest import SIZE, make_app, settle

pytestmark = pytest.mark.anyio

Demo = tuple[Database, Principal, str, str]


def _service_stats(demo: Demo, *, days: int = 30, card_ids: set[str] | None = None) -> ScopeStats:
    db, actor, workspace_id, project_id = demo
    with db.session() as session:
        return scope_stats(
            session, actor=actor, workspace_id=workspace_id, project_id=project_id, scope_id=None, card_ids=card_ids, days=days
        )


async def _open_stats(pilot: Pilot[None]) -> StatsView:
    await settle(pilot)
    await pilot.press("5")
    await settle(pilot)
    view = pilot.app.screen.query_one(StatsView)
    assert pilot.app.focused is view
    return view


async def _wait_for(pilot: Pilot[None], condition: Callable[[], bool], limit: float = 20.0) -> None:
    """Let the change reach the screen (the watcher and the reload are debounced); fail if it never does."""
    give_up = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < give_up, "the dashboard never showed the change"
        await pilot.pause(0.05)


def _tile_text(view: StatsView, key: str) -> str:
    return view.tile(key).render().plain  # type: ignore[union-attr]


def _chart_text(view: StatsView, key: str) -> str:
    chart = view.query_one(f"#chart-{key}", StatsChart)
    if chart.draw is None:
        return chart.message
    return chart.render().plain  # type: ignore[union-attr]


def _status(view: StatsView) -> str:
    return str(view.query_one("#stats-status").render())


async def test_the_dashboard_shows_the_service_numbers_for_the_demo_data(demo: Demo) -> None:
    expected = _service_stats(demo)
    assert expected.total == 24  # the demo project: nothing filtered
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        assert view.stats == expected
        for key, number in (
            ("total", expected.total),
            ("open", expected.open),
            ("done", expected.done),
            ("overdue", expected.overdue),
            ("blocked", expected.blocked),
        ):
            assert _tile_text(view, key).split("\n")[0] == str(number), key
        assert expected.lead_time.median_days is not None and expected.lead_time.average_days is not None
        lead = _tile_text(view, "lead").split("\n")
        assert lead[0] == f"{expected.lead_time.median_days:.1f} d"
        assert lead[2] == f"avg {expected.lead_time.average_days:.1f} d"
        assert _tile_text(view, "cycle").split("\n")[0] == "–"  # seeded cards have no history of starting
        assert _status(view).startswith("24 cards · last 30 days (Oct 30 – Nov 28)")
        columns = _chart_text(view, "columns")
        for count in expected.by_column:
            assert count.name in columns
        people = _chart_text(view, "assignees")
        assert all(count.name in people for count in expected.by_assignee[:3])
        assert "No labels on these cards" in _chart_text(view, "labels")
        assert "Nov 28" in _chart_text(view, "flow") and "Nov 28" in _chart_text(view, "completions")


async def test_w_switches_the_window_between_30_and_90_days(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        await pilot.press("w")
        await settle(pilot)
        assert view.stats == _service_stats(demo, days=90)
        assert len(view.stats.window) == 90 and "last 90 days" in _status(view)
        await pilot.press("w")
        await settle(pilot)
        assert view.stats is not None and view.stats.days == 30 and "last 30 days" in _status(view)


async def test_the_filter_narrows_every_number(demo: Demo) -> None:
    db = demo[0]
    with db.session() as session:
        high = set(session.scalars(select(Card.id).where(Card.priority == "high", Card.archived.is_(False))))
    assert 0 < len(high) < 24
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        await pilot.press("slash", *"priority:high", "enter")
        await settle(pilot)
        assert view.stats == _service_stats(demo, card_ids=high)
        assert view.stats.total == len(high)
        assert _tile_text(view, "total").split("\n")[0] == str(len(high))
        assert [c.key for c in view.stats.by_priority if c.count] == ["high"]
        assert f"{len(high)} filtered cards" in _status(view)
        assert app.focused is view


async def test_a_filter_that_matches_nothing_says_so_instead_of_drawing_empty_charts(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        await pilot.press("slash", *"nosuchwordanywhere", "enter")
        await settle(pilot)
        assert view.stats is not None and view.stats.total == 0
        assert not view.query_one("#stats-charts").display
        message = view.query_one("#stats-message")
        assert message.display and "No card matches the filter" in str(message.render())
        assert _tile_text(view, "total").split("\n")[0] == "0"


async def test_an_empty_scope_shows_zeros_and_a_message(db: Database, frozen: datetime) -> None:
    with db.session(write=True) as session:
        seeding.create_demo_profile(session, cards=0)
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        assert view.stats is not None and view.stats.total == 0
        for key in ("total", "open", "done", "overdue", "blocked"):
            assert _tile_text(view, key).split("\n")[0] == "0"
        assert _tile_text(view, "lead").split("\n")[0] == "–"
        assert not view.query_one("#stats-charts").display
        assert "No cards in this scope yet" in str(view.query_one("#stats-message").render())


async def test_r_reloads_the_statistics(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        before = view.stats
        await pilot.press("r")
        await settle(pilot)
        assert view.stats is not before and view.stats == before
        assert app.focused is view


async def test_a_change_elsewhere_refreshes_the_dashboard_and_keeps_the_focus(demo: Demo) -> None:
    db, actor, workspace_id, project_id = demo
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        assert view.stats is not None and view.stats.total == 24
        with db.session(write=True) as session:
            column_id = session.scalars(select(BoardColumn.id).where(BoardColumn.project_id == project_id)).first()
            assert column_id is not None
            cards.create_card(
                session, actor=actor, workspace_id=workspace_id, project_id=project_id, column_id=column_id,
                data=CardCreateIn(title="Made elsewhere"),
            )
        await _wait_for(pilot, lambda: view.stats is not None and view.stats.total == 25)
        await settle(pilot)
        assert _tile_text(view, "total").split("\n")[0] == "25"
        assert app.focused is view


async def test_keys_scroll_a_dashboard_taller_than_the_screen(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        assert view.max_scroll_y > 0
        await pilot.press("down", "j")
        assert view.scroll_y == 2
        await pilot.press("up")
        assert view.scroll_y == 1
        await pilot.press("end")
        assert view.scroll_y == view.max_scroll_y
        await pilot.press("home")
        assert view.scroll_y == 0
        await pilot.press("pagedown")
        assert view.scroll_y == view.max_scroll_y  # less than a page below
        await pilot.press("pageup")
        assert view.scroll_y == 0


async def test_tab_scrolls_to_the_next_chart_and_from_the_bottom_back_to_the_top(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=(110, 50)) as pilot:
        view = await _open_stats(pilot)
        assert view.has_class("narrow")  # one chart per row at this width
        grid_top = view.query_one("#stats-charts").virtual_region.y
        tops = [grid_top + chart.virtual_region.y for chart in view.query(StatsChart)]
        assert tops == sorted(tops) and len(set(tops)) == 6 and tops[0] > 0  # the tiles come first
        bottom = view.max_scroll_y
        expected = sorted({min(y, bottom) for y in tops})
        for y in expected:
            await pilot.press("tab")
            assert view.scroll_y == y
        await pilot.press("tab")
        assert view.scroll_y == 0
        assert app.focused is view


async def test_a_loading_line_shows_until_the_numbers_arrive(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        view.action_toggle_window()  # no await: the answer cannot have been handed back yet
        assert _status(view) == "Loading statistics…" and view.loading_stats
        await settle(pilot)
        assert not view.loading_stats and "last 90 days" in _status(view)
        view.action_reload()
        assert _status(view) == "Loading statistics…"
        await settle(pilot)
        assert "last 90 days" in _status(view)


async def test_a_refresh_of_the_same_scope_keeps_the_numbers_on_screen_until_new_ones_arrive(demo: Demo) -> None:
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        screen = app.screen
        assert isinstance(screen, MainScreen)
        shown = _status(view)
        board, context = screen.view_board, screen.view_context()
        assert board is not None and context is not None
        view.show(board, context)  # what the main screen does after any change
        assert view.loading_stats and _status(view) == shown and _tile_text(view, "total").startswith("24")
        await settle(pilot)
        assert not view.loading_stats and _status(view) == shown


async def test_only_the_latest_request_is_shown(demo: Demo) -> None:
    """Two quick toggles: whichever answer comes back last, the dashboard shows the 30-day window asked last."""
    app = make_app(demo[0])
    async with app.run_test(size=SIZE) as pilot:
        view = await _open_stats(pilot)
        await pilot.press("w", "w")
        await settle(pilot)
        assert view.stats is not None and view.stats.days == 30 and "last 30 days" in _status(view)
