"""A version of a named text that the library does not hold (2025年新修订的《安全生产法》, 重庆市安全生产条例2023年
修订以后): quoting the version it does hold would answer for a text the asker did not mean. The answer then says
"not found", its warning names the version asked for, and the nearest clauses show the versions held. Versions
are read from each text's own dates (its date, when it took effect, its last 修正/修订), never guessed.
"""

from __future__ import annotations

import re

from assistant.legal.names import DocumentNameIndex
from assistant.models import DocumentMeta

_ASKED_VERSION = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:新)?(?:修订|修正|修改|版)")


def held_version_years(meta: DocumentMeta) -> set[str]:
    """The years that name the version a text is: its own date, when it took effect, its last amendment."""
    dates = [meta.date, meta.effective, meta.amendments[-1] if meta.amendments else None]
    return {date[:4] for date in dates if date}


def unheld_versions(question: str, documents: dict[str, DocumentMeta], names: DocumentNameIndex) -> list[str]:
    """The versions the question asks about of the texts it names that no text of the library is, as
    《title》YYYY年版; empty when it asks no version or the library holds every one asked."""
    asked = [match.group(1) for match in _ASKED_VERSION.finditer(question)]
    named = {documents[doc_id].title for doc_id in names.doc_ids(question) if doc_id in documents}
    if not asked or not named:
        return []
    held = {title: set().union(*(held_version_years(meta) for meta in documents.values() if meta.title == title))
            for title in sorted(named)}
    # a year is unheld only when no named text is of it (2021年修订的安全生产法和工伤保险条例: 2021 is 安全生产法's)
    return [f"《{'》《'.join(held)}》{year}年版" for year in dict.fromkeys(asked)
            if not any(year in years for years in held.values())]
