"""The stats view: a dashboard of the scope's numbers and charts.

The numbers come from ``stellary_core.services.stats`` in a worker (the UI
thread never queries); the view passes the ids of the filtered board so the
dashboard describes exactly the cards the other views show. It mounts one
widget per tile and per chart, a fixed handful whatever the number of cards.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import ClassVar

from rich.align import Align
from rich.text import Text
from sqlalchemy.orm import Session
from textual.app import ComposeResult, RenderResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.markup import escape
from textual.widget import Widget
from textual.widgets import Static
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from stellary_core.principal import Principal
from stellary_core.services.board import Board
from stellary_core.services.stats import Count, Duration, ScopeStats, scope_stats
from stellary_tui.views.base import ViewContext

HELP = """\
## Stats view

| Key | Action |
| --- | --- |
| `r` | Reload the statistics |
| `w` | Window: last 30 / last 90 days |
| `↑` `↓` `j` `k` | Scroll |
| `PgUp` `PgDn` `Home` `End` | Scroll by page, to the top, to the bottom |
| `tab` | Scroll to the next chart |

The dashboard follows the filter (`/`): every number counts only the cards it shows.
"""

WINDOWS = (30, 90)
MAX_BARS = 8  # more names than this and the rest are summed as "Others"
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
# Flow bands from the first column down; the last (done) band is green so finished work reads at once.
# Plotext colour names are ANSI colours ("orange" is ANSI yellow); the legend names the same ANSI colour.
FLOW_COLORS = ("blue", "cyan", "magenta", "orange", "red", "white")
LEGEND_COLORS = {
    "blue": "ansi_blue",
    "cyan": "ansi_cyan",
    "magenta": "ansi_magenta",
    "orange": "ansi_yellow",
    "red": "ansi_red",
    "white": "ansi_bright_white",
    "green": "ansi_green",
}
PRIORITY_COLORS = {"high": "red", "medium": "orange", "low": "cyan", None: "gray"}


Draw = Callable[[Plot, int, int], None]  # (plot, width, height) -> plotext calls


class StatsChart(PlotextPlot):
    """A plotext chart drawn at render time from its current size.

    Drawing once the size is known lets bar charts put exactly one bar per
    row and keep only as many bars as fit; the drawing is a pure function of
    the data and the size, so a snapshot is the same on every run. Plotext
    builds are slow (tens of milliseconds for a filled chart), so the last
    build is kept until the data, the size or the theme changes.
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.draw: Draw | None = None
        self.message = ""  # shown instead of a chart with nothing to plot
        self._built: tuple[object, RenderResult] | None = None

    def show(self, draw: Draw | None, message: str = "") -> None:
        self.draw, self.message = draw, message
        self._built = None
        self.refresh()

    def render(self) -> RenderResult:
        if self.draw is None:
            return Align.center(Text(self.message, style="italic"), vertical="middle")
        key = (self.size, self.theme, self.app.theme)
        if self._built is not None and self._built[0] == key:
            return self._built[1]
        self.plt.clear_figure()
        self.draw(self.plt, self.size.width, self.size.height)
        built = super().render()
        self._built = (key, built)
        return built


class StatTile(Widget):
    """One number with its title and a detail line (the title shortens when the tile is narrow)."""

    def __init__(self, title: str, short_title: str, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.title = title
        self.short_title = short_title
        self.number = "…"
        self.number_style = "bold"
        self.detail = ""

    def set(self, number: str, style: str, detail: str = "") -> None:
        self.number, self.number_style, self.detail = number, style, detail
        self.refresh()

    def render(self) -> RenderResult:
        width = self.size.width
        title = self.title if len(self.title) <= width else self.short_title
        detail = self.detail if len(self.detail) <= width else self.detail.replace("avg ", "~")
        text = Text(justify="center")
        text.append(self.number, style=self.number_style)
        text.append(f"\n{title}")
        text.append(f"\n{detail}", style="dim")
        return text


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
        Binding("w", "toggle_window", "30/90 days", id="stats.window"),
        Binding("up,k", "scroll_up", "Scroll up", show=False, id="stats.up"),
        Binding("down,j", "scroll_down", "Scroll down", show=False, id="stats.down"),
        Binding("pageup", "page_up", "Page up", show=False, id="stats.page_up"),
        Binding("pagedown", "page_down", "Page down", show=False, id="stats.page_down"),
        Binding("home,g", "scroll_home", "Top", show=False, id="stats.top"),
        Binding("end,G", "scroll_end", "Bottom", show=False, id="stats.bottom"),
        Binding("tab", "next_chart", "Next chart", show=False, id="stats.next_chart"),
    ]

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.days = WINDOWS[0]
        self.stats: ScopeStats | None = None
        self.loading_stats = False
        self._board: Board | None = None
        self._view_context: ViewContext | None = None
        self._request = 0  # answers to an older request are dropped

    def compose(self) -> ComposeResult:
        yield Static("", id="stats-status")
        with Horizontal(id="stats-tiles"):
            for key, title, short_title in TILES:
                yield StatTile(title, short_title, id=f"tile-{key}", classes="stats-tile")
        yield Static("", id="stats-message")
        with Grid(id="stats-charts"):
            for key, title in CHARTS:
                chart = StatsChart(id=f"chart-{key}", classes="stats-chart")
                chart.border_title = title
                yield chart

    def on_mount(self) -> None:
        # The charts stay laid out (blank until the first answer) so that answer only repaints them.
        self.query_one("#stats-message").display = False
        self._status("Loading statistics…")

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW_WIDTH, "narrow")

    # -- data --------------------------------------------------------------

    def show(self, board: Board, context: ViewContext) -> None:
        """Reload the statistics for this (possibly filtered) board."""
        self._board, self._view_context = board, context
        self.load()

    def load(self) -> None:
        board, context, days = self._board, self._view_context, self.days
        if board is None or context is None:
            return
        card_ids = {card.id for card in board.all_cards()} if board.query else None
        self._request += 1
        request = self._request
        self.loading_stats = True
        self._status("Loading statistics…")

        def compute(session: Session, actor: Principal) -> ScopeStats:
            return scope_stats(
                session,
                actor=actor,
                workspace_id=context.workspace_id,
                project_id=context.project_id,
                scope_id=context.scope_id,
                card_ids=card_ids,
                days=days,
            )

        self.app.call_service(  # type: ignore[attr-defined]
            compute,
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
        scope = "filtered cards" if self._board is not None and self._board.query else "cards"
        first, last = stats.window[0], stats.window[-1]
        return f"{stats.total} {scope} · last {stats.days} days ({first:%b %d} – {last:%b %d}) · w: {other} days · r: reload"

    # -- tiles -------------------------------------------------------------

    def _show_tiles(self, stats: ScopeStats) -> None:
        values: dict[str, tuple[str, str, str]] = {
            "total": (str(stats.total), "bold", ""),
            "open": (str(stats.open), "bold", ""),
            "done": (str(stats.done), "bold green", ""),
            "overdue": (str(stats.overdue), "bold red", ""),
            "blocked": (str(stats.blocked), "bold yellow" if stats.blocked else "bold", ""),
            "lead": _duration(stats.lead_time),
            "cycle": _duration(stats.cycle_time),
        }
        for key, (number, style, detail) in values.items():
            self.tile(key).set(number, style, detail)

    def tile(self, key: str) -> StatTile:
        return self.query_one(f"#tile-{key}", StatTile)

    # -- charts ------------------------------------------------------------

    def _chart(self, key: str) -> StatsChart:
        return self.query_one(f"#chart-{key}", StatsChart)

    def _draw_charts(self, stats: ScopeStats) -> None:
        priority_colors = [PRIORITY_COLORS[c.key] for c in stats.by_priority]
        self._chart("flow").show(partial(_flow_chart, stats))
        self._chart("flow").border_subtitle = flow_legend(stats)
        self._chart("completions").show(partial(_completions_chart, stats))
        self._chart("columns").show(partial(_bars, stats.by_column, color="blue"))
        self._chart("priorities").show(partial(_bars, stats.by_priority, colors=priority_colors))
        self._chart("assignees").show(partial(_bars, stats.by_assignee, color="magenta"))
        labels = self._chart("labels")
        labels.show(partial(_bars, stats.by_label, color="green") if stats.by_label else None, "No labels on these cards")

    # -- keys --------------------------------------------------------------

    def action_reload(self) -> None:
        self.load()

    def action_toggle_window(self) -> None:
        self.days = WINDOWS[1] if self.days == WINDOWS[0] else WINDOWS[0]
        self.load()

    def action_next_chart(self) -> None:
        """Scroll the next chart to the top of the screen; from the bottom, back to the top."""
        if not self.query_one("#stats-charts").display:
            return
        top, bottom = round(self.scroll_y), round(self.max_scroll_y)
        grid_top = self.query_one("#stats-charts").virtual_region.y
        for key, _title in CHARTS:
            y = grid_top + self._chart(key).virtual_region.y
            if y > top and top < bottom:
                self.scroll_to(y=min(y, bottom), animate=False)
                return
        self.scroll_to(y=0, animate=False)


# -- pure helpers: numbers to text, stats to plotext calls ----------------------------------


def _duration(duration: Duration) -> tuple[str, str, str]:
    """(median, its style, the average) of a lead or cycle time, for a tile."""
    if duration.median_days is None or duration.average_days is None:
        return "–", "dim", "none yet"
    return f"{duration.median_days:.1f} d", "bold cyan", f"avg {duration.average_days:.1f} d"


def top_counts(counts: Sequence[Count], limit: int) -> tuple[Count, ...]:
    """The largest buckets, the rest summed as one, so at most ``limit`` bars."""
    if len(counts) <= limit:
        return tuple(counts)
    keep = max(0, limit - 1)
    rest = counts[keep:]
    return (*counts[:keep], Count(None, f"{len(rest)} others", sum(c.count for c in rest)))


def integer_ticks(maximum: int, slots: int = 5) -> list[int]:
    """Whole-number ticks from 0 covering ``maximum`` (counts are never fractional)."""
    step = max(1, math.ceil(maximum / slots))
    return list(range(0, max(maximum, 1) + step, step))


def _bars(
    counts: Sequence[Count],
    plt: Plot,
    _width: int,
    height: int,
    *,
    color: str = "blue",
    colors: Sequence[str] | None = None,
) -> None:
    """Horizontal bars, one per row from the top (long names stay readable), one colour per bar if given.

    Each bar is a one-row line of full blocks: plotext's own bar rectangles
    round onto a neighbouring row when a bar is one row high.
    """
    rows = max(1, height - 3)  # the frame's two lines and the tick labels take the rest
    shown = top_counts(counts, min(MAX_BARS, rows))
    size = len(shown)
    for index, count in enumerate(shown):
        if count.count:
            bar_color = colors[index] if colors and len(shown) == len(counts) else color
            plt.plot([0, count.count], [size - index] * 2, marker="sd", color=bar_color)
    plt.yticks([float(y) for y in range(size, 0, -1)], [_short(c.name) for c in shown])
    # One unit per row, first bar on the top row.
    plt.ylim(size + 0.5 - rows, size + 0.5)
    _count_axis(plt, "x", max((c.count for c in shown), default=0))


def _short(name: str, width: int = 16) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"


def _count_axis(plt: Plot, axis: str, maximum: int, slots: int = 5) -> None:
    """A count axis from 0 with whole-number ticks."""
    ticks = integer_ticks(maximum, slots)
    positions, labels = [float(t) for t in ticks], [str(t) for t in ticks]
    if axis == "x":
        plt.xticks(positions, labels)
        plt.xlim(0, ticks[-1])
    else:
        plt.yticks(positions, labels)
        plt.ylim(0, ticks[-1])


def _date_axis(plt: Plot, window: tuple[date, ...], slots: int = 5) -> None:
    """Day indexes on x, labelled with a few evenly spaced dates."""
    last = len(window) - 1
    positions = sorted({round(i * last / (slots - 1)) for i in range(slots)}) if last else [0]
    plt.xticks([float(p) for p in positions], [window[p].strftime("%b %d") for p in positions])


def _completions_chart(stats: ScopeStats, plt: Plot, _width: int, _height: int) -> None:
    counts = [c.count for c in stats.completions]
    plt.plot(list(range(len(counts))), counts, marker="braille", color="green")
    _date_axis(plt, stats.window)
    _count_axis(plt, "y", max(counts), slots=4)


def _flow_chart(stats: ScopeStats, plt: Plot, _width: int, _height: int) -> None:
    """Stacked areas: each band is a column, the board's last column at the bottom."""
    series = list(stats.flow)
    days = list(range(len(stats.window)))
    # Band k is drawn as the sum of columns k..last, biggest first so the next one paints over it.
    stacked = [[sum(s.counts[d] for s in series[k:]) for d in days] for k in range(len(series))]
    for k, (column, heights) in enumerate(zip(series, stacked, strict=True)):
        color = _flow_color(k, len(series))
        plt.plot(days, heights, marker="hd", filly=True, color=color)  # half blocks: solid bands at twice the resolution
    _date_axis(plt, stats.window)
    _count_axis(plt, "y", max((stacked[0] if stacked else [0]), default=0))


def _flow_color(index: int, count: int) -> str:
    return "green" if index == count - 1 else FLOW_COLORS[index % len(FLOW_COLORS)]


def flow_legend(stats: ScopeStats) -> str:
    """The flow chart's legend as border markup (plotext's own legend would hide the top band)."""
    count = len(stats.flow)
    return " ".join(
        f"[{LEGEND_COLORS[_flow_color(k, count)]}]■[/] {escape(_short(s.name, 14))}" for k, s in enumerate(stats.flow)
    )
