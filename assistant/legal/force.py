"""Level of legal force (效力层级) and jurisdiction of a document, from its title, issuer and 文号.

Order (立法法): 法律 > 行政法规 > 部门规章 … > 地方政府规章 > 规范性文件. A 司法解释 binds the courts
applying a law and cannot override a law or a 行政法规, so it ranks just below 行政法规 and above
部门规章. 部门规章 and 地方性法规 have no fixed order between them under the 立法法 (conflicts go to
the State Council); they are ordered national before local. 党内文件 rank with 规范性文件.
"""

from __future__ import annotations

import re

from assistant.models import DocumentMeta

FORCES = ("法律", "行政法规", "司法解释", "部门规章", "地方性法规", "地方政府规章", "规范性文件", "党内文件")
_RANK = {"法律": 1, "行政法规": 2, "司法解释": 3, "部门规章": 4, "地方性法规": 5, "地方政府规章": 6,
         "规范性文件": 7, "党内文件": 7}
UNKNOWN_RANK = 8
_PARTY = re.compile(r"^(?:中共|中国共产党)")
_GOVERNMENT = re.compile(r"人民政府|政府办公室|政府办|安全生产委员会|局|厅|委员会办公室")
_RULE_TITLE = re.compile(r"(?:办法|规定|细则|规则)$")


def force_rank(force: str | None) -> int:
    """1 for 法律 … 7 for 规范性文件/党内文件; unknown force ranks last."""
    return _RANK.get(force or "", UNKNOWN_RANK)


def derive_force(meta: DocumentMeta) -> str | None:
    """The force a document's own title, issuer and number show; None when they do not show it."""
    title = re.sub(r"[（(](?:征求意见稿|草案|送审稿|二|三)[)）]$", "", meta.title)
    issuer = meta.issuer or ""
    number = meta.doc_number or ""
    national = meta.level == "national"
    if "最高人民法院" in issuer or "最高人民检察院" in issuer or number.startswith(("法释", "高检发释")):
        return "司法解释"
    if "全国人民代表大会" in issuer or (national and re.search(r"(?<!办)法$", title)):
        return "法律"
    if national and (issuer.startswith("国务院") or "国务院批准" in issuer or number.startswith("国务院令")
                     or title.endswith("条例")):
        return "行政法规"  # only 行政法规 and 地方性法规 may be called 条例 (行政法规制定程序条例第五条)
    if national and (re.search(r"(?:部|总局|委员会|署|局)令", number) or re.search(r"(?:部|总局|署)$", issuer)):
        return "部门规章"
    if not national and "人民代表大会" in issuer:
        return "地方性法规"
    if not national and "政府令" in number and _RULE_TITLE.search(title):
        return "地方政府规章"
    if _PARTY.match(issuer) and not _GOVERNMENT.search(issuer):
        return "党内文件"
    if not national and (issuer or meta.doc_number):
        return "规范性文件"
    return None

