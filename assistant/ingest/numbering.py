"""The numbering schemes of Chinese laws and policy documents (the numerals themselves: text/numerals.py).

A marker is the label at the start of a line that opens a unit: 第三章, 第二十一条, 一、, （四）, 1.,
1、, （1）, ①. Which scheme nests in which is not fixed here: documents differ (一、 → 1. in one,
一、 → （一） → 1. in another), so the clause parser learns the nesting from the order it meets them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numerals import CN_NUMERAL, cn_to_int

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# Legal units, outermost first; their labels stand alone (第二十一条), the rest concatenate (二、（四）).
LEGAL_KINDS = ("编", "章", "节", "条")

_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("编", re.compile(rf"^第({CN_NUMERAL}|\d+)编(?=\s|$)")),
    ("章", re.compile(rf"^第({CN_NUMERAL}|\d+)章(?=\s|$)")),
    ("节", re.compile(rf"^第({CN_NUMERAL}|\d+)节(?=\s|$)")),
    ("条", re.compile(rf"^第({CN_NUMERAL}|\d+)条(?:之({CN_NUMERAL}))?(?=[\s　]|$)")),
    ("cn_dun", re.compile(rf"^({CN_NUMERAL})、")),
    ("cn_paren", re.compile(rf"^[（(]({CN_NUMERAL})[）)]")),
    ("arabic_dot", re.compile(r"^(\d{1,3})[.．](?!\d)")),
    ("arabic_dun", re.compile(r"^(\d{1,3})、")),
    ("arabic_paren", re.compile(r"^[（(](\d{1,3})[）)]")),
    ("circled", re.compile(rf"^([{_CIRCLED}])")),
)
# 一是……。二是……。 enumerations inside a paragraph.
SHI_ITEM = re.compile(rf"(?:^|(?<=[。；;]))\s*({CN_NUMERAL})是")


@dataclass(frozen=True)
class Marker:
    """A numbering label found at the start of a line."""

    kind: str
    number: int
    text: str
    rest: str

    @property
    def label(self) -> str:
        """The marker as a person writes it in a citation, in full-width form."""
        if self.kind in LEGAL_KINDS:
            return self.text
        if self.kind in ("cn_paren", "arabic_paren"):
            return "（" + self.text.strip("()（）") + "）"
        if self.kind == "arabic_dot":
            return self.text.rstrip(".．") + "."
        return self.text


def match_marker(line: str) -> Marker | None:
    """The numbering marker that opens ``line``, if any."""
    for kind, pattern in _PATTERNS:
        found = pattern.match(line)
        if not found:
            continue
        raw = found.group(1)
        number = _CIRCLED.index(raw) + 1 if kind == "circled" else cn_to_int(raw)
        return Marker(kind=kind, number=number, text=found.group(0), rest=line[found.end():].strip())
    return None


def starts_with_marker(line: str) -> bool:
    """True when ``line`` opens a numbered unit."""
    return match_marker(line) is not None
