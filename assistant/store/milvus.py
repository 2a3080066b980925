"""Dense vectors and BM25 in a Milvus collection: Milvus Lite (a local folder) or a Milvus cluster.

The clause store (documents, clauses, chunks) stays in the index generation folder; the vectors and
the full-text index live in Milvus, one collection per build (``<prefix>_<build id>``), named in the
build's manifest. A swap of the ``index/store`` link therefore swaps collections too, questions in
flight keep reading the old one, and a collection no complete build names is dropped. BM25 is
Milvus's own BM25 function over its jieba analyzer, given the project's term list and stopwords so
it segments like the FAISS-side BM25.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Collection, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigurationError, IndexNotReadyError, StoreUnavailableError
from assistant.settings import Settings
from assistant.store.base import (
    HNSW_EF_CONSTRUCTION,
    HNSW_EF_SEARCH,
    HNSW_NEIGHBORS,
    UNRELATED,
    DenseSearch,
    LexicalSearch,
    SearchBackend,
    dense_kind,
    ivf_lists,
    ivf_probes,
)
from assistant.store.tokenize import STOPWORDS, tokenize

_INSERT_BATCH = 500
_VOCABULARY_FILE = "vocabulary.txt"
_PUNCTUATION = "，。；：、？！（）《》〈〉【】“”‘’—…·,.;:?!()[]\"'-"
_clients: dict[tuple[str, str, str], Any] = {}
_clients_lock = threading.Lock()


def milvus_uri(settings: Settings) -> str:
    """Where the collections live: as configured, or a Milvus Lite folder beside the index."""
    return settings.milvus_uri or str(settings.index_dir / "milvus.db")


def connect(settings: Settings) -> Any:
    """One client per Milvus address in this process (Milvus Lite allows one process per folder)."""
    uri = milvus_uri(settings)
    token = settings.milvus_token.get_secret_value() if settings.milvus_token else ""
    key = (uri, token, settings.milvus_db_name)
    with _clients_lock:
        if key not in _clients:
            try:
                from pymilvus import MilvusClient
            except ImportError as error:
                raise ConfigurationError(
                    "ASSISTANT_VECTOR_STORE=milvus needs pymilvus: pip install -e '.[milvus]'") from error
            if uri.endswith(".db"):
                Path(uri).parent.mkdir(parents=True, exist_ok=True)
                logging.getLogger("jieba").setLevel(logging.WARNING)  # Milvus Lite analyzes in this process
                logging.getLogger("milvus_lite").setLevel(logging.CRITICAL)  # its traceback says no more than ours
            try:
                _clients[key] = MilvusClient(uri=uri, token=token, db_name=settings.milvus_db_name)
            except Exception as error:  # pymilvus raises its own hierarchy
                hint = (" Milvus Lite lets one process open a folder: if `serve` is running, add documents through it,"
                        " or run `milvus-lite server` and set ASSISTANT_MILVUS_URI=http://127.0.0.1:19530"
                        if uri.endswith(".db") else "")
                raise StoreUnavailableError(f"cannot open Milvus at {uri}: {error}.{hint}") from error
        return _clients[key]


def collection_for(settings: Settings, generation: Path) -> str:
    """The collection of one build: the configured prefix and the build folder's number."""
    return f"{settings.milvus_collection}_{generation.name.rpartition('.')[2]}"


def analyzer_params() -> dict[str, Any]:
    """jieba in search mode with the project's legal terms kept whole and its stopwords dropped."""
    terms = resources.files("assistant.data").joinpath("terms.txt").read_text(encoding="utf-8").split()
    return {
        "tokenizer": {"type": "jieba", "mode": "search", "dict": terms},
        "filter": [{"type": "stop", "stop_words": sorted(STOPWORDS) + list(_PUNCTUATION)}],
    }


def _dense_index(kind: str, size: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """Milvus index and search parameters equivalent to the FAISS index of the same kind."""
    if kind == "hnsw":
        return ({"index_type": "HNSW", "params": {"M": HNSW_NEIGHBORS, "efConstruction": HNSW_EF_CONSTRUCTION}},
                {"ef": HNSW_EF_SEARCH})
    if kind == "ivf":
        lists = ivf_lists(size)
        return {"index_type": "IVF_FLAT", "params": {"nlist": lists}}, {"nprobe": ivf_probes(lists)}
    return {"index_type": "FLAT", "params": {}}, {}


def write_collection(settings: Settings, name: str, doc_ids: Sequence[str], texts: Sequence[str],
                     vectors: np.ndarray, kind: str) -> dict[str, Any]:
    """Create and fill the collection of one build; returns what the manifest records about it."""
    from pymilvus import DataType, Function, FunctionType, MilvusClient

    client = connect(settings)
    if client.has_collection(name):  # a build killed after creating it, rerun under the same number
        client.drop_collection(name)
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("id", DataType.INT64, is_primary=True)
    schema.add_field("doc_id", DataType.VARCHAR, max_length=512)
    schema.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True, analyzer_params=analyzer_params())
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(vectors.shape[1]))
    schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"],
                                 output_field_names=["sparse"]))
    dense_index, search_params = _dense_index(kind, len(texts))
    indexes = client.prepare_index_params()
    indexes.add_index(field_name="vector", metric_type="IP", **dense_index)
    indexes.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_collection(name, schema=schema, index_params=indexes)
    for start in range(0, len(texts), _INSERT_BATCH):
        client.insert(name, [
            {"id": row, "doc_id": doc_ids[row], "text": texts[row], "vector": vectors[row].tolist()}
            for row in range(start, min(start + _INSERT_BATCH, len(texts)))
        ])
    client.flush(name)
    return {"kind": "milvus", "uri": milvus_uri(settings), "collection": name, "dense_index": kind,
            "search_params": search_params}


def drop_collections_except(settings: Settings, kept: Collection[str]) -> list[str]:
    """Drop this deployment's collections that no complete build names; returns their names."""
    client = connect(settings)
    prefix = f"{settings.milvus_collection}_"
    dropped = [name for name in client.list_collections()
               if name.startswith(prefix) and name[len(prefix):].isdigit() and name not in kept]
    for name in dropped:
        client.drop_collection(name)
    return dropped


def open_collection(settings: Settings, description: dict[str, Any], chunk_count: int,
                    vocabulary: frozenset[str]) -> tuple[MilvusDense, MilvusLexical]:
    """Dense and lexical search over a build's collection, after checking it holds every chunk."""
    client = connect(settings)
    name = description["collection"]
    if not client.has_collection(name):
        raise IndexNotReadyError(f"Milvus collection {name} at {milvus_uri(settings)} is missing")
    client.load_collection(name)
    rows = int(client.get_collection_stats(name).get("row_count", -1))
    if rows != chunk_count:
        raise IndexNotReadyError(f"Milvus collection {name} holds {rows} chunks, the index {chunk_count}")
    search = _CollectionSearch(client, name, chunk_count, settings.candidates)
    return MilvusDense(search, description.get("search_params", {})), MilvusLexical(search, vocabulary)


class _CollectionSearch:
    """One search call against the collection, scattered into a score per chunk.

    It asks for as many hits as fusion takes from each retriever (``candidates``): Milvus's cost grows
    with the hits returned (Milvus Lite, 1,322 chunks: 9 ms for 50, 36 ms for 256), and a chunk
    below that depth would not change the fused ranking.
    """

    def __init__(self, client: Any, name: str, size: int, depth: int) -> None:
        self._client = client
        self.name = name
        self.size = size
        self.depth = depth

    def scores(self, data: Any, field: str, params: dict[str, Any], doc_ids: Collection[str] | None,
               missing: float) -> np.ndarray:
        scores = np.full(self.size, missing, dtype=np.float32)
        if self.size == 0:
            return scores
        expression = f"doc_id in {json.dumps(sorted(doc_ids), ensure_ascii=False)}" if doc_ids is not None else ""
        try:
            found = self._client.search(self.name, data=[data], anns_field=field, limit=min(self.depth, self.size),
                                        filter=expression, output_fields=[], search_params=params)
        except Exception as error:  # pymilvus's MilvusException and gRPC errors: the store, not the question
            raise StoreUnavailableError(f"Milvus search in {self.name} failed: {error}") from error
        for hit in found[0]:
            scores[int(hit["id"])] = hit["distance"]
        return scores


class MilvusDense:
    """Cosine of the question with the collection's best chunks (inner product of normalized vectors)."""

    def __init__(self, search: _CollectionSearch, params: dict[str, Any]) -> None:
        self._search = search
        self._params = {"metric_type": "IP", "params": params}
        self.kind = "milvus"

    @property
    def size(self) -> int:
        return self._search.size

    def scores(self, query: np.ndarray, doc_ids: Collection[str] | None = None) -> np.ndarray:
        """Best chunks' cosines in chunk order, the rest unrelated; ``doc_ids`` limits the search to those documents."""
        return self._search.scores(np.asarray(query, dtype=np.float32).tolist(), "vector", self._params, doc_ids, UNRELATED)


class MilvusLexical:
    """Milvus BM25 over the chunk texts, and the vocabulary the question's coverage is measured on."""

    def __init__(self, search: _CollectionSearch, vocabulary: frozenset[str]) -> None:
        self._search = search
        self._vocabulary = vocabulary

    @property
    def size(self) -> int:
        return self._search.size

    def known_tokens(self, tokens: list[str]) -> list[str]:
        return [token for token in tokens if token in self._vocabulary]

    def scores(self, question: str, doc_ids: Collection[str] | None = None) -> np.ndarray:
        """BM25 of the best chunks in chunk order, 0 for the rest. Milvus Lite reports BM25 as a negative
        distance and a Milvus server as a positive score; either way its size is the score."""
        return np.abs(self._search.scores(question, "sparse", {"metric_type": "BM25"}, doc_ids, 0.0))


class MilvusBackend(SearchBackend):
    """One collection per build in Milvus Lite or on a Milvus cluster; the build folder keeps the vocabulary
    the question's lexical coverage is measured on."""

    name = "milvus"

    def check(self) -> None:
        connect(self.settings)

    def files(self) -> set[str]:
        return {_VOCABULARY_FILE}

    def write(self, staging: Path, doc_ids: Sequence[str], texts: Sequence[str], vectors: np.ndarray) -> dict[str, Any]:
        kind = dense_kind(self.settings.dense_index, len(vectors))
        vocabulary = sorted({token for text in texts for token in tokenize(text)})
        (staging / _VOCABULARY_FILE).write_text("\n".join(vocabulary), encoding="utf-8")
        return write_collection(self.settings, collection_for(self.settings, staging), doc_ids, texts, vectors, kind)

    def open(self, folder: Path, description: dict[str, Any], chunk_count: int) -> tuple[DenseSearch, LexicalSearch]:
        vocabulary = frozenset((folder / _VOCABULARY_FILE).read_text(encoding="utf-8").split("\n"))
        return open_collection(self.settings, description, chunk_count, vocabulary)

    def drop_unused(self, kept_manifests: list[Path]) -> list[str]:
        """Drop the collections of builds that are gone (old, or killed before their manifest). A kept build
        whose manifest cannot be read keeps no collection: it is damaged and gets rebuilt."""
        kept = set()
        for path in kept_manifests:
            try:
                kept.add(json.loads(path.read_text(encoding="utf-8")).get("vector_store", {}).get("collection"))
            except (OSError, ValueError, AttributeError):
                continue
        return drop_collections_except(self.settings, {name for name in kept if name})
