"""``python -m stellary_tui.cli``: the ``stellary`` command without its console script (``stellary web`` runs the app so)."""

from __future__ import annotations

import sys

from stellary_tui.cli import main

sys.exit(main())
