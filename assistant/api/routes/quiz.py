"""Training quizzes from the clauses: generate (seeded) and grade, every answer with its source clause."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from assistant.api.deps import Live, reader
from assistant.api.schemas import ERRORS
from assistant.quiz import GradeReport, Quiz, QuizRequest, generate_quiz, grade_quiz

router = APIRouter(prefix="/v1", tags=["quiz"], dependencies=[Depends(reader)], responses=ERRORS)


class GradeRequest(BaseModel):
    quiz: Quiz = Field(description="the quiz as POST /v1/quiz returned it")
    answers: dict[str, str] = Field(description='question id → answer: {"q1": "B", "q2": "对", "q3": "三十日"}')


@router.post("/quiz", response_model=Quiz)
def quiz(request: QuizRequest, live: Live) -> Quiz:
    """Generate `n` questions (fill-in, single choice, true/false) from the whole corpus, one document (`doc`)
    or a `topic`; the same `seed` gives the same quiz.

    Every question cites the clause that holds its answer (`source`) and quotes its sentence (`evidence`).
    Fewer questions than asked, with a warning, when the selection cannot give that many; an unknown
    document is a 422.
    """
    return generate_quiz(live.snapshot.assistant.index.store, request)


@router.post("/quiz/grade", response_model=GradeReport)
def grade(request: GradeRequest) -> GradeReport:
    """Grade an answer sheet: usual forms are accepted (`b.`, `×`, `正确`, `100人`, another name of the body);
    every result carries the expected answer, the clause's sentence and its citation.
    """
    return grade_quiz(request.quiz, request.answers)
