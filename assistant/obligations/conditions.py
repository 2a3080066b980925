"""Head-count conditions of an obligation sentence: 从业人员超过一百人, 300人以上 (Chinese or Arabic numerals)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numerals import CN_AMOUNT, cn_to_int

_NUMBER = rf"(?:\d+|{CN_AMOUNT})"
_HEAD_COUNT = re.compile(
    r"(?:从业人员|职工|员工)(?:总数)?(?:在)?(?P<before>超过|多于|不少于|不足|少于|达到)?(?P<n>" + _NUMBER + r")(?:人|名)"
    r"(?P<after>以上|以下|及以上|以内)?"
)


@dataclass(frozen=True)
class HeadCount:
    """One alternative of a head-count condition: bounds, and whether it is for high-risk units only."""

    low: int | None
    high: int | None
    high_risk: bool | None
    text: str

    def holds(self, employees: int, high_risk: bool) -> bool:
        in_range = (self.low is None or employees >= self.low) and (self.high is None or employees <= self.high)
        return in_range and (self.high_risk is None or self.high_risk == high_risk)


def head_counts(text: str) -> list[HeadCount]:
    """Every head-count condition in a sentence: "从业人员超过一百人" → low 101."""
    found = []
    for match in _HEAD_COUNT.finditer(text):
        number = cn_to_int(match.group("n"))
        before, after = match.group("before") or "", match.group("after") or ""
        low: int | None = None
        high: int | None = None
        if before in ("超过", "多于"):
            low = number + 1
        elif before in ("不足", "少于"):
            high = number - 1
        elif before in ("不少于", "达到") or after in ("以上", "及以上"):
            low = number
        elif after in ("以下", "以内"):
            high = number
        else:
            continue
        following = text[match.end(): match.end() + 12]
        kind = True if "高危" in following else False if "其他" in following else None
        found.append(HeadCount(low, high, kind, match.group(0)))
    return found
