"""One question split into its scope (the places and documents it names), its topic and its ask
(有什么规定？), and put back together: 沅江 + 企业主体责任 + 有什么规定？ → 沅江对企业主体责任有什么规定？"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.search.scope import Party, Scopes

DEFAULT_TAIL = "有什么规定？"
OPENING = re.compile(r"^(?:那么|那|还有|另外|再问一下|请问|如果是|换成|换作)+[，,]?")
CLOSING = re.compile(r"(?:呢|吧|啊|呀)?[？?。！!\s]*$")
_ASK = re.compile(
    r"有什么|有哪些|有何|是什么|是哪|是谁|是多少|由谁|由哪|归谁|归哪|哪个|哪些|哪里|哪儿|什么|谁|多少|几|如何|怎么|怎样|"
    r"是否|能否|可否|要不要|需不需要|吗"
)
_PREDICATES = (
    "规定了", "说了", "讲了", "设在", "位于", "应当", "应该", "需要", "必须", "要求", "规定", "可以",
    "要", "应", "须", "有", "是", "由", "归", "该", "能", "会",
)
EDGE = "的对在中里和与跟及、，,：:"


@dataclass(frozen=True)
class Parsed:
    """A question split into scope, topic and ask."""

    parties: tuple[Party, ...]
    topic: str
    tail: str


def parse(question: str, scopes: Scopes) -> Parsed:
    """Scope (named places and documents), topic and ask of one question."""
    text = CLOSING.sub("", OPENING.sub("", question.strip()))
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
    topic = text.strip(EDGE + " ")
    topic = re.sub(r"^(?:和|与|跟|及|对|关于|在)+", "", topic).strip(EDGE + " ")
    return Parsed(parties=parties, topic=topic, tail=tail)


def scope_text(parties: tuple[Party, ...]) -> str:
    """How a question names its scope: 枞阳和沅江, 《安全生产法》."""
    return "和".join(f"《{party.name}》" if party.kind == "document" else party.name for party in parties)


def compose(parties: tuple[Party, ...], topic: str, tail: str) -> str:
    """A standalone question from its parts: 沅江对企业主体责任有什么规定？"""
    scope = scope_text(parties)
    link = "对" if scope and topic else ""
    return f"{scope}{link}{topic}{tail or DEFAULT_TAIL}"


def bare(question: str) -> str:
    return CLOSING.sub("", OPENING.sub("", question.strip()))
