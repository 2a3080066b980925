"""Rewrites a follow-up question into a standalone one, from what the previous turn was about.

Rule-based and explainable: a question is split into its scope (places and documents it names),
its topic and its ask (有什么规定？); a follow-up replaces one of them ("那职业健康呢？" the topic,
"沅江的规定呢？" the place), points at the previous answer ("这条出自哪个文件？", "第二款呢？"),
asks for the penalty of the same thing ("它的罚则是什么？"), or leaves the subject out ("由谁负责？")
and inherits it. Anything else is a new question.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, Literal

from assistant.chat.parsing import CLOSING, DEFAULT_TAIL, EDGE, OPENING, Parsed, bare, compose, parse, scope_text
from assistant.models import Citation
from assistant.search.about_document import SourceField, asked_field
from assistant.search.question import COMPARISON
from assistant.search.scope import Party, Scopes

Kind = Literal["new", "topic", "place", "elliptical", "penalty", "article", "part", "source", "compare"]

_PRONOUN = re.compile(
    r"^(?:这一条|这条|该条|此条|本条|这项|该项|这个文件|这份文件|该文件|这部法|该法|这个|这份|它们|它|其|该|此|这|上述|上面)"
)
_GENERIC = {"", "规定", "要求", "文件", "政策", "做法", "情况", "条文", "内容", "规定内容", "相关规定", "方面"}
_SHORT = 4  # a follow-up's own words up to this length only qualify what the previous turn was about
_PART = re.compile(r"^(第[一二三四五六七八九十]+款|第[（(]?[一二三四五六七八九十]+[)）]?项)")
_ARTICLE = re.compile(r"^(第[一二三四五六七八九十百零〇0-9]+条)")
_PENALTY = re.compile(r"罚则|处罚|罚款|法律责任|怎么罚|罚多少|违反")


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
class _Turn:
    """A question with what the rules look at: its parts, its form, and the previous turn."""

    question: str
    parsed: Parsed
    context: Context
    scopes: Scopes

    @property
    def body(self) -> str:
        """The question without fillers (那么……呢) and a leading 'this clause'."""
        stripped = OPENING.sub("", CLOSING.sub("", self.question.strip()))
        return re.sub(r"^(?:这一条|这条|该条|本条|它)的?", "", stripped)

    @property
    def follow_form(self) -> bool:
        """Worded as a follow-up: 那……, ……呢？"""
        return bool(OPENING.match(self.question.strip())) or bool(re.search(r"呢[？?\s]*$", self.question))

    @property
    def pronoun(self) -> bool:
        return bool(_PRONOUN.match(OPENING.sub("", CLOSING.sub("", self.question.strip()))))

    @property
    def generic(self) -> bool:
        """No topic of its own (empty, or only 规定/要求/内容 …)."""
        return _generic(self.parsed.topic)

    def resolution(self, question: str, kind: Kind, **changes: Any) -> Resolution:
        """A resolution that inherits topic, ask, scope and anchor from the previous turn unless changed."""
        inherited = Resolution(question=question, kind=kind, topic=self.context.topic, tail=self.context.tail,
                               parties=self.context.parties, anchor=self.context.anchor)
        return replace(inherited, **changes)


def resolve(question: str, context: Context | None, scopes: Scopes) -> Resolution:
    """Understand ``question`` against the previous turn (None for the first question)."""
    parsed = parse(question, scopes)
    compared = _as_comparison(question, parsed, context)
    if compared is not None:
        return compared
    if context is not None:
        turn = _Turn(question, parsed, context, scopes)
        for rule in _RULES:
            resolution = rule(turn)
            if resolution is not None:
                return resolution
    return Resolution(question=question.strip(), kind="new", topic=parsed.topic or bare(question),
                      tail=parsed.tail or DEFAULT_TAIL, parties=parsed.parties)


def _comparison(parties: tuple[Party, ...], topic: str, anchor: Citation | None) -> Resolution:
    return Resolution(question=f"{scope_text(parties)}对{topic}的规定有什么不同？", kind="compare", topic=topic,
                      tail=DEFAULT_TAIL, parties=parties, anchor=anchor)


def _as_comparison(question: str, parsed: Parsed, context: Context | None) -> Resolution | None:
    """Two parties compared (有什么不同/区别/相比), or one added to the previous turn's (和沅江相比呢？)."""
    if not COMPARISON.search(question):
        return None
    previous = context.parties if context is not None else ()
    parties = _merge(previous, parsed.parties) if len(parsed.parties) < 2 else parsed.parties
    if len(parties) < 2:
        return None
    own = re.sub(rf"{COMPARISON.pattern}|^比|比$", "", parsed.topic).strip(EDGE)
    has_own = bool(own) and not _generic(own) and not _PRONOUN.match(own)
    topic = own if has_own or context is None else context.topic
    return _comparison(parties, topic, context.anchor if context is not None else None)


def _as_part(turn: _Turn) -> Resolution | None:
    """第二款呢？ — a 款/项 of the previously cited article."""
    anchor = turn.context.anchor
    if anchor is None or not (match := _PART.match(turn.body)):
        return None
    part = match.group(1)
    question = f"《{turn.scopes.short_title(anchor.doc_id)}》{anchor.clause_label}{part}规定了什么？"
    return turn.resolution(question, "part", part=part)


def _as_article(turn: _Turn) -> Resolution | None:
    """第二十二条呢？ — another article of the previously cited document."""
    anchor = turn.context.anchor
    if anchor is None or turn.parsed.parties or not (match := _ARTICLE.match(turn.body)):
        return None
    document = Party(turn.scopes.short_title(anchor.doc_id), (anchor.doc_id,), "document")
    return turn.resolution(f"《{document.name}》{match.group(1)}规定了什么？", "article", parties=(document,))


def _as_source(turn: _Turn) -> Resolution | None:
    """这条出自哪个文件？ — a fact about the previously cited document."""
    anchor = turn.context.anchor
    if anchor is None or turn.parsed.parties or not (turn.pronoun or turn.generic):
        return None
    source_field = asked_field(turn.question)
    if source_field is None:
        return None
    question = f"《{anchor.title}》{anchor.clause_label}{_SOURCE_ASK[source_field]}"
    return turn.resolution(question, "source", source_field=source_field)


def _as_penalty(turn: _Turn) -> Resolution | None:
    """它的罚则是什么？ — the penalty for the previous subject, in the document cited first."""
    rest = re.sub(r"[了的吧]", "", _PENALTY.sub("", turn.parsed.topic)).strip(EDGE)
    if not _PENALTY.search(turn.question) or turn.parsed.parties:
        return None
    if not (turn.pronoun or _generic(rest) or len(rest) <= _SHORT):
        return None
    parties = _anchor_scope(turn.context, turn.scopes)
    detail = f"，{rest}" if rest and not _PRONOUN.fullmatch(rest) else ""
    scope = f"{scope_text(parties)}中" if parties else ""
    question = f"{scope}{_subject(turn.context)}{detail}，违反规定的法律责任和处罚是什么？"
    return turn.resolution(question, "penalty", parties=parties)


def _as_new_place(turn: _Turn) -> Resolution | None:
    """沅江的规定呢？ — the same topic and ask for another place or document."""
    parties = turn.parsed.parties
    if not (turn.follow_form and parties and turn.generic):
        return None
    if len(parties) >= 2:
        return _comparison(parties, turn.context.topic, turn.context.anchor)
    return turn.resolution(compose(parties, turn.context.topic, turn.context.tail), "place", parties=parties)


def _as_new_topic(turn: _Turn) -> Resolution | None:
    """那职业健康呢？ — the same scope and ask (or the same comparison) for another topic."""
    if not turn.follow_form or turn.generic or turn.parsed.tail:
        return None
    topic = turn.parsed.topic
    parties = turn.parsed.parties or turn.context.parties
    if turn.context.compared and len(parties) >= 2:
        return _comparison(parties, topic, turn.context.anchor)
    return turn.resolution(compose(parties, topic, turn.context.tail), "topic", topic=topic, parties=parties)


def _as_elliptical(turn: _Turn) -> Resolution | None:
    """由谁担任主任？ — an ask without a subject inherits the previous one."""
    if not (turn.pronoun or turn.generic) or not turn.parsed.tail:
        return None
    parties = turn.parsed.parties or turn.context.parties
    tail = turn.parsed.tail.removeprefix("的")
    return turn.resolution(compose(parties, turn.context.topic, tail), "elliptical", tail=tail, parties=parties)


_RULES: tuple[Callable[[_Turn], Resolution | None], ...] = (
    _as_part, _as_article, _as_source, _as_penalty, _as_new_place, _as_new_topic, _as_elliptical,
)

_SOURCE_ASK: dict[SourceField, str] = {
    "document": "出自哪个文件？",
    "doc_number": "的文号是什么？",
    "issuer": "由哪个机关发布？",
    "date": "是什么时候发布的？",
    "effective": "是什么时候施行的？",
    "status": "现在是否有效？",
}


def _generic(topic: str) -> bool:
    return topic.strip(EDGE) in _GENERIC or bool(_PRONOUN.fullmatch(topic))


def _subject(context: Context) -> str:
    """What 'it' stands for: the previous topic, or the cited clause's opening when the topic was only a number."""
    topic = _ARTICLE.sub("", context.topic).strip(EDGE)
    if topic and not _generic(topic) or context.anchor is None:
        return context.topic
    opening = re.split(r"[。；\n]", context.anchor.text.removeprefix(context.anchor.clause_label).strip())[0]
    return opening[:60]


def _merge(first: tuple[Party, ...], second: tuple[Party, ...]) -> tuple[Party, ...]:
    names = {party.name for party in second}
    return tuple(party for party in first if party.name not in names) + second


def _anchor_scope(context: Context, scopes: Scopes) -> tuple[Party, ...]:
    """A penalty asked of 'it' is looked for in the document the previous answer cited first."""
    if context.anchor is None:
        return context.parties
    return (Party(scopes.short_title(context.anchor.doc_id), (context.anchor.doc_id,), "document"),)

