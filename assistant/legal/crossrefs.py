"""Cross-references inside the texts: 依照本法第X条, 前款规定, 前两款, 本条例第X条第Y款, 第X条至第Y条.

Each reference is resolved to the article it names (with the 款/项 label when it names one), in the
same document (本法, 本条例, 前款, bare 第X条) or in another document of the corpus named in 《》.
"有关法律、行政法规" names no article and stays unresolved; so does a law outside the corpus (刑法).
The reverse direction gives, for a duty, the penalty articles that cite it (违反本法第X条…罚款).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.legal.lookup import ArticleLookup
from assistant.legal.references import ARTICLE_REF, ArticleRef, parse_ref
from assistant.models import Clause
from assistant.text.numerals import CN_NUMERAL, cn_to_int, int_to_cn

_SELF = r"本(?:法|条例|规定|办法|细则|解释|规则)"
_COUNT = {"": 1, "一": 1, "两": 2, "二": 2, "三": 3, "四": 4}
_ITEM_LINE = re.compile(rf"^(?:[（(](?:{CN_NUMERAL}|\d+)[）)]|\d+[.．、]|[①-⑳])")
# A run of article references: 本法第十六条、第十七条、第十八条、第二十一条第二款 / 第X条至第Y条.
_RUN_LINK = re.compile(r"\s*(?P<link>、|，|和|及|以及|或者|或|至)\s*")
_PRECEDING = re.compile(rf"前(?P<count>[一两二三四]?)款|本条第(?P<paragraph>{CN_NUMERAL})款|前条")
_PARAGRAPH = re.compile(rf"第(?P<paragraph>{CN_NUMERAL}|\d+)款(?!\S?条)")
# Items named after a 款: 前款第二项、第三项 / 本条第一款第（一）项、第（二）项.
_ITEM = re.compile(rf"(?:、|和|及|或者)?第[（(]?(?P<item>{CN_NUMERAL}|\d+)[）)]?项")
# What may stand right before a bare 第X条 that makes it another law's article (刑法第一百三十四条).
_FOREIGN = re.compile(r"(?:[法例定则释》]|刑法|宪法)$")
_BREACH = re.compile(rf"(?:违反|未依照|未按照|未采取|未达到|未履行|不符合|不执行)(?:{_SELF})?$")
_PENALTY = re.compile(r"罚款|处罚|处分|警告|没收|吊销|责令停产停业|拘留|追究刑事责任")


@dataclass(frozen=True)
class CrossReference:
    """One resolved reference: where it stands, what it says, and the article (款/项) it names."""

    source_clause_id: str
    source_doc_id: str
    text: str
    target_clause_id: str
    target_doc_id: str
    target_label: str
    breach: bool = False  # 违反本法第X条 / 未依照本条例第X条: the source sanctions a breach of the target


class CrossReferences:
    """Every resolvable reference of the loaded clauses, by source and by target."""

    def __init__(self, clauses: Iterable[Clause], lookup: ArticleLookup) -> None:
        self.lookup = lookup
        self._clauses = {clause.clause_id: clause for clause in clauses}
        self._previous: dict[str, Clause] = {}
        last: Clause | None = None
        for clause in self._clauses.values():
            if clause.kind == "article":
                if last is not None and last.doc_id == clause.doc_id:
                    self._previous[clause.clause_id] = last
                last = clause
        self.by_source: dict[str, list[CrossReference]] = {}
        self.by_target: dict[str, list[CrossReference]] = {}
        for clause in self._clauses.values():
            if clause.kind != "article":
                continue
            for reference in self.resolve(clause):
                self.by_source.setdefault(clause.clause_id, []).append(reference)
                self.by_target.setdefault(reference.target_clause_id, []).append(reference)

    def resolve(self, clause: Clause) -> list[CrossReference]:
        """The references in one article's text, in reading order, each target once."""
        found: dict[tuple[str, str], CrossReference] = {}
        for paragraph_no, line in _paragraph_lines(clause):
            for reference in self._article_runs(clause, line) + self._preceding(clause, line, paragraph_no):
                key = (reference.target_clause_id, reference.target_label)
                if reference.target_clause_id != clause.clause_id or "款" in reference.target_label:
                    found.setdefault(key, reference)
        return list(found.values())

    def penalties_for(self, clause_id: str) -> list[Clause]:
        """The articles that punish a breach of this one: they cite it and set a penalty."""
        sources = []
        for reference in self.by_target.get(clause_id, []):
            source = self._clauses[reference.source_clause_id]
            if reference.breach and source.clause_id != clause_id and _is_penalty(source) and source not in sources:
                sources.append(source)
        return sources

    def _article_runs(self, clause: Clause, line: str) -> list[CrossReference]:
        references: list[CrossReference] = []
        position = 0
        while True:
            match = ARTICLE_REF.search(line, position)
            if match is None:
                return references
            doc_id = self._document_before(clause, line, match.start())
            refs = [parse_ref(match)]
            end = match.end()
            while True:
                link = _RUN_LINK.match(line, end)
                following = ARTICLE_REF.match(line, link.end()) if link else None
                paragraph = _PARAGRAPH.match(line, link.end()) if link and not following else None
                if paragraph is not None:  # 第二十五条第一款和第二款: the same article's next 款
                    refs.append(ArticleRef(article=refs[-1].article, sub=refs[-1].sub,
                                           paragraph=cn_to_int(paragraph.group("paragraph"))))
                    end = paragraph.end()
                    continue
                if link is None or following is None:
                    break
                nxt = parse_ref(following)
                if link.group("link") == "至":
                    refs += [ArticleRef(article=number) for number in range(refs[-1].article + 1, nxt.article)]
                refs.append(nxt)
                end = following.end()
            position = end
            if doc_id is None:
                continue
            text = line[match.start():end]
            breach = _BREACH.search(line[:match.start()]) is not None
            for ref in refs:
                target = self.lookup.article(doc_id, ref)
                if target is not None:
                    references.append(CrossReference(clause.clause_id, clause.doc_id, text, target.clause_id,
                                                     doc_id, _label(target, ref), breach))

    def _document_before(self, clause: Clause, line: str, start: int) -> str | None:
        """Whose article a 第X条 at ``start`` is: this document's, another corpus document's, or unknown."""
        before = line[:start]
        if re.search(rf"{_SELF}$", before):
            return clause.doc_id
        tail = before.removesuffix("》")[-60:]
        named = [item for item in self.lookup.names.find(tail) if item.end == len(tail)]
        if named:  # 《矿山安全法》第八条, 安全生产法第一百一十七条: another document of the corpus
            ids = [doc_id for doc_id in named[-1].doc_ids if doc_id in self.lookup.article_counts]
            return ids[0] if len(ids) == 1 else None
        if _FOREIGN.search(before):
            return None
        return clause.doc_id

    def _preceding(self, clause: Clause, line: str, paragraph_no: int) -> list[CrossReference]:
        references = []
        for match in _PRECEDING.finditer(line):
            if match.group(0) == "前条":
                previous = self._previous.get(clause.clause_id)
                if previous is not None:
                    references.append(CrossReference(clause.clause_id, clause.doc_id, "前条", previous.clause_id,
                                                     clause.doc_id, previous.label))
                continue
            end = match.end()
            if match.group("paragraph"):
                numbers = [cn_to_int(match.group("paragraph"))]
                while (more := re.compile(r"(?:、|和|及|或者)").match(line, end)) and (
                        following := _PARAGRAPH.match(line, more.end())):  # 本条第一款、第二款
                    numbers.append(cn_to_int(following.group("paragraph")))
                    end = following.end()
            else:
                count = _COUNT[match.group("count")]
                numbers = list(range(max(paragraph_no - count, 1), paragraph_no))
            labels = [f"{clause.label}第{int_to_cn(number)}款" for number in numbers]
            items: list[str] = []
            while len(labels) == 1 and (item := _ITEM.match(line, end)):
                items.append(f"{labels[0]}第（{int_to_cn(cn_to_int(item.group('item')))}）项")
                end = item.end()
            for label in items or labels:
                references.append(CrossReference(clause.clause_id, clause.doc_id, line[match.start():end],
                                                 clause.clause_id, clause.doc_id, label))
        return references


def _is_penalty(clause: Clause) -> bool:
    """An article of the 法律责任/罚则 chapter (or of a text without chapters) that sets a sanction."""
    chapters = " ".join(clause.heading_path)
    in_liability = "法律责任" in chapters or "罚则" in chapters or not clause.heading_path
    return in_liability and _PENALTY.search(clause.text) is not None


def _paragraph_lines(clause: Clause) -> list[tuple[int, str]]:
    """Each line of an article with the number of the 款 it belongs to (items stay in their 款)."""
    numbered = []
    paragraph_no = 0
    for index, line in enumerate(clause.text.split("\n")):
        if index == 0:
            line = line.removeprefix(clause.label).strip()
            paragraph_no = 1
        elif not _ITEM_LINE.match(line):
            paragraph_no += 1
        numbered.append((paragraph_no, line))
    return numbered


def _label(target: Clause, ref: ArticleRef) -> str:
    """The label the reference names: the article, or its 款/项 when named (第九十九条第二款). An item
    named without its 款 (第十五条第（七）项) is the item of that number in whichever 款 holds items,
    when exactly one does; otherwise the whole article."""
    label = ref.part_label
    if not label:
        return target.label
    parts = {part.label for part in target.parts}
    if label in parts or not parts:
        return label
    item = label.removeprefix(target.label)
    held = [part for part in parts if part.endswith(item) and "款" in part.removeprefix(target.label)]
    return held[0] if len(held) == 1 else target.label
