"""Bytes → text: pick the reader by content (Word, PDF, text), detect the encoding (never assume it),
and turn HTML into plain lines."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.errors import UnreadableDocumentError
from assistant.ingest.formats import DOCX, PDF, ReadLimits, check_kind, sniff_kind
from assistant.ingest.formats.glyphs import fold_radicals

TEXT_SUFFIXES = {".txt", ".md"}
HTML_SUFFIXES = {".html", ".htm"}
BINARY_SUFFIXES = {".docx", ".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | BINARY_SUFFIXES

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Encodings Chinese offices actually produce, in the order we trust them.
_CANDIDATES = ("utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be")
_BLOCK_TAGS = (
    "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "section", "article", "table", "ul", "ol", "pre", "blockquote", "title",
)


def decode_bytes(raw: bytes, name: str = "<bytes>") -> str:
    """Return the text of ``raw``; raise UnreadableDocumentError naming ``name`` if it is not text."""
    if not raw.strip():
        raise UnreadableDocumentError(name, "the file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError as error:
                raise UnreadableDocumentError(
                    name, f"marked as {encoding.upper()} by its BOM but damaged at byte {error.start}: {error.reason}"
                ) from error
    # UTF-16 of ASCII-heavy text is valid UTF-8 (full of NULs), so that case is tried first.
    nul_heavy = _looks_like_utf16(raw)
    utf16 = _plausible_utf16(raw) if nul_heavy else None
    if utf16 is not None:
        return utf16
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    utf16 = None if nul_heavy else _plausible_utf16(raw)
    if utf16 is not None:
        return utf16
    if b"\x00" in raw:
        raise UnreadableDocumentError(name, "binary content (NUL bytes), not a text document")
    best = from_bytes(raw, cp_isolation=list(_CANDIDATES)).best()
    if best is None or best.encoding is None:
        raise UnreadableDocumentError(name, "the encoding could not be detected (tried UTF-8, GB18030, Big5, UTF-16)")
    return str(best)


def _looks_like_utf16(raw: bytes) -> bool:
    """UTF-16 without a BOM: every other byte of ASCII-heavy text is NUL."""
    sample = raw[:4096]
    if len(sample) < 4:
        return False
    even_nuls = sample[0::2].count(0)
    odd_nuls = sample[1::2].count(0)
    half = len(sample) / 2
    return max(even_nuls, odd_nuls) > 0.3 * half and min(even_nuls, odd_nuls) < 0.05 * half


def _plausible_utf16(raw: bytes) -> str | None:
    """UTF-16 without a BOM: accept a byte order only if it reads as Chinese or ASCII text."""
    if len(raw) % 2:
        return None
    for encoding in ("utf_16_le", "utf_16_be"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        plausible = sum(1 for char in text if _is_plausible_char(char))
        if plausible >= 0.95 * len(text):
            return text
    return None


def _is_plausible_char(char: str) -> bool:
    code = ord(char)
    return (char.isspace() or 0x20 <= code < 0x7F or 0x3000 <= code <= 0x303F or 0x4E00 <= code <= 0x9FFF
            or 0xFF00 <= code <= 0xFFEF or 0x2010 <= code <= 0x2027)


def html_to_text(html: str) -> str:
    """Visible text of an HTML page, one block element a line; scripts, styles and forms dropped.

    The <title> is kept only when the body does not already show it: a saved page's title is
    usually the document's title plus the site's name, which would otherwise pose as the title.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "form", "select", "button", "svg"]):
        tag.decompose()
    body_text = re.sub(r"\s", "", (soup.body or soup).get_text())
    for title in soup.find_all("title"):
        main_part = max(re.split(r"\s*[_|｜–—-]\s*", title.get_text()), key=len)
        if re.sub(r"\s", "", main_part) in body_text and title.find_parent("body") is None:
            title.decompose()
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = soup.get_text()
    return "\n".join(line.strip() for line in text.splitlines())


def read_document_text(path: Path, limits: ReadLimits | None = None) -> str:
    """Decoded plain text of a corpus file (.txt, .md, .html, .docx or .pdf), its type checked by content."""
    limits = limits or ReadLimits()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocumentError(
            path.name, f"unsupported file type '{suffix or '(none)'}'; use one of {sorted(SUPPORTED_SUFFIXES)}"
        )
    try:
        size = path.stat().st_size
        if size > limits.max_document_bytes:
            raise UnreadableDocumentError(
                path.name, f"refused: {size:,} bytes, over the limit of {limits.max_document_bytes:,}"
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocumentError(path.name, f"cannot be read: {exc.strerror or exc}") from exc
    return extract_text(raw, path.name, suffix, limits)


def extract_text(raw: bytes, name: str, suffix: str, limits: ReadLimits) -> str:
    """Plain text of a file's bytes; ``suffix`` is what the name claims, checked against the content."""
    if len(raw) > limits.max_document_bytes:
        raise UnreadableDocumentError(name, f"refused: {len(raw):,} bytes, over the limit of {limits.max_document_bytes:,}")
    if not raw.strip():
        raise UnreadableDocumentError(name, "the file is empty")
    kind = sniff_kind(raw, name)
    check_kind(name, suffix, kind)
    if kind == DOCX:
        from assistant.ingest.formats.docx import docx_text

        text = docx_text(raw, name, limits)
    elif kind == PDF:
        from assistant.ingest.formats.pdf import pdf_text

        text = pdf_text(raw, name, limits)
    else:
        text = decode_bytes(raw, name)
        if suffix in HTML_SUFFIXES or _sniff_html(text):
            text = html_to_text(text)
    text = fold_radicals(text)
    if not text.strip():
        raise UnreadableDocumentError(name, "no text after decoding")
    return text


def _sniff_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith("<!doctype html") or head.startswith("<html")
