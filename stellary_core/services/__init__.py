"""The only door to the data: one module per area.

Every function takes the session and the acting principal as keyword
arguments, enforces the rules of its area and raises ``stellary_core.errors``.
Functions that change something flush (the unit of work commits) and emit
domain events.
"""
