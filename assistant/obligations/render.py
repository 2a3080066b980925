"""The checklist as a download: Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io

from assistant.errors import InvalidInputError
from assistant.obligations.catalogue import Checklist

_COLUMNS = ("scope", "topic", "requirement", "strength", "condition", "title", "clause_label", "clause_id", "status")


def render(checklist: Checklist, form: str) -> str:
    """The checklist as Markdown, CSV or JSON."""
    if form == "json":
        return checklist.model_dump_json(indent=1)
    if form == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(_COLUMNS)
        for item in checklist.obligations:
            writer.writerow([getattr(item, column) for column in _COLUMNS])
        return buffer.getvalue()
    if form != "md":
        raise InvalidInputError(f"unknown format {form!r}; use md, csv or json")
    profile = checklist.profile
    employees = profile.employees if profile.employees is not None else "未给出"
    lines = [
        "# 企业安全生产义务清单",
        "",
        f"行业：{profile.industry or '未给出'}（识别为：{'、'.join(checklist.industries) or '无'}；"
        f"{'高危' if checklist.high_risk else '非高危'}）　从业人员：{employees}"
        f"　地区：{profile.region or '未给出'}",
        "",
    ]
    for scope, heading in (("national", "国家法律法规"), ("local", "地方文件增加的要求")):
        items = [item for item in checklist.obligations if item.scope == scope]
        if not items:
            continue
        lines += [f"## {heading}", "", "| 方面 | 义务 | 适用条件 | 出处 |", "|---|---|---|---|"]
        for item in items:
            flag = "" if item.status in ("in_force", "unknown") else f"〔{item.status}〕"
            strength = "" if item.strength == "required" else "（鼓励性）"
            lines.append(f"| {item.topic} | {item.requirement}{strength} | {item.condition} | "
                         f"《{item.title}》{item.clause_label}{flag}（{item.clause_id}） |")
        lines.append("")
    lines += [f"> {note}" for note in checklist.notes]
    return "\n".join(lines)
