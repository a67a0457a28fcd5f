"""A selection list whose ticked items carry a mark (✓), not only another colour.

Textual's ``SelectionList`` draws the same ``X`` in every box and tells ticked
from unticked by colour alone, which a monochrome terminal, a colour-blind
reader or a screen reader cannot see. Here a ticked box shows ``✓`` and an
unticked one stays empty; the box keeps its width, so nothing else moves.
"""

from __future__ import annotations

from typing import TypeVar

from rich.segment import Segment
from textual.strip import Strip
from textual.widgets import SelectionList
from textual.widgets.option_list import OptionDoesNotExist

T = TypeVar("T")

BOX_MARK = "X"  # what SelectionList draws in every box
TICKED = "✓"
UNTICKED = " "


class TickList(SelectionList[T]):
    """``SelectionList`` with a visible tick mark in each ticked box."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        try:
            selection = self.get_option_at_index(self.scroll_offset.y + y)
        except OptionDoesNotExist:
            return strip
        segments = list(strip)
        # The box is the first three segments: left edge, inner mark, right edge.
        if len(segments) < 3 or segments[1].text != BOX_MARK:
            return strip
        mark = TICKED if selection.value in self.selected else UNTICKED
        segments[1] = Segment(mark, segments[1].style, segments[1].control)
        return Strip(segments, strip.cell_length)
