"""Command line: ask, add, index, eval, bench. Thin: parse, call the service, print.

Exit status (../shared/CONTRACT.md): 0 done; 1 some files could not be added; 2 unusable arguments
or input, with a one-line reason on standard error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from assistant.errors import AssistantError, InvalidInputError
from assistant.models import Answer
from assistant.settings import Settings


class UsageError(Exception):
    """Arguments or input that cannot be used; exit status 2."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m assistant", description="安全生产法规问答助手 — cited answers over the corpus")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    ask = commands.add_parser("ask", help="answer a question (or a batch) with citations")
    ask.add_argument("question", nargs="?", help="the question, in Chinese")
    ask.add_argument("--batch", type=Path, help="JSONL file, one {\"id\": …, \"question\": …} a line")
    ask.add_argument("--k", type=int, default=None, help="number of citations (default 5)")
    ask.add_argument("--json", action="store_true", help="print the contract's JSON result")

    add = commands.add_parser("add", help="copy documents into corpus/ and update the index")
    add.add_argument("files", nargs="+", type=Path)

    index = commands.add_parser("index", help="build the index if it is missing or stale")
    index.add_argument("--force", action="store_true", help="rebuild even if current (the cache still applies)")

    evaluate = commands.add_parser("eval", help="evidence recall, MRR and not-found accuracy on eval/")
    evaluate.add_argument("--questions", type=Path, default=None)
    evaluate.add_argument("--report", type=Path, default=None, help="write a Markdown report here")
    bench = commands.add_parser("bench", help="print build time, latency and memory figures")
    bench.add_argument("--questions", type=Path, default=None)
    bench.add_argument("--cold", action="store_true", help="also time a build with an empty embedding cache (minutes)")
    bench.add_argument("--scale", default="10000,100000,1000000",
                       help="synthetic corpus sizes for the FAISS scale runs, comma-separated ('' to skip; 1M takes minutes)")
    bench.add_argument("--scale-chart", type=Path, default=Path("eval/scale.png"), help="where to plot the scale curves")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        settings = Settings()
        handler = {"ask": _ask, "add": _add, "index": _index, "eval": _eval, "bench": _bench}[args.command]
        return handler(args, settings)
    except (UsageError, InvalidInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except AssistantError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    if args.k is not None and not 1 <= args.k <= 50:
        raise UsageError(f"--k must be between 1 and 50, got {args.k}")
    if args.batch is not None and args.question:
        raise UsageError("give either a question or --batch FILE, not both")
    if args.batch is None and not (args.question or "").strip():
        raise UsageError("the question is empty; give a question or --batch FILE")
    batch = read_batch(args.batch) if args.batch is not None else None
    from assistant.service import open_assistant

    assistant = open_assistant(settings)
    if batch is None:
        _print_answer(assistant.ask(args.question, args.k), args.json)
        return 0
    for item in batch:
        answer = assistant.ask(item["question"], args.k)
        answer.id = item["id"]
        _print_answer(answer, args.json)
    return 0


def read_batch(path: Path) -> list[dict[str, Any]]:
    """Every line of a batch file, validated before any question is answered."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise UsageError(f"batch file not found: {path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read batch file {path}: {error}") from error
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise UsageError(f"{path}:{number}: not valid JSON ({error.msg})") from error
        if not isinstance(item, dict) or "id" not in item:
            raise UsageError(f"{path}:{number}: each line needs an object with \"id\" and \"question\"")
        question = item.get("question")
        if not isinstance(question, str) or not question.strip():
            raise UsageError(f"{path}:{number}: the question is empty or not a string")
        items.append(item)
    if not items:
        raise UsageError(f"batch file {path} has no questions")
    return items


def _print_answer(answer: Answer, as_json: bool) -> None:
    if as_json:
        print(json.dumps(answer.to_json_dict(), ensure_ascii=False), flush=True)
        return
    print(answer.answer)
    for citation in answer.citations:
        badge = "" if citation.status in ("in_force", "unknown") else f" 〔{citation.status}〕"
        print(f"  [{citation.rank}] 《{citation.title}》{citation.clause_label}{badge}  ({citation.clause_id})")
    for warning in answer.warnings:
        print(f"  ⚠ {warning}")
    print(flush=True)


def _add(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.library import add_files
    from assistant.store.embedder import build_embedder

    report = add_files(settings, build_embedder(settings), list(args.files))
    for original, stored in report.added:
        print(f"added {original} → corpus/{stored}")
    for original, stored in report.unchanged:
        print(f"already in the corpus: {original} (corpus/{stored})")
    for failure in report.failed:
        print(f"error: {failure}", file=sys.stderr)
    return 1 if report.failed else 0


def _index(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.service import ensure_index
    from assistant.store.embedder import build_embedder
    from assistant.store.index import build_index

    embedder = build_embedder(settings)
    report = build_index(settings, embedder) if args.force else ensure_index(settings, embedder)
    if report is None:
        print("index is current")
        return 0
    print(f"indexed {report.documents} documents, {report.clauses} clauses, {report.chunks} chunks "
          f"({report.embedded} embedded, {report.reused} from cache) in {report.seconds:.1f} s")
    for failure in report.failures:
        print(f"skipped: {failure}", file=sys.stderr)
    return 0


def _eval(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.evaluation import run_evaluation

    return run_evaluation(settings, args.questions, args.report)


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    from assistant.benchmarks import run_benchmark

    try:
        sizes = [int(size) for size in args.scale.split(",") if size.strip()]
    except ValueError as error:
        raise UsageError(f"--scale takes sizes like 10000,100000; got {args.scale!r}") from error
    return run_benchmark(settings, args.questions, args.cold, sizes, args.scale_chart)
