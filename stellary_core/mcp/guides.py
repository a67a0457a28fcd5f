"""What the MCP server tells an assistant before it calls anything: its instructions and workflow guides."""

from __future__ import annotations

from dataclasses import dataclass

INSTRUCTIONS = """\
Stellary is a project-management board: workspaces hold projects, projects hold columns (such as To Do, \
In Progress, Done) and cards. You act as one user, with that user's access and token scopes; a tool the \
token does not allow answers with an error naming the missing scope.

Finding things:
- list_projects lists the projects of every workspace you are in; search_cards finds cards by words \
anywhere; list_cards lists a project's cards (or every project's) and filters them, 50 at a time \
(its answer's total says how many match; pass its nextCursor as cursor for more).
- Names work wherever an id does: a project by its name, a column by its name ("In Progress"), a card by \
its key (GS-12: the project's key prefix and the card's number; any case). A card's key is enough, \
without its project, unless two projects share that key. A name that fits several things is an error \
listing them: retry with the id it gives.

Picking the next card: list_cards with query "assignee:me -status:done" (or a project's todo column), \
then get_card_details and get_card_comments for the context.

Working on a card: move_card to an in-progress column when you start, add_comment to report progress, \
decisions and blockers, move_card to a done column when finished. create_cards_bulk breaks work down \
into several cards at once. Read the guides under stellary://guides/ for the details.
"""


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    description: str
    text: str

    @property
    def uri(self) -> str:
        return f"stellary://guides/{self.slug}"


GUIDES: tuple[Guide, ...] = (
    Guide(
        "picking-up-a-card",
        "Picking up a card",
        "How to choose the next card to work on and get its whole context before starting.",
        """\
# Picking up a card

1. Find candidates. `list_cards` with `query: "assignee:me -status:done"` lists what is yours and not done,
   across every project. Without anything assigned, look at a project's first column:
   `list_cards` with `project` and `column` (for example "To Do"), or `query: "status:todo -assignee:any"`
   for unassigned work. Add `priority:high` or `due:overdue` to see what matters most.
2. Read the card: `get_card_details` (description, checklist, dates, blockers count) and
   `get_card_comments` (what others said). A card with `blockedByCount` above 0 waits on another card:
   `list_cards` with `query: "is:blocked"` shows which ones are blocked.
3. Claim it: `assign_card` to yourself (your email) if it is unassigned, then `move_card` to the
   in-progress column (`list_columns` gives the project's columns and their categories).
4. Say so: `add_comment` with a line on how you will approach it.
""",
    ),
    Guide(
        "breaking-work-down",
        "Breaking work down",
        "How to split a large piece of work into cards a person or an agent can finish one at a time.",
        """\
# Breaking work down

- One card per outcome someone can finish and check on its own, in a day or two. A title says what will
  be true when it is done ("Export a project as CSV"), not the activity ("Work on export").
- Put the why, the constraints and the acceptance criteria in `description`; small steps go in the
  card's `checklist` (items `{title, done}`), not in separate cards.
- Create the cards in one call: `create_cards_bulk` with `project`, an optional `column` (the first column
  by default) and `cards`, each with `title` and optionally `description`, `priority`, `dueDate`.
  It is all or nothing: an error names the card (`cards.3.title`) and no card is made.
- Mark what matters with `priority` (low, medium, high) and dates with `dueDate` (YYYY-MM-DD).
- Comment on the parent card (`add_comment`) with the keys of the cards you created, so the split is traceable.
""",
    ),
    Guide(
        "reporting-progress",
        "Reporting progress",
        "How to keep the board true while you work: moves, comments and updates.",
        """\
# Reporting progress

- The board is the truth people read: keep each card in the column that says where it is.
  `move_card` to an in-progress column when you start, to a review column if the project has one,
  to a done column (category done) when finished: that also marks the card done.
- Comment as you go with `add_comment`: what you did, what you decided and why, what blocks you.
  Keep comments short and factual; mention card keys (GS-12) to link work.
- Tick checklist items and fix facts with `update_card` (only the fields you give change;
  `checklist` replaces the whole list, so send every item).
- If you cannot finish, say why in a comment, move the card back, and `assign_card` with null
  (or to the person who should continue).
""",
    ),
)

PROJECTS_URI = "stellary://projects"
