"""Shared pieces of the wire format: camelCase models, ids, timestamps, errors."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationError
from pydantic.alias_generators import to_camel

from stellary_core.clock import iso_z, to_utc_naive
from stellary_core.errors import FieldError, Invalid
from stellary_core.ids import is_id

NAME_MAX = 200
DESCRIPTION_MAX = 5000
CONTENT_MAX = 100_000


def invalid_from(error: ValidationError) -> Invalid:
    """A pydantic failure as the 400 every caller sees: each field named, with a readable message."""
    details = []
    for problem in error.errors():
        where = ".".join(str(part) for part in problem["loc"]) or "body"
        message = str(problem["msg"]).removeprefix("Value error, ")
        if problem["type"] == "extra_forbidden":
            message = "is not allowed"
        elif problem["type"] == "missing":
            message = "is required"
        details.append(FieldError(where, message))
    return Invalid(f"{details[0].field}: {details[0].message}", details=details)


class ApiModel(BaseModel):
    """Responses: camelCase on the wire, built from attributes or dicts."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, from_attributes=True)

    def wire(self) -> dict[str, Any]:
        return self.model_dump(mode="json", by_alias=True)


class InputModel(ApiModel):
    """Request bodies: strict, so an unknown or read-only field is a 400 naming it.

    The wire takes the camelCase aliases only (``due_date`` is an unknown field, as the
    contract says); Python callers (TUI, CLI, services) construct with field names.
    """

    model_config = ConfigDict(
        alias_generator=to_camel,
        validate_by_alias=True,
        validate_by_name=False,
        extra="forbid",
        str_strip_whitespace=True,
    )

    def __init__(self, /, **data: Any) -> None:
        # By name here only: FastAPI and model_validate go through the core validator, not __init__.
        self.__pydantic_validator__.validate_python(data, self_instance=self, by_name=True)

    # Tells pydantic this __init__ is a plain constructor, so validating a body does not call it
    # (a custom __init__ would otherwise receive every wire body and accept names there too).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def given(self) -> set[str]:
        """Python names of the fields the client sent (so PATCH can tell null from absent)."""
        return set(self.model_fields_set)

    def refuse_nulls(self, *names: str) -> None:
        """A 400 naming the first of ``names`` (Python names) sent as null: fields a PATCH may change, never clear."""
        for name in names:
            if name in self.model_fields_set and getattr(self, name) is None:
                raise Invalid.field(to_camel(name), "cannot be null")


def _parse_datetime(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_utc_naive(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                parsed_date = date.fromisoformat(text)
                return datetime(parsed_date.year, parsed_date.month, parsed_date.day)
            return to_utc_naive(datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00")))
        except (ValueError, OverflowError):  # OverflowError: an offset pushing year 1 or 9999 out of range
            raise ValueError("must be an ISO-8601 date or date-time") from None
    if value is None:
        return None
    raise ValueError("must be an ISO-8601 date or date-time")


def _check_id(value: str) -> str:
    if not is_id(value):
        raise ValueError("must be a 24-character hexadecimal id")
    return value


# A timestamp: accepts "2026-04-01" or any ISO-8601 date-time, stores naive UTC,
# sends back ``2026-04-01T00:00:00Z``.
UtcDateTime = Annotated[
    datetime,
    BeforeValidator(_parse_datetime),
    PlainSerializer(lambda v: iso_z(v), return_type=str, when_used="json"),
]
# The same timestamp in a response: the value comes from the database, already
# naive UTC, so it is only serialised (parsing it again is a Python call per value,
# and a list of cards holds tens of thousands).
UtcTimestamp = Annotated[datetime, PlainSerializer(iso_z, return_type=str, when_used="json")]
ObjectId = Annotated[str, AfterValidator(_check_id)]

# Control characters (C0, DEL, C1: NUL would cut a name short in C tools, ESC drives terminals)
# and the bidi embeddings, overrides and isolates, which make a name read other than it is.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_NOT_IN_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_NOT_IN_LONG_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")  # tab, LF, CR stay


def hidden_character_problem(value: str, *, multiline: bool = False) -> str | None:
    """Why ``value`` cannot be stored as text people read, or None (the TUI asks before it builds a model)."""
    found = (_NOT_IN_LONG_TEXT if multiline else _NOT_IN_ONE_LINE).search(value)
    if found is None:
        return None
    kind = "a line break" if found.group() in "\n\r" else "a control or bidi character"
    return f"must not contain {kind} (U+{ord(found.group()):04X})"


def _check_one_line(value: str) -> str:
    if (problem := hidden_character_problem(value)) is not None:
        raise ValueError(problem)
    return value


def _check_long_text(value: str) -> str:
    if (problem := hidden_character_problem(value, multiline=True)) is not None:
        raise ValueError(problem)
    return value


# Every name and title is ``Annotated[str, Field(...), OneLine]``; descriptions and comments take
# ``LongText``. They come after the length Field: pydantic keeps its string length checks (and
# their messages) only for constraints placed before a validator.
OneLine = AfterValidator(_check_one_line)
LongText = AfterValidator(_check_long_text)

Name = Annotated[str, Field(min_length=1, max_length=NAME_MAX), OneLine]
Slug = Annotated[str, Field(min_length=2, max_length=60, pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Description = Annotated[str, Field(max_length=DESCRIPTION_MAX), LongText]


class OkResponse(ApiModel):
    ok: bool = True


class FieldErrorOut(ApiModel):
    field: str
    message: str


class ErrorResponse(ApiModel):
    status_code: int
    message: str
    error: str
    details: list[FieldErrorOut] | None = None
