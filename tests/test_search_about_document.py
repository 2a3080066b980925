"""Questions about a document itself, asked first (安全生产法是谁发布的？), answered from the named document's
metadata with its citation — through ``ask --json`` on the real bundled corpus — the same way as a follow-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.answer.document_facts import NOT_STATED
from assistant.chat.session import ChatSession
from assistant.search.about_document import about_document, asked_field
from tests.test_cli_contract import run

WORK_SAFETY_LAW = "中华人民共和国安全生产法"
EMERGENCY_REGULATIONS = "生产安全事故应急条例"
# Facts checked by hand against the published texts.
CASES = [
    ("安全生产法是谁印发的？", f"《{WORK_SAFETY_LAW}》的发布机关：全国人民代表大会常务委员会[1]", WORK_SAFETY_LAW),
    ("安全生产法的文号是什么？", f"《{WORK_SAFETY_LAW}》的文号：{NOT_STATED}[1]", WORK_SAFETY_LAW),  # a law has none
    ("生产安全事故报告和调查处理条例的文号是什么？", "《生产安全事故报告和调查处理条例》的文号：国务院令第493号[1]",
     "生产安全事故报告和调查处理条例"),
    ("《生产安全事故应急条例》是哪个部门发布的？", f"《{EMERGENCY_REGULATIONS}》的发布机关：国务院[1]", EMERGENCY_REGULATIONS),
    ("生产安全事故应急条例什么时候开始施行？", f"《{EMERGENCY_REGULATIONS}》的施行日期：2019-04-01[1]", EMERGENCY_REGULATIONS),
    ("安全生产许可证条例什么时候施行？", f"《安全生产许可证条例》的施行日期：{NOT_STATED}[1]", "安全生产许可证条例"),
    # the statute's own phrasing 自…起施行 asks the same fact
    ("《特种设备安全监督检查办法》自什么时候起施行？", "《特种设备安全监督检查办法》的施行日期：2022-07-01[1]",
     "特种设备安全监督检查办法"),
    # an amended law: the version held took effect in 2021, its last article keeps the first date of 2002
    # a local text named the way people say it: its place, most of its title's own words
    ("北京那个安全生产条例改完以后，新版是从哪天开始执行的？", "《北京市安全生产条例》的施行日期：2022-08-01[1]",
     "北京市安全生产条例"),
    ("安全生产法从什么时候开始施行？", f"《{WORK_SAFETY_LAW}》的施行日期：2021-09-01（本库收录的版本）；第一百一十九条写明的是"
                               "最初的施行日期：本法自2002年11月1日起施行。[1]", WORK_SAFETY_LAW),
]
NOT_ABOUT_THE_DOCUMENT = [
    "安全生产法规定事故发生后什么时候报告？",
    "安全生产法第二十一条规定了什么？",
    "关于推进安全生产领域改革发展的实施意见的文号是什么？",  # a title three local documents share
    "生产经营单位的主要负责人对安全生产负有哪些职责？",
    "河南2010年通过的那部安全生产条例现在还有效吗？",  # a version the library does not hold: its repeal clause answers
]


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    batch = Path(tmp_path_factory.mktemp("facts")) / "questions.jsonl"
    questions = [question for question, _, _ in CASES] + ["安全生产法现在还有效吗？"]
    questions += NOT_ABOUT_THE_DOCUMENT[:2] + NOT_ABOUT_THE_DOCUMENT[-1:]
    batch.write_text("".join(json.dumps({"id": q, "question": q}, ensure_ascii=False) + "\n" for q in questions))
    completed = run("ask", "--json", "--batch", str(batch))
    assert completed.returncode == 0, completed.stderr
    return {result["id"]: result for result in map(json.loads, completed.stdout.splitlines())}


@pytest.mark.parametrize("question, answer, title", CASES)
def test_first_question_is_answered_from_the_metadata(results: dict[str, dict], question: str, answer: str,
                                                      title: str) -> None:
    result = results[question]
    assert result["found"] is True and result["answer"] == answer
    assert [citation["title"] for citation in result["citations"]] == [title]


def test_the_date_of_effect_is_cited_to_the_clause_stating_it(results: dict[str, dict]) -> None:
    citation = results["生产安全事故应急条例什么时候开始施行？"]["citations"][0]
    assert citation["clause_label"] == "第三十五条" and "2019年4月1日起施行" in citation["text"]


def test_status_says_where_it_comes_from(results: dict[str, dict]) -> None:
    answer = results["安全生产法现在还有效吗？"]["answer"]
    assert answer.startswith(f"《{WORK_SAFETY_LAW}》的状态：现行有效（") and answer.endswith("[1]")


def test_other_questions_are_still_searched(results: dict[str, dict]) -> None:
    assert "的施行日期" not in results[NOT_ABOUT_THE_DOCUMENT[0]]["answer"]
    assert results[NOT_ABOUT_THE_DOCUMENT[1]]["citations"][0]["clause_label"] == "第二十一条"
    old_version = results[NOT_ABOUT_THE_DOCUMENT[-1]]  # not "in force": the 2019 text repeals the one asked about
    assert "的状态" not in old_version["answer"] and "同时废止" in old_version["citations"][0]["text"]


@pytest.mark.parametrize("question", NOT_ABOUT_THE_DOCUMENT)
def test_only_questions_asking_nothing_else_are_read_as_about_the_document(assistant, question: str) -> None:  # noqa: ANN001
    reader = assistant.searcher.reader
    assert about_document(question, reader.names, reader.documents) is None


def test_first_turn_and_follow_up_share_one_wording(assistant) -> None:  # noqa: ANN001
    session = ChatSession(assistant)
    session.turn("生产安全事故应急条例第二条规定了什么？")
    follow_up = session.turn("这个文件是什么时候施行的？")
    first = ChatSession(assistant).turn("生产安全事故应急条例是什么时候施行的？")
    assert follow_up.interpretation == "source" and first.interpretation == "new"
    assert follow_up.answer == first.answer == f"《{EMERGENCY_REGULATIONS}》的施行日期：2019-04-01[1]"
    assert asked_field("现在还有效吗？") == "status" and asked_field("什么时候生效？") == "effective"


@pytest.mark.parametrize(("question", "mention", "doc_id"), [
    ("沅江的安全生产改革实施意见是哪天印发的？", "沅江的安全生产改革实施意见", "001_c899ad86d4088b06"),
    ("北京那个安全生产条例改完以后，新版是从哪天开始执行的？", "北京那个安全生产条例", "beijing-work-safety-regulations-2022"),
    ("北京的企业要不要设安全总监？", None, None),  # a place, but no title of it
    ("河南2010年通过的那部安全生产条例现在还有效吗？", None, None),  # a version stands between place and name
])
def test_a_local_text_named_loosely(assistant, question: str, mention: str | None, doc_id: str | None) -> None:  # noqa: ANN001
    found = assistant.searcher.reader.names.find_loosely(question)
    assert (question[found.start:found.end] if found else None) == mention
    assert doc_id is None or doc_id in found.doc_ids
