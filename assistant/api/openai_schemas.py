"""The OpenAI chat-completions wire format, as far as chat clients (Open WebUI, Dify, ChatBox) use it.

Extra request fields (temperature, max_tokens, …) are accepted and ignored: the answer is composed from
the texts, not sampled. Beyond OpenAI's fields, the assistant's message (or, streamed, the last chunk's
delta) carries ``citations`` (the CONTRACT.md citation objects), ``warnings`` and ``found``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.models import Citation


class ContentPart(BaseModel):
    """One part of a multi-part message; only text parts are read."""

    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str = Field(description="system, user, assistant …; only the user's messages are questions")
    content: str | list[ContentPart] | None = None

    def text(self) -> str:
        """The message's text, parts joined."""
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content if part.type == "text")
        return self.content or ""


class ChatCompletionRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: str = Field(description="the assistant's model id, from GET /v1/models", examples=["anquan-assistant"])
    messages: list[ChatMessage] = Field(min_length=1, description="the conversation so far; the last is the question")
    stream: bool = Field(default=False, description="true: server-sent `data: {chunk}` events ending with `data: [DONE]`")
    k: int | None = Field(default=None, description="extension: number of citations (default 5)")


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str = Field(description="the cited answer with [n] markers, then a 参考条文 list, one line per citation")
    refusal: None = None
    citations: list[Citation] = Field(description="extension: the cited clauses, in marker order (CONTRACT.md)")
    warnings: list[str] = Field(description="extension: drafts, texts no longer in force, what is missing")
    found: bool = Field(description="extension: false when the texts do not answer the question")


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    """Counted in characters: the assistant runs no tokenizer of a generating model."""

    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage


class Delta(BaseModel):
    role: Literal["assistant"] | None = None
    content: str | None = None
    citations: list[Citation] | None = None
    warnings: list[str] | None = None
    found: bool | None = None


class ChunkChoice(BaseModel):
    index: int = 0
    delta: Delta
    finish_reason: Literal["stop"] | None = None
    logprobs: None = None


class ChatCompletionChunk(BaseModel):
    id: str
    object: Literal["chat.completion.chunk"] = "chat.completion.chunk"
    created: int
    model: str
    choices: list[ChunkChoice]
