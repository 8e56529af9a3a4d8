"""Signings: the agreements a report says its publisher signed or renewed.

The agreement register (kb.link.agreements) is built from these statements. A report
states a signing in a sentence that has a signing verb (签署, signed, renewed …) and names a
document (协议, memorandum …); what that sentence says is read as follows.

- **Kind** comes from the document's name, through the glossary's concepts (合作备忘录 is
  `mou` in either language). A programme's name (联合培养, joint degree, 联合研究中心) is
  the kind when no document kind is named beside it, since "an MoU on joint degrees" is an
  MoU; one sentence may name several documents, and each is one agreement.
- **Not a signing** are plans and wishes (将签署, "will sign", "agreed to explore"),
  drafts, earlier agreements recalled (自2018年签署…以来, "first signed in 2017", "under
  the agreement"), and signings the publisher only witnessed.
- **Partners** are the partners named in the clause of the document's name, else in its
  sentence, else in the title, else the report's partners.
- **The day** is the one the sentence names, else the event's day, else the publication.
- **Term** as stated: in years (为期五年, "for three years", "a five-year MoU"), as an end
  (有效期至2025年12月31日, "until the end of 2026") or as a span of years (2019–2024).
- **Renewal** when the sentence or the title says the agreement renews an earlier one.
- **Signatories** when the text names who signed (…分别代表两校签署, "signed by A and B").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from kb.core.agreements import Signing
from kb.core.days import parse_day, term_end
from kb.enrich.dates import MONTHS_EN, WEEKDAYS_EN, cn_int, resolve_event_days
from kb.enrich.phrases import Phrase, PhraseIndex
from kb.lexicon import Glossary

#: Glossary concepts naming each kind. A user's glossary may add forms to these concepts.
KIND_CONCEPTS: dict[str, tuple[str, ...]] = {
    "mou": ("mou",),
    "framework": ("framework_agreement",),
    "student_exchange": ("student_exchange_agreement",),
    "cooperation": ("cooperation_agreement", "academic_agreement"),
    "_bare": ("agreement",),
    "other": ("letter_of_intent", "supplementary_agreement"),
    "joint_degree": (
        "joint_programme",
        "joint_degree",
        "dual_degree",
        "joint_masters",
        "joint_phd",
        "model_2_2",
        "model_3_1",
        "model_1_1",
        "model_1_3",
        "model_3_2",
        "cooperative_education",
        "sino_foreign_cooperative_education",
    ),
    "joint_institute": (
        "joint_institute",
        "joint_lab",
        "joint_research_centre",
        "confucius_institute",
        "research_institute",
    ),
}
#: Forms the glossary leaves to other concepts or does not hold.
_EXTRA_FORMS: dict[str, tuple[str, ...]] = {
    "framework": ("战略合作协议", "战略合作框架协议", "strategic cooperation agreement"),
    "student_exchange": ("学生交流项目协议", "交换生项目协议"),
    "cooperation": ("合作协议", "合作协定"),
    "_bare": ("协议", "协定", "agreement", "agreements"),
    "joint_institute": ("centre", "center"),
    "joint_degree": ("2+2", "3+1", "1+1", "4+1", "3+2", "双硕士学位"),
}
#: The kinds named by a document; the others name what an agreement sets up.
DOCUMENT_KINDS = frozenset(
    {"mou", "framework", "student_exchange", "cooperation", "other", "_bare"}
)
#: A document named only as "协议"/"an agreement": a cooperation agreement, unless the
#: report names the same signing's document more precisely elsewhere.
_BARE = "_bare"

_SIGN = re.compile(
    r"签署|签订|签约|签字|续签|签下|"
    r"\b(?:sign(?:ed|s|ing)?|re-?sign(?:ed)?|renew(?:ed|s|ing)?|extend(?:ed|s)?|"
    r"conclud(?:ed|es)|establish(?:ed|es)?|set up)\b",
    re.IGNORECASE,
)
_DOCUMENT = re.compile(
    r"协议|备忘录|意向书|协定|合同|"
    r"\b(?:agreements?|memorand(?:um|a)|MoUs?|letters? of intent)\b",
    re.IGNORECASE,
)
_RENEWAL = re.compile(
    r"续签|续约|再次签署|重新签署|再度签署|"
    r"\b(?:renew(?:ed|s|al|ing)?|re-?sign(?:ed|ing)?|extend(?:ed|s|ing)?|signed again)\b",
    re.IGNORECASE,
)
#: A signing to come, hoped for, talked about or drafted: not one that happened.
_NOT_YET = re.compile(
    r"将[^，。；]{0,24}签|拟|计划|希望|有望|期待|准备|尽快|争取|商讨|探讨|洽谈|草案|"
    r"征求意见|待签|推动签|"
    r"\b(?:will|would|shall|plans?|planned|intends?|intended|hopes?|hoped|expects?|"
    r"looks? forward|look(?:ing)? forward|explore|discuss(?:ed)?|draft|to be signed|"
    r"prepar(?:e|ing)|proposed|negotiat\w*)\b",
    re.IGNORECASE,
)
#: An earlier agreement recalled: background, not the reported signing.
_EARLIER = re.compile(
    r"以来|此前|曾|早在|根据|依据|按照|基础上|框架下|已签署|签[署订][^，。；]{0,24}后|"
    r"\b(?:since|first signed|previously|earlier|under (?:the|this|that|an?)|"
    r"in place|existing|already)\b|\bafter\b[^.;]{0,40}\bsign",
    re.IGNORECASE,
)
_WITNESS = re.compile(
    r"见证|出席[^，。；]{0,16}签[约字署]|\bwitness(?:ed|es)?\b|\battend(?:ed|s)? the signing\b",
    re.IGNORECASE,
)
#: The publisher as a signing party ("we"): signings without it are other institutions'.
_WE = re.compile(
    r"我校|本校|两校|双方|我院|"
    r"\b(?:our|we|both|the two (?:universities|sides|institutions))\b",
    re.IGNORECASE,
)
#: "A、B respectively": the partners and the documents named pair up in order.
_RESPECTIVELY = re.compile(r"分别与|\brespectively\b", re.IGNORECASE)
#: What setting up an institute, centre or lab is said with.
_SETS_UP = re.compile(
    r"共建|联合|合作|设立|成立|建立|筹建|组建|揭牌|"
    r"\b(?:joint|establish\w*|set(?:ting)? up|launch\w*|found\w*|create\w*)\b",
    re.IGNORECASE,
)
_YEAR_SIGNED = re.compile(r"((?:19|20)\d\d)年[^，。；]{0,16}签|\bin ((?:19|20)\d\d)\b")
_CLAUSE = re.compile(r"[，,：:]")

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a": 1,
    "another": 0,
}
_CN_NUMBER = "[0-9一二三四五六七八九十两]{1,3}"
_EN_NUMBER = r"(?:\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten)"
_TERM_YEARS = re.compile(
    rf"(?:为期|有效期(?:为)?|期限(?:为)?|合作期(?:为)?)\s*({_CN_NUMBER})\s*年|"
    rf"({_CN_NUMBER})\s*年有效期|"
    rf"\bfor (?:an? (?:initial )?(?:period|term) of |another |a further )?({_EN_NUMBER}) "
    rf"(?:more )?years\b|"
    rf"\b(?:period|term|validity) of ({_EN_NUMBER}) years\b|"
    rf"\b({_EN_NUMBER})[- ]year (?:agreement|memorandum|mou|term|period|renewal|extension|"
    rf"partnership|framework)",
    re.IGNORECASE,
)
_TERM_END_ZH = re.compile(
    r"(?:有效期|期限)?(?:至|到)\s*(\d{4})\s*年(?:\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?|底|末)?"
)
#: "2019–2024" (not an academic year: "2023—2024学年", "the 2023-2024 academic year").
_TERM_SPAN = re.compile(
    r"(\d{4})\s*(?:年)?\s*[-–—~至到]\s*(\d{4})\s*年?(?!\s*(?:学年|academic|school year))"
)
#: Documents counted or named in the plural ("协议5份", "agreements with partner
#: universities"): a tally of signings, which stands for a signing only beside its partner.
_TALLY = re.compile(
    r"(?:协议|备忘录|协定)\s*[0-9一二三四五六七八九十两]+\s*(?:份|项|个)|"
    r"[0-9一二三四五六七八九十两]+\s*(?:份|项|个)[^，。；]{0,8}(?:协议|备忘录)|"
    r"\b(?:agreements|memoranda|MoUs)\b",
    re.IGNORECASE,
)
_MONTHS = {name: number for number, name in enumerate(MONTHS_EN, start=1)}
_TERM_END_EN = re.compile(
    r"\b(?:until|till|through|to|expires? (?:on|in|at)?)\s+(?:the end of\s+)?"
    r"(?:(\d{1,2})\s+([A-Za-z]+)\s+|([A-Za-z]+)\s+(\d{1,2}),?\s+)?(\d{4})\b",
    re.IGNORECASE,
)
_EN_TITLE_WORDS = frozenset(
    [
        "president",
        "vice",
        "vice-president",
        "professor",
        "prof",
        "prof.",
        "dr",
        "dr.",
        "mr",
        "mr.",
        "ms",
        "ms.",
        "mrs",
        "mrs.",
        "deputy",
        "pro",
        "chancellor",
        "vice-chancellor",
        "chief",
        "representative",
        "dean",
        "director",
        "head",
        "secretary",
        "party",
        "chair",
        "chairman",
        "chairwoman",
        "provost",
        "rector",
        "executive",
        "general",
        "international",
        "associate",
        "assistant",
        "senior",
    ]
)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int


class SigningReader:
    """Reads signings out of a report, with the glossary's document and programme names."""

    def __init__(self, glossary: Glossary | None) -> None:
        phrases: list[Phrase[str]] = []
        concepts = glossary.concepts if glossary else {}
        for kind, ids in KIND_CONCEPTS.items():
            for concept_id in ids:
                concept = concepts.get(concept_id)
                if concept is not None:
                    phrases += [Phrase(form, kind) for form in concept.forms]
        for kind, forms in _EXTRA_FORMS.items():
            phrases += [Phrase(form, kind) for form in forms]
        self._kinds: PhraseIndex[str] = PhraseIndex(phrases)

    def read(
        self,
        *,
        title: str,
        body: str,
        lang: str,
        published: str | None,
        event_date: str | None,
        partner_spans: Sequence[tuple[str, int, int]],
        partners: Sequence[str],
    ) -> list[Signing]:
        """The signings of one report. `partner_spans` are (partner id, start, end) in
        `title + "\\n" + body`; `partners` the report's partners in order of mention."""
        text = f"{title}\n{body}"
        title_partners = [p for p, start, _ in partner_spans if start < len(title)]
        renewal_title = bool(_RENEWAL.search(title))
        found: dict[tuple[str, tuple[str, ...]], Signing] = {}
        named: set[tuple[str, tuple[str, ...]]] = set()
        sentences = [(span, text[span.start : span.end]) for span in _sentences(text)]
        # Documents whose signing the publisher only attended are others' documents.
        others = {
            kind
            for _, words in sentences
            if _WITNESS.search(words) and not _WE.search(words)
            for kind, _ in self._kinds_in(words)
        }
        for sentence, words in sentences:
            if not _is_signing(words):
                continue
            in_title = sentence.start < len(title)
            in_sentence = _partners_in(partner_spans, sentence.start, len(words))
            kinds = [
                (kind, at)
                for kind, at in self._kinds_in(words)
                if kind not in others
                and _signed_now(_clause_around(words, at, widen=True), published)
            ]
            paired = _RESPECTIVELY.search(words) and len(in_sentence) == len(kinds) > 1
            for number, (kind, at) in enumerate(kinds):
                clause = _clause_span(words, at)
                said = words[clause.start : clause.end]
                if _TALLY.search(said) and not in_sentence:
                    continue
                if kind == "joint_institute" and not _SETS_UP.search(said):
                    continue  # a unit's name ("政治学研究所所长"), not one set up
                chosen = (
                    [in_sentence[number]]
                    if paired
                    else _partners_in(
                        partner_spans, sentence.start + clause.start, clause.end - clause.start
                    )
                    or in_sentence
                    or title_partners
                    or list(partners)
                )
                if not chosen:
                    continue
                day = None if in_title else _named_day(words, published, lang)
                signing = Signing(
                    kind=kind,
                    partners=tuple(dict.fromkeys(chosen)),
                    signed=day or event_date or published,
                    renewal=bool(_RENEWAL.search(words)) or renewal_title,
                )
                key = (signing.kind, signing.partners)
                if key not in found or (day and key not in named):
                    renewal = signing.renewal or (key in found and found[key].renewal)
                    found[key] = replace(signing, renewal=renewal)
                if day:
                    named.add(key)
        return self._completed(_without_bare_twins(found.values()), text, lang)

    def _kinds_in(self, words: str) -> list[tuple[str, int]]:
        """The kinds a signing sentence names, each with where it is named."""
        hits = [(hit.value, hit.start) for hit in self._kinds.find(words) if hit.value]
        documents = [(kind, at) for kind, at in hits if kind in DOCUMENT_KINDS]
        specific = [(kind, at) for kind, at in documents if kind != _BARE]
        programmes = [(kind, at) for kind, at in hits if kind not in DOCUMENT_KINDS]
        if specific:
            naming = [p for p in programmes if _names_document(words, p[1])]
            # "共建…研究中心合作协议": the document is named by what it sets up.
            specific = [
                (kind, at)
                for kind, at in specific
                if not any(0 < at - p_at <= _NAMING_SPAN for _, p_at in naming)
            ]
            chosen = specific + naming
        elif programmes:
            chosen = programmes[:1]
        else:
            chosen = documents[:1]
        seen: dict[str, int] = {}
        for kind, at in chosen:
            seen.setdefault(kind, at)
        return list(seen.items())

    def _kind_set(self, part: str) -> set[str]:
        return {hit.value for hit in self._kinds.find(part) if hit.value}

    def _completed(self, signings: Iterable[Signing], text: str, lang: str) -> list[Signing]:
        """Term, expiry and signatories. A term is read from the part of a sentence that
        names the agreement's kind ("备忘录为期五年；学生交流协议有效期三年"), else from the
        first statement of a term in the report."""
        signings = list(signings)
        if not signings:
            return []
        # Each part's kinds, terms and signers are read once, whatever the signings.
        terms = [
            (self._kind_set(part), term)
            for part in re.split(r"[。！？；;\n]|(?<=\.)\s", text)
            if _mentions_term(part) and (term := _term(part))
        ]
        everyone = tuple(_signatories(text, lang))
        signers = [
            (self._kind_set(part), _signatories(part, lang))
            for part in re.split(r"[。！？\n]|(?<=\.)\s", text)
            if _SIGN.search(part)
        ]
        completed = []
        for signing in signings:
            # The signers named where this kind of document is signed, else anyone's.
            own_signers = [
                name for kinds, names in signers if signing.kind in kinds for name in names
            ]
            people = tuple(dict.fromkeys(own_signers)) or everyone
            term = next((t for kinds, t in terms if signing.kind in kinds), None) or next(
                (t for _, t in terms), _Term()
            )
            years, expires = _expiry(signing.signed, term)
            completed.append(
                replace(signing, term_years=years, expires=expires, signatories=people)
            )
        return sorted(completed, key=lambda s: (s.signed or "", s.kind, s.partners))


def _sentences(text: str) -> Iterable[_Span]:
    """Sentences as spans of `text` (Chinese punctuation, or English full stops)."""
    start = 0
    for match in re.finditer(r"[。！？；!?\n]|(?<=[a-z0-9)”\"'])\.(?=\s)", text):
        if match.end() - start > 1:
            yield _Span(start, match.end())
        start = match.end()
    if start < len(text):
        yield _Span(start, len(text))


def _is_signing(words: str) -> bool:
    """A sentence saying a document was signed, not only witnessed by the publisher."""
    if not _SIGN.search(words) or not (_DOCUMENT.search(words) or _names_programme(words)):
        return False
    return not (_WITNESS.search(words) and not _WE.search(words))


def _signed_now(clause: str, published: str | None) -> bool:
    """Whether the clause naming a document reports its signing now: signed in that clause
    (not only outlined or agreed on), not planned or hoped for, not an earlier signing
    recalled (自2018年签署…以来, "first signed in 2017")."""
    verb = _SIGN.search(clause)
    if verb is None or _NOT_YET.search(clause[: verb.end() + 6]):
        return False
    if _EARLIER.search(clause) and not _RENEWAL.search(clause):
        return False
    year = _YEAR_SIGNED.search(clause)
    if year and published and (year.group(1) or year.group(2)) < published[:4]:
        return bool(
            re.search(r"\d{1,2}月\d{1,2}日|\d{1,2} [A-Z][a-z]+ |[A-Z][a-z]+ \d{1,2}\b", clause)
        )
    return True


def _names_programme(words: str) -> bool:
    return bool(re.search(r"共建|合作办学|联合培养|joint|centre|center|institute", words, re.I))


_NAMING_SPAN = 24


def _names_document(words: str, at: int) -> bool:
    """Whether a programme named at `at` is itself the document's subject ("联合培养项目协议",
    "joint degree agreement"): a document noun follows within a few characters."""
    window = words[at : at + _NAMING_SPAN]
    return bool(re.match(r"[^，,。.；]*?(?:项目)?(?:协议|agreement)", window, re.I))


def _clause_around(words: str, at: int, *, widen: bool = False) -> str:
    """The clause (between commas) around `at`; `widen`: with the clauses either side,
    where the verb may stand ("In 2019, …", "…an agreement, which they expect to sign")."""
    span = _clause_span(words, at)
    if widen:
        first = _clause_span(words, span.start - 1).start if span.start > 0 else 0
        last = _clause_span(words, span.end + 1).end if span.end < len(words) else span.end
        span = _Span(first, last)
    return words[span.start : span.end]


def _clause_span(words: str, at: int) -> _Span:
    starts = [m.end() for m in _CLAUSE.finditer(words, 0, at)]
    end = _CLAUSE.search(words, at)
    return _Span(starts[-1] if starts else 0, end.start() if end else len(words))


def _partners_in(spans: Sequence[tuple[str, int, int]], offset: int, length: int) -> list[str]:
    found = [p for p, start, end in spans if start >= offset and end <= offset + length]
    return list(dict.fromkeys(found))


def _named_day(words: str, published: str | None, lang: str) -> str | None:
    """The day a sentence names, leaving out the days of a term ("有效期至2025年12月31日")."""
    undated = _TERM_END_ZH.sub("", _TERM_SPAN.sub("", words))
    undated = _TERM_END_EN.sub("", undated)
    return resolve_event_days(undated, published, lang).start


def _without_bare_twins(signings: Iterable[Signing]) -> list[Signing]:
    """A document named only as "协议"/"an agreement" is the same signing as a more precisely
    named one with a common partner; alone, it is a cooperation agreement, marked vague so
    that another report naming it precisely can say what it is (kb.link.agreements)."""
    signings = list(signings)
    named = [s for s in signings if s.kind != _BARE]
    kept = list(named)
    for bare in (s for s in signings if s.kind == _BARE):
        if not any(set(bare.partners) & set(other.partners) for other in named):
            kept.append(replace(bare, kind="cooperation", vague=True))
    return kept


@dataclass(frozen=True)
class _Term:
    years: int = 0
    end: date | None = None


def _mentions_term(segment: str) -> bool:
    return bool(
        _DOCUMENT.search(segment)
        or re.search(r"有效|期限|\bvalid|in force|\bterm\b|\bruns?\b", segment, re.I)
    )


def _term(segment: str) -> _Term | None:
    """The term a segment says an agreement runs for, in years or to an end day."""
    if match := _TERM_YEARS.search(segment):
        years = _number(next(g for g in match.groups() if g))
        if years:
            return _Term(years=years)
    if match := _TERM_END_ZH.search(segment):
        year, month, day = match.groups()
        return _Term(end=_end_day(int(year), month, day))
    if match := _TERM_END_EN.search(segment):
        day, month_a, month_b, day_b, year = match.groups()
        month = _MONTHS.get((month_a or month_b or "").lower())
        return _Term(end=_end_day(int(year), str(month) if month else None, day or day_b))
    if match := _TERM_SPAN.search(segment):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last <= first + 20:
            return _Term(end=date(last, 12, 31))
    return None


def _number(text: str) -> int:
    if text.lower() in _NUMBER_WORDS:
        return _NUMBER_WORDS[text.lower()]
    try:
        return cn_int(text)
    except (KeyError, ValueError):
        return 0


def _end_day(year: int, month: str | None, day: str | None) -> date | None:
    try:
        if month and day:
            return date(year, int(month), int(day))
        if month:
            following = date(year + int(month) // 12, int(month) % 12 + 1, 1)
            return following - timedelta(days=1)
        return date(year, 12, 31)
    except ValueError:
        return None


def _expiry(signed: str | None, term: _Term) -> tuple[int, str | None]:
    """Whole years of the term and its last day (signed + years - 1 day, or the end)."""
    day = parse_day(signed)
    if day is None:
        return term.years, None
    if term.years:
        return term.years, term_end(day, term.years).isoformat()
    if term.end and term.end > day:
        return round((term.end - day).days / 365.25), term.end.isoformat()
    return 0, None


def _signatories(text: str, lang: str) -> list[str]:
    """Who the text says signed ("A与B分别代表两校签署", "signed by A and B")."""
    names: list[str] = []
    for match in _ZH_SIGNERS.finditer(text):
        # Without "代表…" a name counts only with its title ("院长冯雪", "梁景华校长").
        titled = match.group(2) is None
        names += [n for part in _ZH_AND.split(match.group(1)) if (n := _zh_name(part, titled))]
    text = re.sub(r"\b(Dr|Prof|Mr|Ms|Mrs|St)\.", r"\1", text)
    for match in _EN_SIGNED_BY.finditer(text):
        names += _en_names(match.group(1))
    for match in _EN_SIGNERS.finditer(text):
        names += _en_names(match.group(1))
    return list(dict.fromkeys(names))


#: "…A与B分别代表两校签署", "A代表我校签字", "由A和B签署", "A与B签署了协议".
_ZH_SIGNERS = re.compile(
    r"(?:由)?([^，。；：\n]{2,60}?)(?:分别|共同)?(代表(?!团)[^，。；]{0,16}?)?"
    r"(?:在[^，。；]{0,12}上)?(?:签署|签字|签订)"
)
_ZH_AND = re.compile(r"与|和|、|同")
_ZH_TITLE_WORDS = (
    "副校长|校长|副书记|书记|副主任|主任|副处长|处长|副院长|院长|事务长|主席|理事长|部长|会长|"
    "总监|秘书长|教授|博士|首席代表|负责人|主管|所长|司长|大使|参赞|领事|副总裁|总裁|主任委员"
)
_ZH_TITLE_BEFORE = re.compile(f".*(?:{_ZH_TITLE_WORDS})")
_ZH_TITLE_AFTER = re.compile(f"(?:{_ZH_TITLE_WORDS})+$")
_ZH_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?:·[\u4e00-\u9fff]{1,8})*$")
_ZH_NOT_NAME = re.compile(
    r"大学|学院|学校|两校|双方|我校|该校|代表|签|协议|仪式|会后|随后|的|[校院部处会团所]$"
)


def _zh_name(part: str, titled: bool = False) -> str | None:
    """A person's name from "我校研究生院院长冯雪" or "梁景华校长" (None for "两校");
    `titled`: only a name that comes with a title."""
    part = re.sub(r"[（(][^）)]*[）)]", "", part).strip().rstrip("等")
    bare = _ZH_TITLE_BEFORE.sub("", _ZH_TITLE_AFTER.sub("", part))
    if titled and bare == part:
        return None
    part = bare
    match = _ZH_NAME.search(part)
    if match is None or _ZH_NOT_NAME.search(match.group()):
        return None
    return match.group()


_EN_SIGNED_BY = re.compile(
    r"\bsigned (?:\w+ )?by ([^.;]+?)(?:\s+(?:in|at|on|respectively|while|during|for)\b|[.;]|$)"
)
_EN_SIGNERS = re.compile(
    r"(?:^|[.;]\s+|\n)([A-Z][^.;\n]{3,160}?)\s+signed (?:the|a|an|two|both|for|on behalf)\b"
)
#: Words of institutions' names, never of a person's.
_EN_INSTITUTION = re.compile(
    r"Universit|College|Institute|School|Hochschule|Academy|Foundation|Stiftung|Centre|Center"
)
_EN_NOT_NAME = frozenset(
    ("on", "in", "at", "the", "this", "that", "a", "an", "and", "of", "for", "with", "during",
     "after", "before", "university", "college", "school", "institute", *MONTHS_EN, *WEEKDAYS_EN)
)  # fmt: skip


def _en_names(text: str) -> list[str]:
    """Personal names in "President Liu Hongbin and Professor Margaret Holloway, Deputy …"."""
    names = []
    for part in re.split(r"\band\b|;", text):
        run: list[str] = []
        for token in part.split(",")[0].split():
            clean = token.strip("()")
            lower = clean.lower()
            if lower in _EN_TITLE_WORDS or (clean.isupper() and len(clean) > 1 and not run):
                if run:
                    break
                continue
            if clean[:1].isupper() and lower not in _EN_NOT_NAME and not clean.isupper():
                run.append(clean)
            elif run:
                break
            else:
                run = []
        name = " ".join(run)
        if 2 <= len(run) <= 4 and not _EN_INSTITUTION.search(name):
            names.append(name)
    return names
