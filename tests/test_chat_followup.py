"""The follow-up rewriter on the bundled documents' metadata: how each form of follow-up is understood."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.chat.followup import Context, resolve
from assistant.models import Citation
from assistant.search.scope import Scopes


@pytest.fixture(scope="module")
def scopes(assistant: Any) -> Scopes:
    return Scopes(assistant.index.store.documents)


def cited(assistant: Any, doc_id: str, label: str) -> Citation:
    clause = next(c for c in assistant.index.store.clauses if c.doc_id == doc_id and c.label == label)
    meta = assistant.index.store.documents[doc_id]
    return Citation(rank=1, doc_id=doc_id, title=meta.title, doc_number=meta.doc_number, issuer=meta.issuer,
                    date=meta.date, status=meta.status, clause_id=clause.clause_id, clause_label=label,
                    text=clause.text, score=0.0)


@pytest.mark.parametrize(("first", "follow_up", "kind", "understood"), [
    ("枞阳对企业主体责任有什么规定？", "那职业健康呢？", "topic", "枞阳对职业健康有什么规定？"),
    ("枞阳对企业主体责任有什么规定？", "沅江的规定呢？", "place", "沅江对企业主体责任有什么规定？"),
    ("枞阳对企业主体责任有什么规定？", "那湖南省的呢？", "place", "湖南省对企业主体责任有什么规定？"),
    ("枞阳对企业主体责任有什么规定？", "和沅江相比有什么不同？", "compare", "枞阳和沅江对企业主体责任的规定有什么不同？"),
    ("枞阳和沅江对企业主体责任的规定有什么不同？", "那职业健康呢？", "compare", "枞阳和沅江对职业健康的规定有什么不同？"),
    ("安委会主任由谁担任？", "那副主任呢？", "topic", "副主任由谁担任？"),
    ("沅江的安委会办公室设在哪里？", "由谁担任主任？", "elliptical", "沅江对安委会办公室由谁担任主任？"),
    ("《安全生产法》对安全培训有什么要求？", "那应急预案呢？", "topic", "《安全生产法》对应急预案有什么要求？"),
    ("安全生产法第二十二条规定了什么？", "这条出自哪个文件？", "source", "《中华人民共和国安全生产法》第二十二条出自哪个文件？"),
    ("安全生产法第二十二条是什么？", "这个文件是谁发布的？", "source", "《中华人民共和国安全生产法》第二十二条由哪个机关发布？"),
    ("安全生产法第二十二条规定了什么？", "第二款呢？", "part", "《安全生产法》第二十二条第二款规定了什么？"),
    ("安全生产法第二十二条规定了什么？", "那第三十条呢？", "article", "《安全生产法》第三十条规定了什么？"),
    ("安全生产法第二十二条规定了什么？", "消防法第十六条规定了什么？", "new", "消防法第十六条规定了什么？"),
    ("安全生产法第二十二条规定了什么？", "危险化学品的储存有什么要求？", "new", "危险化学品的储存有什么要求？"),
])
def test_follow_ups_are_understood(assistant: Any, scopes: Scopes, first: str, follow_up: str, kind: str,
                                   understood: str) -> None:
    anchor = cited(assistant, "work-safety-law-2021", "第二十二条")
    context = resolve(first, None, scopes).context(anchor)
    resolution = resolve(follow_up, context, scopes)
    assert (resolution.kind, resolution.question) == (kind, understood)


def test_without_a_previous_citation_there_is_no_clause_to_point_at(scopes: Scopes) -> None:
    context = Context(question="枞阳对企业主体责任有什么规定？", topic="企业主体责任", tail="有什么规定？")
    assert resolve("这条出自哪个文件？", context, scopes).kind not in ("source", "part")
    assert resolve("第二款呢？", context, scopes).kind not in ("source", "part")


def test_a_penalty_follow_up_names_the_subject_and_the_document(assistant: Any, scopes: Scopes) -> None:
    anchor = cited(assistant, "work-safety-law-2021", "第五条")
    context = resolve("生产经营单位主要负责人的安全生产职责是什么？", None, scopes).context(anchor)
    resolution = resolve("它的罚则是什么？", context, scopes)
    assert resolution.kind == "penalty"
    assert resolution.question == "《安全生产法》中生产经营单位主要负责人的安全生产职责，违反规定的法律责任和处罚是什么？"
    assert [party.doc_ids for party in resolution.parties] == [("work-safety-law-2021",)]
