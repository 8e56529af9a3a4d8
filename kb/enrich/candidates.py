"""Institution names the gazetteer does not know yet, for curation.

Staff grow the partners file from what the news actually mentions: "University of X",
"X University", "Embassy of X", "X Federation", "X Council of Y", "X大学", "X学院",
"X研究院", "<place>X协会" ... that match no known partner are reported (the store counts
them across records) so they can be added with one command.

A suggestion is only useful when it names an institution, so the names are read with care:

* a Chinese name is the run of name-like words (jieba: places, people, other proper nouns,
  nouns) before its ending, and it must hold a proper noun: 经济学院 or 高水平大学 are a
  kind of school, not a name;
* a unit named with its institution is the institution: 南澳大学商学院 -> 南澳大学,
  "Kalmar Maritime Academy of Linnaeus University" -> "Linnaeus University";
* a country written in front is dropped (韩国全北国立大学 -> 全北国立大学) unless the rest
  is another institution's name (美国东北大学);
* an English name is capitalised words, one sentence, not all of them generic words
  ("College of International Culture" is any university's); two names joined by "and"
  are two names; a campus after a comma belongs to the name ("University of California,
  Davis");
* a unit right after "我校"/"our" is one of the publisher's own: it is returned apart, so
  the store can leave that name out for the whole source;
* a unit named once after a known partner (新加坡管理大学李光前商学院, "the Institute of
  Geodesy at ETH Zurich") is that partner's unit wherever the text names it again;
* an institution named only as someone's alma mater or former employer (毕业于, "graduated
  from", 退休教授) is not a counterpart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from kb.core.text import is_cjk, normalize_lines, one_of, to_simplified
from kb.enrich.context import (
    FIRST_PERSON_ZH,
    HEADS_OF_UNITS,
    OWN_UNITS_BEFORE,
    PLACE,
    funds_another,
    place_closing,
    someones_past,
    students_after,
)
from kb.enrich.partners import (
    COUNTRY_CHARS,
    FIRST_PERSON,
    Judged,
    cited_as_source,
    founder_named,
    in_background,
    matcher_for,
    other_stop,
)
from kb.enrich.sections import sentence_around
from kb.lexicon import Gazetteer, Partner
from kb.lexicon.countries import countries


@dataclass(frozen=True)
class Candidates:
    """Unknown institutions of a text, and units of the publisher itself (named after
    "我校", "our")."""

    names: list[str]
    own: list[str]


#: Part-of-speech tagging: text -> [(word, tag)].
TagWords = Callable[[str], list[tuple[str, str]]]

#: A capitalised word of a name, "St." and initials before one ("L.N. Gumilyov") among them.
_CAP = r"(?:St\.|(?:[A-Z]\.){2,3}(?= [A-Z])|[A-Z][A-Za-zÀ-ɏ'’&-]*)"
_LINK = r"(?: (?:and|of|for|the|de|&)\b)*"
_NAME = rf"{_CAP}(?:{_LINK} {_CAP})*"
_WORDS = rf"{_CAP}(?: {_CAP})*"
_INSTITUTION = r"(?:University|College|Institutes?|Academy|Polytechnic|Conservatory)"
#: A university named in its own language puts the word first: "Universidad Autónoma
#: Metropolitana", "Université du Québec à Montréal", "Technische Universität Dortmund".
_NATIVE_UNIVERSITY = (
    r"(?:Universidad|Universidade|Université|Università|Universitat|Universität|Universiteit"
    r"|Universiti|Universitas|Hochschule|Instituto|Institut|Tecnológico|Politécnico"
    r"|Politecnico|École|Escuela|Scuola)"
)
_NATIVE_LINK = (
    r"(?: (?:de|del|della|degli|di|du|des|la|las|los|le|les|à|zu|für|und|do|da|dos|das|van|voor"
    r"|e|y|et))*"
)
_NATIVE_NAME = rf"{_CAP}(?:{_NATIVE_LINK} {_CAP})*(?: [1-9][0-9]?\b)?"  # "Lyon 2"
#: Societies are named after subjects, joined with "and": "Labour and Employment Relations
#: Association" (a university "X and Y" is rare, and "CULR and Leeds University" is two).
_SOCIETY_WORDS = rf"{_CAP}(?: (?:and |& |von |van )?{_CAP})*"  # "Alexander von Humboldt"
#: (A congress is mostly an event; a congress of unions is the unions' centre: "National
#: Trades Union Congress".)
_SOCIETY = (
    r"(?:Association|Foundation|Stiftung|Federation|Confederation|Council|Unions? Congress|Union"
    r"|Organi[sz]ation|Commission|Agency|Directorate|(?<!News )Bureau"
    r"|(?<!Conference )(?<!Congress )(?<!School )(?<!Forum )(?<!Summit )(?<!Workshop )Secretariat"
    r"|Network)"
)
#: What a society is for may follow its name: "Swedish Foundation for International
#: Cooperation in Research and Higher Education".
_SOCIETY_PURPOSE = (
    rf"(?: for {_CAP}(?:(?: (?:(?:and|of|for|the|in)\b|&))* {_CAP})*"
    rf"| of (?:the )?{_CAP}(?: {_CAP})* (?:Province|State|Region|Municipality))?"
)
#: A company: "Ford-Werke GmbH", "Siemens AG".
_COMPANY = r"(?:GmbH|AG|Ltd\.?|Limited|Inc\.?|Corporation|S\.A\.|JSC|PLC|LLC|Co\., Ltd\.?)"
_EN_CANDIDATE = re.compile(
    rf"(?<![A-Za-zÀ-ɏ])(?:Embassy|Consulate(?:[- ]General)?) of (?:the )?{_NAME}"
    # its seat: "Embassy of X in China", "… in the Kingdom of Cambodia"
    rf"(?: in (?:the )?{_CAP}(?: of {_CAP})?(?![A-Za-zÀ-ɏ]| {_INSTITUTION}))?"
    # a country's embassy named by its people or its name: "Chinese Embassy in Egypt", "New
    # Zealand Consulate-General in Shanghai"
    rf"|(?<![A-Za-zÀ-ɏ])(?:[A-Z][a-z]+(?: [A-Z][a-z]+)?|U\.S\.|U\.K\.)"
    rf" (?:Embassy|Consulate(?:[- ]General)?) in {_CAP}(?![A-Za-zÀ-ɏ])"
    rf"|(?<![A-Za-zÀ-ɏ])(?:{_WORDS} )?(?:{_INSTITUTION}|Federation|Council) of (?:the )?"
    rf"{_NAME}"
    rf"|(?<![A-Za-zÀ-ɏ]){_WORDS} {_INSTITUTION}(?![A-Za-zÀ-ɏ])(?: (?:of|for) {_NAME})?"
    rf"|(?<![A-Za-zÀ-ɏ])(?:{_WORDS} )?{_NATIVE_UNIVERSITY}{_NATIVE_LINK} {_NATIVE_NAME}"
    rf"|(?<![A-Za-zÀ-ɏ]){_SOCIETY_WORDS} {_SOCIETY}(?![A-Za-zÀ-ɏ]| [A-Z]){_SOCIETY_PURPOSE}"
    rf"|(?<![A-Za-zÀ-ɏ]){_WORDS} {_COMPANY}(?![A-Za-zÀ-ɏ])"
    # a German foundation written as one word: "Hans-Böckler-Stiftung"
    rf"|(?<![A-Za-zÀ-ɏ-])[A-Z][A-Za-zÀ-ɏ]+(?:-[A-Z][A-Za-zÀ-ɏ]+)+-Stiftung"
    # A state's or a province's department ("Queensland Department of Education",
    # "Hainan Provincial Department of Education", "Department of Science and Technology
    # of Zhejiang Province")
    rf"|(?<![A-Za-zÀ-ɏ])Department of {_WORDS}(?: and {_WORDS})? of {_CAP}(?: {_CAP})?"
    rf" (?:Province|Municipality)\b"
    rf"|(?<![A-Za-zÀ-ɏ])(?!The ){_CAP}(?: (?:Provincial|Municipal|State))? Department of {_CAP}"
    rf"(?: and {_WORDS})?"  # "… Department of Agriculture and Rural Development"
    # A ministry of several portfolios, whose name no other country's shares ("Ministry of
    # Education, Youth and Sport"): "Ministry of Education" alone is anyone's.
    rf"|(?<![A-Za-zÀ-ɏ])Ministry of {_WORDS}(?:(?:,| and|, and) {_WORDS})+"
    # ...or one of a single portfolio with its country ("Ministry of Higher Education of
    # Malaysia")
    rf"|(?<![A-Za-zÀ-ɏ])Ministry of {_WORDS}(?= of (?:the )?[A-Z])"
)
#: A ministry of one portfolio, which every country has: only its country makes it one.
_ANYONES_MINISTRY = re.compile(rf"Ministry of {_WORDS}")
#: A college of the University of London is written before it: "Goldsmiths, University of
#: London" is the college, not the federal university.
_COLLEGE_OF = re.compile(r"\b([A-Z][A-Za-z'’&-]+(?: [A-Z][A-Za-z'’&-]+){0,2}), $")
_CAMPUS = re.compile(
    r",\s+(?!(?:University|College|Institute|Faculty|School|Department|Centre|Center)\b)"
    r"([A-Z][a-z]+)(?=[\s.;:)]|$)"
    r"(?!\s+(?:[A-Z]|and\b|or\b|&))"
)
_AT_PLACE = re.compile(rf" at {PLACE}")
_ENDS_SOCIETY = re.compile(rf"\b{_SOCIETY}$")
_OF_COUNTRY = re.compile(r" of (?:the )?([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})(?![\w-]| [A-Z])")
#: Capitalised words right after a name: a country there belongs to the name ("Fulbright
#: University Vietnam", "Monash University Malaysia").
_FOLLOWING_WORDS = re.compile(r" ([A-Z][a-z]+(?: [A-Z][a-z]+){0,2})\b")
_ENDS_INSTITUTION = re.compile(rf"\b{_INSTITUTION}$")
#: A possessive inside a name makes it a unit of the first ("CULR's Institute of Labour
#: Studies"); a plural's ("Workers' Union"), a royal's ("Queen's University", "King's
#: College London", "King Mongkut's Institute of Technology") and a people's ("People's
#: Republic of China") do not.
_POSSESSIVE = re.compile(r"(?<!\bQueen)(?<!\bKing)(?<!\bPeople)['’]s\b")
_ROYAL_BEFORE = re.compile(r"\b(?:King|Queen|Prince|Princess) [A-Z][\w-]*$")
#: A country's own institution: "Singapore's Civil Service College".
_NATIONAL = re.compile(r"([A-Z][\w ]+?)['’]s ")
#: Words after a name that make it the name of a thing: "QS World University Rankings".
_NAMES_A_THING = re.compile(
    r" (?:Presidents?['’]? )?"  # "China-ASEAN University Presidents' Forum"
    r"(?:Rankings?|Press|Report|Prize|Award|Forum|Summit|Conference|Symposium|Games|Festival)\b"
)
_TWO_NAMES = re.compile(
    rf"^(.*?\b{_INSTITUTION}\b.*?) and (?:the )?({_SOCIETY_WORDS}\s+(?:{_INSTITUTION}|{_SOCIETY}))$"
)
_UNIT_OF = re.compile(
    rf"^.+? of (?:the )?({_WORDS}\s+{_INSTITUTION}"
    rf"|(?:{_WORDS} +)?{_NATIVE_UNIVERSITY}{_NATIVE_LINK} +{_NATIVE_NAME})$"
)
#: Capitalised words that start sentences or titles rather than names.
# fmt: off
_EN_LEADING = frozenset((
    "The", "A", "An", "On", "In", "At", "From", "With", "Yesterday", "Today", "Last", "This",
    "That", "Both", "Our", "Their", "Its", "His", "Her", "Professor", "Prof", "Dr", "Mr", "Ms",
    "Mrs", "President", "Dean", "Director", "Vice", "Chancellor", "Students", "Staff", "Scholars",
    "Researchers", "Delegation", "Delegates", "Visiting", "Former", "And", "Of", "Representatives",
    "Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Eleven", "Twelve",
    "Twenty", "Thirty", "Forty", "Fifty", "Several", "Some", "Many", "All", "Each", "Every",
    "Citing", "Including", "Following", "According", "Quoting", "Representing", "Welcoming",
    "Attending", "Hosting", "Joining", "Led", "Accompanied", "Supported", "Funded",
))
#: A number written out before a name: "Seventy-eight Duke Kunshan University students".
_COUNTED = re.compile(r"(?:Twenty|Thirty|Forty|Fifty|Sixty|Seventy|Eighty|Ninety)(?:-[a-z]+)?")
#: Words of any university's units: a name made of these alone names no institution.
_EN_GENERIC = frozenset((
    "University", "College", "Institute", "Academy", "School", "Polytechnic", "Conservatory",
    "Confucius",
    "Embassy", "Consulate", "General", "of", "the", "and", "for", "de", "&", "International",
    "Foreign", "Studies", "Languages", "Language", "Culture", "Cultures", "Education",
    "Business", "Management", "Economics", "Law", "Science", "Sciences", "Technology",
    "Engineering", "Medicine", "Medical", "Arts", "Art", "Social", "Humanities", "Graduate",
    "Continuing", "Vocational", "Advanced", "Higher", "Research", "Public", "Policy", "Affairs",
    "Labor", "Labour", "Relations", "Trade", "Union", "Finance", "Chinese", "Modern", "Global",
    "Association", "Foundation", "Alumni", "Student", "Students", "Staff", "Parents", "Teachers",
    "Federation", "Confederation", "Council", "Unions", "State", "National", "Security",
    "Workers", "Workers'", "Employers", "Employers'", "Academic", "University's",
    "Petroleum", "Mining", "Earth", "Ocean", "Marine", "Energy", "Chemical", "Civil",
    "Mechanical", "Electrical", "Electronic", "Computer", "Computing", "Information", "Data",
    "Agriculture", "Agricultural", "Forestry", "Environment", "Environmental", "Tourism",
    "Hospitality", "Hotel", "Nursing", "Pharmacy", "Dentistry", "Journalism", "Communication",
    "Architecture", "Design", "Music", "Sport", "Sports", "Physical", "Mathematics", "Physics",
    "Chemistry", "Biology", "Life", "Health", "Psychology", "Sociology", "Philosophy",
    "History", "Literature", "Linguistics", "Accounting", "Marketing", "Statistics",
    "Geography", "Geosciences", "Materials", "Urban", "Planning",
    "Political", "Government", "Administration", "Sustainability", "Innovation", "Media",
    "Joint",
))
# fmt: on
#: Endings of Chinese institution names; a name has at most _ZH_WINDOW characters before one.
# fmt: off
_ZH_SUFFIXES = (
    "大学", "学院", "研究院", "研究所", "研究中心", "大使馆", "使馆", "总领事馆", "领事馆", "协会",
    "基金会",
    "联合会", "联合总会", "财团", "有限公司", "有限责任公司",
)
# fmt: on
#: Endings of bodies that anyone may found (clubs, funds, unions): a place must name them
#: for them to be institutions (江苏省…协会, 德国洪堡基金会), not a student club. A firm's
#: name always holds its brand (京东方科技集团股份有限公司).
_ZH_SOCIETIES = frozenset(("协会", "基金会", "联合会", "联合总会", "财团"))
_ZH_FIRMS = frozenset(("有限公司", "有限责任公司"))
_ZH_SUFFIX = re.compile(one_of(_ZH_SUFFIXES))
_ZH_INSTITUTION = re.compile("大学|学院")
#: Institutions whose units are named after them.
_ZH_HOLDER = re.compile("大学|学院|协会|学会")
_ZH_ENDING = re.compile("(?:大学|学院)$")
_ZH_WINDOW = 20
#: jieba's parts of speech of the words a name is made of.
_NAME_TAGS = frozenset(
    ("ns", "nr", "nrt", "nrfg", "nt", "nz", "j", "n", "vn", "b", "l", "x", "a", "an", "f", "s")
)
#: Words that qualify a kind of institution rather than name one (高水平大学, 兄弟院校).
# fmt: off
_ZH_QUALIFIERS = frozenset((
    "高水平", "一流", "世界一流", "知名", "著名", "世界", "海外", "国外", "境外", "国内", "国内外",
    "相关", "有关", "兄弟", "双方", "友好", "合作", "私立", "公立", "综合性", "研究型", "应用型",
    "重点", "各", "该", "本", "我", "其", "此", "贵", "全", "多所", "余所", "所", "两岸",
    "内地", "大陆", "两地",
    "孔子",  # 孔子学院: one of hundreds, named by the university that hosts it
    "两所", "三所", "四所", "五所", "六所", "七所", "八所", "九所", "十所", "几所", "数所",
))
#: Disciplines and regions: what a university's own schools are named after (经济学院,
#: 外国语学院, 亚洲学院); a name made of these alone is a school of some university.
_ZH_SUBJECTS = frozenset((
    "外国语", "外语", "外国", "语言", "汉语", "中文", "日语", "俄语", "英语", "德语", "法语",
    "韩语", "文学", "语言文学", "外国语言", "经济", "管理", "工商管理", "经济管理", "商", "法",
    "法学", "政法", "国际", "教育", "国际教育", "继续教育", "职业教育", "文化", "国际文化",
    "交流", "文化交流", "人力资源", "劳动", "关系", "劳动关系", "社会", "工作", "社会工作",
    "工程", "安全", "艺术", "医学", "信息", "理", "理科", "工", "理工", "科技", "技术", "研究",
    "研究生", "马克思主义", "公共", "公共管理", "金融", "会计", "新闻", "传播", "历史", "哲学",
    "数学", "物理", "化学", "生物", "环境", "资源", "材料", "计算机", "软件", "电子", "机械",
    "建筑", "设计", "音乐", "体育", "预科", "基础", "应用", "亚洲", "欧洲", "非洲", "美洲",
    "东南亚", "东亚", "南亚", "中亚", "西亚", "拉美", "区域", "国别", "发展", "比较",
    "政治", "临床", "工会", "劳工", "电子信息", "生物医学", "基础医学", "公共卫生", "护理",
    "药学", "农学", "地理", "旅游", "物流", "统计", "保险", "财政", "税务", "商务", "国际商务",
    "国际关系", "外交", "新闻传播", "美术", "心理", "网络", "成人", "高等教育", "教师教育", "医",
    "健康", "外国语文", "社会科学", "社会发展", "公共政策", "人文", "人文社会科学", "政治学",
    "传媒", "商学", "管理学", "经济学", "法律", "国际事务", "国际合作", "创新", "创业",
    "地球", "地球科学", "海洋", "海洋科学", "石油", "化工", "能源", "交通", "运输", "土木", "水利",
    "农业", "林业", "食品", "纺织", "航空", "航天", "自动化", "通信", "数据", "大数据", "人工智能",
    "信息技术", "教育技术", "应急", "应急管理", "旅游业", "酒店", "城市", "规划", "社会学", "民族",
    "汉学", "国学", "电气", "光电", "测绘", "矿业", "冶金", "船舶", "海事", "药", "中医", "中药",
    "口腔", "兽医", "动物", "植物", "生命科学", "园林", "园艺", "畜牧", "水产", "气象", "天文",
    "地质", "统计学", "数学与统计", "计算", "智能", "新闻与传播", "戏剧", "舞蹈", "影视", "书法",
    # how a university is run, which alone names none (国立大学), though 全北国立大学 is one
    "国立", "州立", "省立", "市立", "公立", "私立",
))
# fmt: on
#: Verbs that introduce a name rather than belong to it.
# fmt: off
_ZH_STOPS = frozenset((
    "来自", "访问", "参加", "出席", "举行", "举办", "签署", "签订", "合作", "代表", "一行", "会见",
    "联合", "主办", "承办", "参观", "前往", "走访", "率团", "邀请", "包括", "来到", "分别", "来访",
    "共同", "通过", "根据", "关于", "加强", "开展", "推动", "成为", "设立", "位于", "毕业", "就读",
    "学习", "访学", "选修", "任职", "担任", "表示", "应邀", "受邀", "赴", "到", "去", "在", "是",
    "假座", "加入", "获得", "参访", "拜访", "考察", "安排", "组织", "曾任", "现任", "兼任",
    "进入", "设在", "利用", "借助", "依托",
))
# fmt: on
#: Single characters that end a name on its left: prepositions, conjunctions, particles.
_FUNCTION_CHARS = frozenset(
    "与和及同在赴向对从为由把被将的了是于以等就跟并也又还到往自经给让至应受曾任原现假年月获"
)
#: Prepositions that segmentation may glue to a name's first word (本科毕业于|西华盛顿大学
#: read as 于西|华盛顿大学), and that never start an institution's name.
_NEVER_FIRST = "于在赴向从到往由被与据"
#: A university's two-character short form (南大, 复大, 浙大) at the start of a name.
_SHORT_UNIVERSITY = re.compile("[\u4e00-\u9fff]大(?![学])")
#: Words for institutions named before that may stick to a unit (两校工学院, 该校商学院).
_BOTH_OR_THAT = re.compile("^(?:两校|双方|该校|贵校|本校|我校|两所大学)")
#: Pronouns that may stick to a name's first word (其大原社会问题研究所).
_LEADING_PRONOUNS = frozenset("其该本我各此贵这那每他她它")
#: Single characters that abbreviate a country or region: 中澳大学校长论坛 names no university.
_REGION_CHARS = frozenset("中外港澳台京沪欧美英日韩俄德法亚非")


def find_candidates(text: str, gazetteer: Gazetteer, judged: Judged | None = None) -> Candidates:
    """Distinct institution-like names in `text` that no partner of `gazetteer` covers;
    `judged`: the partner matcher's reading of `text`, when the caller has it already."""
    matcher = matcher_for(gazetteer)
    hits = matcher.hits(text, judged)
    partner_spans = [(h.start, h.end) for h in hits if h.value is not None]
    ends = {h.end for h in hits if h.value is not None}
    normal = normalize_lines(text)
    starts = {h.start for h in hits if h.value is not None}
    stems = _stems(gazetteer)
    found: dict[str, None] = {}
    own: dict[str, None] = {}
    units: set[str] = set()
    alma_maters: dict[str, bool] = {}
    named = sorted(
        (
            *_english(normal),
            *_chinese(normal, matcher.tag),
            *_government(normal),
            *_local_government(normal, matcher.tag),
        )
    )
    translations = _translations(normal, named)
    for start, end, name in named:
        if name in translations:
            continue  # the same institution in the other language, in brackets
        if start in ends or _unit_at(normal, end, starts) or _of_a_known(normal, end, starts, name):
            # a known partner's unit (北京大学|国际关系学院, "Institute of Atmospheric Physics
            # of the Chinese Academy of Sciences"), here and below
            units.add(name)
            continue
        if _overlaps(start, end, partner_spans):
            # A known partner, and what follows it is its unit (北京大学|法学院), unless the
            # two run a joint institute (海南大学|亚利桑那州立大学|联合国际旅游学院).
            if not (name.endswith("大学") and normal.startswith(_JOINT_INSTITUTE, end)):
                units.update(normal[e:end] for s, e in partner_spans if start <= s and e < end)
            # and what comes before "of" it ("Institute of Atmospheric Physics of the
            # Chinese Academy of Sciences"), named alone later
            units.update(
                normal[start : s - len(of.group())]
                for s, e in partner_spans
                if start < s and e == end and (of := _OF_THE_BEFORE.search(normal, start, s))
            )
            continue
        if _unit_of(name, stems, matcher.tag):
            continue  # one of a known partner's units (华威|商学院)
        if (
            normal.endswith(_ITS, 0, start)
            or HEADS_OF_UNITS.match(normal, end)
            or _possessed(normal, start)
            or _two_subjects(normal, start, matcher.tag)
            or _listed_after_a_unit(normal, start, name)
        ):
            # A unit of an institution named before (该校|社会科学院, 经济与|行政学院), also
            # where the text names it again alone ("the Asian Institute's director").
            units.add(name)
            continue
        for part in _canonical(name, matcher.known_forms, matcher.tag):
            if part != name and name.startswith(part) and is_cjk(name[0]):
                units.add(name[len(part) :])  # its unit, named alone elsewhere (雷丁学院)
            expanded = _expanded(part)
            if (
                part.lower() in matcher.known_forms
                or expanded in matcher.known_forms
                or _short_form(part, matcher.known_forms)
                or _city_and_name(part, gazetteer, matcher.tag)
                or _campus_abroad(part, matcher.known_forms)
            ):
                continue
            passing = (
                someones_past(normal, start, end)
                or funds_another(normal, start)
                or (founder_named(normal, start, end) and _founding(normal, start))
                or in_background(normal, start)
                or _cited_or_venue(normal, start, part)
                or cited_as_source(normal, start)
                or other_stop(normal, start)
            )
            alma_maters[part] = alma_maters.get(part, True) and passing
            (own if _after_first_person(normal, start) else found).setdefault(part)
    kept = [
        n
        for n in found
        if n not in units
        and n not in own  # named as ours once (本校社会科学院), ours where named alone
        and not alma_maters[n]
        and not _glued(n, normal)
        and _balanced(n)
    ]
    names = [
        n
        for n in kept
        if not any(_variant_of(n, o) for o in kept)
        and not any(_shortened_after(n, o, kept) for o in kept)
        and not ((expanded := _expanded(n)) != n and expanded in kept)
    ]
    return Candidates(names, [name for name in own if name not in found])


#: Brackets between a name and its translation: 赫瑞瓦特大学（Heriot-Watt University）.
_BRACKETS = re.compile(r"\s*[（(]\s*")


def _translations(text: str, named: list[tuple[int, int, str]]) -> set[str]:
    """Names written in brackets right after a name in the other script: one institution,
    listed once, as the text names it first."""
    found = set()
    for (_, end, first), (start, _, second) in pairwise(named):
        between = _BRACKETS.fullmatch(text, end, start)
        if between is not None and is_cjk(first[0]) != is_cjk(second[0]):
            found.add(second)
    return found


#: " at"/" of" after a unit's name, before its institution's ("... Institute at ETH Zurich").
_AT_INSTITUTION = re.compile(r",?\s+(?:at|of)\s+(?:the\s+)?")


def owners_unit(name: str, owner: Partner | None) -> bool:
    """Whether an English name is a unit or a campus of the publisher named after it, by a
    word of the publisher's own name ("Auckland Bioengineering Institute" on the University
    of Auckland's site, "Wits Mining Institute", "Beijing-Dublin International College",
    "RMIT University Vietnam"), not another university ("Auckland University of
    Technology")."""
    if owner is None or is_cjk(name[0]):
        return False
    if " " in owner.name and f" {owner.name} " in f" {name} ":
        return True  # "Dickson Poon University of Oxford China Centre Building"
    if " " in name and f" {name} " in f" {owner.name} ":
        return True  # its own name shortened: "Erasmus University" of Erasmus University Rotterdam
    first, _, rest = name.partition(" ")
    if not set(first.split("-")) & _own_words(owner):
        return False
    if first.isupper() and rest.startswith("University "):
        return True  # a member of a university system: "VNU University of Science"
    # Its unit, or its campus abroad ("RMIT University Vietnam").
    last = rest.rsplit(" ", 1)[-1]
    if "University" in name:
        return rest.startswith("University ") and countries().code_of(last) is not None
    return _UNIT_OF_OWNER.search(name) is not None


_UNIT_OF_OWNER = re.compile(
    r"\b(?:Institute|School|College|Centre|Center|Faculty|Department|Campus|Office|Lab"
    r"|Laboratory)\b"
)


def _own_words(owner: Partner) -> set[str]:
    """The distinctive words of a publisher's names: not kinds of institutions, subjects
    or countries."""
    return {
        word
        for form in (owner.name, *owner.aliases)
        for word in re.findall(r"[A-Z][\w-]+", form)
        if word not in _EN_GENERIC and not countries().code_of(word)
    }


def _balanced(name: str) -> bool:
    """Whether a name closes the brackets it opens: 中央党校(国家行政学院 is a fragment."""
    return name.count("(") + name.count("（") == name.count(")") + name.count("）")


def _glued(name: str, text: str) -> bool:
    """Whether a name starts with a function word that segmentation glued to it (曾任|西密歇根
    大学 read as 任西|密歇根大学): the text names it without that character elsewhere."""
    return name[0] in _FUNCTION_CHARS and text.count(name[1:]) > text.count(name)


def _unit_at(text: str, end: int, partner_starts: set[int]) -> bool:
    """Whether a known partner's name follows an English name with "at"/"of": the name is
    one of that partner's units."""
    after = _AT_INSTITUTION.match(text, end)
    return after is not None and after.end() in partner_starts


@lru_cache(maxsize=8)
def _stems(gazetteer: Gazetteer) -> tuple[str, ...]:
    """The distinctive part of each foreign partner's Chinese name (华威 of 华威大学): a
    school whose name starts with it is one of that partner's units. Partners at home (the
    country most partners are in) are left out: their names start with places
    (山东大学), and 山东管理学院 is another institution."""
    stems = {
        _ZH_ENDING.sub("", p.name_zh)
        for p in gazetteer.partners.values()
        if p.country and p.country != gazetteer.home
    }
    return tuple(stem for stem in stems if len(stem) >= 2 and any(map(is_cjk, stem)))


def _unit_of(name: str, stems: tuple[str, ...], tag: TagWords) -> bool:
    """Whether a Chinese name is a known partner's stem and a discipline (华威|商学院)."""
    suffix = _ZH_SUFFIX.search(name)
    if suffix is None or suffix.group() == "大学":
        return False
    return any(
        name.startswith(stem)
        and len(stem) < suffix.start()
        and not _names_an_institution(name[len(stem) : suffix.start()], tag)
        for stem in stems
    )


def _english(text: str) -> list[tuple[int, int, str]]:
    out = []
    for start, name in _names_apart(_EN_CANDIDATE.finditer(text)):
        words = name.split(" ")
        while len(words) > 1 and (
            words[0] in _EN_LEADING
            or _COUNTED.fullmatch(words[0])
            or words[0].endswith("-based")  # "Boston-based Northeastern University"
        ):
            start += len(words[0]) + 1
            words = words[1:]
        name = " ".join(words).rstrip("'’")
        national = _NATIONAL.match(name)
        if national and countries().code_of(national.group(1)):
            start, name = start + national.end(), name[national.end() :]
        college = _COLLEGE_OF.search(text, 0, start) if name == "University of London" else None
        if college and college.group(1).split()[0] not in _EN_LEADING:
            start, name = college.start(1), f"{college.group(1)}, {name}"
        campus = _CAMPUS.match(text, start + len(name))
        if campus and not countries().code_of(campus.group(1)):
            name += f", {campus.group(1)}"
        elif _ENDS_INSTITUTION.search(name):
            following = _country_following(_FOLLOWING_WORDS, text, start + len(name))
            name += following or _place_after(text, start, name)
        elif _ENDS_SOCIETY.search(name) or name.startswith("Ministry of"):
            # whose it is: "… Foundation of Canada", "Ministry of … of Kazakhstan"
            whose = _country_following(_OF_COUNTRY, text, start + len(name))
            if not whose and _ANYONES_MINISTRY.fullmatch(name):
                continue
            name += whose
        else:
            name += _place_after(text, start, name)
        owned = [
            m for m in _POSSESSIVE.finditer(name) if not _ROYAL_BEFORE.search(name, 0, m.start())
        ]
        if owned:  # the unit after the owner's name, which find_candidates sets aside
            cut = owned[-1].end() + 1
            start, name = start + cut, name[cut:]
            words = name.split(" ")
        one_word = name.endswith("-Stiftung")  # "Hans-Böckler-Stiftung"
        if (len(words) > 1 or one_word) and not _NAMES_A_THING.match(text, start + len(name)):
            out.append((start, start + len(name), name))
    return out


def _place_after(text: str, start: int, name: str) -> str:
    """The place a university's name ends with, as " <Place>": a single capitalised word
    after "… University" ("Justus Liebig University Giessen") or "at" after "University of
    …" ("University of Hawaii at Manoa"), closing the phrase; "" for anything else ("Peking
    University President …", "University of Oxford at CULR")."""
    end = start + len(name)
    if _NAMES_A_THING.match(text, end):
        return ""  # "QS World University Rankings"
    if name.startswith("University of ") and " at " not in name:
        campus = _AT_PLACE.match(text, end)
        return f" at {campus.group(1)}" if campus else ""
    if not name.endswith(" University") or " of " in name:
        return ""
    if text.startswith(" Hospital", end):  # a university hospital is an institution
        return " Hospital"
    place = place_closing(text, end)
    return f" {place}" if place else ""


def _names_apart(matches: Iterable[re.Match[str]]) -> Iterator[tuple[int, str]]:
    """Each match's names, with where they start: "X and the Y" is two names (a name's
    own "and" has no "the" after it: "University of Science and Technology")."""
    for match in matches:
        start = match.start()
        for part in match.group().split(" and the "):
            yield start, part
            start += len(part) + len(" and the ")


def _country_following(pattern: re.Pattern[str], text: str, end: int) -> str:
    """What `pattern` finds right after a name ending at `end` when its group names a
    country: the country the name goes on with (" Vietnam" after "Fulbright University",
    but not when more follow: "Kent State University Japan Center" is a unit), or the one
    a society belongs to (" of Canada" after "Asia Pacific Foundation"); else ""."""
    found = pattern.match(text, end)
    return found.group() if found and countries().code_of(found.group(1)) else ""


def _chinese(text: str, tag: TagWords) -> list[tuple[int, int, str]]:
    out = []
    for match in _ZH_SUFFIX.finditer(text):
        end = match.end()
        if match.group() == "大学" and _students(text, end):
            continue
        left = match.start()
        while left > 0 and match.start() - left < _ZH_WINDOW and _name_char(text[left - 1]):
            left -= 1
        if left > 0 and _name_char(text[left - 1]):
            continue  # longer than a name: a run of text, not a name
        kept: list[tuple[str, str]] = []
        words = tag(text[left:end])
        for at in range(len(words) - 1, -1, -1):
            word, pos = words[at]
            if kept and not _in_name(word, pos):
                break
            # a preposition glued to it (赴|星 药科大学), not a foreign name after its
            # country (德国于利希研究中心)
            foreign = pos == "nr" and at > 0 and words[at - 1][1] == "ns"
            if kept and len(word) > 1 and word[0] in _NEVER_FIRST and not foreign:
                kept.insert(0, (word[1:], pos))
                break
            kept.insert(0, (word, pos))
        while len(kept) > 1 and kept[0][1] == "v":  # a name does not start with a verb
            kept.pop(0)
        # a pronoun in front (该|校…, 其|…) is no part of the name; a place's first
        # character is (贵州师范大学 is not 州师范大学)
        pronouns = "" if kept and kept[0][1] in _PROPER_TAGS else "".join(_LEADING_PRONOUNS)
        name = "".join(word for word, _ in kept).lstrip("()（）·-" + pronouns)
        name = name.lstrip(_NEVER_FIRST)
        name = _BOTH_OR_THAT.sub("", name, count=1)
        entering = len(kept) > 1 and kept[-2][1] == "v" and kept[-2][0].endswith("入")
        # An association is an institution when a place or a person names it (江苏省…协会,
        # 田家炳基金会), not a club.
        club = match.group() in _ZH_SOCIETIES and not _proper(kept)
        # A unit of a university named by its short form (南大文学院), or a college or an
        # institute named after what it teaches or studies alone (机械工程学院, 矿产研究所).
        unit = match.group() in _UNIT_ENDINGS and (
            _SHORT_UNIVERSITY.match(name) is not None
            or not _proper(kept)
            or "校区" in name  # on a campus: the host's (鼓楼校区中美文化研究中心)
            or name.endswith(_HOSTED_CENTRES)
        )
        # A firm is named after its trade (华为技术有限公司, 京东方科技…): its name needs no
        # more than its brand.
        firm = match.group() in _ZH_FIRMS and len(name) > len(match.group()) + 1
        if not (entering or club or unit) and (
            firm or _names_an_institution(name[: -len(match.group())], tag)
        ):
            out.append((end - len(name), end, name))
    return out


#: Endings of government bodies: ministries, bureaus, agencies (not 部门, 部分, 局面, 干部,
#: 总部, 校部, the 局 of 局长, nor the 署 of 签署).
_ZH_GOVERNMENT = re.compile("(?:(?<![干总本校])部|局|(?<!签)署)(?![门分位队落件面势长])")
#: After a body's name: its figures are cited (英国国家统计局发布的…数据), it is a source.
_ZH_DATA_SOURCE = re.compile("[^，。；,;\n]{0,12}?(?:数据|统计数字)")
#: Characters that cannot be inside a body's name: particles and prepositions.
_NOT_IN_A_BODY = frozenset("的了在是于对从为把被将等就向到")


def _reads_as_a_body(words: str) -> bool:
    """Whether the words of a body's name hold no particle or preposition, 高等 (higher
    education) read as a word: its 等 is no particle there."""
    return not _NOT_IN_A_BODY & set(words.replace("高等", ""))


def _government(text: str) -> list[tuple[int, int, str]]:
    """Government bodies of another country or region, named with it in front (埃塞俄比亚
    劳动和技能部, 香港特别行政区政府教育局): at home, bodies are named without a country
    and are too many to list, and a country with a direction alone is a region (美国中西部).
    """
    out = []
    for match in _ZH_GOVERNMENT.finditer(text):
        left = match.start()
        while left > 0 and match.start() - left < _ZH_WINDOW and is_cjk(text[left - 1]):
            left -= 1
        span = text[left : match.start()]
        for i in range(len(span) - 1):
            country = countries().starting(span[i : i + COUNTRY_CHARS])
            if country is None:
                continue
            body = span[i + len(country[0]) :]
            if (
                country[1] != "CN"
                and len(body) >= 2
                and not set(body) <= set("东南西北中部")
                and _reads_as_a_body(body)
                and not _ZH_SUFFIX.search(body)  # a unit of an institution
                and not _ZH_DATA_SOURCE.match(text, match.end())
            ):
                out.append((left + i, match.end(), text[left + i : match.end()]))
            break
    return out


#: A province's or a city's government body: its level, then the body.
_ZH_LOCAL_BODY = re.compile(
    "(省|市|自治区)(?:人民政府)?(?:[\u4e00-\u9fff]{1,10}?(?:厅|局|委员会|办公室)|外办|人民政府)"
)


def _local_government(text: str, tag: TagWords) -> list[tuple[int, int, str]]:
    """Government bodies of a province or a city named with its place (贵州省教育厅,
    保定市人民政府外事办公室): the co-organisers and hosts of much of a university's
    international work. The place is the segmenter's word that holds the level (保定市,
    宁夏回族自治区), or a place word before a level standing alone."""
    out = []
    for match in _ZH_LOCAL_BODY.finditer(text):
        window = max(0, match.start() - 8)
        place, offset = "", window
        for word, pos in tag(text[window : match.end(1)]):
            offset += len(word)
            if offset > match.start():
                place = word[: len(word) - (offset - match.start())] or place
                break
            place = word if pos == "ns" else ""
        if len(place) >= 2 and _reads_as_a_body(match.group()[1:]):
            begin = match.start() - len(place)
            out.append((begin, match.end(), text[begin : match.end()]))
    return out


#: Endings that any university's schools and institutes share with institutions.
_UNIT_ENDINGS = frozenset(("学院", "研究院", "研究所", "研究中心"))
#: National centres a university hosts: its own (林木育种国家工程研究中心).
_HOSTED_CENTRES = ("国家工程研究中心", "工程技术研究中心", "工程研究中心")
#: jieba's parts of speech of proper names: places, people, organisations, other names.
_PROPER_TAGS = frozenset(("ns", "nr", "nrt", "nrfg", "nt", "nz", "j"))
#: Words that make a college or an institute one of its own: the world's, the country's.
_PROPER_WORDS = frozenset(("国际", "中国", "中华", "中央", "亚洲", "欧洲", "非洲", "亚太", "东盟"))


def _proper(words: list[tuple[str, str]]) -> bool:
    """Whether a name's words hold a proper name (a place, a person, an organisation), as
    an institution's name does and a school named after a discipline does not; a name the
    segmenter knows whole as an organisation's is one (中央研究院)."""
    if len(words) == 1 and words[0][1] == "nt":
        return True
    return any(pos in _PROPER_TAGS or word in _PROPER_WORDS for word, pos in words[:-1])


_ORDINAL = re.compile("第[一二三四五六七八九十]{1,2}")


#: Words for a university already named ("the university", "that university"), which end
#: the name of a unit after them (学校|中医药学院 is the publisher's own school).
_THE_UNIVERSITY = frozenset(("学校", "该校", "全校"))


def _in_name(word: str, pos: str) -> bool:
    """Whether a word can be part of a name: name-like parts of speech, verbs inside a name
    (北京劳动保障职业学院, 爱尔兰驻华大使馆) but not those that introduce one (访问,
    来自), and any single character but a function word (a foreign name cut by jieba:
    考文|垂)."""
    if word.endswith(FIRST_PERSON_ZH) or word in _THE_UNIVERSITY:
        return False
    if _ORDINAL.fullmatch(word):
        return True  # 巴黎第一大学, 图卢兹第一大学
    if len(word) == 1 and is_cjk(word):
        return word not in _FUNCTION_CHARS
    if word.endswith("于"):
        # a verb and its preposition introduce a name (位于, 就职于), even where the
        # segmenter tags them as a name themselves (任教于|新加坡国立大学)
        return False
    if pos == "eng":
        return word.isupper()  # initials inside the name: AGH科技大学
    if any(stop in word for stop in _ZH_STOPS if len(stop) > 1):
        return False  # a verb that introduces a name, inside a word (本科毕业|于西…)
    return pos == "v" or pos in _NAME_TAGS


def _students(text: str, end: int) -> bool:
    """ "大学生": university students, not a university (but 大学生物系 is a department);
    nor universities in general: an alliance or a forum of them (中俄工科大学联盟, 海峡两岸
    大学校长论坛)."""
    if text.startswith(_OF_UNIVERSITIES, end):
        return True
    return students_after(text, end)


_OF_UNIVERSITIES = ("联盟", "校长论坛", "校长会议", "校长峰会", "校长联席会")


def _names_an_institution(before: str, tag: TagWords) -> bool:
    """Whether the words before an ending name one institution rather than a kind of them:
    no qualifier (高水平, 有关), not only disciplines (经济, 外国语), not only country
    abbreviations (中澳)."""
    if len(before) < 2 or all(char in _REGION_CHARS for char in before):
        return False
    tagged = tag(before)
    if any(word in _ZH_QUALIFIERS for word, _ in tagged):
        return False
    return not all(_subject(word, pos) for word, pos in tagged)


def _subject(word: str, pos: str) -> bool:
    """A discipline, or a compound ending in one that names no place or person (通信工程,
    汉语言, 少数民族)."""
    if word in _ZH_SUBJECTS:
        return True
    return pos not in _PROPER_TAGS and any(
        word.endswith(subject) for subject in _ZH_SUBJECTS if len(subject) >= 2
    )


def _canonical(name: str, known: frozenset[str], tag: TagWords) -> list[str]:
    """The institutions a found name stands for, written as staff would add them."""
    if any(map(is_cjk, name)):
        return [_chinese_canonical(name, known, tag)]
    two = _TWO_NAMES.match(name)
    if two:
        return [n for part in two.groups() for n in _canonical(part, known, tag)]
    unit = _UNIT_OF.match(name)
    if unit and not name.startswith(("University", "College", "Embassy", "Consulate")):
        name = unit.group(1)
    words = name.replace(",", "").split()
    national = words[:2] == ["Chinese", "Academy"]  # "Chinese Academy of Forestry"
    if (all(word in _EN_GENERIC for word in words) and not national) or _a_unit(words, known):
        return []
    return [name]


#: How a university's units are named, the kind of unit first: "College of Agronomy".
_UNIT_KINDS = frozenset(("College", "School", "Faculty", "Department", "Centre", "Center"))
#: Words that make a unit after a known name ("University of Sydney Business School"),
#: and words after which the known name goes on as another's ("Kyoto University of …").
_UNIT_WORDS = _UNIT_KINDS | {"Institute", "Academy", "Laboratory", "Lab", "Association", "Club"}
_NAME_GOES_ON = frozenset(("of", "for", "at", "and", "&", "in", "University"))
#: Words of regions that make such a name an institution's ("College of Europe").
_REGIONS = frozenset(("Europe", "European", "Asia", "Asian", "Africa", "African", "Oriental"))


def _a_unit(words: list[str], known: frozenset[str]) -> bool:
    """Whether an English name is a unit: of a known institution named at its start
    ("University of Edinburgh Institute", "SUSTech Academy for …"), or named as a kind of
    unit of a subject ("College of Natural Resources and Environment"), unless a place
    names it."""
    for size in range(1, len(words)):
        rest = words[size:]
        if (
            " ".join(words[:size]).lower() in known
            and rest[0] not in _NAME_GOES_ON
            and (rest[0] in _UNIT_WORDS or rest[-1] in _UNIT_WORDS)
        ):
            return True
    return (
        len(words) > 2
        and words[0] in _UNIT_KINDS
        and words[1] == "of"
        and not any(word in _REGIONS or countries().code_of(word) for word in words[2:])
        and words[-1] not in ("Province", "Municipality")  # a province's department
    )


def _chinese_canonical(name: str, known: frozenset[str], tag: TagWords) -> str:
    """A unit named with its institution is the institution (a society's institute is the
    society's: 德国弗劳恩霍夫协会|生产技术研究所); a country in front goes when the rest is
    still a name, and not another institution's."""
    inner = [m.end() for m in _ZH_HOLDER.finditer(name) if m.end() < len(name)]
    if inner and len(name[: inner[0]]) >= 4:
        name = name[: inner[0]]
    if not _ZH_INSTITUTION.search(name[-3:]):
        return name  # an embassy: the country is its name
    # The longest country only (not 塔吉克|斯坦国立民族大学), leaving three characters.
    country = countries().starting(name[: min(len(name) - 3, COUNTRY_CHARS)])
    if country is None:
        return name
    rest = name[len(country[0]) :]
    suffix = _ZH_SUFFIX.search(rest)
    if (
        rest.lower() not in known
        and suffix is not None
        and _names_an_institution(rest[: suffix.start()], tag)
    ):
        return rest
    return name


#: How Chinese institution names are contracted in running text (首都经贸大学, 河北科大,
#: 华中科大社会学院): the contracted part and the full one.
_CONTRACTIONS = (
    ("经贸大学", "经济贸易大学"),
    ("科大", "科技大学"),
    ("师大", "师范大学"),
    ("农大", "农业大学"),
    ("医大", "医科大学"),
    ("财大", "财经大学"),
    ("外大", "外国语大学"),
    ("交大", "交通大学"),
    ("理工大", "理工大学"),
)
_CONTRACTED = re.compile("|".join(f"{short}(?!学)" for short, _ in _CONTRACTIONS))
_FULL = dict(_CONTRACTIONS)


def _expanded(name: str) -> str:
    """A Chinese name with its first contracted part written out, and cut after the
    institution it then names (河北科大国际教育学院 -> 河北科技大学): how the gazetteer and
    the other candidates of the text spell it. Other names are returned as they are."""
    match = _CONTRACTED.search(name)
    if match is None or match.start() < 2:
        return name
    full = _FULL[match.group()]
    return name[: match.start()] + full[: full.index("大学") + 2]


def _variant_of(name: str, other: str) -> bool:
    """Whether `name` is a shorter form of `other`, found in the same text: a campus or a
    place left off ("University of California" of "University of California, Davis",
    "Hang Seng University" of "Hang Seng University of Hong Kong") or a Chinese name's tail
    (社会问题研究所 of 大原社会问题研究所)."""
    if other.startswith((f"{name}, ", f"{name} of ")):
        return True
    if other != name and not is_cjk(name[0]) and " " in name:
        # the same name cut short ("Doherty Institute" of "Peter Doherty Institute for …"),
        # not the institution a unit belongs to ("Institute of … of the Czech Academy …")
        at = f" {other} ".find(f" {name} ")
        return at >= 0 and not other[:at].rstrip().endswith((" of", " of the"))
    return other != name and other.endswith(name) and is_cjk(name[0])


def _shortened_after(name: str, other: str, names: list[str]) -> bool:
    """Whether a Chinese `name` is `other` named again, shortened, after it: its proper
    part (three characters or more, no country) and its kind, the words between left off
    (古布金国立石油天然气大学 … 古布金大学). Only after the full name: a place's name
    alone before a kind is as often another institution (北京大学, 北京理工大学)."""
    if not (is_cjk(name[0]) and len(other) > len(name) and names.index(other) < names.index(name)):
        return False
    for kind in _ZH_KINDS:
        head = name.removesuffix(kind)
        if head != name and len(head) >= _PROPER_PART and other.endswith(kind):
            return other.startswith(head) and countries().starting(head) is None
    return False


#: The kinds a shortened Chinese name keeps after its proper part.
_ZH_KINDS = ("大学", "学院", "研究院", "研究所")
_PROPER_PART = 3


def _short_form(name: str, known: frozenset[str]) -> bool:
    """Whether an English name is a known partner's first word alone before "University"
    (Al-Farabi University of Al-Farabi Kazakh National University). (A Chinese name with
    its place left off or put in front is as often another institution: 东华大学 and 台湾
    东华大学, 上海对外经贸大学 and 对外经贸大学.)"""
    first = _FIRST_WORD_UNIVERSITY.fullmatch(name)
    return first is not None and first.group(1).lower() in _known_heads(known)


#: Before a name: a body that accredits, a venue ("accredited by the", "The ceremony was
#: held at the"). A source quoted is `cited_as_source`'s.
_CITED_OR_VENUE = re.compile(
    r"\b(?:accredited by|approved by|recogni[sz]ed by|(?:was|were|is|are|will be) held at)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def _cited_or_venue(text: str, start: int, name: str) -> bool:
    """Whether a name is an accrediting body or, for anything but a university (which
    hosts as a partner does), the venue of what is told; or a Chinese name in quotation
    marks (“全球大学”战略: a strategy's name, not an institution)."""
    if text.endswith(("“", "「", '"'), 0, start):
        return True
    found = _CITED_OR_VENUE.search(text, max(0, start - 40), start)
    if found is None:
        return False
    return "held at" not in found.group(0).lower() or not _UNIVERSITY_NAME.search(name)


_UNIVERSITY_NAME = re.compile(r"Universit|College|Hochschule|大学|学院")


def _campus_abroad(name: str, known: frozenset[str]) -> bool:
    """Whether an English name is a known partner's name and a country: its campus there
    ("Xiamen University Malaysia", "Monash University Malaysia")."""
    head, _, last = name.rpartition(" ")
    return bool(head) and head.lower() in known and countries().code_of(last) is not None


def _city_and_name(name: str, gazetteer: Gazetteer, tag: TagWords) -> bool:
    """Whether a Chinese name is a home partner's full name with its city in front
    (北京中国人民大学, 上海复旦大学). Only a full name: a short one after a place is often
    another institution (上海对外经贸大学 is not 对外经贸大学)."""
    if not is_cjk(name[0]):
        return False
    names = _home_names(gazetteer)
    for size in (2, 3):
        place, rest = name[:size], name[size:]
        if rest in names and _ZH_ENDING.search(rest) and countries().starting(place) is None:
            words = tag(place)
            if words and all(pos == "ns" for _, pos in words):
                return True
    return False


@lru_cache(maxsize=8)
def _home_names(gazetteer: Gazetteer) -> frozenset[str]:
    """The full Chinese names of the partners at home (the country most partners are in)."""
    return frozenset(
        to_simplified(p.name_zh) for p in gazetteer.partners.values() if p.country == gazetteer.home
    )


_FIRST_WORD_UNIVERSITY = re.compile(r"([\w'’-]+) University")


@lru_cache(maxsize=8)
def _known_heads(known: frozenset[str]) -> frozenset[str]:
    """The first words of known English names of three words or more ending in
    "university"."""
    return frozenset(
        words[0] for form in known if len(words := form.split()) >= 3 and words[-1] == "university"
    )


def _name_char(char: str) -> bool:
    """Characters of a Chinese name: CJK, brackets, the dot and hyphen, and capitals of the
    Latin initials some names hold (波兰AGH科技大学, IHE代尔夫特水教育研究所)."""
    return is_cjk(char) or char in "()（）·-" or "A" <= char <= "Z"


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


#: "That university's", "the two universities'", "its": a unit after these belongs to an
#: institution the text has named already.
_ITS = ("该校", "该院", "该大学", "两校", "双方", "其", " its ", " their ")


#: An owner in the possessive right before a name ("the university's Shenzhen Institute").
#: (After "X's School of … and", the next name may be a unit or another institution.)
_POSSESSOR = re.compile(
    r"(?:^|\s)((?:[A-Z][\w-]*|university|college|institute|school)"
    r"(?: (?:of |for |the )*[A-Z][\w-]*)*)['’]s $"
)


#: Between a unit's name and its institution's: "… of the", "… at", or a comma.
_OF_THE = re.compile(r",? (?:of|at) (?:the )?")
_OF_THE_BEFORE = re.compile(_OF_THE.pattern + "$")  # the same words, ending where a name starts
_COMMA = re.compile(r", (?:the )?")


def _of_a_known(text: str, end: int, partner_starts: set[int], name: str) -> bool:
    """Whether an English name is followed by "of" a known partner, or a unit's name by the
    partner after a comma ("Institute of Atmospheric Physics, Chinese Academy of
    Sciences"; "University of Kent, Peking University" is a list): its unit."""
    of = _OF_THE.match(text, end)
    if of is None and _UNIT_NAME.search(name) and "Universit" not in name:
        of = _COMMA.match(text, end)
    return of is not None and of.end() in partner_starts


def _possessed(text: str, start: int) -> bool:
    """Whether an English name is owned by whoever is named in the possessive before it
    (a unit of theirs: "the National University of Singapore's Centre for Asian Legal
    Studies"), unless a country is ("Singapore's Civil Service College")."""
    owner = _POSSESSOR.search(text, max(0, start - 120), start)
    if owner is None:
        return False
    possessor = owner.group(1)
    head, of, rest = possessor.rpartition(" of ")
    if of and not _UNIVERSITY_NAME.search(head):
        possessor = rest  # "Officials of Singapore's": Singapore's, not theirs
    return not countries().code_of(possessor)


#: A university's unit named for a subject, closing a list before another name: "the
#: School of Mechanical Engineering and ", "the College of Engineering, … and the ".
_SUBJECT_UNIT_BEFORE = re.compile(
    r"\b(?:School|College|Faculty|Department) of [A-Z][\w-]*(?: (?:and |of |for |& )?[A-Z][\w-]*)*"
    r"(?:,? and|,) (?:the )?$"
)
#: The kinds of unit a university has and other institutions rarely are named as
#: ("Institute" alone is as often a research institution of its own; "Institute of" a
#: subject is a unit).
_UNIT_NAME = re.compile(
    r"\b(?:College|School|Faculty|Department|Centre|Center|Office)\b|^Institute of "
)


def _listed_after_a_unit(text: str, start: int, name: str) -> bool:
    """Whether a college, school or centre is listed after a unit named for a subject:
    one more unit of the same university ("SJTU's School of Mechanical Engineering and
    Antai College of Economics and Management")."""
    return (
        _UNIT_NAME.search(name) is not None
        and _SUBJECT_UNIT_BEFORE.search(text, max(0, start - 150), start) is not None
    )


def _two_subjects(text: str, start: int, tag: TagWords) -> bool:
    """Whether a name starts after a discipline and "与"/"和" (经济与|行政学院, 社会与|行为
    科学学院): a school named for two disciplines, a unit of some university."""
    if start < 3 or text[start - 1] not in "与和及":
        return False
    words = tag(text[max(0, start - 7) : start - 1])
    return bool(words) and words[-1][0] in _ZH_SUBJECTS


#: After two universities' names, the joint institute they run: the second is no unit of
#: the first (海南大学亚利桑那州立大学联合国际旅游学院), where an academy's institute is
#: (中国科学院西北高原生物研究所联合…).
_JOINT_INSTITUTE = ("联合", "合作")


#: A founding told, not an event held: 由我校与X合作创办, "co-founded by" (举办 and 共建 are
#: also what partners do together now: 由X举办 names the organiser of the event).
_FOUNDING = re.compile(r"创办|创建|创立|\b(?:founded|co-founded)\b", re.IGNORECASE)


def _founding(text: str, start: int) -> bool:
    """Whether the sentence around `start` tells an institution's founding."""
    sentence_start, sentence_end = sentence_around(text, start)
    return _FOUNDING.search(text, sentence_start, sentence_end) is not None


def _after_first_person(text: str, start: int) -> bool:
    """A unit right after "我校", "学校" or "our" is one of ours, not a new institution; so
    is one on the page's byline (供稿：教育信息技术学院　审核：…)."""
    before = " " + text[max(0, start - 16) : start].rstrip().lower()
    line = text[text.rfind("\n", 0, start) + 1 : start]
    return (
        before.endswith((*FIRST_PERSON, " our", "学校"))
        or _BYLINE.search(line) is not None
        or OWN_UNITS_BEFORE.search(text, max(0, start - 40), start) is not None
    )


#: The labels of a Chinese page's byline, before the units that wrote and checked it.
_BYLINE = re.compile(
    "(?:供稿|撰稿|审核|审稿|编辑|初审|复审|终审|摄影|图文|文字|图片)\\s*[:：][^。\\n]*$"
)
