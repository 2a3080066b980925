"""What a text's own closing articles say about other texts: 《A》和《B》同时废止, and when it takes effect.

A repeal clause of a text in force is the legal reason another text is no longer in force
(煤矿安全生产条例第七十六条 repeals 煤矿安全监察条例). Titles are resolved with the document name
index, so a repeal names a document the way lawyers do; a title that names the repealing text itself
(河南省安全生产条例 repealing its own 2010 version) is an earlier version outside the corpus, not a repeal of itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.legal.force import force_rank
from assistant.legal.names import DocumentNameIndex, document_names
from assistant.models import Clause, DocumentMeta, ParsedDocument
from assistant.text.dates import parse_date
from assistant.text.ordering import longest_first

_SENTENCE = re.compile(r"[^。；]*废止[^。；]*")
_TITLE = re.compile(r"《([^《》]{3,60})》")
_EFFECTIVE = re.compile(r"自((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)起施行")
CLOSING_ARTICLES = 3  # repeal and commencement clauses stand at the end of a text


@dataclass(frozen=True)
class Repeal:
    """One text repealing another, with the clause that says so."""

    repealed_doc_id: str
    by_doc_id: str
    clause: Clause


def closing_articles(document: ParsedDocument) -> list[Clause]:
    articles = [clause for clause in document.clauses if clause.kind == "article"]
    return articles[-CLOSING_ARTICLES:]


def stated_effective_date(document: ParsedDocument) -> str | None:
    """The date a closing article says the text takes effect (本条例自2022年8月1日起施行)."""
    for clause in reversed(closing_articles(document)):
        if found := _EFFECTIVE.search(clause.text):
            return parse_date(found.group(1))
    return None


def find_repeals(documents: list[ParsedDocument], names: DocumentNameIndex) -> list[Repeal]:
    """Every repeal a closing article of one corpus text states about another corpus text."""
    by_id = {document.meta.doc_id: document.meta for document in documents}
    repeals = []
    for document in documents:
        for clause in closing_articles(document):
            for sentence in _SENTENCE.findall(clause.text):
                for title in _TITLE.findall(sentence.split("废止")[0]):
                    for doc_id in _titled(title, names):
                        target = by_id[doc_id]
                        if target.title != document.meta.title and _may_repeal(document, target):
                            repeals.append(Repeal(doc_id, document.meta.doc_id, clause))
    return repeals


def _titled(title: str, names: DocumentNameIndex) -> tuple[str, ...]:
    """Documents whose name is the whole bracketed title (《山东省特种设备安全监察条例》 names no national text)."""
    for name in sorted(document_names(title), key=longest_first):
        if name in names.by_name:
            return names.by_name[name]
    return ()


def _may_repeal(repealer: ParsedDocument, target: DocumentMeta) -> bool:
    """A text repeals only texts of no higher force, and a local text only texts of its own place."""
    meta = repealer.meta
    if force_rank(meta.force) > force_rank(target.force):
        return False
    return meta.level == "national" or target.region == meta.region
