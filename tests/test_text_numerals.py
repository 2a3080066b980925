"""The one Chinese-numeral reader (assistant/text/numerals.py), against hand-written values and cn2an's own writer."""

from __future__ import annotations

import pytest

from assistant.legal.ranges import asked_values
from assistant.quiz.numbers import find_quantities
from assistant.text.numerals import cn_to_int, int_to_cn


@pytest.mark.parametrize(("numeral", "value"), [
    ("十", 10), ("二十一", 21), ("一百零六", 106), ("一百一十", 110), ("两千", 2000), ("一千五百", 1500),
    ("三万", 30_000), ("一万零五百", 10_500), ("二〇一九", 2019), ("一亿五千万", 150_000_000), ("300", 300),
])
def test_numerals_read_as_written(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


def test_article_numbers_round_trip() -> None:
    assert all(cn_to_int(int_to_cn(number)) == number for number in range(10_000))
    assert (int_to_cn(10), int_to_cn(21), int_to_cn(106), int_to_cn(30_000)) == ("十", "二十一", "一百零六", "三万")


def test_a_stray_run_a_pattern_caught_still_reads() -> None:
    """cn2an refuses 百 and 十百; a label such as 百、 must not stop a parse."""
    assert (cn_to_int("百"), cn_to_int("十百")) == (100, 110)
    with pytest.raises(ValueError):
        cn_to_int("三点")


def test_amounts_and_years_in_text() -> None:
    money = [value for value in asked_values("损失一亿五千万元") if value.unit == "money"]
    assert [value.amount for value in money] == [150_000_000]
    quantities = find_quantities("处一亿五千万元罚款")
    assert [(quantity.text, quantity.value) for quantity in quantities] == [("一亿五千万元", 150_000_000)]
    assert find_quantities("二〇一九年") == []  # a calendar year, not a duration
    assert asked_values("造成1万人以上转移") == []  # 万人 alone is no count
    assert asked_values("十万人死亡率是多少？") == []  # the base of a rate, not a count of people
