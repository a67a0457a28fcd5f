"""The pieces of the stats dashboard: number tiles, plotext charts, and how statistics become plots.

Drawing a chart is a pure function of the statistics and the chart's size
(``Draw``), so it can run in a worker thread and a snapshot is the same on
every run. Plotext builds are slow (a filled chart takes tens of
milliseconds), so a chart keeps its last build until the data, the size or
the theme changes, and the view builds new ones off the UI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial

from rich.align import Align
from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.markup import escape
from textual.widget import Widget
from textual_plotext import PlotextPlot
from textual_plotext.plot import Plot

from stellary_core.operations.catalog.views import Count, Duration, ScopeStats
from stellary_tui import plurals
from stellary_tui.terminal_text import steady

# (plot, width, height) -> plotext calls; a bar chart answers with its row names, top first, for build_chart to draw.
RowNames = tuple[str, ...]
Draw = Callable[[Plot, int, int], RowNames | None]
ChartPlan = tuple[Size, str]  # what a chart is drawn for: its size and its plotext theme
Built = tuple[ChartPlan, Text]

MAX_BARS = 8  # more names than this and the rest are summed as "… others"
PLACEHOLDER = "x"  # what plotext draws where a bar's name goes, one per cell (see with_row_names)
NO_LABELS = "No labels on these cards"
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


def build_chart(draw: Draw, plan: ChartPlan) -> Text:
    """Run ``draw`` on a fresh plotext figure of the planned size and theme (safe in a worker thread)."""
    size, theme = plan
    plt = Plot()
    names = draw(plt, size.width, size.height)
    # As PlotextPlot.render does: plotsize alone leaves some plots at their default width.
    plt.plotsize(size.width, size.height)
    plt._set_size(size.width, size.height)
    plt.theme(theme)
    chart = Text.from_ansi(plt.build())
    return with_row_names(chart, names) if names else chart


def with_row_names(chart: Text, names: RowNames) -> Text:
    """Write the names of a bar chart's rows over plotext's placeholders.

    Plotext lays out tick labels by counting characters, so a name with an emoji
    or a wide character would push its row out of line: the chart is drawn with
    plain placeholders as wide as the names, and the names go in by cell width.
    """
    width = max(cell_len(name) for name in names)
    lines = chart.split("\n", allow_blank=True)
    for row, name in enumerate(names, start=1):  # row 0 is the frame's top line
        if row >= len(lines) or lines[row].plain[:width] != PLACEHOLDER * width:
            return chart  # not the layout expected: keep the chart as plotext drew it
        line = lines[row]
        styles = [span.style for span in line.spans if span.start == 0]
        label = Text(" " * (width - cell_len(name)) + name, style=styles[-1] if styles else "")
        lines[row] = label + line[width:]
    return Text("\n").join(lines)


class StatsChart(PlotextPlot):
    """A plotext chart drawn from a ``Draw``; shows a message instead when there is nothing to plot."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.draw: Draw | None = None
        self.message = ""
        self.pending = False  # a build is on its way from a worker: keep what is shown until then
        self._built: Built | None = None

    def plan(self) -> ChartPlan:
        return self.size, self._get_plotext_theme_name(self.app.theme)

    def show(self, draw: Draw | None, message: str = "", *, pending: bool = False) -> None:
        self.draw, self.message, self.pending = draw, message, pending and draw is not None
        if not self.pending:
            self._built = None
        self.refresh()

    def accept(self, built: Built) -> None:
        """Take a build made in a worker."""
        self._built, self.pending = built, False
        self.refresh()

    def render(self) -> RenderResult:
        if self.draw is None:
            return Align.center(Text(self.message, style="italic"), vertical="middle")
        plan = self.plan()
        if self._built is not None and self._built[0] == plan:
            return self._built[1]
        if self.pending:
            return Text("")
        self._built = (plan, build_chart(self.draw, plan))  # resized (or never planned): build here
        return self._built[1]


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


# -- statistics to tiles and plots ------------------------------------------------------------


def duration_tile(duration: Duration) -> tuple[str, str, str]:
    """(median, its style, the average) of a lead or cycle time."""
    if duration.median_days is None or duration.average_days is None:
        return "–", "dim", "none yet"
    return f"{duration.median_days:.1f} d", "bold cyan", f"avg {duration.average_days:.1f} d"


def chart_draws(stats: ScopeStats) -> dict[str, Draw | None]:
    """How to draw each chart of the dashboard (None: nothing to plot, the chart shows its message)."""
    priority_colors = [PRIORITY_COLORS[c.key] for c in stats.by_priority]
    return {
        "flow": partial(flow_chart, stats),
        "completions": partial(completions_chart, stats),
        "columns": partial(bars, stats.by_column, color="blue"),
        "priorities": partial(bars, stats.by_priority, colors=priority_colors),
        "assignees": partial(bars, stats.by_assignee, color="magenta"),
        "labels": partial(bars, stats.by_label, color="green") if stats.by_label else None,
    }


def top_counts(counts: Sequence[Count], limit: int) -> tuple[Count, ...]:
    """The largest buckets, the rest summed as one, so at most ``limit`` bars."""
    if len(counts) <= limit:
        return tuple(counts)
    keep = max(0, limit - 1)
    rest = counts[keep:]
    return (*counts[:keep], Count(None, plurals.count(len(rest), 'other'), sum(c.count for c in rest)))


def integer_ticks(maximum: int, slots: int = 5) -> list[int]:
    """Whole-number ticks from 0 covering ``maximum`` (counts are never fractional)."""
    step = max(1, math.ceil(maximum / slots))
    return list(range(0, max(maximum, 1) + step, step))


def bars(
    counts: Sequence[Count],
    plt: Plot,
    _width: int,
    height: int,
    *,
    color: str = "blue",
    colors: Sequence[str] | None = None,
) -> RowNames:
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
    names = tuple(short(c.name) for c in shown)
    width = max((cell_len(name) for name in names), default=0)
    plt.yticks([float(y) for y in range(size, 0, -1)], [PLACEHOLDER * width] * size)
    plt.ylim(size + 0.5 - rows, size + 0.5)  # one unit per row, the first bar on the top row
    _count_axis(plt, "x", max((c.count for c in shown), default=0))
    return names


def completions_chart(stats: ScopeStats, plt: Plot, _width: int, _height: int) -> RowNames | None:
    counts = [c.count for c in stats.completions]
    plt.plot(list(range(len(counts))), counts, marker="braille", color="green")
    _date_axis(plt, stats.window)
    _count_axis(plt, "y", max(counts), slots=4)
    return None


def flow_chart(stats: ScopeStats, plt: Plot, _width: int, _height: int) -> RowNames | None:
    """Stacked areas: each band is a column, the board's last column at the bottom.

    Full blocks: plotext fills an area point by point, and finer markers (half
    blocks, braille) cost ten times as much for a full-width chart.
    """
    series = list(stats.flow)
    days = list(range(len(stats.window)))
    # Band k is drawn as the sum of columns k..last, biggest first so the next one paints over it.
    # fillx fills down to the x axis; plotext's filly fills sideways, to the y axis.
    stacked = [[sum(s.counts[d] for s in series[k:]) for d in days] for k in range(len(series))]
    for k, heights in enumerate(stacked):
        plt.plot(days, heights, marker="sd", fillx=True, color=flow_color(k, len(series)))
    _date_axis(plt, stats.window)
    _count_axis(plt, "y", max(stacked[0], default=0) if stacked else 0)
    return None


def flow_color(index: int, count: int) -> str:
    """The last (done) band is green so finished work reads at once."""
    return "green" if index == count - 1 else FLOW_COLORS[index % len(FLOW_COLORS)]


def flow_legend(stats: ScopeStats) -> str:
    """The flow chart's legend as border markup (plotext's own legend would hide the top band)."""
    count = len(stats.flow)
    return " ".join(
        f"[{LEGEND_COLORS[flow_color(k, count)]}]■[/] {escape(short(s.name, 14))}" for k, s in enumerate(stats.flow)
    )


def short(name: str, width: int = 16) -> str:
    """``name`` in at most ``width`` terminal cells (an emoji takes two), cut with an ellipsis."""
    name = steady(name)
    text = Text(name)
    text.truncate(width, overflow="ellipsis")
    return text.plain.rstrip() if cell_len(name) > width else name


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
