"""The quiz's typed interface: what is asked for, the questions, the answers and the grades.

Pydantic models, so the CLI, the HTTP API (POST /v1/quiz, /v1/quiz/grade) and the web app share one
JSON shape.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from assistant.models import Status

QuestionType = Literal["fill_blank", "single_choice", "true_false"]
FactKind = Literal["number", "body", "slogan", "term"]
QUESTION_TYPES: tuple[QuestionType, ...] = ("fill_blank", "single_choice", "true_false")
TRUE_ANSWER, FALSE_ANSWER = "对", "错"
BLANK = "____"


class QuizRequest(BaseModel):
    """What to ask about: the whole corpus, one document (id or title) or a topic; seeded."""

    n: int = Field(default=10, ge=1, le=500, description="number of questions")
    doc: str | None = Field(default=None, description="a document id or (part of) its title")
    topic: str | None = Field(default=None, description="a topic such as 隐患排查, matched in the clauses")
    seed: int = Field(default=1, description="same seed, same corpus → same quiz")
    types: list[QuestionType] = Field(default_factory=lambda: list(QUESTION_TYPES), min_length=1)
    include_drafts: bool = Field(default=False, description="also ask from drafts for comments (flagged)")


class QuizSource(BaseModel):
    """The clause that holds the answer, cited as in an answer's citation."""

    doc_id: str
    title: str
    doc_number: str | None
    status: Status
    clause_id: str
    clause_label: str
    text: str = Field(description="the whole clause text")


class QuizOption(BaseModel):
    label: str
    text: str


class QuizQuestion(BaseModel):
    """One question; ``answer`` is the option letter, the blank's text, or 对/错."""

    id: str
    type: QuestionType
    kind: FactKind = Field(description="what is asked: a number, a body, a slogan or a key term")
    prompt: str = Field(description="the question as shown to the trainee")
    stem: str = Field(description="the clause fragment asked about, with ____ for the blank or the statement judged")
    options: list[QuizOption] = Field(default_factory=list)
    answer: str
    answer_text: str = Field(description="the words of the clause that answer the question")
    swapped_in: str | None = Field(default=None, description="true/false: the fact put in place of answer_text")
    evidence: str = Field(description="the sentence of the clause that holds the answer")
    source: QuizSource
    warnings: list[str] = Field(default_factory=list)


class Quiz(BaseModel):
    quiz_id: str
    request: QuizRequest
    questions: list[QuizQuestion]
    warnings: list[str] = Field(default_factory=list)


class GradedAnswer(BaseModel):
    """One question's result; a miss carries the clause's sentence and its citation."""

    question_id: str
    given: str | None
    correct: bool
    expected: str
    explanation: str | None = None
    evidence: str
    source: QuizSource


class GradeReport(BaseModel):
    quiz_id: str
    total: int
    correct: int
    score: float = Field(description="share of questions answered correctly, 0–1")
    unanswered: list[str] = Field(default_factory=list)
    unknown: list[str] = Field(default_factory=list, description="answer ids that are not questions of this quiz")
    results: list[GradedAnswer]
