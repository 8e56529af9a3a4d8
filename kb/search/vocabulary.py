"""What search knows of the words staff type: partner names (with the short names a
partner goes by), glossary concepts across languages, words that carry no meaning in a
question, and the lexicon's words that typos are corrected towards.

Built once per process from the lexicon (kb.lexicon); the analysed forms of concepts are
worked out per segmenter (a generation's vocabulary) and cached.
"""

from __future__ import annotations

import re
import threading
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from kb.core.text import has_cjk, to_simplified
from kb.index.analysis import Segmenter, analyze, normalize_word
from kb.lexicon import Gazetteer, Glossary, Lexicon
from kb.lexicon.countries import countries
from kb.search.query import AliasIndex

#: Words of a question that name nothing a record could contain ("who visited from
#: Sheffield and when", "我校和北京工商大学的合作有哪些"). Dropped from a query unless it
#: has no other word; a Chinese entry also drops when jieba splits it out of a run.
_QUESTION_TEXT = """
    who whom whose what when where which why how many much did does do done doing we our ours
    us me
    my i you your any all there please show find list tell give get about between been
    我校 本校 我们 我院 哪些 哪个 什么 吗 呢 有 有没有 哪 哪里 何时 谁 怎么 怎么办 如何 是否 情况
    相关 关于 时候 什么时候 为什么
    一下 请 查找 查询 列出 所有 全部
"""


def _as_typed_and_stemmed(text: str) -> frozenset[str]:
    """The words of `text` as compared with a query's analysed words: an English word also
    as its stem ("many" is searched as "mani", "does" as "doe")."""
    return frozenset(
        form
        for word in text.split()
        for form in (word, normalize_word(word) if word.isascii() else word)
        if form
    )


QUESTION_WORDS = _as_typed_and_stemmed(_QUESTION_TEXT)
#: What a question asks for ("which *universities*", "哪些*高校*"): words naming the kind of
#: answer, which every report of cooperation is about, so they are left out right after a
#: question word ("which partners did we visit in 2023" asks for visits of 2023).
_ANSWER_KIND_TEXT = """
    partner partners university universities institution institutions organisation
    organisations organization organizations school schools college colleges
    event events activity activities thing things
    合作伙伴 伙伴 高校 大学 院校 学校 机构 单位 活动 事情
"""
ANSWER_KINDS = _as_typed_and_stemmed(_ANSWER_KIND_TEXT)
#: Words for "outside our country" that name where an institution is (境外高校, "foreign
#: universities"): met by every partner abroad, whatever its record says of it. Not the
#: words of going there (出国, "go abroad"), which a record of a trip says itself.
ABROAD_PLACES = frozenset(("境外", "国外", "海外", "外国", "外籍", "foreign", "overseas"))
#: Words for a partner in general ("partner universities", 合作院校): met by every record
#: tagged with a partner, which rarely calls it that.
ANY_PARTNER = frozenset(
    (
        "partner",
        "partners",
        "partner university",
        "partner universities",
        "partner institution",
        "partner institutions",
        "合作伙伴",
        "合作院校",
        "合作高校",
        "合作方",
        "合作单位",
    )
)
#: Question words after which a word of ANSWER_KINDS names the kind of answer.
ASKING_WORDS = frozenset({"which", "what", "哪些", "哪个", "什么"})
#: A word of ANSWER_KINDS names the answer when at most this many words come between.
ANSWER_KIND_REACH = 2
#: A word in more partners' names than this is no partner's short name.
NAME_WORD_PARTNERS = 2
#: Words that name kinds of institutions, their subjects or places in general: however few
#: partners' names hold one, it names none of them.
_INSTITUTION_TEXT = """
    university universities college institute institution school academy centre center
    federation union council association ministry office department bureau commission
    organization organisation foundation society embassy consulate normal national state
    international technology science sciences studies research business economics finance
    foreign languages relations labour labor trade industrial agricultural medical
    polytechnic open royal free catholic technical higher graduate global world federal
    united nations people's capital central northern southern eastern western north south
    east west new city metropolitan education culture arts social public policy law
    administration aeronautics astronautics agriculture architecture autonomous chemical
    children's civil confederation conservatory economic educators electric electronic
    employers engineering experts film fine food forestry fund geosciences infrastructure
    inner investment maritime medicine middle mining monetary municipal municipality music
    natural ocean petroleum pharmaceutical political polytechnical posts power promotion
    refugee republic scholarly scientific service sport technological telecommunications
    tourism town women's hill chapel technische institutet
"""
_INSTITUTION_WORDS = frozenset(_INSTITUTION_TEXT.split())
#: Endings of Chinese institution names: what is left before one is the distinctive part.
_ZH_INSTITUTION = re.compile(
    r"(大学|学院|研究院|研究所|研究中心|大学校|学校|总工会|工会|组织|委员会|基金会|协会|大使馆|领事馆)$"
)
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")


@dataclass(frozen=True)
class ConceptMatch:
    """A concept found in a query: what it is, and its forms as analysed terms."""

    id: str
    topic: str | None
    forms: tuple[tuple[str, ...], ...]
    #: A concept naming a country or a region abroad: the partners there ("Japanese
    #: universities" means Waseda and Hitotsubashi as well as the words)
    partners: tuple[str, ...] = ()


class QueryVocabulary:
    """Partner names, concepts and question words, for planning queries."""

    def __init__(
        self, lexicon: Lexicon | None = None, owners: Mapping[str, str | None] | None = None
    ) -> None:
        """`owners`: source name -> the partner publishing it (its own site), if any."""
        gazetteer = lexicon.gazetteer if lexicon else None
        glossary = lexicon.glossary if lexicon else None
        names: dict[str, set[str]] = defaultdict(set)
        #: partner id -> its names as the partners file gives them (not the short names
        #: derived from them): what a query naming the partner also finds as words
        self.partner_forms: dict[str, list[str]] = defaultdict(list)
        if gazetteer is not None:
            for partner in gazetteer.partners.values():
                for form in partner.forms:
                    names[form].add(partner.id)
                    self.partner_forms[partner.id].append(form)
            # A word the glossary writes in lower case is a common word, not a name; nor is
            # a country's name or adjective ("Australian" is no short name of the
            # Australian National University: it means every Australian partner).
            common = (
                {w for c in glossary.concepts.values() for f in c.en for w in f.split()}
                | _country_words(glossary)
                if glossary
                else set()
            )
            for word, partners in name_words(gazetteer).items():
                if word not in names and word.lower() not in common:
                    names[word].update(partners)
        self.aliases = AliasIndex(
            {form: sorted(ids) for form, ids in names.items()},
            gazetteer.not_partners if gazetteer else (),
        )
        #: Names of a partner that are also part of words meaning something else ("澳大" in
        #: "澳大利亚"): they find the partner's tagged records, never those words.
        blockers = tuple(to_simplified(w) for w in gazetteer.not_partners) if gazetteer else ()
        self.blocked = frozenset(
            form
            for form in names
            if has_cjk(form) and len(form) <= 3 and any(to_simplified(form) in w for w in blockers)
        )
        self.glossary = glossary or Glossary({}, "")
        #: Chinese names of partners, which typos in Chinese are corrected towards.
        self.chinese_names = sorted({to_simplified(f) for f in names if has_cjk(f) and len(f) >= 4})
        #: Latin words typos are corrected towards: names of partners and glossary forms.
        self.words: frozenset[str] = frozenset(
            w.lower()
            for text in (*names, *(f for c in self.glossary.concepts.values() for f in c.en))
            for w in _LATIN_WORD.findall(text)
        )
        #: partner id -> the sources it publishes (a query naming it finds them too)
        self.sources_of: dict[str, list[str]] = defaultdict(list)
        for source, owner in (owners or {}).items():
            if owner:
                self.sources_of[owner].append(source)
        #: The institution staff mean by "we" and "us": the one publishing most sources
        #: (the first of equals), None when no source names its publisher.
        self.home: str | None = max(
            self.sources_of, key=lambda pid: len(self.sources_of[pid]), default=None
        )
        self._abroad = _partners_abroad(gazetteer) if gazetteer else {}
        #: Every partner outside the home country (for ABROAD_PLACES).
        self.abroad: tuple[str, ...] = tuple(p for ids in self._abroad.values() for p in ids)
        #: Every partner (for ANY_PARTNER).
        self.every_partner: tuple[str, ...] = tuple(gazetteer.partners) if gazetteer else ()
        #: "墨大" -> the one partner whose Chinese university name starts with 墨
        self.contracted = _contracted_names(gazetteer) if gazetteer else {}
        self._concepts: dict[int, dict[tuple[str, ...], ConceptMatch]] = {}
        self._lock = threading.Lock()

    def concepts(self, segmenter: Segmenter) -> dict[tuple[str, ...], ConceptMatch]:
        """Every concept form as analysed terms -> its concept (for this segmenter)."""
        key = id(segmenter)
        with self._lock:
            found = self._concepts.get(key)
        if found is None:
            found = {}
            for concept in self.glossary.concepts.values():
                forms = tuple(
                    dict.fromkeys(
                        tokens
                        for form in concept.forms
                        if (tokens := tuple(t.text for t in analyze(form, segmenter)))
                    )
                )
                codes = sorted({c for form in concept.en if (c := countries().code_of(form))})
                partners = tuple(p for code in codes for p in self._abroad.get(code, ()))
                match = ConceptMatch(concept.id, concept.topic, forms, partners)
                for tokens in forms:
                    found.setdefault(tokens, match)
            with self._lock:
                self._concepts[key] = found
        return found


def _country_words(glossary: Glossary) -> set[str]:
    """The one-word forms of the glossary's concepts that name a country or a region
    (Australia, Australian, German), lower-cased."""
    return {
        form.lower()
        for concept in glossary.concepts.values()
        if any(countries().code_of(form) for form in concept.en)
        for form in concept.en
        if " " not in form
    }


def _contracted_names(gazetteer: Gazetteer) -> dict[str, str]:
    """A university named by a place or a name alone and 大学 goes by the first character
    and 大 (墨大 for 墨尔本大学, 浙大 for 浙江大学), and in English by "Uni" and the start of
    its distinctive word (UniMelb, UniSyd): each such short form that only one partner's
    name makes (as a query word is analysed), and the partner. A query word the index does
    not hold finds that partner; words the index holds (重大, "major") stay words."""
    makers: dict[str, set[str]] = defaultdict(set)
    for partner in gazetteer.partners.values():
        name = to_simplified(partner.name_zh)
        if 4 <= len(name) <= 5 and name.endswith("大学"):
            makers[name[0] + "大"].add(partner.id)
        if "University" not in partner.name:
            continue
        for word in _LATIN_WORD.findall(partner.name):
            if len(word) >= 5 and word[0].isupper() and word.lower() not in _INSTITUTION_WORDS:
                for size in range(3, len(word)):
                    makers[normalize_word(f"uni{word[:size].lower()}")].add(partner.id)
    return {short: ids.pop() for short, ids in makers.items() if len(ids) == 1}


def _partners_abroad(gazetteer: Gazetteer) -> dict[str, tuple[str, ...]]:
    """Country code -> its partners, for every country but home (`Gazetteer.home`: a query
    for 中国 means no partner in particular)."""
    by_country: dict[str, list[str]] = defaultdict(list)
    for partner in gazetteer.partners.values():
        if partner.country and partner.country != gazetteer.home:
            by_country[partner.country].append(partner.id)
    return {code: tuple(ids) for code, ids in by_country.items()}


def name_words(gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Short names partners go by without listing them: a word of an English name that at
    most NAME_WORD_PARTNERS partners' names contain ("Sheffield", "Monash", "Macau"), and a
    Chinese name without its institution ending ("谢菲尔德" of 谢菲尔德大学)."""
    english: dict[str, set[str]] = defaultdict(set)
    chinese: dict[str, set[str]] = {}
    names_zh = [to_simplified(p.name_zh) for p in gazetteer.partners.values()]
    for partner, name_zh in zip(gazetteer.partners.values(), names_zh, strict=True):
        for word in _LATIN_WORD.findall(partner.name):
            if len(word) >= 4 and word[0].isupper() and word.lower() not in _INSTITUTION_WORDS:
                english[word].add(partner.id)
        stem = _ZH_INSTITUTION.sub("", name_zh)
        if len(stem) >= 2 and stem != partner.name_zh:
            chinese[stem] = {partner.id}
    # How many names hold each stem, counted from each name's own substrings: comparing
    # every stem with every name grows with the square of the gazetteer (seconds at 2,000).
    longest = max(map(len, chinese), default=0)
    in_names = Counter(
        found
        for name in names_zh
        for found in {
            name[i:j]
            for i in range(len(name))
            for j in range(i + 2, min(len(name), i + longest) + 1)
        }
        & chinese.keys()
    )
    found = {w: ids for w, ids in english.items() if len(ids) <= NAME_WORD_PARTNERS}
    found |= {s: ids for s, ids in chinese.items() if in_names[s] <= NAME_WORD_PARTNERS}
    return found
