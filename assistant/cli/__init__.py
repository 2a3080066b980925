"""Command line: ``python -m assistant ask|add|index|eval|chat|bench|duties|obligations|quiz|serve``."""

from assistant.cli.main import main

__all__ = ["main"]
