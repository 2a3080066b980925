"""Document metadata read from the document's own words; anything the text does not say stays None."""

from __future__ import annotations

import re

from assistant.models import Status

DOC_NUMBER = re.compile(
    r"[\u4e00-\u9fff]{1,12}(?:〔|\[|【|［|\(|（)(?:19|20)\d{2}(?:〕|\]|】|］|\)|）)第?\d{1,4}号"
    r"|[\u4e00-\u9fff]{2,20}令第[\d一二三四五六七八九十百零〇]+号"
)
ORG_SUFFIX = r"(?:人民政府|政府|委员会|办公室|管理局|监督管理局|局|厅|委|部|院|办|中心|总局)"
_ORG = re.compile(rf"^[\u4e00-\u9fff（）()· ]{{2,40}}?{ORG_SUFFIX}$")
_LEADING_ORG = re.compile(rf"^([\u4e00-\u9fff]{{2,20}}?{ORG_SUFFIX})(?=[\s“《\"])")
DRAFT_WORDS = re.compile(r"征求意见稿|送审稿|讨论稿|草案|（草稿）|\(草稿\)")
_UNRELIABLE_SOURCES = ("本站", "网友", "网络", "互联网")


def is_doc_number_line(line: str) -> bool:
    """A line that is nothing but a 文号 (沅发〔2019〕1号)."""
    found = DOC_NUMBER.fullmatch(line.strip())
    return found is not None


def is_org_line(line: str) -> bool:
    """A line that names only an organisation, as a signature or masthead does."""
    return _ORG.match(line.strip()) is not None and "关于" not in line


def issuer_from_title(title: str) -> str | None:
    """The body that a title names as its author: '朔州市…办公室关于…' or '融安县安监局 “十三五”规划'."""
    head = title.split("关于", 1)[0].strip() if "关于" in title else ""
    if head and re.search(ORG_SUFFIX + r"$", head.replace(" ", "")) and len(head) <= 40:
        return head
    leading = _LEADING_ORG.match(title)
    return leading.group(1) if leading else None


def issuer_from_fields(fields: dict[str, str]) -> str | None:
    """The issuing body a page's information block names, if it names one plainly."""
    for key in ("发文机关", "发布机构", "来源"):
        value = fields.get(key, "").strip()
        if value and not any(word in value for word in _UNRELIABLE_SOURCES):
            return value
    return None


def status_from_signals(title: str, header: list[str], fields: dict[str, str], notices: list[str]) -> tuple[Status, str | None]:
    """Status from what the page says: a draft marker, a validity field, or an archive notice."""
    for line in [title, *header]:
        draft = DRAFT_WORDS.search(re.sub(r"《[^》]*》", "", line))  # a draft named in 《》 is another document
        if draft:
            return "draft", f"文中注明“{draft.group(0)}”"
    validity = next((fields[key] for key in ("有效性", "时效性", "效力状态") if fields.get(key)), "")
    if validity:
        if "废止" in validity:
            return "repealed", f"页面标注有效性：{validity}"
        if "失效" in validity:
            return "expired", f"页面标注有效性：{validity}"
        if "有效" in validity:
            return "in_force", f"页面标注有效性：{validity}"
    for notice in notices:
        if "废止" in notice or "作废" in notice:
            return "repealed", f"页面注明“{notice}”"
        return "expired", f"页面注明“{notice}”"
    return "unknown", None
