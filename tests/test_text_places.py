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
    assert places_in("枞阳县和沅江市的安委会主任由谁担任？") == ["枞阳", "沅江"]
    assert places_in("各县区的安委会") == []
