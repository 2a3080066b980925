"""Article lookup by number: '安全生产法第二十一条' is answered by the article itself, not by similarity.

A question that names a document and, right after it, one or more of its articles (第二十一条,
第21条, 第十四条第（六）项, 第三条第二款) gets exactly those articles. A named article that the
document does not have is reported as missing, never replaced by a similar clause.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.legal.names import DocumentNameIndex
from assistant.legal.references import ARTICLE_REF, NUMBER, ArticleRef, article_key, parse_ref
from assistant.models import Clause, DocumentMeta
from assistant.text.numerals import cn_to_int

# Between a document name and its article: 《消防法》第16条, 安全生产法的第21条, 条例中第三条.
_CONNECTOR = re.compile(r"[》」”\"']?\s*(?:规定的|中的|里的|的|中|里)?\s*")
_CHAPTER = re.compile(rf"第({NUMBER})章")
# Between two articles of the same document: 第二十条、第二十一条和第二十二条.
_AND = re.compile(r"\s*(?:、|，|,|和|及|与|以及)\s*")


@dataclass(frozen=True)
class ArticleRequest:
    """One article a question asks for; ``clause`` is None when the document has no such article."""

    doc_id: str
    ref: ArticleRef
    clause: Clause | None

    @property
    def part_text(self) -> str | None:
        """The text of the 款/项 asked for, when the question narrows to one that exists."""
        label = self.ref.part_label
        if self.clause is None or label is None:
            return None
        labels = {label, label.replace("第一款", "", 1)} if self.ref.paragraph == 1 else {label}  # an article of one 款
        return next((part.text for part in self.clause.parts if part.label in labels), None)


@dataclass(frozen=True)
class ChapterRequest:
    """A chapter asked for by number: its heading and its articles in order."""

    doc_id: str
    heading: str
    articles: tuple[Clause, ...]


def _chapter_number(heading: str) -> int | None:
    found = _CHAPTER.match(heading)
    return cn_to_int(found.group(1)) if found else None


class ArticleLookup:
    """Exact article lookup over the loaded clauses."""

    def __init__(self, documents: dict[str, DocumentMeta], clauses: Iterable[Clause], names: DocumentNameIndex) -> None:
        self.documents = documents
        self.names = names
        self._articles: dict[tuple[str, int, int | None], Clause] = {}
        self.article_counts: dict[str, int] = {}
        self._chapters: dict[str, dict[str, list[Clause]]] = {}
        for clause in clauses:
            chapter = next((heading for heading in clause.heading_path if _CHAPTER.match(heading)), None)
            if chapter is not None and clause.kind == "article":
                self._chapters.setdefault(clause.doc_id, {}).setdefault(chapter, []).append(clause)
            key = article_key(clause.label) if clause.kind == "article" else None
            if key is None:
                continue
            self._articles.setdefault((clause.doc_id, *key), clause)
            self.article_counts[clause.doc_id] = max(self.article_counts.get(clause.doc_id, 0), key[0])

    def article(self, doc_id: str, ref: ArticleRef) -> Clause | None:
        return self._articles.get((doc_id, ref.article, ref.sub))

    def find(self, question: str) -> list[ArticleRequest]:
        """The articles ``question`` asks for by number, in the order it names them."""
        requests: list[ArticleRequest] = []
        for named in self.names.find(question):
            candidates = [doc_id for doc_id in named.doc_ids if doc_id in self.article_counts]
            if not candidates:
                continue  # a policy document without articles: left to search
            position = _CONNECTOR.match(question, named.end)
            found = ARTICLE_REF.match(question, position.end() if position else named.end)
            while found:
                ref = parse_ref(found)
                doc_id = self._choose(candidates, ref)
                requests.append(ArticleRequest(doc_id=doc_id, ref=ref, clause=self.article(doc_id, ref)))
                more = _AND.match(question, found.end())
                found = ARTICLE_REF.match(question, more.end()) if more else None
        return requests

    def find_chapter(self, question: str) -> ChapterRequest | None:
        """The chapter a question asks for by number (安全生产法第三章), with its articles in order."""
        for named in self.names.find(question):
            position = _CONNECTOR.match(question, named.end)
            found = _CHAPTER.match(question, position.end() if position else named.end)
            if not found:
                continue
            number = cn_to_int(found.group(1))
            for doc_id in named.doc_ids:
                chapters = self._chapters.get(doc_id, {})
                heading = next((heading for heading in chapters if _chapter_number(heading) == number), None)
                if heading is not None:
                    return ChapterRequest(doc_id, heading, tuple(chapters[heading]))
        return None

    def _choose(self, candidates: list[str], ref: ArticleRef) -> str:
        """Among documents sharing a name, the newest one that has the article (else the newest)."""
        having = [doc_id for doc_id in candidates if self.article(doc_id, ref) is not None] or candidates
        return max(having, key=lambda doc_id: self.documents[doc_id].effective or self.documents[doc_id].date or "")


def labelled_text(clause: Clause) -> str:
    """The article's whole text, one line per 款 and 项, each with the label a lawyer would cite."""
    if not clause.parts:
        return clause.text
    lines = [] if clause.parts[0].label.endswith("款") else [clause.text.split("\n", 1)[0]]
    lines += [f"{part.label}：{part.text}" for part in clause.parts]
    return "\n".join(lines)


def compose_lookup(requests: list[ArticleRequest], documents: dict[str, DocumentMeta], article_counts: dict[str, int],
                   ranks: dict[str, int]) -> str:
    """The answer text: each article found, quoted whole (the 款/项 asked for first), or plainly missing."""
    lines: list[str] = []
    for request in requests:
        title = documents[request.doc_id].title
        if request.clause is None:
            lines.append(f"《{title}》中没有{request.ref.article_label}（按条文编号查找；"
                         f"该文件的条文编号到第{article_counts[request.doc_id]}条为止）。")
            continue
        rank = ranks.get(request.clause.clause_id)
        if rank is None:
            continue
        marker = f"[{rank}]"
        lines.append(f"按条文编号查到《{title}》{request.ref.article_label}{marker}：")
        part = request.part_text
        if part is not None:
            lines.append(f"所问的{request.ref.part_label}：{part}{marker}")
            lines.append("该条全文：")
        elif request.ref.part_label is not None:
            lines.append(f"{request.ref.article_label}中没有{request.ref.part_label.removeprefix(request.ref.article_label)}，以下是该条全文：")
        lines.append(labelled_text(request.clause) + marker)
    return "\n".join(lines)


def compose_chapter(request: ChapterRequest, title: str, ranks: dict[str, int]) -> str:
    """The chapter's heading, the span of its articles, and each cited article's opening sentence."""
    first, last = request.articles[0].label, request.articles[-1].label
    lines = [f"按章节编号查到《{title}》{request.heading}（{first}至{last}，共{len(request.articles)}条）："]
    for article in request.articles:
        rank = ranks.get(article.clause_id)
        if rank is not None:
            opening = article.text.removeprefix(article.label).strip().split("\n", 1)[0]
            lines.append(f"{article.label}：{opening}[{rank}]")
    return "\n".join(lines)
