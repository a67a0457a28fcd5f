"""Shapes of a scope's statistics (``GET P/scopes/:scopeId/stats``, an extension of the reference)."""

from __future__ import annotations

from datetime import date
from typing import Any

from stellary_core.schemas.common import ApiModel, ObjectId


class CountOut(ApiModel):
    # The column id, priority, user id or label id; null for "no priority" and "unassigned".
    key: str | None
    name: str
    count: int


class DayCountOut(ApiModel):
    date: date
    count: int


class FlowSeriesOut(ApiModel):
    column_id: ObjectId
    name: str
    counts: list[int]  # cards in the column at the end of each day, oldest first


class DurationOut(ApiModel):
    count: int
    median_days: float | None
    average_days: float | None


class ScopeStatsOut(ApiModel):
    scope_id: ObjectId
    days: int
    since: date  # the first day of the window
    until: date  # today
    total: int
    open: int
    done: int
    overdue: int
    blocked: int
    by_column: list[CountOut]
    by_priority: list[CountOut]
    by_assignee: list[CountOut]
    by_label: list[CountOut]
    completions: list[DayCountOut]
    flow: list[FlowSeriesOut]
    lead_time: DurationOut
    cycle_time: DurationOut

    @classmethod
    def of(cls, stats: Any) -> ScopeStatsOut:
        """From the service's ScopeStats."""

        def counts(items: tuple[object, ...]) -> list[CountOut]:
            return [CountOut.model_validate(c) for c in items]

        return cls(
            scope_id=stats.scope_id,
            days=stats.days,
            since=stats.window[0],
            until=stats.window[-1],
            total=stats.total,
            open=stats.open,
            done=stats.done,
            overdue=stats.overdue,
            blocked=stats.blocked,
            by_column=counts(stats.by_column),
            by_priority=counts(stats.by_priority),
            by_assignee=counts(stats.by_assignee),
            by_label=counts(stats.by_label),
            completions=[DayCountOut(date=c.day, count=c.count) for c in stats.completions],
            flow=[FlowSeriesOut(column_id=s.column_id, name=s.name, counts=list(s.counts)) for s in stats.flow],
            lead_time=DurationOut.model_validate(stats.lead_time),
            cycle_time=DurationOut.model_validate(stats.cycle_time),
        )
