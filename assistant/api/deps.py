"""What endpoints get from the app: the live service, and the read-access check every reader router uses."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from assistant.api.security import PresentedKey, require_reader
from assistant.errors import InvalidInputError
from assistant.service.live import LiveService


def live_service(request: Request) -> LiveService:
    """The service the app was built over (one per app, kept in app.state)."""
    return request.app.state.live


Live = Annotated[LiveService, Depends(live_service)]


def reader(request: Request, key: PresentedKey) -> None:
    """Router dependency: reads are open unless a read key is configured."""
    require_reader(live_service(request).settings, key)


def checked_question(live: LiveService, question: str, k: int | None) -> int:
    """Refuse what the API's limits do not allow; return the k to use."""
    settings = live.settings
    if not question.strip():
        raise InvalidInputError("the question is empty; send {\"question\": \"…\"} with some text")
    if len(question) > settings.api_max_question_chars:
        raise InvalidInputError(f"the question has {len(question)} characters; the limit is "
                                f"{settings.api_max_question_chars} (ASSISTANT_API_MAX_QUESTION_CHARS)")
    k = settings.k if k is None else k
    if not 1 <= k <= settings.api_max_k:
        raise InvalidInputError(f"k must be between 1 and {settings.api_max_k} (ASSISTANT_API_MAX_K), got {k}")
    return k
