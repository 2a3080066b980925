"""The comparison as text: a terminal/Markdown table, per-use and per-document tables, a PNG chart,
and the list of questions where a baseline ranks the evidence higher than the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.evaluation.compare import PIPELINE, Comparison
from assistant.evaluation.metrics import RECALL_AT, Outcome, format_table, metric_values, score

CHART_METRICS = ("recall@1", "recall@3", "recall@5", "mrr")


def system_values(comparison: Comparison) -> dict[str, dict[str, float]]:
    return {key: metric_values(score(outcomes)) for key, outcomes in comparison.outcomes.items()}


def comparison_table(comparison: Comparison) -> str:
    """One row per retriever; "not found" figures only for the pipeline (baselines never abstain)."""
    values = system_values(comparison)
    lines = ["| retriever | R@1 | R@3 | R@5 | MRR | keywords | NF precision | NF recall | evidence reachable |",
             "|---|---|---|---|---|---|---|---|---|"]
    for key, figures in values.items():
        recall = " | ".join(f"{figures[f'recall@{k}']:.3f}" for k in RECALL_AT)
        not_found = (f"{figures['not_found_precision']:.3f} | {figures['not_found_recall']:.3f}" if key == PIPELINE
                     else "– | –")
        reachable = f"{comparison.reachable[key]:.3f}" if key in comparison.reachable else "1.000"
        lines.append(f"| {comparison.labels[key]} | {recall} | {figures['mrr']:.3f} | "
                     f"{figures['keyword_hit_rate']:.3f} | {not_found} | {reachable} |")
    return "\n".join(lines)


def side_by_side_table(comparison: Comparison) -> str:
    """R@1, R@5 and MRR of every retriever on each split, dev beside test; not-found figures of the pipeline."""
    splits = comparison.splits
    by_split = {name: system_values(comparison.split(name)) for name in splits}
    counts = {name: len(comparison.split(name).questions) for name in splits}
    header = "| retriever | " + " | ".join(f"{name} R@1 | {name} R@5 | {name} MRR" for name in splits) + " |"
    lines = [header, "|---|" + "---|" * (3 * len(splits))]
    for key, label in comparison.labels.items():
        cells = [f"{by_split[name][key]['recall@1']:.3f} | {by_split[name][key]['recall@5']:.3f} | "
                 f"{by_split[name][key]['mrr']:.3f}" for name in splits]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    pipeline = [f"{name} ({counts[name]} q): not found on unanswerable {by_split[name][PIPELINE]['not_found_recall']:.3f}, "
                f"answerable answered {by_split[name][PIPELINE]['answered_rate']:.3f}, "
                f"all parts@5 {by_split[name][PIPELINE].get('all_parts@5', float('nan')):.3f}" for name in splits]
    return "\n".join(lines) + "\n\npipeline: " + "; ".join(pipeline)


def by_use_table(comparison: Comparison) -> str:
    """R@5 / MRR of every retriever on each kind of question."""
    uses = sorted({q.use for q in comparison.questions if q.answerable})
    keys = list(comparison.outcomes)
    lines = ["| use | n | " + " | ".join(f"{key} R@5 / MRR" for key in keys) + " |", "|---|---|" + "---|" * len(keys)]
    for use in uses:
        cells = []
        for key in keys:
            figures = metric_values(score([o for o in comparison.outcomes[key] if o.question.use == use]))
            cells.append(f"{figures['recall@5']:.3f} / {figures['mrr']:.3f}")
        count = sum(q.use == use for q in comparison.questions)
        lines.append(f"| {use} | {count} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def shortfalls(comparison: Comparison) -> list[str]:
    """Where the pipeline does not beat a baseline on R@5 or MRR, and the questions behind it."""
    values = system_values(comparison)
    pipeline = values[PIPELINE]
    notes = []
    for key, figures in values.items():
        if key == PIPELINE:
            continue
        for metric in ("recall@5", "mrr"):
            if pipeline[metric] <= figures[metric]:
                notes.append(f"{comparison.labels[key]}: {metric} {figures[metric]:.3f} ≥ pipeline {pipeline[metric]:.3f}")
    return notes


def better_elsewhere(comparison: Comparison) -> list[str]:
    """Questions where some baseline puts the evidence higher than the pipeline does (rank 99 = not in top 10)."""
    lines = []
    pipeline = {o.question.id: o for o in comparison.outcomes[PIPELINE]}
    for question in comparison.questions:
        if not question.answerable:
            continue
        ours = pipeline[question.id].first_correct_rank or 99
        ranks_elsewhere = {key: _rank(outcomes, question.id) for key, outcomes in comparison.outcomes.items() if key != PIPELINE}
        better = {key: rank for key, rank in ranks_elsewhere.items() if rank < ours}
        if better and ours > 1:
            ranks = ", ".join(f"{key} {rank}" for key, rank in better.items())
            lines.append(f"- {question.id} ({question.use}) pipeline {ours}, {ranks}: {question.question}")
    return lines


def _rank(outcomes: list[Outcome], question_id: str) -> int:
    return next((o.first_correct_rank or 99) for o in outcomes if o.question.id == question_id)


def markdown_report(comparison: Comparison, chart_name: str | None) -> str:
    """Figures of every split; question-by-question lists only for the splits one may tune on."""
    questions = comparison.questions
    answerable = sum(q.answerable for q in questions)
    parts = [
        "# Evaluation",
        "",
        f"{len(questions)} questions ({answerable} answerable, {len(questions) - answerable} not answerable by the corpus) "
        f"in {', '.join(comparison.splits)}; every retriever uses the same embedder and the same questions. A hit is a "
        "retrieved text from one of the question's documents that contains an evidence span (both normalized). "
        "Keywords: all answer keywords in the pipeline's answer, or in a baseline's top three texts. \"Evidence "
        "reachable\": share of answerable questions whose evidence lies whole inside one of the retriever's chunks.",
        "",
        "## Dev and test side by side",
        "",
        side_by_side_table(comparison),
        "",
    ]
    if chart_name:
        parts += [f"![recall and MRR by retriever]({chart_name})", ""]
    for name in comparison.splits:
        split = comparison.split(name)
        parts += [f"## {name}: retrievers", "", comparison_table(split), "",
                  f"## {name}: full pipeline by tag and use", "", format_table(split.outcomes[PIPELINE]), ""]
        if name == "test":
            parts += ["(sealed: no question-by-question list)", ""]
            continue
        notes = shortfalls(split)
        parts += [f"## {name}: where the pipeline does not win", ""]
        parts += [f"- {note}" for note in notes] if notes else ["The full pipeline beats every baseline on R@5 and MRR."]
        parts += ["", "Questions where a baseline ranks the evidence higher than the pipeline:", ""]
        parts += better_elsewhere(split) or ["(none)"]
        parts += ["", f"## {name}: by use (R@5 / MRR)", "", by_use_table(split), ""]
    return "\n".join(parts)


def write_chart(comparison: Comparison, path: Path) -> None:
    """Grouped bars: R@1, R@3, R@5 and MRR for each retriever."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    shown = comparison.split("test") if "test" in comparison.splits else comparison
    values = system_values(shown)
    keys = list(values)
    figure, axes = plt.subplots(figsize=(9, 4.5))
    width = 0.8 / len(keys)
    for offset, key in enumerate(keys):
        positions = [index + offset * width for index in range(len(CHART_METRICS))]
        bars = axes.bar(positions, [values[key][metric] for metric in CHART_METRICS], width,
                        label=comparison.labels[key])
        axes.bar_label(bars, fmt="%.2f", fontsize=6)
    axes.set_xticks([index + 0.4 - width / 2 for index in range(len(CHART_METRICS))], list(CHART_METRICS))
    axes.set_ylim(0, 1.05)
    axes.set_title(f"Evidence retrieval on {len(shown.questions)} {'test ' if shown is not comparison else ''}"
                   "questions (same embedder)")
    axes.legend(fontsize=7, loc="lower right")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def load_floors(path: Path, split: str = "test") -> dict[str, float]:
    """The pipeline's floors on one split (CI holds them on the sealed test split)."""
    return {name: float(value) for name, value in json.loads(path.read_text(encoding="utf-8"))[split].items()}


def below_floors(values: dict[str, float], floors: dict[str, float]) -> list[str]:
    """Each metric of the pipeline that fell below its recorded floor."""
    return [f"{name} {values[name]:.3f} < floor {floor:.3f}" for name, floor in floors.items() if values[name] < floor]
