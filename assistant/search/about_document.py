"""Questions about a document itself — 谁印发的？文号是什么？什么时候施行？现在还有效吗？ — read once for both
a first question that names the document and a follow-up about the one just cited.

Such a question is answered from the document's metadata, not by searching its clauses: the date a law
takes effect is a fact about the law, and a search would only find clauses that mention dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.legal.names import DocumentNameIndex
from assistant.models import DocumentMeta

SourceField = Literal["document", "doc_number", "issuer", "effective", "date", "status"]

_TIME = r"(?:什么时候|什么时间|何时|哪天|哪一天|哪年|哪一年|几月|几号|从哪天|从什么时候)"
_TAKES_EFFECT = r"(?:开始)?(?:施行|生效|实施|执行)"
# First match wins: a question about when a text takes effect is not one about its date of issue.
FIELD_PATTERNS: tuple[tuple[SourceField, re.Pattern[str]], ...] = (
    ("doc_number", re.compile(r"发文字号|文号")),
    ("issuer", re.compile(r"(?:谁|哪个部门|哪个单位|哪个机关|哪个机构|什么机关|什么部门)(?:印发|发布|制定|颁布|发)(?:布|的)?"
                          r"|发布机关|发文机关|发文单位|制定机关|印发机关|颁布机关")),
    ("effective", re.compile(rf"[自从]?{_TIME}.{{0,3}}{_TAKES_EFFECT}|{_TAKES_EFFECT}(?:日期|时间)")),
    ("date", re.compile(rf"{_TIME}.{{0,3}}(?:印发|发布|颁布|出台|通过|制定)|什么时候|哪年|哪一年|日期|何时|时间")),
    ("status", re.compile(r"还有效|仍然有效|是否有效|有效吗|有没有效|现行有效|失效|过期|作废|废止|现行|管用|有效|生效")),
    ("document", re.compile(r"出自|来自|出处|哪个文件|哪份文件|什么文件|哪部|哪个法|哪一个法|原文|依据")),
)
# What may stand beside the document's name and the fact asked when a question asks nothing else.
_FILLER = re.compile(r"请问|现在|目前|如今|当前|新版本?|最新版?本?|现行版本?|(?:修改|修订|修正|改)(?:完|过)?(?:以后|之后|后)|"
                     r"还是|还|仍然|仍|是否|是不是|是|的|了|吗|呢|啊|呀|什么|哪个|多少|这部|这个|"
                     r"[《》“”\"？?。，,！!、\s]")


@dataclass(frozen=True)
class DocumentAsk:
    """A first question that asks one fact of one document it names."""

    doc_id: str
    field: SourceField


def asked_field(text: str) -> SourceField | None:
    """The fact of a document ``text`` asks for, if any (the caller decides the question is about a document)."""
    return next((field for field, pattern in FIELD_PATTERNS if pattern.search(text)), None)


def about_document(text: str, names: DocumentNameIndex, documents: dict[str, DocumentMeta]) -> DocumentAsk | None:
    """The document and fact, when ``text`` names one document and asks only for its 文号, issuer, dates or status."""
    named = names.find(text) or [loose for loose in [names.find_loosely(text)] if loose]
    if len(named) != 1 or len({documents[doc_id].title for doc_id in named[0].doc_ids}) != 1:
        return None  # none, several, or a name several different documents share
    rest = text[: named[0].start] + text[named[0].end:]
    field = asked_field(rest)
    if field is None or field == "document":
        return None
    pattern = dict(FIELD_PATTERNS)[field]
    if _FILLER.sub("", pattern.sub("", rest, count=1)):
        return None  # something else is asked too (…第二十一条…, …事故什么时候报告…)
    return DocumentAsk(doc_id=_current(named[0].doc_ids, documents), field=field)


def _current(doc_ids: tuple[str, ...], documents: dict[str, DocumentMeta]) -> str:
    """Of several versions of one title, the one not replaced by another, then the latest."""
    return max(doc_ids, key=lambda doc_id: (documents[doc_id].superseded_by is None, documents[doc_id].date or ""))
