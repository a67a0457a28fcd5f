"""Errors in the words of the form a person filled in, not of the wire.

The core names fields as the REST API does (``startDate: must be an ISO-8601
date or date-time``), which is right for an HTTP client and wrong for someone
who typed into a box labelled "Start date". This module is the TUI's one
translation from an error's details to a label and a hint ("Start date: use
YYYY-MM-DD"); the REST envelope keeps its own words.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from stellary_core.errors import FieldError, Invalid, StellaryError
from stellary_core.schemas.common import invalid_from
from stellary_tui.field_labels import LABELS, label, words

# A value of the wrong shape gets the field's own example rather than the pattern it failed.
_FORMAT_HINTS = {
    "startDate": "use YYYY-MM-DD",
    "dueDate": "use YYYY-MM-DD",
    "expiresAt": "use YYYY-MM-DD",
    "color": "use a colour like #3b82f6",
    "keyPrefix": "use 2 to 5 capital letters, like WEB",
    "slug": "use lowercase letters, digits and dashes",
    "email": "use an address like name@example.com",
}

# (pattern of the core's or pydantic's message, hint); the first match wins.
_REWRITES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), hint)
    for pattern, hint in (
        (r"ISO-8601 date", "use YYYY-MM-DD"),
        (r"^(is required|cannot be null|String should have at least 1 character)$", "cannot be empty"),
        (r"^String should have at least (\d+) characters$", r"needs at least \1 characters"),
        (r"^String should have at most (\d+) characters$", r"is too long (\1 characters at most)"),
        (r"^List should have at most (\d+) items.*$", r"holds \1 at most"),
        (r"^List should have at least 1 item.*$", "needs at least one"),
        (r"^Input should be a valid integer.*$", "use a whole number"),
        (r"^Input should be a valid number.*$", "use a number"),
        (r"^Input should be greater than or equal to (\S+)$", r"must be \1 or more"),
        (r"^Input should be less than or equal to (\S+)$", r"must be \1 or less"),
        (r"^must be a 24-character hexadecimal id$", "pick one from the list"),
        (r"^must not contain a line break.*$", "must be one line"),
        (r"^must not be before startDate$", "must not be before the start date"),
    )
)
_CHOICES = re.compile(r"^Input should be (.+)$")
_QUOTED = re.compile(r"'([^']*)'")
_CAMEL_WORD = re.compile(r"\b[a-z]+(?:[A-Z][a-z]*)+\b")


def hint(field: str, message: str) -> str:
    """What to do about ``message`` (the core's or pydantic's words about ``field``)."""
    last = field.split(".")[-1]
    if last in _FORMAT_HINTS and ("pattern" in message or "ISO-8601" in message or "valid email" in message):
        return _FORMAT_HINTS[last]
    for pattern, rewrite in _REWRITES:
        if pattern.search(message):
            return pattern.sub(rewrite, message) if "\\" in rewrite else rewrite
    if found := _CHOICES.match(message):
        # "Input should be 'high', 'medium' or 'low'" → "pick high, medium or low"
        return "pick " + _QUOTED.sub(lambda m: m.group(1).replace("_", " "), found.group(1))
    # Wire names inside a sentence ("must be another column than moveCardsTo") read as labels.
    return _CAMEL_WORD.sub(lambda m: LABELS.get(m.group(), words(m.group())).lower(), message)


def field_problem(problem: FieldError) -> str:
    return f"{label(problem.field)}: {hint(problem.field, problem.message)}"


def error_text(error: StellaryError) -> str:
    """The whole error in the form's words: each field's problem on its own line, context kept."""
    if not error.details:
        return error.message
    problems = [field_problem(d) for d in error.details]
    raw = [f"{d.field}: {d.message}" for d in error.details]
    text = error.message
    if text == error.default_message or text.startswith(error.default_message + ":"):
        return "\n".join(problems)  # "Validation failed: a: …; b: …" says nothing the list does not
    # The message may wrap a field's problem in context ("notes.json is not a project …: cards.0.dueDate: …").
    for wire, said in zip(raw, problems):
        text = text.replace(wire, said)
    if not isinstance(error, Invalid):
        return text  # a refusal's details are for programs (a conflict's current version); its message says it
    extra = [said for wire, said in zip(raw, problems) if wire not in error.message]
    return "\n".join([text, *extra])


def validation_text(error: ValidationError) -> str:
    """A form checked with the REST API's own model, failing in the form's words."""
    return error_text(invalid_from(error))
