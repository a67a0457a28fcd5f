"""The one hierarchy of domain errors.

Services raise these; the REST server maps them to the error envelope in one
handler and the TUI shows their message in a notification. Nothing else maps
errors.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


class StellaryError(Exception):
    """Base of every error a caller may see. ``status`` is the HTTP code."""

    status: int = 500
    default_message: str = "Internal server error"

    def __init__(self, message: str | None = None, *, details: list[FieldError] | None = None) -> None:
        self.message = message or self.default_message
        self.details = details or []
        super().__init__(self.message)


class Invalid(StellaryError):
    status = 400
    default_message = "Validation failed"

    @classmethod
    def field(cls, field: str, message: str) -> "Invalid":
        """A validation error about one field, with the field named in the message too."""
        return cls(f"{field}: {message}", details=[FieldError(field, message)])


class Unauthorized(StellaryError):
    status = 401
    default_message = "Unauthorized"


class Forbidden(StellaryError):
    status = 403
    default_message = "Forbidden"


class NotFound(StellaryError):
    status = 404
    default_message = "Not found"


class Conflict(StellaryError):
    status = 409
    default_message = "Conflict"


class TooLarge(StellaryError):
    status = 413
    default_message = "Payload too large"


class RateLimited(StellaryError):
    status = 429
    default_message = "Too many requests"

    def __init__(self, message: str | None = None, *, retry_after: int = 60) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class ProviderFailed(StellaryError):
    """The AI provider (a model server) did not answer, or answered with something unusable."""

    status = 502
    default_message = "The AI provider failed"


class Busy(StellaryError):
    """The database stayed locked past its timeout; nothing was changed, so a retry is safe."""

    status = 503
    default_message = "The database is busy; nothing was changed, retry shortly"

    def __init__(self, message: str | None = None, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class TransactionConflict(Busy):
    """The transaction collided with another one (a deadlock or serialization failure) and was rolled back.

    Nothing was changed. The operation runner re-runs the unit of work a few times before
    answering Busy; any other caller answers it as Busy straight away.
    """
