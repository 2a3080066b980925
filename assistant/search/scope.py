"""Which places and documents a question names, learned from the documents' own metadata.

Place names come from each document's ``region`` (安徽省铜陵市枞阳县 → 安徽省, 安徽, 铜陵市, 铜陵,
枞阳县, 枞阳) and, for documents without one, from the place that opens the title; nothing is
hard-coded per corpus, so a user's added document brings its own places with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.legal.names import document_names
from assistant.models import DocumentMeta

_UNIT = re.compile(r".+?(?:自治区|自治州|自治县|特别行政区|省|市|县|区|旗|盟)")
_TITLE_PLACE = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,4}?(?:省|市|县|区))")
NATIONAL_REGION = "全国"
# Ways a question names the national level (national documents carry region 全国); a bare 国家 is
# left out because it opens ordinary terms (国家标准).
NATIONAL_NAMES = ("全国", "国家层面", "国家法律")


@dataclass(frozen=True)
class Party:
    """A place or a document a question is scoped to, with the documents it stands for."""

    name: str
    doc_ids: tuple[str, ...]
    kind: Literal["place", "document"] = "place"


def place_names(region: str) -> list[str]:
    """Each administrative unit of a region, in full and without its suffix (枞阳县, 枞阳)."""
    if region == NATIONAL_REGION:
        return list(NATIONAL_NAMES)
    names = []
    for unit in _UNIT.findall(region):
        names.append(unit)
        bare = re.sub(r"(?:自治区|自治州|自治县|特别行政区|省|市|县|区|旗|盟)$", "", unit)
        if len(bare) >= 2:
            names.append(bare)
    return names


class Scopes:
    """Look-ups from names in a question to the documents they stand for."""

    def __init__(self, documents: dict[str, DocumentMeta]) -> None:
        self.documents = documents
        places: dict[str, set[str]] = {}
        for doc_id, meta in documents.items():
            names = place_names(meta.region) if meta.region else []
            if not names and (match := _TITLE_PLACE.match(meta.title)):
                names = place_names(match.group(1))
            for name in names:
                places.setdefault(name, set()).add(doc_id)
        self.places = {name: tuple(sorted(ids)) for name, ids in places.items()}
        self.document_names = {
            name: doc_id for doc_id, meta in documents.items() for name in document_names(meta.title)
        }

    def find_places(self, text: str) -> list[Party]:
        """Places named in ``text``, longest name first at each position, in reading order."""
        return [Party(name, self.places[name]) for name in _scan(text, self.places)]

    def find_documents(self, text: str) -> list[Party]:
        """Documents named in ``text`` by title (with or without 中华人民共和国 or 《》)."""
        found = _scan(text, self.document_names)
        return [Party(name, (self.document_names[name],), "document") for name in found]

    def find_parties(self, text: str) -> list[Party]:
        """Documents and places named in ``text`` in reading order; a place inside a title is the title's."""
        spans = _spans(text, {**self.places, **self.document_names})
        parties = []
        for _, name in spans:
            if name in self.document_names:
                parties.append(Party(name, (self.document_names[name],), "document"))
            else:
                parties.append(Party(name, self.places[name]))
        return parties

    def short_title(self, doc_id: str) -> str:
        """The shortest name a question could use for a document (安全生产法 for 中华人民共和国安全生产法)."""
        names = [name for name, named in self.document_names.items() if named == doc_id]
        return min(names, key=len) if names else self.documents[doc_id].title


def _spans(text: str, vocabulary: dict[str, object]) -> list[tuple[int, str]]:
    """Non-overlapping occurrences of vocabulary names, the longest winning, as (position, name)."""
    taken = [False] * len(text)
    spans = []
    for name in sorted(vocabulary, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(taken[start:end]):
                taken[start:end] = [True] * len(name)
                spans.append((start, name))
            start = text.find(name, end)
    spans.sort()
    seen: set[str] = set()
    unique = []
    for position, name in spans:
        if name not in seen:
            seen.add(name)
            unique.append((position, name))
    return unique


def _scan(text: str, vocabulary: dict[str, object]) -> list[str]:
    return [name for _, name in _spans(text, vocabulary)]
