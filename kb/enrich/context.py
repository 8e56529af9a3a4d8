"""Whether a Chinese name found in a text is the whole name, or part of a longer one.

Chinese names match as substrings, so a short name is found inside longer ones:
外交学院 in 维也纳外交学院, 北师大 in 东北师大, 劳动关系学院 in
罗格斯大学管理与劳动关系学院, 东北大学 in 美国东北大学. What is written on the left of a
match tells them apart, and word segmentation reads it: jieba, told every name of the
gazetteer, cuts the text around the match and tags each word with its part of speech.

* a word that straddles the start of the match (东北|师大 read as 东北师大) makes it part
  of that word;
* a place, a person's name, a brand or a qualifier (维也纳, 国立, 乔治·) continues the name,
  and so does a point of the compass (西悉尼大学 is not 悉尼大学);
* an institution just before it (北京大学国际关系学院) makes it one of that institution's
  units, also across a "与" inside the unit's name (罗格斯大学管理与劳动关系学院); a
  ministry does not (俄罗斯外交部莫斯科国立国际关系学院 is the university it runs);
* "我校"/"本校" make it one of our own units;
* a country in front (美国东北大学, 英国约克大学) names where the institution is, which the
  partner matcher compares with the partner's country;
* a verb, a preposition, a conjunction between institutions, punctuation or nothing leave the
  name as found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

import rjieba

from kb.core.text import is_cjk, normalize, one_of
from kb.lexicon.countries import countries


class Left(Enum):
    """What stands on the left of a Chinese name."""

    OPEN = "open"  # nothing that belongs to the name: the name stands as found
    COUNTRY = "country"  # a country or region: where the institution is
    OWN = "own"  # "我校": one of the publisher's own units
    UNIT = "unit"  # another institution: the name is one of its units
    NAME = "name"  # a longer name: a different institution


@dataclass(frozen=True)
class Context:
    """The left context of one match; `country` is set for `Left.COUNTRY`."""

    left: Left
    country: str | None = None


OPEN = Context(Left.OPEN)

#: How far to look on each side of a match, in characters.
_LEFT_CHARS = 12
_RIGHT_CHARS = 4
#: Parts of speech (jieba's tag set) of words that are names or qualify one: places, people,
#: institutions, other proper nouns, abbreviations, distinguishing adjectives (国立, 私立).
_NAME_TAGS = frozenset(("ns", "nr", "nrt", "nrfg", "nt", "nz", "j", "b"))
#: Parts of speech of words that end a name on its left: verbs (赴, 访问, 来自),
#: prepositions, conjunctions, particles, adverbs, pronouns, numbers, measure words, times.
# fmt: off
_FUNCTION_TAGS = frozenset((
    "v", "vd", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r", "m", "q", "f", "t",
    "x", "w", "y", "e", "o", "zg", "ad",
))
# fmt: on
#: Places and people: a word of these that starts inside a name and runs past its end makes
#: the name part of it (北大|西洋); a unit there (北京大学|法学院) is the name's own.
_PLACE_TAGS = frozenset(("ns", "nr", "nrt", "nrfg"))
#: Endings of institutions' names (also of a bare word: 大学, 学院).
_INSTITUTION_ENDINGS = ("大学", "学院", "研究院", "研究所", "学校", "大学校", "中学", "科学院")
#: Points of the compass that jieba cuts off a place (西|密歇根, 东|伦敦, 中央|昆士兰).
DIRECTIONS = ("东", "西", "南", "北", "中央", "中部", "东部", "西部", "南部", "北部")
#: Endings of government bodies' names (外交部, 教育委员会, 教育厅, 外事局).
_GOVERNMENT_ENDINGS = ("部", "委", "委员会", "厅", "局")
#: Words joining two things: between institutions they join institutions, inside a unit's
#: name they join its subjects.
_CONJUNCTIONS = frozenset(("与", "和", "及", "暨", "同", "跟", "、"))
#: A single character glued onto a name by jieba is a function word, not part of a name.
_FUNCTION_CHARS = frozenset("与和及同跟由在赴向对从于为把被将经给让至到往")
#: People of an institution: "北京大学学生与外交学院学生" joins two groups of students.
_PEOPLE = (
    "学生",
    "师生",
    "教师",
    "老师",
    "代表",
    "代表团",
    "专家",
    "学者",
    "领导",
    "校长",
    "院长",
    "团队",
    "校友",
    "研究生",
    "本科生",
)
FIRST_PERSON_ZH = ("我校", "本校", "我院", "本院", "我所", "我们学校", "我们学院")
#: Before a name: a list of units that starts with one of ours (本校文学院、社会科学院及…),
#: whose next item is ours too.
OWN_UNITS_BEFORE = re.compile(
    f"{one_of(FIRST_PERSON_ZH)}(?:[\u4e00-\u9fff]{{1,12}}?(?:学院|系|中心|研究所|研究院|处|部)[、及])+$"
)


class NameContexts:
    """Reads the left context of Chinese names, with a segmenter that knows `names`."""

    def __init__(self, names: Iterable[str]) -> None:
        self._jieba = rjieba.Jieba()
        for name in names:
            if any(map(is_cjk, name)):
                self._jieba.add_word(normalize(name), None, "nt")

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Words of `text` with their parts of speech, the gazetteer's names kept whole."""
        return self._jieba.tag(text)

    def of(self, text: str, start: int, end: int, *, whole: bool = True) -> Context:
        """The context of the match text[start:end] (`text` normalized).

        `whole` is False for an alias: then any noun in front (学生国际交流基金, 思|政大)
        continues it; a full name may follow a common noun (合作伙伴北京大学).
        """
        if start == 0 or (not is_cjk(text[start - 1]) and text[start - 1] != "·"):
            return self._right(text, start, end)
        left = start
        while left > 0 and start - left < _LEFT_CHARS and _name_char(text[left - 1]):
            left -= 1
        right = end
        while right < len(text) and right - end < _RIGHT_CHARS and is_cjk(text[right]):
            right += 1
        words = _spans(self._jieba.tag(text[left:right]), left)
        before = [(a, b, word, tag) for a, b, word, tag in words if b <= start]
        for a, b, word, tag in words:
            if a < start < b:
                return self._straddling(text[a:start], word, tag)
        found = self._before(text[left:start], before, whole)
        return found or self._right(text, start, end, words)

    def _straddling(self, extra: str, word: str, tag: str) -> Context:
        """A word that starts before the match and runs into it: an institution's name
        (河北|经贸大学 for 贸大) is that institution, whatever character it starts with."""
        if extra in _FUNCTION_CHARS and tag != "nt":
            return OPEN
        code = countries().code_of(extra)
        return Context(Left.COUNTRY, code) if code else Context(Left.NAME)

    def _before(
        self, run: str, before: list[tuple[int, int, str, str]], whole: bool
    ) -> Context | None:
        """The words ending where the match starts; None when they leave the name open."""
        if run.endswith("·"):
            return Context(Left.NAME)
        if run.endswith(FIRST_PERSON_ZH):
            return Context(Left.OWN)
        found = countries().ending(run)
        if found is not None:
            return Context(Left.COUNTRY, found[1])
        if not before:
            return None
        _, _, word, tag = before[-1]
        if word in DIRECTIONS:  # 西|悉尼大学, 东|伦敦大学: another place's institution
            return Context(Left.NAME)
        if word.endswith(_INSTITUTION_ENDINGS) or tag == "nt":
            # A ministry owns institutions, not units: 俄罗斯外交部|莫斯科国立国际关系学院.
            governs = word.endswith(_GOVERNMENT_ENDINGS) and not word.endswith(_INSTITUTION_ENDINGS)
            return None if governs else Context(Left.UNIT)
        if tag in _NAME_TAGS:
            return Context(Left.NAME)
        if word in _CONJUNCTIONS:
            return Context(Left.UNIT) if _unit_name_before(before[:-1]) else None
        if not whole and tag not in _FUNCTION_TAGS:
            return Context(Left.NAME)
        return None

    def _right(
        self,
        text: str,
        start: int,
        end: int,
        words: list[tuple[int, int, str, str]] | None = None,
    ) -> Context:
        """A place or person that starts inside the match and runs past it (北大|西洋), or
        students: 上海大学生 are a city's university students."""
        if end >= len(text) or not is_cjk(text[end]):
            return OPEN
        if text.endswith("大学", start, end) and students_after(text, end):
            return Context(Left.NAME)
        if words is None:
            right = min(len(text), end + _RIGHT_CHARS)
            words = _spans(self._jieba.tag(text[start:right]), start)
        for a, b, _, tag in words:
            if start <= a < end < b and tag in _PLACE_TAGS:
                return Context(Left.NAME)
        return OPEN


def students_after(text: str, end: int) -> bool:
    """Whether 大学 ending at `end` is read with 生 after it: "大学生", university students
    (but 大学生物系 is a department)."""
    return text[end : end + 1] == "生" and text[end : end + 2] not in ("生物", "生命", "生态")


def _unit_name_before(words: list[tuple[int, int, str, str]]) -> bool:
    """Whether the words before a "与" are an institution and a subject (罗格斯大学|管理):
    then "与" joins two subjects inside the name of one of its units. An adverb or a
    person in between ("学校将与", "北京大学学生与") makes "与" join two parties."""
    for distance, (_, _, word, tag) in enumerate(reversed(words[-3:])):
        if word.endswith(_INSTITUTION_ENDINGS) or tag == "nt":
            return distance > 0
        if word in _PEOPLE or word.endswith(FIRST_PERSON_ZH) or not tag.startswith(("n", "v")):
            return False
    return False


def _spans(tagged: list[tuple[str, str]], offset: int) -> list[tuple[int, int, str, str]]:
    """Words with their [start, end) offsets in the text."""
    out = []
    for word, tag in tagged:
        out.append((offset, offset + len(word), word, tag))
        offset += len(word)
    return out


def _name_char(char: str) -> bool:
    return is_cjk(char) or char == "·"


#: Words that end an English institution's name.
_INSTITUTION_WORDS = ("University", "College", "Institute", "Academy", "School", "Polytechnic")
#: Government bodies whose name another government's body takes ("the Taiwan Affairs
#: Office of the Shaanxi Provincial People's Government" is not the State Council's).
_BODY_WORDS = ("Office", "Commission", "Bureau", "Department")
#: Capitalised words that start a sentence or a clause rather than continue a name.
_CLAUSE_WORDS = frozenset(
    ("The", "A", "An", "And", "At", "By", "For", "From", "In", "Of", "On", "To", "With", "Both")
)
_NEXT_ENUMERATION = re.compile(r", [A-Z][a-z]+ and [A-Z]")
_NEXT_OF = re.compile(r" of (?:the )?[A-Z]")
#: A university's word and one of its units ("Manchester's Department"): what follows is
#: the unit's subject, not a longer name.
_POSSESSIVE = re.compile(r"['’]s (?!University\b)[A-Z]")  # not Queen's University
#: A name going on in French, Spanish, Italian or German ("École Polytechnique de Montréal").
_NEXT_PARTICLE = re.compile(r" (?:de|du|des|di|del|della|da|do|der|zu) (?:la |l['’])?[A-ZÀ-Ý]")
_NEXT_CAPITAL = re.compile(
    r" (?!(?:School|Faculty|Department|Centre|Center|Institute|College)\b)[A-Z][a-z]"
)
#: A place closing a university's name: one capitalised word, then punctuation, a
#: lower-case word or the end ("Queen's University Belfast.", "… University Giessen in …").
PLACE = r"([A-Z][a-zà-ÿ]+(?:-[A-Z][a-zà-ÿ]+)?)(?=[,.;:)]|\s+[a-z(]|\s*$)"
_PLACE_AFTER = re.compile(rf" {PLACE}")
#: Capitalised words after "… University" that are its people, parts or doings, not its
#: place ("Peking University President", "Kyoto University Hospital").
# fmt: off
_NOT_PLACES = frozenset((
    "President", "Vice", "Professor", "Chancellor", "Rector", "Dean", "Provost", "Secretary",
    "Chair", "Director", "Press", "Hospital", "Library", "Museum", "Campus", "Council",
    "Senate", "Board", "Committee", "Party", "Union", "Club", "Team", "Students", "Student",
    "Alumni", "Staff", "Faculty", "School", "College", "Institute", "Centre", "Center",
    "Department", "Foundation", "Delegation", "Today", "Graduate", "Research", "News",
))
# fmt: on


def place_closing(text: str, end: int) -> str | None:
    """The place closing a university's name that ends at `end`, if one does."""
    place = _PLACE_AFTER.match(text, end)
    return None if place is None or place.group(1) in _NOT_PLACES else place.group(1)


_PREVIOUS_WORD = re.compile(r"(^|[.!?:;]\s+|\s)([A-Z][\w'’-]*) $")


#: What an institution owns under its name without being it, or what is named after it:
#: its press, its affiliated schools, its journal, a citation style ("北京大学出版社",
#: "清华附中", "Oxford University Press", "Harvard Business Review", "the Harvard style").
_OWNED_ZH = ("出版社", "附属中学", "附属小学", "附属实验学校", "附属学校", "附中", "附小")
_OWNED_EN = re.compile(
    r"\s+(?:(?:University\s+)?Press|Business\s+Review|(?:referencing\s+|citation\s+)?style)\b"
)


def owned_institution_follows(text: str, end: int) -> bool:
    """Whether the name ending at `end` is the first part of an institution it owns, a
    press or an affiliated school, or of a place named after it (重庆大学城, a university
    town): a different counterpart from the name itself."""
    if text.startswith(_OWNED_ZH, end) or _OWNED_EN.match(text, end):
        return True
    return text.endswith("大学", 0, end) and text.startswith("城", end)


#: Words before a name that make it someone's alma mater or former employer ("毕业于",
#: "曾在", "earned her PhD at"), not a counterpart of the article.
_PAST_OF_SOMEONE = re.compile(
    r"(?:毕业于|就读于|毕业自|曾在|曾任职于|曾就职于|曾任教于|曾执教于|曾任|曾担任|早年曾?(?:在|于|赴|获)|"
    # a stay told with its year (曾于2019年在赫尔辛基大学访学), a graduate's next step
    # (毕业后将赴北京大学攻读博士学位)
    r"曾于(?:[^，。；;\n]{0,10}?(?:在|赴|到))?"
    r"|毕业后(?:将|即将|拟|计划|打算)?(?:回国)?(?:赴|到|进入|前往|考入|在)|"
    # where someone is now (现于卡尔加里大学攻读硕士学位的校友)
    r"现(?:于|在|就读于|任职于|任教于|就职于)|"
    # where someone is now, or their studies go on ("now a professor at", "will continue
    # their studies, some at … and others at universities including")
    r"now (?:an? )?[\w' -]{1,30}? (?:at|of)|"
    r"(?:continue[sd]?|pursue[sd]?) (?:their|his|her) (?:studies|education)[^.;\n]{0,80}?"
    r"(?:\bat|including|such as)|"
    r"graduated? (?:from|of)|"
    # a post someone held, or alumni hold now ("was a postdoctoral researcher at",
    # "now hold faculty posts at Chinese universities, including")
    r"(?:was|had been) an? (?:[\w-]+ ){0,3}(?:researcher|fellow|scholar|professor|lecturer|"
    r"student|postdoc|engineer|economist|dean|member) (?:at|of|with)|"
    r"(?:hold|holds|held|took up|take up) (?:[\w-]+ ){0,2}"
    r"(?:posts?|positions?|jobs?|chairs?|professorships?|lectureships?) at"
    r"(?: [\w' -]{1,40}?,? (?:including|such as))?|"
    # the next step of the same life: 毕业于我校社会工作专业，后赴中山大学攻读博士学位
    r"(?:毕业于|就读于)[^。；;\n]{0,30}?后(?:赴|到|在|于|进入|前往|考入)|"
    r"graduates? of|alumn(?:us|a|i) of|"
    r"(?:PhD|doctorate|degree|master's|bachelor's)(?: in [\w' -]{1,30}?)? (?:from|at)|"
    r"completed (?:a|an|her|his|their) [\w' -]{1,30}? at|"
    r"took (?:a|an) (?:[\w-]+ ){0,3}(?:course|class|module|programme|program|degree) at|"
    r"studied(?: [a-z]+){0,5} at|educated at|did (?:his|her|their) [\w -]{1,30}? at|"
    r"a former(?: [\w-]+){0,4}? (?:at|of|with)|a former|"
    # where someone is now, as an alumnus is written up, or came from
    r"now (?:teaches|works|lectures|studies)(?: [a-z]+){0,2} (?:at|for)|"
    r"now works (?:in|on|with) (?:the |a |an )?[\w' -]{1,40}? (?:of|at)|"
    r"(?:alumni|graduates|alumn(?:us|a)) (?:now )?(?:working|employed|serving) (?:at|for|in|with)|"
    r"moved to [\w -]{1,40}? from|retired from|formerly (?:at|of|with)|taught(?: [\w-]+){0,4} at|"
    r"formerly (?:a|an) [\w' -]{1,40}? (?:at|of|with)|"
    r"worked (?:at|for)|(?:was|were|had been) previously [\w' -]{1,40}? (?:at|with)|"
    r"trained(?: as an? [\w' -]{1,40}?)? at|served (?:on|with)|"
    r"(?:plans?|hopes?|wants?) to apply to|"
    # where graduates went on to study: 录取院校包括…, 主要去向包括…, "admitted to", "offers from"
    r"(?:(?:录取|升学)(?:院校|学校|高校)?|去向)(?:主要)?(?:包括|有|为)[^。；;\n]{0,60}?|考取|"
    r"(?:admitted to|offers? (?:from|of)|accepted (?:by|into)|"
    r"(?:went|gone|go|goes|going|continue[sd]?|continuing) (?:on )?(?:to|with) [\w'’ -]{0,24}?"
    r"(?:study|studies|degrees?)[\w ,'’]{0,50}? at)|"
    r"spent (?:a|an|one|two|three|four|five|six|several) (?:[\w-]+ )?"
    r"(?:years?|months?|semesters?|terms?|summers?|weeks?)"
    r"(?: as [\w' -]{1,40}?)? at)\s*(?:the\s+)?"
    # and the second of two places named together ("educated at Oberlin College and Yale")
    r"(?:(?:(?-i:[A-Z])[\w'-]*,? (?:(?:of|for|and|in|de) )?){1,8}and (?:at )?(?:the )?|"
    r"[\u4e00-\u9fff]{2,20}[、和与及])?$",
    re.IGNORECASE,
)
#: After a Chinese name: its retired staff (西密歇根大学退休教授).
_RETIRED_ZH = ("退休", "荣休")
#: After a Chinese name, in its clause: a degree earned there ("在伦敦政治经济学院获得博士学
#: 位") or work done there before ("在联合国开发计划署工作的经历").
_PAST_AFTER_ZH = re.compile(
    r"[^，。；,;\n]{0,12}?(?:(?:获得|取得)了?(?:博士|硕士|学士)?学位|工作(?:的|过的)?经历)"
    # graduates' further study there: 在里斯本大学继续深造, 将赴伦敦大学学院、首尔大学等高校继续深造
    r"|(?:(?:、|和|及)[^，。；,;\n]{2,12}?)*(?:等[^，。；,;\n]{0,12}?)?(?:继续)?深造"
    # a post-doctoral stay or a degree finished there (在约翰斯·霍普金斯大学完成博士后研究)
    r"|[^，。；,;\n]{0,6}?完成了?(?:博士后|博士|硕士|学士)(?:研究|学业|学位|课程)?"
    # where someone works (在北京大学、复旦大学等高校任职)
    r"|(?:(?:、|和|及)[^，。；,;\n]{2,12}?)*(?:等[^，。；,;\n]{0,12}?)?(?:任职|任教)"
)
#: The name before this one in an English list ("Michigan, " or "Michigan and "), and how
#: far back a list is followed.
_LIST_ITEM_BEFORE = re.compile(
    r"(?<![\w'’-])([A-Z][\w'’-]*(?: (?:of|for|and|the|de|in|[A-Z][\w'’-]*))*?)"
    r"(?:,|,? and) (?:the )?$"
)
_LIST_DEPTH = 6
#: How far before a name its past is looked for.
_PAST_WINDOW = 120
#: Where a graduate will teach or do research next (将回到亚的斯亚贝巴大学任教).
_NEXT_POST_ZH = re.compile(r"(?:任教|从事博士后)")
#: Graduates admitted there: 被爱丁堡大学、伦敦大学学院等海外高校录取 (not 基金委公布…录取结果).
_ADMITTED_BEFORE_ZH = re.compile(r"被[^，。；,;\n]{0,40}$")
_ADMITTED_AFTER_ZH = re.compile(r"[^，。；,;\n]{0,40}?录取")


#: Students on exchange studying at a partner now (赴陆交换，分别就读于…): no one's past.
_ON_EXCHANGE_AT = re.compile(r"(?:交换|交流|访学|研修)[^。；;\n]{0,12}?就读于")


def someones_past(text: str, start: int, end: int, depth: int = 0) -> bool:
    """Whether the name at text[start:end] is named as someone's alma mater or former
    employer, or where graduates went on to study: a person's past or next step, not the
    institution's cooperation. So is every name of an English list whose first one is
    ("gone on to graduate study at Michigan, Stanford and Carnegie Mellon")."""
    before = text[max(0, start - _PAST_WINDOW) : start]
    listed = _LIST_ITEM_BEFORE.search(before) if depth < _LIST_DEPTH else None
    if listed is not None:
        item = start - len(before) + listed.start(1)
        if someones_past(text, item, item + len(listed.group(1)), depth + 1):
            return True
    country = countries().ending(before)  # written in front: 毕业于美国密西根大学
    if country is not None:
        before = before[: -len(country[0])]
    if _ON_EXCHANGE_AT.search(before):
        return False
    return (
        bool(_PAST_OF_SOMEONE.search(before))
        or text.startswith(_RETIRED_ZH, end)
        or bool(_PAST_AFTER_ZH.match(text, end))
        or bool(_ADMITTED_BEFORE_ZH.search(before) and _ADMITTED_AFTER_ZH.match(text, end))
        or bool(_NEXT_POST_ZH.match(text, end))
    )


#: After a list of units, the people heading them: the hosts' own units (国际合作与交流
#: 处、侦查学院、治安学院负责人参加会见).
HEADS_OF_UNITS = re.compile(
    "(?:[、和及与][^，。；,;\\n、]{2,24}?)*(?:等(?:单位|部门)?)?的?(?:主要|相关)?负责人"
)


#: Before a name, in its sentence: it funds someone's own research, a thing the text
#: describes in passing, or helped found an institution ("whose research on … is funded by
#: the", "a glasshouse, which was funded by the", "founded in 2016 … with the support of the").
_FUNDS_ANOTHER = re.compile(
    r"(?:\b(?:whose|his|her|their|its)\s+(?:own\s+)?(?:research|work|studies)\b[^.;]{0,80}?"
    r"|\bwhich\s+(?:was|is|were|are)\s+(?:also\s+)?|,\s*|\b(?:earlier|previous|past)\s+"
    r"[^.;]{0,60}?(?:was|were)\s+)(?:funded|supported|financed|sponsored)\s+(?:in\s+part\s+)?"
    r"by\s+(?:(?:a|an)\s+(?:donation|gift|grant)\s+from\s+)?(?:the\s+)?$"
    r"|\b(?:founded|established|set up)\b[^.;]{0,80}?\bwith\s+(?:the\s+)?support\s+"
    r"(?:of|from)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def funds_another(text: str, start: int) -> bool:
    """Whether the name at `start` is named as the funder of something other than the
    cooperation reported: someone's own research, a building, an institution's founding
    (`_FUNDS_ANOTHER`). A funder of the reported visit or project ("the project is funded
    by …") is a counterpart."""
    return bool(_FUNDS_ANOTHER.search(text, max(0, start - 160), start))


def latin_name_continues(text: str, start: int, end: int) -> bool:
    """Whether an English name found at text[start:end] is part of a longer one.

    "Kyoto University" in "Kyoto University of Foreign Studies", "University of
    Pennsylvania" in "Indiana University of Pennsylvania", "Ritsumeikan" in "Ritsumeikan
    Asia Pacific University"; a unit after it ("University of Bath School of Management")
    is the partner's own; "Ministry of Education, Youth and Sports" goes on too, and so does
    a body's name taken by another government's ("Taiwan Affairs Office of the Shaanxi
    Provincial People's Government"). Title-case
    lines capitalise every word and are not read.
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    if _title_case(text[line_start : line_end if line_end >= 0 else len(text)]):
        return False
    name, after = text[start:end], text[end : end + 40]
    if _POSSESSIVE.search(name):  # "Manchester's Department of Materials": its subject
        return False
    if _NEXT_ENUMERATION.match(after) or _NEXT_PARTICLE.match(after):
        return True
    if name.endswith(_INSTITUTION_WORDS + _BODY_WORDS):
        if _NEXT_OF.match(after) or (name.endswith("University") and place_closing(text, end)):
            return True
    elif _NEXT_CAPITAL.match(after):
        return True
    previous = _PREVIOUS_WORD.search(text[max(line_start, start - 40) : start])
    return bool(
        previous and previous.group(1).strip() == "" and previous.group(2) not in _CLAUSE_WORDS
    )


def _title_case(line: str) -> bool:
    """Whether a line is a headline: no closing full stop, most words capitalised."""
    if line.rstrip().endswith((".", "!", "?", '."', ".”")):
        return False
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", line) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)
