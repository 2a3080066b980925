"""``from assistant import as_retriever``: the service's whole search as a LangChain retriever, in a real LCEL
chain over the real bundled index."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.documents import Document
from langchain_core.language_models.fake_chat_models import FakeListChatModel
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.retrievers import BaseRetriever

from assistant import as_retriever
from assistant.service.retrieval import AssistantRetriever

WORK_SAFETY_LAW = "中华人民共和国安全生产法"
METADATA_KEYS = {"rank", "doc_id", "clause_id", "title", "doc_number", "issuer", "date", "effective", "status",
                 "status_reason", "force", "level", "region", "clause_label", "heading_path", "score"}


@pytest.fixture(scope="module")
def retriever() -> AssistantRetriever:
    return as_retriever(k=4)


def format_docs(documents: list[Document]) -> str:
    return "\n".join(f"[{d.metadata['rank']}] 《{d.metadata['title']}》{d.metadata['clause_label']}：{d.page_content}"
                     for d in documents)


class PromptSpy(BaseCallbackHandler):
    """Records what the chat model was given."""

    def __init__(self) -> None:
        self.prompts: list[str] = []

    def on_chat_model_start(self, serialized: dict[str, Any], messages: list[list[Any]], **kwargs: Any) -> None:
        self.prompts += [str(message.content) for batch in messages for message in batch]


def test_it_runs_in_an_lcel_chain(retriever: AssistantRetriever) -> None:
    prompt = ChatPromptTemplate.from_template("只根据以下条文回答，并注明出处：\n{context}")
    model = FakeListChatModel(responses=["主要负责人的职责见安全生产法第二十一条[1]。"])
    chain = retriever | format_docs | prompt | model
    spy = PromptSpy()
    reply = chain.invoke("安全生产法第二十一条规定了什么？", config={"callbacks": [spy]})
    assert isinstance(retriever, BaseRetriever)
    assert reply.content == "主要负责人的职责见安全生产法第二十一条[1]。"
    assert len(spy.prompts) == 1
    assert f"[1] 《{WORK_SAFETY_LAW}》第二十一条：第二十一条 生产经营单位的主要负责人" in spy.prompts[0]


def test_article_by_number_with_its_metadata(retriever: AssistantRetriever) -> None:
    documents = retriever.invoke("安全生产法第二十一条规定了什么？")
    first = documents[0]
    assert len(documents) == 4
    assert first.id == first.metadata["clause_id"] and first.id.startswith("work-safety-law-2021:")
    assert set(first.metadata) == METADATA_KEYS
    assert (first.metadata["title"], first.metadata["clause_label"]) == (WORK_SAFETY_LAW, "第二十一条")
    assert first.metadata["issuer"] == "全国人民代表大会常务委员会"  # hand-checked against the law's own heading
    assert (first.metadata["date"], first.metadata["effective"]) == ("2021-06-10", "2021-09-01")
    assert first.metadata["status"] == "in_force" and first.metadata["force"] == "法律"
    assert first.metadata["heading_path"] == ["第二章 生产经营单位的安全生产保障"]
    assert first.page_content.startswith("第二十一条 生产经营单位的主要负责人")


def test_a_named_law_is_a_hard_scope(retriever: AssistantRetriever) -> None:
    documents = retriever.invoke("职业病防治法对用人单位的培训有什么规定？")
    assert documents and {d.metadata["title"] for d in documents} == {"中华人民共和国职业病防治法"}


def test_region_keeps_national_and_that_place(retriever: AssistantRetriever) -> None:
    documents = retriever.model_copy(update={"region": "宁波"}).invoke("企业主要负责人有什么安全生产责任？")
    assert any(d.metadata["region"] == "浙江省宁波市" for d in documents)
    assert all(d.metadata["level"] == "national" or d.metadata["region"].startswith("浙江省") for d in documents)


def test_as_of_keeps_only_texts_in_force_then(retriever: AssistantRetriever) -> None:
    documents = retriever.model_copy(update={"as_of": "2015-01-01"}).invoke("企业主要负责人有什么安全生产责任？")
    assert documents
    assert all((d.metadata["effective"] or d.metadata["date"]) <= "2015-01-01" for d in documents)
    assert WORK_SAFETY_LAW not in {d.metadata["title"] for d in documents}  # the 2021 text was not yet law


def test_not_found_is_no_documents(retriever: AssistantRetriever) -> None:
    assert retriever.invoke("今天股市行情怎么样？") == []
