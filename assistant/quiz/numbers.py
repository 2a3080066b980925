"""Numbers with units in legal text (三十日, 24小时, 十万元, 一百人, 75%), read to comparable values.

A quiz asks for such a number and offers others of the same unit, so two spellings of one amount
(三万元 and 30000元) must compare equal, and a date (4月15日) or a year (2019年) must not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numerals import CN_AMOUNT_CHARS, cn_to_int, int_to_cn

# Surface unit → (base unit, factor): 万元 counts in 元, 天 in 日, 名 in 人.
UNITS: dict[str, tuple[str, float]] = {
    "个工作日": ("工作日", 1), "工作日": ("工作日", 1), "小时": ("小时", 1), "个月": ("个月", 1), "周岁": ("周岁", 1),
    "万元": ("元", 10_000), "元": ("元", 1), "日": ("日", 1), "天": ("日", 1), "人": ("人", 1), "名": ("人", 1),
    "倍": ("倍", 1), "次": ("次", 1), "年": ("年", 1), "%": ("%", 1), "％": ("%", 1),
}
_UNIT_PATTERN = "|".join(sorted((re.escape(unit) for unit in UNITS), key=len, reverse=True))
# Not a quantity after these: 第三人 (an ordinal), 上一年, 月15日 (a date), 每…; nor inside a longer number.
_NUMBER = re.compile(
    rf"(?<![第每同统唯单之其某月\d.{CN_AMOUNT_CHARS}])(?P<number>\d+(?:\.\d+)?|[{CN_AMOUNT_CHARS}]+)(?P<unit>{_UNIT_PATTERN})"
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
            value = float(number) if not chinese else float(cn_to_int(number))
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
    return not (chinese and match.group(0).startswith(("万", "亿")))


def render_like(value: float, base_unit: str, model: Quantity) -> str | None:
    """``value`` written the way ``model`` is (Chinese numerals or digits, 万元 or 元); None if it cannot be."""
    if base_unit != model.base_unit:
        return None
    if model.text.startswith("百分之"):
        return f"百分之{int_to_cn(int(value))}" if value == int(value) else None
    amount = value / UNITS[model.unit][1]
    if amount != int(amount) or amount <= 0:
        return None
    return f"{int_to_cn(int(amount)) if model.chinese else int(amount)}{model.unit}"

