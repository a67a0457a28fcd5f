"""Automations: the engine that runs a project's rules on card events, and the due-date scheduler."""
