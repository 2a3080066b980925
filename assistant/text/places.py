"""Place names: the units of a document's region, the place a document's issuer or title names, and
the places a question mentions. Nothing is listed per corpus; places come from the documents' own words.
"""

from __future__ import annotations

import re

from assistant.models import Level

NATIONAL_REGION = "全国"
# Ways a question names the national level (national documents carry region 全国); a bare 国家 is
# left out because it opens ordinary terms (国家标准).
NATIONAL_NAMES = ("全国", "国家层面", "国家法律")

# Administrative suffixes, longest first. A bare 州 is no suffix of a region's units (柳州市 is one unit).
ADMIN_SUFFIXES = ("壮族自治区", "回族自治区", "维吾尔自治区", "特别行政区", "自治区", "自治州", "自治县", "省", "市", "县", "区",
                  "旗", "盟")
_SUFFIX = "|".join(ADMIN_SUFFIXES)
_UNIT = re.compile(rf".+?(?:{_SUFFIX})")
_BARE = re.compile(rf"(?:{_SUFFIX})$")

# A place inside an issuer's name or a title (朔州市…办公室, 融安县安监局): the first one counts.
_NAMED_PLACE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:自治区|省|自治州|市|州|盟|县|区|旗))")
_NOT_PLACES = ("社区", "园区", "开发区", "景区", "保护区", "辖区", "地区", "城区", "街区", "行政区")
# Words a suffix character opens (国家市场监督管理总局 names no 国家市): a match followed by one is no place.
_SUFFIX_WORDS = ("市场", "区域", "省级", "市级", "县级", "区级", "省份")

# A place a question mentions before 市/县/区/省 ("枞阳县" → 枞阳); words that only look like one.
_QUESTION_PLACE = re.compile(r"([\u4e00-\u9fff]{2,3}?)(?:市|县|区|省)")
_NOT_QUESTION_PLACES = {"各级", "本级", "同级", "上级", "设区的", "县级以上", "各县", "全县", "全市", "地级"}


def place_names(region: str | None) -> list[str]:
    """Each unit of a region, in full and without its suffix: 安徽省铜陵市枞阳县 → 安徽省, 安徽, 铜陵市, 铜陵,
    枞阳县, 枞阳; 广西壮族自治区 → 广西壮族自治区, 广西. The national region gives the national names."""
    if not region:
        return []
    if region == NATIONAL_REGION:
        return list(NATIONAL_NAMES)
    names = []
    for unit in _UNIT.findall(region):
        names.append(unit)
        bare = _BARE.sub("", unit)
        if len(bare) >= 2:
            names.append(bare)
    return names


def short_place_names(region: str | None) -> list[str]:
    """The units of a region without their suffixes (湖南省益阳市沅江市 → 湖南, 益阳, 沅江)."""
    if not region or region == NATIONAL_REGION:
        return []
    return [bare for unit in _UNIT.findall(region) if len(bare := _BARE.sub("", unit)) >= 2]


def place_of(*names: str | None) -> tuple[str | None, Level | None]:
    """Region and level from the first place in the given names (an issuer first, then a title)."""
    for name in names:
        if not name:
            continue
        cleaned = re.sub(r"^中共", "", name)
        for found in _NAMED_PLACE.finditer(cleaned):
            place = found.group(1)
            if cleaned[found.end() - 1:found.end() + 1] in _SUFFIX_WORDS:
                continue
            if place.endswith(_NOT_PLACES) or place in ("中华人民共和国",):
                continue
            return place, _level_of(place)
    return None, None


def _level_of(place: str) -> Level:
    if place.endswith(("省", "自治区")):
        return "provincial"
    if place.endswith(("市", "州", "盟", "自治州")):
        return "city"
    return "county"


def places_in(question: str) -> list[str]:
    """Place names a question mentions before 市/县/区/省 ("枞阳县的安委会" → 枞阳)."""
    found = []
    for match in _QUESTION_PLACE.finditer(question):
        name = re.sub(r"^.*?(?:和|与|及|、|在|的)", "", match.group(1))
        if len(name) >= 2 and name not in _NOT_QUESTION_PLACES and not name.startswith(("各", "本", "全")):
            found.append(name)
    return found


def region_units(region: str | None) -> list[str]:
    """The administrative units of a region, outermost first: 浙江省宁波市 → [浙江省, 宁波市]."""
    if not region or region == NATIONAL_REGION:
        return []
    return _UNIT.findall(region)


def units_of_place(name: str, regions: list[str]) -> list[str]:
    """A place as a user writes it (宁波, 宁波市, 浙江省宁波市, 浙江), as units of the regions the documents know:
    宁波 → [浙江省, 宁波市]. A place no document knows keeps only the units it spells out itself."""
    for region in regions:
        units = region_units(region)
        for depth, unit in enumerate(units):
            if name in (unit, _BARE.sub("", unit)) or name == "".join(units[: depth + 1]):
                return units[: depth + 1]
    return region_units(name)


def within_or_above(document_units: list[str], place_units: list[str]) -> bool:
    """Whether a document of ``document_units`` applies at the place (its province's, its own) or inside it
    (a city's text for a question about its province); two different provinces or cities never match."""
    if not document_units or not place_units:
        return False
    shorter = min(len(document_units), len(place_units))
    return document_units[:shorter] == place_units[:shorter]
