"""Running the assistant: build the ``index``, ``eval``, ``train-ranker``, ``bench``, ``serve``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from assistant.cli.usage import UsageError
from assistant.settings import Settings


def index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service.assistant import ensure_index
    from assistant.store.embedder import build_embedder
    from assistant.store.index import build_index, bundle_vectors

    embedder = build_embedder(settings)
    report = build_index(settings, embedder) if args.force else ensure_index(settings, embedder)
    if report is None:
        print("index is current")
    else:
        print(f"indexed {report.documents} documents, {report.clauses} clauses, {report.chunks} chunks "
              f"({report.embedded} embedded, {report.reused} from cache or bundle) in {report.seconds:.1f} s")
        for failure in report.failures:
            print(f"skipped: {failure}", file=sys.stderr)
    if args.bundle:
        path, count = bundle_vectors(settings, embedder)
        print(f"wrote the vectors of {count} chunks to {path}")
        from assistant.evaluation.baselines import bundle_baseline_vectors

        shipped = bundle_baseline_vectors(settings.corpus_dir, settings.index_dir, settings.bundled_dir, embedder)
        print(f"wrote the vectors of {shipped[1]} baseline chunks to {shipped[0]}" if shipped
              else "baseline vectors not bundled: run `python -m assistant eval` first to embed them")
    return 0


def evaluate(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import run_evaluation

    return run_evaluation(settings, args.questions, args.report)


def train_ranker(args: argparse.Namespace, settings: Settings) -> int:
    import json
    from importlib import resources

    from assistant.evaluation.ranker_training import train
    from assistant.search.ranker import MODEL_FILE
    from assistant.service import open_assistant

    output = args.out or Path(str(resources.files("assistant.data").joinpath(MODEL_FILE)))
    report = train(open_assistant(settings), output, keep_ranker=args.keep_ranker)
    print(json.dumps(report, ensure_ascii=False, indent=1))
    print(f"wrote {output}")
    return 0


def bench(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.benchmarks import run_benchmark

    sizes, milvus_sizes = _sizes("--scale", args.scale), _sizes("--milvus-scale", args.milvus_scale)
    return run_benchmark(settings, args.questions, args.cold, sizes, args.scale_chart, milvus_sizes)


def _sizes(option: str, value: str) -> list[int]:
    try:
        return [int(size) for size in value.split(",") if size.strip()]
    except ValueError as error:
        raise UsageError(f"{option} takes sizes like 10000,100000; got {value!r}") from error


def serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    from assistant.api import build_app

    if not 0 < args.port < 65536:
        raise UsageError(f"--port must be between 1 and 65535, got {args.port}")
    print(f"serving on http://{args.host}:{args.port}/ui (web app) and /docs (API)", file=sys.stderr, flush=True)
    uvicorn.run(build_app(settings), host=args.host, port=args.port, log_level="info")
    return 0
