"""Raw page text → clean paragraphs of Simplified Chinese, faithful to the document's own words.

Steps, in order: strip romanization a web converter left behind, convert Traditional to Simplified
(OpenCC), unify punctuation and spacing, set aside page furniture and page info fields, rejoin lines
broken mid-sentence (dropping a fragment repeated across the break), and drop repeated runs of text
(a whole body posted twice).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.ingest.furniture import STATUS_NOTICE, is_furniture, page_fields
from assistant.ingest.numbering import starts_with_marker

_HAN = r"\u3400-\u9fff"
_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = rf"[a-zü{_TONE_VOWELS}]{{1,7}}"
_BRACKETED_PINYIN = re.compile(rf"[(（]({_PINYIN})[)）]")
_TERMINAL = "。；！？…”」』）)》：:"
_SOFT_BREAK_END = "，、,“（(《—"
_TITLE_LINE = re.compile(r"关于.{2,80}(?:函|通知|意见|规定|办法|方案|规划|决定|条例|细则|批复|报告|通报|意见稿|纲要|要点)$")
_SIGNATURE_LINE = re.compile(r"^.{2,30}(?:局|委|委员会|办公室|办|政府|厅|部|院|会|中心)$")
_MIN_BROKEN_LINE = 40
_MIN_REPEAT_CHARS = 200
_MIN_REPEAT_PARAGRAPHS = 4
_MIN_PAGE_BREAK_OVERLAP = 3
_MIN_ROMANIZED_PAGE = 3
# Earlier places a paragraph is compared from: a short line such as （一） recurs thousands of times in a
# long text, and comparing from every one of them made this step quadratic (20,000 items: 190 s).
_MAX_RUN_CANDIDATES = 32


@dataclass
class NormalizedText:
    """Clean paragraphs plus what was set aside on the way (kept as evidence for metadata)."""

    paragraphs: list[str]
    fields: dict[str, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    converted_from_traditional: bool = False
    romanization_removed: int = 0
    furniture_removed: int = 0
    repeats_removed: int = 0
    corrupted_spans: int = 0


def normalize(raw: str) -> NormalizedText:
    """Run every normalization step over a document's raw text."""
    text, romanization = strip_romanization(raw)
    text, converted = to_simplified(text)
    result = NormalizedText(paragraphs=[], converted_from_traditional=converted, romanization_removed=romanization)
    lines = [unify_line(line) for line in text.splitlines()]
    kept: list[str] = []
    for line in lines:
        if not line:
            continue
        fields = page_fields(line)
        if fields is not None:
            for key, value in fields.items():
                result.fields.setdefault(key, value)
            result.furniture_removed += 1
        elif is_furniture(line):
            result.furniture_removed += 1
        elif STATUS_NOTICE.match(line):
            result.notices.append(line)
        else:
            kept.append(line)
    joined = rejoin_broken_lines(kept)
    result.paragraphs, result.repeats_removed = drop_repeated_runs(joined)
    result.corrupted_spans = sum(len(_CORRUPTED.findall(p)) for p in result.paragraphs)
    return result


def strip_romanization(text: str) -> tuple[str, int]:
    """Remove pinyin that a converter put in brackets after Han characters, e.g. 生產(chǎn) → 生產.

    Tone-marked pinyin in brackets is never part of a Chinese legal text, so it always goes; bare
    Latin syllables go too once the page shows that habit (they are the neutral tones).
    """
    matches = list(_BRACKETED_PINYIN.finditer(text))
    toned = [m for m in matches if any(c in _TONE_VOWELS for c in m.group(1))]
    after_han = [m for m in matches if m.start() and re.match(rf"[{_HAN}]", text[m.start() - 1])]
    doomed = sorted(set(toned) | set(after_han), key=lambda m: m.start()) if len(toned) >= _MIN_ROMANIZED_PAGE else toned
    if not doomed:
        return text, 0
    pieces, position = [], 0
    for match in doomed:
        pieces.append(text[position:match.start()])
        position = match.end()
    pieces.append(text[position:])
    return "".join(pieces), len(doomed)


@lru_cache(maxsize=1)
def _t2s():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, bool]:
    """Convert to Simplified Chinese when the text is written in Traditional script.

    Simplified text is left alone: OpenCC would also rewrite a few legitimately simplified words.
    """
    han = re.findall(rf"[{_HAN}]", text)
    if not han:
        return text, False
    converter = _t2s()
    sample = "".join(han[:20000])
    changed = sum(1 for a, b in zip(sample, converter.convert(sample)) if a != b)
    if changed < max(3, 0.02 * len(sample)):
        return text, False
    return converter.convert(text), True


_CJK_BEFORE = rf"(?<=[{_HAN}\u3000-\u303f\uff00-\uffef”“])"
_SPACE_BETWEEN_HAN_DIGIT = re.compile(rf"(?<=[{_HAN}])[ \t]+(?=\d)|(?<=\d)[ \t]+(?=[{_HAN}])")
_CORRUPTED = re.compile(rf"(?<=[{_HAN}])[?\ufffd]+|\ufffd")


def unify_line(line: str) -> str:
    """Trim, fold spaces, and use the full-width punctuation of Chinese text where ASCII crept in."""
    line = line.replace("\u3000", " ").replace("\xa0", " ").strip()
    line = re.sub(r"[ \t]{2,}", " ", line)
    if not re.search(rf"[{_HAN}]", line):
        return line
    line = _SPACE_BETWEEN_HAN_DIGIT.sub("", line)
    line = re.sub(r"\(([^()a-zA-Z]*)\)", r"（\1）", line)
    line = re.sub(_CJK_BEFORE + ",", "，", line)
    line = re.sub(_CJK_BEFORE + r":(?!\d)", "：", line)
    line = re.sub(_CJK_BEFORE + ";", "；", line)
    line = re.sub(r"([A-Za-z])[“”]([A-Za-z])", r'\1"\2', line)
    return line


def rejoin_broken_lines(lines: list[str]) -> list[str]:
    """Join a line that stops mid-sentence with the next one, dropping a fragment repeated at the break."""
    paragraphs: list[str] = []
    for line in lines:
        if paragraphs and _continues(paragraphs[-1], line):
            previous = paragraphs[-1]
            overlap = _page_break_overlap(previous, line)
            paragraphs[-1] = previous + line[overlap:]
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str) -> bool:
    if previous.endswith(tuple(_TERMINAL)) or starts_with_marker(line) or _TITLE_LINE.search(previous):
        return False
    if _SIGNATURE_LINE.match(line):
        return False
    if _page_break_overlap(previous, line):
        return True
    if starts_with_marker(previous) and len(previous) < _MIN_BROKEN_LINE:
        return False  # a heading such as 一、总体要求
    if re.match(r"^[（(]?\s*\d{4}\s*年", line) or line.startswith(("附件", "（此件", "(此件")):
        return False
    return len(previous) >= _MIN_BROKEN_LINE or previous.endswith(tuple(_SOFT_BREAK_END))


def _page_break_overlap(previous: str, line: str) -> int:
    """Length of the longest end of ``previous`` that ``line`` repeats at its start (≥ 3 characters)."""
    longest = min(len(previous), len(line), 30)
    for size in range(longest, _MIN_PAGE_BREAK_OVERLAP - 1, -1):
        if previous.endswith(line[:size]):
            return size
    return 0


def _key(paragraph: str) -> str:
    return re.sub(r"[\s　]", "", paragraph)


def drop_repeated_runs(paragraphs: list[str]) -> tuple[list[str], int]:
    """Drop a run of paragraphs that repeats an earlier run, and a paragraph repeated right after itself.

    A run must be long (a whole body or section posted twice): short repeats such as the same item
    "（一）事故发生单位概况；" in two articles of a law are genuine and stay.
    """
    deduplicated = [p for i, p in enumerate(paragraphs) if i == 0 or _key(p) != _key(paragraphs[i - 1])]
    keys = [_key(p) for p in deduplicated]
    first_seen: dict[str, list[int]] = {}
    keep = [True] * len(deduplicated)
    index = 0
    while index < len(deduplicated):
        run = _longest_earlier_run(keys, first_seen.get(keys[index], [])[-_MAX_RUN_CANDIDATES:], index)
        run_chars = sum(len(k) for k in keys[index:index + run])
        if run and (run >= _MIN_REPEAT_PARAGRAPHS or run_chars >= _MIN_REPEAT_CHARS):
            keep[index:index + run] = [False] * run
            index += run
            continue
        first_seen.setdefault(keys[index], []).append(index)
        index += 1
    kept = [p for p, k in zip(deduplicated, keep) if k]
    return kept, len(paragraphs) - len(kept)


def _longest_earlier_run(keys: list[str], earlier_starts: list[int], index: int) -> int:
    best = 0
    for start in earlier_starts:
        length = 0
        while index + length < len(keys) and start + length < index and keys[start + length] == keys[index + length]:
            length += 1
        best = max(best, length)
    return best
