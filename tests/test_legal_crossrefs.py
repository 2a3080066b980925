"""Cross-references against the hand-checked list in eval/crossrefs.jsonl, and their use in answers."""

from __future__ import annotations

import json
from collections import defaultdict

from .conftest import ROOT

CROSSREFS = ROOT / "eval" / "crossrefs.jsonl"
FIRST_NATIONAL_TEXTS = {  # the library whose 30 penalty links were read one by one
    "accident-reporting-investigation-regulations-2007", "coal-mine-work-safety-regulations-2024",
    "emergency-response-law-2024", "fire-protection-law-2021", "hazardous-chemicals-safety-regulations-2013",
    "mine-safety-law-2009", "mine-safety-law-implementing-regulations-1996", "occupational-disease-prevention-law-2018",
    "spc-spp-work-safety-crimes-interpretation-2015", "spc-spp-work-safety-crimes-interpretation-ii-2022",
    "special-equipment-safety-law-2013", "special-equipment-safety-supervision-inspection-measures-2022",
    "special-equipment-safety-supervision-regulations-2009", "state-council-major-accident-admin-accountability-provisions-2001",
    "work-injury-insurance-regulations-2010", "work-safety-accident-emergency-regulations-2019", "work-safety-law-2021",
    "work-safety-license-regulations-2014",
}


def expected_by_source() -> dict[tuple[str, str], set[tuple[str, str]]]:
    expected: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for line in CROSSREFS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        targets = expected[(row["doc_id"], row["source"])]
        if row["target"] is not None:
            targets.add((row["target_doc_id"], row["target"]))
    return expected


def resolution_scores(assistant) -> tuple[int, int, int]:  # type: ignore[no-untyped-def]
    """(correct, resolved, expected) over every source clause of the hand-checked list."""
    labels = {(clause.doc_id, clause.label): clause for clause in assistant.index.store.clauses}
    correct = resolved_count = expected_count = 0
    for source, expected in expected_by_source().items():
        clause = labels[source]
        resolved = {(ref.target_doc_id, ref.target_label) for ref in assistant.references.by_source.get(clause.clause_id, [])}
        assert resolved == expected, source
        correct += len(resolved & expected)
        resolved_count += len(resolved)
        expected_count += len(expected)
    return correct, resolved_count, expected_count


def test_hand_checked_cross_references_resolve_exactly(assistant) -> None:  # noqa: ANN001
    correct, resolved, expected = resolution_scores(assistant)
    assert expected >= 50
    assert correct == resolved == expected  # precision 1.0 and recall 1.0 on the list


def test_every_target_label_names_a_real_article_or_part(assistant) -> None:  # noqa: ANN001
    store = assistant.index.store
    for references in assistant.references.by_source.values():
        for reference in references:
            target = store.clause(reference.target_clause_id)
            assert target is not None and target.doc_id == reference.target_doc_id
            part_labels = {part.label for part in target.parts}
            assert reference.target_label == target.label or reference.target_label in part_labels, reference


def test_a_cited_penalty_shows_the_duty_it_punishes_and_the_duty_its_penalty(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("消防法第十六条", k=3)
    first, second = answer.citations[:2]
    assert first.clause_label == "第十六条" and second.clause_label == "第六十七条"
    assert [(r.clause_label, r.relation) for r in first.references] == [("第六十七条", "punished_by")]
    assert {r.clause_label for r in second.references} >= {"第十六条", "第二十一条第二款"}
    assert "违反第十六条的法律责任见《中华人民共和国消防法》第六十七条" in answer.answer
    assert "给予处分或者给予警告处罚。[2]" in answer.answer


def test_a_searched_duty_keeps_its_penalty_cited(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("机关、团体、企业单位应当履行哪些消防安全职责？", k=3)
    assert answer.citations[0].clause_label == "第十六条"
    assert answer.citations[2].clause_label == "第六十七条"  # not among the 3 best by similarity; kept as the penalty
    assert "违反第十六条的法律责任见《中华人民共和国消防法》第六十七条" in answer.answer and answer.answer.endswith("[3]")


def test_references_to_laws_outside_the_corpus_stay_unresolved(assistant) -> None:  # noqa: ANN001
    store = assistant.index.store
    for clause in store.clauses:
        if clause.doc_id.startswith("spc-spp") and "刑法" in clause.text:
            for reference in assistant.references.by_source.get(clause.clause_id, []):
                assert "刑法" not in reference.text, (clause.label, reference.text)


def test_penalty_links_are_the_hand_checked_ones(assistant) -> None:  # noqa: ANN001
    store = assistant.index.store
    links = {
        (store.clause(duty).doc_id, store.clause(duty).label, penalty.label)
        for duty in assistant.references.by_target for penalty in assistant.references.penalties_for(duty)
    }
    first_library = {doc for doc, _, _ in links} & FIRST_NATIONAL_TEXTS
    assert len({link for link in links if link[0] in first_library}) == 30  # each read against the text
    assert len(links) > 100  # the texts shipped since (regional regulations above all) have their own
    assert ("chongqing-special-equipment-safety-regulations-2020", "第十四条", "第五十二条") in links  # 违反本条例第十四条第二项
    assert ("beijing-work-safety-regulations-2022", "第十九条", "第五十八条") in links  # (一)未按照本条例第十九条…
    assert ("shenzhen-work-safety-supervision-regulations-2022", "第四十二条", "第五十八条") in links
    assert ("fire-protection-law-2021", "第二十一条", "第六十七条") in links
    assert ("coal-mine-work-safety-regulations-2024", "第七十条", "第七十四条") in links
    assert ("work-injury-insurance-regulations-2010", "第十九条", "第六十三条") in links
    # 第一百一十五条 names 第九十五条 only to say which department decides: not a penalty for breaching it
    assert not any(doc == "work-safety-law-2021" for doc, _, _ in links)


def test_a_question_asking_the_penalty_gets_the_punishing_article_first_with_its_sanction(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("浙江省的企业主要负责人不履行安全生产管理职责会怎么罚？", k=3)
    labels = [citation.clause_label for citation in answer.citations[:2]]
    assert answer.citations[0].doc_id == "zhejiang-work-safety-regulations-2016"
    assert labels == ["第四十一条", "第十条"]  # the penalty, then the duty it punishes (本条例第十条第二项至第五项)
    first_line = answer.answer.splitlines()[0]
    assert "逾期未改正的，处二万元以上五万元以下罚款" in first_line  # the sentence quoted to its end, not cut at "；"
