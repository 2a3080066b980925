"""The gold questions themselves (evidence checked against the corpus) and named-article retrieval.

The retrieval floors are checked in test_evaluation_compare.py, against eval/floors.json."""

from __future__ import annotations

import numpy as np

from assistant.evaluation import load_questions
from assistant.search.features import restatements

from .conftest import ROOT

QUESTIONS = ROOT / "eval" / "questions.jsonl"


def test_every_evidence_span_is_in_a_clause_of_its_documents(documents) -> None:  # noqa: ANN001
    """Gold evidence is checked against the parsed corpus itself, so a wrong span cannot hide."""
    for question in load_questions(QUESTIONS):
        if not question.answerable:
            assert not question.evidence, question.id
            continue
        assert question.evidence and question.doc_ids, f"{question.id}: answerable but no evidence or documents"
        texts = [clause.text for doc_id in question.doc_ids for clause in documents[doc_id].clauses]
        for span in question.evidence:
            assert any(span in text for text in texts), f"{question.id}: evidence {span!r} is in no clause of {question.doc_ids}"


def test_eval_set_shape() -> None:
    questions = load_questions(QUESTIONS)
    assert len(questions) >= 150
    assert sum(q.paraphrased for q in questions) >= len(questions) / 2
    assert sum(not q.answerable for q in questions) >= 15
    assert {q.use for q in questions} >= {"responsible_body", "obligation", "fact", "quiz", "comparison", "not_answerable"}
    assert all(q.use == "not_answerable" for q in questions if not q.answerable)
    assert len({q.id for q in questions}) == len(questions)


def test_a_named_article_comes_first_in_either_numeral_form(any_assistant) -> None:  # noqa: ANN001
    cases = {
        "安全生产法第二十一条规定了什么？": ("work-safety-law-2021", "第二十一条"),
        "《中华人民共和国安全生产法》第21条": ("work-safety-law-2021", "第二十一条"),
        "《消防法》第16条讲的是什么": ("fire-protection-law-2021", "第十六条"),
        "工伤保险条例第十四条": ("work-injury-insurance-regulations-2010", "第十四条"),
        "职业病防治法第一百零二条": None,  # the law has 88 articles: no such article to put first
    }
    for question, expected in cases.items():
        answer = any_assistant.ask(question, 3)
        if expected is None:  # said plainly, with no stand-in clause (assistant/legal/lookup.py)
            assert not answer.found and "《中华人民共和国职业病防治法》中没有第一百零二条" in answer.answer
        else:
            top = answer.citations[0]
            assert (top.doc_id, top.clause_label) == expected, question


def test_a_regulation_restating_its_law_is_known_as_a_restatement(assistant) -> None:  # noqa: ANN001
    store, facts = assistant.index.store, assistant.searcher.facts
    row = {(clause.doc_id, clause.label): index for index, clause in enumerate(store.clauses)}
    law = row["special-equipment-safety-law-2013", "第三十三条"]  # 投入使用前或者投入使用后三十日内…办理使用登记
    regulation = row["special-equipment-safety-supervision-regulations-2009", "第二十五条"]  # the same duty, 30日内
    unrelated = row["work-safety-law-2021", "第二十一条"]
    above, below = restatements(np.array([regulation, law, unrelated]), facts)
    assert above[0] > 0.3 and below[1] == above[0]  # the regulation is restated above; the law restates below
    assert above[1] == 0.0 and below[0] == 0.0
    assert above[2] == 0.0 and below[2] < 0.2  # nothing stands above a law; an unrelated article barely overlaps


def test_where_a_law_and_its_regulation_say_the_same_the_law_comes_first(assistant) -> None:  # noqa: ANN001
    hits = assistant.searcher.search("特种设备投入使用后多少天内要办理使用登记？", 5).hits
    cited = [(hit.clause.doc_id, hit.clause.label) for hit in hits]
    assert cited[0] == ("special-equipment-safety-law-2013", "第三十三条")  # 上位法: the law above its 2009 regulation
    assert ("special-equipment-safety-supervision-regulations-2009", "第二十五条") in cited


def test_a_question_naming_no_special_subject_is_answered_by_the_general_law_first(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("我们工人在安全方面有哪些权利？", k=3)
    # 安全生产法 governs every trade; 职业病防治法 (whose subject, 职业病, is not asked) comes after it
    assert [citation.doc_id for citation in answer.citations] == ["work-safety-law-2021"] * 3
    assert answer.citations[0].clause_label == "第六条"  # 生产经营单位的从业人员有依法获得安全生产保障的权利


def test_a_special_law_restating_the_general_law_does_not_answer_for_every_trade(assistant) -> None:  # noqa: ANN001
    """建筑法第四十六条 (builders) and 矿山安全法第二十六条 (mines) say what 安全生产法第二十八条 says for every trade;
    a question that names neither building nor mines gets the general law first, the special ones after it."""
    cited = [(c.doc_id, c.clause_label) for c in assistant.ask("未经安全培训的人员能上岗作业吗？", k=3).citations]
    assert cited[0] == ("work-safety-law-2021", "第二十八条"), cited
    assert ("building-law-2019", "第四十六条") in cited[1:]


def test_a_statutory_synonym_of_an_everyday_word_does_not_ask_for_a_special_law(assistant) -> None:  # noqa: ANN001
    """工人 widens the search with 劳动者, whose word 劳动 is 劳动法's subject; the asker never said 劳动, so
    劳动法 does not apply as asked and the general law's training article comes first."""
    cited = [(c.doc_id, c.clause_label) for c in assistant.ask("工人上岗前要不要先培训？", k=3).citations]
    assert cited[0] == ("work-safety-law-2021", "第二十八条"), cited


def test_a_special_subject_is_what_a_documents_own_articles_are_about(assistant) -> None:  # noqa: ANN001
    """Title words that are only a title's formula (适用法律若干问题) do not make a text "asked about"."""
    facts = assistant.searcher.facts
    subjects = dict(zip(facts.doc_ids, facts.subjects))
    assert subjects["work-safety-law-2021"] == frozenset()  # the general law applies to every question
    assert "矿山" in subjects["mine-safety-law-2009"]
    assert "事故" in subjects["accident-reporting-investigation-regulations-2007"]
    interpretation = next(words for doc_id, words in subjects.items() if doc_id.startswith("spc-spp-work-safety-crimes"))
    assert "刑事案件" in interpretation
    assert not interpretation & {"问题", "法律", "适用", "办理", "人民"}
    # a word inside a longer title word counts by its own uses: 职工 is said only as 女职工 there
    assert "女职工" in subjects["female-workers-protection-provisions-2012"]
    assert "职工" not in subjects["female-workers-protection-provisions-2012"]
    assert subjects["hazardous-chemicals-safety-regulations-2013"] == frozenset({"危险化学品"})  # not 危险 alone
    assert not subjects["beijing-work-safety-regulations-2022"]  # 京市 is a piece of 北京市, no subject


def test_a_question_about_every_worker_is_not_sent_to_the_women_workers_rules(assistant) -> None:  # noqa: ANN001
    cited = [(c.doc_id, c.clause_label) for c in assistant.ask("单位要给工人讲清楚岗位有什么危险吗？", k=3).citations]
    assert cited[0][0] == "work-safety-law-2021", cited


WEB_EXAMPLE_ARTICLES = {  # read against the texts: the article that answers each web-app example (第九条: 1小时内)
    "生产经营单位的主要负责人对安全生产负有哪些职责？": ("work-safety-law-2021", "第二十一条"),
    "发生生产安全事故后事故单位应当在多长时间内报告？": ("accident-reporting-investigation-regulations-2007", "第九条"),
    "工伤保险条例第十四条规定了哪些情形应当认定为工伤？": ("work-injury-insurance-regulations-2010", "第十四条"),
}


def test_every_web_app_example_question_returns_its_hand_checked_article_first(assistant) -> None:  # noqa: ANN001
    from assistant.web.app import EXAMPLES

    assert set(EXAMPLES) == set(WEB_EXAMPLE_ARTICLES)  # a new example needs its article checked by hand here
    for question in EXAMPLES:
        answer = assistant.ask(question)
        first = answer.citations[0]
        assert answer.found and (first.doc_id, first.clause_label) == WEB_EXAMPLE_ARTICLES[question], question
        assert answer.answer.count("[1]") >= 1 and first.text in assistant.index.store.clause(first.clause_id).text


def test_a_comparison_of_a_place_and_a_named_law_shows_both_sides(assistant) -> None:  # noqa: ANN001
    """A named law alone scopes the answer; set beside a place's own text (…也这样规定吗？) both are sides."""
    answer = assistant.ask("融安县的规划要求应急预案演练至少三年一次，国家的《生产安全事故应急条例》也这样规定吗？")
    titles = [citation.title for citation in answer.citations[:2]]
    assert set(titles) == {"融安县安监局 “十三五”规划", "生产安全事故应急条例"}, titles
    alone = assistant.ask("《生产安全事故应急条例》对应急预案演练有什么要求？")
    assert {citation.title for citation in alone.citations} == {"生产安全事故应急条例"}
