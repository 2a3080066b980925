"""Rewrites a follow-up question into a standalone one, from what the previous turn was about.

Rule-based and explainable: a question is split into its scope (places and documents it names),
its topic and its ask (有什么规定？); a follow-up replaces one of them ("那职业健康呢？" the topic,
"沅江的规定呢？" the place), points at the previous answer ("这条出自哪个文件？", "第二款呢？"),
asks for the penalty of the same thing ("它的罚则是什么？"), or leaves the subject out ("由谁负责？")
and inherits it. Anything else is a new question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from assistant.models import Citation
from assistant.scope import Party, Scopes

Kind = Literal["new", "topic", "place", "elliptical", "penalty", "article", "part", "source", "compare"]
SourceField = Literal["document", "doc_number", "issuer", "date", "status"]
DEFAULT_TAIL = "有什么规定？"

_OPENING = re.compile(r"^(?:那么|那|还有|另外|再问一下|请问|如果是|换成|换作)+[，,]?")
_CLOSING = re.compile(r"(?:呢|吧|啊|呀)?[？?。！!\s]*$")
_PRONOUN = re.compile(
    r"^(?:这一条|这条|该条|此条|本条|这项|该项|这个文件|这份文件|该文件|这部法|该法|这个|这份|它们|它|其|该|此|这|上述|上面)"
)
_ASK = re.compile(
    r"有什么|有哪些|有何|是什么|是哪|是谁|是多少|由谁|由哪|归谁|归哪|哪个|哪些|哪里|哪儿|什么|谁|多少|几|如何|怎么|怎样|"
    r"是否|能否|可否|要不要|需不需要|吗"
)
_PREDICATES = (
    "规定了", "说了", "讲了", "应当", "应该", "需要", "必须", "要求", "规定", "可以", "要", "应", "须", "有", "是", "由", "归",
    "该", "能", "会",
)
_EDGE = "的对在中里和与跟及、，,：:"
_GENERIC = {"", "规定", "要求", "文件", "政策", "做法", "情况", "条文", "内容", "规定内容", "相关规定", "方面"}
_SHORT = 4  # a follow-up's own words up to this length only qualify what the previous turn was about
_COMPARE = re.compile(r"不同|区别|差异|异同|比较|对比|相比|一样|相同|差别")
_PART = re.compile(r"^(第[一二三四五六七八九十]+款|第[（(]?[一二三四五六七八九十]+[)）]?项)")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇0-9]+条)")
_PENALTY = re.compile(r"罚则|处罚|罚款|法律责任|怎么罚|罚多少|违反")
_SOURCE_FIELDS: tuple[tuple[SourceField, re.Pattern[str]], ...] = (
    ("doc_number", re.compile(r"文号|发文字号")),
    ("issuer", re.compile(r"谁发|谁印发|谁制定|哪个部门发|哪个单位发|发布机关|发文机关|发文单位|制定机关")),
    ("date", re.compile(r"什么时候|哪年|哪一年|日期|何时|时间")),
    ("status", re.compile(r"有效|失效|现行|管用|废止|生效")),
    ("document", re.compile(r"出自|来自|出处|哪个文件|哪份文件|什么文件|哪部|哪个法|哪一个法|原文|依据")),
)


@dataclass(frozen=True)
class Context:
    """What a follow-up can refer to: the previous turn as it was understood, and its first citation."""

    question: str
    topic: str
    tail: str
    parties: tuple[Party, ...] = ()
    compared: bool = False
    anchor: Citation | None = None


@dataclass(frozen=True)
class Resolution:
    """How a question was understood: the standalone question to retrieve and what it refers to."""

    question: str
    kind: Kind
    topic: str
    tail: str
    parties: tuple[Party, ...] = ()
    anchor: Citation | None = None
    part: str | None = None
    source_field: SourceField | None = None

    @property
    def compare(self) -> bool:
        return self.kind == "compare"

    def context(self, anchor: Citation | None) -> Context:
        """The context the next turn resolves against."""
        return Context(question=self.question, topic=self.topic, tail=self.tail, parties=self.parties,
                       compared=self.compare, anchor=anchor)


@dataclass(frozen=True)
class Parsed:
    """A question split into scope, topic and ask."""

    parties: tuple[Party, ...]
    topic: str
    tail: str


def parse(question: str, scopes: Scopes) -> Parsed:
    """Scope (named places and documents), topic and ask of one question."""
    text = _CLOSING.sub("", _OPENING.sub("", question.strip()))
    parties = tuple(scopes.find_parties(text))
    for party in parties:
        text = text.replace(f"《{party.name}》", "").replace(party.name, "")
    text = text.replace("《", "").replace("》", "")
    tail = ""
    if match := _ASK.search(text):
        start = match.start()
        moved = True
        while moved:
            moved = False
            for predicate in _PREDICATES:
                if text[:start].endswith(predicate) and start - len(predicate) > 0:
                    start -= len(predicate)
                    moved = True
                    break
        tail = text[start:] + "？"
        text = text[:start]
    topic = text.strip(_EDGE + " ")
    topic = re.sub(r"^(?:和|与|跟|及|对|关于|在)+", "", topic).strip(_EDGE + " ")
    return Parsed(parties=parties, topic=topic, tail=tail)


def scope_text(parties: tuple[Party, ...]) -> str:
    """How a question names its scope: 枞阳和沅江, 《安全生产法》."""
    return "和".join(f"《{party.name}》" if party.kind == "document" else party.name for party in parties)


def compose(parties: tuple[Party, ...], topic: str, tail: str) -> str:
    """A standalone question from its parts: 沅江对企业主体责任有什么规定？"""
    scope = scope_text(parties)
    link = "对" if scope and topic else ""
    return f"{scope}{link}{topic}{tail or DEFAULT_TAIL}"


def resolve(question: str, context: Context | None, scopes: Scopes) -> Resolution:
    """Understand ``question`` against the previous turn (None for the first question)."""
    parsed = parse(question, scopes)
    new = Resolution(question=question.strip(), kind="new", topic=parsed.topic or _bare(question),
                     tail=parsed.tail or DEFAULT_TAIL, parties=parsed.parties)
    if _COMPARE.search(question):
        previous = context.parties if context is not None else ()
        parties = _merge(previous, parsed.parties) if len(parsed.parties) < 2 else parsed.parties
        if len(parties) >= 2:
            own = re.sub(rf"{_COMPARE.pattern}|^比|比$", "", parsed.topic).strip(_EDGE)
            topic = own if own and not _generic(own) and not _PRONOUN.match(own) or context is None else context.topic
            text = f"{scope_text(parties)}对{topic}的规定有什么不同？"
            return Resolution(question=text, kind="compare", topic=topic, tail=DEFAULT_TAIL, parties=parties,
                              anchor=context.anchor if context is not None else None)
    if context is None:
        return new
    stripped = _CLOSING.sub("", question.strip())
    follow_form = bool(_OPENING.match(question.strip())) or bool(re.search(r"呢[？?\s]*$", question))
    pronoun = bool(_PRONOUN.match(_OPENING.sub("", stripped)))
    generic = _generic(parsed.topic)
    anchor = context.anchor

    body = _OPENING.sub("", stripped)
    body = re.sub(r"^(?:这一条|这条|该条|本条|它)的?", "", body)
    if anchor is not None and (match := _PART.match(body)):
        part = match.group(1)
        text = f"《{scopes.short_title(anchor.doc_id)}》{anchor.clause_label}{part}规定了什么？"
        return Resolution(question=text, kind="part", topic=context.topic, tail=context.tail,
                          parties=context.parties, anchor=anchor, part=part)
    if anchor is not None and not parsed.parties and (match := _ARTICLE.match(body)):
        document = Party(scopes.short_title(anchor.doc_id), (anchor.doc_id,), "document")
        text = f"《{document.name}》{match.group(1)}规定了什么？"
        return Resolution(question=text, kind="article", topic=context.topic, tail=context.tail,
                          parties=(document,), anchor=anchor)
    if anchor is not None and (pronoun or generic) and not parsed.parties:
        for source_field, pattern in _SOURCE_FIELDS:
            if pattern.search(question):
                text = f"《{anchor.title}》{anchor.clause_label}{_SOURCE_ASK[source_field]}"
                return Resolution(question=text, kind="source", topic=context.topic, tail=context.tail,
                                  parties=context.parties, anchor=anchor, source_field=source_field)
    rest = re.sub(r"[了的吧]", "", _PENALTY.sub("", parsed.topic)).strip(_EDGE)
    if _PENALTY.search(question) and not parsed.parties and (pronoun or _generic(rest) or len(rest) <= _SHORT):
        parties = _anchor_scope(context, scopes)
        detail = f"，{rest}" if rest and not _PRONOUN.fullmatch(rest) else ""
        text = f"{scope_text(parties)}{'中' if parties else ''}{_subject(context)}{detail}，违反规定的法律责任和处罚是什么？"
        return Resolution(question=text, kind="penalty", topic=context.topic, tail=context.tail,
                          parties=parties, anchor=anchor)
    if follow_form and parsed.parties and generic:
        if context.compared and len(parsed.parties) == 1 or not context.compared:
            text = compose(parsed.parties, context.topic, context.tail)
            return Resolution(question=text, kind="place", topic=context.topic, tail=context.tail,
                              parties=parsed.parties, anchor=anchor)
    if follow_form and not generic and not parsed.tail:
        parties = parsed.parties or context.parties
        if context.compared and len(parties) >= 2:
            text = f"{scope_text(parties)}对{parsed.topic}的规定有什么不同？"
            return Resolution(question=text, kind="compare", topic=parsed.topic, tail=DEFAULT_TAIL,
                              parties=parties, anchor=anchor)
        text = compose(parties, parsed.topic, context.tail)
        return Resolution(question=text, kind="topic", topic=parsed.topic, tail=context.tail, parties=parties,
                          anchor=anchor)
    if (pronoun or generic) and parsed.tail:
        parties = parsed.parties or context.parties
        tail = re.sub(r"^(?:的)", "", parsed.tail)
        text = compose(parties, context.topic, tail)
        return Resolution(question=text, kind="elliptical", topic=context.topic, tail=tail, parties=parties,
                          anchor=anchor)
    return new


_SOURCE_ASK: dict[SourceField, str] = {
    "document": "出自哪个文件？",
    "doc_number": "的文号是什么？",
    "issuer": "由哪个机关发布？",
    "date": "是什么时候发布的？",
    "status": "现在是否有效？",
}


def _generic(topic: str) -> bool:
    return topic.strip(_EDGE) in _GENERIC or bool(_PRONOUN.fullmatch(topic))


def _subject(context: Context) -> str:
    """What 'it' stands for: the previous topic, or the cited clause's opening when the topic was only a number."""
    topic = _ARTICLE.sub("", context.topic).strip(_EDGE)
    if topic and not _generic(topic) or context.anchor is None:
        return context.topic
    opening = re.split(r"[。；\n]", context.anchor.text.removeprefix(context.anchor.clause_label).strip())[0]
    return opening[:60]


def _bare(question: str) -> str:
    return _CLOSING.sub("", _OPENING.sub("", question.strip()))


def _merge(first: tuple[Party, ...], second: tuple[Party, ...]) -> tuple[Party, ...]:
    names = {party.name for party in second}
    return tuple(party for party in first if party.name not in names) + second


def _anchor_scope(context: Context, scopes: Scopes) -> tuple[Party, ...]:
    """A penalty asked of 'it' is looked for in the document the previous answer cited first."""
    if context.anchor is None:
        return context.parties
    return (Party(scopes.short_title(context.anchor.doc_id), (context.anchor.doc_id,), "document"),)

