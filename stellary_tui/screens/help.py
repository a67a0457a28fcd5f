"""The help screen: every key of the app, grouped, generated from the bindings themselves."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Markdown

HELP_TEXT = """\
# Stellary keys

## Everywhere
| Key | Does |
|---|---|
| `ctrl+p` | Command palette: every action, every project |
| `?` | This help |
| `tab` / `shift+tab` | Move focus between the navigator and the board |
| `ctrl+b` | Show or hide the navigator |
| `1` `2` `3` `4` `5` | Kanban, List, Calendar, Roadmap, Stats view of the scope (remembered per scope) |
| `s` | Switch scope, or create, rename or delete one |
| `/` | Filter the cards of every view: `priority:high label:bug assignee:me due:<2026-12-01 due:overdue status:done column:"In Review" is:archived words` |
| `f` | Saved filters of the scope: apply, save the current one, clear |
| `ctrl+q` | Quit |

## Navigator
| Key | Does |
|---|---|
| `↑` `↓` / `enter` | Choose a project and open it |
| `n` | New project in the focused workspace |
| `r` | Rename the focused project |
| `d` | Delete the focused project (asks first) |

## Kanban view
| Key | Does |
|---|---|
| `←` `→` `↑` `↓` or `h` `j` `k` `l` | Move the focus between cards |
| `shift+←` `shift+→` or `H` `L` | Move the focused card to the previous / next column |
| `shift+↑` `shift+↓` or `K` `J` | Move the focused card up / down its column |
| `pageup` `pagedown` `g` `G` | Jump a page, to the first or the last card |
| `n` | New card in the focused column |
| `enter` or `e` | Open the card editor |
| `a` | Archive the focused card |
| `d` | Delete the focused card (asks first) |
| `c` | New column after the focused one |
| `r` | Rename the focused column |
| `x` | Delete the focused column (asks where its cards go) |
| `<` `>` | Move the focused column left / right |

## Card editor
| Key | Does |
|---|---|
| `ctrl+s` | Save |
| `ctrl+t` | Next tab: details, checklist, labels & fields, relations, comments, attachments, activity |
| `escape` | Close (asks first when there are unsaved changes) |
| `tab` | Next field |
| `space` | Toggle the highlighted checklist item |
| `delete` | Remove the highlighted checklist item, comment or relation; delete an attachment |
| `F2` | Rename the highlighted checklist item |
| `ctrl+↑` `ctrl+↓` | Move the highlighted checklist item |
| `s` | Attachments: save the highlighted file to a path |

Labels, custom fields and the checklist are saved with the card (`ctrl+s`);
comments, attachments and relations are added at once.

## Collaboration
| Key | Does |
|---|---|
| `N` | Notifications (the unread count is the ✉ in the top bar) |
| `M` | Members of the organization, workspace and project; invitations |
| `T` | API tokens for the REST API |
| `ctrl+p` then "Export project…" / "Import project…" | Write the project to a JSON file / create one from a file |

### Notifications
| Key | Does |
|---|---|
| `↑` `↓` / `enter` | Choose a notification; enter marks it read and opens its card |
| `m` | Mark the highlighted notification read |
| `M` or `ctrl+a` | Mark all read |
| `u` | Show unread only / all |
| `escape` | Close |

### Members
| Key | Does |
|---|---|
| `1` `2` `3` | Organization, workspace, project tab |
| `a` | Add a member (by email) |
| `r` | Change the role (organization or workspace) |
| `p` | Change the pilotage role (workspace) |
| `d` | Remove the highlighted member (asks first) |
| `i` | Invite someone to the workspace: shows a one-time token to pass on |

### API tokens
| Key | Does |
|---|---|
| `n` | New token: name, scopes, optional expiry; the token is shown once |
| `d` | Revoke the highlighted token (asks first) |
"""


def full_help() -> str:
    """The app's keys, then each view's own section (kept beside the view's code)."""
    from stellary_tui.views import calendar_view, list_view, roadmap_view, stats_view

    return "\n\n".join([HELP_TEXT, *(module.HELP for module in (list_view, calendar_view, roadmap_view, stats_view))])


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "close", "Close", id="help.close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Markdown(full_help())
            yield Label("escape to close", classes="dialog-hint")

    def action_close(self) -> None:
        self.dismiss(None)
