"""Finding the gazetteer's partners in a record's text.

The matching rules (substring for Chinese, whole words for names, exact case for
abbreviations, longest match first, blockers) live in `kb.enrich.phrases`; this module adds
what is specific to partners:

* the first person ("我校", "our university") is never a partner;
* a Chinese name that continues on its left is another institution, or a unit of one
  (`kb.enrich.context`): 维也纳外交学院 is not 外交学院, 美国东北大学 not the Chinese
  东北大学; a country in front must be the partner's own;
* a name followed by its press or an affiliated school (北京大学出版社, 清华附中, Oxford
  University Press) names that other institution there, not the partner;
* a name said to be the publisher's ("the Institute of International Education of CULR")
  is the publisher's own unit;
* a *generic* form (a Chinese alias that is the tail of the partner's Chinese name, such as
  劳动关系学院 of 中国劳动关系学院, or a university's abbreviation of three letters or
  fewer, which many universities share: SCU, JNU, UCD) tags only when the record
  corroborates it: another of the partner's names, or its country when that is not the
  publisher's own;
* a Chinese name inside another partner's name that the text gives (诺丁汉大学 after
  宁波诺丁汉大学) is that partner again, not a second one;
* an organisation or government body named only as the frame of something else, as a
  region or a subject ("东盟国家", "ASEAN studies") or as the source of figures ("data
  published by the World Bank") is mentioned in passing;
* a name given only as an example of what a plan aims for ("争取与联合国教科文组织等国际
  组织共建平台", "seek partners such as ...") is a goal, not a counterpart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise

from kb.core.record import PartnerRef
from kb.core.text import (
    fold,
    has_cjk,
    is_abbreviation,
    is_cjk,
    normalize,
    normalize_lines,
    one_of,
)
from kb.enrich.context import (
    DIRECTIONS,
    FIRST_PERSON_ZH,
    HEADS_OF_UNITS,
    OWN_UNITS_BEFORE,
    Left,
    NameContexts,
    latin_name_continues,
    owned_institution_follows,
    someones_past,
)
from kb.enrich.phrases import Hit, Phrase, PhraseIndex
from kb.enrich.sections import sentence_around
from kb.lexicon.countries import countries
from kb.lexicon.gazetteer import Gazetteer, Partner

#: "We": the publishing institution speaking of itself is never one of its partners, even
#: when a partners file lists such a word as an alias.
FIRST_PERSON = (
    *FIRST_PERSON_ZH,
    "our university",
    "our school",
    "our college",
    "our institute",
)

#: Kinds of partner that news often names as a frame rather than a counterpart.
_BODIES = frozenset(("organisation", "government"))
#: Words that make an organisation the frame of something else when they follow its name
#: in the same clause ("在上海合作组织框架下", "联合国2030年可持续发展议程", "the UN's
#: goals"), and "《", the title of a document it issued ("教育部《来华留学生…规范》").
# fmt: off
_FRAMING = (
    "框架", "倡议", "精神", "政策", "文件", "规定", "要求", "标准", "号召", "目标", "议程", "公约",
    "批准", "认定", "法律", "宗旨", "成员国", "指令", "立法", "条约", "《", "指导",
    "framework", "initiative", "goal", "goals", "agenda", "guidelines", "guidance", "advice",
    "policy", "policies", "standards", "law", "laws", "recommendations", "Sustainable",
    "directive", "directives", "legislation", "regulation", "regulations", "treaty",
    "principles", "conventions", "原则", "Decade",
    # what it keeps or runs, named as a subject: its lists, surveys, rankings, reforms
    "名录", "遗产", "评估", "数据库", "排名", "改革",
    "reform", "rankings", "database", "indicators", "surveys", "iLibrary", "heritage",
)
# fmt: on
#: How far (characters) a framing word may follow the name, within one clause.
_FRAME_GAP = 12
#: Words that, right after an organisation's name, make it a region, its people or a
#: subject of study.
_AS_REGION = re.compile(
    r"\s?(?:国家|(?:\d+|[一二三四五六七八九十]+)\s?国|地区|区域|研究|青年|学生|高校"
    r"|countries|nations|region|member states|studies|students|youth|universit(?:y|ies)"
    r"|,\s+home to)",
    re.IGNORECASE,
)
#: A pair of a region with China, either way round ("ASEAN–China workshop", 中国与东盟).
_WITH_CHINA_AFTER = re.compile(r"\s?(?:[–—-]|and)\s?China\b")
_WITH_CHINA_BEFORE = re.compile(r"\bChina\s?(?:[–—-]|and)\s?$|中国(?:与|和|同)$")
#: Words right before an organisation's name that make it a region ("outside the EU").
_AS_REGION_BEFORE = re.compile(
    r"\b(?:outside|within|inside|across|throughout|beyond)\s+(?:the\s+)?$|\bin\s+$", re.IGNORECASE
)
#: After an organisation's name, the next item of a list: a country makes the organisation
#: one of several polities ("the strategies of the EU, Japan and Korea"; 欧盟、日本和韩国).
_NEXT_ITEM = re.compile(
    r"\s*(?:,|、|，|和|与|及|\band\b)\s*(?:the\s+)?"
    r"([A-Z][a-z]+\b|[\u4e00-\u9fff]{2,4}?(?=[、，,。；;和与及等]|$))"
)
#: Before a name in its sentence: another event to come, which it will take part in ("The
#: next lecture, on 17 April, will be given by a historian from …", 下一讲将由…主讲).
_NEXT_EVENT = re.compile(
    r"\b(?:the\s+)?next\s+(?:lecture|talk|seminar|session|event|speaker|webinar|workshop|"
    r"meeting|forum|conference|visit)s?\b|下一讲|下一期|下期|下一场|下次"
    # where the next one will be held: 2025年年会将在…举行, 下届论坛将在…
    r"|(?:(?:19|20)\d\d年|下届|下一届|明年)[^，。；\n]{0,8}?将在",
    re.IGNORECASE,
)
#: Before a name in its sentence: another stop of a visitor's trip, before or after ours
#: (代表团此行还将访问…, 此前访问了…, "before travelling on to", "will also visit").
_OTHER_STOP = re.compile(
    r"还将(?:前往|访问|赴|到访|走访)|将继续(?:前往|访问|赴)|随后将(?:前往|访问|赴)"
    r"|此前(?:已|还|曾)?(?:访问|到访|走访)|下一站"
    r"|\b(?:travel(?:l?ing|s|led)?|go(?:ing|es)?|went|head(?:ing|s|ed)?|mov(?:ing|es|ed)?) on to\b"
    r"|\bwill (?:also |then )?(?:visit|travel to|go on to|continue (?:on )?to)\b"
    r"|\bnext stop\b|\b(?:had )?(?:earlier|already|previously) visited\b|\bhad visited\b"
    # a trip's other meetings ("the delegation's visit to Korea also included meetings at")
    r"|\b(?:visit|trip|tour|itinerary)\b[^.;\n]{0,40}?\balso (?:included|took in)\b",
    re.IGNORECASE,
)
#: Before a name in its sentence, on a page reporting a visit to us: the visitors going on
#: elsewhere (代表团此后前往北京，访问…, 代表团此行还访问了…, "the delegation also visited").
_VISITORS_GO = re.compile(
    r"(?:代表团|访问团|考察团|一行)[^，。；\n]{0,6}?(?:此行|此后|随后|之后|还|也|另|先后)"
    r"[^，。；\n]{0,4}?(?:前往|访问|赴|到访|走访|参访|拜访)"
    r"|(?:讲学|访问|活动|会谈|交流)结束后[，,]?[^，。；\n]{0,8}?(?:前往|赴|访问)"
    r"|\b(?:delegation|visitors|group)\b[^.;\n]{0,120}?\b(?:(?:also|then|later|afterwards)\s+"
    r"(?:visited|travelled to|traveled to|went (?:on )?to|headed to|moved on to|took in)"
    r"|continued (?:on )?to)\b"
    r"|\bbefore (?:coming|arriving|travel(?:l)?ing|heading) (?:to|in)\b[^.;\n]{0,80}?\bvisited\b",
    re.IGNORECASE,
)
#: After a university's initials, one of its units: "USC School of", "NYU's Tisch School".
_UNIT_AFTER = re.compile(
    r"(?:['’]s)? (?:[A-Z][\w-]* ){0,2}?(?:School|College|Faculty|Department|Medical Center)\b"
)
_OURS = re.compile(one_of(FIRST_PERSON_ZH) + r"|\b(?:our|we|us)\b", re.IGNORECASE)
#: Words before an organisation's name in its clause that cite it as a source of figures.
_AS_SOURCE = re.compile(
    r"published by|according to|data from|figures from|estimates of|taken from|cited|citing|"
    r"dr[ae]w(?:s|ing)? on|"
    r"据|根据|引用|引述|援引",
    re.IGNORECASE,
)
#: Bodies named after an organisation are other bodies (东盟工会理事会, 中国—东盟中心), and
#: "中国—东盟" names a framework between the two, not the organisation.
# fmt: off
_NAMED_AFTER = (
    "工会理事会", "理事会", "中心", "研究院", "研究所", "委员会", "基金会", "协会", "大学",
    "重点实验室", "实验室", "商会",
)
# fmt: on
#: A site or a base named after an organisation (上海合作组织农业技术交流培训示范基地), not
#: one built with it (与国际劳工组织共建培训基地).
_BASE_NAMED_AFTER = re.compile("[\u4e00-\u9fff]{0,14}?基地")
_BUILT_WITH = ("共建", "建设", "建立", "设立", "合作", "共同", "联合", "成立")


#: An agency an organisation runs, named after it (联合国妇女署, 联合国旅游组织).
_AGENCY_AFTER = re.compile("(?![等和与及同])[\u4e00-\u9fff]{1,6}?(?:署|组织|规划署)")


def _named_base(text: str, end: int) -> bool:
    base = _BASE_NAMED_AFTER.match(text, end)
    return base is not None and not any(verb in base.group() for verb in _BUILT_WITH)


_BILATERAL = ("中国—", "中国-", "中国–", "中—", "中-")
#: An instrument an organisation issued, named after its possessive ("the ILO's Maritime
#: Labour Convention", "the UN's Sustainable Development Goals"): the frame of the clause.
_INSTRUMENT_AFTER = re.compile(
    r"['’]s\s+(?:(?:latest|recent|new|annual)\s+)?(?:[A-Z][\w-]*\s+){0,6}(?:Convention|"
    r"Conventions|Declaration|Charter|Agenda|Goals|Guidelines|Standards|Principles|"
    r"Recommendation|Recommendations|Surveys?|Indicators|Database|Index|Yearbook|Rankings?|Compact|"
    r"Reports?)\b"
    # what it runs, named in lower case ("the Ministry of Education's quality certification")
    r"|['’]s\s+(?:[\w-]+\s+){0,3}?(?:certification|accreditation|evaluation|assessment|"
    r"requirements|regulations|rules|policy|policies|report)\b"
)
#: Before an organisation's name in its sentence: what is told is someone's or something's
#: past ("前身为联合国教科文组织…", "创办初期曾获欧盟资助", "曾任…顾问，参与了经合组织…").
_HISTORY_BEFORE = re.compile(
    r"前身|曾|原为|\b(?:formerly|previously|once)\b"
    # or a funder one may apply to ("赴荷期间可申请国家留学基金委资助", "a joint
    # application to the next call of the NSFC")
    r"|(?:可|可以|均可)(?:申请|通过)|\bappl(?:y|ying|ication|ications) (?:to|for)\b",
    re.IGNORECASE,
)
#: Before an organisation's name: the publisher belongs to it ("affiliated with the ACFTU"),
#: or it approved what is told ("approved by China's Ministry of Education").
_PARENT_BEFORE = re.compile(
    r"(?:affiliated (?:with|to)|(?:approved|accredited|licensed|recogni[sz]ed) by|"
    r"approval (?:of|from|by))\s+(?:the\s+)?(?:[A-Z][\w .-]*['’]s\s+)?$",
    re.IGNORECASE,
)
#: After an organisation's name: it approved what is told ("which the MOE approved in 2016").
_APPROVED_AFTER = re.compile(
    r"\s+(?:approved|accredited|licensed)\b|(?:正式)?(?:批准|批复|备案|认可|认证)"
)
#: Words right after an organisation's name (and another's) that make it a source of figures
#: ("OECD figures show", "World Bank and ILO statistics", "世界银行数据显示").
_AS_SOURCE_AFTER = re.compile(
    r"(?:\s+and\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?\s*(?:'s\s+)?"
    r"(?:statistics|figures|data|estimates|数据|统计)"
    r"|(?:近期|最新|日前|此前)?发布的[^，。；]{0,16}?(?:报告|数据|统计)"
    r"|的?(?:报告|数据|统计)(?:显示|表明|指出)",
    re.IGNORECASE,
)
#: A name given as an example of a kind ("…大学等海外知名高校", "institutions such as …").
#: (also each name of a list the example ends: "X、Y、Z等重点合作院校", "such as X and Y").
_EXAMPLE_AFTER = re.compile(
    r"(?:、[^、，。；,;]{2,20}?)*\s*等[^，。；、,;\s]{0,6}?(?:国际组织|组织|机构|高校|院校|大学|名校)"
)
_EXAMPLE_BEFORE = re.compile(
    r"(?:such as|including|like)\s+(?:[^,;.]{0,80}?(?:,|\band)\s+)?(?:the\s+)?$", re.IGNORECASE
)
#: The start of a clause that lists examples of the clause before it.
_EXAMPLES_LEAD = re.compile(
    r"\s*(?:such as|including|like|e\.g\.|例如|比如|包括|如)", re.IGNORECASE
)
#: Words of aims and plans: an example in a clause holding one is a goal, not a report.
#: ("将", "will" are not: "学生将赴华威大学等高校" reports a placement that is decided.)
_AIM = re.compile(
    r"争取|力争|拓展|拟|计划|着力|谋划|努力|推动|\b(?:seek|seeks|aim|aims|plan|plans|hope|hopes|"
    r"strive|strives|expand|work to|works to|working to)\b",
    re.IGNORECASE,
)
#: In a plan (an article about planning), these words make any name in their clause a
#: target of the plan: what will be done, not what was.
_PLANNED = re.compile(
    _AIM.pattern + r"|深化|巩固|加强|推进|扩大|探索|筹备|筹建|对接|积极参与|依托|将"
    r"|\b(?:deepen|consolidate|strengthen|build|explore|will|work towards|target|targets"
    r"|prepare|develop|establish|pursue|seek|expand)\b",
    re.IGNORECASE,
)
_CLAUSE_END = re.compile(r"[，。；;：:,.!?！？\n]")
#: After an organisation's name: the publisher (or another body) belongs to it (中国劳动关系
#: 学院是中华全国总工会所属的高等学校): its parent, not a counterpart.
_PARENT_OF = ("所属", "所屬", "直属", "直屬", "主管")
#: A place inside an institution where something is held (在北京大学中关新园举行): a venue.
_VENUE_AFTER = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:举行|举办|召开|舉行|舉辦|召開)")
#: What a university's units and heads are called right after its short name: with one of
#: them, the short name is the university, whatever else the word names ("Manchester's
#: Department of Materials", "Lancaster Vice-Chancellor"). Words between the two
#: ("Tohoku's International Research Institute") are not read.
_UNITS = (
    "School", "Faculty", "Department", "Institute", "College", "Centre", "Center", "Hospital",
    "Laboratory", "Library", "Graduate School", "Business School", "Medical School",
    "Law School",
)  # fmt: skip
_HEADS = ("Vice-Chancellor", "President", "Rector", "Provost")
#: "Tohoku University", "University of Leeds": a university named by one word.
_ONE_WORD_UNIVERSITY = re.compile(
    r"(?:The )?(?:University of ([A-Z][a-z]{3,})|([A-Z][a-z]{3,}) University)"
)


def derived_forms(gazetteer: Gazetteer) -> dict[str, str]:
    """Forms news writes that the partners file need not list, -> partner id: every name
    with "University" abbreviated ("Univ. of Leeds", in tables and lists of speakers),
    and a one-word university's word before one of its units or heads ("Jiangnan's School
    of Textile Science"), when no other partner's name holds that word. They serve
    enrichment only: the index and queries keep the partners file's names."""
    forms: dict[str, str] = {}
    holders: dict[str, set[str]] = {}
    for partner in gazetteer.partners.values():
        for form in partner.forms:
            if not has_cjk(form) and "University" in form:
                forms[form.replace("University", "Univ.")] = partner.id
            for word in re.findall(r"[A-Z][a-z]+", form):
                holders.setdefault(word, set()).add(partner.id)
    for partner in gazetteer.partners.values():
        one = _ONE_WORD_UNIVERSITY.fullmatch(partner.name)
        word = one and (one.group(1) or one.group(2))
        if word and holders.get(word) == {partner.id}:
            for unit in (*_UNITS, *_HEADS):
                forms[f"{word}'s {unit}"] = partner.id
            for head in _HEADS:
                forms[f"{word} {head}"] = partner.id
    return forms


#: Names this long or longer are taught to the segmenter; shorter ones (北大, 政大) it
#: knows, or would wrongly prefer inside other words (思政大课).
_SEGMENTED_NAME = 4
#: The longest abbreviation many institutions share.
_SHARED_ABBREVIATION = 3


@dataclass(frozen=True)
class Mention:
    """One mention of a partner: where, by which form, whether that form is generic (needs
    corroboration) and whether its context leaves it standing."""

    partner: str
    start: int
    end: int
    form: str
    generic: bool
    stands: bool = True


#: Every match in a text, and whether its context leaves it standing (`PartnerMatcher.judge`).
Judged = list[tuple[Hit[str], bool]]


class PartnerMatcher:
    """Finds partners in text with one automaton over every surface form of the gazetteer."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        forms = derived_forms(gazetteer) | gazetteer.surface_forms()
        #: Every surface form, folded (simplified, lower-cased): what counts as "known" to
        #: candidate detection, whichever script the text uses.
        self.known_forms = frozenset(fold(form) for form in forms)
        phrases: list[Phrase[str]] = [Phrase(form, pid) for form, pid in forms.items()]
        phrases += [Phrase(word, None) for word in (*FIRST_PERSON, *gazetteer.not_partners)]
        self._index: PhraseIndex[str] = PhraseIndex(phrases)
        self._contexts = NameContexts(form for form in forms if len(form) >= _SEGMENTED_NAME)
        self._generic = frozenset(
            normalize(form)
            for partner in gazetteer.partners.values()
            for form in partner.forms
            if is_generic(form, partner)
        )
        self._countries: PhraseIndex[str] = PhraseIndex(
            Phrase(name, code)
            for code in {p.country for p in gazetteer.partners.values() if p.country}
            for name in countries().names_of(code)
        )
        self._framing: PhraseIndex[bool] = PhraseIndex(Phrase(w, True) for w in _FRAMING)

    def tag(self, text: str) -> list[tuple[str, str]]:
        """Words of `text` with their parts of speech, the gazetteer's names kept whole."""
        return self._contexts.tag(text)

    def hits(self, text: str, judged: Judged | None = None) -> list[Hit[str]]:
        """Every match in text order whose context leaves it standing: partners (value = id)
        and blockers (None). `judged`: `judge(text)` when the caller has it already."""
        return [hit for hit, stands in (self.judge(text) if judged is None else judged) if stands]

    def mentions(self, text: str, judged: Judged | None = None) -> list[Mention]:
        """Every partner mention in text order, standing or not."""
        return [
            Mention(hit.value, hit.start, hit.end, hit.phrase, hit.phrase in self._generic, stands)
            for hit, stands in (self.judge(text) if judged is None else judged)
            if hit.value is not None
        ]

    def judge(self, text: str) -> Judged:
        """Every match, and whether its context leaves it standing: the one pass over a
        text that `hits`, `mentions` and `find` read (enrichment asks all of them)."""
        normal = normalize(text)
        judged = []
        previous: Hit[str] | None = None
        previous_stands = True
        for hit in self._index.find(text):
            stands = hit.value is None or self._stands(text, normal, hit, previous)
            if (
                stands
                and previous is not None
                and not previous_stands
                and previous.end == hit.start
                and has_cjk(hit.phrase)
            ):
                stands = self._goes_on_abroad(normal, previous, hit)
            judged.append((hit, stands))
            previous, previous_stands = hit, stands
        return judged

    def _goes_on_abroad(self, normal: str, previous: Hit[str], hit: Hit[str]) -> bool:
        """Whether a Chinese name right after another that does not stand names its own
        partner: only when both are of the country written in front (俄罗斯外交部|莫斯科国立
        国际关系学院 is MGIMO; 俄罗斯外交部|外交学院 is Russia's academy, not CFAU)."""
        assert hit.value is not None
        before = self._contexts.of(normal, previous.start, previous.end, whole=False)
        country = self.gazetteer.partners[hit.value].country
        return before.left is Left.COUNTRY and bool(country) and country == before.country

    def _stands(self, text: str, normal: str, hit: Hit[str], previous: Hit[str] | None) -> bool:
        """Whether a partner's name stands as found (`text` as written: its line breaks
        tell headlines apart; `normal`: the same text normalized)."""
        assert hit.value is not None
        if not has_cjk(hit.phrase):
            if _in_joint_name(text, hit.start, hit.end) or _lower_cased(text, hit):
                return False
            if is_abbreviation(hit.phrase):
                named = previous is not None and previous.value == hit.value
                return named or not _defines_another(normal, hit)
            code = _country_before(text, hit.start)
            if code is not None:  # "China's Tianjin University", "Singapore's Ministry of …"
                country = self.gazetteer.partners[hit.value].country
                return not country or country == code
            return not latin_name_continues(text, hit.start, hit.end)
        if hit.start >= 2 and normal[hit.start - 1] in "·•‧" and is_cjk(normal[hit.start - 2]):
            return False  # the end of a longer transliterated name: 乔治·华盛顿大学
        partner = self.gazetteer.partners[hit.value]
        whole = hit.phrase == normalize(partner.name_zh)
        context = self._contexts.of(normal, hit.start, hit.end, whole=whole)
        if context.left is Left.COUNTRY:
            return not partner.country or partner.country == context.country
        return context.left is Left.OPEN

    def find(self, text: str, owner: str | None = None, title_end: int = 0) -> list[PartnerRef]:
        """Distinct partners in order of first mention; the `owner` ("we") is never one.

        A form that names another institution somewhere in the text (美国东北大学) does so
        from there on (an English one everywhere in it): one text, one sense. A generic form
        needs corroboration. An organisation named as the parent of another body
        ("全总所属高校"), a name followed by a place inside it where something is held
        ("在北京大学中关新园举行") and a person's alma mater or former employer are not
        counterparts either. An
        organisation or government body named after the title (which ends at `title_end`)
        only as the frame of something else ("在上海合作组织框架下", "the UN's goals",
        "教育部《…规范》") is mentioned in passing, not reported on.
        """
        return self.find_with_mentions(text, owner, title_end)[0]

    def find_with_mentions(
        self,
        text: str,
        owner: str | None = None,
        title_end: int = 0,
        judged: Judged | None = None,
        *,
        plan: bool = False,
        hosting: bool = False,
    ) -> tuple[list[PartnerRef], list[Mention]]:
        """`find`'s partners, and every mention it read them from (where each partner is
        named: what reading a sentence for its partners needs), from one pass. `plan`: the
        text is a plan, whose targets (named with what it will do) are not partners yet.
        `hosting`: the text reports a visit to the publisher, whose visitors' other stops
        are theirs, however told."""
        found = mentions = self.mentions(text, judged)
        normal = normalize_lines(text)  # 畢業於 reads as 毕业于, 聯合國旅遊組織 as 联合国旅游组织
        # A form misread once is misread from there on: a later mention refers back to
        # what it named (牛津大学三一学院 … 三一学院), an earlier one does not (外交学院、…
        # 乔治城大学外交学院). A point of the compass in front names a second institution
        # beside the first (悉尼大学和西悉尼大学).
        misread: dict[str, int] = {}
        for m in mentions:
            if m.stands or _compass_before(text, m.start):
                continue
            if has_cjk(m.form) or not _EVENT_AFTER.match(text, m.end):
                misread.setdefault(m.form, m.start if has_cjk(m.form) else -1)
        misread |= dict.fromkeys(self._owners_units(mentions, text, normal, owner), -1)
        mentions = [
            m
            for m in mentions
            if m.stands
            and (
                m.start < misread.get(m.form, len(text))
                or (m.start >= title_end and self._written_out_again(text, m))
                or self._own_country_before(normal, m)
            )
            and m.partner != owner
            and not self._owners_short_name(text, m, owner)
            and not owned_institution_follows(text, m.end)
            and not self._names_another_body(normal, m)
        ]
        mentions = _shortened(mentions, title_end)
        repeats = _repeats(mentions, text)
        mentions = [m for m in mentions if m not in repeats]
        passing = self._in_passing(mentions, text, title_end)
        passing |= _aspired(mentions, text, title_end, plan) | _founders(mentions, text, title_end)
        # A name in a list of our units (由我校经济学院、法学院、国际关系学院…) is ours there
        # and where named again alone.
        ours = {
            m.form
            for m in mentions
            if _UNIT_END.search(m.form)
            and OWN_UNITS_BEFORE.search(normal, max(0, m.start - 40), m.start)
        }
        # Each mention in passing one way or another: a former postdoc's university named
        # again among "other partners" is named in passing twice.
        passing |= _only_where(
            mentions,
            title_end,
            lambda m: (
                m.form in ours
                or someones_past(normal, m.start, m.end)
                or _venue(text, m)
                or _in_a_works_title(text, m)
                or _next_event(text, m)
                or other_stop(normal, m.start, hosting)
                or in_background(normal, m.start)
                or _one_of_the_units(text, m)
            ),
        )
        mentions = [m for m in mentions if m.partner not in passing]
        standing = self._corroborated(mentions, text, owner)
        return self.refs(m.partner for m in mentions if m.partner in standing), found

    def _written_out_again(self, text: str, mention: Mention) -> bool:
        """Whether a Latin mention in the body is the partner's full name after "of", "at"
        or "from": a name written out again ("the Autonomous University of Barcelona … a
        lecturer of the University of Barcelona") names its own institution, however it
        was read inside the longer one."""
        name = self.gazetteer.partners[mention.partner].name
        return (
            not has_cjk(mention.form)
            and fold(mention.form) == fold(name)
            and bool(_OF_BEFORE.search(text, max(0, mention.start - 10), mention.start))
        )

    def _own_country_before(self, text: str, mention: Mention) -> bool:
        """Whether a Chinese name has its partner's own country in front (加拿大女王大学
        after 贝尔法斯特女王大学): it names that partner, whatever the form named before."""
        if not has_cjk(mention.form):
            return False
        found = countries().ending(text[max(0, mention.start - COUNTRY_CHARS) : mention.start])
        country = self.gazetteer.partners[mention.partner].country
        return found is not None and bool(country) and found[1] == country

    def _owners_short_name(self, text: str, mention: Mention, owner: str | None) -> bool:
        """Whether a name standing alone is the publisher's own name shortened, where that
        is another partner's full name: 中山大学 on the site of 国立中山大学 (National Sun
        Yat-sen University) is the publisher, not Sun Yat-sen University; 北京清华大学 on
        the site of 国立清华大学 is Tsinghua, and "Chinese Academy of Sciences" is not
        short for "University of Chinese Academy of Sciences". So are the initials of the
        publisher's name: "MSU" on Michigan State University's site."""
        if owner not in self.gazetteer.partners:
            return False
        if is_abbreviation(mention.form) and mention.form in _initials(
            self.gazetteer.partners[owner].name
        ):
            return True
        if mention.start > 0 and is_cjk(text[mention.start - 1]):
            return False
        name = fold(mention.form)
        for own in map(fold, self.gazetteer.partners[owner].forms):
            cut = own[: -len(name)]
            if not own.endswith(name) or not cut or (not has_cjk(name) and cut[-1] != " "):
                continue  # not a shorter form, or a Latin one cut inside a word (U|CASS)
            if not cut.rstrip().endswith((" of", " of the", " for")):
                return True
        return False

    def _owners_units(
        self, mentions: list[Mention], text: str, normal: str, owner: str | None
    ) -> set[str]:
        """Names that the text (`normal`: normalised) says belong to the publisher: Latin
        ones there ("the Institute of International Education of CULR"), Chinese ones
        anywhere once the text gives the publisher's name in front (北京大学国际关系学院 on
        Peking University's site: its school, and the title's 国际关系学院 too)."""
        if owner not in self.gazetteer.partners:
            return set()
        forms = self.gazetteer.partners[owner].forms
        own_zh = {normalize(form) for form in forms if has_cjk(form)}
        units = {
            m.form
            for m in mentions
            if has_cjk(m.form) and any(f"{own}{normalize(m.form)}" in normal for own in own_zh)
        }
        of_owner = _of_owner(forms)
        if of_owner is None:
            return units
        return units | {
            m.form for m in mentions if not has_cjk(m.form) and of_owner.match(text, m.end)
        }

    def _corroborated(self, mentions: list[Mention], text: str, owner: str | None) -> set[str]:
        """Partners with a mention that stands on its own: a form that is not generic, a
        generic form in a record that names the partner's country (not the publisher's), or
        a university's initials with one of its units after them ("USC School of
        Cinematic Arts", "NYU's Tisch School"): only a university has those."""
        partners = self.gazetteer.partners
        home = self.gazetteer.country_of(owner)
        named = {hit.value for hit in self._countries.find(text)}
        found = set()
        for mention in mentions:
            country = partners[mention.partner].country
            if (
                not mention.generic
                or (country and country != home and country in named)
                or (not has_cjk(mention.form) and _UNIT_AFTER.match(text, mention.end))
            ):
                found.add(mention.partner)
        return found

    def _names_another_body(self, text: str, mention: Mention) -> bool:
        """Whether an organisation's Chinese name is part of another body's name (东盟工会
        理事会), of a base's, or of a framework between China and it (中国—东盟)."""
        if self.gazetteer.partners[mention.partner].type not in _BODIES:
            return False
        return (
            text.startswith(_NAMED_AFTER, mention.end)
            or _AGENCY_AFTER.match(text, mention.end) is not None
            or _named_base(text, mention.end)
            or text.endswith(_BILATERAL, 0, mention.start)
        )

    def _in_passing(self, mentions: list[Mention], text: str, title_end: int) -> set[str]:
        """Organisations and government bodies named in the body only as the frame of
        something else, or anywhere, the title too, only as a region ("东盟青年学生夏令营",
        "ASEAN–China workshop": the countries, not the organisation), or as the approver
        of what is told ("…获教育部批准")."""
        framing = self._framing.find(text)
        bodies = [m for m in mentions if self.gazetteer.partners[m.partner].type in _BODIES]
        anywhere = {
            m.start
            for m in bodies
            if _as_region(text, m) or _APPROVED_AFTER.match(text, m.end) is not None
        }
        regional = _only_where(bodies, 0, lambda m: m.start in anywhere)
        return regional | _only_where(
            bodies,
            title_end,
            lambda m: bool(
                m.start in anywhere
                or _frames(m, framing, text)
                or text.startswith(_PARENT_OF, m.end)
                or _PARENT_BEFORE.search(text, max(0, m.start - 40), m.start)
                or _INSTRUMENT_AFTER.match(text, m.end)
                or _AS_SOURCE_AFTER.match(text, m.end)
                or cited_as_source(text, m.start)
                or _HISTORY_BEFORE.search(text, sentence_around(text, m.start)[0], m.start)
                or _listed_with_countries(text, m.end)
            ),
        )

    def refs(self, ids: Iterable[str]) -> list[PartnerRef]:
        """References to these partners, distinct, in the given order."""
        return [PartnerRef(pid, self.gazetteer.partners[pid].name) for pid in dict.fromkeys(ids)]


#: Up to three capitalised words in the possessive right before an English name.
_POSSESSIVE_BEFORE = re.compile(r"((?:[A-Z][\w.-]* ){0,2}[A-Z][\w.-]*)['’]s $")


def _country_before(text: str, start: int) -> str | None:
    """The code of a country named in the possessive right before `start` ("China's",
    "South Korea's"): where the institution named there is."""
    found = _POSSESSIVE_BEFORE.search(text, max(0, start - 40), start)
    if found is None:
        return None
    words = found.group(1).split()
    for first in range(len(words)):
        code = countries().code_of(" ".join(words[first:]))
        if code is not None:
            return code
    return None


#: After an English name: the name of an event held under it ("the Kyoto University–National
#: Taiwan University Symposium"), which does not make the name another institution's.
_EVENT_AFTER = re.compile(
    r"(?:\s+[A-Z][\w-]*){0,3}\s+(?:Symposium|Forum|Workshop|Conference|Lecture|Seminar|Summit|"
    r"Dialogue|Programme|Program|Week|Festival|Prize|Award)s?\b"
)
#: Before a name written out: someone or something is "of", "at" or "from" it.
_OF_BEFORE = re.compile(r"\b(?:of|at|from)\s+(?:the\s+)?$", re.IGNORECASE)
#: A joint institution named by its founders joined with a hyphen ("Yale-NUS College").
_JOINT_AFTER = re.compile(
    r"(?:\s+[A-Z][\w.]*)*?\s+(?:College|University|Institute|School|Centre|Center|Academy)\b"
)
_HYPHENATED_BEFORE = re.compile(r"[A-Z][\w.]*-$")
#: Founding an institution: its founders are named as its history, not as counterparts.
_FOUNDED_BY = re.compile(
    r"\b(?:founded|established|set up|created|co-founded|jointly run)\b[^.;:]{0,40}?\bby\b", re.I
)
_FOUNDED_ZH = re.compile(r"(?:合作|联合|共同)?(?:创办|举办|创建|共建|建设|设立)")


def _in_joint_name(text: str, start: int, end: int) -> bool:
    """Whether a Latin name is joined by a hyphen to another one, the two naming a joint
    institution ("Yale-NUS College"); "the CULR-BTBU workshop" names two partners."""
    hyphenated = text.startswith("-", end) or bool(_HYPHENATED_BEFORE.search(text, 0, start))
    if not hyphenated:
        return False
    word_end = end
    while word_end < len(text) and (text[word_end].isalnum() or text[word_end] in "-."):
        word_end += 1
    return bool(_JOINT_AFTER.match(text, word_end))


def _compass_before(text: str, start: int) -> bool:
    """Whether a point of the compass stands alone before a name (西|悉尼大学), not the
    end of a place's name (广东|以色列理工学院)."""
    for direction in DIRECTIONS:
        if text.endswith(direction, 0, start):
            at = start - len(direction)
            return at == 0 or not is_cjk(text[at - 1]) or text[at - 1] in _JOINING
    return False


#: Characters of a country's name looked for in front of a Chinese name.
COUNTRY_CHARS = 8
#: Characters before a point of the compass that end what comes before it.
_JOINING = frozenset("与和及同、暨跟的在赴从由")


def _founders(mentions: list[Mention], text: str, title_end: int) -> set[str]:
    """Partners named in the body only as the founders of another institution ("founded
    in 2011 by Yale University and ...", "由杜克大学与武汉大学合作举办")."""

    return _only_where(mentions, title_end, lambda m: founder_named(text, m.start, m.end))


def founder_named(text: str, start: int, end: int) -> bool:
    """Whether the name at text[start:end] is named as a founder of another institution."""
    sentence_start, sentence_end = sentence_around(text, start)
    before = text[sentence_start:start]
    if has_cjk(text[start:end]):
        return "由" in before and bool(_FOUNDED_ZH.search(text, end, sentence_end))
    return bool(_FOUNDED_BY.search(before))


def _shortened(mentions: list[Mention], title_end: int) -> list[Mention]:
    """Mentions without those of a Chinese name that is part of another partner's name
    found in the same text: once a text names 宁波诺丁汉大学, 昆山杜克大学 or 加拿大约克大学,
    a later 诺丁汉大学, 杜克大学 or 约克大学 in its body is most often that institution again,
    or one of its founders. A title names what the article is about, and a point of the
    compass makes two institutions (悉尼大学, 西悉尼大学)."""
    longer = {(m.form, m.partner) for m in mentions if has_cjk(m.form)}
    return [
        m
        for m in mentions
        if m.start < title_end
        or not any(
            partner != m.partner
            and m.form in form
            and form != m.form
            and not _compass_before(prefix := form.removesuffix(m.form), len(prefix))
            for form, partner in longer
        )
    ]


def _as_region(text: str, mention: Mention) -> bool:
    """Whether an organisation's name stands for its member countries: "东盟国家",
    "outside the EU", its people ("东盟青年", "ASEAN students") or a pair with China
    ("ASEAN–China", "China–ASEAN")."""
    return bool(
        _AS_REGION.match(text, mention.end)
        or _AS_REGION_BEFORE.search(text, max(0, mention.start - 16), mention.start)
        or _WITH_CHINA_AFTER.match(text, mention.end)
        or _WITH_CHINA_BEFORE.search(text, max(0, mention.start - 8), mention.start)
    )


def _lower_cased(text: str, hit: Hit[str]) -> bool:
    """Whether a word the name capitalises is written in lower case ("a Hong Kong
    university" is no Hong Kong University): a description, not the name. A leading
    "The" is lower case inside a sentence ("with the University of Tokyo"), and a text
    all in lower case says nothing either way."""
    written = text[hit.start : hit.end].split()
    pairs = [(f, w) for f, w in zip(hit.phrase.split(), written, strict=False) if f != "The"]
    capitalised = [w[:1].isupper() for f, w in pairs if f[:1].isupper()]
    return any(capitalised) and not all(capitalised)


def _venue(text: str, mention: Mention) -> bool:
    """Whether a Chinese name is where something was held, by a place inside it ("在北京大学
    中关新园举行"): a venue, not a counterpart."""
    return text.endswith("在", 0, mention.start) and bool(_VENUE_AFTER.match(text, mention.end))


#: Titles in 《》 that name their parties: an agreement names its signatories.
_PARTIES_NAMED_IN = ("协议", "备忘录", "协定", "合同", "意向书", "纪要", "宣言", "方案", "计划")


def _in_a_works_title(text: str, mention: Mention) -> bool:
    """Whether a name is inside the title of a book, journal or article (《哈佛商业评论》):
    a work named after the institution, not the institution; unless the work is an
    agreement or a plan, which names its parties (《…与北京工商大学合作协议》)."""
    opened = text.rfind("《", 0, mention.start)
    if opened < 0 or text.rfind("》", 0, mention.start) > opened:
        return False
    closed = text.find("》", mention.end)
    if closed < 0 or "\n" in text[opened:closed] or "《" in text[mention.end : closed]:
        return False
    title = normalize(text[opened + 1 : closed])
    return not any(word in title for word in _PARTIES_NAMED_IN)


def _defines_another(text: str, hit: Hit[str]) -> bool:
    """An abbreviation in brackets right after a name that is not the partner's
    ("Czech Academy of Sciences (CAS)") is that name's."""
    if not (text[hit.start - 1 : hit.start] == "(" and text[hit.end : hit.end + 1] == ")"):
        return False
    before = text[max(0, hit.start - 60) : hit.start - 1].rstrip()
    return bool(before) and before[-1].isalpha() and before[-1].isascii()


def _frames(mention: Mention, framing: list[Hit[bool]], text: str) -> bool:
    """Whether a framing word follows the mention in the same clause, closely: not after
    a verb the organisation is the subject of (与艾伯特基金会联合举办…社会政策对话), nor
    inside the name of one of its departments (外交部政策规划司)."""
    for hit in framing:
        gap = text[mention.end : hit.start]
        if (
            mention.end <= hit.start <= mention.end + _FRAME_GAP
            and not _CLAUSE_END.search(gap)
            and not _ACTS.search(gap)
            and not _DEPARTMENT_AFTER.match(text, hit.end)
        ):
            return True
    return False


#: Verbs of doing something together: an organisation before them takes part.
_ACTS = re.compile(r"联合|共同|合办|举办|主办|签署|co-?(?:hosted|organi[sz]ed)", re.IGNORECASE)
#: A department of a body, named after its portfolio (政策|规划司, 政策|研究室).
_DEPARTMENT_AFTER = re.compile("[\u4e00-\u9fff]{0,3}?(?:司|室|处)")


def _clause_before(text: str, start: int) -> str:
    """The text of the clause holding `start`, up to it."""
    before = text[max(0, start - 80) : start]
    ends = list(_CLAUSE_END.finditer(before))
    return before[ends[-1].end() :] if ends else before


def cited_as_source(text: str, start: int) -> bool:
    """Whether the clause before a name cites it as a source of figures (`_AS_SOURCE`:
    据…统计, "according to")."""
    return _AS_SOURCE.search(_clause_before(text, start)) is not None


def planned_only(name: str, text: str) -> bool:
    """Whether a plan names `name` only as what it will do (a target: "争取与X建立合作关系",
    "deepen cooperation with X"); False when the text does not spell the name as given."""
    starts = [match.start() for match in re.finditer(re.escape(name), text)]
    return bool(starts) and all(_PLANNED.search(_clause_before(text, at)) for at in starts)


def _aspired(mentions: list[Mention], text: str, title_end: int, plan: bool) -> set[str]:
    """Partners named in the body only as examples of what a plan aims for, or, in a plan,
    only with what it will do."""

    def aspired(mention: Mention) -> bool:
        clause = _clause_before(text, mention.start)
        if _EXAMPLES_LEAD.match(clause) and len(clause) < mention.start:
            # "expand cooperation with international organisations, including UNESCO": the
            # examples belong to the clause before the comma
            clause = _clause_before(text, mention.start - len(clause) - 1) + clause
        if plan:
            return bool(_PLANNED.search(clause))
        example = bool(_EXAMPLE_AFTER.match(text, mention.end) or _EXAMPLE_BEFORE.search(clause))
        return example and bool(_AIM.search(clause))

    return _only_where(mentions, title_end, aspired)


#: Before a name in its sentence: the publisher's other partnerships, earlier projects,
#: what someone already or also does with others, a city's other universities, or an
#: institution's former name told as background ("Princeton has similar partnerships
#: with", "the others are with", "an earlier project with", "also hosts a Confucius
#: Institute run jointly with", "Shenzhen is also home to", 学校此前已与…, 近年来，学校与…,
#: 前身为…, 原名…).
_BACKGROUND = re.compile(
    r"\b(?:similar|other|earlier|previous|existing)\s+(?:[\w'-]+\s+){0,3}?"
    r"(?:partnerships?|programmes?|programs?|projects?|agreements?|collaborations?|ties"
    r"|universities|institutions|partners|editions|sessions|cohorts)\b"
    r"|\bthe others? (?:are|is|include)\b"
    r"|\b(?:already|also) (?:hosts?|has|have|runs?|operates?|offers?|receives?|sends?|spends?"
    r"|cooperates?|works?|study|studies)\b"
    r"|\b(?:more than|over) \d+ (?:[\w-]+ ){0,3}?(?:universities|institutions|partners)\b"
    r"|(?:该校|对方|其)(?:也|亦|还)(?:与|同|和)|亦与"
    r"|\bruns? jointly with\b|\bruns? a joint\b[^.;\n]{0,40}?\bwith\b"
    r"|\b(?:is|are) (?:also )?home to\b"
    r"|原名|前身(?:为|是)"
    r"|此前[，,]?(?:我校|学校|本校|该校)?(?:已|还|曾)?与|此前已"
    r"|(?:去年|前年|往年|以往|过去)[^，。；\n]{0,8}?曾"  # 学生去年曾参加…: an earlier year's
    r"|每年(?:还|也|均|都)"  # 学校每年还组织…: the publisher's other, yearly programmes
    # the other side's dealings with others, in a year of their own (该校2023年与…合办了…)
    r"|(?:该校|对方)(?:曾|已)?(?:于)?(?:19|20)\d\d年(?:曾|已)?(?:与|同|和)"
    # anyone's earlier year, told as experience (…曾于2016年与台湾东海大学联合举办…)
    r"|曾于(?:19|20)\d\d年[^，。；\n]{0,6}?(?:与|同|和)"
    r"|原$"  # 由原河北理工大学…: a former name
    r"|近年来?[，,]?(?:学校|我校|本校|该校|双方|两校)?(?:先后|已|还|陆续)?与"
    r"|\bin recent years\b[^.;\n]{0,60}?\bwith\b",
    re.IGNORECASE,
)
#: Anywhere in a name's sentence: the institutions a merger made one (…由原河北理工大学和
#: 华北煤炭医学院合并组建, "formed in 2016 by the merger of", "will merge with").
_MERGER = re.compile(r"合并组建|合并成立|合并而成|\bmerg(?:e|es|ed|er|ing)\b", re.IGNORECASE)
#: Anywhere in a name's sentence: an institution's founding told with its year ("was
#: founded in 1905", "the joint university they founded in 2006", "a Confucius Institute,
#: run with … since 2009", 深圳北理莫斯科大学于2017年开学).
_FOUNDED_IN = re.compile(
    r"\b(?:founded|established|opened|set up|launched|created)\b[^.;\n]{0,60}?\b(?:1[89]|20)\d\d\b"
    r"|\brun\b[^.;\n]{0,60}?\bsince (?:1[89]|20)\d\d\b"
    r"|(?:1[89]|20)\d\d年(?:\d{1,2}月)?(?:正式)?(?:成立|开学|创办|创建|建立|揭牌|设立|开办|建成)"
    r"|(?:成立|创办|创建|建立)于(?:1[89]|20)\d\d年"
    # founded by its founders in a year (于2016年由中山大学、香港大学…共同发起成立)
    r"|(?:1[89]|20)\d\d年(?:\d{1,2}月)?由[^。；\n]{2,60}?(?:倡议|发起|倡导)?(?:成立|创办|创建|组建)",
    re.IGNORECASE,
)
#: Anywhere in a name's sentence: decades ago ("in the 1980s", 上世纪80年代): history.
_DECADES_AGO = re.compile(
    r"\bin the (?:19\d0|200\d)s\b|上世纪\d0年代|(?<!\d)(?:19)?[5-9]0年代", re.IGNORECASE
)
#: Anywhere in a name's sentence: a league table ("topped the rankings", "top 100", 位列),
#: a fact about a set of institutions, or a shared lineage (…与北京交通大学、上海交通大学
#: 同根同源).
_STANDING = re.compile(
    r"\b(?:rank(?:ed|ing|ings)|highest-ranked|top (?:\d+|ten|five)|(?:first|second|third) place"
    r"|top(?:s|ped)? the (?:table|list|league)|league tables?)\b"
    # a fact about a set of institutions ("… are the three universities in Macao that")
    r"|\b(?:are|were) (?:the|among the) (?:\w+ )?(?:universities|institutions)\b"
    r"|\b(?:is|was) the only (?:other )?(?:\w+ )?(?:university|institution)\b"
    r"|\bamong the (?:largest|biggest|leading|best|top)\b"
    r"|排名|排行|位列|名列|榜单|同根同源|一脉相承"
    # two institutions told apart (与南洋理工大学是两所不同的学校), standing programmes
    # with a set of them (与…已有多个学生交流项目)
    r"|两所不同的(?:学校|大学|院校|机构)|不是同一所"
    r"|已有(?:\d+|[一二三四五六七八九十几多]+)个[^，。；]{0,8}?项目"
    # standing ties with a set of institutions (…等十余所中国高校签有合作协议)
    r"|等(?:\d+|[一二三四五六七八九十百数几多]+)余?所[^，。；]{0,10}?(?:高校|大学|院校)"
    r"[^，。；]{0,6}?(?:签有|建有|保持)"
    # membership of a group (同为“八校联盟”成员, "fellow members of the Russell Group")
    r"|(?:同为|均为|都是|同属)[^，。；]{0,20}?(?:成员|会员)"
    r"|\b(?:both|all|fellow) members of\b|\bare (?:both |all )?members of\b",
    re.IGNORECASE,
)


def in_background(text: str, start: int) -> bool:
    """Whether the name at `start` is told as background (`_BACKGROUND`, `_MERGER`,
    `_FOUNDED_IN`, `_DECADES_AGO`, `_STANDING`), not as news. A founding told of the name
    that opens the sentence (苏州大学前身为1900年创办的东吴大学) describes the subject,
    which may be news."""
    sentence_start, sentence_end = sentence_around(text, start)
    opens = text[sentence_start:start].strip() in ("", "The")
    return bool(
        _BACKGROUND.search(text, sentence_start, start)
        or _MERGER.search(text, sentence_start, sentence_end)
        or (not opens and _FOUNDED_IN.search(text, sentence_start, sentence_end))
        or _DECADES_AGO.search(text, sentence_start, sentence_end)
        or _STANDING.search(text, sentence_start, sentence_end)
    )


#: The end of a unit's name: an office, a department, a school, a centre.
_UNIT_END = re.compile("(?:部|处|办|办公室|(?<!科)学院|中心|系|研究所|学堂)$")  # 科学院: an academy


def _one_of_the_units(text: str, mention: Mention) -> bool:
    """Whether a Chinese name is one of a list of the host's units whose heads attend
    ("国际合作部、外国语学院、国际关系学院、燕京学堂负责人参加会见"): the item before it is a
    unit, not an institution, and the list ends with the heads (HEADS_OF_UNITS)."""
    if not text.endswith("、", 0, mention.start) or not HEADS_OF_UNITS.match(text, mention.end):
        return False
    item_start = max(text.rfind(c, 0, mention.start - 1) for c in "、，。；：\n") + 1
    return bool(_UNIT_END.search(text[item_start : mention.start - 1]))


def _listed_with_countries(text: str, end: int) -> bool:
    """Whether the next item of a list after a name is a country (`_NEXT_ITEM`)."""
    item = _NEXT_ITEM.match(text, end)
    if item is None:
        return False
    return countries().code_of(item.group(1)) is not None


def _next_event(text: str, mention: Mention) -> bool:
    """Whether a name is told as taking part in another event to come (`_NEXT_EVENT`)."""
    return bool(_NEXT_EVENT.search(text, sentence_around(text, mention.start)[0], mention.start))


def other_stop(text: str, start: int, hosting: bool = False) -> bool:
    """Whether the name at `start` is another stop of a visitor's trip (`_OTHER_STOP`, and
    when we host the visit, `_VISITORS_GO`): where the sentence says "we" before it, the
    trip is ours and its stops are our partners."""
    sentence_start = sentence_around(text, start)[0]
    clause = text[sentence_start:start]
    told = _OTHER_STOP.search(clause) or (hosting and _VISITORS_GO.search(clause))
    return bool(told) and not _OURS.search(clause)


def _repeats(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions that only repeat the one before in brackets ("… Korea Advanced Institute
    of Science and Technology (KAIST)"): read as that one is, not on their own."""
    repeats = []
    for before, mention in pairwise(sorted(mentions, key=lambda m: m.start)):
        between = text[before.end : mention.start].strip()
        if (
            mention.partner == before.partner
            and between in ("(", "（")
            and text[mention.end : mention.end + 1] in (")", "）")
        ):
            repeats.append(mention)
    return repeats


def _only_where(
    mentions: list[Mention], title_end: int, reading: Callable[[Mention], bool]
) -> set[str]:
    """The partners whose every mention is in the body (a title names what the article
    is about) and read as `reading` says."""
    by_partner: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_partner.setdefault(mention.partner, []).append(mention)
    return {
        pid
        for pid, found in by_partner.items()
        if all(m.start >= title_end and reading(m) for m in found)
    }


def is_generic(form: str, partner: Partner) -> bool:
    """Whether a form names the partner only with help: a Chinese alias that is the tail of
    its Chinese name (its place or country left off), or a university's short abbreviation
    (universities are named "<place> University", so their initials collide)."""
    if has_cjk(form):
        return form != partner.name_zh and partner.name_zh.endswith(form)
    shared = partner.type == "university" and len(form) <= _SHARED_ABBREVIATION
    return shared and is_abbreviation(form)


def _initials(name: str) -> tuple[str, ...]:
    """A Latin name's initials, with and without its function words: "Michigan State
    University" is MSU, "University of Southern California" USC (or UOSC)."""
    words = name.replace("-", " ").split()
    return (
        "".join(w[0] for w in words if w[0].isupper()),
        "".join(w[0].upper() for w in words),
    )


@lru_cache(maxsize=64)
def _of_owner(forms: tuple[str, ...]) -> re.Pattern[str] | None:
    """The words " of <publisher>" after a name, for the publisher's Latin forms (built
    once per publisher, not per record); None when it has none."""
    latin = sorted((form for form in forms if not has_cjk(form)), key=len, reverse=True)
    if not latin:
        return None
    names = "|".join(re.escape(form) for form in latin)
    return re.compile(rf"\s*,?\s+(?:of|at)\s+(?:the\s+)?(?:{names})\b")


@lru_cache(maxsize=8)
def matcher_for(gazetteer: Gazetteer) -> PartnerMatcher:
    """The matcher of a gazetteer, built once: the automaton is the expensive part."""
    return PartnerMatcher(gazetteer)
