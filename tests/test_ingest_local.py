"""The five captured web pages: clean text, honest metadata and the right clause tree."""

from __future__ import annotations

import re

import pytest

from assistant.models import ParsedDocument

LETTER = "000_ec815e8a252be08f"
DRAFT = "000_ec815e8a252be08f-att1"
YUANJIANG = "001_c899ad86d4088b06"
SHUOZHOU = "002_59f9c249537d8738"
RONGAN = "003_02fb0da8b3e9f52f"
NOTICE = "004_899946c64174f7f2"
LOCAL = (LETTER, DRAFT, YUANJIANG, SHUOZHOU, RONGAN, NOTICE)

FURNITURE = (
    "您现在所在的位置", "浏览次数", "字体", "文本下载", "索引号", "咨询电话", "【关闭】", "【打印】",
    "关于我们", "网站声明", "ICP备", "公网安备", "责任编辑", "欢迎访问", "今日是", "导语", "网友上传",
    "不代表本站观点", "来源：本站", "历史规划",
)


def full_text(document: ParsedDocument) -> str:
    return "\n".join(clause.text for clause in document.clauses) + "\n" + document.meta.title


@pytest.mark.parametrize("doc_id", LOCAL)
def test_no_page_furniture(documents: dict[str, ParsedDocument], doc_id: str) -> None:
    text = full_text(documents[doc_id])
    for furniture in FURNITURE:
        assert furniture not in text, f"{doc_id} still carries {furniture!r}"


def test_romanization_removed_and_traditional_converted(documents: dict[str, ParsedDocument]) -> None:
    text = full_text(documents[NOTICE])
    assert not re.search(r"[（(][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}[)）]", text)
    assert "生產" not in text and "安全生产年活动" in text
    assert "严格高危行业市场准入" in text  # 嚴格高危行業市場準入 in the capture
    assert any("繁体" in note for note in documents[NOTICE].meta.notes)


def test_page_break_repeat_and_broken_lines_repaired(documents: dict[str, ParsedDocument]) -> None:
    text = full_text(documents[YUANJIANG])
    assert "以习近平新时代中国特色社会主义思想为指导，牢固树立安全发展理念" in text
    assert "义思想义思想" not in text and "思想\n义思想" not in text
    assert "纳入党委和政府督查督办重要内容进行督查" in text  # broken across a page in the capture
    assert "到2020年，全市安全生产监管体制机制基本完善" in text  # "到 2020 年" in the capture


def test_body_posted_twice_is_kept_once(documents: dict[str, ParsedDocument]) -> None:
    text = full_text(documents[RONGAN])
    assert text.count("构建以企业为主体的隐患排查治理机制") == 1
    assert text.count("严格事故企业负责人的责任追究") == 1


def test_page_with_letter_and_attached_draft_is_two_documents(documents: dict[str, ParsedDocument]) -> None:
    letter, draft = documents[LETTER].meta, documents[DRAFT].meta
    assert letter.attachments == (DRAFT,) and draft.part_of == LETTER
    assert letter.title.startswith("关于征求《") and letter.title.endswith("修改意见的函")
    assert letter.issuer == "枞阳县安全生产监督管理局"
    assert letter.date == "2018-12-06"
    assert letter.status == "expired"  # 有效性: 已失效 on the page
    assert draft.title == "中共枞阳县委 枞阳县人民政府关于推进安全生产领域改革发展的实施意见（征求意见稿）"
    assert draft.status == "draft"
    assert draft.issuer == "中共枞阳县委 枞阳县人民政府"
    assert draft.date is None  # the draft itself carries no date: never borrow the letter's
    assert draft.doc_number is None
    assert [c.label for c in documents[DRAFT].clauses][:4] == ["前言", "一、（一）", "一、（二）", "二、（三）"]


def test_yuanjiang_metadata(documents: dict[str, ParsedDocument]) -> None:
    meta = documents[YUANJIANG].meta
    assert meta.title == "中共沅江市委 沅江市人民政府 关于推进安全生产领域改革发展的实施意见"
    assert meta.doc_number == "沅发〔2019〕1号"
    assert meta.issuer == "中共沅江市委 沅江市人民政府"  # not the printing office 中共沅江市委办公室
    assert meta.date == "2019-01-14"
    assert meta.status == "unknown"
    assert meta.level == "county" and meta.region == "湖南省益阳市沅江市"  # manifest: a county-level city


def test_shuozhou_metadata(documents: dict[str, ParsedDocument]) -> None:
    meta = documents[SHUOZHOU].meta
    assert meta.doc_number == "朔安办字〔2017〕20号"
    assert meta.issuer == "朔州市人民政府安全生产委员会办公室"
    assert meta.date == "2017-02-24" and meta.published == "2017-03-10"
    assert meta.level == "city"


def test_rongan_metadata(documents: dict[str, ParsedDocument]) -> None:
    meta = documents[RONGAN].meta
    assert meta.title == "融安县安监局 “十三五”规划"
    assert meta.issuer == "融安县安监局"
    assert meta.published == "2017-11-27"
    assert meta.status == "expired" and "历史规划" in (meta.status_evidence or "")
    assert meta.level == "county"


def test_reposted_notice_has_no_invented_date_or_issuer(documents: dict[str, ParsedDocument]) -> None:
    meta = documents[NOTICE].meta
    assert meta.title == "深化安全生产年活动通知"
    assert meta.issuer is None and meta.date is None and meta.published is None and meta.doc_number is None
    assert meta.status == "unknown"


@pytest.mark.parametrize(
    ("doc_id", "count", "labels"),
    [
        (DRAFT, 29, {"二、（四）", "六、（二十八）"}),
        (YUANJIANG, 30, {"三、1.", "七、7.", "版记"}),
        (SHUOZHOU, 12, {"一、1、", "一、2、（2）", "三、", "落款"}),
        (RONGAN, 32, {"三、（一）三是", "三、（四）2.", "四、（三）"}),
        (NOTICE, 36, {"三、（一）1.", "三、（六）4.", "四、（三）"}),
    ],
)
def test_clause_counts_and_labels(documents: dict[str, ParsedDocument], doc_id: str, count: int,
                                  labels: set[str]) -> None:
    clauses = documents[doc_id].clauses
    assert len(clauses) == count
    assert labels <= {clause.label for clause in clauses}


def test_the_closing_lines_are_a_clause_of_their_own(documents: dict[str, ParsedDocument]) -> None:
    """Who signed and when (落款), and who printed it and when (版记), are the document's own words: cited
    for "谁印发的/哪天印发的", never glued to the last item."""
    closing = {doc_id: [(c.label, c.text) for c in documents[doc_id].clauses if c.kind == "note"][-1]
               for doc_id in (YUANJIANG, SHUOZHOU)}
    assert closing[YUANJIANG] == ("版记", "（此件发至乡科级）\n中共沅江市委办公室\n2019年1月14日印发")
    assert closing[SHUOZHOU] == ("落款", "朔州市人民政府安全生产委员会办公室\n2017年2月24日")
    assert "印发" not in documents[YUANJIANG].clauses[-2].text


def test_task_line_belongs_to_the_item_above(documents: dict[str, ParsedDocument]) -> None:
    by_label = {clause.label: clause for clause in documents[SHUOZHOU].clauses}
    assert by_label["一、2、（5）"].text.endswith("责任单位：安监部门、卫生部门。")
    assert by_label["一、2、（5）"].heading_path == ("一、目标任务", "2、全面完成规划任务")


def test_shi_items_are_clauses_with_their_heading(documents: dict[str, ParsedDocument]) -> None:
    by_label = {clause.label: clause for clause in documents[RONGAN].clauses}
    third = by_label["三、（一）三是"]
    assert third.text.startswith("三是督促生产经营单位落实主体责任。")
    assert third.heading_path == ("三、主要任务与重大举措", "（一）强化党政同责，严格落实安全责任")
