"""Every operation, one module per area; importing a module registers its operations.

Importing this package loads none of them, so a shell pays only for the areas it
uses (the TUI's first screen needs two); ``registry.all_operations`` and a lookup
by name import every module listed here.
"""

MODULES = (
    "account",
    "activity",
    "agent_runtime",
    "agents",
    "api_tokens",
    "attachments",
    "automations",
    "board",
    "bulk",
    "bulk_edits",
    "card_editing",
    "card_tabs",
    "checklists",
    "cockpit",
    "comments",
    "custom_fields",
    "documents",
    "drafts",
    "labels",
    "notifications",
    "organizations",
    "pilotage",
    "pilotage_actions",
    "projects",
    "relations",
    "saved_filters",
    "scopes",
    "search",
    "search_everywhere",
    "stats",
    "transfer",
    "trash",
    "tui_screens",
    "views",
    "workspaces",
)
