"""The stats view: a dashboard of the scope's numbers and charts.

The numbers come from the ``get_view_stats`` operation in a worker (the UI
thread never queries); the view passes the ids of the filtered board so the
dashboard describes exactly the cards the other views show. The numbers are
shown as soon as they arrive; the charts are then built in a second worker
(plotext is slow) and painted when ready. It mounts one widget per tile and
per chart, a fixed handful whatever the number of cards.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Static

from stellary_core.operations.catalog.views import GetViewStats, ScopeBoard, ScopeStats
from stellary_tui.plurals import count
from stellary_tui.views.base import ViewContext
from stellary_tui.widgets.stats_charts import (
    NO_LABELS,
    Built,
    StatsChart,
    StatTile,
    build_chart,
    chart_draws,
    duration_tile,
    flow_legend,
)

# Said in words under the view's keys in the help (the keys come from BINDINGS).
HELP_NOTE = "The dashboard follows the filter: every number counts only the cards it shows."

WINDOWS = (30, 90)
NARROW_WIDTH = 100  # below this the charts stack in one column
TILES = (  # key, title, title when the tile is narrow
    ("total", "Cards", "Cards"),
    ("open", "Open", "Open"),
    ("done", "Done", "Done"),
    ("overdue", "Overdue", "Late"),
    ("blocked", "Blocked", "Blocked"),
    ("lead", "Lead time", "Lead"),
    ("cycle", "Cycle time", "Cycle"),
)
CHARTS = (
    ("flow", "Cumulative flow (cards per column at the end of each day)"),
    ("completions", "Completed per day"),
    ("columns", "Cards per column"),
    ("priorities", "Cards per priority"),
    ("assignees", "Cards per assignee"),
    ("labels", "Cards per label"),
)


class StatsView(VerticalScroll, can_focus=True, inherit_bindings=False):
    """Tiles and charts for the current scope; reloads whenever it is shown."""

    DEFAULT_CSS = """
    StatsView {
        height: 1fr;
        width: 1fr;
        background: $surface;
        padding: 0 1;
        scrollbar-gutter: stable;  /* a scrollbar appearing must not resize (and rebuild) every chart */
    }
    StatsView #stats-status {
        height: 1;
        color: $text-muted;
    }
    StatsView #stats-tiles {
        height: 5;
    }
    StatsView .stats-tile {
        width: 1fr;
        height: 5;
        border: round $panel-lighten-2;
        text-align: center;
    }
    StatsView #stats-message {
        height: auto;
        padding: 1 2;
        color: $text-muted;
        text-style: italic;
    }
    StatsView #stats-charts {
        grid-size: 2;
        grid-rows: 18 13 13 11;
        grid-gutter: 0 1;
        height: auto;
    }
    StatsView.narrow #stats-charts {
        grid-size: 1;
        grid-rows: 16 12 13 13 13 11;
    }
    StatsView .stats-chart {
        height: 100%;
        border: round $panel-lighten-2;
        border-title-color: $accent;
    }
    StatsView #chart-flow, StatsView #chart-labels {
        column-span: 2;
    }
    StatsView.narrow #chart-flow, StatsView.narrow #chart-labels {
        column-span: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Reload", id="stats.reload"),
        Binding("w", "toggle_window", "30/90 days", id="stats.window", tooltip="Window: last 30 or 90 days"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="stats.up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="stats.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="stats.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="stats.page_down"),
        Binding("home", "scroll_home", "Top", show=False, id="stats.top"),
        Binding("end", "scroll_end", "Bottom", show=False, id="stats.bottom"),  # G opens the agents
        Binding("tab", "next_chart", "Next chart", show=False, id="stats.next_chart"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.days = WINDOWS[0]
        self.stats: ScopeStats | None = None
        self.loading_stats = False
        self._board: ScopeBoard | None = None
        self._view_context: ViewContext | None = None
        self._request = 0  # answers to an older request are dropped
        self._asked: tuple[str, int, str] | None = None  # (scope, days, filter) of the latest request

    def compose(self) -> ComposeResult:
        yield Static("", id="stats-status")
        with Horizontal(id="stats-tiles"):
            for key, title, short_title in TILES:
                yield StatTile(title, short_title, id=f"tile-{key}", classes="stats-tile")
        yield Static("", id="stats-message")
        # The charts stay laid out (blank until the first answer) so that answer only repaints them.
        with Grid(id="stats-charts"):
            for key, title in CHARTS:
                chart = StatsChart(id=f"chart-{key}", classes="stats-chart")
                chart.border_title = title
                yield chart

    def on_mount(self) -> None:
        self.query_one("#stats-message").display = False
        self._status("Loading statistics…")

    def on_resize(self) -> None:
        if self.size.width:  # hidden views are resized to nothing: restyling them then is wasted work
            self.set_class(self.size.width < NARROW_WIDTH, "narrow")

    # -- data --------------------------------------------------------------

    def show(self, board: ScopeBoard, context: ViewContext) -> None:
        """Reload the statistics for this (possibly filtered) board."""
        self._board, self._view_context = board, context
        self.load(announce=False)

    def load(self, *, announce: bool = True) -> None:
        """Ask for the statistics; the loading line shows unless this only refreshes what is shown.

        A change anywhere reloads the board and so the dashboard: the numbers
        on screen stay until the new ones arrive rather than blinking to a
        loading line, unless the scope, filter or window changed (or ``announce``).
        """
        board, context, days = self._board, self._view_context, self.days
        if board is None or context is None:
            return
        card_ids = [card.id for card in board.all_cards()] if board.query else None
        asked = (context.scope_id, days, board.query.text if board.query else "")
        self._request += 1
        request = self._request
        self.loading_stats = True
        if announce or asked != self._asked or self.stats is None:
            self._status("Loading statistics…")
        self._asked = asked

        given = GetViewStats(
            workspace_id=context.workspace_id,
            project=context.project_id,
            scope_id=context.scope_id,
            card_ids=card_ids,
            days=days,
        )
        self.app.run_operation(  # type: ignore[attr-defined]
            "get_view_stats",
            given,
            then=lambda stats: self._loaded(request, stats),
            failed=lambda _error: self._failed(request),
            group="stats",
        )

    def _failed(self, request: int) -> None:
        if request == self._request:
            self.loading_stats = False
            self._status("Could not load the statistics (r to retry).")

    def _loaded(self, request: int, stats: ScopeStats) -> None:
        if request != self._request:
            return
        self.loading_stats = False
        unchanged = stats == self.stats  # a reload after an unrelated change: keep the charts as drawn
        self.stats = stats
        self._status(self._summary(stats))
        self._show_tiles(stats)
        empty = stats.total == 0
        message = self.query_one("#stats-message", Static)
        message.display = empty
        charts = self.query_one("#stats-charts")
        if charts.display == empty:
            charts.display = not empty
        if empty:
            filtered = self._board is not None and self._board.query is not None
            message.update(
                "No card matches the filter: change it with / to see statistics."
                if filtered
                else "No cards in this scope yet. Add some on the kanban view (1, then n) and their statistics appear here."
            )
        elif not unchanged:
            self._draw_charts(stats)

    def _status(self, text: str) -> None:
        self.query_one("#stats-status", Static).update(Text(text))

    def _summary(self, stats: ScopeStats) -> str:
        other = WINDOWS[1] if stats.days == WINDOWS[0] else WINDOWS[0]
        noun = "filtered card" if self._board is not None and self._board.query else "card"
        first, last = stats.window[0], stats.window[-1]
        return f"{count(stats.total, noun)} · last {count(stats.days, 'day')} ({first:%b %d} – {last:%b %d}) · w: {other} days · r: reload"

    def _show_tiles(self, stats: ScopeStats) -> None:
        values: dict[str, tuple[str, str, str]] = {
            "total": (str(stats.total), "bold", ""),
            "open": (str(stats.open), "bold", ""),
            "done": (str(stats.done), "bold green", ""),
            "overdue": (str(stats.overdue), "bold red", ""),
            "blocked": (str(stats.blocked), "bold yellow" if stats.blocked else "bold", ""),
            "lead": duration_tile(stats.lead_time),
            "cycle": duration_tile(stats.cycle_time),
        }
        for key, (number, style, detail) in values.items():
            self.tile(key).set(number, style, detail)

    def tile(self, key: str) -> StatTile:
        return self.query_one(f"#tile-{key}", StatTile)

    # -- charts ------------------------------------------------------------

    def chart(self, key: str) -> StatsChart:
        return self.query_one(f"#chart-{key}", StatsChart)

    def _draw_charts(self, stats: ScopeStats) -> None:
        """Give every chart its drawing; those already laid out are built in a worker, the others when painted."""
        draws = chart_draws(stats)
        jobs = {}
        for key, _title in CHARTS:
            chart, draw = self.chart(key), draws[key]
            laid_out = bool(chart.size.area)
            chart.show(draw, NO_LABELS if key == "labels" else "", pending=laid_out)
            if draw is not None and laid_out:
                jobs[key] = (draw, chart.plan())
        self.chart("flow").border_subtitle = flow_legend(stats)
        if not jobs:
            return

        def build() -> None:
            try:
                built = {key: (plan, build_chart(draw, plan)) for key, (draw, plan) in jobs.items()}
            except Exception:  # let the charts build (and fail visibly) when painted instead
                self.app.call_from_thread(self._charts_built, stats, {})
                raise
            self.app.call_from_thread(self._charts_built, stats, built)

        self.run_worker(build, thread=True, group="stats-charts", exit_on_error=False)

    def _charts_built(self, stats: ScopeStats, built: dict[str, Built]) -> None:
        if stats != self.stats:
            return  # newer numbers arrived meanwhile; their own build is on its way
        for key, _title in CHARTS:
            chart = self.chart(key)
            if key in built:
                chart.accept(built[key])
            elif chart.pending:
                chart.pending = False
                chart.refresh()

    # -- keys --------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    def action_toggle_window(self) -> None:
        self.days = WINDOWS[1] if self.days == WINDOWS[0] else WINDOWS[0]
        self.load()

    def action_next_chart(self) -> None:
        """Scroll the next chart to the top of the screen; from the bottom, back to the top."""
        charts = self.query_one("#stats-charts")
        if not charts.display:
            return
        top, bottom = round(self.scroll_y), round(self.max_scroll_y)
        for key, _title in CHARTS:
            y = charts.virtual_region.y + self.chart(key).virtual_region.y
            if y > top and top < bottom:
                self.scroll_to(y=min(y, bottom), animate=False)
                return
        self.scroll_to(y=0, animate=False)
