"""Partner matching rules and the gazetteer's files (DESIGN.md "Partners file")."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.enrich import PartnerMatcher
from kb.lexicon import PARTNER_TYPES, Gazetteer, LexiconError


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.fixture(scope="module")
def matcher(gazetteer: Gazetteer) -> PartnerMatcher:
    return PartnerMatcher(gazetteer)


def ids(matcher: PartnerMatcher, text: str, owner: str | None = None) -> list[str]:
    return [ref.id for ref in matcher.find(text, owner=owner)]


# --- the bundled gazetteer -------------------------------------------------------------------

REQUIRED = {
    "culr": ["China University of Labor Relations", "中国劳动关系学院", "劳动关系学院", "CULR"],
    "btbu": ["BTBU", "北工商", "北京工商大学"],
    "ruc": ["中国人民大学"],
    "bnu": ["北京师范大学"],
    "uibe": ["对外经济贸易大学"],
    "pku": ["北京大学", "Peking University"],
    "tsinghua": ["清华大学"],
    "hku": ["港大"],
    "cuhk": ["港中文"],
    "polyu": ["理大", "港理工"],
    "um": ["University of Macau", "澳门大学", "UM", "澳大"],
    "nccu": ["台湾政治大学", "政治大学", "政大"],
    "sheffield": ["谢菲尔德大学"],
    "warwick": ["华威大学"],
    "cornell": ["康奈尔大学"],
    "monash": ["莫纳什大学"],
    "melbourne": ["墨尔本大学"],
    "waseda": ["早稻田大学"],
    "snu": ["首尔大学", "Seoul National University", "SNU"],
    "msu": ["Lomonosov Moscow State University", "莫斯科国立大学", "莫斯科大学", "MSU"],
    "fu-berlin": ["Freie Universität Berlin", "Free University of Berlin", "柏林自由大学"],
    "ilo": ["International Labour Organization", "International Labor Organization", "ILO"],
    "unesco": ["联合国教科文组织"],
    "ituc": ["International Trade Union Confederation", "ITUC", "国际工会联合会"],
    "csc": ["China Scholarship Council", "CSC", "国家留学基金委"],
    "ceaie": ["中国教育国际交流协会", "CEAIE"],
    "acftu": ["中华全国总工会", "全总", "ACFTU"],
    "moe": ["教育部", "Ministry of Education"],
}


@pytest.mark.parametrize("pid", sorted(REQUIRED))
def test_required_partners_and_forms(gazetteer: Gazetteer, pid: str) -> None:
    forms = gazetteer.surface_forms()
    for form in REQUIRED[pid]:
        assert forms.get(form) == pid, form


def test_bundled_gazetteer_is_broad_and_consistent(gazetteer: Gazetteer) -> None:
    partners = gazetteer.partners.values()
    assert len(gazetteer.partners) >= 250
    assert {"HK", "MO", "TW", "GB", "US", "AU", "CA", "JP", "KR", "RU", "DE", "FR"} <= {
        p.country for p in partners
    }
    assert {p.type for p in partners} <= set(PARTNER_TYPES)
    assert {"university", "organisation", "government"} <= {p.type for p in partners}
    assert all(p.name and p.name_zh for p in partners)
    assert (
        gazetteer.partners.get("hku").country == "HK"
        and gazetteer.partners.get("nccu").country == "TW"
    )
    assert gazetteer.partners.get("nope") is None


def test_no_surface_form_is_shared_by_two_partners(gazetteer: Gazetteer) -> None:
    owners: dict[str, set[str]] = {}
    for partner in gazetteer.partners.values():
        for form in partner.forms:
            owners.setdefault(form.lower(), set()).add(partner.id)
    assert {form: ids for form, ids in owners.items() if len(ids) > 1} == {}


def test_surface_forms_include_name_without_leading_the(gazetteer: Gazetteer) -> None:
    forms = gazetteer.surface_forms()
    assert forms["The University of Hong Kong"] == "hku"
    assert forms["University of Hong Kong"] == "hku"


def test_surface_forms_include_a_name_without_university(gazetteer: Gazetteer) -> None:
    forms = gazetteer.surface_forms()
    assert forms["Beijing Normal"] == "bnu"
    assert forms["Tomsk Polytechnic"] == "tpu"
    # A place alone, or kinds alone, name no university.
    assert "Inner Mongolia" not in forms
    assert "Beijing City" not in forms


# --- matching rules --------------------------------------------------------------------------


def test_same_partner_in_both_languages(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "我校与北京工商大学开展交流") == ["btbu"]
    assert ids(matcher, "北工商国际处") == ["btbu"]
    assert ids(matcher, "Beijing Technology and Business University (BTBU)") == ["btbu"]


def test_a_name_written_partly_in_lower_case_is_a_description(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "It is the first such programme with a Hong Kong university.") == []
    assert ids(matcher, "It signed an agreement with Hong Kong University.") == ["hku"]
    assert ids(matcher, "It signed an agreement with the University of Tokyo.") == ["utokyo"]


def test_names_are_case_insensitive_on_word_boundaries(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "a visit to beijing technology and business university") == ["btbu"]
    assert ids(matcher, "MONASH UNIVERSITY") == ["monash"]
    assert ids(matcher, "Monashville and Wasedaland") == []
    assert ids(matcher, "Monash's campus") == ["monash"]


@pytest.mark.parametrize(
    "text",
    [
        "a pilot project",
        "PILOT PROGRAMME",
        "the ilo said",
        "Ilo is a name",
        "UMass Amherst",
        "a forum at the museum",
        "UMBRELLA",
        "HUMAN resources",
        "SNUB",
        "the msu",
    ],
)
def test_abbreviations_are_whole_words_and_case_sensitive(
    matcher: PartnerMatcher, text: str
) -> None:
    assert ids(matcher, text) == []


def test_abbreviations_match_next_to_punctuation_and_chinese(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "the ILO's office") == ["ilo"]
    assert ids(matcher, "与ILO合作") == ["ilo"]
    assert ids(matcher, "University of Macau (UM)") == ["um"]
    assert ids(matcher, "ＩＬＯ and ＵＭ (University of Macau)") == ["ilo", "um"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我校教师赴澳大利亚访学", []),
        ("粤港澳大湾区高校联盟", []),
        ("港珠澳大桥", []),
        ("港澳大学生", []),
        ("与澳大签署协议", ["um"]),
        ("赴澳大利亚国立大学", ["anu"]),
        ("十三届全国人大四次会议", []),
        ("人大代表建议", []),
        ("与人大、北师大座谈", ["ruc", "bnu"]),
        ("处理大量数据", []),
        ("学校行政大楼", []),
        ("赴政大交流", ["nccu"]),
        ("赴港理大交流", ["polyu"]),
        ("职业安全总体形势", []),
        ("全总国际部", ["acftu"]),
        ("上级教育部门", []),
        ("教育部印发", ["moe"]),
        ("北大荒农垦集团", []),
        ("湖北大学和河北大学", ["hubu", "hbu"]),
        ("东北大米", []),
        ("学校北大门", []),
        ("香港大学生内地实习", []),
        ("台湾大学生交流营", []),
        ("北京大学生运动会", []),
        ("北京大学生命科学学院", ["pku"]),
        ("香港大型活动", []),
        ("联合国内外高校", []),
        ("江西财经大学", []),
    ],
)
def test_chinese_collisions(matcher: PartnerMatcher, text: str, expected: list[str]) -> None:
    assert ids(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("北京工商大学", ["btbu"]),
        ("中国人民大学", ["ruc"]),
        ("中国科学院大学", ["ucas"]),
        ("香港中文大学（深圳）", ["cuhksz"]),
        ("香港中文大学(深圳)", ["cuhksz"]),
        ("北京师范大学-香港浸会大学联合国际学院", ["uic"]),
        ("日本东北大学", ["tohoku"]),
        ("台湾清华大学", ["nthu"]),
        ("The Chinese University of Hong Kong", ["cuhk"]),
        ("City University of Hong Kong", ["cityu"]),
        ("Hong Kong University of Science and Technology", ["hkust"]),
        ("New York University", ["nyu"]),
        ("Sheffield Hallam University", ["shu-uk"]),
    ],
)
def test_longest_match_wins(matcher: PartnerMatcher, text: str, expected: list[str]) -> None:
    assert ids(matcher, text) == expected


def test_a_national_bodys_name_taken_by_a_provinces_body_is_that_body(
    matcher: PartnerMatcher,
) -> None:
    text = (
        "Co-organised by the Taiwan Affairs Office of the Shaanxi Provincial People's Government."
    )
    assert ids(matcher, text) == []
    assert ids(matcher, "met the Taiwan Affairs Office of the State Council.") == ["tao"]
    assert ids(matcher, "met officials of the Taiwan Affairs Office.") == ["tao"]


def test_an_acronym_that_is_also_a_word_matches_only_in_capitals(matcher: PartnerMatcher) -> None:
    text = "an officer of the WHO Representative Office in China, who presented"
    assert ids(matcher, text) == ["who"]
    assert ids(matcher, "Students who must apply by May") == []
    assert ids(matcher, "MUST agreed with the Polytechnic Institute of Leiria") == ["must"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("colleagues from Jiangnan's School of Textile Science and Engineering", ["jiangnan"]),
        ("Manchester's Department of Materials sent eleven researchers.", ["manchester"]),
        ("Researchers from Manchester's Department of Materials joined.", ["manchester"]),
        (
            "Lancaster Vice-Chancellor attends the first graduation of the joint college",
            ["lancaster"],
        ),
        ("5  Dr. Emma Walsh  Univ. of Leeds, School of Earth and Environment  UK", ["leeds"]),
        # "Sheffield" is a word of two partners' names: which one's school is it?
        ("Sheffield's School of Law hosted the workshop.", []),
        # Without a unit or a head after it, the word is the city.
        ("The delegation then visited Manchester and Lancaster.", []),
    ],
)
def test_a_universitys_word_before_its_unit_or_head_is_the_university(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert ids(matcher, text) == expected


def test_unit_named_after_an_institution_is_a_school_of_it(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "北京大学国际关系学院") == ["pku"]
    assert ids(matcher, "我校国际关系学院") == []
    assert ids(matcher, "与国际关系学院合作") == ["uir"]


def test_a_press_or_affiliated_school_is_not_the_university(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "展出中国人民大学出版社、北京大学出版社出版的新书") == []
    assert ids(matcher, "清华大学附属中学和清华附中的学生") == []
    assert ids(matcher, "e-books of Cambridge University Press and Oxford University Press") == []
    # only that mention: the university named on its own still counts
    assert ids(matcher, "北京大学出版社出版了我校与北京大学的合作成果") == ["pku"]
    assert ids(matcher, "the Press of the University of Oxford") == ["oxford"]


def test_a_unit_said_to_be_the_publishers_is_its_own(matcher: PartnerMatcher) -> None:
    text = "The Institute of International Education of CULR held an orientation week."
    assert ids(matcher, text, owner="culr") == []
    assert ids(matcher, text.replace("of CULR", "at the University of Sheffield")) == [
        "iie",
        "sheffield",
    ]
    assert ids(matcher, "Staff of the Institute of International Education visited CULR.",
               owner="culr") == ["iie"]  # fmt: skip


def test_owner_is_never_a_partner(matcher: PartnerMatcher) -> None:
    text = "中国劳动关系学院（CULR）与北京工商大学; China University of Labor Relations"
    assert ids(matcher, text, owner="culr") == ["btbu"]
    assert ids(matcher, text, owner="btbu") == ["culr"]
    assert ids(matcher, text) == ["culr", "btbu"]


def test_the_publishers_own_name_shortened_is_the_publisher(matcher: PartnerMatcher) -> None:
    # 中山大学 is Sun Yat-sen University's full name and National Sun Yat-sen University's
    # short one: on the latter's site, standing alone, it is the publisher.
    text = "中山大學舉辦暑期研習營\n國立中山大學與廈門大學師生交流。"
    assert ids(matcher, text, owner="nsysu") == ["xmu"]
    # Inside a sentence it may be the other one (National Tsing Hua University's report of
    # a seminar with Tsinghua); and the Chinese Academy of Sciences is no short form of
    # the University of Chinese Academy of Sciences.
    assert ids(matcher, "本校與清華大學合辦研討會", owner="nthu") == ["tsinghua"]
    text = "UCAS students visited institutes of the Chinese Academy of Sciences."
    assert ids(matcher, text, owner="ucas") == ["cas"]


def test_first_person_is_never_a_partner(tmp_path: Path) -> None:
    user = tmp_path / "partners.toml"
    user.write_text('[[partner]]\nid = "culr"\naliases = ["我校", "our university"]\n')
    matcher = PartnerMatcher(Gazetteer.load(user))
    assert ids(matcher, "我校与BTBU; our university and our school") == ["btbu"]


def test_distinct_in_order_of_first_mention(matcher: PartnerMatcher) -> None:
    refs = matcher.find("ILO 与 BTBU 合作；北京工商大学、国际劳工组织、UNESCO")
    assert [(r.id, r.name) for r in refs] == [
        ("ilo", "International Labour Organization"),
        ("btbu", "Beijing Technology and Business University"),
        ("unesco", "United Nations Educational, Scientific and Cultural Organization"),
    ]


def test_offsets_survive_letters_that_grow_when_lowered(matcher: PartnerMatcher) -> None:
    assert ids(matcher, "İstanbul and the ILO") == ["ilo"]


# --- the user's partners file ----------------------------------------------------------------


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "partners.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_user_file_adds_partners_and_not_partners(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        'not_partners = ["北工商业"]\n'
        "[[partner]]\n"
        'id = "kent"\nname = "University of Kent"\nname_zh = "肯特大学"\n'
        'aliases = ["UKC"]\ncountry = "GB"\ntype = "university"\n',
    )
    gazetteer = Gazetteer.load(path)
    matcher = PartnerMatcher(gazetteer)
    assert gazetteer.partners.get("kent").country == "GB"
    assert ids(matcher, "赴肯特大学; UKC; university of kent") == ["kent"]
    assert ids(matcher, "北工商业联合会") == []
    assert len(gazetteer.partners) == len(Gazetteer.load().partners) + 1


def test_user_file_overrides_by_id_keeping_absent_fields(tmp_path: Path) -> None:
    path = write(tmp_path, '[[partner]]\nid = "btbu"\naliases = ["工商大"]\n')
    gazetteer = Gazetteer.load(path)
    btbu = gazetteer.partners.get("btbu")
    assert btbu.name == "Beijing Technology and Business University"
    assert btbu.name_zh == "北京工商大学" and btbu.country == "CN"
    assert btbu.aliases == ("工商大",)
    matcher = PartnerMatcher(gazetteer)
    assert ids(matcher, "BTBU 北工商") == []
    assert ids(matcher, "工商大") == ["btbu"]


def test_user_entry_naming_a_bundled_partner_under_another_id_takes_its_place(
    tmp_path: Path,
) -> None:
    # The bundled file knows Sheffield as "sheffield", with the aliases "Sheffield University"
    # and 雪菲尔德大学; a user's file written without it calls the same university "shef".
    path = write(
        tmp_path,
        '[[partner]]\nid = "shef"\nname = "The University of Sheffield"\naliases = ["TUOS"]\n',
    )
    gazetteer = Gazetteer.load(path)
    assert "sheffield" not in gazetteer.partners
    shef = gazetteer.partners["shef"]
    assert (shef.name_zh, shef.country, shef.type) == ("谢菲尔德大学", "GB", "university")
    matcher = PartnerMatcher(gazetteer)
    text = "TUOS; Sheffield University; 谢菲尔德大学; 雪菲尔德大学; University of Sheffield"
    assert ids(matcher, text) == ["shef"]
    # Sheffield Hallam shares a word, not a name: it keeps its own id.
    assert ids(matcher, "Sheffield Hallam University") == ["shu-uk"]


def test_user_entry_with_a_chinese_name_only_merges_too(tmp_path: Path) -> None:
    path = write(
        tmp_path, '[[partner]]\nid = "bgs"\nname = "BTBU (Beijing)"\nname_zh = "北京工商大学"\n'
    )
    gazetteer = Gazetteer.load(path)
    assert "btbu" not in gazetteer.partners
    assert ids(
        PartnerMatcher(gazetteer), "BTBU 北工商 Beijing Technology and Business University"
    ) == ["bgs"]


def test_user_alias_wins_a_clash_with_a_bundled_partner(tmp_path: Path) -> None:
    path = write(tmp_path, '[[partner]]\nid = "newu"\nname = "New U"\naliases = ["港大"]\n')
    assert ids(PartnerMatcher(Gazetteer.load(path)), "港大") == ["newu"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[[partner]]\nid = 'x'\n", "partner[0].name"),
        ("[[partner]]\nname = 'X'\n", "partner[0].id"),
        ("[[partner]]\nid = 'x y'\nname = 'X'\n", "partner[0].id"),
        ("[[partner]]\nid = 'x'\nname = 'X'\ncountry = 'china'\n", "partner[0].country"),
        ("[[partner]]\nid = 'x'\nname = 'X'\ntype = 'school'\n", "partner[0].type"),
        ("[[partner]]\nid = 'x'\nname = 'X'\naliases = 'X1'\n", "partner[0].aliases"),
        ("[[partner]]\nid = 'x'\nname = 'X'\nalias = ['X1']\n", "partner[0].alias"),
        ("[[partner]]\nid = 'btbu'\nname = ''\n", "partner[0].name"),
        ("[[partner]]\nid = 'x'\nname = 'X'\n[[partner]]\nid = 'x'\n", "partner[1].id"),
        ("partners = []\n", "partners"),
        ("not_partners = 'x'\n", "not_partners"),
        ("partner = 3\n", "partner"),
    ],
)
def test_bad_user_file_names_file_and_key(tmp_path: Path, text: str, key: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(LexiconError) as error:
        Gazetteer.load(path)
    assert str(error.value).startswith(f"{path}: {key}: ")
    assert error.value.key == key


def test_unreadable_or_invalid_user_file(tmp_path: Path) -> None:
    with pytest.raises(LexiconError, match=r"missing\.toml: cannot read"):
        Gazetteer.load(tmp_path / "missing.toml")
    with pytest.raises(LexiconError, match=r"partners\.toml: not valid UTF-8 TOML"):
        Gazetteer.load(write(tmp_path, "[[partner]\nid = "))


def test_fingerprint_follows_file_contents(tmp_path: Path) -> None:
    bundled = Gazetteer.load().fingerprint
    assert Gazetteer.load().fingerprint == bundled
    path = write(tmp_path, '[[partner]]\nid = "kent"\nname = "University of Kent"\n')
    first = Gazetteer.load(path).fingerprint
    assert first != bundled
    assert Gazetteer.load(path).fingerprint == first
    write(tmp_path, '[[partner]]\nid = "kent"\nname = "University of Kent"\naliases = ["UKC"]\n')
    assert Gazetteer.load(path).fingerprint not in (first, bundled)
