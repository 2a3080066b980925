"""What every command refuses the same way: arguments or input that cannot be used (exit status 2)."""

from __future__ import annotations


class UsageError(Exception):
    """Arguments or input that cannot be used; exit status 2."""


def check_k(k: int | None) -> None:
    """--k, when given, is 1…50."""
    if k is not None and not 1 <= k <= 50:
        raise UsageError(f"--k must be between 1 and 50, got {k}")
