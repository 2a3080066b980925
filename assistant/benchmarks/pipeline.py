"""The bundled corpus: cold start, warm `ask` latency vs bare query embedding, index build vs bare
passage embedding, peak memory; then the synthetic scale runs. A script, never a timed test."""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path

from assistant.settings import Settings

SAMPLE_CHUNKS = 64


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[int(fraction * (len(ordered) - 1))]


def run_benchmark(settings: Settings, questions_path: Path | None, cold: bool, scale_sizes: list[int],
                  scale_chart: Path | None, milvus_sizes: list[int] | None = None) -> int:
    from assistant.evaluation import default_questions, load_questions
    from assistant.service.assistant import open_assistant
    from assistant.store.index import CACHE_DIR, build_index

    started = time.perf_counter()
    assistant = open_assistant(settings, progress=False)
    assistant.ask("安委会主任由谁担任？")
    print(f"cold start to first answer: {time.perf_counter() - started:.2f} s")

    questions = [question.question for question in load_questions(questions_path or default_questions(settings))]
    asked, embedded = [], []
    for question in questions:
        moment = time.perf_counter()
        assistant.ask(question)
        asked.append(time.perf_counter() - moment)
        moment = time.perf_counter()
        assistant.embedder.query(question)
        embedded.append(time.perf_counter() - moment)
    p50, p95, e50 = (_percentile(asked, 0.5) * 1000, _percentile(asked, 0.95) * 1000, _percentile(embedded, 0.5) * 1000)
    print(f"ask, warm, {len(questions)} questions: p50 {p50:.1f} ms, p95 {p95:.1f} ms; "
          f"bare query embedding p50 {e50:.1f} ms; ratio {p50 / e50:.2f}")

    embedder = assistant.embedder
    chunk_texts = [chunk.text for chunk in assistant.index.store.chunks]
    sample = chunk_texts[:: max(1, len(chunk_texts) // SAMPLE_CHUNKS)][:SAMPLE_CHUNKS]
    moment = time.perf_counter()
    embedder.passages(sample)
    bare = (time.perf_counter() - moment) / len(sample) * len(chunk_texts)
    print(f"bare passage embedding of all {len(chunk_texts)} chunks: ≈ {bare:.0f} s "
          f"(extrapolated from {len(sample)} chunks)")
    with tempfile.TemporaryDirectory() as scratch:
        index_dir = Path(scratch) / "index"
        cache = settings.index_dir / CACHE_DIR
        if cache.exists():
            shutil.copytree(cache, index_dir / CACHE_DIR)
        cached = build_index(settings.model_copy(update={"index_dir": index_dir}), embedder, progress=False)
        print(f"index build with cache: {cached.seconds:.1f} s ({cached.reused} chunks reused, {cached.embedded} embedded); "
              f"{cached.seconds / bare:.3f} × the bare passage embedding")
        if cold:
            shutil.rmtree(index_dir)
            report = build_index(settings.model_copy(update={"index_dir": index_dir}), embedder, progress=False)
            print(f"index build, cold: {report.seconds:.1f} s, of which embedding {report.embed_seconds:.1f} s "
                  f"({report.chunks} chunks; ratio build/embedding {report.seconds / report.embed_seconds:.2f}, "
                  f"build/bare embedding {report.seconds / bare:.2f})")
    print(f"peak memory (RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if scale_sizes:
        from assistant.benchmarks.scale import run_scale

        run_scale(scale_sizes, scale_chart)
        print(f"peak memory (RSS) with the scale runs: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    if milvus_sizes:
        from assistant.benchmarks.milvus_scale import run_milvus_scale

        run_milvus_scale(milvus_sizes, [clause.text for clause in assistant.index.store.clauses])
    return 0
