"""The one place-name reader (assistant/text/places.py), on the regions of the bundled corpus."""

from __future__ import annotations

from assistant.text.places import place_names, place_of, places_in, short_place_names


def test_region_units_in_full_and_bare() -> None:
    assert place_names("湖南省益阳市沅江市") == ["湖南省", "湖南", "益阳市", "益阳", "沅江市", "沅江"]
    assert place_names("广西壮族自治区柳州市融安县") == ["广西壮族自治区", "广西", "柳州市", "柳州", "融安县", "融安"]
    assert place_names("山西省朔州市") == ["山西省", "山西", "朔州市", "朔州"]
    assert place_names("全国")[0] == "全国" and place_names(None) == []


def test_short_names_are_the_bare_units() -> None:
    assert short_place_names("安徽省铜陵市枞阳县") == ["安徽", "铜陵", "枞阳"]
    assert short_place_names("全国") == []


def test_a_documents_place_and_a_questions_places() -> None:
    assert place_of("融安县安监局", None) == ("融安县", "county")
    assert place_of(None, "朔州市人民政府办公室关于…") == ("朔州市", "city")
    # a suffix character that opens a word is no place: a national regulator's rule added with ``add``
    assert place_of("国家市场监督管理总局", "特种设备安全监督检查办法") == (None, None)
    assert place_of("湖北省市场监督管理局", None) == ("湖北省", "provincial")
    assert places_in("枞阳县和沅江市的安委会主任由谁担任？") == ["枞阳", "沅江"]
    assert places_in("各县区的安委会") == []


def test_an_ordinary_word_jieba_tags_as_a_place_is_not_a_place_the_question_names(assistant) -> None:  # noqa: ANN001
    """jieba's dictionary tags 上岗, 城镇, 大坝 and 内河 as places; national law uses them as ordinary words,
    so they limit nothing: a question about 上岗 may be answered from any text, and is not "not found"
    for asking about a place the library has no text of."""
    reader = assistant.searcher.reader
    for question in ("没有培训合格能上岗吗？", "城镇燃气归谁管？", "水库大坝的安全谁负责？", "内河船舶能超载吗？"):
        assert reader.read(question).places == (), question
    # words no national law uses but no administrative unit either (the dictionary holds no 东西市, 上路县)
    for question in ("培训档案里要记哪些东西？", "用货车拉剧毒化学品上路要办什么证？"):
        assert reader.read(question).places == (), question
    assert reader.read("我们公司在广州，有什么地方规定？").places == ("广州",)  # a place the library has no text of
    assert reader.read("在成都做工程，四川省有什么规定？").places == ("成都", "四川省")
    assert reader.read("宁波的企业要设安全总监吗？").places == ("宁波",)
    # an autonomous region goes by its short name too (新疆 → 新疆维吾尔自治区)
    assert reader.read("我们公司在新疆，要交安全生产责任险吗？").places == ("新疆",)
    assert reader.read("广西有没有自己的安全生产条例？").places == ("广西",)
    answer = assistant.ask("没有经过安全培训合格的工人能上岗作业吗？", k=5)
    assert answer.found and ("work-safety-law-2021", "第二十八条") in [(c.doc_id, c.clause_label) for c in answer.citations]


def test_a_place_the_library_has_no_text_of_leaves_only_its_own_rules_unanswered(assistant) -> None:  # noqa: ANN001
    """National law answers an asker who happens to be in 广州; what 广州's own texts say, the library cannot."""
    here = assistant.ask("我们公司在广州，主要负责人对安全生产负有哪些职责？")
    assert here.found and (here.citations[0].doc_id, here.citations[0].clause_label) == ("work-safety-law-2021", "第二十一条")
    assert not assistant.ask("广州市对企业的安全培训有什么地方规定？").found
    assert not assistant.ask("天津市安全生产条例对专职安全员的配备有什么要求？").found
    assert not assistant.ask("宁夏有没有自己的安全生产条例？").found  # (广西 has one county's text here: 融安县)


def test_where_the_asker_is_changes_nothing_when_the_library_has_no_text_of_that_place(assistant) -> None:  # noqa: ANN001
    """A place no clause names only scopes the question; matched as words it lowered every score, so 我们公司在广州
    could leave a national-law question unanswered that the same words with another place answered."""
    question = "我们公司在{}，主要负责人对安全生产负有哪些职责？"
    answers = [assistant.ask(question.format(place)) for place in ("广州", "新疆", "成都", "西安")]
    for answer in answers:
        assert answer.found, answer.question
        assert [(c.doc_id, c.clause_label) for c in answer.citations] == \
            [(c.doc_id, c.clause_label) for c in answers[0].citations], answer.question
    assert (answers[0].citations[0].doc_id, answers[0].citations[0].clause_label) == ("work-safety-law-2021", "第二十一条")
