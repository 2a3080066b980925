"""Article lookup by number through the real Assistant on the real index."""

from __future__ import annotations

from assistant.legal.names import DocumentNameIndex, document_names, order_names
from assistant.legal.references import ARTICLE_REF, article_key, parse_ref
from assistant.text.numerals import int_to_cn
from assistant.text.statuses import NOT_IN_FORCE


def articles_in_force(assistant):  # type: ignore[no-untyped-def]
    documents = assistant.index.store.documents
    for clause in assistant.index.store.clauses:
        meta = documents[clause.doc_id]
        if clause.kind == "article" and meta.status not in NOT_IN_FORCE:
            yield meta, clause


def test_every_article_in_force_is_reachable_by_number_in_both_numeral_forms(assistant) -> None:  # noqa: ANN001
    """Over the whole library, national and local; a title two versions share lands on the one in force."""
    lookups = 0
    for number, (meta, clause) in enumerate(articles_in_force(assistant)):
        key = article_key(clause.label)
        assert key is not None, clause.label
        article, sub = key
        suffix = f"之{int_to_cn(sub)}" if sub else ""
        short = min(document_names(meta.title), key=len)
        full = f"《{meta.title}》"
        for question in (f"{short if number % 2 else full}第{int_to_cn(article)}条{suffix}规定了什么？",
                         f"{full if number % 2 else short}第{article}条{suffix}"):
            answer = assistant.ask(question, k=1)
            lookups += 1
            assert answer.found, question
            first = answer.citations[0]
            assert (first.clause_id, first.clause_label) == (clause.clause_id, clause.label), question
            assert "按条文编号查到" in answer.answer
    assert lookups > 3000


def test_named_item_is_quoted_first_and_the_whole_article_follows(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("工伤保险条例第十四条第（六）项", k=3)
    assert answer.found and answer.citations[0].clause_label == "第十四条"
    assert answer.citations[0].title == "工伤保险条例"
    lines = answer.answer.splitlines()
    assert lines[1].startswith("所问的第十四条第（六）项：（六）在上下班途中")
    assert "第十四条第（一）项：（一）在工作时间和工作场所内" in answer.answer
    assert len(answer.citations) == 3  # the rest filled by search, after the looked-up article


def test_named_paragraph_of_a_full_title(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("中华人民共和国安全生产法第三条第二款是怎么规定的", k=1)
    assert answer.citations[0].clause_label == "第三条"
    assert "所问的第三条第二款：安全生产工作应当以人为本" in answer.answer
    assert "第三条第三款：" in answer.answer  # every 款 labelled in the whole text


def test_a_missing_article_is_said_plainly(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("安全生产法第九百条规定了什么？")
    assert not answer.found
    assert answer.citations == []
    assert "没有第九百条" in answer.answer and "第119条" in answer.answer


def test_several_articles_and_aliases(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("新安法第二十条和第21条", k=2)
    assert [c.clause_label for c in answer.citations] == ["第二十条", "第二十一条"]
    assert {c.title for c in answer.citations} == {"中华人民共和国安全生产法"}
    order = assistant.ask("493号令第3条", k=1)
    assert order.citations[0].title == "生产安全事故报告和调查处理条例"


def test_an_article_without_a_document_is_left_to_search(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("第二十一条规定了什么", k=3)
    assert "按条文编号查到" not in answer.answer


def test_reference_parsing_reads_both_numeral_forms() -> None:
    first, second = (parse_ref(m) for m in ARTICLE_REF.finditer("第一百零一条第二款第（三）项 与 第101条之一"))
    assert (first.article, first.paragraph, first.item) == (101, 2, 3)
    assert first.part_label == "第一百零一条第二款第（三）项"
    assert (second.article, second.sub, second.article_label) == (101, 1, "第一百零一条之一")


def test_names_longest_match_and_derived_forms(assistant) -> None:  # noqa: ANN001
    names = DocumentNameIndex(assistant.index.store.documents.values())
    assert names.doc_ids("矿山安全法实施条例第五条") == ["mine-safety-law-implementing-regulations-1996"]
    assert names.doc_ids("《矿山安全法》第五条") == ["mine-safety-law-2009"]
    assert document_names("中华人民共和国消防法（2021年修正）") == {"中华人民共和国消防法", "消防法"}
    assert order_names("国务院令第493号") == {"493号令", "国务院令第493号"}
    assert order_names("国务院令第375号（2003年原公布）") == set()
    # a title set with a space between its issuers is named without it too
    assert names.doc_ids("《中共枞阳县委枞阳县人民政府关于推进安全生产领域改革发展的实施意见（征求意见稿）》是谁起草的") == [
        "000_ec815e8a252be08f-att1"]


def test_naming_an_attachment_also_allows_its_cover_letter(assistant) -> None:  # noqa: ANN001
    """The draft is attached to the 枞阳 安监局's letter, which says who drafted it: that letter may answer."""
    question = "《中共枞阳县委枞阳县人民政府关于推进安全生产领域改革发展的实施意见（征求意见稿）》由哪个单位代县委县政府起草的？"
    asked = assistant.searcher.reader.read(question)
    allowed = dict(zip(assistant.searcher.facts.doc_ids, assistant.searcher.allowed(asked, None)))
    assert {doc_id for doc_id, ok in allowed.items() if ok} == {"000_ec815e8a252be08f", "000_ec815e8a252be08f-att1"}
    first = assistant.ask(question)
    assert "我局代县委县政府起草了" in first.citations[0].text


def test_bm25_tokenizer_keeps_article_numbers_whole() -> None:
    from assistant.store.tokenize import tokenize

    tokens = tokenize("安全生产法第二十一条和第101条")
    assert {"第二十一条", "第21条", "第101条", "第一百零一条"} <= set(tokens)


def test_a_chapter_is_looked_up_by_number(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("《工伤保险条例》第3章讲什么", k=2)
    assert answer.found
    assert answer.answer.startswith("按章节编号查到《工伤保险条例》第三章 工伤认定（第十四条至第二十条，共7条）")
    assert [c.clause_label for c in answer.citations] == ["第十四条", "第十五条"]
