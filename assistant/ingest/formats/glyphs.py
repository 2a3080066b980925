"""Radical code points that PDF fonts map common characters to (⽣ for 生, ⺠ for 民), and Latin
ligatures (ﬂ for fl), folded back.

Fonts such as Noto CJK share glyphs between a character and its radical, and PDF writers (Chrome,
Skia) then record the radical's code point in the text layer: the page looks right, the text is
not. Kangxi radicals fold by NFKC; the simplified radical supplement has no such mapping, so its
equivalents (Unicode's EquivalentUnifiedIdeograph.txt) are listed here.
"""

from __future__ import annotations

import re
import unicodedata

_SUPPLEMENT = dict(zip(
    "⺠⺰⻅⻆⻈⻉⻋⻌⻐⻓⻔⻙⻚⻛⻜⻠⻢⻥⻦⻧⻨⻩⻪⻬⻮⻰⻳",
    "民纟见角讠贝车辶钅长门韦页风飞饣马鱼鸟卤麦黄黾齐齿龙龟",
))
_RADICAL = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf\ufb00-\ufb06]")


def fold_radicals(text: str) -> str:
    """Replace radical code points by the ideographs they stand for."""
    if not _RADICAL.search(text):
        return text
    return _RADICAL.sub(lambda match: _SUPPLEMENT.get(match.group(), unicodedata.normalize("NFKC", match.group())), text)
