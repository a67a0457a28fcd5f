"""Stellary for the terminal: the Textual app and the ``stellary`` command line."""
