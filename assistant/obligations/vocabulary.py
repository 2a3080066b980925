"""The obligations' vocabularies: industries (data/industries.tsv) and obligation topics (data/obligation_topics.tsv)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Industry:
    name: str
    high_risk: bool
    words: tuple[str, ...]


@lru_cache(maxsize=1)
def industries() -> tuple[Industry, ...]:
    """The industry vocabulary (data/industries.tsv)."""
    return tuple(Industry(row[0], row[1] == "yes", tuple(row[2].split("|"))) for row in _rows("industries.tsv"))


@lru_cache(maxsize=1)
def topics() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Obligation topics and their marker words (data/obligation_topics.tsv), most specific first."""
    return tuple((row[0], tuple(row[1].split("|"))) for row in _rows("obligation_topics.tsv"))


def _rows(name: str) -> list[list[str]]:
    text = resources.files("assistant.data").joinpath(name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def industries_in(text: str) -> set[str]:
    """Canonical industries a text names; longer words first, so 非煤矿山 is not also read as 煤矿."""
    found = set()
    for word, name in sorted(((word, industry.name) for industry in industries() for word in industry.words),
                             key=lambda pair: -len(pair[0])):
        if word in text:
            found.add(name)
            text = text.replace(word, "　")
    return found
