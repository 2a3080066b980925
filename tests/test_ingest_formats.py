"""Word, PDF, HTML and legacy encodings each yield the same clauses as the plain text; bad files are refused clearly."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.errors import UnreadableDocumentError
from assistant.ingest.corpus import load_file
from assistant.ingest.decode import read_document_text
from assistant.ingest.formats import ReadLimits
from assistant.ingest.formats.glyphs import fold_radicals
from assistant.library.adding import validate
from assistant.settings import Settings

from .conftest import CORPUS
from .fixture_files import encodable, write_docx, write_html, write_image_pdf, write_pdf, zip_bomb_docx

LOCAL = CORPUS / "local" / "001_c899ad86d4088b06.txt"  # 沅江 policy document: 一、 1. numbering, page furniture
NATIONAL = CORPUS / "national" / "work-safety-law-2021.txt"  # 安全生产法: 章/条 with 款 and 项
SOURCES = [LOCAL, NATIONAL]


def clauses_of(path: Path) -> list[tuple[str, str]]:
    return [(clause.label, clause.text) for document in load_file(path, path.parent, {}) for clause in document.clauses]


def without_space(clauses: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(label, re.sub(r"\s", "", text)) for label, text in clauses]


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.parent.name)
def test_docx_gives_the_same_clauses(tmp_path: Path, source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    docx_path = write_docx(text, tmp_path / f"{source.stem}.docx", header="沅江市人民政府办公室", footer="第 1 页 共 9 页")
    assert clauses_of(docx_path) == clauses_of(source)
    assert "沅江市人民政府办公室" not in read_document_text(docx_path)


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.parent.name)
def test_pdf_gives_the_same_clauses(tmp_path: Path, source: Path) -> None:
    text = source.read_text(encoding="utf-8")
    pdf_path = write_pdf(text, tmp_path / f"{source.stem}.pdf", header="安全生产法规汇编")
    extracted = read_document_text(pdf_path)
    assert "安全生产法规汇编" not in extracted and "— 2 —" not in extracted  # running header, page numbers
    assert clauses_of(pdf_path) == clauses_of(source)


def test_pdf_set_in_official_size_without_indents_differs_in_whitespace_only_for_policy_text(tmp_path: Path) -> None:
    """16 pt (公文 size, ~28 characters a line), no first-line indent: paragraph ends are guessed."""
    pdf_path = write_pdf(LOCAL.read_text(encoding="utf-8"), tmp_path / "notice.pdf", font_size=16, indent=False)
    assert without_space(clauses_of(pdf_path)) == without_space(clauses_of(LOCAL))


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.parent.name)
def test_html_page_gives_the_same_clauses_without_scripts_or_styles(tmp_path: Path, source: Path) -> None:
    html_path = write_html(source.read_text(encoding="utf-8"), tmp_path / f"{source.stem}.html", title="安全生产")
    extracted = read_document_text(html_path)
    assert "浏览次数" not in extracted and "track(" not in extracted and "text-indent" not in extracted
    assert clauses_of(html_path) == clauses_of(source)


@pytest.mark.parametrize("encoding", ["gbk", "utf-16"])
@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.parent.name)
def test_legacy_encodings_give_the_same_clauses(tmp_path: Path, source: Path, encoding: str) -> None:
    copy = tmp_path / source.name
    copy.write_bytes(source.read_text(encoding="utf-8").encode(encoding))
    assert clauses_of(copy) == clauses_of(source)


@pytest.mark.parametrize("source", SOURCES, ids=lambda path: path.parent.name)
def test_big5_gives_the_same_clauses_as_the_same_text_in_utf8(tmp_path: Path, source: Path) -> None:
    import opencc

    traditional = opencc.OpenCC("s2tw").convert(source.read_text(encoding="utf-8"))
    lines = [line for line in traditional.splitlines() if encodable(line, "big5")]
    assert len(lines) > 0.9 * len(traditional.splitlines())
    utf8, big5 = tmp_path / "utf8" / source.name, tmp_path / "big5" / source.name
    for path, encoding in ((utf8, "utf-8"), (big5, "big5")):
        path.parent.mkdir()
        path.write_bytes("\n".join(lines).encode(encoding))
    assert clauses_of(big5) == clauses_of(utf8)
    assert len(clauses_of(big5)) >= 0.9 * len(clauses_of(source))



def test_docx_tables_are_read_in_order_and_merged_cells_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("一、责任分工")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "（一）矿山安全由应急管理局负责。"
    table.cell(1, 0).text = "（二）特种设备由市场监管局负责。"
    table.cell(1, 1).text = "（三）消防由消防救援大队负责。"
    document.add_paragraph("二、工作要求")
    path = tmp_path / "division.docx"
    document.save(str(path))
    assert read_document_text(path).splitlines() == [
        "一、责任分工", "（一）矿山安全由应急管理局负责。", "（二）特种设备由市场监管局负责。",
        "（三）消防由消防救援大队负责。", "二、工作要求",
    ]


def test_pdf_without_text_layer_is_refused_as_a_scan(tmp_path: Path) -> None:
    scan = write_image_pdf(tmp_path / "扫描件.pdf")
    with pytest.raises(UnreadableDocumentError, match="扫描件，没有文字层，需要先 OCR") as raised:
        validate(scan)
    assert raised.value.name == "扫描件.pdf"


def test_type_is_checked_by_content_not_by_name(tmp_path: Path) -> None:
    pdf_bytes = write_pdf("第一条 为了加强安全生产工作，制定本办法。", tmp_path / "real.pdf").read_bytes()
    renamed = tmp_path / "办法.docx"
    renamed.write_bytes(pdf_bytes)
    with pytest.raises(UnreadableDocumentError, match=r"办法\.docx: named \.docx but its content is a PDF"):
        validate(renamed)
    docx_as_text = tmp_path / "notice.txt"
    docx_as_text.write_bytes(write_docx("第一条 内容。", tmp_path / "x.docx").read_bytes())
    with pytest.raises(UnreadableDocumentError, match=r"named \.txt but its content is a Word document"):
        validate(docx_as_text)
    zip_as_docx = tmp_path / "archive.docx"
    zip_as_docx.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(UnreadableDocumentError, match="not a Word document"):
        validate(zip_as_docx)


def test_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    base = write_docx(LOCAL.read_text(encoding="utf-8"), tmp_path / "base.docx")
    bomb = zip_bomb_docx(base, tmp_path / "bomb.docx", inflated_bytes=20 * 2**20)
    assert bomb.stat().st_size < 200_000
    with pytest.raises(UnreadableDocumentError, match="zip bomb"):
        validate(bomb)  # default limits: the padding inflates ~1000×
    limits = ReadLimits.from_settings(Settings(max_unzipped_bytes=2**20, max_zip_ratio=10_000))
    with pytest.raises(UnreadableDocumentError, match=r"unpacks to .* over the limit of 1,048,576"):
        validate(bomb, limits)


def test_huge_input_is_refused_by_size(tmp_path: Path) -> None:
    limits = ReadLimits.from_settings(Settings(max_document_bytes=10_000))
    with pytest.raises(UnreadableDocumentError, match="over the limit of 10,000"):
        read_document_text(LOCAL, limits)


def test_radical_code_points_from_pdf_fonts_are_folded() -> None:
    assert fold_radicals("⽣产经营单位的主要负责⼈对本单位的安全⽣产⼯作全⾯负责，⼈⺠政府") == (
        "生产经营单位的主要负责人对本单位的安全生产工作全面负责，人民政府"
    )
    assert fold_radicals("workﬂows ﬁle") == "workflows file"


def test_password_protected_pdf_is_named_as_such(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    locked = tmp_path / "locked.pdf"
    pdf = canvas.Canvas(str(locked), encrypt="secret")
    pdf.drawString(72, 700, "Article 1")
    pdf.save()
    with pytest.raises(UnreadableDocumentError, match="locked.pdf: the PDF is password-protected"):
        validate(locked)
