"""Modal screens with their own footer, so the keys on screen are those of what has focus.

A Textual footer lists the bindings of its own screen. The board's footer
stays visible (dimmed) under a modal, advertising "n New card" and "d Delete"
while the card editor is open and ctrl+s is what saves. Every modal screen of
the app derives from ``KeyedModal``, which docks a footer of its own over the
board's; a test checks that none is left out.
"""

from __future__ import annotations

from typing import TypeVar

from textual.screen import ModalScreen
from textual.widgets import Footer

ResultT = TypeVar("ResultT")


class KeyedModal(ModalScreen[ResultT]):
    """A modal screen whose footer shows its own keys (those of the focused widget, the screen and the app)."""

    def on_mount(self) -> None:
        # Runs after a subclass's own on_mount (Textual calls each class's handler): the dialog is
        # composed and focused by then, and the footer needs no place in any subclass's compose.
        if not self.query("#modal-footer"):  # once, even if a subclass also calls super().on_mount()
            self.mount(Footer(id="modal-footer"))
        self.refresh_bindings()
