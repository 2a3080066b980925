"""Quantities a question asks for (多少天, 罚多少钱, 百分之几, 几个小时) and whether a clause states one.

A question that asks "how many days" is not answered by clauses that name no period at all: quoting
them as the answer would present a duty without its number. The answerer then says "not found" and
lists the clauses as nearest only. Only the kind of quantity is checked (a period, an amount of
money, a share (百分之一, 100%), a count of a unit), never the value, so the check can only withhold an answer, not invent one.
"""

from __future__ import annotations

import re

from assistant.text.numerals import CN_DIGITS

_NUMBER = rf"(?:[0-9０-９.]+|[{CN_DIGITS}十百千万半]+)"  # 半年 and 五万 are figures too
_PERIOD_UNITS = ("个工作日", "工作日", "个小时", "小时", "分钟", "个月", "个季度", "季度", "周", "天", "日", "月", "年")
_MONEY_UNITS = ("万元", "元", "钱")
_READABLE = {"period": "期限", "money": "金额", "percent": "比例"}
_SYNONYMS = {"度": ("度", "℃"), "人": ("人", "名")}

_ASKS_PERIOD = re.compile(r"多久|多长时间|多少时间|多长期限")
_ASKS_MONEY = re.compile(r"多少钱|罚多少|多少罚款|多少[^，。？！\s]{0,3}费")
_ASKS_PERCENT = re.compile(r"百分之(?:几|多少)|几成|(?:比例|百分比)[^，。？！\s]{0,4}(?:多少|几)")
_RATIO_UNITS = ("比例", "百分比", "成")  # 多少比例, 几成: a share, not a measure word
_UNIT = re.compile(r"[\u4e00-\u9fff]{1,3}")
MAX_UNIT_CHARS = 3  # a measure word (次, 小时, 平方米), not a noun phrase
_FIGURE_PERIOD = re.compile(_NUMBER + r"(?:" + "|".join(_PERIOD_UNITS) + r")|每个?(?:年|季度|月|周|日|天)")
_FIGURE_MONEY = re.compile(_NUMBER + r"(?:万元|元)|百分之|倍")
_STATES_PERIOD = re.compile(_FIGURE_PERIOD.pattern + r"|定期|立即|即时|随时")  # a figure, or a manner of time
_STATES_MONEY = re.compile(_FIGURE_MONEY.pattern + r"|不得收取|不收取|免费|无偿")  # a figure, or that nothing is paid
_STATES_PERCENT = re.compile(r"百分之|千分之|[0-9０-９.]+\s*[%％‰]|" + rf"[{CN_DIGITS}]成")  # 百分之一, 100%, 三成


def asked_quantities(question: str) -> list[str]:
    """The kinds of quantity a question asks for, in its order: "period", "money", or a unit such as 学时."""
    found = [(match.start(), "period") for match in _ASKS_PERIOD.finditer(question)]
    found += [(match.start(), "money") for match in _ASKS_MONEY.finditer(question)]
    found += [(match.start(), "percent") for match in _ASKS_PERCENT.finditer(question)]
    for position, unit in _counted_units(question):
        found.append((position, _kind_of_unit(unit)))
    return list(dict.fromkeys(kind for _, kind in sorted(found)))


def _kind_of_unit(unit: str) -> str:
    """A period (天, 个月), money (元, 钱, any 费) or the measure word itself."""
    if unit in _PERIOD_UNITS:
        return "period"
    if unit in _MONEY_UNITS or "费" in unit:
        return "money"
    if unit in _RATIO_UNITS:
        return "percent"
    return unit


def _counted_units(question: str) -> list[tuple[int, str]]:
    """The unit a question counts in: the word after 多少/几(个), as jieba cuts it (多少学时 → 学时, 几次 → 次).
    No list of units: whatever measure word the asker uses is looked for in the clauses."""
    from assistant.store.tokenize import jieba_tokenizer

    if "多少" not in question and "几" not in question:
        return []  # nothing is counted: no need to cut the question
    jieba = jieba_tokenizer()
    words = list(jieba.cut(question))
    found, position = [], 0
    for index, word in enumerate(words):
        head = re.match(r"(?<!哪)(多少|几个|几)(.*)$", word)
        if head and not (index and words[index - 1].endswith("哪")):
            tail = head.group(2) or (words[index + 1] if index + 1 < len(words) else "")
            # jieba's HMM glues what follows into one new word (人算, 天内); its dictionary alone splits it
            tail = jieba.lcut(tail, HMM=False)[0] if tail else tail
            if _UNIT.fullmatch(tail) and len(tail) <= MAX_UNIT_CHARS:
                found.append((position, tail.removeprefix("个") or tail))
        position += len(word)
    return found


def states_quantity(text: str, kind: str) -> bool:
    """Whether a clause states a quantity of this kind (any value)."""
    if kind == "period":
        return bool(_STATES_PERIOD.search(text))
    if kind == "money":
        return bool(_STATES_MONEY.search(text))
    if kind == "percent":
        return bool(_STATES_PERCENT.search(text))
    units = "|".join(map(re.escape, _SYNONYMS.get(kind, (kind,))))
    return bool(re.search(rf"{_NUMBER}(?:个|名)?(?:{units})", text))


def states_figure(text: str, kind: str) -> bool:
    """Whether a clause states a period or an amount as a figure (1小时内, 每季度, 五万元以下), not only as a
    manner (立即, 定期, 及时) or not at all."""
    pattern = {"period": _FIGURE_PERIOD, "money": _FIGURE_MONEY}.get(kind)
    return bool(pattern and pattern.search(text))


def figure_first(question: str, texts: list[str]) -> int:
    """Which of the texts to quote first for a question asking a period or an amount (多长时间内, 罚多少): the
    first that states it as a figure, when the best states only a manner (立即报告); else 0, the best."""
    kinds = [kind for kind in asked_quantities(question) if kind in ("period", "money")]
    stating = [index for index, text in enumerate(texts) if any(states_figure(text, kind) for kind in kinds)]
    return stating[0] if stating else 0


def unstated_quantities(question: str, texts: list[str]) -> list[str]:
    """The quantities the question asks for that none of the texts states, named for the reader (期限, 金额, 学时数)."""
    return [_READABLE.get(kind, f"{kind}数") for kind in asked_quantities(question)
            if not any(states_quantity(text, kind) for text in texts)]
