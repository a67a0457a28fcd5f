"""``stellary web`` serves the app to a real browser: headless Chromium shows a card key of the board."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest

from stellary_core.db import Database
from stellary_core.services import seeding
from stellary_tui.cli.web import app_command
from tests.web.headless_chromium import HeadlessChromium, find_chromium
from tests.web.web_server import stellary_web

CHROMIUM = find_chromium()


def test_the_board_opens_in_a_browser_tab(db: Database, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("headless Chromium is not installed (Debian: apt-get install chromium); .ci/run installs it")
    with db.session(write=True) as session:
        _, project = seeding.create_demo_profile(session, cards=12)
        prefix = project.key_prefix
    data_dir = db.settings.data_dir
    db.dispose()

    log = tmp_path / "web.log"
    with stellary_web(data_dir, log) as url, HeadlessChromium(CHROMIUM) as browser:
        browser.open(url)
        try:
            rows = browser.wait_for_text(f" {prefix}-1 ", timeout=60)
        except Exception:
            print(log.read_text(errors="replace"))
            raise
    assert "Demo Project" in rows


def test_each_tab_runs_this_interpreter_on_the_data_dir_as_one_shell_word() -> None:
    # textual-serve hands the command to a shell: a data dir with a space or a quote stays one argument.
    data_dir = "/tmp/my data/it's here"
    assert shlex.split(app_command(data_dir)) == [sys.executable, "-m", "stellary_tui.cli", "--data-dir", data_dir]
    assert shlex.split(app_command(None)) == [sys.executable, "-m", "stellary_tui.cli"]
