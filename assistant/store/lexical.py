"""BM25 over jieba tokens (bm25s), saved as a folder of JSON and .npy files (no pickle)."""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import bm25s
import numpy as np

from assistant.store.tokenize import tokenize


class LexicalIndex:
    """BM25 scores of chunks for a question, and how much of the question the corpus knows."""

    def __init__(self, model: bm25s.BM25, size: int) -> None:
        self._model = model
        self._size = size

    @classmethod
    def build(cls, texts: list[str]) -> LexicalIndex:
        model = bm25s.BM25()
        corpus_tokens = [tokenize(text) or [""] for text in texts]
        model.index(corpus_tokens, show_progress=False)
        return cls(model, len(texts))

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        model = bm25s.BM25.load(str(folder), load_corpus=False, allow_pickle=False)
        return cls(model, int(model.scores["num_docs"]))

    def save(self, folder: Path) -> None:
        self._model.save(str(folder), allow_pickle=False, show_progress=False)

    @property
    def size(self) -> int:
        return self._size

    def known_tokens(self, tokens: list[str]) -> list[str]:
        """The question's tokens that occur somewhere in the corpus."""
        vocab = self._model.vocab_dict
        return [token for token in tokens if token in vocab]

    def scores(self, question: str, doc_ids: Collection[str] | None = None) -> np.ndarray:
        """BM25 score of every chunk for the question, in chunk order (every chunk: ``doc_ids`` is left to the caller)."""
        known = self.known_tokens(tokenize(question))
        if not known or self._size == 0:
            return np.zeros(self._size, dtype=np.float32)
        return np.asarray(self._model.get_scores(known), dtype=np.float32)
