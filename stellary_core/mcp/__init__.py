"""Stellary's MCP server: the tools of ``stellary_core.tools`` for AI assistants (stdio here, HTTP in mcp.http).

Importing this package loads the MCP SDK (slow to import): only ``stellary mcp``
and ``stellary serve`` do, never the TUI's start.
"""
