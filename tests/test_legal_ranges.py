"""A count or amount in a question finds the clause whose range holds it (12 deaths → 10人以上30人以下)."""

from __future__ import annotations

import math

from assistant.legal.ranges import Range, Value, asked_values, covers, ranges_in


def test_counts_and_amounts_in_a_question() -> None:
    assert asked_values("一起事故死了12个人，属于哪一级事故？") == [Value("people", 12, "死亡")]
    assert asked_values("一次事故造成六十人重伤") == [Value("people", 60, "受伤")]
    assert asked_values("公司有350名从业人员") == [Value("people", 350)]
    assert asked_values("直接经济损失2000万元，还罚了1.5万元") == [Value("money", 2e7), Value("money", 1.5e4)]
    assert asked_values("2019年安全生产法第21条") == []  # dates and article numbers grade nothing


def test_ranges_set_by_the_accident_grading_clause(documents) -> None:  # noqa: ANN001
    grading = next(c.text for c in documents["accident-reporting-investigation-regulations-2007"].clauses
                   if c.label == "第三条")
    ranges = ranges_in(grading)
    assert Range("people", 10, 30, "死亡") in ranges  # 重大事故
    assert Range("people", 50, 100, "受伤") in ranges
    assert Range("money", 5e7, 1e8) in ranges
    assert Range("people", 30, math.inf, "死亡") in ranges  # 特别重大事故
    assert Range("people", 0, 3, "死亡") in ranges  # 一般事故


def test_what_happened_to_the_people_must_agree_when_both_say_it() -> None:
    text = "造成10人以上30人以下死亡，或者50人以上100人以下重伤的事故"
    assert covers(text, [Value("people", 12, "死亡")])
    assert covers(text, [Value("people", 60, "受伤")])
    assert not covers(text, [Value("people", 60, "死亡")])  # 60 deaths is not 50–100 injuries
    assert covers(text, [Value("people", 20)])  # unsaid: either


def test_a_graded_question_cites_the_grade_that_holds_its_number(assistant) -> None:  # noqa: ANN001
    cases = {
        "事故直接经济损失2000万元，算什么等级的事故？": "1000万元以上5000万元以下直接经济损失",  # 较大事故
        "一次事故造成60人重伤，属于什么级别的事故？": "50人以上100人以下重伤",  # 重大事故
    }
    for question, grade in cases.items():
        answer = assistant.ask(question, 5)
        assert any(grade in citation.text for citation in answer.citations[:2]), (question, answer.citations[:2])
