"""Numbers in a question that fall inside a range a clause sets (10人以上30人以下, 100万元以上).

Laws grade by thresholds: an accident with 12 deaths is a 重大事故 because a clause says "10人以上30人
以下死亡"; a fine depends on 违法所得10万元以上. Neither embedding nor BM25 knows that 12 lies between
10 and 30, so a question with a concrete count or amount misses the clause that decides it. Only
people and money are read: dates and article numbers are numbers too, but no clause grades by them.
A count of people is told apart by what happened to them (死亡 or 重伤) when both sides say it.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from assistant.text.numerals import CN_AMOUNT, CN_NUMERAL, cn_to_int

_NUMBER = rf"(\d+(?:\.\d+)?|{CN_AMOUNT})"  # money: 一亿五千万 read whole, not as 五千万
_COUNT = rf"(\d+(?:\.\d+)?|{CN_NUMERAL})"  # people: 十万人 is a rate's base (每十万人死亡率), not a count
_PEOPLE = r"(?:个)?(?:人|名)"
_MONEY = r"(万|亿)?元"
_MULTIPLIER = {None: 1, "": 1, "万": 10_000, "亿": 100_000_000}
_HARM_WINDOW = 4  # characters around a count in which 死 or 伤 says what it counts


def _harm(words: str) -> str | None:
    """死亡 or 受伤, when the words beside a count of people say which."""
    if "死" in words:
        return "死亡"
    if "伤" in words or "中毒" in words:
        return "受伤"
    return None


@dataclass(frozen=True)
class Range:
    """Values from ``low`` to ``high`` (both included, as 以上 and 以下 are in Chinese law) of one unit."""

    unit: str
    low: float
    high: float
    harm: str | None = None

    def contains(self, value: Value) -> bool:
        if value.unit != self.unit or not self.low <= value.amount <= self.high:
            return False
        return value.harm is None or self.harm is None or value.harm == self.harm


@dataclass(frozen=True)
class Value:
    """A count of people (with what happened to them, if said) or an amount of money in a question."""

    unit: str
    amount: float
    harm: str | None = None


def _value(number: str, multiplier: str | None = None) -> float | None:
    try:
        base = float(number) if number[0].isdigit() else float(cn_to_int(number))
    except ValueError:
        return None
    return base * _MULTIPLIER[multiplier]


_QUESTION_PEOPLE = re.compile(_COUNT + _PEOPLE)
_QUESTION_MONEY = re.compile(_NUMBER + _MONEY)
_BOUNDS = {
    "people": re.compile(rf"{_COUNT}{_PEOPLE}(以上|以下)(?:{_COUNT}{_PEOPLE}(以下))?"),
    "money": re.compile(rf"{_NUMBER}{_MONEY}(以上|以下)(?:{_NUMBER}{_MONEY}(以下))?"),
}


def asked_values(question: str) -> list[Value]:
    """The counts of people and amounts of money a question states: 死了12个人 → Value("people", 12, "死亡")."""
    values = []
    for match in _QUESTION_PEOPLE.finditer(question):
        amount = _value(match.group(1))
        around = question[max(match.start() - _HARM_WINDOW, 0): match.end() + _HARM_WINDOW]
        if amount is not None:
            values.append(Value("people", amount, _harm(around)))
    for match in _QUESTION_MONEY.finditer(question):
        amount = _value(match.group(1), match.group(2))
        if amount is not None:
            values.append(Value("money", amount))
    return values


def ranges_in(text: str) -> list[Range]:
    """The ranges of people and money a clause sets: 10人以上30人以下, 3人以下, 100万元以上."""
    ranges = []
    for unit, pattern in _BOUNDS.items():
        money = unit == "money"
        for match in pattern.finditer(text):
            groups = match.groups()
            first = _value(groups[0], groups[1] if money else None)
            side = groups[2] if money else groups[1]
            upper = groups[3] if money else groups[2]
            if first is None:
                continue
            harm = None if money else _harm(text[match.end(): match.end() + _HARM_WINDOW])
            if side == "以下":
                ranges.append(Range(unit, 0.0, first, harm))
            elif upper is not None:
                second = _value(upper, groups[4] if money else None)
                ranges.append(Range(unit, first, second if second is not None else math.inf, harm))
            else:
                ranges.append(Range(unit, first, math.inf, harm))
    return ranges


def covers(text: str, values: list[Value]) -> bool:
    """Whether the clause sets a range holding one of the question's values."""
    return any(bound.contains(value) for bound in ranges_in(text) for value in values)
