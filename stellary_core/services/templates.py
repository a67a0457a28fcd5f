"""Built-in project templates: columns with categories and optional sample cards."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TemplateColumn:
    name: str
    category: str | None


@dataclass(frozen=True)
class TemplateCard:
    title: str
    column_index: int
    priority: str | None = "medium"
    description: str | None = None


@dataclass(frozen=True)
class Template:
    id: str
    name: str
    description: str
    columns: tuple[TemplateColumn, ...]
    sample_cards: tuple[TemplateCard, ...] = field(default_factory=tuple)


DEFAULT_COLUMNS = (
    TemplateColumn("To Do", "todo"),
    TemplateColumn("In Progress", "in_progress"),
    TemplateColumn("Done", "done"),
)

TEMPLATES: tuple[Template, ...] = (
    Template(
        "basic-kanban",
        "Basic kanban",
        "Three columns for a simple flow of work.",
        DEFAULT_COLUMNS,
        (
            TemplateCard("Write down what needs doing", 0, "medium"),
            TemplateCard("Move a card with shift+arrows", 0, "low"),
        ),
    ),
    Template(
        "scrum",
        "Scrum",
        "A sprint board with a backlog, review and done.",
        (
            TemplateColumn("Backlog", "todo"),
            TemplateColumn("Sprint", "todo"),
            TemplateColumn("In Progress", "in_progress"),
            TemplateColumn("Review", "in_progress"),
            TemplateColumn("Done", "done"),
        ),
        (
            TemplateCard("Sprint planning", 1, "high", "Pick the stories for this sprint."),
            TemplateCard("Groom the backlog", 0, "medium"),
            TemplateCard("Sprint retrospective", 1, "low"),
        ),
    ),
    Template(
        "bug-tracking",
        "Bug tracking",
        "Triage, fix and verify reported bugs.",
        (
            TemplateColumn("Reported", "todo"),
            TemplateColumn("Triaged", "todo"),
            TemplateColumn("Fixing", "in_progress"),
            TemplateColumn("Verifying", "in_progress"),
            TemplateColumn("Closed", "done"),
        ),
        (TemplateCard("Example: crash when saving an empty title", 0, "high"),),
    ),
    Template(
        "product-launch",
        "Product launch",
        "From idea to launch day and the follow-up.",
        (
            TemplateColumn("Ideas", "todo"),
            TemplateColumn("Planning", "todo"),
            TemplateColumn("Building", "in_progress"),
            TemplateColumn("Launch", "in_progress"),
            TemplateColumn("Launched", "done"),
        ),
        (
            TemplateCard("Define the launch goals", 1, "high"),
            TemplateCard("Write the announcement", 1, "medium"),
            TemplateCard("Prepare the launch checklist", 1, "medium"),
        ),
    ),
    Template(
        "content-calendar",
        "Content calendar",
        "Plan, write, edit and publish content.",
        (
            TemplateColumn("Ideas", "todo"),
            TemplateColumn("Writing", "in_progress"),
            TemplateColumn("Editing", "in_progress"),
            TemplateColumn("Scheduled", "in_progress"),
            TemplateColumn("Published", "done"),
        ),
        (TemplateCard("First article idea", 0, "medium"),),
    ),
)


def find_template(template_id: str) -> Template | None:
    return next((t for t in TEMPLATES if t.id == template_id), None)
