"""Which sentences of a clause to quote: the one that holds what was asked, and a clause's key sentences.

The answer's first line is a quotation, never a paraphrase, so choosing it is choosing a span of the
clause: the sentence sharing most words with the question; when the question asks for a figure, the
sentence that states one of that kind; when the chosen sentence introduces a list (……负有下列职责：),
the list itself, since the list is what was asked.
"""

from __future__ import annotations

import re

from assistant.answer.quantities import asked_quantities, states_quantity
from assistant.models import Clause

_SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
_LEADING_LABEL = re.compile(r"^第[零〇一二三四五六七八九十百千0-9]+条\s*")
_ITEM = re.compile(r"^\s*[（(][一二三四五六七八九十0-9]+[)）]|^\s*[0-9一二三四五六七八九十]+[、.．]")
MAX_ANSWER_CHARS = 360  # a list of duties fits; a whole chapter-long article does not


def sentences_of(text: str) -> list[str]:
    """The clause's sentences and list items, without the leading article label."""
    return [s.strip() for s in _SENTENCE.findall(_LEADING_LABEL.sub("", text.strip())) if s.strip()]


def _overlap(sentence: str, query_tokens: set[str]) -> int:
    """Characters of the question's words the sentence contains: the question is cut into words once,
    the sentence is only searched (cutting every candidate sentence was most of the answer's cost)."""
    return sum(len(token) for token in query_tokens if token in sentence)


def key_sentences(clause: Clause, query_tokens: set[str], limit: int = 2) -> str:
    """The clause's sentences that share most words with the question, in their original order."""
    sentences = sentences_of(clause.text)
    if len(sentences) <= limit:
        return "".join(sentences)
    scored = sorted(((_overlap(sentence, query_tokens), -position, position)
                     for position, sentence in enumerate(sentences)), reverse=True)
    chosen = sorted(position for _, _, position in scored[:limit])
    return "……".join(sentences[position] for position in chosen)


def answer_span(clause: Clause, question: str, query_tokens: set[str]) -> str:
    """The part of the clause that answers the question, quoted whole or cut with …… at a sentence end."""
    sentences = sentences_of(clause.text)
    if not sentences:
        return clause.text.strip()
    kinds = asked_quantities(question)
    candidates = [index for index, sentence in enumerate(sentences)
                  if any(states_quantity(sentence, kind) for kind in kinds)] or list(range(len(sentences)))
    best = max(candidates, key=lambda index: (_overlap(sentences[index], query_tokens), -index))
    span = [sentences[best]]
    if sentences[best].endswith("：") or (best + 1 < len(sentences) and _ITEM.match(sentences[best + 1])):
        span += [sentence for sentence in _items_after(sentences, best)]
    elif len(sentences[best]) < 12 and best + 1 < len(sentences):  # a bare lead (前款规定的…) needs what follows
        span.append(sentences[best + 1])
    else:  # a part ending in "；" is one clause of a longer sentence (…的，责令限期改正；逾期未改正的，处…罚款。)
        span += _rest_of_sentence(sentences, best)
    return _capped("".join(span))


def _rest_of_sentence(sentences: list[str], part: int) -> list[str]:
    """The parts after ``part`` up to the end of its sentence (the next "。"), list items excepted."""
    rest: list[str] = []
    last = sentences[part]
    for sentence in sentences[part + 1:]:
        if not last.endswith("；") or _ITEM.match(sentence):
            break
        rest.append(sentence)
        last = sentence
    return rest


def _items_after(sentences: list[str], lead: int) -> list[str]:
    items = []
    for sentence in sentences[lead + 1:]:
        if not _ITEM.match(sentence):
            break
        items.append(sentence)
    return items


def _capped(text: str) -> str:
    if len(text) <= MAX_ANSWER_CHARS:
        return text
    cut = max(text.rfind(mark, 0, MAX_ANSWER_CHARS) for mark in "。；")
    return (text[:cut + 1] if cut > 0 else text[:MAX_ANSWER_CHARS]) + "……"
