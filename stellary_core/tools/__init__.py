"""Tools: the operations Stellary offers to AI assistants (MCP) and to scripts (the CLI), from one list.

``catalog.TOOLS`` names each tool's operation and how a model and a shell
see it; ``arguments`` turns an operation's input model into the tool's
arguments and back; ``calls`` runs a tool through the operation runner;
``render`` writes a result as short text. Nothing here imports the MCP SDK:
the CLI uses these modules without it.
"""
