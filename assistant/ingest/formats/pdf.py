"""PDF with a text layer → plain lines, with running headers, footers and page numbers dropped.

pdfminer.six lays the characters out into text lines with their boxes. It was chosen over pypdf:
both extract the same characters, but pypdf's run positions inside one text operator are
unreliable (Chrome-printed pages came out scrambled), and the positions are what tell a line
broken by the layout from a new paragraph. A line is joined to the next when it reaches the right
edge of the text block and the next line is neither indented nor numbered; other soft breaks are
left to the normalizer, as for any text. A PDF without text (a scan) is refused: it needs OCR.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.errors import UnreadableDocumentError
from assistant.ingest.formats import ReadLimits
from assistant.ingest.numbering import starts_with_marker

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－‒~\s]*\d+[-—–－‒~\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$",
    re.IGNORECASE,
)
_SENTENCE_END = ("。", "；", "：", "！", "？")
_EDGE_LINES = 2  # how many lines at the top and bottom of a page may be running furniture
_NO_TEXT = "扫描件，没有文字层，需要先 OCR（a scanned PDF without a text layer: run OCR first）"


@dataclass
class _Line:
    y: float
    em: float
    runs: list[tuple[float, float, str]] = field(default_factory=list)  # (x start, x end, text)

    @property
    def x0(self) -> float:
        return min(run[0] for run in self.runs)

    @property
    def x1(self) -> float:
        return max(run[1] for run in self.runs)

    def text(self) -> str:
        pieces: list[str] = []
        end: float | None = None
        for start, stop, text in sorted(self.runs):
            if end is not None and start - end > 0.25 * self.em and pieces and not pieces[-1].endswith(" "):
                pieces.append(" ")
            pieces.append(text)
            end = stop if end is None else max(end, stop)
        return "".join(pieces).strip()


def pdf_text(raw: bytes, name: str, limits: ReadLimits) -> str:
    """The text layer of a PDF, one paragraph a line where the layout lets us tell."""
    pages = list(_pages(raw, name, limits))
    if not any(line.text() for lines in pages for line in lines):
        raise UnreadableDocumentError(name, _NO_TEXT)
    furniture = _running_furniture(pages)
    body = [
        line for lines in pages for index, line in enumerate(lines) if not _is_furniture(line, index, len(lines), furniture)
    ]
    return "\n".join(_rejoin(body))


def _pages(raw: bytes, name: str, limits: ReadLimits) -> Iterator[list[_Line]]:
    """Each page's lines, top to bottom; damaged, encrypted or oversized files are refused by name."""
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # damaged-file chatter; failures raise below
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(raw), laparams=LAParams(all_texts=True)), start=1):
            if number > limits.max_pdf_pages:
                raise UnreadableDocumentError(name, f"refused: more than {limits.max_pdf_pages:,} pages")
            yield _page_lines(page)
    except UnreadableDocumentError:
        raise
    except Exception as error:  # pdfminer raises many types (and bare Exceptions) for damaged or encrypted files
        kind = type(error).__name__
        locked = "password" in kind.lower() or "encrypt" in kind.lower()
        reason = "the PDF is password-protected; remove the password and add it again" if locked else (
            f"not a readable PDF ({kind}: {error})"
        )
        raise UnreadableDocumentError(name, reason) from error


def _page_lines(page: Any) -> list[_Line]:
    """Text lines of one laid-out page merged by baseline, top to bottom."""
    lines: list[_Line] = []
    for box in sorted(_text_lines(page), key=lambda box: (-box.y0, box.x0)):
        text = box.get_text().replace("\n", "").replace("\r", "")
        if not text.strip():
            continue
        em = max(box.height, 1.0)
        if not lines or abs(lines[-1].y - box.y0) > 0.4 * max(em, lines[-1].em):
            lines.append(_Line(y=box.y0, em=em))
        lines[-1].runs.append((box.x0, box.x1, text))
    return lines


def _text_lines(container: Any) -> Iterator[Any]:
    from pdfminer.layout import LTContainer, LTTextLine

    for item in container:
        if isinstance(item, LTTextLine):
            yield item
        elif isinstance(item, LTContainer):
            yield from _text_lines(item)


def _key(line: _Line) -> tuple[str, int]:
    return re.sub(r"\d+", "#", re.sub(r"\s", "", line.text())), round(line.y / 2)


def _running_furniture(pages: list[list[_Line]]) -> set[tuple[str, int]]:
    """Lines at the same place, with the same text up to digits, at the edge of most pages."""
    if len(pages) < 2:
        return set()
    counts: Counter[tuple[str, int]] = Counter()
    for lines in pages:
        edges = lines[:_EDGE_LINES] + lines[-_EDGE_LINES:]
        counts.update({_key(line) for line in edges})
    needed = max(2, len(pages) // 2)
    return {key for key, count in counts.items() if count >= needed}


def _is_furniture(line: _Line, index: int, count: int, furniture: set[tuple[str, int]]) -> bool:
    at_edge = index < _EDGE_LINES or index >= count - _EDGE_LINES
    return at_edge and (_key(line) in furniture or bool(_PAGE_NUMBER.match(line.text())))


def _rejoin(lines: list[_Line]) -> list[str]:
    """Join lines the layout broke: full to the right edge, followed by an unindented, unnumbered line.

    Where the document never indents a first line, indentation cannot mark a new paragraph; a
    full line ending a sentence is then taken to end its paragraph too.
    """
    if not lines:
        return []
    left = Counter(round(line.x0) for line in lines).most_common(1)[0][0]
    ends = sorted(line.x1 for line in lines)
    right = ends[int(0.95 * (len(ends) - 1))]
    indents = sum(1 for line in lines if left + 1.5 * line.em <= line.x0 <= left + 2.5 * line.em)
    paragraphs = [lines[0].text()]
    for previous, line in zip(lines, lines[1:]):
        text = line.text()
        full = previous.x1 >= right - 1.5 * previous.em
        indented = line.x0 > left + 0.5 * line.em
        ends_sentence = not indents and paragraphs[-1].endswith(_SENTENCE_END)
        if full and not indented and not ends_sentence and not starts_with_marker(text):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
    return paragraphs
