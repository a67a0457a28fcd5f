"""Regenerate the browser screenshot: python screenshots/web.py (needs Chromium, as its test does).

Runs ``stellary web`` on a demo project, opens it in headless Chromium, waits
until the board's cards are on the page and saves ``web.png`` here. The app
runs in its own process, so its clock is the real one (unlike generate.py's).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from stellary_core.config import Settings  # noqa: E402
from stellary_core.db import open_database  # noqa: E402
from stellary_core.services import seeding  # noqa: E402
from tests.web.headless_chromium import HeadlessChromium, find_chromium  # noqa: E402
from tests.web.web_server import stellary_web  # noqa: E402

# About 160x46 cells at the page's default 16 px font.
WINDOW = (1440, 1000)


def main() -> int:
    chromium = find_chromium()
    if chromium is None:
        print("screenshots/web.py needs Chromium (Debian: apt-get install chromium)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="stellary-web-shot-") as temporary:
        directory = Path(temporary)
        db = open_database(Settings.from_env(data_dir=directory, database_url=f"sqlite:///{directory / 'stellary.db'}"))
        with db.session(write=True) as session:
            _, project = seeding.create_demo_profile(session, name="Jane Doe", cards=80, with_labels=True)
            prefix = project.key_prefix
        db.dispose()
        with stellary_web(directory, directory / "web.log") as url, HeadlessChromium(chromium, width=WINDOW[0], height=WINDOW[1]) as browser:
            browser.open(url)
            browser.wait_for_text(f" {prefix}-1 ", timeout=60)
            time.sleep(1.5)  # the buffer fills a frame before the canvas paints; let the board settle too
            browser.screenshot(HERE / "web.png")
    print("screenshots/web.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
