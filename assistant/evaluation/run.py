"""`python -m assistant eval`: the comparison table on the terminal, eval/report.md and eval/report.png."""

from __future__ import annotations

from importlib.util import find_spec
from pathlib import Path

from assistant.errors import ConfigurationError
from assistant.evaluation.compare import PIPELINE, compare
from assistant.evaluation.jobs import job_figures
from assistant.evaluation.metrics import load_questions, metric_values, score
from assistant.evaluation.report import comparison_table, markdown_report, shortfalls, write_chart
from assistant.settings import Settings


def eval_dir(settings: Settings) -> Path:
    return settings.corpus_dir.parent / "eval"


def default_questions(settings: Settings) -> Path:
    return eval_dir(settings) / "questions.jsonl"


def run_evaluation(settings: Settings, questions_path: Path | None, report_path: Path | None) -> int:
    """Compare the pipeline with the baselines, print the table, write the report and its chart."""
    from assistant.service.assistant import open_assistant

    missing = [name for name in ("langchain_text_splitters", "matplotlib") if find_spec(name) is None]
    if missing:
        raise ConfigurationError(f"eval needs the eval extra ({', '.join(missing)} missing): pip install -e '.[eval]'")
    questions = load_questions(questions_path or default_questions(settings))
    assistant = open_assistant(settings)
    comparison = compare(assistant, questions)
    cost = comparison.embedding
    if cost.embedded:
        print(f"embedded {cost.embedded} of {cost.chunks} baseline chunks in {cost.seconds:.0f} s "
              "(once: they are cached under index/cache/baselines)")
    print(comparison_table(comparison))
    overall = metric_values(score(comparison.outcomes[PIPELINE]))
    print(f"\n{len(questions)} questions: pipeline R@1 {overall['recall@1']:.3f}, R@5 {overall['recall@5']:.3f}, "
          f"MRR {overall['mrr']:.3f}, not-found precision {overall['not_found_precision']:.3f}, "
          f"recall {overall['not_found_recall']:.3f} ({comparison.seconds:.1f} s)")
    for note in shortfalls(comparison):
        print(f"  not ahead: {note}")
    misses = [o for o in comparison.outcomes[PIPELINE] if o.question.answerable and (o.first_correct_rank or 99) > 5]
    for miss in misses:
        print(f"  miss {miss.question.id}: {miss.question.question}")
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

