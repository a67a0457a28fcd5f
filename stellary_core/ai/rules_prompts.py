"""The prompts the ``rules`` provider understands, read into instructions before anything runs.

A prompt holds one or several instructions, separated by ``;`` or new lines.
Words are read in any case; what an instruction carries (a comment, a column
name, checklist items) keeps the case it was written in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stellary_core.errors import Invalid


@dataclass(frozen=True)
class Form:
    verb: str
    pattern: re.Pattern[str]
    usage: str


def _form(verb: str, pattern: str, usage: str) -> Form:
    return Form(verb, re.compile(rf"^{pattern}$", re.IGNORECASE | re.DOTALL), usage)


_IT = r"(?:(?:it|this card|the card)\s+)?"
# The same words after a verb that needs nothing else ("archive it").
_ON_IT = r"(?:\s+(?:it|this card|the card))?"
FORMS: tuple[Form, ...] = (
    _form("move", rf"move\s+{_IT}to\s+(?P<column>.+)", "move to <column>"),
    _form("priority", r"set\s+(?:the\s+)?priority\s+(?:to\s+)?(?P<priority>low|medium|high)", "set priority <low|medium|high>"),
    _form("assign", rf"assign\s+{_IT}to\s+(?P<who>.+)", "assign to <email|name|me>"),
    _form("due", r"due\s+(?:on\s+)?(?P<when>.+)", "due <YYYY-MM-DD|tomorrow|next week|in N days>"),
    _form("label", rf"label\s+{_IT}(?:as\s+|with\s+)?(?P<label>.+)", "label <name>"),
    _form("checklist", r"add\s+(?:a\s+)?checklist\s*:\s*(?P<items>.+)", "add checklist: a, b, c"),
    _form("comment", r"comment\s*:\s*(?P<text>.+)", "comment: <text>"),
    _form("archive", rf"archive{_ON_IT}", "archive"),
    _form("summarize", rf"summari[sz]e{_ON_IT}", "summarize"),
    _form("split", rf"split\s+{_IT}into\s*:\s*(?P<items>.+)", "split into: a, b, c"),
    _form("triage", rf"triage{_ON_IT}", "triage"),
)
UNDERSTOOD = "; ".join(form.usage for form in FORMS)


@dataclass(frozen=True)
class Instruction:
    verb: str
    text: str
    # The instruction's parts by name (column, priority, who, when, label, items, text), as written.
    parts: dict[str, str]

    def items(self) -> list[str]:
        """The comma-separated items of a checklist or a split, without blanks."""
        return [item.strip() for item in self.parts["items"].split(",") if item.strip()]


def _read(text: str) -> Instruction | None:
    for form in FORMS:
        found = form.pattern.match(text)
        if found is not None:
            parts = {name: value.strip() for name, value in found.groupdict().items() if value is not None}
            return Instruction(form.verb, text, parts)
    return None


def read_prompt(prompt: str) -> list[Instruction]:
    """The prompt's instructions in order; a part it cannot read is a 400 listing what it understands."""
    pieces = [piece.strip().rstrip(".").strip() for piece in re.split(r"[;\n]", prompt)]
    pieces = [piece for piece in pieces if piece]
    if not pieces:
        raise Invalid.field("prompt", f"is empty; the rules provider understands: {UNDERSTOOD}")
    instructions: list[Instruction] = []
    for piece in pieces:
        instruction = _read(piece)
        if instruction is None:
            raise Invalid.field("prompt", f"cannot read {piece!r}; the rules provider understands: {UNDERSTOOD}")
        if instruction.verb in ("checklist", "split") and not instruction.items():
            raise Invalid.field("prompt", f"{piece!r} names no items (separate them with commas)")
        instructions.append(instruction)
    return instructions
