"""The REST server: FastAPI routers over the services (the only module importing FastAPI), and MCP at /mcp."""
