"""OpenAI-compatible chat, so that Open WebUI, Dify, ChatBox or the ``openai`` client can talk to the assistant.

The messages go through the same conversation pipeline as POST /v1/chat: the last user message is the
question, the earlier ones its context (follow-ups such as 它的罚则是什么？ work). The reply is the cited
answer followed by a 参考条文 list; the structured citations ride along in the message's ``citations``.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel

from assistant.api.deps import Live, checked_question, reader
from assistant.api.errors import error_response
from assistant.api.openai_schemas import (
    AssistantMessage,
    ChatCompletion,
    ChatCompletionChunk,
    ChatCompletionRequest,
    Choice,
    ChunkChoice,
    Delta,
    ModelCard,
    ModelList,
    Usage,
)
from assistant.api.schemas import ERRORS
from assistant.chat.session import ChatAnswer
from assistant.models import Citation
from assistant.text.statuses import wording

MODEL_ID = "anquan-assistant"
OWNER = "safety-assistant"
STARTED = int(time.time())

router = APIRouter(prefix="/v1", tags=["openai"], dependencies=[Depends(reader)], responses=ERRORS)


@router.get("/models", response_model=ModelList)
def list_models() -> ModelList:
    """The one model this server offers: the cited-answer assistant (OpenAI's model list format)."""
    return ModelList(data=[ModelCard(id=MODEL_ID, created=STARTED, owned_by=OWNER)])


@router.get("/models/{model}", response_model=ModelCard)
def get_model(model: str) -> ModelCard | JSONResponse:
    """One model by id; any other id is OpenAI's 404 `model_not_found`."""
    if model != MODEL_ID:
        return unknown_model(model)
    return ModelCard(id=MODEL_ID, created=STARTED, owned_by=OWNER)


@router.post("/chat/completions", response_model=ChatCompletion,
             responses={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}},
                              "description": "with `stream: true`: `data: {chat.completion.chunk}` events, then "
                                             "`data: [DONE]`; the last chunk's delta carries `citations`"}})
def chat_completions(body: ChatCompletionRequest, live: Live) -> ChatCompletion | JSONResponse | StreamingResponse:
    """Answer the last user message in the light of the earlier ones, OpenAI style (whole, or streamed).

    `content` is the answer with [n] markers, then one line per citation: [n] 《title》clause_label, with the
    status when the text is not in force. `citations`, `warnings` and `found` are extensions on the message.
    """
    if body.model != MODEL_ID:
        return unknown_model(body.model)
    questions = [text for message in body.messages if message.role == "user" and (text := message.text().strip())]
    if body.messages[-1].role != "user" or not questions:
        return error_response(422, "invalid_input", "the last message must be the user's question, with some text",
                              type="invalid_request_error", param="messages")
    k = checked_question(live, questions[-1], body.k)
    answer = live.chat_transcript(questions, k)
    completion_id = f"chatcmpl-{uuid.uuid4().hex}"
    content = reply_text(answer)
    if body.stream:
        return StreamingResponse(_chunks(completion_id, content, answer), media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
    prompt_chars = sum(len(message.text()) for message in body.messages)
    return ChatCompletion(
        id=completion_id, created=int(time.time()), model=MODEL_ID,
        choices=[Choice(message=AssistantMessage(content=content, citations=answer.citations,
                                                 warnings=answer.warnings, found=answer.found))],
        usage=Usage(prompt_tokens=prompt_chars, completion_tokens=len(content), total_tokens=prompt_chars + len(content)),
    )


def reply_text(answer: ChatAnswer) -> str:
    """What a chat client shows: the answer, its warnings, and the sources it cites."""
    blocks = [answer.answer.rstrip()]
    if answer.warnings:
        blocks.append("\n".join(f"⚠ {warning}" for warning in answer.warnings))
    if answer.citations:
        heading = "参考条文：" if answer.found else "最接近的条文（不足以作答，仅供参考）："
        blocks.append("\n".join([heading, *(source_line(citation) for citation in answer.citations)]))
    return "\n\n".join(blocks)


def source_line(citation: Citation) -> str:
    """[1] 《中华人民共和国安全生产法》第二十一条, with the status when the text is not in force."""
    status = wording(citation.status)
    return f"[{citation.rank}] 《{citation.title}》{citation.clause_label}" + (f"（{status.label}）" if status.warns else "")


def unknown_model(model: str) -> JSONResponse:
    return error_response(404, "model_not_found", f"The model `{model}` does not exist; this server offers `{MODEL_ID}`",
                          type="invalid_request_error", param="model")


def _chunks(completion_id: str, content: str, answer: ChatAnswer) -> Iterator[bytes]:
    """The reply as chat.completion.chunk events: the role, one line of content at a time, then the citations."""
    created = int(time.time())

    def chunk(delta: Delta, finish: bool = False) -> bytes:
        event = ChatCompletionChunk(id=completion_id, created=created, model=MODEL_ID,
                                    choices=[ChunkChoice(delta=delta, finish_reason="stop" if finish else None)])
        return _data(event)

    yield chunk(Delta(role="assistant", content=""))
    for line in content.splitlines(keepends=True):
        yield chunk(Delta(content=line))
    yield chunk(Delta(citations=answer.citations, warnings=answer.warnings, found=answer.found), finish=True)
    yield b"data: [DONE]\n\n"


def _data(event: BaseModel) -> bytes:
    return f"data: {json.dumps(event.model_dump(exclude_none=True), ensure_ascii=False)}\n\n".encode()
