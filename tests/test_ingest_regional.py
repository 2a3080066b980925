"""Regional regulations: every article found in order, each text placed in its province or city."""

from __future__ import annotations

import pytest

from assistant.ingest.numbering import cn_to_int
from assistant.models import ParsedDocument

# Real article counts (the lines of each text that open with 第X条), written down independently of the parser.
ARTICLE_COUNTS = {
    "beijing-work-safety-regulations-2016": 98,
    "beijing-work-safety-regulations-2022": 66,
    "chongqing-special-equipment-safety-regulations-2020": 71,
    "chongqing-work-safety-regulations-2015": 61,
    "hangzhou-work-safety-supervision-regulations-2010": 55,
    "henan-work-safety-regulations-2019": 64,
    "ningbo-enterprise-primary-responsibility-provisions-2021": 33,
    "shandong-special-equipment-safety-regulations-2015": 63,
    "shandong-work-safety-regulations-2021": 80,
    "shanghai-fire-protection-regulations-2020": 77,
    "shanghai-work-safety-regulations-2018": 73,
    "shenzhen-work-safety-supervision-regulations-2022": 64,
    "yantai-work-safety-supervision-regulations-2018": 41,
    "zhejiang-special-equipment-safety-regulations": 26,
    "zhejiang-work-safety-regulations-2016": 51,
    "zhengzhou-construction-safety-regulations-2020": 49,
}
# Where each text applies: province-level municipalities are provinces; the others are cities of a province.
REGIONS = {
    "beijing": ("provincial", "北京市"), "shanghai": ("provincial", "上海市"), "chongqing": ("provincial", "重庆市"),
    "shandong": ("provincial", "山东省"), "zhejiang": ("provincial", "浙江省"), "henan": ("provincial", "河南省"),
    "shenzhen": ("city", "广东省深圳市"), "ningbo": ("city", "浙江省宁波市"), "hangzhou": ("city", "浙江省杭州市"),
    "yantai": ("city", "山东省烟台市"), "zhengzhou": ("city", "河南省郑州市"),
}


@pytest.mark.parametrize(("doc_id", "count"), sorted(ARTICLE_COUNTS.items()))
def test_article_count_and_sequence(documents: dict[str, ParsedDocument], doc_id: str, count: int) -> None:
    articles = [clause for clause in documents[doc_id].clauses if clause.kind == "article"]
    assert [cn_to_int(clause.label[1:-1]) for clause in articles] == list(range(1, count + 1))


@pytest.mark.parametrize("doc_id", sorted(ARTICLE_COUNTS))
def test_each_text_knows_its_place_and_force(documents: dict[str, ParsedDocument], doc_id: str) -> None:
    meta = documents[doc_id].meta
    assert (meta.level, meta.region) == REGIONS[doc_id.split("-")[0]]
    assert meta.force == "地方性法规"


def test_the_two_beijing_versions_are_both_there(documents: dict[str, ParsedDocument]) -> None:
    old, new = documents["beijing-work-safety-regulations-2016"], documents["beijing-work-safety-regulations-2022"]
    assert old.meta.title == new.meta.title == "北京市安全生产条例"
    assert new.clauses[-1].text == "第六十六条 本条例自2022年8月1日起施行。"
