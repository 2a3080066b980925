"""The names a question uses for a document: full title, short title, aliases, 号令 numbers.

Obvious forms are derived (中华人民共和国 and 《》 dropped, a draft or revision-year suffix dropped,
国务院令第493号 → 493号令); real-world abbreviations are data, in assistant/data/document_aliases.tsv.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from importlib import resources

from assistant.models import DocumentMeta
from assistant.text.ordering import longest_first
from assistant.text.places import place_names

_SUFFIX = re.compile(r"[（(](?:征求意见稿|草案|送审稿|\d{4}年?(?:修订|修正|版)?)[)）]$")
_ORDER_NUMBER = re.compile(r"令第(\d+)号")
MIN_NAME_CHARS = 3
LOOSE_SHARE = 0.6  # of a local title's own words (its place and issuer left out) a loose mention must hold
_GENRE = re.compile(r"(?:条例|规定|办法|细则|意见|方案|规划|通知|决定)$")
_CONNECTIVE = re.compile(r"[市省县区]?(?:的|那个|那部|那份|这个|这部|这份|，|,)?")  # 北京那个安全生产条例
_FUNCTION_WORDS = re.compile(r"关于|中共|人民政府|[的《》“”\"\s]")


def document_names(title: str) -> set[str]:
    """The ways a question names a document by its title; a title set with spaces between its issuers
    (中共枞阳县委 枞阳县人民政府关于…) is also named without them."""
    bare = _SUFFIX.sub("", title.strip("《》 "))
    names = {bare, bare.removeprefix("中华人民共和国")}
    names |= {re.sub(r"\s+", "", name) for name in names}
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
        self._names = sorted(self.by_name, key=longest_first)
        self._local = [(meta.doc_id, places, key) for meta in metas if meta.level != "national"
                       and (places := sorted((p for p in place_names(meta.region) if len(p) >= 2), key=longest_first))
                       and len(key := own_words(meta, places)) >= 4 and _GENRE.search(key)]

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

    def find_loosely(self, text: str) -> NamedDocument | None:
        """A local text named the way people say it: its place, then most of its title's own words in order
        (北京那个安全生产条例, 沅江的安全生产改革实施意见, 枞阳那份安全生产领域改革发展实施意见). The mention
        runs from the place to the last matched word; the best-matched title wins, all its versions together."""
        best: tuple[float, int, int, list[str]] | None = None
        for doc_id, places, key in self._local:
            place = next((p for p in places if p in text), None)
            if place is None:
                continue
            start = text.index(place)
            after = text[start + len(place):]
            blocks = [b for b in SequenceMatcher(None, key, after, autojunk=False).get_matching_blocks() if b.size >= 2]
            matched = sum(block.size for block in blocks)
            if not blocks or matched < LOOSE_SHARE * len(key) or key[-2:] not in after:
                continue
            if not _CONNECTIVE.fullmatch(after[:blocks[0].b]):
                continue  # 河南2010年通过的那部…: a version or another word stands between place and name
            end = start + len(place) + blocks[-1].b + blocks[-1].size
            share = matched / len(key)
            if best is None or share > best[0] + 1e-9:
                best = (share, start, end, [doc_id])
            elif abs(share - best[0]) <= 1e-9 and (start, end) == best[1:3]:
                best[3].append(doc_id)
        return NamedDocument(tuple(best[3]), best[1], best[2]) if best else None

    def doc_ids(self, text: str) -> list[str]:
        """The ids of every document named in ``text``."""
        return [doc_id for named in self.find(text) for doc_id in named.doc_ids]


def own_words(meta: DocumentMeta, places: list[str]) -> str:
    """A local title without its issuer, place names and function words: 中共沅江市委 沅江市人民政府 关于推进安全生产
    领域改革发展的实施意见 → 推进安全生产领域改革发展实施意见; 北京市安全生产条例 → 安全生产条例."""
    title = _SUFFIX.sub("", meta.title)
    for issuer in (meta.issuer or "").split():
        title = title.replace(issuer, "")
    for place in places:
        title = title.replace(place, "")
    return _FUNCTION_WORDS.sub("", title).strip("委")  # the 委 of a party committee whose place went (中共沅江市委)
