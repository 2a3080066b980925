"""Encodings and HTML are detected, and each yields the same clauses as the UTF-8 text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.ingest.corpus import load_corpus, load_file
from assistant.ingest.decode import decode_bytes, read_document_text
from assistant.ingest.normalize import strip_romanization, to_simplified

from .conftest import CORPUS
from .fixture_files import encodable

LAW = CORPUS / "national" / "work-safety-accident-emergency-regulations-2019.txt"
DRAFT_PAGE = CORPUS / "local" / "000_ec815e8a252be08f.txt"


def clauses_of(path: Path) -> list[tuple[str, str]]:
    documents = load_file(path, path.parent, {})
    return [(clause.label, clause.text) for document in documents for clause in document.clauses]


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_chinese_encodings_give_the_same_clauses(tmp_path: Path, encoding: str) -> None:
    text = LAW.read_text(encoding="utf-8")
    copy = tmp_path / LAW.name
    copy.write_bytes(text.encode(encoding))
    assert clauses_of(copy) == clauses_of(LAW)


def test_big5_traditional_text_is_detected_and_converted(tmp_path: Path) -> None:
    raw = (CORPUS / "local" / "004_899946c64174f7f2.txt").read_text(encoding="utf-8")
    traditional, _ = strip_romanization(raw)
    lines = [line for line in traditional.splitlines() if encodable(line, "big5")]
    page = "\n".join(lines)
    copy = tmp_path / "notice.txt"
    copy.write_bytes(page.encode("big5"))
    assert read_document_text(copy) == page
    simplified, converted = to_simplified(read_document_text(copy))
    assert converted and "严格高危行业市场准入" in simplified



def test_html_page_gives_the_same_clauses(tmp_path: Path) -> None:
    paragraphs = LAW.read_text(encoding="utf-8").split("\n\n")
    body = "".join(f"<p>{paragraph}</p>\n" for paragraph in paragraphs)
    html = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>生产安全事故应急条例</title>"
        "<style>p{font-size:14px}</style><script>var views = 1024; document.write('浏览次数');</script></head>"
        f"<body><form><select><option>字体</option></select></form><div class='content'>{body}</div>"
        "<script>trackPage()</script></body></html>"
    )
    copy = tmp_path / "regulation.html"
    copy.write_text(html, encoding="utf-8")
    assert clauses_of(copy) == clauses_of(LAW)


def test_unreadable_file_is_named_and_skipped(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(LAW, corpus / LAW.name)
    (corpus / "broken.txt").write_bytes(b"\x00\xff\x10" * 200)
    (corpus / "empty.md").write_bytes(b"   \n")
    (corpus / "scan.pdf").write_bytes(b"%PDF-1.4 truncated upload")
    (corpus / "slides.pptx").write_bytes(b"PK\x03\x04")
    loaded = load_corpus(corpus)
    assert [document.meta.doc_id for document in loaded.documents] == [LAW.stem]
    reasons = {failure.name: failure.reason for failure in loaded.failures}
    assert set(reasons) == {"broken.txt", "empty.md", "scan.pdf", "slides.pptx"}
    assert "empty" in reasons["empty.md"] and "unsupported" in reasons["slides.pptx"]
    assert "not a readable PDF" in reasons["scan.pdf"]


def test_gbk_bytes_are_not_mistaken_for_utf8() -> None:
    text = "生产经营单位的主要负责人是本单位安全生产第一责任人。"
    assert decode_bytes(text.encode("gbk")) == text
