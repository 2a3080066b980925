"""What government web pages wrap around a document: navigation, counters, widgets, page info fields.

Page info fields (发布机构、有效性、文号 …) are kept as data for the metadata step; every other piece of
furniture is dropped. The patterns are about how such pages are built, not about any one page.
"""

from __future__ import annotations

import re

# Keys of the "key: value" information blocks that gazette and portal pages print above a text.
PAGE_FIELD_KEYS = (
    "索引号", "组配分类", "发布机构", "主题分类", "名称", "文号", "成文日期", "发布日期", "有效性",
    "咨询电话", "发布时间", "来源", "浏览次数", "作者", "时间", "责任编辑", "主办单位", "生效日期",
    "废止日期", "时效性", "效力状态", "信息来源", "点击数", "阅读次数", "访问次数", "字体", "导语",
    "分类", "体裁分类", "公开方式", "公开范围", "发文机关", "主题词",
)
_KEY_ALTERNATION = "|".join(sorted(PAGE_FIELD_KEYS, key=len, reverse=True))
_FIELD = re.compile(rf"({_KEY_ALTERNATION})\s*[:：]")
_DATE_TIME_PREFIX = re.compile(r"^\d{4}[-年/.]\d{1,2}[-月/.]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")

_FURNITURE_LINE = re.compile(
    r"^(?:您现在所在的位置|您当前的位置|当前位置|您的位置|所在位置)"
    r"|^欢迎(?:访问|来到|光临).{0,40}(?:网站|门户|网)"
    r"|(?:今日是|今天是)[:：]?\s*$"
    r"|【\s*(?:关闭|打印|收藏|返回顶部|大\s*中\s*小)\s*】"
    r"|^(?:关于我们|联系我们|网站声明|网站地图|版权所有|承办单位|技术支持|主办单位)"
    r"|ICP备|公网安备|ICP证"
    r"|^[（(]\s*责任编辑\s*[:：].*[)）]$"
    r"|^分享到[:：]?"
    r"|打印本页|关闭窗口|文本下载\s*$|^\[\s*打印\s*\]"
)
_BREADCRUMB = re.compile(r"[>＞»›]")
# A short line announcing that what follows is an archived or invalid copy.
STATUS_NOTICE = re.compile(
    r"^[（(【\[]?\s*(?:历史(?:规划|文件|版本|资料)|归档|已归档|本文件已失效|该文件已失效|已失效|已废止|已作废)"
    r"[^。]{0,20}$"
)


def page_fields(line: str) -> dict[str, str] | None:
    """The ``key: value`` pairs of a page information line, or None if the line is document text."""
    line = line.strip()
    prefix = _DATE_TIME_PREFIX.match(line)
    rest = line[prefix.end():].strip() if prefix else line
    matches = list(_FIELD.finditer(rest))
    if not matches or matches[0].start() != 0:
        return None
    if len(matches) == 1 and len(rest) > 160:
        return None
    fields: dict[str, str] = {"时间": prefix.group(0)} if prefix else {}
    for index, match in enumerate(matches):
        end = matches[index + 1].start() if index + 1 < len(matches) else len(rest)
        fields.setdefault(match.group(1), rest[match.end():end].strip(" \t|｜"))
    return fields


def is_furniture(line: str) -> bool:
    """True for navigation, widget, footer and banner lines that carry none of the document."""
    if _FURNITURE_LINE.search(line):
        return True
    return len(line) < 120 and len(_BREADCRUMB.findall(line)) >= 2 and "》" not in line
