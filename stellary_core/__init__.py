"""Stellary's domain: storage, rules and services, plus the REST server.

Nothing in this package imports Textual or the TUI, so scripts, the REST
server and the MCP server can use it without a terminal.
"""

__version__ = "0.1.0"
