"""The enterprise obligations checklist on the bundled corpus, with conditions checked against the texts."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.ingest.corpus import load_corpus
from assistant.obligations import Checklist, EnterpriseProfile, ObligationCatalogue
from assistant.obligations.conditions import head_counts
from assistant.obligations.vocabulary import industries
from assistant.text.numerals import cn_to_int

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def catalogue() -> ObligationCatalogue:
    loaded = load_corpus(ROOT / "corpus")
    documents = {document.meta.doc_id: document.meta for document in loaded.documents}
    return ObligationCatalogue.build(documents, [clause for document in loaded.documents for clause in document.clauses])


def _labels(checklist: Checklist, doc_id: str) -> set[str]:
    return {item.clause_label for item in checklist.obligations if item.doc_id == doc_id}


def test_numbers_and_head_counts_are_parsed() -> None:
    assert [cn_to_int(text) for text in ("一百", "三百", "一千", "一千五百", "300", "十")] == [100, 300, 1000, 1500, 300, 10]
    over, under = head_counts("从业人员超过一百人的，应当设置；从业人员在一百人以下的，应当配备")
    assert (over.low, over.high, under.low, under.high) == (101, None, None, 100)
    text = "从业人员在300人以上的高危生产经营单位和从业人员在一千人以上的其他生产经营单位要依法依规设立安全总监"
    high_risk, other = head_counts(text)
    assert (high_risk.low, high_risk.high_risk, other.low, other.high_risk) == (300, True, 1000, False)


def test_chemical_enterprise_gets_the_management_body_of_article_24(catalogue: ObligationCatalogue) -> None:
    checklist = catalogue.checklist(EnterpriseProfile(industry="危险化学品", employees=350))
    labels = _labels(checklist, "work-safety-law-2021")
    assert "第二十四条第一款" in labels  # 矿山、金属冶炼、建筑施工、运输单位和危险物品的…单位
    assert "第二十四条第二款" not in labels  # "前款规定以外的其他生产经营单位" excludes it
    assert checklist.obligations[0].doc_id == "work-safety-law-2021"  # national law first
    assert "危险化学品安全管理条例" in {item.title for item in checklist.obligations}
    assert all(item.scope == "national" for item in checklist.obligations)  # no region given


def test_small_shop_gets_the_under_100_rule_only(catalogue: ObligationCatalogue) -> None:
    checklist = catalogue.checklist(EnterpriseProfile(industry="零售", employees=50))
    rules = [item for item in checklist.obligations if item.clause_label == "第二十四条第二款"]
    assert [item.requirement for item in rules] == ["从业人员在一百人以下的，应当配备专职或者兼职的安全生产管理人员。"]
    assert not checklist.high_risk
    titles = {item.title for item in checklist.obligations}
    assert "危险化学品安全管理条例" not in titles and "煤矿安全生产条例" not in titles
    assert "第二十四条第一款" not in _labels(checklist, "work-safety-law-2021")
    big = catalogue.checklist(EnterpriseProfile(industry="零售", employees=150))
    assert any("超过一百人" in item.requirement for item in big.obligations if item.clause_label == "第二十四条第二款")


def test_local_documents_add_a_safety_director_above_the_threshold(catalogue: ObligationCatalogue) -> None:
    def directors(industry: str, employees: int) -> list[str]:
        checklist = catalogue.checklist(EnterpriseProfile(industry=industry, employees=employees, region="枞阳"))
        return [item.condition for item in checklist.obligations if item.topic == "安全总监"]

    assert directors("危险化学品", 350) and "300人以上" in directors("危险化学品", 350)[0]
    assert not directors("危险化学品", 200)
    assert not directors("零售", 500)  # not high-risk: the text's threshold for others is 一千人
    assert directors("零售", 1200)
    yuanjiang = catalogue.checklist(EnterpriseProfile(industry="危险化学品", employees=350, region="沅江"))
    local = [item for item in yuanjiang.obligations if item.scope == "local"]
    assert local and all("沅江" in (item.region or "") for item in local)
    assert any(item.topic == "安全生产责任保险" for item in local)


def test_cli_exports_csv_and_markdown(tmp_path: Path) -> None:
    out = tmp_path / "list.csv"
    run = subprocess.run([sys.executable, "-m", "assistant", "obligations", "--industry", "危险化学品", "--employees", "350",
                          "--region", "沅江", "--format", "csv", "--out", str(out)],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and {"scope", "topic", "requirement", "condition", "clause_id", "clause_label"} <= set(rows[0])
    markdown = subprocess.run([sys.executable, "-m", "assistant", "obligations", "--industry", "危险化学品",
                               "--employees", "350"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert markdown.returncode == 0 and "## 国家法律法规" in markdown.stdout and "第二十四条第一款" in markdown.stdout
    bad = subprocess.run([sys.executable, "-m", "assistant", "obligations"], capture_output=True, text=True, cwd=ROOT,
                         timeout=120)
    assert bad.returncode == 2


def test_every_condition_is_found_in_its_own_text(catalogue: ObligationCatalogue) -> None:
    """Head counts and industries the checklist asserts are written in the cited sentence (or the title)."""
    for profile in (EnterpriseProfile(industry="危险化学品", employees=350, region="枞阳"),
                    EnterpriseProfile(industry="建筑施工", employees=1200, region="沅江"),
                    EnterpriseProfile(industry="零售", employees=50)):
        for item in catalogue.checklist(profile).obligations:
            if "人数：" in item.condition:
                count_text = item.condition.split("人数：")[1].split("（本企业")[0]
                assert count_text in item.requirement, (count_text, item)
            if "本企业属" in item.condition:
                industry = item.condition.split("本企业属 ")[1].split("；")[0].split("，")[0]
                words = next(entry.words for entry in industries() if entry.name == industry.split("、")[0])
                assert any(word in item.requirement + item.title for word in words), item


def test_ask_answers_must_we_questions_from_the_checklist(assistant) -> None:  # type: ignore[no-untyped-def]
    director = assistant.ask("一家350人的危险化学品企业需要设立安全总监吗？")
    assert director.found and "300人以上" in director.answer and "本企业 350 人" in director.answer
    assert any("征求意见稿" in warning for warning in director.warnings)  # the 枞阳 text is a draft
    shop = assistant.ask("50人的零售商店要设置安全生产管理机构吗？")
    assert "一百人以下" in shop.answer and "超过一百人" not in shop.answer
    assert shop.citations[0].clause_label == "第二十四条"
    insurance = assistant.ask("沅江的危险化学品企业必须投保安全生产责任保险吗？")
    assert "沅江" in insurance.answer and "枞阳" not in insurance.answer
    plain = assistant.ask("从业人员超过一百人的生产经营单位应当设置什么机构？")  # no enterprise described
    assert "本企业" not in plain.answer and plain.answer.splitlines()[0].endswith("[1]")


HAND_CHECKED = {  # industry → in-force clauses that name it or its kind of work, each read in the text
    "餐饮": {("work-safety-law-2021", "第三十六条第四款")},  # 餐饮等行业…使用燃气的，应当安装可燃气体报警装置
    "烟花爆竹": {("work-safety-license-regulations-2014", "第二条第一款")},
    "危险化学品": {("hazardous-chemicals-safety-regulations-2013", "第十四条第一款"),
                ("hazardous-chemicals-safety-regulations-2013", "第二十二条第一款"),
                ("work-safety-law-2021", "第二十四条第一款")},
    "建筑施工": {("building-law-2019", "第四十六条"), ("work-safety-law-2021", "第八十二条第一款")},
    "矿山": {("mine-safety-law-2009", "第二十六条第一款"), ("mine-safety-law-2009", "第三十一条")},
}


@pytest.mark.parametrize("industry", sorted(HAND_CHECKED))
def test_a_checklist_holds_the_clauses_that_name_its_industry(catalogue: ObligationCatalogue, industry: str) -> None:
    checklist = catalogue.checklist(EnterpriseProfile(industry=industry, employees=120))
    listed = {(item.doc_id, item.clause_label) for item in checklist.obligations}
    assert HAND_CHECKED[industry] <= listed
    assert all(item.status not in ("superseded", "repealed") for item in checklist.obligations)
    if industry in ("餐饮", "烟花爆竹", "危险化学品"):  # a mine law binds mines (and who builds them) only
        assert not any(item.doc_id.startswith("mine-safety-law") for item in checklist.obligations)


def test_a_local_text_naming_the_industry_joins_with_the_region(catalogue: ObligationCatalogue) -> None:
    ningbo = catalogue.checklist(EnterpriseProfile(industry="餐饮", employees=120, region="宁波"))
    assert ("ningbo-enterprise-primary-responsibility-provisions-2021", "第十九条") in {
        (item.doc_id, item.clause_label) for item in ningbo.obligations}
