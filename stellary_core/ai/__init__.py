"""AI work on the board: providers that plan and call tools for a mission, and the project wizard.

``steps`` holds what a provider reports while it works, ``toolbox`` the door
through which it calls tools (the runner's: it refuses tools outside the
agent's list and may turn writes into proposals), ``provider`` the interface
every provider implements, ``wizard`` the wizard's shapes. ``rules_provider``
is the offline default; ``openai_provider`` speaks the chat-completions
protocol through httpx, imported only when that provider is built.
"""
