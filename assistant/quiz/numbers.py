"""Numbers with units in legal text (三十日, 24小时, 十万元, 一百人, 75%), read to comparable values.

A quiz asks for such a number and offers others of the same unit, so two spellings of one amount
(三万元 and 30000元) must compare equal, and a date (4月15日) or a year (2019年) must not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_CN_CHARS = "零〇一二两三四五六七八九十百千万"
# Surface unit → (base unit, factor): 万元 counts in 元, 天 in 日, 名 in 人.
UNITS: dict[str, tuple[str, float]] = {
    "个工作日": ("工作日", 1), "工作日": ("工作日", 1), "小时": ("小时", 1), "个月": ("个月", 1), "周岁": ("周岁", 1),
    "万元": ("元", 10_000), "元": ("元", 1), "日": ("日", 1), "天": ("日", 1), "人": ("人", 1), "名": ("人", 1),
    "倍": ("倍", 1), "次": ("次", 1), "年": ("年", 1), "%": ("%", 1), "％": ("%", 1),
}
_UNIT_PATTERN = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
# Not a quantity after these: 第三人 (an ordinal), 上一年, 月15日 (a date), 每…; nor inside a longer number.
_NUMBER = re.compile(
    rf"(?<![第每同统唯单之其某月\d.{_CN_CHARS}])(?P<number>\d+(?:\.\d+)?|[{_CN_CHARS}]+)(?P<unit>{_UNIT_PATTERN})"
    r"|百分之(?P<percent>[零〇一二两三四五六七八九十百]+|\d+(?:\.\d+)?)"
)
# 人 that starts a word (人民, 人员, 人身 …) is not a head count.
_NOT_PEOPLE = "民员身体口力群格事"


@dataclass(frozen=True)
class Quantity:
    """A number with its unit as written, and its value in the base unit."""

    start: int
    end: int
    text: str
    value: float
    base_unit: str
    unit: str
    chinese: bool

    @property
    def key(self) -> str:
        """Equal for two spellings of one amount: 三万元 and 30000元 → '30000元'."""
        amount = int(self.value) if self.value == int(self.value) else self.value
        return f"{amount}{self.base_unit}"


def chinese_to_number(numeral: str) -> int:
    """一百八十 → 180, 三万 → 30000, 二十四 → 24, 二〇一九 → 2019 (digit by digit when no 十百千万)."""
    if not numeral or any(char not in _CN_CHARS for char in numeral):
        raise ValueError(f"not a Chinese numeral: {numeral!r}")
    if not any(char in "十百千万" for char in numeral):
        return int("".join(str(_CN_DIGIT[char]) for char in numeral))
    if "万" in numeral:
        high, _, low = numeral.partition("万")
        return (chinese_to_number(high) if high else 1) * 10_000 + (chinese_to_number(low) if low else 0)
    total, current = 0, 0
    for char in numeral:
        if char in _CN_DIGIT:
            current = _CN_DIGIT[char]
        else:
            total += (current or 1) * _CN_SMALL_UNIT[char]
            current = 0
    return total + current


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text`` that a quiz may ask about, in reading order."""
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        if match.group("percent") is not None:
            number, unit, chinese = match.group("percent"), "%", not match.group("percent")[0].isdigit()
        else:
            number, unit = match.group("number"), match.group("unit")
            chinese = not number[0].isdigit()
        try:
            value = float(number) if not chinese else float(chinese_to_number(number))
        except ValueError:
            continue
        if not _plausible(text, match, value, unit, chinese):
            continue
        base, factor = UNITS[unit]
        found.append(Quantity(match.start(), match.end(), match.group(0), value * factor, base, unit, chinese))
    return found


def _plausible(text: str, match: re.Match[str], value: float, unit: str, chinese: bool) -> bool:
    following = text[match.end():match.end() + 1]
    preceding = text[match.start() - 1:match.start()] if match.start() else ""
    if value <= 0 or (preceding in ("上", "下") and match.group(0).startswith("一") and value in (1, 10_000)):
        return False  # 上一年, 下一年: a reference, not a quantity
    if unit == "年" and (value >= 1000 or following in ("月", "度", "底", "初")):
        return False  # a calendar year, not a duration
    if unit in ("人", "名") and (following and following in _NOT_PEOPLE or value == 1):
        return False  # 人民 / 人员, or 一人 as in 一人一档
    if unit == "次" and following in ("会", "序", "性"):
        return False  # 第…次会议, 次序, 一次性
    return not (chinese and match.group(0).startswith("万"))


def render_like(value: float, base_unit: str, model: Quantity) -> str | None:
    """``value`` written the way ``model`` is (Chinese numerals or digits, 万元 or 元); None if it cannot be."""
    if base_unit != model.base_unit:
        return None
    if model.text.startswith("百分之"):
        return f"百分之{_cn(int(value))}" if value == int(value) else None
    amount = value / UNITS[model.unit][1]
    if amount != int(amount) or amount <= 0:
        return None
    return f"{_cn(int(amount)) if model.chinese else int(amount)}{model.unit}"


def _cn(number: int) -> str:
    """30000 → 三万, 180 → 一百八十, 10 → 十."""
    from assistant.ingest.numbering import int_to_cn

    if number >= 100_000_000:
        raise ValueError("too large")
    high, low = divmod(number, 10_000)
    if not high:
        return int_to_cn(low)
    tail = "" if not low else ("零" if low < 1000 else "") + int_to_cn(low)
    return f"{int_to_cn(high)}万{tail}"
