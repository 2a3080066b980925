"""A version of a named text the library does not hold is "not found", never answered from another version."""

from __future__ import annotations

from assistant.answer.versions import held_version_years


def test_a_version_the_library_does_not_hold_is_not_found_and_says_which(assistant) -> None:  # noqa: ANN001
    answer = assistant.ask("2025年新修订的《安全生产法》对主要负责人有什么新要求？")
    assert not answer.found
    assert any("2025年版" in warning and "安全生产法" in warning for warning in answer.warnings)
    assert not assistant.ask("重庆市安全生产条例2023年修订以后，对企业有什么新要求？").found  # the library has 2015's


def test_a_version_the_library_holds_is_answered(assistant) -> None:  # noqa: ANN001
    assert assistant.ask("2021年修订的安全生产法规定从业人员有哪些权利？").found
    both = assistant.ask("2019年版和2023年版《道路运输条例》对无证经营的罚款一样吗？")
    assert both.found and not any("年版；" in warning for warning in both.warnings)


def test_a_texts_version_is_read_from_its_own_dates(documents) -> None:  # noqa: ANN001
    assert held_version_years(documents["work-safety-law-2021"].meta) == {"2021"}  # passed 2021-06-10, in force 2021-09-01
    assert "2019" in held_version_years(documents["road-transport-regulations-2019"].meta)
