"""The five views of a scope, in the order of their keys (1-5)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from textual.widget import Widget


@dataclass(frozen=True)
class ViewSpec:
    name: str  # as stored in the scope's activeView
    title: str
    key: str
    module: str
    class_name: str


VIEWS: tuple[ViewSpec, ...] = (
    ViewSpec("kanban", "Kanban", "1", "stellary_tui.views.kanban", "KanbanBoard"),
    ViewSpec("list", "List", "2", "stellary_tui.views.list_view", "ListView"),
    ViewSpec("calendar", "Calendar", "3", "stellary_tui.views.calendar_view", "CalendarView"),
    ViewSpec("roadmap", "Roadmap", "4", "stellary_tui.views.roadmap_view", "RoadmapView"),
    ViewSpec("stats", "Stats", "5", "stellary_tui.views.stats_view", "StatsView"),
)


def view_class(spec: ViewSpec) -> type[Widget] | None:
    """The view's widget class (None while a view is still being built)."""
    try:
        module = importlib.import_module(spec.module)
    except ModuleNotFoundError as error:
        if error.name == spec.module:
            return None
        raise
    cls: type[Widget] = getattr(module, spec.class_name)
    return cls
