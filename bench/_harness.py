"""Shared pieces of the TUI benchmarks: demo databases and a paint probe."""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stellary_core.config import Settings
from stellary_core.db import Database, open_database
from stellary_core.principal import Principal
from stellary_core.services import seeding


def demo_database(cards: int) -> tuple[Database, Principal, str, str]:
    """A fresh database with a demo project of ``cards`` cards: (db, actor, workspace id, project id)."""
    directory = Path(tempfile.mkdtemp(prefix="stellary-bench-"))
    db = open_database(Settings.from_env(data_dir=directory, database_url=f"sqlite:///{directory / 'stellary.db'}"))
    with db.session(write=True) as session:
        actor, project = seeding.create_demo_profile(session, cards=cards)
        return db, actor, project.workspace_id, project.id


class PaintProbe:
    """Wraps a widget class's ``render_line`` to timestamp the first line drawn after a mark."""

    def __init__(self, widget_class: type, ready: Callable[[Any], bool]) -> None:
        self.widget_class = widget_class
        self.ready = ready
        self.painted_at: float | None = None
        self._original = widget_class.render_line

        probe = self

        def render_line(widget: Any, y: int) -> Any:
            if probe.painted_at is None and probe.ready(widget):
                probe.painted_at = time.perf_counter()
            return probe._original(widget, y)

        widget_class.render_line = render_line

    def arm(self) -> None:
        self.painted_at = None

    def restore(self) -> None:
        self.widget_class.render_line = self._original


class FrameProbe:
    """Wraps ``App._display`` to timestamp the first frame, after a mark, in which each named moment holds.

    For screens that are kept and shown again: Textual redraws a widget's lines
    from its cache when nothing in it changed, so a ``PaintProbe`` on
    ``render_line`` would wait forever. A frame is timed when the compositor
    hands it over (headless, Textual stops there; a terminal would write it).
    """

    def __init__(self, moments: dict[str, Callable[[Any], bool]]) -> None:
        from textual.app import App

        self.moments = moments
        self.painted_at: dict[str, float] = {}
        self._original = App._display
        probe, original = self, App._display

        def display(app: Any, screen: Any, renderable: Any) -> Any:
            result = original(app, screen, renderable)
            if renderable is not None:
                now = time.perf_counter()
                for name, ready in probe.moments.items():
                    if name not in probe.painted_at and ready(app):
                        probe.painted_at[name] = now
            return result

        App._display = display  # type: ignore[method-assign,assignment]

    def arm(self) -> None:
        self.painted_at = {}

    def seen(self, *names: str) -> bool:
        return all(name in self.painted_at for name in names)

    def restore(self) -> None:
        from textual.app import App

        App._display = self._original  # type: ignore[method-assign]


class CallTimes:
    """Replaces a method with one that records when each call returned (until ``restore``)."""

    def __init__(self, owner: type, name: str) -> None:
        self.owner, self.name = owner, name
        self.times: list[float] = []
        self._original = getattr(owner, name)
        original, times = self._original, self.times

        def timed(*args: Any, **kwargs: Any) -> Any:
            result = original(*args, **kwargs)
            times.append(time.perf_counter())
            return result

        setattr(owner, name, timed)

    def restore(self) -> None:
        setattr(self.owner, self.name, self._original)


def summary(samples: list[float]) -> str:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"
