"""The embedding cache: vectors of passages already embedded, so a rebuild embeds only new text."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import numpy as np

from assistant.store.durable import make_dir


def text_key(identity: str, text: str) -> str:
    """Cache key of a passage: the embedder and the exact text."""
    return hashlib.sha256(f"{identity}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    """Vectors of passages already embedded, keyed by text hash, so a rebuild embeds only new text.

    Kept in SQLite (one table, key → float32 blob) because it makes the cache crash-safe for free:
    each batch of new vectors is one transaction, so a build killed halfway keeps what it embedded,
    and keys and vectors can never get out of step (the former .npy + .keys.json pair needed two
    renames that a kill could separate). A cache in that former format is imported once.
    """

    _BATCH = 500

    def __init__(self, folder: Path, identity: str, dim: int) -> None:
        slug = hashlib.sha1(identity.encode("utf-8")).hexdigest()[:12]
        self._path = folder / f"{slug}.sqlite"
        self.identity = identity
        self.dim = dim
        make_dir(folder)
        try:
            self._db = self._open()
        except sqlite3.DatabaseError:  # a damaged cache only costs time: start empty
            for path in (self._path, self._path.with_name(self._path.name + "-journal")):
                path.unlink(missing_ok=True)
            self._db = self._open()
        self._import_legacy(folder / f"{slug}.npy", folder / f"{slug}.keys.json")

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self._path)
        db.execute("PRAGMA synchronous=FULL")
        with db:
            db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")
        db.execute("SELECT COUNT(*) FROM vectors").fetchone()
        return db

    def _import_legacy(self, vectors_path: Path, keys_path: Path) -> None:
        if not (vectors_path.exists() and keys_path.exists()):
            return
        try:
            keys = json.loads(keys_path.read_text(encoding="utf-8"))
            matrix = np.load(vectors_path, allow_pickle=False)
        except (OSError, ValueError):
            matrix, keys = None, []
        if matrix is not None and matrix.ndim == 2 and matrix.shape == (len(keys), self.dim):
            self.store(keys, matrix)
        vectors_path.unlink()
        keys_path.unlink()

    def lookup(self, keys: list[str]) -> list[np.ndarray | None]:
        found: dict[str, np.ndarray] = {}
        for start in range(0, len(keys), self._BATCH):
            batch = keys[start:start + self._BATCH]
            marks = ",".join("?" * len(batch))
            for key, blob in self._db.execute(f"SELECT key, vector FROM vectors WHERE key IN ({marks})", batch):
                vector = np.frombuffer(blob, dtype=np.float32)
                if vector.shape == (self.dim,):
                    found[key] = vector
        return [found.get(key) for key in keys]

    def matrix(self, keys: list[str]) -> np.ndarray:
        """The vectors of ``keys``, one row each, in order; every key must have been stored."""
        vectors = self.lookup(keys)
        missing = sum(vector is None for vector in vectors)
        if missing:
            raise KeyError(f"{missing} of {len(keys)} passages are not in the embedding cache")
        return np.stack([vector for vector in vectors if vector is not None]).astype(np.float32)

    def store(self, keys: list[str], vectors: np.ndarray) -> None:
        rows = [(key, np.asarray(vector, dtype=np.float32).tobytes()) for key, vector in zip(keys, vectors)]
        with self._db:
            self._db.executemany("INSERT OR IGNORE INTO vectors (key, vector) VALUES (?, ?)", rows)

    def keep_only(self, keys: set[str]) -> None:
        """Forget vectors of text no longer in the corpus, so the cache does not grow forever."""
        with self._db:
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT OR IGNORE INTO kept (key) VALUES (?)", [(key,) for key in keys])
            self._db.execute("DELETE FROM vectors WHERE key NOT IN (SELECT key FROM kept)")

    def close(self) -> None:
        """Everything is committed as it is stored; nothing to save, only the database to close."""
        self._db.close()

    def __len__(self) -> int:
        return int(self._db.execute("SELECT COUNT(*) FROM vectors").fetchone()[0])
