"""Conversations: each turn is understood against the previous one (follow-ups such as 它的罚则是什么？)."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import StreamingResponse

from assistant.api.deps import Live, checked_question, reader
from assistant.api.routes.ask import event_stream
from assistant.api.schemas import ERRORS, ChatRequest
from assistant.chat.session import ChatAnswer

router = APIRouter(prefix="/v1", tags=["chat"], dependencies=[Depends(reader)], responses=ERRORS)


@router.post("/chat", response_model=ChatAnswer, response_model_exclude={"id"})
def chat(body: ChatRequest, live: Live) -> ChatAnswer:
    """One turn of a conversation: the CONTRACT.md result object plus `conversation_id`, `turn`,
    `resolved_question` (the standalone question that was answered) and `interpretation`.

    Omit `conversation_id` to start a conversation; send the returned one with the next question to ask a
    follow-up ("它的罚则是什么？", "沅江的规定呢？", "这条出自哪个文件？"). An unknown or forgotten id is a 404.
    """
    k = checked_question(live, body.question, body.k)
    return live.chat(body.conversation_id, body.question, k)


@router.post("/chat/stream", response_class=StreamingResponse,
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "events: citations, delta (one per answer line), result, done"}})
def chat_stream(body: ChatRequest, live: Live) -> StreamingResponse:
    """The same turn as POST /v1/chat, as server-sent events (`citations`, `delta`, `result`, `done`).

    The `result` event carries the whole turn, `conversation_id` included. Bad input and unknown
    conversations are refused with a JSON error before the stream starts.
    """
    k = checked_question(live, body.question, body.k)
    return event_stream(live.chat(body.conversation_id, body.question, k).to_json_dict())
