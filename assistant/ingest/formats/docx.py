"""Word (.docx) → plain lines: body paragraphs and table cells in reading order; headers and footers dropped."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

from assistant.errors import UnreadableDocumentError
from assistant.ingest.formats import ReadLimits


def docx_text(raw: bytes, name: str, limits: ReadLimits) -> str:
    """The document body as text, one paragraph (or table cell paragraph) a line."""
    check_archive(raw, name, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(raw))
    except Exception as error:  # python-docx/lxml raise many types for a damaged package
        raise UnreadableDocumentError(name, f"not a readable Word document ({type(error).__name__}: {error})") from error
    return "\n".join(_lines(document))


def check_archive(raw: bytes, name: str, limits: ReadLimits) -> None:
    """Refuse zip bombs before anything is inflated.

    The sizes checked are those the archive declares; zipfile never inflates a member past its
    declared size (it stops there and checks the CRC), so a lying header cannot get around this.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableDocumentError(name, f"a damaged Word document (bad ZIP structure: {error})") from error
    total = sum(member.file_size for member in members)
    if total > limits.max_unzipped_bytes:
        raise UnreadableDocumentError(
            name, f"refused: unpacks to {total:,} bytes, over the limit of {limits.max_unzipped_bytes:,} (zip bomb?)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > 1_000_000 and ratio > limits.max_zip_ratio:
            raise UnreadableDocumentError(
                name, f"refused: {member.filename} inflates {ratio:,.0f}× (limit {limits.max_zip_ratio:g}×, zip bomb?)"
            )


def _lines(document: Any) -> Iterator[str]:
    for block in document.iter_inner_content():
        yield from _block_lines(block)


def _block_lines(block: Any) -> Iterator[str]:
    from docx.table import Table

    if not isinstance(block, Table):
        yield block.text
        return
    seen: set[int] = set()
    for row in block.rows:
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            for inner in cell.iter_inner_content():
                yield from _block_lines(inner)
