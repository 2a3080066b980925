"""Conversations on the real index: follow-ups resolved against the previous turn, comparisons side by side."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.chat.parsing import parse
from assistant.chat.session import ChatAnswer, ChatSession, ConversationStore
from assistant.errors import UnknownConversationError
from assistant.evaluation.conversations import evaluate_conversations, load_conversations
from assistant.models import Answer
from assistant.search.scope import Scopes
from assistant.text.places import place_names

ROOT = Path(__file__).resolve().parents[1]
ZONGYANG = "000_ec815e8a252be08f-att1"  # 枞阳 draft implementing opinions
YUANJIANG = "001_c899ad86d4088b06"  # 沅江 implementing opinions
SAFETY_LAW = "work-safety-law-2021"


def two_turns(assistant: Any, first: str, second: str) -> tuple[ChatAnswer, ChatAnswer]:
    session = ChatSession(assistant)
    return session.turn(first), session.turn(second)


def test_places_come_from_the_documents_metadata(assistant: Any) -> None:
    assert place_names("安徽省铜陵市枞阳县") == ["安徽省", "安徽", "铜陵市", "铜陵", "枞阳县", "枞阳"]
    scopes = Scopes(assistant.index.store.documents)
    regions = {meta.region for meta in assistant.index.store.documents.values()}
    assert "湖南省益阳市沅江市" in regions and scopes.places["沅江"] == (YUANJIANG,)
    parsed = parse("枞阳和沅江对企业主体责任的规定有什么不同？", scopes)
    assert [party.name for party in parsed.parties] == ["枞阳", "沅江"] and parsed.topic == "企业主体责任"


def test_a_new_topic_keeps_the_place(assistant: Any) -> None:
    _, answer = two_turns(assistant, "枞阳对企业主体责任有什么规定？", "那职业健康呢？")
    assert isinstance(answer, Answer) and answer.interpretation == "topic"
    assert answer.resolved_question == "枞阳对职业健康有什么规定？"
    assert answer.question == "那职业健康呢？"
    assert all(c.doc_id == ZONGYANG for c in answer.citations[:3])
    assert any("将职业病防治纳入政府民生工程" in c.text for c in answer.citations)
    assert any("征求意见稿" in warning for warning in answer.warnings)  # the 枞阳 text is a draft


def test_a_new_place_keeps_the_topic(assistant: Any) -> None:
    _, answer = two_turns(assistant, "枞阳对安全生产责任保险有什么规定？", "沅江的规定呢？")
    assert answer.resolved_question == "沅江对安全生产责任保险有什么规定？"
    assert answer.citations[0].doc_id == YUANJIANG
    assert any("建立健全安全生产责任保险制度" in c.text for c in answer.citations[:3])


def test_this_clause_refers_to_the_previous_first_citation(assistant: Any) -> None:
    first, answer = two_turns(assistant, "沅江要求企业法定代表人和实际控制人承担什么安全责任？", "这条出自哪个文件？")
    meta = assistant.index.store.documents[YUANJIANG]
    assert first.citations[0].doc_id == YUANJIANG
    assert answer.interpretation == "source" and answer.found
    assert [c.clause_id for c in answer.citations] == [first.citations[0].clause_id]
    assert f"《{meta.title}》" in answer.answer and "沅发〔2019〕1号" in answer.answer
    assert meta.issuer is not None and meta.issuer in answer.answer


def test_an_unstated_fact_is_said_to_be_unstated(assistant: Any) -> None:
    _, answer = two_turns(assistant, "安全生产法第二十二条规定了什么？", "这个文件的文号是什么？")
    assert assistant.index.store.documents[SAFETY_LAW].doc_number is None
    assert answer.answer == "《中华人民共和国安全生产法》的文号：文件中未载明[1]"


def test_a_paragraph_of_the_previous_article(assistant: Any) -> None:
    _, answer = two_turns(assistant, "安全生产法第二十二条规定了什么？", "第二款呢？")
    clause = assistant.index.store.clause(answer.citations[0].clause_id)
    assert answer.interpretation == "part" and clause.label == "第二十二条"
    assert answer.answer == f"《中华人民共和国安全生产法》第二十二条第二款：{clause.parts[1].text}[1]"


def test_an_item_that_does_not_exist_is_not_found(assistant: Any) -> None:
    _, answer = two_turns(assistant, "安全生产法第二十二条规定了什么？", "第三款呢？")
    assert not answer.found and "没有第三款" in answer.answer


def test_its_penalty_is_looked_up_in_the_same_law(assistant: Any) -> None:
    _, answer = two_turns(assistant, "生产经营单位主要负责人的安全生产职责是什么？", "它的罚则是什么？")
    assert answer.interpretation == "penalty"
    assert "生产经营单位的主要负责人未履行本法规定的安全生产管理职责的" in answer.citations[0].text


def test_comparison_answers_side_by_side(assistant: Any) -> None:
    session = ChatSession(assistant)
    answer = session.turn("枞阳和沅江对企业主体责任的规定有什么不同？")
    lines = answer.answer.splitlines()
    assert answer.interpretation == "compare" and answer.found
    zongyang = next(line for line in lines if line.startswith("枞阳："))
    yuanjiang = next(line for line in lines if line.startswith("沅江："))
    ranks = {c.rank: c.doc_id for c in answer.citations}
    assert ranks[int(zongyang.split("[")[1].split("]")[0])] == ZONGYANG
    assert ranks[int(yuanjiang.split("[")[1].split("]")[0])] == YUANJIANG
    follow = session.turn("那安全生产责任保险呢？")
    assert follow.interpretation == "compare" and follow.resolved_question == "枞阳和沅江对安全生产责任保险的规定有什么不同？"


def test_a_side_with_nothing_says_so(assistant: Any) -> None:
    answer = ChatSession(assistant).turn("煤矿安全生产条例和工伤保险条例对领导带班下井的规定有什么不同？")
    assert "工伤保险条例：在工伤保险条例的文件中没有找到相关条文。" in answer.answer
    assert {c.doc_id for c in answer.citations} == {"coal-mine-work-safety-regulations-2024"}


def test_a_standalone_question_is_not_rewritten(assistant: Any) -> None:
    session = ChatSession(assistant)
    session.turn("枞阳对企业主体责任有什么规定？")
    answer = session.turn("安委会主任由谁担任？")
    assert answer.interpretation == "new" and answer.resolved_question == "安委会主任由谁担任？"


def test_conversation_store_keeps_conversations_apart(assistant: Any) -> None:
    store = ConversationStore(assistant, max_conversations=2)
    first = store.turn(None, "枞阳对企业主体责任有什么规定？")
    second = store.turn(None, "安全生产法第二十二条规定了什么？")
    assert first.conversation_id != second.conversation_id and first.turn == 1
    follow = store.turn(first.conversation_id, "沅江呢？")
    assert follow.turn == 2 and follow.resolved_question == "沅江对企业主体责任有什么规定？"
    store.turn(None, "安委会主任由谁担任？")  # a third conversation pushes out the least recently used
    with pytest.raises(UnknownConversationError):
        store.get(second.conversation_id)


def test_follow_up_accuracy_on_the_written_conversations(assistant: Any) -> None:
    conversations = load_conversations(ROOT / "eval" / "conversations.jsonl")
    clauses = assistant.index.store.clauses
    for conversation in conversations:  # the gold data is read from the real clauses
        for item in conversation.evidence:
            assert any(span in c.text for span in item for c in clauses if c.doc_id in conversation.doc_ids), item
    report = evaluate_conversations(assistant, conversations)
    assert report["conversations"] >= 20
    assert report["followup_evidence_at_5"] >= 0.85, report["misses"]
    assert report["followup_evidence_at_5"] >= report["without_context_evidence_at_5"] + 0.4


def test_chat_command_reads_turns_from_standard_input() -> None:
    lines = "枞阳对企业主体责任有什么规定？\n沅江的规定呢？\n/new\n第二款呢？\n"
    done = subprocess.run([sys.executable, "-m", "assistant", "chat", "--json", "--k", "3"], input=lines,
                          capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["turn"] for r in results] == [1, 2, 3]
    assert results[1]["resolved_question"] == "沅江对企业主体责任有什么规定？"
    assert results[1]["citations"][0]["doc_id"] == YUANJIANG and len(results[1]["citations"]) == 3
    assert results[2]["interpretation"] == "new"  # after /new there is nothing for 第二款 to refer to
    assert set(results[0]) >= {"question", "answer", "found", "citations", "warnings", "resolved_question"}
