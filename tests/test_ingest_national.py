"""National laws: every article found, numbered 1…N, with 款/项 labels as lawyers cite them."""

from __future__ import annotations

import pytest

from assistant.models import ParsedDocument
from assistant.text.numerals import cn_to_int, int_to_cn

# Real article counts of these texts (the official versions), written down independently of the parser:
# the lines of each text that open with 第X条.
ARTICLE_COUNTS = {
    "accident-reporting-investigation-regulations-2007": 46,
    "agricultural-machinery-safety-regulations-2019": 60,
    "building-law-2019": 85,
    "civil-explosives-safety-regulations-2014": 55,
    "coal-mine-accident-prevention-special-provisions-2013": 28,
    "coal-mine-safety-supervision-regulations-2013": 50,
    "coal-mine-work-safety-regulations-2024": 76,
    "emergency-response-law-2024": 106,
    "female-workers-protection-provisions-2012": 16,
    "fire-protection-law-2021": 74,
    "hazardous-chemicals-safety-regulations-2013": 102,
    "inland-waterway-safety-regulations-2019": 95,
    "labour-law-2018": 107,
    "labour-security-inspection-regulations-2004": 36,
    "large-public-events-safety-regulations-2007": 26,
    "mine-safety-law-2009": 50,
    "mine-safety-law-implementing-regulations-1996": 59,
    "occupational-disease-prevention-law-2018": 88,
    "power-accident-emergency-investigation-regulations-2011": 37,
    "radioisotope-radiation-safety-regulations-2019": 69,
    "railway-accident-emergency-investigation-regulations-2012": 41,
    "reservoir-dam-safety-regulations-2018": 34,
    "road-transport-regulations-2019": 83,
    "road-transport-regulations-2023": 82,
    "school-bus-safety-regulations-2012": 62,
    "spc-spp-work-safety-crimes-interpretation-2015": 17,
    "spc-spp-work-safety-crimes-interpretation-ii-2022": 12,
    "special-equipment-safety-law-2013": 101,
    "special-equipment-safety-supervision-inspection-measures-2022": 40,
    "special-equipment-safety-supervision-regulations-2009": 103,
    "state-council-major-accident-admin-accountability-provisions-2001": 24,
    "township-coal-mine-regulations-2013": 32,
    "toxic-substances-workplace-protection-regulations-2002": 71,
    "work-injury-insurance-regulations-2010": 67,
    "work-safety-accident-emergency-regulations-2019": 35,
    "work-safety-law-2021": 119,
    "work-safety-license-regulations-2014": 24,
}


@pytest.mark.parametrize(("doc_id", "count"), sorted(ARTICLE_COUNTS.items()))
def test_article_count_and_sequence(documents: dict[str, ParsedDocument], doc_id: str, count: int) -> None:
    articles = [clause for clause in documents[doc_id].clauses if clause.kind == "article"]
    assert [cn_to_int(clause.label[1:-1]) for clause in articles] == list(range(1, count + 1))


# What the source snapshot (国家法律法规数据库, 2025-04-19) says of the texts it does not mark 现行有效.
SNAPSHOT_NOT_IN_FORCE = {"road-transport-regulations-2019": "已修订"}
SNAPSHOT_SILENT = {"coal-mine-safety-supervision-regulations-2013", "coal-mine-accident-prevention-special-provisions-2013"}


def test_national_texts_carry_the_snapshot_status(documents: dict[str, ParsedDocument]) -> None:
    """现行有效 in the snapshot → in force; 已修订 → no longer in force; silent → not claimed in force."""
    for doc_id in ARTICLE_COUNTS:
        meta = documents[doc_id].meta
        assert meta.level == "national", doc_id
        if doc_id in SNAPSHOT_NOT_IN_FORCE:
            assert meta.status in ("expired", "superseded"), doc_id
        elif doc_id in SNAPSHOT_SILENT:
            assert meta.status != "in_force", doc_id
        else:
            assert meta.status == "in_force", doc_id


def test_item_labels_within_an_article(documents: dict[str, ParsedDocument]) -> None:
    article = next(c for c in documents["work-safety-law-2021"].clauses if c.label == "第二十一条")
    parts = {part.label: part.text for part in article.parts}
    assert parts["第二十一条第（三）项"].startswith("（三）组织制定并实施本单位安全生产教育和培训计划")
    assert article.heading_path == ("第二章 生产经营单位的安全生产保障",)
    assert article.text.startswith("第二十一条 生产经营单位的主要负责人对本单位安全生产工作负有下列职责：")
    assert "（七）及时、如实报告生产安全事故。" in article.text


def test_paragraph_after_items_is_a_new_paragraph(documents: dict[str, ParsedDocument]) -> None:
    # 事故报告条例第三条: four items, then two more paragraphs (第二款, 第三款).
    article = next(c for c in documents["accident-reporting-investigation-regulations-2007"].clauses
                   if c.label == "第三条")
    labels = [part.label for part in article.parts]
    assert "第三条第一款第（四）项" in labels
    assert "第三条第三款" in labels
    third = next(part for part in article.parts if part.label == "第三条第三款")
    assert third.text.startswith("本条第一款所称的“以上”包括本数")


def test_title_note_keeps_promulgation_history(documents: dict[str, ParsedDocument]) -> None:
    note = documents["work-safety-law-2021"].clauses[0]
    assert note.label == "题注"
    assert "2021年6月10日" in note.text and "第三次修正" in note.text


@pytest.mark.parametrize("number", [1, 9, 10, 11, 19, 20, 21, 99, 100, 101, 106, 110, 119, 1000])
def test_chinese_numerals_round_trip(number: int) -> None:
    assert cn_to_int(int_to_cn(number)) == number


def test_chinese_numeral_forms() -> None:
    assert int_to_cn(21) == "二十一" and int_to_cn(106) == "一百零六" and int_to_cn(110) == "一百一十"
    assert cn_to_int("一百零二") == 102 and cn_to_int("十") == 10
