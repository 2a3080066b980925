"""The OpenAI-compatible routes, driven by the official ``openai`` client against a real server on loopback."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import openai
import pytest

from tests.live_server import API_KEY, Server, running_server
from tests.test_api import DUTY_QUESTION

MODEL = "anquan-assistant"
READ_KEY = "reader-key-456"
ARTICLE_QUESTION = "安全生产法第二十一条规定了什么？"
FOLLOW_UP = "它的罚则是什么？"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_server(tmp_path_factory.mktemp("openai"), read_api_key=READ_KEY) as running:
        yield running


@pytest.fixture(scope="module")
def client(server: Server) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{server.base_url}/v1", api_key=READ_KEY, timeout=120, max_retries=0)


@pytest.fixture(scope="module")
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=120, headers={"X-API-Key": READ_KEY}) as session:
        yield session


def ask(client: openai.OpenAI, *questions_and_replies: str, stream: bool = False):  # type: ignore[no-untyped-def]
    roles = ["user", "assistant"] * len(questions_and_replies)
    messages = [{"role": "system", "content": "你是安全生产法规助手。"}]
    messages += [{"role": role, "content": text} for role, text in zip(roles, questions_and_replies)]
    return client.chat.completions.create(model=MODEL, messages=messages, stream=stream)  # type: ignore[call-overload]


def test_models_lists_the_assistant(client: openai.OpenAI) -> None:
    assert [model.id for model in client.models.list()] == [MODEL]
    assert client.models.retrieve(MODEL).owned_by
    with pytest.raises(openai.NotFoundError):
        client.models.retrieve("gpt-4o")


def test_completion_is_the_chat_answer_with_its_sources(client: openai.OpenAI, http: httpx.Client) -> None:
    completion = ask(client, DUTY_QUESTION)
    message = completion.choices[0].message
    expected = http.post("/v1/chat", json={"question": DUTY_QUESTION}).json()
    assert completion.model == MODEL and completion.choices[0].finish_reason == "stop"
    assert message.role == "assistant" and message.content.startswith(expected["answer"].rstrip())
    citations = message.model_extra["citations"]
    assert [c["clause_id"] for c in citations] == [c["clause_id"] for c in expected["citations"]]
    sources = message.content.split("参考条文：\n", 1)[1].splitlines()
    assert sources == [f"[{c['rank']}] 《{c['title']}》{c['clause_label']}" for c in citations]  # all in force
    assert "[1]" in message.content and message.model_extra["found"] is True
    assert completion.usage is not None and completion.usage.completion_tokens == len(message.content)


def test_streamed_completion_gives_the_same_reply(client: openai.OpenAI) -> None:
    whole = ask(client, ARTICLE_QUESTION).choices[0].message
    chunks = list(ask(client, ARTICLE_QUESTION, stream=True))
    assert chunks[0].choices[0].delta.role == "assistant"
    assert len(chunks) > 3  # line by line, not one blob
    assert "".join(chunk.choices[0].delta.content or "" for chunk in chunks) == whole.content
    last = chunks[-1].choices[0]
    assert last.finish_reason == "stop"
    streamed_ids = [c["clause_id"] for c in last.delta.model_extra["citations"]]
    assert streamed_ids == [c["clause_id"] for c in whole.model_extra["citations"]]
    assert whole.model_extra["citations"][0]["clause_label"] == "第二十一条"


def test_history_makes_a_follow_up(client: openai.OpenAI, http: httpx.Client) -> None:
    """The earlier messages are the context: 它的罚则 is the penalty of 第二十一条, as in POST /v1/chat."""
    first = ask(client, ARTICLE_QUESTION).choices[0].message.content
    follow_up = ask(client, ARTICLE_QUESTION, first, FOLLOW_UP).choices[0].message
    started = http.post("/v1/chat", json={"question": ARTICLE_QUESTION}).json()
    expected = http.post("/v1/chat", json={"question": FOLLOW_UP, "conversation_id": started["conversation_id"]}).json()
    assert expected["interpretation"] == "penalty"
    assert [c["clause_id"] for c in follow_up.model_extra["citations"]] == [c["clause_id"] for c in expected["citations"]]
    alone = ask(client, FOLLOW_UP).choices[0].message
    assert alone.model_extra["citations"] != follow_up.model_extra["citations"]  # without history it is another question
    streamed = list(ask(client, ARTICLE_QUESTION, first, FOLLOW_UP, stream=True))  # replayed, the same answer
    assert "".join(chunk.choices[0].delta.content or "" for chunk in streamed) == follow_up.content


def test_unknown_model_is_an_openai_404(client: openai.OpenAI) -> None:
    with pytest.raises(openai.NotFoundError) as raised:
        client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": DUTY_QUESTION}])
    assert raised.value.code == "model_not_found"
    assert isinstance(raised.value.body, dict) and raised.value.body.get("param") == "model"


def test_the_key_is_a_bearer_token(server: Server, client: openai.OpenAI) -> None:
    with pytest.raises(openai.PermissionDeniedError):
        openai.OpenAI(base_url=f"{server.base_url}/v1", api_key="wrong", max_retries=0).models.list()
    writer = openai.OpenAI(base_url=f"{server.base_url}/v1", api_key=API_KEY, max_retries=0)
    assert [model.id for model in writer.models.list()] == [MODEL]  # the write key reads too
    refused = httpx.post(f"{server.base_url}/v1/chat/completions", timeout=30,
                         json={"model": MODEL, "messages": [{"role": "user", "content": DUTY_QUESTION}]})
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "missing_api_key"
    schema = httpx.get(f"{server.base_url}/openapi.json").json()
    assert schema["components"]["securitySchemes"]["BearerKey"] == {
        "type": "http", "scheme": "bearer", "description": schema["components"]["securitySchemes"]["BearerKey"]["description"]}
    operation = schema["paths"]["/v1/chat/completions"]["post"]
    assert {"BearerKey": []} in operation["security"] and {"ApiKeyHeader": []} in operation["security"]
