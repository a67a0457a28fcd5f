"""The card editor's Attachments tab: attach a file by path, save one to a path, delete one."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from stellary_core.operations.catalog.attachments import OnAttachment, delete_attachment
from stellary_core.operations.catalog.card_tabs import (
    AttachLocalFile,
    NamedAttachmentOut,
    SaveAttachmentCopy,
    attach_local_file,
    list_named_attachments,
    save_attachment_copy,
)
from stellary_core.operations.refs import OnCard
from stellary_tui import plurals
from stellary_tui.screens.dialogs import ConfirmDialog, PromptDialog
from stellary_tui.widgets.card_pane import CardPane, when


def human_size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024  # type: ignore[assignment]
    return f"{size} B"


class AttachmentsPane(CardPane):
    BINDINGS = [
        Binding("s", "save_attachment", "Save to…", id="attachments.save"),
        Binding("delete", "delete_attachment", "Delete file", id="attachments.delete"),
    ]

    def compose(self) -> ComposeResult:
        yield Label("Loading…", id="attachments-count", classes="pane-hint")
        yield OptionList(id="attachments-list")
        yield Input(placeholder="Path of a file to attach (at most 10 MB), then enter", id="attachment-path")

    def reload(self) -> None:
        self.run(list_named_attachments, lambda r: OnCard(**r.on_card()), then=self._show)

    def _show(self, found: list[NamedAttachmentOut]) -> None:
        listing = self.query_one("#attachments-list", OptionList)
        listing.clear_options()
        for item in found:
            text = Text(item.original_name, style="bold")
            text.append(f"  {human_size(item.size)} · {item.mime_type} · {item.uploader_name} · {when(item.created_at)}", style="dim")
            listing.add_option(Option(text, id=item.id))
        count = len(found)
        self.query_one("#attachments-count", Label).update(
            f"{plurals.count(count, 'file')} · s saves the highlighted one to a path · delete removes it"
            if count
            else "No attachments yet."
        )

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "attachment-path":
            return
        event.stop()
        raw = event.value.strip()
        if not raw:
            return
        path = Path(raw).expanduser()

        def attached(added: NamedAttachmentOut) -> None:
            event.input.value = ""
            self.notify(f"Attached {added.original_name}")
            self.reload()

        self.run(attach_local_file, lambda r: AttachLocalFile(**r.on_card(), path=path), then=attached)

    def _highlighted_id(self) -> str | None:
        listing = self.query_one("#attachments-list", OptionList)
        if listing.highlighted is None:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def action_save_attachment(self) -> None:
        attachment_id = self._highlighted_id()
        if attachment_id is None or self.ref is None:
            return

        def save(target: str | None, overwrite: bool = False) -> None:
            if not target:
                return
            destination = Path(target).expanduser()
            self.run(
                save_attachment_copy,
                lambda r: SaveAttachmentCopy(
                    **r.on_card(), attachment=attachment_id, destination=destination, overwrite=overwrite
                ),
                then=lambda saved: self.notify(f"Saved to {saved.path}"),
                failed=lambda error: self._offer_overwrite(error.status, target, save),
            )

        self.app.push_screen(PromptDialog("Save the file to", placeholder="A path, or a directory to save it in", value=str(Path.cwd()) + "/"), save)

    def _offer_overwrite(self, status: int, target: str, save: object) -> None:
        if status != 409:
            return
        self.app.push_screen(
            ConfirmDialog(f"{target} exists. Replace it?", yes="Replace", title="File exists"),
            lambda ok: save(target, True) if ok else None,  # type: ignore[operator]
        )

    def action_delete_attachment(self) -> None:
        attachment_id = self._highlighted_id()
        if attachment_id is None:
            return

        def delete(confirmed: bool | None) -> None:
            if confirmed:
                self.run(
                    delete_attachment,
                    lambda r: OnAttachment(**r.on_card(), attachment=attachment_id),
                    then=lambda _: self.reload(),
                )

        self.app.push_screen(ConfirmDialog("Delete this attachment and its file?"), delete)
