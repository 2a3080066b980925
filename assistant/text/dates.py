"""Dates as Chinese texts write them (2018年12月6日, 2018-12-06), read to ISO form."""

from __future__ import annotations

import re

DATE_CN = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_ISO = re.compile(r"((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")


def parse_date(text: str) -> str | None:
    """First date in ``text`` as YYYY-MM-DD (2018年12月6日, 2018-12-06, 2017年03月10日)."""
    for pattern in (DATE_CN, DATE_ISO):
        found = pattern.search(text)
        if found:
            year, month, day = (int(part) for part in found.groups())
            if 1 <= month <= 12 and 1 <= day <= 31:
                return f"{year:04d}-{month:02d}-{day:02d}"
    return None
