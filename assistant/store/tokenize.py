"""Chinese tokens for BM25: jieba's search mode, plus legal units kept whole.

第二十一条 stays one token and also yields 第21条, so a question in either numeral form finds the
article lexically; numbers (21, 2019) stay whole. Function words and punctuation are dropped.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

from assistant.text.numerals import CN_NUMERAL, cn_to_int, int_to_cn

_LEGAL_UNIT = re.compile(rf"第({CN_NUMERAL}|\d+)([编章节条款项])")
_KEEP = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
STOPWORDS = frozenset(
    "的 了 和 与 及 或 是 在 对 于 为 以 由 将 把 被 并 等 其 之 也 而 又 就 都 这 那 有 个 中 上 下 "  # noqa: SIM905
    "吗 呢 吧 啊 哪 哪些 什么 怎么 怎样 如何 多少 谁 哪个 哪里 是否 能否 可以 应当 应该 要 会 "
    "我 我们 你 你们 他 他们 它 本 该 各 请问 一下 规定 规定了 关于".split()
)


@lru_cache(maxsize=1)
def jieba_tokenizer():  # type: ignore[no-untyped-def]
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    terms = resources.files("assistant.data").joinpath("terms.txt").read_text(encoding="utf-8")
    for term in terms.split():
        jieba.add_word(term, freq=20000)
    jieba.initialize()
    return jieba


def legal_unit_tokens(text: str) -> list[str]:
    """第二十一条 → ['第二十一条', '第21条']; 第21条 → ['第21条', '第二十一条']."""
    tokens: list[str] = []
    for match in _LEGAL_UNIT.finditer(text):
        number = cn_to_int(match.group(1))
        unit = match.group(2)
        tokens += [f"第{number}{unit}", f"第{int_to_cn(number)}{unit}"]
    return tokens


def tokenize(text: str) -> list[str]:
    """Search tokens of ``text`` (lower-cased, stopwords and punctuation removed)."""
    return list(_tokens(text))


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[str, ...]:
    """Kept for recent texts: one question is read by the question reader, BM25 and the answerer in turn."""
    tokens = legal_unit_tokens(text)
    stripped = _LEGAL_UNIT.sub(" ", text)
    for token in jieba_tokenizer().cut_for_search(stripped):
        token = token.strip().lower()
        if token and token not in STOPWORDS and _KEEP.search(token):
            tokens.append(token)
    return tuple(tokens)
