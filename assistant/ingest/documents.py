"""A normalized page → one or more documents, each with its header, body, sign-off and metadata.

A page can hold two documents: a cover letter (函) and the draft it attaches. The attachment is found
where a later title repeats the one the letter's 附件 line names; each part then gets its own
metadata, and the two point at each other (attachments / part_of).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.ingest import metadata as md
from assistant.ingest.clauses import parse_clauses
from assistant.ingest.normalize import NormalizedText
from assistant.ingest.numbering import starts_with_marker
from assistant.models import DocumentMeta, ParsedDocument
from assistant.text.dates import parse_date
from assistant.text.places import place_of

_ATTACHMENT_LINE = re.compile(r"^附件\s*\d*\s*[:：]\s*(?:\d+[.、．]\s*)?《?(.+?)》?\s*$")
_MASTHEAD = re.compile(r"^.{2,30}文件$")
_DATE_LINE = re.compile(r"^[（(]?\s*(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*[）)]?\s*(印发|发布|公布)?$")
_DRAFT_LINE = re.compile(r"^[（(](?:征求意见稿|送审稿|讨论稿|草案|试行|暂行)[）)]$")
_ADDRESSEE = re.compile(r"^各.{1,80}[：:]$|^.{2,60}(?:成员单位|有关部门|人民政府|各单位)[：:]$")
_DISTRIBUTION = re.compile(r"^[（(]此件.{0,20}[）)]$|^抄送[:：]|^(?:主题词|关键词)[:：]|印发$")
_TITLE_MAX = 100


@dataclass
class _Part:
    header: list[str]
    body: list[str]
    footer: list[str]


def split_page(doc_id: str, source_file: str, page: NormalizedText) -> list[ParsedDocument]:
    """Documents on one normalized page, main document first."""
    chunks = _split_attachments(page.paragraphs)
    documents: list[ParsedDocument] = []
    for index, paragraphs in enumerate(chunks):
        part_id = doc_id if index == 0 else f"{doc_id}-att{index}"
        part = _sections(paragraphs)
        meta = _metadata(part_id, source_file, part, page, is_main=index == 0)
        documents.append(ParsedDocument(meta=meta, clauses=tuple(parse_clauses(part_id, part.body, part.footer))))
    if len(documents) > 1:
        main = documents[0]
        attachment_ids = tuple(d.meta.doc_id for d in documents[1:])
        documents[0] = ParsedDocument(meta=replace(main.meta, attachments=attachment_ids), clauses=main.clauses)
        documents[1:] = [
            ParsedDocument(meta=replace(d.meta, kind="attachment", part_of=main.meta.doc_id), clauses=d.clauses)
            for d in documents[1:]
        ]
    return documents


def _compact(text: str) -> str:
    return re.sub(r"[\s《》“”\"（）()]", "", text)


def _split_attachments(paragraphs: list[str]) -> list[list[str]]:
    """Cut the page where an attachment named by a 附件 line starts with its own title."""
    for index, paragraph in enumerate(paragraphs):
        named = _ATTACHMENT_LINE.match(paragraph)
        if not named:
            continue
        wanted = _compact(named.group(1))
        for later in range(index + 1, len(paragraphs)):
            candidate = _compact(paragraphs[later])
            if len(candidate) >= 10 and wanted.startswith(candidate) and len(candidate) >= 0.6 * len(wanted):
                return [paragraphs[:later], *_split_attachments(paragraphs[later:])]
    return [paragraphs]


def _sections(paragraphs: list[str]) -> _Part:
    """Separate the header (masthead, 文号, title, date, addressees), the body and the sign-off block."""
    start, titled = 0, False
    while start < len(paragraphs):
        line = paragraphs[start]
        if starts_with_marker(line):
            break
        if _is_header_field(line) or _ADDRESSEE.match(line):
            start += 1
        elif not titled and len(line) <= _TITLE_MAX and not line.endswith("。"):
            titled = True
            start += 1
        else:
            break
    end = len(paragraphs)
    while end > start and _is_footer_line(paragraphs[end - 1]):
        end -= 1
    return _Part(header=paragraphs[:start], body=paragraphs[start:end], footer=paragraphs[end:])


def _is_header_field(line: str) -> bool:
    return bool(_MASTHEAD.match(line) or md.is_doc_number_line(line) or _DATE_LINE.match(line) or _DRAFT_LINE.match(line))


def _is_footer_line(line: str) -> bool:
    return bool(_DATE_LINE.match(line) or _DISTRIBUTION.search(line) or md.is_org_line(line))


def _title(header: list[str]) -> str | None:
    for position, line in enumerate(header):
        if _is_header_field(line) or _ADDRESSEE.match(line):
            continue
        following = header[position + 1] if position + 1 < len(header) else ""
        return line + following if _DRAFT_LINE.match(following) else line
    return None


def _signature(footer: list[str]) -> tuple[str | None, str | None]:
    """Signing body and date of a sign-off block; a printing office (…印发) is not the issuer."""
    issuer = date = None
    for position, line in enumerate(footer):
        following = footer[position + 1] if position + 1 < len(footer) else ""
        if md.is_org_line(line) and not following.endswith("印发"):
            issuer = line
        elif _DATE_LINE.match(line) and not line.endswith("印发") and date is None:
            date = parse_date(line)
    return issuer, date


def _metadata(doc_id: str, source_file: str, part: _Part, page: NormalizedText, is_main: bool) -> DocumentMeta:
    fields = page.fields if is_main else {}
    title = _title(part.header) or fields.get("名称") or (part.body[0][:_TITLE_MAX] if part.body else doc_id)
    doc_number = next((line for line in part.header if md.is_doc_number_line(line)), None) or fields.get("文号") or None
    signed_by, signed_on = _signature(part.footer)
    issuer = md.issuer_from_title(title) or signed_by or md.issuer_from_fields(fields)
    header_date = next((parse_date(line) for line in part.header if _DATE_LINE.match(line)), None)
    published = parse_date(fields.get("发布日期", "") or fields.get("发布时间", ""))
    if published is None and fields.get("来源") and fields.get("时间"):
        published = parse_date(fields["时间"])
    date = header_date or signed_on or parse_date(fields.get("成文日期", "")) or published
    status, evidence = md.status_from_signals(title, part.header, fields, page.notices)
    if not is_main and page.fields.get("有效性"):
        evidence = f"{evidence}；所在页面标注有效性：{page.fields['有效性']}" if evidence else None
    region, level = place_of(issuer, title)
    notes: list[str] = []
    if page.converted_from_traditional:
        notes.append("原文为繁体字，已转换为简体")
    if page.romanization_removed:
        notes.append(f"已删除网页转换器插入的拼音注音 {page.romanization_removed} 处")
    if page.corrupted_spans:
        notes.append(f"原网页有 {page.corrupted_spans} 处乱码，无法恢复，原样保留")
    return DocumentMeta(
        doc_id=doc_id, title=title, source_file=source_file, doc_number=doc_number, issuer=issuer, date=date,
        published=published, status=status, status_evidence=evidence, level=level, region=region,
        notes=tuple(notes),
    )
