"""The Cockpit and Documents screens built ahead and kept between visits, so C or D only shows them.

Building a screen (its widgets, their styles, its first layout) was half of
its open. The main screen keeps the last one of each kind, for what it was
made for (the same workspace, as the navigator knows it: a renamed project or
a changed role makes a new one). It is installed in the app, so closing it
keeps it whole. The first one is built unseen as soon as its read ahead lands
(read_ahead.py), so even the first C or D finds it ready. Opened, it is given
the latest read and redraws only what that read changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from textual.app import App
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])


class KeptScreen(Generic[S]):
    """The last screen of one kind, and what it was made for."""

    def __init__(self, app: App[Any], kind: str) -> None:
        self.app = app
        self.kind = kind
        self._made_for: object = None
        self._screen: S | None = None
        self._made = 0  # each kept screen's install name is new: the old one may still be on its way out

    def reuse(self, made_for: object) -> S | None:
        """The kept screen if it was made for ``made_for`` and is not open already."""
        screen = self._screen
        if screen is None or self._made_for != made_for or screen in self.app.screen_stack:
            return None
        return screen

    def keep(self, made_for: object, screen: S) -> S:
        """Keep ``screen`` (about to be pushed) in place of the one kept before."""
        self.drop()
        self._made += 1
        self.app.install_screen(screen, name=f"kept-{self.kind}-{self._made}")
        self._made_for, self._screen = made_for, screen
        return screen

    def show(self, made_for: object, make: Callable[[], S], refresh: Callable[[S], None]) -> None:
        """Push the kept screen made for ``made_for``, ``refresh``ed with the latest read, or a new one ``make`` builds."""
        screen = self.reuse(made_for)
        if screen is None:
            screen = self.keep(made_for, make())
        else:
            refresh(screen)
        self.app.push_screen(screen)

    def build_ahead(self, made_for: object, make: Callable[[], S]) -> None:
        """Build a screen for ``made_for`` now, unseen, unless one is kept for it (or the kept one is open)."""
        kept = self._screen
        if kept is not None and (self._made_for == made_for or kept in self.app.screen_stack):
            return
        screen = self.keep(made_for, make())
        # Registered, an installed screen composes and mounts its widgets off screen, as push_screen
        # would start it (Textual's own step, private in the pinned version); pushed, it is only laid out.
        self.app._get_screen(screen)

    def drop(self) -> None:
        """Forget the kept screen, and remove it (it is closed: C and D open from the main screen)."""
        screen, self._screen, self._made_for = self._screen, None, None
        if screen is None or screen in self.app.screen_stack:
            return
        self.app.uninstall_screen(screen)
        if screen.is_attached:
            screen.remove()


class KeptScreens:
    """A main screen's kept Cockpit and Documents screens."""

    def __init__(self, app: App[Any]) -> None:
        self.cockpit: KeptScreen[Any] = KeptScreen(app, "cockpit")
        self.documents: KeptScreen[Any] = KeptScreen(app, "documents")
