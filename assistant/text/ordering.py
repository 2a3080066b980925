"""Names tried longest first, in one total order.

Sorting a set by length alone leaves names of equal length in the set's iteration order, which for
strings changes from one process to the next (PYTHONHASHSEED): the same question then found its
places, or matched its names, in a different order, and its answer could change between runs.
"""

from __future__ import annotations


def longest_first(name: str) -> tuple[int, str]:
    """Sort key: longer names first, equal lengths by the name itself."""
    return -len(name), name
