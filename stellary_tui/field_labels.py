"""Wire field names as the screens label them: ``startDate`` is "Start date" to a person.

Errors (``human_errors``) and the activity log (``widgets.card_activity``)
both name fields; they take the words from here so a field reads the same
in both.
"""

from __future__ import annotations

import re

# Wire field names as the forms and the editor's tabs label them.
LABELS = {
    "title": "Title",
    "description": "Description",
    "priority": "Priority",
    "status": "Status",
    "startDate": "Start date",
    "dueDate": "Due date",
    "assigneeId": "Assignee",
    "columnId": "Column",
    "scopeId": "Scope",
    "projectId": "Project",
    "checklist": "Checklist",
    "content": "Comment",
    "name": "Name",
    "email": "Email",
    "password": "Password",
    "currentPassword": "Current password",
    "role": "Role",
    "expiresAt": "Expires",
    "scopes": "Scopes",
    "color": "Colour",
    "wipLimit": "WIP limit",
    "category": "Category",
    "options": "Options",
    "type": "Type",
    "keyPrefix": "Key prefix",
    "slug": "Short name",
    "moveCardsTo": "Move the cards to",
    "targetCardId": "Card",
    "file": "File",
    "path": "Path",
    "q": "Filter",
    "recurrence": "Repeats",
    "autonomyMode": "Mode",
    "perMinute": "Per minute",
    "perHour": "Per hour",
    "tools": "Tools",
    "prompt": "Prompt",
    "reason": "Reason",
    # Named by the activity log only.
    "labelIds": "Labels",
    "customFields": "Custom fields",
    "attachments": "Files",
    "comments": "Comments",
    "relations": "Relations",
    "order": "Position",
    "archived": "Archived",
}


def label(field: str) -> str:
    """``startDate`` → "Start date"; a path such as ``cards.3.dueDate`` → "Due date (cards #4)"."""
    parts = field.split(".")
    last = parts[-1]
    own = LABELS.get(last) or words(last).capitalize()
    if len(parts) == 1:
        return own
    where = " ".join(f"#{int(p) + 1}" if p.isdigit() else words(p) for p in parts[:-1])
    return f"{own} ({where})"


def words(name: str) -> str:
    """``moveCardsTo`` → "move cards to": a name nobody labelled still reads as words."""
    return re.sub(r"(?<=[a-z0-9])([A-Z])", lambda m: " " + m.group(1).lower(), name).replace("_", " ")
