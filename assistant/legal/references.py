"""Article references in Chinese legal text: 第二十一条第二款第（三）项, 第21条, 第一百零一条之一.

One parser for both the question side (article lookup) and the text side (cross-references), so
that 第二十一条 and 第21条 always mean the same article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.text.numerals import CN_NUMERAL, cn_to_int, int_to_cn

NUMBER = rf"(?:{CN_NUMERAL}|\d+)"
ARTICLE_REF = re.compile(
    rf"第(?P<article>{NUMBER})条(?:之(?P<sub>{CN_NUMERAL}|\d+))?"
    rf"(?:第(?P<paragraph>{NUMBER})款)?"
    rf"(?:第[（(]?(?P<item>{NUMBER})[）)]?项)?"
)
_LABEL = re.compile(rf"^第(?P<article>{NUMBER})条(?:之(?P<sub>{CN_NUMERAL}|\d+))?$")


@dataclass(frozen=True)
class ArticleRef:
    """A reference to an article, optionally narrowed to one of its 款 and 项."""

    article: int
    sub: int | None = None
    paragraph: int | None = None
    item: int | None = None

    @property
    def article_label(self) -> str:
        """The article as the texts label it: 第二十一条, 第十条之一."""
        return f"第{int_to_cn(self.article)}条" + (f"之{int_to_cn(self.sub)}" if self.sub else "")

    @property
    def part_label(self) -> str | None:
        """The 款/项 label as Clause.parts spells it (第二十一条第（三）项, 第三条第一款第（四）项), if narrowed."""
        if self.paragraph is None and self.item is None:
            return None
        label = self.article_label
        if self.paragraph is not None:
            label += f"第{int_to_cn(self.paragraph)}款"
        if self.item is not None:
            label += f"第（{int_to_cn(self.item)}）项"
        return label

    @property
    def label(self) -> str:
        return self.part_label or self.article_label


def parse_ref(match: re.Match[str]) -> ArticleRef:
    """An ArticleRef from a match of ARTICLE_REF."""
    def number(group: str) -> int | None:
        value = match.group(group)
        return cn_to_int(value) if value else None

    article = number("article")
    assert article is not None
    return ArticleRef(article=article, sub=number("sub"), paragraph=number("paragraph"), item=number("item"))


def article_key(label: str) -> tuple[int, int | None] | None:
    """(article, sub) of an article clause's label (第二十一条 → (21, None)); None for other labels."""
    found = _LABEL.match(label)
    if not found:
        return None
    sub = found.group("sub")
    return cn_to_int(found.group("article")), cn_to_int(sub) if sub else None
