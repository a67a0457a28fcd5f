"""The only door to the data: one module per area.

Every function takes the session and the acting principal as keyword
arguments, enforces the rules of its area and raises ``stellary_core.errors``.
Functions that change something commit and emit domain events.
"""

# The activity log subscribes to domain events as soon as any service is imported.
from stellary_core.services import activity as _activity  # noqa: E402,F401
