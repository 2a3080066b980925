"""``ask`` (one question or a batch) and ``chat`` (a conversation on standard input)."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from assistant.cli.usage import UsageError, check_k
from assistant.models import Answer
from assistant.settings import Settings


def ask(args: argparse.Namespace, settings: Settings) -> int:
    check_k(args.k)
    if args.batch is not None and args.question:
        raise UsageError("give either a question or --batch FILE, not both")
    if args.batch is None and not (args.question or "").strip():
        raise UsageError("the question is empty; give a question or --batch FILE")
    batch = read_batch(args.batch) if args.batch is not None else None
    from assistant.legal.filters import SearchFilters
    from assistant.service.assistant import open_assistant

    filters = SearchFilters.parse(force=args.force, level=args.level, region=args.region, as_of=args.as_of)
    assistant = open_assistant(settings)
    if batch is None:
        print_answer(assistant.ask(args.question, args.k, filters=filters), args.json)
        return 0
    for item in batch:  # a line may carry its own asker's place and date (CONTRACT)
        line_filters = replace(filters, region=item.get("region") or filters.region, as_of=item.get("as_of") or filters.as_of)
        answer = assistant.ask(item["question"], args.k, filters=line_filters)
        answer.id = item["id"]
        print_answer(answer, args.json)
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
        for name in ("region", "as_of"):
            if item.get(name) is not None and not isinstance(item[name], str):
                raise UsageError(f"{path}:{number}: \"{name}\" must be a string")
        if item.get("as_of"):
            from assistant.legal.validity import check_day

            try:
                check_day(item["as_of"])
            except ValueError as error:
                raise UsageError(f"{path}:{number}: {error}") from error
        items.append(item)
    if not items:
        raise UsageError(f"batch file {path} has no questions")
    return items


def print_answer(answer: Answer, as_json: bool) -> None:
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


def chat(args: argparse.Namespace, settings: Settings) -> int:
    """Each line of standard input is a turn; '/new' starts a new conversation."""
    check_k(args.k)
    from assistant.chat.session import ChatSession
    from assistant.service.assistant import open_assistant

    assistant = open_assistant(settings)
    if args.evaluate is not None:
        from assistant.evaluation.conversations import print_conversation_report

        return print_conversation_report(assistant, args.evaluate)
    session = ChatSession(assistant)
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            print("问> ", end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            return 0
        if line.strip() in ("/new", "/reset"):
            session.reset()
            continue
        if not line.strip():
            continue
        answer = session.turn(line.strip(), args.k)
        if not args.json and answer.resolved_question != answer.question:
            print(f"（理解为：{answer.resolved_question}）")
        print_answer(answer, args.json)
