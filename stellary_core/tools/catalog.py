"""The tools, in the order an assistant or ``stellary --help`` lists them.

A tool is an operation (same name, same rules, same scope) plus what a model
and a shell need to use it: a description a model can act on, the command
(``stellary cards move``) and which arguments that command takes in order.
The pilotage and document tools follow the board's, then the agent runtime's (an assistant acting as an agent)
and the project wizard's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stellary_core.operations.registry import Operation
    from stellary_core.tools.arguments import Arguments

# The list itself is plain data: ``stellary --help`` lists the commands without loading an operation.

# What an argument means, wherever it appears (a tool may say more of its own).
ARGUMENT_HELP: Mapping[str, str] = {
    "workspaceId": (
        "A workspace id (from list_workspaces). Rarely needed: projects and cards are found by name or key "
        "in every workspace you are in."
    ),
    "orgSlug": "An organization slug; with wsSlug, another way to name a workspace than workspaceId.",
    "wsSlug": "A workspace slug, with orgSlug.",
    "project": "The project: its id or its name (any case). An ambiguous name is an error listing the candidates.",
    "card": "The card: its key such as GS-12 (any case) or its id. The project may be left out when the key is unique.",
    "column": 'A column: its id or its name, such as "In Progress" (any case).',
    "query": (
        "Filter language; every term must hold. Terms: priority:high (low, medium, high, none), "
        "status:todo (todo, in_progress, done), label:bug, assignee:me (me, none, any, an email or name), "
        'column:"In Review", due:overdue (today, none, any, 2026-04-01, <2026-04-01, 2026-04-01..2026-04-30), '
        "is:blocked (blocked, open, archived), and free words matched in title, description and key. "
        "A leading - negates a term (-status:done); commas give alternatives (label:bug,ui)."
    ),
    "title": "The card's title (one line, at most 500 characters).",
    "description": "Longer text, markdown welcome (at most 5,000 characters).",
    "priority": "low, medium or high.",
    "status": "todo, in_progress or done (moving to a column of that category sets it too).",
    "dueDate": "Due date: YYYY-MM-DD or an ISO-8601 UTC time such as 2026-04-01T17:00:00Z.",
    "startDate": "Start date: YYYY-MM-DD or an ISO-8601 UTC time.",
    "assigneeId": "A workspace member's user id (assign_card takes an email).",
    "checklist": "Checklist items, each {title, done}; on update it replaces the whole checklist.",
    "order": "Position in the column, 0 first; leave out to put the card at the end.",
    "scopeId": "A scope id; leave out for the project's default scope (its main board).",
    "archived": "Whether the card is archived.",
    "columnId": "A column id to move the card to (move_card also takes a column name).",
    "projectId": "A project id of the same workspace to move the card to, with columnId (it gets a new key there).",
    "recurrence": (
        'How the card repeats once done: {"every": "day"|"week"|"month", "interval": 1, '
        '"weekdays": ["mon", ...] (weekly), "monthDay": 1-31 (monthly)}; null stops it.'
    ),
    "content": "The comment's text (at most 2,000 characters).",
    "limit": "How many to return at most.",
    "text": "Words to look for, all of them, in any order, ignoring case.",
    "includeArchived": "Also return archived cards.",
}

# The workspace of the pilotage and document tools, which work in one workspace rather than searching them all.
IN_WORKSPACE: Mapping[str, str] = {
    "workspaceId": (
        "A workspace id (from list_workspaces); left out, with no orgSlug and wsSlug either, your personal workspace."
    ),
}


@dataclass(frozen=True, eq=False)
class Tool:
    """One tool: the operation named ``name``, as a model and a shell see it."""

    name: str
    command: tuple[str, str]
    description: str
    # Arguments the command line takes in this order, before its --options.
    positional: tuple[str, ...] = ()
    # A list result is sent as {result: [...]}: MCP's structured output is an object.
    result: str | None = None
    renamed: Mapping[str, str] = field(default_factory=dict)
    help: Mapping[str, str] = field(default_factory=dict)
    # For a positional list argument: each word becomes {each: word} (``cards add-many`` takes titles).
    each: str | None = None
    # A list tool that answers in pages: how many items a page holds unless ``limit`` says (tools.paging).
    page: int | None = None

    @cached_property
    def operation(self) -> Operation[Any, Any]:
        from stellary_core.operations.registry import get_operation

        return get_operation(self.name)

    @cached_property
    def arguments(self) -> Arguments:
        from stellary_core.tools.arguments import Arguments

        return Arguments(self.operation, self.renamed, {**ARGUMENT_HELP, **self.help}, self.result, self.page)

    @property
    def writes(self) -> bool:
        return self.operation.writes


TOOLS: tuple[Tool, ...] = (
    Tool(
        "list_workspaces",
        ("workspaces", "list"),
        "List the workspaces you can see (all your organizations unless orgSlug is given), with your role in each. "
        "Projects live in workspaces; most tools search every workspace you are in, so you rarely need one.",
        result="workspaces",
        help={"orgSlug": "Only this organization's workspaces."},
    ),
    Tool(
        "list_projects",
        ("projects", "list"),
        "List projects: of one workspace if named, else of every workspace you are in. Each has an id, a name and "
        "the key prefix of its cards (GS for GS-12). Start here to find where work lives.",
        result="projects",
    ),
    Tool(
        "get_project_details",
        ("projects", "show"),
        "Get one project by id or name: description, key prefix, workspace and default scope. "
        "Use list_columns for its columns and list_cards for its cards.",
        positional=("project",),
    ),
    Tool(
        "list_columns",
        ("columns", "list"),
        "List a project's columns in board order, with each one's category (todo, in_progress, done) and WIP limit. "
        "Card moves take these names.",
        positional=("project",),
        result="columns",
    ),
    Tool(
        "list_labels",
        ("labels", "list"),
        "List a project's labels by name, with their colours: the names add_label_to_card takes.",
        positional=("project",),
        result="labels",
    ),
    Tool(
        "list_workspace_members",
        ("members", "list"),
        "List the members of a workspace (your personal one unless named) with their emails and roles: "
        "the people a card can be assigned to.",
        result="members",
    ),
    Tool(
        "list_cards",
        ("cards", "list"),
        "List cards, in board order: of one project, or of every project you can see when no project is given. "
        "Narrow with column, assignee, priority and the filter language in query; archived cards only with "
        "archived=true. To find the next card to work on, try query='assignee:me -status:done' or a todo column. "
        "Answers 50 cards at a time (limit takes up to 10,000) with total, the number that match, and, when there "
        "are more, nextCursor: pass it as cursor, with the same other arguments, for the next page.",
        result="cards",
        page=50,
        renamed={"q": "query", "columnId": "column"},
        help={
            "column": 'Only the cards of this column (id or name; across projects, by name such as "In Progress").',
            "assignee": "Only cards assigned to: me, none, any, or a member's email or name.",
            "priority": "Only cards of this priority (none: cards without one).",
            "archived": "Also list archived cards (false by default).",
        },
    ),
    Tool(
        "search_cards",
        ("cards", "search"),
        "Find cards by free words in their key, title or description, across every project you can see; "
        "each hit says its project and column. Use it when you know what a card is about but not where it is.",
        positional=("text",),
        result="cards",
    ),
    Tool(
        "get_card_details",
        ("cards", "show"),
        "Get one card by key (GS-12) or id: title, description, status, priority, dates, assignee, checklist, "
        "labels and counts of comments, attachments and blocking relations.",
        positional=("card",),
    ),
    Tool(
        "create_card",
        ("cards", "add"),
        "Create a card in a project, in the given column (id or name) or else the first column. "
        "Give it a clear one-line title; put details and acceptance criteria in description.",
        positional=("title",),
    ),
    Tool(
        "create_cards_bulk",
        ("cards", "add-many"),
        "Create up to 100 cards in one column at once, in order, all or nothing: breaking work down into cards. "
        "Each card takes the fields of create_card (title required).",
        positional=("cards",),
        result="cards",
        each="title",
        help={"cards": "The cards to create, each {title, description, priority, dueDate, ...}."},
    ),
    Tool(
        "move_card",
        ("cards", "move"),
        "Move a card to another column (id or name), at the end or at order. Moving to a column of category done "
        "marks the card done. Use it to report progress: start work by moving to an in-progress column.",
        positional=("card", "column"),
    ),
    Tool(
        "update_card",
        ("cards", "update"),
        "Change a card's fields: title, description, priority, status, dates, checklist, archived. Only the fields "
        "given change; null clears one. Use move_card to change its column and assign_card its assignee.",
        positional=("card",),
    ),
    Tool(
        "assign_card",
        ("cards", "assign"),
        "Assign a card to a workspace member by email or user id, or unassign it with null.",
        positional=("card", "assignee"),
        help={"assignee": "A workspace member's email or user id; null (none on the command line) unassigns."},
    ),
    Tool(
        "add_label_to_card",
        ("cards", "label"),
        "Put one of the project's labels on a card, by the label's name (any case) or id; a card keeps a label "
        "once. list_labels gives the names.",
        positional=("card", "label"),
        help={"label": 'A label of the card\'s project: its name, such as "bug" (any case), or its id.'},
    ),
    Tool(
        "add_checklist_item",
        ("checklist", "add"),
        "Add an item to a card's checklist, at the end or at order (0 first). Call it once per item to break a "
        "card's work into steps; the card's other items stay as they are.",
        positional=("card", "title"),
        help={"title": "The item, one line.", "done": "Whether it is already done (false by default)."},
    ),
    Tool(
        "create_relation",
        ("relations", "add"),
        "Relate a card to another card of the same project: blocks, related_to, duplicates or parent_of (the "
        "card is the parent of the target, as when a card is split into smaller ones). No cycles of blocks or "
        "parent_of.",
        positional=("card", "targetCardId"),
        help={
            "targetCardId": "The other card's id (from get_card_details or list_cards).",
            "type": "blocks, blocked_by, related_to, duplicates or parent_of, read from the card to the target.",
        },
    ),
    Tool(
        "get_card_comments",
        ("comments", "list"),
        "Read a card's comments, oldest first (the newest limit of them, 50 by default).",
        positional=("card",),
        result="comments",
        help={"limit": "How many of the newest comments to return (1-500, default 50)."},
    ),
    Tool(
        "add_comment",
        ("comments", "add"),
        "Comment on a card: report progress, decisions and blockers where the team will read them.",
        positional=("card", "content"),
    ),
    Tool(
        "get_pilotage_state",
        ("pilotage", "state"),
        "Get a workspace's pilotage state (your personal workspace unless named): the cycle, missions, active "
        "priorities, todos, recent decisions and active docs, with your pilotage role. profile and intent choose "
        "what comes first and what is left out; detailLevel how much of each item (minimal: ids, titles and "
        "statuses of open items; detailed: adds each mission's todos and each todo's links).",
        help={
            **IN_WORKSPACE,
            "profile": (
                "pilotage (default), execution (work in progress first) or revue (adds what was done this cycle)."
            ),
            "intent": (
                "weekly_review (done items and decisions of the cycle), daily_execution (in progress first), "
                "sprint_planning (missions to launch first) or context_only (no todos)."
            ),
            "detailLevel": "minimal, standard (default) or detailed.",
        },
    ),
    Tool(
        "get_cockpit_dashboard",
        ("pilotage", "dashboard"),
        "Sum up a workspace's pilotage (your personal workspace unless named) in a few lines: missions, todos and "
        "proposed actions counted by status, the active priorities in order, the blocked missions with their "
        "reasons, the proposals waiting on a person and the overdue cards of each project. Start a review here; "
        "get_pilotage_state has the items themselves.",
        help=IN_WORKSPACE,
    ),
    Tool(
        "list_pending_proposals",
        ("proposals", "list"),
        "List pilotage's proposed actions waiting on a person in a workspace (your personal one unless named): "
        "suggested ones, to review, then approved ones, to apply, oldest first, each with its payload and, if "
        "applying it failed, why. The tool calls an agent's missions propose are list_agent_proposals'.",
        result="proposals",
        help={**IN_WORKSPACE, "limit": "How many to return at most (1-500, default 50)."},
    ),
    Tool(
        "propose_action",
        ("proposals", "add"),
        "Propose an action for a person to review (pilotage reviewers and owners may propose): the workspace's "
        "reviewers and owners are notified, and an owner applies it once approved. Types applied for you: move_card "
        "{cardId, targetColumn}, update_card {cardId, ...card fields}, create_card {projectId, column, title, ...}, "
        "create_todo {label, missionId, priorityId}, update_mission {missionId, status, blockedReason, ...}; any other "
        "type is a task a person carries out by hand.",
        positional=("actionType", "explanation"),
        help={
            **IN_WORKSPACE,
            "actionType": "move_card, update_card, create_card, create_todo, update_mission, or a name of your own.",
            "explanation": "Why, for the reviewer (at most 500 characters).",
            "payload": "What the action needs, as an object (see the types above); checked when proposed.",
        },
    ),
    Tool(
        "create_todo",
        ("todos", "add"),
        "Add a todo to a workspace's pilotage (pilotage owners), linked to a mission and/or an active priority of "
        "the same workspace (ids from get_pilotage_state).",
        positional=("label",),
        help={
            **IN_WORKSPACE,
            "label": "What is to be done (one line).",
            "status": "todo (default), in_progress, blocked or done.",
            "missionId": "The mission it serves (an id from get_pilotage_state).",
            "priorityId": "The priority it serves (an id from get_pilotage_state).",
        },
    ),
    Tool(
        "update_todo",
        ("todos", "update"),
        "Change a todo's label, status or links (pilotage owners). Only the fields given change; null unlinks a "
        "mission or priority.",
        positional=("todoId",),
        help={
            **IN_WORKSPACE,
            "todoId": "The todo's id (from get_pilotage_state).",
            "label": "What is to be done (one line).",
            "status": "todo, in_progress, blocked or done.",
            "missionId": "The mission it serves; null unlinks it.",
            "priorityId": "The priority it serves; null unlinks it.",
        },
    ),
    Tool(
        "record_decision",
        ("decisions", "add"),
        "Record a strategic decision in a workspace's pilotage (pilotage owners), decided by you, with its impact: "
        "what was chosen, so the team and later reviews know why.",
        positional=("title",),
        help={
            **IN_WORKSPACE,
            "title": "The decision, in one line (such as: Use Stripe over custom billing).",
            "impact": "What it changes: costs, time, risks (at most 5,000 characters).",
        },
    ),
    Tool(
        "list_automations",
        ("automations", "list"),
        "List a project's automation rules: each one's trigger, conditions, action, whether it is enabled, and when "
        "it last ran. Rules run by themselves when their trigger happens to a card of the project.",
        positional=("project",),
        result="automations",
    ),
    Tool(
        "create_automation",
        ("automations", "add"),
        "Add an automation rule to a project: when the trigger happens to a card and the conditions hold, the action "
        "runs, as the rule, for whoever triggered it. Column, label and field ids come from list_columns and the "
        "project's labels and custom fields; a bad part is an error naming it.",
        positional=("project",),
        help={
            "trigger": (
                "task_created, task_moved, task_status_changed, task_assigned, checklist_complete (the last open "
                "checklist item checked), due_date_reached or task_added_to_board (imported, bulk-created, or moved "
                "in from another scope or project)."
            ),
            "conditions": (
                '{"all": [...]} or {"any": [...]} (nestable) of {"field", "op", "value"}; fields: priority, labelIds, '
                "assigneeId, columnId, fromColumnId, toColumnId, status, title, customField:<fieldId>; ops: eq, neq, "
                "in, not_in, contains, is_empty, is_not_empty. Left out: always."
            ),
            "action": (
                '{"type": ...}: move_card {columnId}, set_status {status}, set_priority {priority}, assign_user '
                '{userId, or "actor"}, archive_card, add_label {labelId}, notify {userId, message}.'
            ),
            "name": "What the rule is called; left out, it is named after its trigger and action.",
            "enabled": "Whether it runs (true by default).",
        },
    ),
    Tool(
        "toggle_automation",
        ("automations", "toggle"),
        "Enable a disabled automation rule, or disable an enabled one.",
        positional=("project", "rule"),
        help={"rule": "The rule's id (from list_automations)."},
    ),
    Tool(
        "get_automation_traces",
        ("automations", "traces"),
        "Read an automation rule's runs, newest first: when, on which card, for whom, the event that caused it, and "
        "whether it worked (a failure says why and changed nothing).",
        positional=("project", "rule"),
        result="traces",
        help={"rule": "The rule's id (from list_automations).", "limit": "How many to return at most (1-500, default 50)."},
    ),
    Tool(
        "list_documents",
        ("documents", "list"),
        "List a workspace's documents (your personal workspace unless named), by title, without their content: "
        "specs, briefs, ADRs, notes... Narrow by docType, status, context, parent or words in title and content. "
        "Use get_document to read one.",
        result="documents",
        help={
            **IN_WORKSPACE,
            "docType": "Only documents of this type.",
            "status": "Only documents in this review status: draft, pending_review, approved or changes_requested.",
            "contextType": "Only documents attached to this level: organization, workspace, project or scope.",
            "contextId": "With contextType: the id of that organization, workspace, project or scope.",
            "parentId": 'Only the children of this document; "none" for the documents at the top of the tree.',
            "text": "Words to find, all of them, in the title or the content, ignoring case.",
        },
        renamed={"q": "text"},
    ),
    Tool(
        "get_document",
        ("documents", "show"),
        "Read one document by id: its content (as stored, and as Markdown in contentMarkdown), type, status, place "
        "in the tree and review history.",
        positional=("document",),
        help={**IN_WORKSPACE, "document": "The document's id (from list_documents)."},
    ),
    Tool(
        "create_document",
        ("documents", "add"),
        "Create a document (a draft) in a workspace's knowledge base: a title, a type, and Markdown content, or a "
        "TipTap JSON document as content; under a parent document and attached to the workspace (default), its "
        "organization, a project or a scope.",
        positional=("title",),
        help={
            **IN_WORKSPACE,
            "title": "The document's title (one line, at most 200 characters).",
            "docType": "document (default), spec, brief, adr, note, reference, template or spreadsheet.",
            "content": "Markdown text, or a TipTap JSON document (an object) for a tiptap_json document.",
            "contentMarkdown": "Markdown, converted to the document's format (how to write a tiptap_json one as text).",
            "contentFormat": "markdown or tiptap_json; left out, tiptap_json when content is an object, else markdown.",
            "parentId": "The parent document's id: the document goes under it in the tree.",
            "contextType": "What it belongs to: organization, workspace (default), project or scope.",
            "contextId": "The id of that project or scope (an organization or workspace context may leave it out).",
        },
    ),
    Tool(
        "update_document",
        ("documents", "update"),
        "Change a document's title, content, type, parent or context. Only the fields given change; editing an "
        "approved document sends it back to draft, to be reviewed again.",
        positional=("document",),
        help={
            **IN_WORKSPACE,
            "document": "The document's id (from list_documents).",
            "title": "The document's title (one line, at most 200 characters).",
            "docType": "document, spec, brief, adr, note, reference, template or spreadsheet.",
            "content": "Markdown text, or a TipTap JSON document (an object) for a tiptap_json document.",
            "contentMarkdown": "Markdown, converted to the document's format (how to write a tiptap_json one as text).",
            "contentFormat": "markdown or tiptap_json.",
            "parentId": "The parent document's id; null moves it to the top of the tree.",
            "contextType": "What it belongs to: organization, workspace, project or scope.",
            "contextId": "The id of that organization, workspace, project or scope.",
        },
    ),
    Tool(
        "stellary_init",
        ("agents", "init"),
        "Start here to act as a Stellary agent: the outside agents (provider external) of a workspace (your personal "
        "one unless named) that you may run (workspace admins), how many missions wait, and for each agent what to do: "
        "its mode, its tools and the loop of wait_for_mission, the work, then complete_mission or fail_mission.",
        help={**IN_WORKSPACE, "agent": "Only this agent: its slug or id."},
    ),
    Tool(
        "get_next_mission",
        ("agents", "next"),
        "Take the oldest queued mission of an outside agent: it becomes running and is yours to finish. Answers the "
        "mission (prompt, the card as get_card_details gives it, the agent's mode and tools), or mission null when "
        "none waits.",
        positional=("agent",),
        help={**IN_WORKSPACE, "agent": "The agent: its slug or id (from stellary_init)."},
    ),
    Tool(
        "wait_for_mission",
        ("agents", "wait"),
        "Wait (long poll) until an outside agent has a queued mission and take it, as get_next_mission does; "
        "mission null when timeoutSeconds pass first. Call it again to keep waiting.",
        positional=("agent",),
        help={
            **IN_WORKSPACE,
            "agent": "The agent: its slug or id (from stellary_init).",
            "timeoutSeconds": "How long to wait at most, in seconds (up to 60; 25 by default).",
        },
    ),
    Tool(
        "complete_mission",
        ("missions", "complete"),
        "Finish a running mission of an outside agent with a short result for the person who asked. A supervised or "
        "approval-mode agent does not make writes itself: it lists them in proposals (each a write tool of the "
        "agent's and its arguments), which a person approves; the mission then awaits approval.",
        positional=("mission", "result"),
        help={
            **IN_WORKSPACE,
            "mission": "The mission's id (from get_next_mission).",
            "result": "What was done, in a few sentences (at most 5,000 characters).",
            "proposals": 'Writes for a person to approve: [{"tool": "move_card", "arguments": {"card": ..., "column": ...}}].',
        },
    ),
    Tool(
        "fail_mission",
        ("missions", "fail"),
        "End a running mission of an outside agent as failed, saying why; the person who asked is told.",
        positional=("mission", "error"),
        help={
            **IN_WORKSPACE,
            "mission": "The mission's id (from get_next_mission).",
            "error": "Why it could not be done (at most 5,000 characters).",
        },
    ),
    Tool(
        "get_agent_status",
        ("agents", "status"),
        "Get an agent with its missions counted by status, how many of its proposals wait for a person, and its "
        "latest missions.",
        positional=("agent",),
        help={**IN_WORKSPACE, "agent": "The agent: its slug or id."},
    ),
    Tool(
        "list_agent_proposals",
        ("agents", "proposals"),
        "List the proposals of an agent's missions, oldest first: the tool calls it wants made, pending a person's "
        "approval unless status says otherwise, with the decision, reason and result of those decided. Pilotage's "
        "proposed actions are list_pending_proposals'.",
        positional=("agent",),
        result="proposals",
        help={
            **IN_WORKSPACE,
            "agent": "The agent: its slug or id.",
            "status": "pending (default), approved or rejected.",
        },
    ),
    Tool(
        "list_project_drafts",
        ("drafts", "list"),
        "List a workspace's project drafts (your personal workspace unless named), newest first: ideas on their way "
        "to a project through the wizard, each with its stage (framing, refinement, roadmap, executed), open "
        "questions and readiness score.",
        result="drafts",
        help={**IN_WORKSPACE},
    ),
    Tool(
        "get_project_draft",
        ("drafts", "show"),
        "Read one project draft: its stage, the open questions (answer them with refine_project_draft), the answers "
        "of each round, the readiness score (0-100) and the roadmap once generated.",
        positional=("draft",),
        help={**IN_WORKSPACE, "draft": "The draft's id (from list_project_drafts)."},
    ),
    Tool(
        "create_project_draft",
        ("drafts", "add"),
        "Start planning a new project with the wizard: a name, a description of the idea and optional context "
        "(document ids of the workspace, or short texts). The wizard answers with its first questions.",
        positional=("name",),
        help={
            **IN_WORKSPACE,
            "name": "The project's name (one line, at most 200 characters).",
            "description": "What the project is about; a bulleted list of the work helps the roadmap.",
            "contextDocuments": "Document ids of the workspace (from list_documents) or short texts, as context.",
        },
    ),
    Tool(
        "refine_project_draft",
        ("drafts", "refine"),
        "Answer a draft's open questions, by question id; the wizard raises the readiness score and asks the next "
        "questions (at most 4 rounds). Questions left unanswered may come back in the last round.",
        positional=("draft",),
        help={
            **IN_WORKSPACE,
            "draft": "The draft's id.",
            "answers": 'The answers by question id, such as {"goal": "...", "audience": "..."}.',
        },
    ),
    Tool(
        "generate_roadmap",
        ("drafts", "roadmap"),
        "Plan a draft's project: phases, each with deliverables (title, description, priority, due offset in days "
        "from the start), stored on the draft to review and edit before execute_project_draft.",
        positional=("draft",),
        help={**IN_WORKSPACE, "draft": "The draft's id."},
    ),
    Tool(
        "update_project_draft",
        ("drafts", "update"),
        "Change a draft's name or description, or replace its whole roadmap (once generated), before it is executed.",
        positional=("draft",),
        help={
            **IN_WORKSPACE,
            "draft": "The draft's id.",
            "name": "The project's name (one line, at most 200 characters).",
            "description": "What the project is about (at most 5,000 characters).",
            "roadmap": '{"phases": [{"title", "description", "deliverables": [{"title", "description", "priority", '
            '"dueOffsetDays"}]}]}; phase titles differ (each becomes a column).',
        },
    ),
    Tool(
        "execute_project_draft",
        ("drafts", "execute"),
        "Create the project of a draft's roadmap, all at once: one column per phase, one card per deliverable with "
        "its priority and a due date its offset from today. A draft is executed once.",
        positional=("draft",),
        help={**IN_WORKSPACE, "draft": "The draft's id."},
    ),
)

_BY_NAME = {tool.name: tool for tool in TOOLS}


def tool_named(name: str) -> Tool | None:
    return _BY_NAME.get(name)


def commands() -> dict[str, list[Tool]]:
    """The tools by command group (``cards``: list, search, show...), groups in the order of their first tool."""
    groups: dict[str, list[Tool]] = {}
    for tool in TOOLS:
        groups.setdefault(tool.command[0], []).append(tool)
    return groups
