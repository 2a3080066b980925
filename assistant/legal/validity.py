"""Validity in time: dates of adoption, promulgation, effect and amendment read from the 题注 lines,
and the national body that adopted or promulgated the text when a line names one.

"2002年6月29日 第九届…通过 … 2021年6月10日…第三次修正", "2019年4月1日 施行", "自发布之日施行".
Whether a document is in force on a date follows from those dates, its status and what supersedes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from assistant.models import DocumentMeta
from assistant.text.dates import parse_date

_AMENDED = re.compile(r"修正|修订|修改")
_DATE_LINE = re.compile(r"^\s*(?:19|20)\d{2}\s*年")
# The bodies whose acts bind the whole country (立法法): a 题注 naming one says the text is national law —
# the 全国人大 and its 常委会, the 国务院, the two highest courts, and a ministry by its order (应急管理部令).
_NATIONAL_BODY = re.compile(r"全国人民代表大会(?:常务委员会)?|国务院|最高人民法院|最高人民检察院")
_MINISTRY_ORDER = re.compile(r"(?:^|日|\s)\s*(?:中华人民共和国)?([\u4e00-\u9fff]{2,14}?(?:部|总局|署))令")


@dataclass(frozen=True)
class Timeline:
    """The dates a document's 题注 states; None or empty when it does not state them."""

    adopted: str | None = None
    published: str | None = None
    effective: str | None = None
    amendments: tuple[str, ...] = ()
    enacted_by: str | None = None  # 全国人民代表大会常务委员会, 国务院 … when an adoption or promulgation line names it


def read_timeline(preamble: str) -> Timeline:
    """Dates from 题注 lines, each line a date followed by what happened on it."""
    adopted = published = effective = enacted_by = None
    amendments: list[str] = []
    for line in preamble.splitlines():
        if not _DATE_LINE.match(line):
            continue
        date = parse_date(line)
        if date is None:
            continue
        if _AMENDED.search(line):
            amendments.append(date)
        elif "通过" in line or "批准" in line:
            adopted = adopted or date
        if "公布" in line or "发布" in line:
            published = published or date
        if "施行" in line:
            effective = published if "自发布之日" in line or "自公布之日" in line else date
        if enacted_by is None and re.search(r"通过|批准|公布|发布", line):
            body = _NATIONAL_BODY.search(line) or _MINISTRY_ORDER.search(line)
            enacted_by = body.group(body.lastindex or 0) if body else None
    return Timeline(adopted=adopted, published=published, effective=effective, amendments=tuple(amendments),
                    enacted_by=enacted_by)


def version_date(meta: DocumentMeta) -> str | None:
    """The date of this version of a text: its date, else its last amendment, adoption or commencement."""
    return meta.date or max(meta.amendments, default=None) or meta.published or meta.effective


def in_force_from(meta: DocumentMeta) -> str | None:
    """The first day this text applies: its effective date, else the date of its last version."""
    return meta.effective or meta.date or meta.published


def next_status_change(documents: Iterable[DocumentMeta], today: str) -> str | None:
    """The first day after ``today`` on which a status read today changes (a text takes effect, a repeal
    begins). The index records it and is rebuilt from that day, so "not yet in force" never outlives its date."""
    days = [day for meta in documents for day in (in_force_from(meta), meta.repealed) if day and day > today]
    return min(days, default=None)


def in_force_on(meta: DocumentMeta, day: str, superseded_from: str | None = None) -> bool | None:
    """True/False when the data tell whether this text was in force on ``day``; None when they do not.

    ``superseded_from`` is the day the superseding text took effect, when one does.
    """
    if meta.status == "draft":
        return False
    if meta.repealed and meta.repealed <= day:
        return False
    if superseded_from and superseded_from <= day:
        return False
    start = in_force_from(meta)
    if start is None:
        return None
    if day < start:
        return False
    if meta.status in ("expired", "repealed") and not meta.repealed and superseded_from is None:
        return None  # no longer in force, but since when is not known
    return True


def check_day(value: str) -> str:
    """A YYYY-MM-DD date, validated; raises ValueError naming the problem."""
    try:
        return dt.date.fromisoformat(value).isoformat()
    except ValueError as error:
        raise ValueError(f"not a date in the form YYYY-MM-DD: {value!r}") from error


def validity_warnings(cited: list[tuple[int, str]], documents: dict[str, DocumentMeta], as_of: str | None) -> list[str]:
    """Warnings for cited texts superseded, or not yet in effect on ``as_of`` (default: today).

    ``cited`` is (rank, doc_id) of each citation; one warning per document, naming its citations.
    """
    day = as_of or dt.date.today().isoformat()
    ranks: dict[str, list[int]] = {}
    for rank, doc_id in cited:
        ranks.setdefault(doc_id, []).append(rank)
    warnings = []
    for doc_id, doc_ranks in ranks.items():
        meta = documents[doc_id]
        markers = "".join(f"[{rank}]" for rank in doc_ranks)
        start = in_force_from(meta)
        newer = documents.get(meta.superseded_by or "")
        if newer is not None:
            warnings.append(f"引用{markers}《{meta.title}》已被语料中更新的版本《{newer.title}》"
                            f"（{in_force_from(newer)} 起施行）取代。")
        if meta.status != "draft" and start and day < start:
            version = f"（{meta.amendments[-1]} 修正/修订后的文本）" if meta.amendments else ""
            when = f"在 {day}" if as_of else "目前"
            warnings.append(f"引用{markers}《{meta.title}》{version}自 {start} 起施行，{when}尚未施行。")
    return warnings
