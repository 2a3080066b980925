"""Which places and documents a question names, learned from the documents' own metadata.

Place names come from each document's ``region`` (安徽省铜陵市枞阳县 → 安徽省, 安徽, 铜陵市, 铜陵,
枞阳县, 枞阳; read by text/places.py); nothing is hard-coded per corpus, so a user's added document
brings its own places with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from assistant.legal.names import document_names
from assistant.models import DocumentMeta
from assistant.text.ordering import longest_first
from assistant.text.places import place_names


@dataclass(frozen=True)
class Party:
    """A place or a document a question is scoped to, with the documents it stands for."""

    name: str
    doc_ids: tuple[str, ...]
    kind: Literal["place", "document"] = "place"


class Scopes:
    """Look-ups from names in a question to the documents they stand for."""

    def __init__(self, documents: dict[str, DocumentMeta]) -> None:
        self.documents = documents
        places: dict[str, set[str]] = {}
        for doc_id, meta in documents.items():
            for name in place_names(meta.region):
                places.setdefault(name, set()).add(doc_id)
        self.places = {name: tuple(sorted(ids)) for name, ids in places.items()}
        self.document_names = {
            name: doc_id for doc_id, meta in documents.items() for name in document_names(meta.title)
        }

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
        return min(names, key=lambda name: (len(name), name)) if names else self.documents[doc_id].title


def _spans(text: str, vocabulary: dict[str, object]) -> list[tuple[int, str]]:
    """Non-overlapping occurrences of vocabulary names, the longest winning, as (position, name)."""
    taken = [False] * len(text)
    spans = []
    for name in sorted(vocabulary, key=longest_first):
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
