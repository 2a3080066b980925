"""`python -m assistant eval`: dev and test side by side on the terminal, eval/report.md and eval/report.png."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.evaluation.compare import PIPELINE, compare
from assistant.evaluation.jobs import job_figures
from assistant.evaluation.metrics import Question, load_questions
from assistant.evaluation.report import markdown_report, shortfalls, side_by_side_table, write_chart
from assistant.settings import Settings


def eval_dir(settings: Settings) -> Path:
    return settings.corpus_dir.parent / "eval"


def default_questions(settings: Settings) -> Path:
    """The first sessions' question set (part of dev), for tools that take one file."""
    return eval_dir(settings) / "questions.jsonl"


def question_sets(settings: Settings) -> list[Question]:
    """dev: eval/questions.jsonl and eval/dev/*.jsonl (tune on these); test: eval/test/*.jsonl (sealed)."""
    folder = eval_dir(settings)
    dev = [default_questions(settings), *sorted((folder / "dev").glob("*.jsonl"))]
    test = sorted((folder / "test").glob("*.jsonl"))
    return [q for path in dev if path.exists() for q in load_questions(path, "dev")] + \
        [q for path in test for q in load_questions(path, "test")]


def run_evaluation(settings: Settings, questions_path: Path | None, report_path: Path | None) -> int:
    """Compare the pipeline with the baselines on dev and test, print both, write the report and its chart."""
    from assistant.service import open_assistant

    missing = [name for name in ("langchain_text_splitters", "matplotlib") if find_spec(name) is None]
    if missing:
        raise ConfigurationError(f"eval needs the eval extra ({', '.join(missing)} missing): pip install -e '.[eval]'")
    questions = load_questions(questions_path, "custom") if questions_path else question_sets(settings)
    assistant = open_assistant(settings)
    comparison = compare(assistant, questions)
    cost = comparison.embedding
    if cost.embedded:
        print(f"embedded {cost.embedded} of {cost.chunks} baseline chunks in {cost.seconds:.0f} s "
              "(once: they are cached under index/cache/baselines)")
    print(side_by_side_table(comparison))
    print(f"({len(questions)} questions, {comparison.seconds:.1f} s)")
    for name in comparison.splits:
        if name == "test":
            continue  # sealed: figures only
        split = comparison.split(name)
        for note in shortfalls(split):
            print(f"  {name}, not ahead: {note}")
        for miss in split.outcomes[PIPELINE]:
            if miss.question.answerable and (miss.first_correct_rank or 99) > 5:
                print(f"  {name} miss {miss.question.id}: {miss.question.question}")
    jobs = job_figures(assistant, eval_dir(settings))
    print("\nThe users' jobs, on their own sets:")
    for line in jobs:
        print(f"  {line}")
    report = report_path or eval_dir(settings) / "report.md"
    chart = report.with_suffix(".png")
    write_chart(comparison, chart)
    jobs_section = "\n## The users' jobs, on their own sets\n\n" + "".join(f"- {line}\n" for line in jobs)
    report.write_text(markdown_report(comparison, chart.name) + jobs_section, encoding="utf-8")
    print(f"wrote {report} and {chart}")
    return 0
