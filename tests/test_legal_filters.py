"""Force, jurisdiction and validity in time, on the real corpus and index."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from assistant.errors import InvalidInputError
from assistant.ingest.corpus import load_corpus
from assistant.legal.filters import SearchFilters, allowed_documents
from assistant.legal.validity import in_force_on, next_status_change, read_timeline, validity_warnings

from .conftest import CORPUS
from .test_cli_contract import run

FORCE_OF = {  # hand-checked against each text's issuer and kind
    "work-safety-law-2021": "法律",
    "special-equipment-safety-law-2013": "法律",
    "work-injury-insurance-regulations-2010": "行政法规",
    "mine-safety-law-implementing-regulations-1996": "行政法规",
    "state-council-major-accident-admin-accountability-provisions-2001": "行政法规",
    "spc-spp-work-safety-crimes-interpretation-2015": "司法解释",
    "special-equipment-safety-supervision-inspection-measures-2022": "部门规章",
    "001_c899ad86d4088b06": "规范性文件",
    "002_59f9c249537d8738": "规范性文件",
}


def test_force_is_derived_from_issuer_and_title(documents) -> None:  # noqa: ANN001
    for doc_id, force in FORCE_OF.items():
        assert documents[doc_id].meta.force == force, doc_id


def test_timeline_is_read_from_the_title_note() -> None:
    note = ("2002年6月29日 第九届全国人民代表大会常务委员会第二十八次会议通过\n"
            "2009年8月27日第十一届全国人民代表大会常务委员会第十次会议《关于修改部分法律的决定》第一次修正\n"
            "2021年6月10日 第十三届全国人民代表大会常务委员会第二十九次会议《关于修改〈安全生产法〉的决定》第三次修正")
    timeline = read_timeline(note)
    assert timeline.adopted == "2002-06-29" and timeline.amendments == ("2009-08-27", "2021-06-10")
    implementing = read_timeline("1996年10月11日 国务院批准\n1996年10月30日 劳动部令第4号发布  自发布之日施行")
    assert implementing.published == implementing.effective == "1996-10-30"
    assert (timeline.enacted_by, implementing.enacted_by) == ("全国人民代表大会常务委员会", "国务院")
    assert read_timeline("2002年1月26日 中华人民共和国国务院令第344号公布").enacted_by == "国务院"
    assert read_timeline("2016年6月3日国家安全生产监督管理总局令第88号公布").enacted_by == "国家安全生产监督管理总局"
    assert read_timeline("2019年7月11日 浙江省人民政府令第380号公布").enacted_by is None  # a province's order
    local = read_timeline("2016年9月22日 北京市第十四届人民代表大会常务委员会第三十次会议通过")
    assert local.adopted == "2016-09-22" and local.enacted_by is None  # a province's congress is not the 全国人大


@pytest.mark.parametrize("filters", [
    SearchFilters.parse(force="法律"), SearchFilters.parse(force="行政法规,司法解释"),
    SearchFilters.parse(force="规范性文件"), SearchFilters.parse(region="湖南"), SearchFilters.parse(level="county"),
    SearchFilters.parse(region="全国", force="部门规章"), SearchFilters.parse(as_of="2023-01-01"),
])
def test_filters_return_only_matching_clauses(any_assistant, filters: SearchFilters) -> None:  # noqa: ANN001
    documents = any_assistant.index.store.documents
    hits = any_assistant.searcher.search("生产经营单位主要负责人的安全生产职责和事故报告", 30, filters=filters).hits
    assert hits
    allowed = allowed_documents(documents, filters)
    for hit in hits:
        meta = documents[hit.clause.doc_id]
        assert not filters.forces or meta.force in filters.forces
        assert not filters.levels or meta.level in filters.levels
        assert hit.clause.doc_id in allowed, meta.doc_id
        assert not filters.region or meta.level == "national" or "湖南" in (meta.region or ""), meta.doc_id
        assert not filters.as_of or in_force_on(meta, filters.as_of) is True, meta.doc_id


def test_as_of_answers_differently_before_and_after_an_effective_date(any_assistant) -> None:  # noqa: ANN001
    question = "煤矿企业主要负责人是本企业安全生产第一责任人吗？"
    after = any_assistant.ask(question, as_of="2024-06-01")
    before = any_assistant.ask(question, as_of="2024-04-30")
    assert after.citations[0].title == "煤矿安全生产条例"  # in force from 2024-05-01
    assert "煤矿安全生产条例" not in {c.title for c in before.citations}
    now = any_assistant.ask("安全生产法第二十一条", k=1, as_of="2020-01-01")
    assert any("2021-09-01 起施行" in warning and "尚未施行" in warning for warning in now.warnings)


def test_a_place_in_the_question_answers_from_its_documents_first_and_never_another_places(any_assistant) -> None:  # noqa: ANN001
    documents = any_assistant.index.store.documents
    for question, place, province in (("在沅江，党政领导干部的安全生产责任制怎么落实？", "沅江", "湖南"),
                                      ("枞阳县的规定对高危企业领导带班有什么要求？", "枞阳", "安徽"),
                                      ("在宁波，企业主要负责人要履行哪些职责？", "宁波", "浙江")):
        answer = any_assistant.ask(question)
        assert place in (documents[answer.citations[0].doc_id].region or ""), question
        for citation in answer.citations:
            meta = documents[citation.doc_id]
            assert meta.level == "national" or province in (meta.region or ""), (question, meta.doc_id)


def test_without_a_place_national_law_comes_first_and_every_local_clause_names_its_place(any_assistant) -> None:  # noqa: ANN001
    questions = [json.loads(line)["question"] for line in (CORPUS.parent / "eval" / "questions.jsonl").open()]
    documents = any_assistant.index.store.documents
    labelled = 0
    for question in questions:
        answer = any_assistant.ask(question)
        if not answer.found or "按条文编号" in answer.answer:
            continue
        markers = [int(marker) for marker in re.findall(r"\[(\d+)\]$", answer.answer, flags=re.M)]
        assert markers == sorted(markers), question  # [1], [2], [3] in the order shown
        for line in answer.answer.splitlines():
            for marker in re.findall(r"\[(\d+)\]$", line):
                meta = documents[answer.citations[int(marker) - 1].doc_id]
                if meta.level != "national" and re.match(r"\d+\. ", line):
                    assert meta.region and meta.region in line, line
                    labelled += 1
    assert labelled >= 3
    for question in ("生产经营单位的主要负责人对安全生产负有哪些职责？", "从业人员有哪些安全生产权利？",
                     "企业应当怎样开展安全生产教育和培训？"):
        assert documents[any_assistant.ask(question).citations[0].doc_id].level == "national", question


def test_bad_filters_are_clear_errors() -> None:
    with pytest.raises(InvalidInputError, match="unknown force"):
        SearchFilters.parse(force="法规")
    with pytest.raises(InvalidInputError, match="YYYY-MM-DD"):
        SearchFilters.parse(as_of="2020-13-01")
    completed = run("ask", "安全生产法第二十一条", "--as-of", "yesterday")
    assert completed.returncode == 2 and "YYYY-MM-DD" in completed.stderr


def test_an_older_revision_is_superseded_and_answers_only_as_of_its_time(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    newer = (corpus / "national" / "fire-protection-law-2021.txt").read_text(encoding="utf-8")
    body = newer.split("第一章", 1)[1].replace("应急管理部门", "公安机关消防机构")
    note = ("中华人民共和国消防法\n\n1998年4月29日 第九届全国人民代表大会常务委员会第二次会议通过\n\n"
            "2008年10月28日 第十一届全国人民代表大会常务委员会第五次会议修订\n\n第一章")
    (corpus / "national" / "fire-protection-law-2008.txt").write_text(note + body, encoding="utf-8")
    manifest = json.loads((corpus / "manifest.json").read_text(encoding="utf-8"))
    manifest["documents"]["national/fire-protection-law-2008.txt"] = {
        "level": "national", "region": "全国", "issuer": "全国人民代表大会常务委员会", "date": "2008-10-28",
        "effective": "2009-05-01"}
    (corpus / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    documents = {document.meta.doc_id: document.meta for document in load_corpus(corpus).documents}
    older = documents["fire-protection-law-2008"]
    assert older.superseded_by == "fire-protection-law-2021" and older.status == "superseded"
    assert documents["fire-protection-law-2021"].superseded_by is None
    in_2015 = allowed_documents(documents, SearchFilters(as_of="2015-01-01"))
    in_2022 = allowed_documents(documents, SearchFilters(as_of="2022-01-01"))
    assert "fire-protection-law-2008" in in_2015 and "fire-protection-law-2021" not in in_2015
    assert "fire-protection-law-2021" in in_2022 and "fire-protection-law-2008" not in in_2022
    warnings = validity_warnings([(1, "fire-protection-law-2008")], documents, None)
    assert warnings and "取代" in warnings[0] and "2021-04-29 起施行" in warnings[0]


def test_a_text_before_its_effective_date_is_not_yet_in_force_and_what_it_repeals_still_is() -> None:
    coal, supervision = "coal-mine-work-safety-regulations-2024", "coal-mine-safety-supervision-regulations-2013"
    before = {document.meta.doc_id: document.meta for document in load_corpus(CORPUS, today="2024-04-15").documents}
    assert before[coal].status == "not_yet_in_force" and before[coal].status_evidence == "尚未施行：2024-05-01 起施行"
    assert before[supervision].status != "repealed" and before[supervision].repealed == "2024-05-01"
    assert next_status_change(before.values(), "2024-04-15") <= "2024-05-01"  # the index is rebuilt by then
    now = {document.meta.doc_id: document.meta for document in load_corpus(CORPUS).documents}
    assert now[coal].status == "in_force" and now[supervision].status == "repealed"


def test_a_cited_repealed_text_carries_its_reason(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("《煤矿安全监察条例》第二条")
    first = answer.citations[0]
    assert first.status == "repealed" and "第七十六条" in (first.status_reason or "")
    assert any("已废止" in warning and "《煤矿安全生产条例》第七十六条" in warning for warning in answer.warnings)
    local = assistant.ask("宁波市生产经营单位安全生产主体责任规定第五条").citations[0]
    assert local.place == "浙江省宁波市" and assistant.ask("安全生产法第二十一条").citations[0].place is None


def test_a_question_about_now_is_answered_by_the_version_in_force_even_naming_the_old_body(assistant) -> None:  # noqa: ANN001
    # "原来的安监局" names the past, "目前" asks the present: the 2022 version answers, not the superseded 2016 one
    answer = assistant.ask("北京目前由哪个部门对安全生产实施综合监督管理，还是原来的安监局吗？")
    first = answer.citations[0]
    assert (first.doc_id, first.clause_label) == ("beijing-work-safety-regulations-2022", "第八条")
    assert "beijing-work-safety-regulations-2016" not in {citation.doc_id for citation in answer.citations}
    earlier = assistant.ask("北京旧版安全生产条例里，哪个部门对安全生产实施综合监督管理？")
    assert earlier.citations[0].doc_id == "beijing-work-safety-regulations-2016"
