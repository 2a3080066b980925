"""Questions from clauses: fill in the blank, single choice, true/false — each answerable from its clause.

A question blanks or swaps one fact of a sentence. Distractors are facts of the same kind from the
corpus (another body, another amount in the same unit, another slogan) that the clause does not
contain anywhere, so the clause proves the answer and refutes every distractor.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass

from assistant.models import Clause, DocumentMeta
from assistant.quiz.facts import Fact, clause_facts
from assistant.quiz.models import (
    BLANK,
    FALSE_ANSWER,
    TRUE_ANSWER,
    QuestionType,
    Quiz,
    QuizOption,
    QuizQuestion,
    QuizRequest,
    QuizSource,
)
from assistant.quiz.numbers import find_quantities, render_like
from assistant.quiz.select import normalized, select_clauses
from assistant.store.index import ClauseStore
from assistant.text.statuses import status_warning

_SENTENCE_END = "。；！？\n"
_MAX_STEM = 120
_MIN_CONTEXT = 12  # Chinese characters left around the blank
_HAN = re.compile(r"[\u4e00-\u9fff]")
_OPTION_LABELS = "ABCD"
# The clause's own number at the start of its text (第五十六条, 一、, （三）, 1.) is not part of a sentence.
_LEADING_MARKER = re.compile(r"^(?:第[零〇一二两三四五六七八九十百千\d]+条(?:之[一二三四五六七八九十]+)?"
                             r"|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、])\s*")
# Text a converter garbled (ASCII ?! inside Chinese, U+FFFD) or left in a foreign language.
_GARBLED = re.compile(r"[?!\ufffd]|[A-Za-z]{4,}")
_RANGE_WORDS = ("以上", "至", "到", "－", "-", "~", "～")
# A changed term rarely reads as a plausible wrong rule; true/false swaps numbers, bodies and slogans only.
_SWAPPABLE = ("number", "body", "slogan")


@dataclass(frozen=True)
class _Candidate:
    clause: Clause
    fact: Fact
    fragment: str
    start: int  # of the fact within the fragment
    trimmed: tuple[bool, bool]  # text cut before / after the fragment
    sentence: str


def generate_quiz(store: ClauseStore, request: QuizRequest) -> Quiz:
    """``request.n`` questions (fewer, with a warning, if the selection cannot give that many)."""
    clauses, warnings = select_clauses(store, request)
    rng = random.Random(request.seed)
    pool = _DistractorPool(store.clauses)
    candidates = [
        candidate for clause in clauses for fact in clause_facts(clause.text)
        if (candidate := _candidate(clause, fact, store.documents[clause.doc_id])) is not None
    ]
    questions: list[QuizQuestion] = []
    types = list(request.types)
    rng.shuffle(types)
    topic = normalized(request.topic or "")
    on_topic = [candidate for candidate in candidates if topic in normalized(candidate.sentence)]
    off_topic = [candidate for candidate in candidates if topic not in normalized(candidate.sentence)]
    for candidate in _spread(on_topic, rng) + _spread(off_topic, rng):  # a topic's own sentences first
        if len(questions) == request.n:
            break
        for offset in range(len(types)):
            kind = types[(len(questions) + offset) % len(types)]
            question = _question(kind, candidate, store.documents[candidate.clause.doc_id], pool, rng,
                                 f"q{len(questions) + 1}")
            if question is not None:
                questions.append(question)
                break
    if len(questions) < request.n:
        warnings.append(f"所选范围只能出 {len(questions)} 道可由条文验证的题（要求 {request.n} 道）。")
    digest = hashlib.sha256(
        "|".join(f"{q.stem}#{q.answer}#{[o.text for o in q.options]}" for q in questions).encode()
    ).hexdigest()[:12]
    return Quiz(quiz_id=f"quiz-{digest}", request=request, questions=questions, warnings=warnings)


def _candidate(clause: Clause, fact: Fact, meta: DocumentMeta) -> _Candidate | None:
    """The fact's sentence (cut around the fact when long), if it leaves enough to answer from."""
    text = clause.text
    begin = max((text.rfind(mark, 0, fact.start) for mark in _SENTENCE_END), default=-1) + 1
    ends = [position for mark in _SENTENCE_END if (position := text.find(mark, fact.end)) != -1]
    end = min(ends) + 1 if ends else len(text)
    begin += len(text[begin:end]) - len(text[begin:end].lstrip())
    if marker := _LEADING_MARKER.match(text[begin:fact.start]):
        begin += marker.end()
    sentence = text[begin:end].strip()
    if _GARBLED.search(sentence):
        return None
    left, right = begin, begin + len(sentence)
    while right - left > _MAX_STEM:
        cut_left = text.find("，", left, fact.start)
        cut_right = text.rfind("，", fact.end, right - 1)
        if cut_left != -1 and (fact.start - cut_left >= right - fact.end or cut_right == -1):
            left = cut_left + 1
        elif cut_right != -1:
            right = cut_right + 1
        else:
            return None
    fragment = text[left:right]
    start = fact.start - left
    rest = fragment[:start] + fragment[start + len(fact.text):]
    if fact.text in rest or fact.text in normalized(meta.title) or len(_HAN.findall(rest)) < _MIN_CONTEXT:
        return None
    return _Candidate(clause, fact, fragment, start, (left > begin, right < begin + len(sentence)), sentence)


def _spread(candidates: list[_Candidate], rng: random.Random) -> list[_Candidate]:
    """Shuffled, then ordered so that kinds alternate and every clause is used once before any twice."""
    by_kind: dict[str, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_kind[candidate.fact.kind].append(candidate)
    kinds = sorted(by_kind)
    rng.shuffle(kinds)
    for kind in kinds:
        rng.shuffle(by_kind[kind])
    ordered: list[_Candidate] = []
    used: dict[str, int] = defaultdict(int)
    seen: set[tuple[str, str]] = set()
    remaining = sum(len(items) for items in by_kind.values())
    while remaining:
        for kind in kinds:
            items = by_kind[kind]
            if not items:
                continue
            pick = min(range(len(items)), key=lambda row: used[items[row].clause.clause_id])
            candidate = items.pop(pick)
            remaining -= 1
            identity = (candidate.clause.clause_id, candidate.fact.text)
            if identity not in seen:
                seen.add(identity)
                used[candidate.clause.clause_id] += 1
                ordered.append(candidate)
    return ordered


class _DistractorPool:
    """Every fact of the corpus by kind, to draw same-kind distractors from."""

    def __init__(self, clauses: list[Clause]) -> None:
        self._texts: dict[str, dict[str, Fact]] = defaultdict(dict)
        self._values: dict[str, set[float]] = defaultdict(set)
        for clause in clauses:
            for fact in clause_facts(clause.text):
                self._texts[fact.group].setdefault(fact.text, fact)
            for quantity in find_quantities(clause.text):
                self._values[quantity.base_unit].add(quantity.value)

    def draw(self, candidate: _Candidate, count: int, rng: random.Random) -> list[str]:
        """``count`` same-kind facts absent from the clause, all different in meaning; [] if too few."""
        fact, clause_text = candidate.fact, normalized(candidate.clause.text)
        taken = {other.key for other in clause_facts(candidate.clause.text)}
        if fact.kind == "number":
            choices = [(text, text) for text in self._numbers(fact, candidate.clause.text)]
        else:
            nearest = sorted(self._texts[fact.group].values(), key=lambda other: (abs(len(other.text) - len(fact.text)),
                                                                                    other.text))
            choices = [(other.text, other.key) for other in nearest]
        picked: dict[str, str] = {}
        for text, key in choices:
            if len(picked) == max(count * 3, 6):
                break
            if key in taken or key in picked.values() or text in clause_text:
                continue
            if any(text in other or other in text for other in [fact.text, *picked]):
                continue
            picked[text] = key
        if len(picked) < count:
            return []
        return rng.sample(sorted(picked), count)

    def _numbers(self, fact: Fact, clause_text: str) -> list[str]:
        """Other amounts in the same unit, nearest in size first, written like the answer.

        The bound of a range (三万元以上十万元以下) stays on its side of the other bound.
        """
        quantities = [q for q in find_quantities(clause_text) if q.base_unit == fact.group.removeprefix("number:")]
        position = next(row for row, q in enumerate(quantities) if q.start == fact.start)
        model = quantities[position]
        low, high = 0.0, math.inf
        if position > 0 and clause_text[quantities[position - 1].end:model.start] in _RANGE_WORDS:
            low = quantities[position - 1].value
        if position + 1 < len(quantities) and clause_text[model.end:quantities[position + 1].start] in _RANGE_WORDS:
            high = quantities[position + 1].value
        present = {q.value for q in quantities}
        values = sorted((v for v in self._values[model.base_unit] - present if low < v < high),
                        key=lambda v: (abs(math.log(v / model.value)), v))
        rendered = (render_like(value, model.base_unit, model) for value in values)
        return [text for text in rendered if text is not None]


def _question(kind: QuestionType, candidate: _Candidate, meta: DocumentMeta, pool: _DistractorPool,
              rng: random.Random, question_id: str) -> QuizQuestion | None:
    fact, fragment, start = candidate.fact, candidate.fragment, candidate.start
    cited = f"《{meta.title}》{candidate.clause.label}"
    before, after = ("……" if candidate.trimmed[0] else ""), ("……" if candidate.trimmed[1] else "")
    blanked = fragment[:start] + BLANK + fragment[start + len(fact.text):]
    options: list[QuizOption] = []
    swapped_in = None
    if kind == "fill_blank":
        prompt = f"根据{cited}，填空：{before}{blanked}{after}"
        stem, answer = blanked, fact.text
    elif kind == "single_choice":
        distractors = pool.draw(candidate, 3, rng)
        if not distractors:
            return None
        texts = [fact.text, *distractors]
        rng.shuffle(texts)
        options = [QuizOption(label=label, text=text) for label, text in zip(_OPTION_LABELS, texts)]
        prompt = f"根据{cited}，选择正确的一项填入空白处：{before}{blanked}{after}"
        stem, answer = blanked, _OPTION_LABELS[texts.index(fact.text)]
    else:
        if fact.kind not in _SWAPPABLE:
            return None
        truth = rng.random() < 0.5
        if not truth:
            distractors = pool.draw(candidate, 1, rng)
            if not distractors:
                return None
            swapped_in = distractors[0]
        stem = fragment if truth else blanked.replace(BLANK, swapped_in or "")
        prompt = f"判断正误：{cited}规定，{before}{stem}{after}"
        answer = TRUE_ANSWER if truth else FALSE_ANSWER
    return QuizQuestion(
        id=question_id, type=kind, kind=fact.kind, prompt=prompt, stem=stem, options=options, answer=answer,
        answer_text=fact.text, swapped_in=swapped_in, evidence=candidate.sentence, source=_source(candidate.clause, meta),
        warnings=[f"《{meta.title}》{warning}"] if (warning := status_warning(meta.status)) else [],
    )


def _source(clause: Clause, meta: DocumentMeta) -> QuizSource:
    return QuizSource(doc_id=meta.doc_id, title=meta.title, doc_number=meta.doc_number, status=meta.status,
                      clause_id=clause.clause_id, clause_label=clause.label, text=clause.text)
