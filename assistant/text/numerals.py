"""Chinese numerals: the one reader (二十一 → 21, 二〇一九 → 2019, 一亿五千万 → 150000000) and writer.

Patterns elsewhere capture a run of numeral characters; this module turns the run into a number
with cn2an (the library RAGFlow uses), which reads digit-by-digit years and 万/亿 amounts right.
A run cn2an refuses (a stray 百 or 十百 that a pattern still caught) keeps the positional reading,
so a malformed label never stops a parse.
"""

from __future__ import annotations

import cn2an

CN_DIGITS = "零〇一二三四五六七八九两"
# Article, paragraph and item numbers (第二十一条, 一、, （四）) never reach 万.
CN_NUMERAL = rf"[{CN_DIGITS}十百千]+"
# Counts and amounts (三万元, 一亿五千万元) do; they start with a digit or 十百千, never with 万 (1万人 is not 万人).
CN_AMOUNT_CHARS = CN_DIGITS + "十百千万亿"
CN_AMOUNT = rf"[{CN_DIGITS}十百千][{CN_AMOUNT_CHARS}]*"

_DIGIT_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNIT_VALUES = {"十": 10, "百": 100, "千": 1000, "万": 10_000, "亿": 100_000_000}


def cn_to_int(numeral: str) -> int:
    """二十一 → 21, 一百零六 → 106, 两千 → 2000, 二〇一九 → 2019, 一亿五千万 → 150000000, 21 → 21."""
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(char not in _DIGIT_VALUES and char not in _UNIT_VALUES for char in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    try:
        return int(cn2an.cn2an(numeral, "normal"))
    except (ValueError, KeyError, IndexError):  # cn2an refuses some runs with a KeyError
        return _positional(numeral)


def _positional(numeral: str) -> int:
    """Each digit times the unit after it, summed (万 and 亿 scale what came before): 百 → 100, 十百 → 110."""
    total, section, digit = 0, 0, 0
    for char in numeral:
        if char in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[char]
        elif _UNIT_VALUES[char] >= 10_000:
            total = (total + section + digit) * _UNIT_VALUES[char]
            section, digit = 0, 0
        else:
            section += (digit or 1) * _UNIT_VALUES[char]
            digit = 0
    return total + section + digit


def int_to_cn(number: int) -> str:
    """21 → 二十一, 106 → 一百零六, 10 → 十, 30000 → 三万, 10500 → 一万零五百 (the form laws write)."""
    if number < 0:
        raise ValueError("negative numbers have no written form here")
    return str(cn2an.an2cn(number))
