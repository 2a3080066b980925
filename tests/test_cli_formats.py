"""`assistant add` takes a Word file and a PDF end to end: the next question is answered from them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from assistant.settings import Settings

from .fixture_files import write_docx, write_image_pdf, write_pdf

ROOT = Path(__file__).resolve().parents[1]

# Two new local rules, not in the corpus, each with a duty no bundled document states.
DOCX_RULES = """青山县有限空间作业安全管理办法
第一条 为了加强有限空间作业安全管理，制定本办法。
第二条 有限空间作业前，作业单位应当对作业环境进行氧含量检测，检测结果记入作业台账并保存二年。
第三条 有限空间作业应当安排监护人员全程在作业点外监护，监护人员不得离开作业现场。
"""
PDF_RULES = """白河市液化石油气瓶充装站安全检查规定
一、检查范围
本规定适用于白河市行政区域内的液化石油气瓶充装站。
二、检查频次
（一）市燃气管理部门每季度对液化石油气瓶充装站开展一次全面安全检查。
（二）充装站每日开班前应当检查充装秤和静电接地装置，记录由站长签字确认。
"""


def run(*args: str, settings: Settings) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(settings.corpus_dir), ASSISTANT_INDEX_DIR=str(settings.index_dir))
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=900)


def cited_documents(question: str, settings: Settings) -> list[str]:
    result = run("ask", question, "--json", "--k", "3", settings=settings)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["found"], answer
    return [citation["doc_id"] for citation in answer["citations"]]


def test_add_docx_and_pdf_then_ask_cites_them(tmp_path: Path, corpus_copy: Settings) -> None:
    docx_path = write_docx(DOCX_RULES, tmp_path / "青山县有限空间作业安全管理办法.docx", header="青山县人民政府")
    pdf_path = write_pdf(PDF_RULES, tmp_path / "白河市充装站检查规定.pdf", header="白河市燃气管理处")
    scan = write_image_pdf(tmp_path / "scan.pdf")

    added = run("add", str(docx_path), str(pdf_path), str(scan), settings=corpus_copy)

    assert added.returncode == 1  # the scan could not be added; the others were
    assert "scan.pdf: 扫描件，没有文字层，需要先 OCR" in added.stderr
    assert "added" in added.stdout and (corpus_copy.corpus_dir / "added" / docx_path.name).exists()
    assert (corpus_copy.corpus_dir / "added" / pdf_path.name).exists()
    assert not (corpus_copy.corpus_dir / "added" / "scan.pdf").exists()
    assert cited_documents("有限空间作业前氧含量检测结果要保存多久？", corpus_copy)[0] == docx_path.stem
    assert cited_documents("液化石油气瓶充装站每日开班前要检查什么？", corpus_copy)[0] == pdf_path.stem
