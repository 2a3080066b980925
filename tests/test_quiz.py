"""Training quizzes on the real corpus: every answer is in its cited clause, every distractor is not."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.errors import InvalidInputError
from assistant.quiz import QuizRequest, generate_quiz, grade_quiz, quiz_validity
from assistant.quiz.models import BLANK, FALSE_ANSWER, TRUE_ANSWER
from assistant.quiz.numbers import find_quantities
from assistant.quiz.select import normalized
from assistant.quiz.validity import question_problems

WORK_SAFETY_LAW = "work-safety-law-2021"
REQUESTS = [
    QuizRequest(n=60, seed=1), QuizRequest(n=60, seed=2),
    QuizRequest(n=40, seed=3, doc="中华人民共和国安全生产法"), QuizRequest(n=40, seed=4, topic="隐患排查"),
]


@pytest.fixture(scope="module")
def store(assistant):  # type: ignore[no-untyped-def]
    return assistant.index.store


@pytest.fixture(scope="module")
def questions(store):  # type: ignore[no-untyped-def]
    return [question for request in REQUESTS for question in generate_quiz(store, request).questions]


def test_two_hundred_questions_are_proved_by_their_clauses(store, questions) -> None:  # type: ignore[no-untyped-def]
    assert len(questions) == 200
    for question in questions:
        clause = normalized(store.clause(question.source.clause_id).text)
        answer = normalized(question.answer_text)
        stem = normalized(question.stem)
        if question.type == "true_false":
            swapped = normalized(question.swapped_in or "")
            if question.answer == TRUE_ANSWER:
                assert stem in clause, question.id
            else:
                assert swapped and swapped not in clause and stem not in clause, question.id
                assert stem.replace(swapped, answer, 1) in clause, question.id
            continue
        assert stem.replace(BLANK, answer) in clause, question.id  # the answer, in the position asked
        texts = [normalized(option.text) for option in question.options]
        assert len(set(texts)) == len(texts), question.id
        for option in question.options:
            if option.label != question.answer:
                assert option.text not in clause, (question.id, option.text)
                assert stem.replace(BLANK, normalized(option.text)) not in clause
        assert question_problems(question, store.clause(question.source.clause_id).text) == []


def test_questions_cite_their_clause_and_mix_types_and_kinds(store, questions) -> None:  # type: ignore[no-untyped-def]
    for question in questions:
        source = question.source
        assert store.documents[source.doc_id].title == source.title
        assert store.clause(source.clause_id).label == source.clause_label
        assert normalized(question.evidence) in normalized(source.text)
    assert {question.type for question in questions} == {"fill_blank", "single_choice", "true_false"}
    assert {question.kind for question in questions} == {"number", "body", "slogan", "term"}
    assert {question.answer for question in questions if question.type == "true_false"} == {TRUE_ANSWER, FALSE_ANSWER}


def test_same_seed_same_quiz_other_seed_other_quiz(store) -> None:  # type: ignore[no-untyped-def]
    first = generate_quiz(store, QuizRequest(n=15, seed=7))
    assert generate_quiz(store, QuizRequest(n=15, seed=7)).model_dump() == first.model_dump()
    other = generate_quiz(store, QuizRequest(n=15, seed=8))
    assert [q.stem for q in other.questions] != [q.stem for q in first.questions]
    assert other.quiz_id != first.quiz_id


def test_a_document_a_topic_and_drafts(store) -> None:  # type: ignore[no-untyped-def]
    by_doc = generate_quiz(store, QuizRequest(n=10, doc=WORK_SAFETY_LAW))
    assert {q.source.doc_id for q in by_doc.questions} == {WORK_SAFETY_LAW}
    on_topic = generate_quiz(store, QuizRequest(n=10, topic="隐患排查"))
    assert all("隐患排查" in q.source.text for q in on_topic.questions)
    assert all("隐患排查" in q.evidence for q in on_topic.questions[:5])  # the topic's own sentences come first
    drafts = {doc_id for doc_id, meta in store.documents.items() if meta.status == "draft"}
    assert drafts
    whole = generate_quiz(store, QuizRequest(n=100, seed=5))
    assert not {q.source.doc_id for q in whole.questions} & drafts
    asked = generate_quiz(store, QuizRequest(n=5, doc=sorted(drafts)[0]))
    assert asked.questions and all(any("征求意见稿" in w for w in q.warnings) for q in asked.questions)


def test_unusable_requests_are_named(store) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InvalidInputError, match="matches 3 documents"):
        generate_quiz(store, QuizRequest(doc="实施意见"))
    with pytest.raises(InvalidInputError, match="no document"):
        generate_quiz(store, QuizRequest(doc="不存在的文件"))
    with pytest.raises(InvalidInputError, match="topic"):
        generate_quiz(store, QuizRequest(topic="量子计算机"))


def test_grading_a_correct_sheet_and_a_sheet_with_mistakes(store) -> None:  # type: ignore[no-untyped-def]
    quiz = generate_quiz(store, QuizRequest(n=12, seed=3))
    perfect = grade_quiz(quiz, {q.id: q.answer for q in quiz.questions})
    assert (perfect.correct, perfect.score) == (12, 1.0)
    sheet = {}
    for question in quiz.questions:
        if question.type == "single_choice":
            sheet[question.id] = next(o.label for o in question.options if o.label != question.answer)
        elif question.type == "true_false":
            sheet[question.id] = "×" if question.answer == TRUE_ANSWER else "正确"
        else:
            sheet[question.id] = "不知道"
    sheet.pop(quiz.questions[0].id)
    report = grade_quiz(quiz, sheet | {"q99": "A"})
    assert report.correct == 0 and report.unanswered == [quiz.questions[0].id] and report.unknown == ["q99"]
    for result, question in zip(report.results, quiz.questions):
        assert not result.correct
        assert question.evidence in result.explanation and question.answer_text in result.explanation
        assert result.source.clause_id == question.source.clause_id
        assert normalized(result.evidence) in normalized(store.clause(result.source.clause_id).text)


def test_other_ways_of_writing_an_answer_are_accepted(store) -> None:  # type: ignore[no-untyped-def]
    quiz = generate_quiz(store, QuizRequest(n=60, seed=2, types=["fill_blank", "single_choice"]))
    sheet = {}
    for question in quiz.questions:
        if question.type == "single_choice":
            sheet[question.id] = question.answer.lower() + "."
        elif question.kind == "number" and not question.answer_text[0].isdigit():
            quantity = find_quantities(question.answer_text)[0]
            digits = quantity.value / (10_000 if quantity.unit == "万元" else 1)
            sheet[question.id] = f"{digits:g}{quantity.unit}"  # 一百人 → 100人
        else:
            sheet[question.id] = f"“{question.answer_text}”"
    assert any(value[0].isdigit() for value in sheet.values())
    assert grade_quiz(quiz, sheet).score == 1.0


def test_numbers_are_read_as_quantities_not_dates_or_ordinals() -> None:
    text = ("从业人员超过一百人的，处三万元以上十万元以下的罚款；提前二十四小时通知；第三人；上一年年收入；"
            "2002年6月29日通过；4月15日前报送；75%以上")
    assert [(q.text, q.key) for q in find_quantities(text)] == [
        ("一百人", "100人"), ("三万元", "30000元"), ("十万元", "100000元"), ("二十四小时", "24小时"), ("75%", "75%"),
    ]


def test_quiz_validity_on_five_hundred_questions(store) -> None:  # type: ignore[no-untyped-def]
    report = quiz_validity(store)
    assert report["questions"] == 500
    assert report["validity"] >= 0.99, report["failures"]


def test_cli_exports_json_csv_and_grades(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    quiz_file, csv_file, answers = tmp_path / "quiz.json", tmp_path / "quiz.csv", tmp_path / "answers.json"
    assert main(["quiz", "--n", "6", "--doc", WORK_SAFETY_LAW, "--seed", "2", "--out", str(quiz_file)]) == 0
    assert main(["quiz", "--n", "6", "--doc", WORK_SAFETY_LAW, "--seed", "2", "--out", str(csv_file)]) == 0
    quiz = json.loads(quiz_file.read_text(encoding="utf-8"))
    rows = list(csv.DictReader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert [row["id"] for row in rows] == [q["id"] for q in quiz["questions"]]
    assert all(row["clause_text"] and row["clause_id"] for row in rows)
    sheet = {q["id"]: q["answer"] for q in quiz["questions"]}
    first = quiz["questions"][0]
    sheet[first["id"]] = {"对": "错", "错": "对"}.get(first["answer"], "X")
    answers.write_text(json.dumps(sheet, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["quiz", "grade", str(quiz_file), str(answers)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("得分 5/6") and f"✗ {first['id']}" in printed and first["source"]["clause_id"] in printed
    assert main(["quiz", "grade", str(quiz_file)]) == 2
    assert main(["quiz", "--n", "0"]) == 2
