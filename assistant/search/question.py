"""What a question itself says about where to look: documents it names, places it names or the asker
gives, whether it asks about a penalty, and the separate questions a two-part question holds.

A named law is a hard scope (按照职业病防治法… is answered from that law); a named place or the asker's
place limits local texts to that place, its province and the places inside it, beside national law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from assistant.legal.names import DocumentNameIndex
from assistant.models import DocumentMeta
from assistant.search.about_document import DocumentAsk, about_document
from assistant.search.vocabulary import legal_terms
from assistant.store.tokenize import tokenize
from assistant.text.ordering import longest_first
from assistant.text.places import ADMIN_SUFFIXES, NATIONAL_NAMES, place_names, region_units, units_of_place, within_or_above

_PENALTY = re.compile(r"罚|处罚|处分|法律责任|追究|坐牢|判刑|拘留|吊销|后果|怎么处理|如何处理|会怎样|会怎么样|责任吗")
_EARLIER = re.compile(r"旧版|老版|旧的|老的|以前的|原来的|之前的|修订前|修改前|修正前|老条例|旧条例|过去的")
_LATER = re.compile(r"新版|现行|现在|目前|如今|修订后|修改后|最新")
# A question that sets two texts or places side by side (…和…有什么不同？…一样吗？…也是这么要求的吗？)
COMPARISON = re.compile(r"不同|区别|差异|异同|比较|对比|相比|一样|相同|差别|也是?(?:这么|这样|如此)")
_LOCAL_WORDS = re.compile(r"地方|本地|当地|本省|本市|地方性|自己的|专门的")
_LOCAL_TITLE = r"[^，。？！\s]{0,8}(?:条例|规定|办法|细则|意见|通知|方案)"
_SEGMENT = re.compile(r"[^？?！!]+[？?！!]?")
MIN_SEGMENT_CHARS = 6  # a shorter tail (…吗？对吗？) is no question of its own


@dataclass(frozen=True)
class AskedQuestion:
    """A question read for retrieval."""

    text: str
    search_text: str  # what is matched against clauses: the text without places the library has no text of
    tokens: tuple[str, ...]
    legal_terms: tuple[str, ...]  # statutory words for its everyday words
    named_docs: tuple[str, ...]
    places: tuple[str, ...]  # places named in the question or given as the asker's
    place_units: tuple[tuple[str, ...], ...]  # each place as administrative units (浙江省, 宁波市)
    asks_penalty: bool
    segments: tuple[str, ...]  # the questions a multi-part question holds; one when it is one
    earlier_version: bool = False  # asks what an earlier version said (旧版, 以前的条例), not the text in force
    asks_local_rule: bool = False  # asks what a place's own texts say (当地有什么规定, 广州市安全生产条例)
    compares: bool = False  # sets its named texts or places side by side

    @property
    def has_place(self) -> bool:
        return bool(self.places)

    def allows_document(self, meta: DocumentMeta) -> bool:
        """National texts always; a local text only when the question's place lies within or under it."""
        if meta.level == "national":
            return True
        units = region_units(meta.region)
        return any(within_or_above(units, list(place)) for place in self.place_units)


class QuestionReader:
    """Reads questions against one library's documents (their names and places)."""

    def __init__(self, documents: dict[str, DocumentMeta], ordinary_words: frozenset[str] = frozenset()) -> None:
        """``ordinary_words``: the words national law uses (it names no province or city), which are
        never a place a question names, though jieba's dictionary tags some as places (上岗, 城镇, 大坝, 内河)."""
        self.documents = documents
        self.ordinary_words = ordinary_words
        self.names = DocumentNameIndex(documents.values())
        self.regions = sorted({meta.region for meta in documents.values() if meta.region and meta.level != "national"})
        self._place_names = sorted({name for region in self.regions for name in place_names(region)},
                                   key=longest_first)

    def read(self, text: str, region: str | None = None) -> AskedQuestion:
        """The question as retrieval sees it; ``region`` is the asker's place, when the asker gave one."""
        named = tuple(dict.fromkeys(self.names.doc_ids(text)))
        places = self._places(text, named)
        searched = text
        for place in places:
            if place not in self._place_names:  # no clause can hold it: it only blurs the match (在广州，…)
                searched = searched.replace(place, "")
        if region and region.strip() and not any(name in region for name in NATIONAL_NAMES):
            places.append(region.strip())
        units = tuple(tuple(units_of_place(place, self.regions)) for place in dict.fromkeys(places))
        return AskedQuestion(
            text=text, search_text=searched, tokens=tuple(tokenize(searched)), legal_terms=tuple(legal_terms(text)),
            named_docs=named, places=tuple(dict.fromkeys(places)), place_units=units, asks_penalty=bool(_PENALTY.search(text)),
            segments=split_segments(text), earlier_version=bool(_EARLIER.search(text)) and not _LATER.search(text),
            asks_local_rule=asks_local_rule(text, places), compares=bool(COMPARISON.search(text)),
        )

    def about_document(self, text: str) -> DocumentAsk | None:
        """A question asking only a fact of one document it names (谁印发的？文号？什么时候施行？), else None."""
        return about_document(text, self.names, self.documents)

    def _places(self, text: str, named: tuple[str, ...]) -> list[str]:
        """Places the question names outside the titles it names: the library's own place names, and any
        other place name (广州) so that no other place's text answers for it."""
        rest = text
        for doc_id in named:
            rest = rest.replace(self.documents[doc_id].title, "")
        found = sorted((name for name in self._place_names if name in rest), key=rest.index)  # reading order
        for name in found:
            rest = rest.replace(name, "\u3000")
        return found + [name for name in _other_places(rest) if len(name) >= 2 and name not in self.ordinary_words]


def asks_local_rule(text: str, places: list[str]) -> bool:
    """Whether the question asks for a place's own rule (本地有没有规定, 天津市安全生产条例) rather than what
    applies to someone who happens to be there (我们公司在广州，负责人有哪些职责): only the first is left
    unanswered where the library has no text of that place, since national law answers the second."""
    return bool(places) and (bool(_LOCAL_WORDS.search(text))
                             or any(re.search(re.escape(place) + _LOCAL_TITLE, text) for place in places))


def split_segments(text: str) -> tuple[str, ...]:
    """A two-part question (…多久报告？不报会怎么罚？) as its parts; a one-part question as itself."""
    segments = [segment.strip() for segment in _SEGMENT.findall(text) if segment.strip()]
    if len([segment for segment in segments if len(segment) >= MIN_SEGMENT_CHARS]) < 2:
        return (text,)
    merged: list[str] = []
    for segment in segments:
        if merged and len(segment) < MIN_SEGMENT_CHARS:
            merged[-1] += segment
        else:
            merged.append(segment)
    return tuple(merged)


def _other_places(text: str) -> list[str]:
    """Place names jieba's part-of-speech tagger finds (广州, 天津), for places the library has no text of.
    Its dictionary knows them; the HMM only guesses tags of unknown words, at six times the cost. A word
    tagged as a place is one only when it is an administrative unit: it bears a unit's suffix (广州市) or the
    dictionary also holds it with one (广州 → 广州市, 四川 → 四川省); the tagger's other "places" (东西, 上路,
    上岗) are ordinary words."""
    posseg = _posseg()
    known = posseg.dt.tokenizer.FREQ  # the dictionary the tagger cuts with
    return [word for word, flag in posseg.cut(text, HMM=False) if flag == "ns"
            and (word.endswith(ADMIN_SUFFIXES) or any(known.get(word + suffix) for suffix in ADMIN_SUFFIXES))]


@lru_cache(maxsize=1)
def _posseg():  # type: ignore[no-untyped-def]
    from assistant.store.tokenize import jieba_tokenizer

    jieba_tokenizer()  # the project's legal terms loaded first, so they are not cut into places
    import jieba.posseg

    return jieba.posseg
