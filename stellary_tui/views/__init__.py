"""The views of a scope: kanban (and, later, list, calendar, roadmap, stats)."""
