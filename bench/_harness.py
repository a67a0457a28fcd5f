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
