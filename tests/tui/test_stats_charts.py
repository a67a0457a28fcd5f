"""The stats charts as plotext draws them, read back as text."""

from __future__ import annotations

from datetime import date, timedelta
from functools import partial
from types import SimpleNamespace

from rich.cells import cell_len
from textual.geometry import Size

from stellary_core.operations.catalog.views import Count
from stellary_core.services.stats import FlowSeries
from stellary_tui.widgets.stats_charts import bars, build_chart, flow_chart


def _rows(counts: tuple[int, ...]) -> dict[str, str]:
    """The chart's rows by their count label ("6", "0", ...), the plot area only."""
    window = tuple(date(2026, 11, 1) + timedelta(days=i) for i in range(len(counts)))
    stats = SimpleNamespace(flow=(FlowSeries("c1", "To Do", counts),), window=window)
    text = build_chart(partial(flow_chart, stats), (Size(64, 14), "dark"))  # type: ignore[arg-type]
    rows = {}
    for line in text.plain.splitlines():
        label, bar, plot = line.partition("┤")
        if bar:
            rows[label.strip()] = plot
    return rows


def test_the_flow_chart_fills_under_a_band_not_beside_it() -> None:
    """Six cards that arrived on the last day: the early days are empty, not filled sideways."""
    rows = _rows((0,) * 29 + (6,))
    top = rows["6"]
    assert 1 <= top.count("█") <= 3, top
    assert rows["2"].count("█") <= 3


def test_the_flow_chart_is_full_width_for_a_steady_band() -> None:
    rows = _rows((4,) * 30)
    assert rows["4"].count("█") >= 55


def test_bar_names_with_emoji_and_wide_characters_keep_the_rows_in_line() -> None:
    """Plotext counts characters; a terminal draws 🚀 and 漢 two cells wide: every row still ends where the frame does."""
    counts = (
        Count("u1", "Demo User", 9),
        Count("u2", "Zoë 🚀 / Platform lead", 7),
        Count("u3", "Ada ❄️ Lovelace", 5),
        Count("u4", "山田 太郎", 3),
    )
    width = 60
    text = build_chart(partial(bars, counts, color="magenta"), (Size(width, 10), "dark"))
    lines = text.split("\n")
    assert all(line.cell_len == width for line in lines), [line.cell_len for line in lines]
    rows = [line.plain for line in lines if "┤" in line.plain]
    assert len(rows) >= len(counts)
    bar_columns = {cell_len(row.partition("┤")[0]) for row in rows}
    assert len(bar_columns) == 1, rows  # the axis is one straight line
    named = [row.partition("┤")[0].strip() for row in rows[: len(counts)]]
    assert named == ["Demo User", "Zoë 🚀 / Platfo…", "Ada ❄ Lovelace", "山田 太郎"]  # ❄️'s selector dropped: see terminal_text
