"""Readers for the binary formats offices send (Word, PDF), and the content sniffing that picks one.

A file's type is decided by its bytes, not its name: a PDF renamed to .docx is still a PDF, and is
refused with a message saying so rather than fed to the wrong reader.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from assistant.errors import UnreadableDocumentError
from assistant.settings import Settings

DOCX, PDF, TEXT = "docx", "pdf", "text"
_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_NAMES = {DOCX: "a Word document (.docx)", PDF: "a PDF", TEXT: "text or HTML"}


@dataclass(frozen=True)
class ReadLimits:
    """Bounds on what one input may cost to read (huge files, zip bombs, endless PDFs)."""

    max_document_bytes: int = Settings.model_fields["max_document_bytes"].default
    max_unzipped_bytes: int = Settings.model_fields["max_unzipped_bytes"].default
    max_zip_ratio: float = Settings.model_fields["max_zip_ratio"].default
    max_pdf_pages: int = Settings.model_fields["max_pdf_pages"].default

    @classmethod
    def from_settings(cls, settings: Settings) -> ReadLimits:
        return cls(settings.max_document_bytes, settings.max_unzipped_bytes, settings.max_zip_ratio, settings.max_pdf_pages)


def sniff_kind(raw: bytes, name: str) -> str:
    """DOCX, PDF or TEXT from the leading bytes; other binary formats get an error naming them."""
    # The PDF standard lets readers accept a header within the first 1024 bytes.
    if _PDF_MAGIC in raw[:1024]:
        return PDF
    if raw.startswith(_ZIP_MAGIC):
        return DOCX if _zip_has(raw, "word/document.xml") else _refuse(name, "a ZIP archive, not a Word document (.docx)")
    if raw.startswith(_OLE_MAGIC):
        _refuse(name, "an old Word/Excel binary file (.doc/.xls); save it as .docx and add that")
    if raw.startswith(_IMAGE_MAGIC):
        _refuse(name, "an image, not a text document (扫描件需要先 OCR)")
    if raw.lstrip()[:5].lower() == b"{\\rtf":
        _refuse(name, "an RTF file; save it as .docx and add that")
    return TEXT


def expected_kind(suffix: str) -> str:
    return {".docx": DOCX, ".pdf": PDF}.get(suffix, TEXT)


def check_kind(name: str, suffix: str, kind: str) -> None:
    """Refuse a file whose content is not what its name says."""
    expected = expected_kind(suffix)
    if kind != expected:
        _refuse(name, f"named {suffix} but its content is {_NAMES[kind]}; rename it to match what it is")


def _zip_has(raw: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _refuse(name: str, reason: str) -> str:
    raise UnreadableDocumentError(name, reason)
