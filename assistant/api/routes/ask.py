"""Questions: cited answers (whole or streamed as server-sent events) and bare ranked search."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import StreamingResponse
from fastapi.sse import format_sse_event

from assistant.api.deps import Live, checked_question, reader
from assistant.api.schemas import ERRORS, AskRequest, SearchResponse
from assistant.models import Answer

router = APIRouter(prefix="/v1", tags=["ask"], dependencies=[Depends(reader)], responses=ERRORS)


@router.post("/ask", response_model=Answer, response_model_exclude={"id"})
def ask(body: AskRequest, live: Live) -> Answer:
    """Answer a question from the corpus, every statement with its citation (the CONTRACT.md result object).

    `found` is false when the corpus does not answer; the nearest clauses are still listed. Optional hard
    filters: `as_of` (YYYY-MM-DD, only texts in force that day), `force` (法律, 行政法规, …), `level`
    (national, provincial, city, county) and `region` (a place named in the documents' regions).
    """
    k = checked_question(live, body.question, body.k)
    return live.ask(body.question, k, filters=body.filters())


@router.post("/ask/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "events: citations, delta (one per answer line), result, done"}})
def ask_stream(body: AskRequest, live: Live) -> StreamingResponse:
    """The same answer as POST /v1/ask, as server-sent events for a chat view.

    Events: `citations` (the list), `delta` (one answer line at a time), `result` (the whole result
    object) and `done`. Bad input is refused with a JSON error before the stream starts.
    """
    k = checked_question(live, body.question, body.k)
    return event_stream(live.ask(body.question, k, filters=body.filters()).to_json_dict())


def event_stream(result: dict[str, Any]) -> StreamingResponse:
    """A result object as server-sent events: citations, delta (one answer line each), result, done."""
    return StreamingResponse(_events(result), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


def _events(result: dict[str, Any]) -> Iterator[bytes]:
    yield _event("citations", result["citations"])
    for line in result["answer"].splitlines(keepends=True):
        yield _event("delta", line)
    yield _event("result", result)
    yield _event("done", None)


def _event(name: str, data: object) -> bytes:
    return format_sse_event(event=name, data_str=json.dumps(data, ensure_ascii=False))


@router.get("/search", response_model=SearchResponse)
def search(
    live: Live,
    q: Annotated[str, Query(description="the question or search words")],
    k: Annotated[int | None, Query(description="number of clauses (default 5)")] = None,
) -> SearchResponse:
    """Ranked clauses for a question (hybrid dense + BM25), without composing an answer or judging 'not found'."""
    k = checked_question(live, q, k)
    return SearchResponse.model_validate({"question": q, "hits": live.search(q, k)})
