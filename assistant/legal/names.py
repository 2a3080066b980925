"""The names a question uses for a document: full title, short title, aliases, 号令 numbers.

Obvious forms are derived (中华人民共和国 and 《》 dropped, a draft or revision-year suffix dropped,
国务院令第493号 → 493号令); real-world abbreviations are data, in assistant/data/document_aliases.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.models import DocumentMeta

_SUFFIX = re.compile(r"[（(](?:征求意见稿|草案|送审稿|\d{4}年?(?:修订|修正|版)?)[)）]$")
_ORDER_NUMBER = re.compile(r"令第(\d+)号")
MIN_NAME_CHARS = 3


def document_names(title: str) -> set[str]:
    """The ways a question names a document by its title."""
    bare = _SUFFIX.sub("", title.strip("《》 "))
    names = {bare, bare.removeprefix("中华人民共和国")}
    return {name for name in names if len(name) >= MIN_NAME_CHARS}


def order_names(doc_number: str | None) -> set[str]:
    """国务院令第493号 → {'493号令', '国务院令第493号'}: how practitioners name regulations."""
    if not doc_number:
        return set()
    found = _ORDER_NUMBER.search(doc_number)
    if not found or "原公布" in doc_number:  # a number of an earlier version names that version, not this text
        return set()
    return {f"{found.group(1)}号令", doc_number.split("（")[0]}


@lru_cache(maxsize=1)
def alias_table() -> tuple[tuple[str, str], ...]:
    """(alias, canonical title) pairs from the bundled data file; '#' starts a comment."""
    text = resources.files("assistant.data").joinpath("document_aliases.tsv").read_text(encoding="utf-8")
    pairs = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            alias, title = (part.strip() for part in line.split("\t")[:2])
            pairs.append((alias, title))
    return tuple(pairs)


@dataclass(frozen=True)
class NamedDocument:
    """A document name found in a question, with where it stands."""

    doc_ids: tuple[str, ...]
    start: int
    end: int


class DocumentNameIndex:
    """Finds the documents a question names, longest name first, no overlapping matches."""

    def __init__(self, documents: Iterable[DocumentMeta]) -> None:
        by_name: dict[str, list[str]] = {}
        metas = list(documents)
        titles: dict[str, list[str]] = {}
        for meta in metas:
            for name in document_names(meta.title) | order_names(meta.doc_number):
                by_name.setdefault(name, []).append(meta.doc_id)
            for name in document_names(meta.title):
                titles.setdefault(name, []).append(meta.doc_id)
        for alias, title in alias_table():
            for name in document_names(title):
                for doc_id in titles.get(name, []):
                    if doc_id not in by_name.setdefault(alias, []):
                        by_name[alias].append(doc_id)
        self.by_name = {name: tuple(ids) for name, ids in by_name.items()}
        self._names = sorted(self.by_name, key=len, reverse=True)

    def find(self, text: str) -> list[NamedDocument]:
        """Every document name in ``text``, in reading order; a name inside a longer one does not count."""
        taken = [False] * len(text)
        found: list[NamedDocument] = []
        for name in self._names:
            start = text.find(name)
            while start >= 0:
                end = start + len(name)
                if not any(taken[start:end]):
                    taken[start:end] = [True] * len(name)
                    found.append(NamedDocument(self.by_name[name], start, end))
                start = text.find(name, end)
        return sorted(found, key=lambda named: named.start)

    def doc_ids(self, text: str) -> list[str]:
        """The ids of every document named in ``text``."""
        return [doc_id for named in self.find(text) for doc_id in named.doc_ids]
