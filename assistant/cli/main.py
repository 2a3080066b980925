"""Command line: the parser and the dispatch to each command. Thin: parse, call the service, print.

Exit status (../shared/CONTRACT.md): 0 done; 1 some files or documents could not be added, removed or
replaced; 2 unusable arguments or input, with a one-line reason on standard error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from assistant.cli import answering, jobs, library, operations
from assistant.cli.usage import UsageError
from assistant.errors import AssistantError, InvalidInputError
from assistant.settings import Settings


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
    ask.add_argument("--force", help="only texts of this force, comma-separated (法律,行政法规,司法解释,部门规章,…)")
    ask.add_argument("--level", help="only texts of this jurisdiction level: national, provincial, city, county")
    ask.add_argument("--region", help="the asker's place (宁波, 浙江省宁波市): national law and that place's and its "
                     "province's texts, never another place's; 全国 = national texts only")
    ask.add_argument("--as-of", dest="as_of", help="answer from the texts in force on this day (YYYY-MM-DD)")

    add = commands.add_parser("add", help="copy documents into corpus/ and update the index")
    add.add_argument("files", nargs="+", type=Path)
    remove = commands.add_parser("remove", help="take documents out of corpus/ and the index, all or nothing")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC_ID", help="ids as `list` shows them")
    replace = commands.add_parser("replace", help="put a new version of a document in its place, all or nothing")
    replace.add_argument("doc_id", metavar="DOC_ID")
    replace.add_argument("file", metavar="FILE", type=Path)
    listing = commands.add_parser("list", help="every document: id, title, place, version date, status and why")
    listing.add_argument("--json", action="store_true", help="one JSON object a line")

    index = commands.add_parser("index", help="build the index if it is missing or stale")
    index.add_argument("--force", action="store_true", help="rebuild even if current (the cache still applies)")
    index.add_argument("--bundle", action="store_true", help="then write the bundled corpus's vectors to index/bundled/ "
                       "(for maintainers, after the corpus changes)")

    evaluate = commands.add_parser("eval", help="evidence recall, MRR and not-found accuracy on eval/")
    evaluate.add_argument("--questions", type=Path, default=None)
    evaluate.add_argument("--report", type=Path, default=None, help="write a Markdown report here")
    train = commands.add_parser("train-ranker", help="fit the clause ranker and the not-found model on the dev questions")
    train.add_argument("--out", type=Path, default=None, help="where to write them (default: assistant/data/ranker.json)")
    train.add_argument("--keep-ranker", action="store_true",
                       help="keep the shipped clause ranker; refit only the not-found model on its scores")
    chat = commands.add_parser("chat", help="a conversation: one question a line on standard input, follow-ups understood")
    chat.add_argument("--k", type=int, default=None, help="number of citations (default 5)")
    chat.add_argument("--json", action="store_true", help="one JSON result a line, with resolved_question")
    chat.add_argument("--evaluate", type=Path, default=None, metavar="FILE",
                      help="instead: follow-up accuracy on two-turn conversations (eval/conversations.jsonl)")
    bench = commands.add_parser("bench", help="print build time, latency and memory figures")
    bench.add_argument("--questions", type=Path, default=None)
    bench.add_argument("--cold", action="store_true", help="also time a build with an empty embedding cache (minutes)")
    bench.add_argument("--scale", default="10000,100000,1000000",
                       help="synthetic corpus sizes for the FAISS scale runs, comma-separated ('' to skip; 1M takes minutes)")
    bench.add_argument("--scale-chart", type=Path, default=Path("eval/scale.png"), help="where to plot the scale curves")
    bench.add_argument("--milvus-scale", default="",
                       help="synthetic sizes for Milvus Lite, e.g. 10000,100000 (needs the [milvus] extra; minutes)")
    duties = commands.add_parser("duties", help="which body supervises which industry or owns which task")
    duties.add_argument("--industry", help="industry or task words, e.g. 道路运输")
    duties.add_argument("--body", help="a body in any written form, e.g. 公安局, 安监局, 应急管理部")
    duties.add_argument("--region", help="only documents of this region, e.g. 沅江")
    duties.add_argument("--doc", help="only this document (doc_id, its prefix, or words of its title)")
    duties.add_argument("--json", action="store_true", help="print the records as JSON")
    obligations = commands.add_parser("obligations", help="the obligations that apply to an enterprise, cited")
    obligations.add_argument("--industry", help="e.g. 危险化学品, 建筑施工, 零售")
    obligations.add_argument("--employees", type=int, help="head count (从业人员)")
    obligations.add_argument("--high-risk", dest="high_risk", action="store_true", default=None,
                             help="the enterprise is in a high-risk (高危) industry")
    obligations.add_argument("--region", help="add what local documents of this region require, e.g. 沅江")
    obligations.add_argument("--format", choices=("md", "csv", "json"), default="md")
    obligations.add_argument("--out", type=Path, help="write to this file instead of standard output")

    quiz = commands.add_parser("quiz", help="training quiz from the corpus, a document or a topic; `quiz grade QUIZ ANSWERS`")
    quiz.add_argument("grade", nargs="*", metavar="grade QUIZ.json ANSWERS.json", help="grade an answer sheet {id: answer}")
    quiz.add_argument("--n", type=int, default=10, help="number of questions (default 10)")
    quiz.add_argument("--doc", help="a document id or (part of) its title")
    quiz.add_argument("--topic", help="a topic, e.g. 隐患排查")
    quiz.add_argument("--seed", type=int, default=1, help="same seed → same quiz (default 1)")
    quiz.add_argument("--format", choices=["json", "csv", "md"], help="default: from --out's suffix, else md")
    quiz.add_argument("--out", type=Path, help="write the quiz to this file")
    quiz.add_argument("--include-drafts", action="store_true", help="also ask from drafts for comments (flagged)")

    serve = commands.add_parser("serve", help="HTTP API (/docs) and web app (/ui) in one process")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        settings = Settings()
        handler = {"ask": answering.ask, "chat": answering.chat, "add": library.add, "remove": library.remove,
                   "replace": library.replace, "list": library.list_documents, "index": operations.index,
                   "eval": operations.evaluate, "train-ranker": operations.train_ranker, "bench": operations.bench,
                   "serve": operations.serve,
                   "duties": jobs.duties, "obligations": jobs.obligations, "quiz": jobs.quiz}[args.command]
        return handler(args, settings)
    except (UsageError, InvalidInputError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except AssistantError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
