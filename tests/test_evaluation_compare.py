"""The comparison run on the real corpus and index: baselines are fair, the pipeline keeps its floors."""

from __future__ import annotations

import time

import pytest

from assistant.evaluation import evaluate_ranked, metric_values, score
from assistant.evaluation.baselines import chinese_splitter, raw_texts, textbook_splitter
from assistant.evaluation.compare import PIPELINE, Comparison, compare
from assistant.evaluation.metrics import Question, normalized
from assistant.evaluation.report import below_floors, load_floors, markdown_report, write_chart
from assistant.evaluation.run import question_sets
from assistant.settings import Settings

from .conftest import CORPUS, ROOT

FLOORS = ROOT / "eval" / "floors.json"


@pytest.fixture(scope="module")
def comparison(assistant) -> Comparison:  # noqa: ANN001
    started = time.perf_counter()
    result = compare(assistant, question_sets(Settings()))
    cost = result.embedding
    print(f"\ncomparison: {time.perf_counter() - started:.1f} s; {cost.embedded} of {cost.chunks} baseline chunks "
          f"embedded now ({cost.seconds:.0f} s; cold, expect ≈ {cost.chunks / 9:.0f} s on 2 cores)")
    return result


def test_full_pipeline_keeps_its_recorded_floors_on_the_sealed_test_split(comparison: Comparison) -> None:
    values = metric_values(score(comparison.split("test").outcomes[PIPELINE]))
    assert not below_floors(values, load_floors(FLOORS, "test"))


def test_dev_and_test_are_both_there_and_apart(comparison: Comparison) -> None:
    assert comparison.splits == ["dev", "test"]
    dev, test = comparison.split("dev").questions, comparison.split("test").questions
    assert len(test) >= 300 and not {q.id for q in dev} & {q.id for q in test}
    assert sum(not q.answerable for q in test) >= 0.15 * len(test)
    assert sum("everyday" in q.tags for q in test) >= 0.6 * len(test)


def test_every_retriever_answered_every_question(comparison: Comparison) -> None:
    assert set(comparison.outcomes) == {"langchain", "chinese", "bm25", "dense", PIPELINE}
    for outcomes in comparison.outcomes.values():
        assert [o.question.id for o in outcomes] == [q.id for q in comparison.questions]


def test_baselines_can_reach_almost_all_evidence(comparison: Comparison) -> None:
    """Normalizing a raw chunk makes gold evidence findable in it; only a span cut by a chunk border is lost.
    Our clauses miss only what a page states outside its body (page fields such as 有效性, a signature)."""
    assert comparison.reachable["bm25"] == comparison.reachable["dense"] >= 0.97
    assert comparison.reachable["langchain"] >= 0.9
    assert comparison.reachable["chinese"] >= 0.85


def test_normalized_raw_files_of_its_documents_contain_every_evidence_span() -> None:
    """The writers' own check, repeated on the shipped corpus: each span lies in a text it names."""
    corpus = {doc_id: normalized(text) for doc_id, text in raw_texts(CORPUS)}
    for question in question_sets(Settings()):
        for span in question.evidence:
            files = [text for doc_id, text in corpus.items()
                     if any(d == doc_id or d.startswith(f"{doc_id}-") for d in question.doc_ids)]
            assert any(span in text for text in files), f"{question.id}: {span!r}"


def test_splitters_respect_their_sizes() -> None:
    text = raw_texts(CORPUS)[0][1]
    assert max(len(chunk) for chunk in textbook_splitter().split_text(text)) <= 500
    chinese = chinese_splitter().split_text(text)
    assert sum(len(chunk) <= 250 for chunk in chinese) >= 0.98 * len(chinese)  # like Chatchat's: no cut inside a phrase
    assert sum(chunk.endswith(("。", "！", "？", "；")) for chunk in chinese) > len(chinese) / 2


def test_ranked_scoring_counts_the_first_text_holding_evidence() -> None:
    question = Question(id="t", question="q", use="fact", answerable=True, evidence=("每年至少进行一次全面检测",),
                        answer_keywords=("一次",), doc_ids=("d",), paraphrased=False)
    texts = ["无关条文", "对建筑消防设施每年至少进行一次全面检测", "又一条"]
    outcome = evaluate_ranked([question], lambda _: [("d", text) for text in texts])[0]
    assert outcome.first_correct_rank == 2 and outcome.keywords_hit and outcome.found
    elsewhere = evaluate_ranked([question], lambda _: [("other", text) for text in texts])[0]
    assert elsewhere.first_correct_rank is None  # the right words in another document are not the evidence
    missed = evaluate_ranked([question], lambda _: [("d", "无关")] * 12)[0]
    assert missed.first_correct_rank is None and not missed.keywords_hit


def test_report_and_chart_are_written(comparison: Comparison, tmp_path) -> None:  # noqa: ANN001
    chart = tmp_path / "report.png"
    write_chart(comparison, chart)
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    report = markdown_report(comparison, chart.name)
    for label in comparison.labels.values():
        assert label in report
    assert "report.png" in report


def test_bench_rejects_unusable_scale_sizes(capsys) -> None:  # noqa: ANN001
    from assistant.cli import main

    assert main(["bench", "--scale", "10k"]) == 2
    assert "--scale" in capsys.readouterr().err


def test_eval_reports_each_users_job_on_its_own_set(assistant) -> None:  # noqa: ANN001
    from assistant.evaluation.jobs import job_figures

    lines = job_figures(assistant, ROOT / "eval")
    assert [line.split(" (")[0] for line in lines] == ["duty map", "quiz validity", "chat follow-ups"]
    from assistant.duties.gold import load_gold

    labelled = sum(bool(row.get("body")) for row in load_gold(ROOT / "eval" / "duties_gold.jsonl"))
    assert f"({labelled} hand-labelled pairs)" in lines[0] and "(500 generated questions)" in lines[1]
