"""Everyday words → the statutes' own words (老板 → 主要负责人), to widen a question's lexical search.

The table is data (assistant/data/lay_terms.tsv): each line names its source, a definition clause of
the corpus, the statute's usage with an article, or ordinary usage with a reason. It was written from
the corpus and ordinary Chinese only, never from evaluation questions.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

# How many legal terms a lay word adds: its most usual statutory equivalents, not every sense.
TERMS_PER_WORD = 3


@lru_cache(maxsize=1)
def lay_terms() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(lay word, legal terms) pairs, longest lay word first."""
    text = resources.files("assistant.data").joinpath("lay_terms.tsv").read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) >= 2 and fields[0].strip():
            pairs.append((fields[0].strip(), tuple(term.strip() for term in fields[1].split("|") if term.strip())))
    return tuple(sorted(pairs, key=lambda pair: -len(pair[0])))


def legal_terms(question: str, per_word: int = TERMS_PER_WORD) -> list[str]:
    """The statutory words for the everyday words of ``question`` (a longer lay word wins over its parts)."""
    found: list[str] = []
    rest = question
    for word, terms in lay_terms():
        if word in rest:
            found += [term for term in terms[:per_word] if term not in found and term not in question]
            rest = rest.replace(word, "\u3000")
    return found
