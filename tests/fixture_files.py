"""Builders that write a corpus text as the formats offices send: DOCX, PDF, HTML. No binaries are committed."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path


def paragraphs_of(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def write_docx(text: str, path: Path, header: str = "", footer: str = "") -> Path:
    """One Word paragraph per line of ``text``; an optional running header and footer (to be dropped)."""
    import docx

    document = docx.Document()
    section = document.sections[0]
    if header:
        section.header.paragraphs[0].text = header
    if footer:
        section.footer.paragraphs[0].text = footer
    for paragraph in paragraphs_of(text):
        document.add_paragraph(paragraph)
    document.save(str(path))
    return path


def write_pdf(text: str, path: Path, header: str = "", font_size: float = 12.0, indent: bool = True) -> Path:
    """A real PDF with a text layer (reportlab's built-in STSong-Light CID font), wrapped as a typesetter
    would: first lines indented two characters, a running header and a page number on every page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    font = "STSong-Light"
    pdfmetrics.registerFont(UnicodeCIDFont(font))
    page_width, page_height = A4
    left, right, top, bottom = 72, page_width - 72, page_height - 80, 72
    pdf = canvas.Canvas(str(path), pagesize=A4)
    page = 1

    def furniture() -> None:
        pdf.setFont(font, 9)
        if header:
            pdf.drawString(left, page_height - 45, header)
        pdf.drawCentredString(page_width / 2, 40, f"— {page} —")
        pdf.setFont(font, font_size)

    furniture()
    y = top
    for paragraph in paragraphs_of(text):
        for x, line in _wrap(paragraph, font, font_size, left, right, indent):
            if y < bottom:
                pdf.showPage()
                page += 1
                y = top
                furniture()
            pdf.drawString(x, y, line)
            y -= font_size * 1.6
    pdf.save()
    return path


def _wrap(paragraph: str, font: str, size: float, left: float, right: float, indent: bool) -> list[tuple[float, str]]:
    from reportlab.pdfbase import pdfmetrics

    lines: list[tuple[float, str]] = []
    x = left + (2 * size if indent else 0)
    line = ""
    for char in paragraph:
        if line and x + pdfmetrics.stringWidth(line + char, font, size) > right:
            lines.append((x, line))
            x, line = left, ""
        line += char
    lines.append((x, line))
    return lines


def write_image_pdf(path: Path) -> Path:
    """A 'scanned' PDF: one page holding only a picture, no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 300), 255)
    draw = ImageDraw.Draw(image)
    for row in range(20, 280, 20):
        draw.line((20, row, 380, row), fill=0, width=3)
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.drawImage(ImageReader(image), 72, 400, width=400, height=300)
    pdf.save()
    return path


def write_html(text: str, path: Path, title: str) -> Path:
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs_of(text))
    path.write_text(
        "<!DOCTYPE html><html><head><meta charset='utf-8'>"
        f"<title>{title}</title><style>p {{ text-indent: 2em }} .x::before {{ content: '第九十九条' }}</style>"
        "<script>var hits = 1024; document.write('第一条 浏览次数');</script></head>"
        f"<body><div class='content'>{body}</div><script>track('第二条')</script></body></html>",
        encoding="utf-8",
    )
    return path


def zip_bomb_docx(base: Path, path: Path, inflated_bytes: int) -> Path:
    """A valid .docx with one extra member of ``inflated_bytes`` zeros (compresses ~1000×)."""
    buffer = io.BytesIO(base.read_bytes())
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/padding.bin", b"\0" * inflated_bytes)
    path.write_bytes(buffer.getvalue())
    return path


def encodable(line: str, encoding: str) -> bool:
    """Whether a line survives a legacy encoding (Big5 lacks some Simplified-only characters)."""
    try:
        line.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True
