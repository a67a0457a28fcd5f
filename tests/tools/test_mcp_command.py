"""``stellary mcp`` as a process: what it sets up before serving."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from stellary_core.db import Database
from stellary_core.principal import Principal
from stellary_tui import collector
from stellary_tui.cli import main


@pytest.fixture
def thresholds() -> Iterator[None]:
    previous = gc.get_threshold()
    yield
    gc.set_threshold(*previous)


def test_the_mcp_server_collects_garbage_as_seldom_as_stellary_serve(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, thresholds: None
) -> None:
    """With CPython's default thresholds, list_cards over 5,000 cards cost the server ~400 ms of CPU instead of ~180."""
    seen: list[tuple[int, int, int]] = []

    def serve_stdio(db: Database, actor: Callable[[], Principal]) -> None:
        seen.append(gc.get_threshold())

    gc.set_threshold(700, 10, 10)
    monkeypatch.setattr("stellary_core.mcp.stdio.serve_stdio", serve_stdio)
    assert main(["mcp", "--data-dir", str(data_dir)]) == 0
    assert seen == [collector.THRESHOLDS]
