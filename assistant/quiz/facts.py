"""The facts of a clause a quiz can ask about: quantities, bodies, slogans and key terms.

Each fact carries a kind (distractors come from the same kind) and a key that is equal for two
names of one thing (三万元 = 30000元; 安监局 = 应急管理部门 after the 2018 reform), so that no
distractor is another way of writing the answer.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.quiz.models import FactKind
from assistant.quiz.numbers import find_quantities

# Characters that can stand before a body's name: punctuation, a level (国务院, 县级以上人民政府), a verb.
_BODY_LEFT = "，、；：。（）“”\n 和及与或由向经对同会院府级地区市县省镇乡的其他关在将为是报请家"
_QUOTED = re.compile(r"“([\u4e00-\u9fff、，]{3,16})”")
_MUST = re.compile(r"管[\u4e00-\u9fff]{1,5}必须管(?:安全生产|安全|职业健康)")
_PLAN_PERIOD = re.compile(r"^十[一二三四五六七八九]五$")
_SLOGAN_OPENERS = "一二三四五六七八九十双两百千"


@dataclass(frozen=True)
class Fact:
    """A span of a clause's text worth asking about."""

    kind: FactKind
    text: str
    start: int
    end: int
    key: str
    group: str

    def overlaps(self, other: Fact) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Lexicon:
    """Body names, their equivalence classes, slogans and terms (assistant/data/quiz_lexicon.json)."""

    body_pattern: re.Pattern[str]
    equivalent: dict[str, str]
    slogans: tuple[str, ...]
    terms: tuple[str, ...]

    def body_key(self, name: str) -> str:
        return self.equivalent.get(name, name)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = json.loads(resources.files("assistant.data").joinpath("quiz_lexicon.json").read_text(encoding="utf-8"))
    domains = "|".join(sorted(map(re.escape, data["body_domains"]), key=len, reverse=True))
    suffixes = "|".join(sorted(map(re.escape, data["body_suffixes"]), key=len, reverse=True))
    bodies = "|".join(sorted(map(re.escape, data["bodies"]), key=len, reverse=True))
    pattern = re.compile(rf"(?:(?<=[{_BODY_LEFT}])|^)(?:{bodies}|(?:{domains})(?:{suffixes}))")
    equivalent = {name: group[0] for group in data["equivalent"] for name in group}
    return Lexicon(pattern, equivalent, tuple(data["slogans"]), tuple(data["terms"]))


def slogan_key(text: str) -> str:
    return re.sub(r"[、，\s]", "", text)


def clause_facts(text: str) -> list[Fact]:
    """Non-overlapping facts of ``text`` (the longer span wins), in reading order."""
    found = _quantities(text) + _bodies(text) + _slogans(text) + _terms(text)
    found.sort(key=lambda fact: (-(fact.end - fact.start), fact.start))
    kept: list[Fact] = []
    for fact in found:
        if not any(fact.overlaps(other) for other in kept):
            kept.append(fact)
    return sorted(kept, key=lambda fact: fact.start)


def _quantities(text: str) -> list[Fact]:
    return [
        Fact("number", quantity.text, quantity.start, quantity.end, quantity.key,
             f"number:{quantity.base_unit}")
        for quantity in find_quantities(text)
    ]


def _bodies(text: str) -> list[Fact]:
    words = lexicon()
    return [
        Fact("body", match.group(0), match.start(), match.end(), words.body_key(match.group(0)), "body")
        for match in words.body_pattern.finditer(text)
    ]


def _slogans(text: str) -> list[Fact]:
    words = lexicon()
    spans: dict[tuple[int, int], str] = {}
    for match in _QUOTED.finditer(text):
        phrase = match.group(1)
        if _PLAN_PERIOD.match(phrase):
            continue
        if phrase[0] in _SLOGAN_OPENERS or "必须" in phrase or "、" in phrase or phrase in words.slogans:
            spans[match.span(1)] = phrase
    for match in _MUST.finditer(text):
        spans.setdefault(match.span(), match.group(0))
    for slogan in words.slogans:
        for match in re.finditer(re.escape(slogan), text):
            spans.setdefault(match.span(), slogan)
    return [Fact("slogan", phrase, start, end, slogan_key(phrase), "slogan") for (start, end), phrase in spans.items()]


def _terms(text: str) -> list[Fact]:
    return [
        Fact("term", term, match.start(), match.end(), term, "term")
        for term in lexicon().terms
        for match in re.finditer(re.escape(term), text)
    ]
