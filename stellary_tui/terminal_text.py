"""User text as every terminal draws it: one width, measured alike by Textual and the terminal.

Textual lays a row out with rich's measure of each grapheme, but terminals do
not agree on some emoji sequences: rich counts a character followed by the
emoji variation selector (U+FE0F, as in ❄️) as two cells and a skin-toned emoji
(👍🏽) as one, while tmux 3.3 and many other terminals ignore the selector (❄️ is
one cell) and draw the skin tone as a second emoji (four cells). Whatever comes
after such a sequence on the row then lands one or two cells off: a chart's
axis breaks, a border moves. Without the selectors, the tone modifiers and the
zero-width joiners, each character has the width both sides give it alone, so
rows line up whatever the terminal. This is for display only: the stored text
keeps every character.
"""

from __future__ import annotations

import re

# Variation selectors 15 and 16 (text or emoji presentation), the zero-width joiner
# that fuses emoji into one glyph, and the five Fitzpatrick skin-tone modifiers.
_UNSTEADY = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")


def steady(text: str) -> str:
    """``text`` without the marks that terminals draw at different widths."""
    return _UNSTEADY.sub("", text)
