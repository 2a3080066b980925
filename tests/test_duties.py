"""The duty map on the bundled corpus: extraction quality against hand labels, queries, and `ask`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.duties import DutyMap
from assistant.duties.gold import evaluate_duty_map, load_gold
from assistant.legal.bodies import normalize_body, strip_level

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def duty_map(assistant) -> DutyMap:  # type: ignore[no-untyped-def]
    return DutyMap.build(assistant.index.store.documents, assistant.index.store.clauses)


def test_alias_forms_share_a_department() -> None:
    assert {normalize_body(name).canonical for name in ("县应急管理局", "市应急管理局", "应急管理部", "县安监局",
                                                         "安全生产监督管理部门")} == {"应急管理"}
    assert normalize_body("县交运局").canonical == normalize_body("交通运输部门").canonical == "交通运输"
    assert normalize_body("市场监管局").canonical == "市场监督管理"
    assert normalize_body("安委会").canonical == normalize_body("安全生产委员会").canonical
    assert normalize_body("县安监局").note and "2018" in normalize_body("县安监局").note


def test_precision_and_recall_against_hand_labels(duty_map: DutyMap) -> None:
    gold = load_gold(ROOT / "eval" / "duties_gold.jsonl")
    assert len([row for row in gold if row.get("body")]) >= 100
    assert len({row["clause_id"].split(":")[0] for row in gold}) >= 12  # 13 documents
    report = evaluate_duty_map(duty_map, gold)
    assert report["precision"] >= 0.95, report["spurious"]  # measured 1.000
    assert report["recall"] >= 0.86, report["missed"]  # measured 0.903
    dev, test = report["splits"]["dev"], report["splits"]["test"]
    assert dev["recall"] >= 0.93 and test["recall"] >= 0.72, (dev["missed"], test["missed"])  # 0.973, 0.775
    assert test["precision"] >= 0.95, test["spurious"]  # measured 1.000


def test_every_record_cites_a_real_clause_that_names_the_body(duty_map: DutyMap, assistant) -> None:  # type: ignore[no-untyped-def]
    store = assistant.index.store
    for record in duty_map.records:
        clause = store.clause(record.clause_id)
        assert clause is not None and record.evidence in clause.text
        stem = strip_level(record.body_text)[0].removesuffix("部门")
        assert stem in record.evidence, (stem, record.evidence)


def test_query_by_body_finds_other_written_forms(duty_map: DutyMap) -> None:
    result = duty_map.query(body="安监局")
    forms = {record.body_text for record in result.records}
    assert result.query.canonical_body == "应急管理"
    assert "国务院应急管理部门" in forms and "安全生产监督管理部门" in forms
    assert result.query.alias_note and "2018" in result.query.alias_note


def test_query_by_industry_with_region_and_doc_filters(duty_map: DutyMap) -> None:
    road = duty_map.query(industry="道路运输")
    assert any(record.body == "交通运输" and record.clause_label == "第六条第（五）项" for record in road.records)
    local = duty_map.query(body="公安局", region="枞阳")
    assert local.records and all("枞阳" in (record.region or "") for record in local.records)
    assert all(record.doc_id == "work-safety-law-2021" for record in duty_map.query(doc="work-safety-law-2021").records)


@pytest.mark.parametrize(("question", "expected"), [
    ("道路运输安全归哪个部门管？", "交通运输主管部门"),
    ("应急管理局负责哪些工作？", "国务院应急管理部门"),
    ("安委会主任由谁担任？", "主任由县政府主要负责人担任"),
])
def test_ask_answers_responsibility_questions_from_the_map(assistant, question: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask(question)
    assert answer.found and expected in answer.answer
    cited = {citation.clause_id for citation in answer.citations}
    for citation in answer.citations:
        assert assistant.index.store.clause(citation.clause_id).text == citation.text
    assert all(f"[{rank}]" in answer.answer for rank in range(1, len(cited) + 1))


def test_ask_falls_back_to_retrieval_when_the_map_has_nothing(assistant) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("安全生产法第二十一条规定了什么？")
    assert answer.citations[0].clause_label == "第二十一条"
    duties = assistant.ask("生产经营单位的主要负责人有哪些职责？")  # a duty of the enterprise, not of a body
    assert not duties.answer.startswith("根据条文中的职责分工")
    searched = assistant.answerer.answer(duties.question, assistant.searcher.search(duties.question, 5))
    assert duties.citations[:3] == searched.citations[:3]  # the answer's clauses; a penalty may follow them


def test_a_place_the_corpus_does_not_cover_is_not_answered_from_another_place(assistant) -> None:  # type: ignore[no-untyped-def]
    other = assistant.ask("深圳市安委会现任主任叫什么名字？")
    assert not other.found and "县政府主要负责人担任" not in other.answer
    both = assistant.ask("枞阳县和沅江市的文件里，安委会主任、副主任分别由谁担任？")
    assert both.found and "主任由县政府主要负责人担任" in both.answer and "常务副主任由政府常务副职担任" in both.answer
    assert {citation.doc_id for citation in both.citations} == {"000_ec815e8a252be08f-att1", "001_c899ad86d4088b06"}


def test_cli_duties_json() -> None:
    run = subprocess.run([sys.executable, "-m", "assistant", "duties", "--body", "交运局", "--json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["query"]["canonical_body"] == "交通运输"
    assert {"县交运局", "交通运输主管部门"} <= {record["body_text"] for record in data["records"]}
    bad = subprocess.run([sys.executable, "-m", "assistant", "duties"], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert bad.returncode == 2 and "give at least one" in bad.stderr


def test_a_subject_asked_without_a_place_is_answered_by_national_law_first(assistant) -> None:  # type: ignore[no-untyped-def]
    answer = assistant.ask("特种设备发生较大事故由谁组织调查？")  # the map knows it only from 重庆's regulation
    first = answer.citations[0]
    assert answer.found and (first.doc_id, first.clause_label) == ("special-equipment-safety-law-2013", "第七十二条")
    assert answer.answer.startswith("发生较大事故，由省、自治区、直辖市人民政府负责特种设备安全监督管理的部门")
