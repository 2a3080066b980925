"""How a document's status is worded, everywhere: badges, tables, answers and warnings.

One row per status of ``models.Status``; change a wording here and every surface follows.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusWording:
    """The words for one status."""

    label: str  # a badge or a table cell
    statement: str  # what an answer says about a document in this state
    tone: str  # the badge's colour class in the web app: ok, warn, bad, muted
    warns: bool  # citing such a document needs a warning


STATUSES: dict[str, StatusWording] = {
    "in_force": StatusWording("现行有效", "现行有效", "ok", warns=False),
    "draft": StatusWording("征求意见稿", "征求意见稿（草案），并非正式生效文本", "warn", warns=True),
    "expired": StatusWording("已失效", "已失效", "bad", warns=True),
    "repealed": StatusWording("已废止", "已废止", "bad", warns=True),
    "superseded": StatusWording("已被新版本取代", "已被新版本取代（修订或修正前的旧文本）", "bad", warns=True),
    "not_yet_in_force": StatusWording("尚未施行", "尚未施行", "warn", warns=True),
    "unknown": StatusWording("效力未标注", "文本未载明是否有效", "muted", warns=False),
}


NO_LONGER_IN_FORCE = ("superseded", "repealed")
NOT_IN_FORCE = (*NO_LONGER_IN_FORCE, "not_yet_in_force")  # what a default answer or checklist leaves out


def wording(status: str) -> StatusWording:
    """The row of ``status``; an unknown value reads as "unknown"."""
    return STATUSES.get(status, STATUSES["unknown"])


def status_warning(status: str) -> str | None:
    """What a warning says of a cited draft or no longer valid document; None when citing it needs none."""
    row = wording(status)
    return row.statement if row.warns else None
