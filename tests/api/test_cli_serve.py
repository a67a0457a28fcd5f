"""``stellary serve``: the REST API process on its own."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from stellary_core.db import Database
from stellary_tui import collector
from stellary_tui.cli import main


@pytest.fixture
def thresholds() -> Iterator[None]:
    previous = gc.get_threshold()
    yield
    gc.set_threshold(*previous)


def test_the_server_collects_garbage_as_seldom_as_the_tui(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, thresholds: None
) -> None:
    """With CPython's default thresholds a list of 5,000 cards costs the server about half as much CPU again."""
    seen: list[tuple[int, int, int]] = []

    def serve(db: Database, host: str, port: int) -> None:
        seen.append(gc.get_threshold())
        db.dispose()

    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr("stellary_core.server.app.serve", serve)
    assert main(["serve", "--data-dir", str(tmp_path), "--port", "3999"]) == 0
    assert seen == [collector.THRESHOLDS]
