"""Dense search at 10k–1M clauses: latency, memory and recall@10 of each FAISS index type against exact.

The vectors are synthetic (384-d, L2-normalized, drawn around topic centres in a low-dimensional
latent space, so IVF's lists and HNSW's graph face the structure real embeddings have); the indexes are built by the product's own
``DenseIndex.build``, so the figures describe what ``ASSISTANT_DENSE_INDEX`` would give.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.util import find_spec
from pathlib import Path

import faiss
import numpy as np

from assistant.store.base import HNSW_EF_SEARCH, ivf_lists, ivf_probes
from assistant.store.faiss import DenseIndex, hnsw_graph

DIM = 384
QUERIES = 200
TOP = 10
CLUSTERS_PER_VECTOR = 1 / 100  # about 100 clauses a topic
LATENT = 48  # text embeddings vary along few directions; isotropic 384-d noise would be the ANN worst case
SPREAD = 1.5  # offset from the topic centre; 10k such vectors are a little harder for HNSW/IVF than eval/'s real ones
NOISE = 0.15  # small full-rank noise on top, relative to a vector's length
HNSW_BUILD_BUDGET = 900.0  # seconds: a larger HNSW build is estimated from the last one instead of run


@dataclass(frozen=True)
class ScalePoint:
    """One index type at one operating point and corpus size."""

    size: int
    series: str  # the curve it belongs to, e.g. "HNSW efSearch=128"
    index: str  # this point's exact parameters
    build_seconds: float
    memory_mib: float
    p50_ms: float
    p95_ms: float
    recall_at_10: float


def synthetic(size: int, queries: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors for the corpus and for questions drawn from the same topics: a Gaussian mixture in a
    48-d latent space, projected to 384-d, plus a little full-rank noise."""
    rng = np.random.default_rng(seed)
    basis = rng.standard_normal((LATENT, DIM), dtype=np.float32) / LATENT ** 0.5
    centres = rng.standard_normal((max(8, int(size * CLUSTERS_PER_VECTOR)), LATENT), dtype=np.float32)

    def draw(count: int) -> np.ndarray:
        out = np.empty((count, DIM), dtype=np.float32)
        for start in range(0, count, 100_000):
            block = min(100_000, count - start)
            latent = centres[rng.integers(0, len(centres), block)]
            latent += rng.standard_normal((block, LATENT), dtype=np.float32) * SPREAD
            vectors = latent @ basis
            scale = np.linalg.norm(vectors, axis=1, keepdims=True) * (NOISE / DIM ** 0.5)
            out[start:start + block] = vectors + rng.standard_normal((block, DIM), dtype=np.float32) * scale
        out /= np.linalg.norm(out, axis=1, keepdims=True)
        return out

    return draw(size), draw(queries)


def _latencies(index: faiss.Index, queries: np.ndarray) -> tuple[list[float], np.ndarray]:
    """One question at a time, as the assistant asks: per-query seconds and the rows found."""
    seconds, found = [], np.empty((len(queries), TOP), dtype=np.int64)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)
    for row, query in enumerate(queries):
        started = time.perf_counter()
        _, ids = index.search(query.reshape(1, -1), TOP)
        seconds.append(time.perf_counter() - started)
        found[row] = ids[0]
    faiss.omp_set_num_threads(threads)
    return seconds, found


def _recall(found: np.ndarray, truth: np.ndarray) -> float:
    return float(np.mean([len(set(a) & set(b)) / TOP for a, b in zip(found, truth)]))


def _point(size: int, series: str, name: str, index: faiss.Index, build: float, queries: np.ndarray,
           truth: np.ndarray | None) -> tuple[ScalePoint, np.ndarray]:
    seconds, found = _latencies(index, queries)
    ordered = sorted(seconds)
    point = ScalePoint(
        size=size, series=series, index=name, build_seconds=build, memory_mib=len(faiss.serialize_index(index)) / 2**20,
        p50_ms=ordered[len(ordered) // 2] * 1000, p95_ms=ordered[int(0.95 * (len(ordered) - 1))] * 1000,
        recall_at_10=1.0 if truth is None else _recall(found, truth),
    )
    return point, found


Report = Callable[[ScalePoint], None]


def measure_size(size: int, hnsw_seconds_per_vector: float | None, report: Report) -> tuple[list[ScalePoint], float | None]:
    """Every index type at one size; returns the points and HNSW's measured build cost per vector."""
    vectors, queries = synthetic(size, QUERIES, seed=size)
    points: list[ScalePoint] = []
    started = time.perf_counter()
    flat = DenseIndex.build(vectors, "flat").faiss_index
    exact, truth = _point(size, "flat (exact)", "flat", flat, time.perf_counter() - started, queries, None)
    points.append(exact)
    report(exact)
    del flat

    started = time.perf_counter()
    ivf = DenseIndex.build(vectors, "ivf")
    build = time.perf_counter() - started
    lists = ivf_lists(size)
    for series, probes in (("IVF, product nprobe", ivf_probes(lists)), ("IVF, 4× nprobe", min(lists, 4 * ivf_probes(lists)))):
        faiss.extract_index_ivf(ivf.faiss_index).nprobe = probes
        point, _ = _point(size, series, f"ivf{lists} nprobe={probes}", ivf.faiss_index, build, queries, truth)
        points.append(point)
        report(point)
    del ivf

    estimate = None if hnsw_seconds_per_vector is None else hnsw_seconds_per_vector * size * 1.3
    if estimate is not None and estimate > HNSW_BUILD_BUDGET:
        print(f"  {size:>9,}  hnsw: not built — estimated {estimate / 60:.0f} min on this machine "
              f"(budget {HNSW_BUILD_BUDGET / 60:.0f} min)", flush=True)
        return points, hnsw_seconds_per_vector
    started = time.perf_counter()
    hnsw = DenseIndex.build(vectors, "hnsw")
    build = time.perf_counter() - started
    graph = hnsw_graph(hnsw.faiss_index)
    for effort in (32, HNSW_EF_SEARCH):
        graph.efSearch = effort
        point, _ = _point(size, f"HNSW efSearch={effort}", f"hnsw32 efSearch={effort}", hnsw.faiss_index, build, queries,
                          truth)
        points.append(point)
        report(point)
    return points, build / size


def run_scale(sizes: list[int], chart: Path | None) -> list[ScalePoint]:
    """Measure every size in turn, printing as it goes; optionally plot latency and recall curves."""
    print(f"scale: synthetic {DIM}-d clustered unit vectors, {QUERIES} questions searched one at a time on 1 thread "
          "(as the assistant asks); builds use every core")
    print(f"  {'clauses':>9}  {'index':<24} {'build s':>8} {'MiB':>8} {'p50 ms':>8} {'p95 ms':>8} {'recall@10':>9}")

    def report(point: ScalePoint) -> None:
        print(f"  {point.size:>9,}  {point.index:<24} {point.build_seconds:>8.1f} {point.memory_mib:>8.1f} "
              f"{point.p50_ms:>8.2f} {point.p95_ms:>8.2f} {point.recall_at_10:>9.3f}", flush=True)

    points: list[ScalePoint] = []
    per_vector = None
    for size in sorted(sizes):
        found, per_vector = measure_size(size, per_vector, report)
        points += found
    if chart is not None and points:
        if find_spec("matplotlib") is None:
            print("no chart: matplotlib is not installed (pip install -e '.[eval]')")
        else:
            plot(points, chart)
            print(f"wrote {chart}")
    return points


def plot(points: list[ScalePoint], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, recall) = plt.subplots(1, 2, figsize=(11, 4.2))
    for series in dict.fromkeys(point.series for point in points):
        line = [point for point in points if point.series == series]
        latency.plot([p.size for p in line], [p.p50_ms for p in line], marker="o", label=series)
        recall.plot([p.size for p in line], [p.recall_at_10 for p in line], marker="o", label=series)
    for axes, title, unit in ((latency, "search latency p50 (1 thread)", "ms"), (recall, "recall@10 vs exact", "")):
        axes.set_xscale("log")
        axes.set_xlabel("clauses (synthetic 384-d vectors)")
        axes.set_title(title)
        axes.grid(alpha=0.3)
        if unit:
            axes.set_ylabel(unit)
            axes.set_yscale("log")
    latency.legend(fontsize=7)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
