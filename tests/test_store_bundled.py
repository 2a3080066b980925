"""The vectors shipped in index/bundled/ cover the bundled corpus: a fresh clone embeds nothing before its first answer."""

from __future__ import annotations

from pathlib import Path

from assistant.settings import Settings
from assistant.store.bundled import BundledVectors
from assistant.store.embedder import build_embedder
from assistant.store.index import build_index
from tests.conftest import CORPUS


def test_a_build_with_no_cache_takes_every_vector_from_the_bundle(tmp_path: Path) -> None:
    settings = Settings(index_dir=tmp_path / "index")  # no cache at all, as in a fresh clone
    embedder = build_embedder(settings)
    assert len(BundledVectors(settings.bundled_dir, embedder.identity, embedder.dim)) > 0, \
        "no vectors shipped for the default embedder: run python -m assistant index --bundle"
    report = build_index(settings, embedder, progress=False)
    assert report.embedded == 0, (
        f"{report.embedded} chunks of the bundled corpus are not in index/bundled/ "
        "(the corpus or the chunking changed): run python -m assistant index --bundle and commit the file"
    )
    assert report.reused == report.chunks > 3000 and settings.corpus_dir == CORPUS
