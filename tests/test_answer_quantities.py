"""A question asking for a number (多少天, 罚多少钱, 多少学时) is answered only by clauses stating one."""

from __future__ import annotations

from assistant.answer.quantities import asked_quantities, figure_first, states_figure, states_quantity, unstated_quantities


def test_the_quantity_a_question_asks_for() -> None:
    cases = {
        "工人受伤后单位最晚多少天内要申请工伤认定？": ["period"],
        "负责人接到报告后最迟多久要上报？": ["period"],
        "塔吊司机连续作业最多几个小时？": ["period"],
        "占用消防通道会被罚多少钱？": ["money"],
        "办许可证要交多少手续费？": ["money"],
        "每年继续教育要修满多少学时？": ["学时"],
        "死多少人算特别重大事故？": ["人"],
        "井下温度最高不能超过多少度？": ["度"],
        "死几个人算严重后果？一般判多少年？": ["人", "period"],
        "安全生产费用按营业收入的百分之几提取？": ["percent"],
        "专职安全员要按员工人数的多少比例配？": ["percent"],  # 比例 is a share, not a measure word
        "两部法规的罚款比例一样吗？": [],  # compares, asks no figure
        "突发事件包括哪几类？": [],  # an enumeration, not a quantity
        "哪几次职业健康检查由单位安排？": [],
        "谁负责危险化学品的安全监督管理？": [],
    }
    for question, kinds in cases.items():
        assert asked_quantities(question) == kinds, question


def test_clauses_of_the_corpus_state_or_lack_the_quantity(documents) -> None:  # noqa: ANN001
    def clause(doc_id: str, label: str) -> str:
        return next(c.text for c in documents[doc_id].clauses if c.label == label)

    reporting = clause("work-injury-insurance-regulations-2010", "第十七条")  # 30日内 … 1年内
    assert states_quantity(reporting, "period") and not states_quantity(reporting, "money")
    licence = clause("work-safety-license-regulations-2014", "第四条")  # who issues the licence: no figure
    assert not states_quantity(licence, "money") and not states_quantity(licence, "period")
    firefighting = clause("fire-protection-law-2021", "第四十九条")  # 不得收取任何费用 answers "how much"
    assert states_quantity(firefighting, "money")
    mine_climate = clause("mine-safety-law-implementing-regulations-1996", "第二十二条")  # 不得超过28℃
    assert states_quantity(mine_climate, "度")
    fines = clause("work-safety-law-2021", "第九十五条")  # 上一年年收入百分之四十的罚款
    assert states_quantity(fines, "percent") and not states_quantity(licence, "percent")


def test_unstated_quantities_are_named_for_the_reader() -> None:
    texts = ["生产经营单位应当每年进行一次检查。", "违反本条例的，处1万元以上5万元以下的罚款。"]
    assert unstated_quantities("多久检查一次？罚多少钱？", texts) == []
    assert unstated_quantities("要修满多少学时？", texts) == ["学时数"]
    assert unstated_quantities("多少天内完成？要交多少费用？", ["由主管部门负责。"]) == ["期限", "金额"]


def test_a_figure_the_corpus_does_not_state_is_not_found_and_says_why(assistant) -> None:  # noqa: ANN001
    for question, missing in {
        "沅江市今年给安全生产专项资金拨了多少万元？": "金额",
        "矿山企业特种作业人员每年要复训多少学时？": "学时数",
    }.items():
        answer = assistant.ask(question, 5)
        assert not answer.found, question
        assert f"问题问的是{missing}，最接近的条文都没有写明。" in answer.warnings
        assert answer.citations, "the nearest clauses are still listed, marked as not an answer"


def test_a_figure_the_corpus_states_is_still_answered(assistant) -> None:  # noqa: ANN001
    cases = {
        "事故发生以后，单位负责人多长时间内要向政府部门报告？": "1小时",
        "工伤认定申请受理以后多少天内作出决定？": "60日",
        "消防队来救火要收多少钱？": "不得收取任何费用",
    }
    for question, figure in cases.items():
        answer = assistant.ask(question, 5)
        assert answer.found and figure in answer.answer, (question, answer.answer)


def test_a_period_asked_for_is_quoted_from_the_clause_that_states_it_as_a_figure() -> None:
    immediately = "事故现场有关人员应当立即报告本单位负责人。"
    within_an_hour = "单位负责人接到报告后，应当于1小时内向事故发生地县级以上人民政府安全生产监督管理部门报告。"
    assert states_figure(within_an_hour, "period") and not states_figure(immediately, "period")
    assert states_figure("每季度至少召开一次防范特大安全事故工作会议。", "period")
    assert figure_first("事故发生后应当在多长时间内报告？", [immediately, within_an_hour]) == 1
    assert figure_first("事故发生后应当在多长时间内报告？", [within_an_hour, immediately]) == 0
    assert figure_first("事故发生后应当向谁报告？", [immediately, within_an_hour]) == 0  # no figure asked
