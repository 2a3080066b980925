"""The one question check before answering: not empty, k in range, an over-long question cut with a warning."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.errors import InvalidInputError
from assistant.settings import Settings

MAX_K = 50


@dataclass(frozen=True)
class Question:
    """A question as it will be answered: its text (cut to the configured length), k, and what was said about it."""

    text: str
    k: int
    warnings: list[str]


def check_question(question: str | None, k: int | None, settings: Settings) -> Question:
    """Refuse an empty question or a k outside 1…50; cut an over-long question, with a warning."""
    cleaned = (question or "").strip()
    if not cleaned:
        raise InvalidInputError("the question is empty")
    k = k or settings.k
    if not 1 <= k <= MAX_K:
        raise InvalidInputError(f"k must be between 1 and {MAX_K}, got {k}")
    warnings = []
    limit = settings.max_question_chars
    if len(cleaned) > limit:
        warnings.append(f"问题过长（{len(cleaned)} 字），只按前 {limit} 字检索。")
        cleaned = cleaned[:limit]
    return Question(cleaned, k, warnings)
