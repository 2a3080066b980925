"""What is known about one candidate clause for one question, as numbers a ranker weighs.

Every feature has a reason that holds for any question: how close it is in meaning and in words,
whether its document is the one named or of the place asked about, whether a special law's subject
(矿山, 危险化学品) is in the question at all, whether a penalty is asked for and the clause is one,
whether a count in the question (死了4个人) falls in the clause's range (3人以上10人以下).
The subject words of a title are found by corpus statistics (words few titles share and the document's own
articles are about), not listed.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

from assistant.models import Clause, DocumentMeta
from assistant.search.question import AskedQuestion
from assistant.store.tokenize import tokenize
from assistant.text.ordering import longest_first
from assistant.text.places import place_names

FEATURES = (
    "dense", "dense_gap", "dense_rank", "lexical", "lexical_rank", "fused",
    "local_without_place", "in_place", "named_document", "document_best_gap", "document_support",
    "subject_in_question", "subject_absent", "penalty_clause", "penalty_asked_and_clause",
    "heading_overlap", "coverage", "length", "force", "range_match", "restated_above", "restates_below",
)
SUBJECT_SHARE = 0.1  # a title word shared by at most a tenth of the titles (at least 3) names a special subject
SUBJECT_USE = 0.5  # ... and the document's own articles are about it: most of them use it,
SUBJECT_LIFT = 10.0  # or they use it ten times as often as the rest of the library does
RANK_OFFSET = 60  # reciprocal ranks as in RRF: 1/(60 + rank)
SUPPORT_DEPTH = 20  # how many of the best fused candidates vote for their document
RESTATEMENT_DEPTH = 30  # the best fused candidates compared pairwise for restatements
_PENALTY_TEXT = re.compile(r"罚款|处分|吊销|拘留|刑事责任|没收|责令停产停业")


@dataclass
class ClauseFacts:
    """Per-clause facts the features read, computed once when an index is loaded."""

    doc_row: np.ndarray  # the clause's document, as a row of ``doc_ids``
    doc_ids: list[str]
    national: np.ndarray  # per document
    subjects: list[frozenset[str]]  # per document: the special subject words of its title
    penalty: np.ndarray  # per clause: in a 法律责任 chapter, or sanctions
    headings: list[frozenset[str]]
    tokens: list[frozenset[str]]
    token_ids: list[np.ndarray]  # per clause: its words as sorted ids, for overlaps computed in bulk
    length: np.ndarray
    force: np.ndarray  # per clause: 1 法律 … 8 unknown, scaled to 0–1
    idf: dict[str, float]  # per word: log of clauses over clauses holding it (how telling the word is)
    max_idf: float  # a word no clause holds

    @classmethod
    def of(cls, documents: dict[str, DocumentMeta], clauses: list[Clause], force_rank: dict[str, int]) -> ClauseFacts:
        doc_ids = sorted(documents)
        rows = {doc_id: row for row, doc_id in enumerate(doc_ids)}
        tokens = [frozenset(tokenize(clause.text)) for clause in clauses]
        frequency = Counter(word for words in tokens for word in words)
        word_id = {word: number for number, word in enumerate(frequency)}
        return cls(
            doc_row=np.array([rows[clause.doc_id] for clause in clauses], dtype=np.int64),
            doc_ids=doc_ids,
            national=np.array([documents[doc_id].level == "national" for doc_id in doc_ids]),
            subjects=title_subjects(documents, doc_ids, tokens, [rows[clause.doc_id] for clause in clauses],
                                    [clause.text for clause in clauses]),
            penalty=np.array([("法律责任" in "".join(clause.heading_path)) or bool(_PENALTY_TEXT.search(clause.text))
                              for clause in clauses]),
            headings=[frozenset(tokenize(" ".join(clause.heading_path))) for clause in clauses],
            tokens=tokens,
            token_ids=[np.array(sorted(word_id[word] for word in words), dtype=np.int64) for words in tokens],
            length=np.array([math.log(len(clause.text) + 1) for clause in clauses]),
            force=np.array([force_rank[clause.doc_id] for clause in clauses], dtype=np.float64) / 8,
            idf={word: math.log((len(clauses) + 1) / (count + 1)) for word, count in frequency.items()},
            max_idf=math.log(len(clauses) + 1),
        )

    def national_words(self) -> frozenset[str]:
        """Every word of the national texts' clauses."""
        national = self.national[self.doc_row]
        return frozenset().union(*(words for words, is_national in zip(self.tokens, national) if is_national))


def title_subjects(documents: dict[str, DocumentMeta], doc_ids: list[str], tokens: list[frozenset[str]],
                   doc_row: list[int], texts: list[str]) -> list[frozenset[str]]:
    """The words of each title that few titles share (矿山, 危险化学品, 特种设备), places left out, and that
    the document's own articles are about: a 安全生产法 has none, so it applies to every question; a
    矿山安全法 applies where mines are asked about. The body test drops a title's formula words (适用法律
    若干问题, 监督, 处理), which would otherwise make a judicial interpretation "asked about" by any question.
    A word inside a longer title word (危险 in 危险化学品, 职工 in 女职工) counts only by its uses outside it,
    and a piece of a place name (京市 of 北京市) is no subject."""
    words = {doc_id: set(tokenize(documents[doc_id].title.removeprefix("中华人民共和国"))) for doc_id in doc_ids}
    counts = Counter(word for title in words.values() for word in title)
    places = {name for meta in documents.values() for name in place_names(meta.region)}
    most = max(3, round(SUBJECT_SHARE * len(doc_ids)))
    clauses_of = Counter(doc_row)
    used_in: Counter[tuple[int, str]] = Counter()  # (document row, title word) → clauses of that document using the word
    used_anywhere: Counter[str] = Counter()  # title word → clauses of the library using it
    title_words = set().union(*words.values()) if words else set()
    longer = {doc_id: {word: [other for other in title if word in other and word != other] for word in title}
              for doc_id, title in words.items()}
    for row, clause_words, text in zip(doc_row, tokens, texts):
        for word in clause_words & title_words:
            used_anywhere[word] += 1
            if word in words[doc_ids[row]] and _used_alone(word, longer[doc_ids[row]][word], text):
                used_in[row, word] += 1

    def about(row: int, word: str) -> bool:
        own = used_in[row, word] / max(clauses_of[row], 1)
        elsewhere = (used_anywhere[word] - used_in[row, word] + 1) / (len(tokens) - clauses_of[row] + 1)
        return own >= SUBJECT_USE or own >= SUBJECT_LIFT * elsewhere

    return [frozenset(word for word in words[doc_id] if counts[word] <= most and len(word) >= 2
                      and not any(word in place for place in places) and not word.isdigit() and about(row, word))
            for row, doc_id in enumerate(doc_ids)]


def _used_alone(word: str, longer: list[str], text: str) -> bool:
    """Whether ``text`` uses ``word`` outside the longer title words that hold it."""
    for other in sorted(longer, key=longest_first):
        text = text.replace(other, "\u3000")
    return word in text


def candidate_features(asked: AskedQuestion, rows: np.ndarray, dense: np.ndarray, lexical: np.ndarray,
                       fused: np.ndarray, facts: ClauseFacts, place_docs: np.ndarray | None,
                       range_match: np.ndarray) -> np.ndarray:
    """One row of FEATURES per candidate clause (``rows``); scores are per clause over allowed clauses."""
    dense_rank, lexical_rank = _ranks(dense), _ranks(lexical)
    top_dense = float(dense.max(initial=0.0))
    top_lexical = max(float(lexical.max(initial=0.0)), 1e-9)
    doc_rows = facts.doc_row[rows]
    document_best = np.full(len(facts.doc_ids), -1.0)
    np.maximum.at(document_best, facts.doc_row, dense)
    support = np.bincount(facts.doc_row[np.argsort(-fused, kind="stable")[:SUPPORT_DEPTH]], minlength=len(facts.doc_ids))
    words = set(asked.tokens) | {word for term in asked.legal_terms for word in tokenize(term)}
    named = np.isin(np.array(facts.doc_ids)[doc_rows], asked.named_docs)
    said = set(asked.tokens) | set(asked.legal_terms)  # a statutory term stands for the lay word as a whole
    subject_in = np.array([bool(facts.subjects[row] & said) or any(s in asked.text for s in facts.subjects[row])
                           for row in range(len(facts.doc_ids))])
    has_subject = np.array([bool(subjects) for subjects in facts.subjects])
    local = ~facts.national[doc_rows]
    in_place = local & place_docs[doc_rows] if place_docs is not None else np.zeros(len(rows), dtype=bool)
    count = max(len(words), 1)
    columns = [
        dense[rows], dense[rows] - top_dense, 1 / (RANK_OFFSET + dense_rank[rows]),
        lexical[rows] / top_lexical, np.where(lexical[rows] > 0, 1 / (RANK_OFFSET + lexical_rank[rows]), 0.0),
        fused[rows] * RANK_OFFSET,
        local & (not asked.has_place), in_place, named,
        document_best[doc_rows] - top_dense, support[doc_rows] / SUPPORT_DEPTH,
        subject_in[doc_rows], has_subject[doc_rows] & ~subject_in[doc_rows],
        facts.penalty[rows], facts.penalty[rows] & asked.asks_penalty,
        [len(facts.headings[row] & words) / count for row in rows],
        [len(facts.tokens[row] & words) / count for row in rows],
        facts.length[rows], facts.force[rows], range_match, *restatements(rows, facts),
    ]
    return np.column_stack([np.asarray(column, dtype=np.float64) for column in columns])


def restatements(rows: np.ndarray, facts: ClauseFacts) -> tuple[np.ndarray, np.ndarray]:
    """How closely (word overlap) the best candidates restate each other across levels of force: a regulation
    or a local text often repeats a law (特种设备安全监察条例 and 特种设备安全法), and where they say the same
    the higher text governs (上位法). Per row: the closest restatement by a stronger text, and by a weaker one."""
    above, below = np.zeros(len(rows)), np.zeros(len(rows))
    top = rows[:RESTATEMENT_DEPTH]
    if len(top) < 2:
        return above, below
    ids = [facts.token_ids[row] for row in top]
    sizes = np.array([len(words) for words in ids], dtype=np.float64)
    _, columns = np.unique(np.concatenate(ids), return_inverse=True)
    holds = np.zeros((len(top), int(columns.max(initial=-1)) + 1))
    holds[np.repeat(np.arange(len(top)), sizes.astype(np.int64)), columns] = 1.0
    shared = holds @ holds.T
    union = sizes[:, None] + sizes[None, :] - shared
    overlap = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    force, document = facts.force[top], facts.doc_row[top]
    other_document = document[:, None] != document[None, :]
    above[:len(top)] = np.where(other_document & (force[None, :] < force[:, None]), overlap, 0.0).max(axis=1)
    below[:len(top)] = np.where(other_document & (force[None, :] > force[:, None]), overlap, 0.0).max(axis=1)
    return above, below


def share_held(words: np.ndarray, other: np.ndarray) -> float:
    """The share of a clause's words (sorted ids) that another clause holds too."""
    return np.intersect1d(words, other, assume_unique=True).size / words.size if words.size else 0.0


def _ranks(scores: np.ndarray) -> np.ndarray:
    ranks = np.empty(len(scores), dtype=np.int64)
    ranks[np.argsort(-scores, kind="stable")] = np.arange(1, len(scores) + 1)
    return ranks


ANSWER_FEATURES = ("top_dense", "lexical_coverage", "top_coverage", "named_document", "rare_words_covered")
ANSWER_DEPTH = 3  # the clauses an answer quotes


def answer_features(scores: np.ndarray, features: np.ndarray, top_dense: float, lexical_coverage: float,
                    named_document: bool, rare_words_covered: float) -> np.ndarray:
    """One row of ANSWER_FEATURES for a question: how close the library's best passage comes, how much of the
    question the library knows at all and the best candidate holds, and how much of its rare (telling) words
    the quoted clauses hold. The ranker's own scores are left out: it is fitted to order one question's
    candidates, not to compare questions."""
    best = int(np.argmax(scores)) if len(scores) else None
    coverage = float(features[best, FEATURES.index("coverage")]) if best is not None else 0.0
    return np.array([[top_dense, lexical_coverage, coverage, float(named_document), rare_words_covered]])


def rare_words_covered(words: set[str], rows: np.ndarray, facts: ClauseFacts) -> float:
    """The IDF-weighted share of the question's words that the given clauses contain: a question whose
    rarest words (城镇燃气, 民宿) are in none of the clauses found is seldom answered by them."""
    weight = {word: facts.idf.get(word, facts.max_idf) for word in words}
    total = sum(weight.values())
    covered = set().union(*(facts.tokens[row] for row in rows)) if len(rows) else set()
    return sum(value for word, value in weight.items() if word in covered) / total if total else 0.0
