"""What a query means on one index view: its needs, each met by any of its alternatives.

Staff type a few words in one language and expect every report in both. Each word (or
quoted phrase, or partner name) becomes a *need*; a record matches when it meets every
need (see `kb.search.relaxation` for when it need not). A need is met by any of its
*alternatives*, each scored on its own and the best one counting:

- the words as typed (all of them; a quoted phrase or a hyphenated Latin word in order);
- a glossary concept's other forms, in both languages ("online meeting" also finds
  线上会议 and 视频会议), scored at EXPANSION_WEIGHT; a concept that names a topic is also
  met by the records tagged with the topic;
- for a partner's name, alias or short name ("BTBU", "谢菲尔德", "Monash"): the records
  tagged with the partner and those of the partner's own sites that name us
  (PARTNER_SCORE), and the partner's one-word names from the partners file in any
  language (not the short names derived from its name: "Shenzhen University" is not
  every page naming the city). A short name shared by two partners, or by a city, finds
  both, tagged ones first. The partner's own news of its cooperation with others is
  found too, below ours: on its site its name says who writes, so its words count
  OWN_SITE_WORDS there;
- for a person's Chinese name next to a title (赵启明副校长) or at either end of the
  query (赵启明): the name in pinyin, as English reports print it ("Zhao Qiming");
  Chinese reports carry it too (see kb.index.names), so an English query finds them;
- for a year ("2018"): the records published that year; for a span of years ("since
  2019", "2018年至2020年", "2020年之前"): the records published in any of them;
- for a country or region abroad that the glossary knows ("Japanese", 澳大利亚): its
  words, and the records tagged with the partners there; for a word meaning abroad in
  general (境外, "foreign"), the records of any partner abroad (ABROAD_SCORE), and for a
  word meaning a partner in general ("partner universities", 合作院校), those of any
  partner;
- for a Chinese university's short form that no record contains (墨大): the one partner
  whose name makes it, as its name would;
- for a Latin word that no record contains, its correction at edit distance 1 (2 for
  nine letters or more) towards the lexicon's and the index's words (see kb.search.typos).

A need's score is its best word alternative's, plus the bonus of every tag alternative the
record carries (PARTNER_SCORE, TOPIC_SCORE, YEAR_SCORE): a tagged record ranks above one
that only has the words. A query asking which way visits went ("which partners did we
visit", 来我校) adds DIRECTION_SCORE to the records of visits that went that way (see
kb.search.directions), without making it a need. A misspelt word of a partner's full name
makes the name ("Bussiness"), and the kind of answer a question asks for ("which
*partners*") is left out with the question words. Question words ("who", "哪些") and
the single Chinese characters segmentation leaves of a question ("去香港访问过哪些大学":
去, 过) are dropped, unless nothing else is left, and a query with no searchable word
means everything. Word scores are BM25 on `text` with a boost for `title`
(kb.search.terms).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import pairwise
from typing import NamedTuple

import numpy as np

from kb.core.text import has_cjk, to_simplified
from kb.enrich.visits import visit_tag
from kb.index.analysis import STOP_WORDS, analyze, normalize_word, split_word
from kb.index.names import Name, names_in
from kb.search import bits
from kb.search.directions import MOTION_WORDS, asked_direction
from kb.search.query import Clause, ParsedQuery, parse
from kb.search.terms import Term, term
from kb.search.typos import correction
from kb.search.view import IndexView
from kb.search.vocabulary import (
    ABROAD_PLACES,
    ANSWER_KIND_REACH,
    ANSWER_KINDS,
    ANY_PARTNER,
    ASKING_WORDS,
    QUESTION_WORDS,
    ConceptMatch,
    QueryVocabulary,
)

#: Score of a record tagged with a partner the query names: above what a passing mention's
#: words score in most texts (a partner named in another's report is no partner of it).
PARTNER_SCORE = 9.0
#: Added to a record meeting a need whose concept names a topic the record is tagged with.
TOPIC_SCORE = 1.0
#: Added to a record tagged with a partner abroad, for a word meaning abroad (境外, foreign).
ABROAD_SCORE = 1.0
#: On a partner's own site, a record that does not name us is its cooperation with others:
#: its name there says who writes, not whom with, so its words count this much and it gets
#: this bonus, ranking it below the records of our cooperation with the partner.
OWN_SITE_WORDS = 0.1
OWN_SITE_SCORE = 1.0
#: Score of a record published in a year the query names.
YEAR_SCORE = 1.0
#: A concept's other forms count this much of the words as typed.
EXPANSION_WEIGHT = 0.6
#: A corrected typo counts this much of a word as typed.
CORRECTION_WEIGHT = 0.9
#: Added to a record of a visit that went the way the query asks ("did we visit").
DIRECTION_SCORE = 5.0
#: Longest concept form looked for in the query, in words.
MAX_CONCEPT_WORDS = 6
_YEAR = re.compile(r"(19|20)\d\d")


class _Word(NamedTuple):
    """A plain query word: its analysed token, how it was typed ("" for the second and
    later parts of a hyphenated word), and the number of tokens it starts (a hyphenated
    word's parts; 0 inside one)."""

    token: str
    typed: str
    size: int = 1


@dataclass
class Alternative:
    """One way to meet a need: all `terms` (in order if `exact`), or a facet value."""

    terms: list[Term] = field(default_factory=list)
    exact: bool = False
    weight: float = 1.0
    tag: tuple[str, str] | None = None  # (facet, value): records carrying it meet the need
    bonus: float = 0.0  # what the tag scores
    #: what the need's words count on the records carrying the tag (OWN_SITE_WORDS)
    words: float = 1.0
    docs: int = 0  # the documents it meets (a phrase: at least those its need meets no other way)


@dataclass
class Need:
    """One thing the query asks for; `label` is how it was typed."""

    label: str
    alternatives: list[Alternative] = field(default_factory=list)
    docs: int = 0
    tagged: int = 0  # the documents meeting it through a tag

    @property
    def firm(self) -> int:
        """The documents that meet it beyond doubt: for a partner, its records (tagged, or
        of its own site); its name in another record's words may be a passing mention (a
        speaker's alma mater), which relaxing ranks with the records that lack it."""
        return self.tagged if self.partner else self.docs

    @property
    def known(self) -> bool:
        """Whether the lexicon knows what it is (a partner, a concept, a year): relaxing a
        query keeps such needs longest."""
        return len(self.alternatives) > 1

    @property
    def partner(self) -> bool:
        """Whether it names a partner: what staff ask about above all ("what did we agree
        with BTBU about training"), so relaxing keeps it to the last."""
        return self._tagged("partner")

    @property
    def dated(self) -> bool:
        """Whether it names a year: when the question is asked of ("agreements signed in
        2023"), which relaxing keeps over what it is asked about."""
        return self._tagged("year")

    def _tagged(self, facet: str) -> bool:
        return any(a.tag is not None and a.tag[0] == facet for a in self.alternatives)

    @property
    def simple(self) -> bool:
        """Met by its words as typed and nothing else (the fast ranking applies)."""
        return len(self.alternatives) == 1 and self.alternatives[0].tag is None


@dataclass
class Plan:
    """What a query means on one view."""

    needs: list[Need] = field(default_factory=list)
    excluded: int = 0  # records the query excludes (-word, NOT word)
    highlight: set[str] = field(default_factory=set)  # analysed terms to mark in snippets
    partners: list[str] = field(default_factory=list)  # partners the query names
    corrections: dict[str, str] = field(default_factory=dict)  # typed word -> corrected
    boosts: list[Alternative] = field(default_factory=list)  # tags that only add a bonus

    @property
    def scored(self) -> bool:
        """Whether anything in the query can rank documents (else: newest first)."""
        return bool(self.needs)

    @property
    def terms(self) -> list[Term]:
        """Every scoring term of every need, without duplicates."""
        seen: dict[str, Term] = {}
        for need in self.needs:
            for alternative in need.alternatives:
                for t in alternative.terms:
                    seen.setdefault(t.text, t)
        return list(seen.values())

    @property
    def simple(self) -> bool:
        return not self.boosts and all(need.simple for need in self.needs)


def plan_query(
    view: IndexView, parsed: ParsedQuery, vocabulary: QueryVocabulary, *, literal: bool = False
) -> Plan:
    """Resolve a parsed query against a view; `literal`: the words as typed only."""
    planner = _Planner(view, vocabulary, literal)
    if not literal:
        parsed = planner.misspelt_name(parsed)
    plan = Plan()
    words: list[_Word] = []  # a run of plain words
    for group in parsed.groups:
        clause = group[0]
        if len(group) == 1 and not clause.phrase and not clause.partners and not literal:
            clause = planner.named(clause)
        if len(group) == 1 and not clause.phrase and not clause.partners:
            tokens = planner.tokens(clause.text)
            if not tokens and not literal and clause.text.lower() in ASKING_WORDS:  # "which"
                words.append(_Word(clause.text.lower(), clause.text))
            elif len(tokens) > 1 and not has_cjk(clause.text):  # "co-operation": in order
                words += [_Word(tokens[0], clause.text, len(tokens))]
                words += [_Word(token, "", 0) for token in tokens[1:]]
            else:
                typed = clause.text if len(tokens) == 1 else None
                words += [_Word(token, typed or token) for token in tokens]
            continue
        plan.needs += planner.word_needs(words)
        words = []
        plan.needs.append(planner.group_need((clause, *group[1:])))
    plan.needs += planner.word_needs(words)
    if not plan.needs:  # only question words: take them as they are
        plan.needs = [
            planner.word_need(token, typed)
            for token, typed in planner.questions
            if token not in STOP_WORDS
        ]
    for clause in parsed.excluded:
        for alternative in planner.clause_alternatives(clause):
            plan.excluded |= planner.docs(alternative)
    plan.needs = [need for need in plan.needs if need.alternatives]
    if not literal:
        _ask_direction(plan, parsed, vocabulary)
    for need in plan.needs:
        # Phrases last: their positions are read only for documents no other way of
        # meeting the need has brought in.
        for alternative in sorted(need.alternatives, key=_is_phrase):
            alternative.docs = planner.docs(alternative, known=need.docs)
            need.docs |= alternative.docs
            if alternative.tag is not None:
                need.tagged |= alternative.docs
        for alternative in need.alternatives:
            plan.highlight.update(t.text for t in alternative.terms)
            if alternative.tag and alternative.tag[0] == "partner":
                plan.partners.append(alternative.tag[1])
    plan.partners = list(dict.fromkeys(plan.partners))
    plan.corrections = planner.corrections
    return plan


def _ask_direction(plan: Plan, parsed: ParsedQuery, vocabulary: QueryVocabulary) -> None:
    """A query asking which way visits went ("which partners did we visit", "来我校"):
    the visits that went that way rank first, and meet its words of motion ("visit",
    "come", 代表团, 来我校访问) whatever words they use."""
    way = asked_direction(" ".join(c.text for group in parsed.groups for c in group))
    if way is None or vocabulary.home is None:
        return
    tag = ("visit", visit_tag(way, vocabulary.home))
    plan.boosts.append(Alternative(tag=tag, bonus=DIRECTION_SCORE))
    for need in plan.needs:
        if need.label.lower() in MOTION_WORDS or asked_direction(need.label) == way:
            need.alternatives.append(Alternative(tag=tag))


#: The tag of records with a partner of a group (abroad, any): not a facet of the index,
#: but a set the planner makes from the partner facet (see `_Planner.partners`).
PARTNERS = "partners"
#: The tag of the records of a partner's own sites that name us ("<partner>" as value) or
#: do not ("-<partner>"): sets the planner makes from the source and partner facets.
OWN_SITE = "own-site"


class _Planner:
    def __init__(self, view: IndexView, vocabulary: QueryVocabulary, literal: bool) -> None:
        self.view = view
        self.vocabulary = vocabulary
        self.literal = literal
        self.concepts = {} if literal else vocabulary.concepts(view.segmenter)
        self.corrections: dict[str, str] = {}
        self.questions: list[tuple[str, str]] = []  # question words left out
        self.reach = 0  # words after "which"/"哪些" that may still name the kind of answer

    def misspelt_name(self, parsed: ParsedQuery) -> ParsedQuery:
        """The query read again with its unknown Latin words corrected, when that makes a
        partner's name ("Beijing Technology and Bussiness University"): the name then
        finds the partner's records in both languages, as typed right it would. Only words
        and names are read again (no OR, quotes or exclusions); a name found among the
        words as typed ("Beijing") is read again as part of the longer one."""
        if parsed.excluded or any(
            len(group) > 1 or (group[0].phrase and not group[0].partners) for group in parsed.groups
        ):
            return parsed
        words = [group[0].text for group in parsed.groups]
        fixed = {}
        for word in words:
            tokens = self.tokens(word)
            if word.isascii() and len(tokens) == 1 and not self.term(tokens[0]).docs:
                corrected = correction(self.view, self.vocabulary, word, in_a_name=True)
                if corrected is not None:
                    fixed[word] = corrected
        if not fixed:
            return parsed
        again = parse(" ".join(fixed.get(word, word) for word in words), self.vocabulary.aliases)
        if not _names_made(again, set(fixed.values())):  # "decent" beside "ILO" makes none
            return parsed
        self.corrections.update(fixed)
        return again

    def named(self, clause: Clause) -> Clause:
        """A Chinese run that is a partner's name but for a typo (康耐尔大学), as that name."""
        if not has_cjk(clause.text):
            return clause
        fixed = correction(self.view, self.vocabulary, clause.text)
        found = self.vocabulary.aliases.find(fixed) if fixed else []
        if fixed is None or len(found) != 1 or found[0][:2] != (0, len(fixed)):
            return clause
        self.corrections[clause.text] = fixed
        return Clause(clause.text, phrase=True, partners=found[0][2])

    def tokens(self, text: str) -> list[str]:
        """The analysed words of `text`; two single Chinese characters the segmenter cut
        apart in a query ("协议是线上签署的": 是线|上) are one word where the index holds
        them as one (线上)."""
        tokens = [t.text for t in analyze(text, self.view.segmenter)]
        merged: list[str] = []
        for token in tokens:
            if merged and _is_particle(merged[-1]) and _is_particle(token):
                joined = merged[-1] + token
                if len(self.term(joined).docs) or (joined,) in self.concepts:
                    merged[-1] = joined
                    continue
            merged.append(token)
        return merged

    def chinese(self, tokens: list[str] | tuple[str, ...], weight: float) -> list[Alternative]:
        """Chinese words as cut, in order; and, where a long word splits into parts the
        index holds (文化交流 -> 文化 交流), those parts in order, for text that cut the
        word differently in context."""
        alternatives = [Alternative([self.term(t) for t in tokens], exact=True, weight=weight)]
        split = [part for token in tokens for part in (split_word(token) or [token])]
        if split != list(tokens):
            alternatives.append(
                Alternative([self.term(t) for t in split], exact=True, weight=weight)
            )
        return alternatives

    def term(self, text: str) -> Term:
        return term(self.view, text)

    # -- needs ---------------------------------------------------------------------------

    def typed(self, label: str, tokens: list[str], *, exact: bool) -> Need:
        """A need met by its tokens as typed, only."""
        return Need(label, [Alternative([self.term(t) for t in tokens], exact=exact)])

    def word_needs(self, words: list[_Word]) -> list[Need]:
        """Needs of a run of plain words: concepts spanning several words first (longest
        first; a hyphenated word is never cut: "government-funded study abroad" is one
        concept's form), then one need per remaining word, a hyphenated one's parts in
        order; question words and particles left out."""
        needs: list[Need] = []
        run = [word.token for word in words]
        names = {} if self.literal else {n.start: n for n in names_in(run, edges=True)}
        i = 0
        while i < len(words):
            if i in names:
                needs.append(self.name_need(words[i : i + names[i].size], names[i]))
                i += names[i].size
                continue
            if self.asks_for(words[i]):
                self.questions.append(words[i][:2])
                i += 1
                continue
            span = _years_span([word.token for word in words], i)
            if span is not None and not self.literal:
                length, first, last = span
                spelt = [word.typed for word in words[i : i + length] if word.typed]
                needs.append(self.years_need(_joined(spelt), first, last))
                i += length
                continue
            for length in range(min(MAX_CONCEPT_WORDS, len(words) - i), 0, -1):
                tokens = tuple(word.token for word in words[i : i + length])
                concept = self.concepts.get(tokens)
                whole = words[i].size and (i + length == len(words) or words[i + length].size)
                if concept and whole and not (length == 1 and tokens[0] in QUESTION_WORDS):
                    label = _joined([word.typed for word in words[i : i + length] if word.typed])
                    needs.append(self.concept_need(label, list(tokens), concept))
                    i += length
                    break
            else:
                token, typed, size = words[i]
                if size > 1:
                    parts = [word.token for word in words[i : i + size]]
                    needs.append(self.typed(typed, parts, exact=True))
                    i += size
                    continue
                if self.literal or not (token in QUESTION_WORDS or _is_particle(token)):
                    needs.append(self.word_need(token, typed))
                else:
                    self.questions.append((token, typed))
                i += 1
        return needs

    def asks_for(self, word: _Word) -> bool:
        """Whether `word` names the kind of answer a question asks for ("which
        *partners* did we visit"), counting the words since the question word."""
        if self.literal:
            return False
        if word.token in ASKING_WORDS:
            self.reach = ANSWER_KIND_REACH + 1
        elif self.reach:
            self.reach -= 1
            return word.size == 1 and word.token in ANSWER_KINDS
        return False

    def word_need(self, token: str, typed: str) -> Need:
        """One word: as typed, a year's records, or its correction when no record has it."""
        if self.literal:
            return self.typed(typed, [token], exact=False)
        need = Need(typed, self.chinese([token], 1.0) if has_cjk(token) else [])
        if not need.alternatives:
            need.alternatives.append(Alternative([self.term(token)]))
        if _YEAR.fullmatch(token):
            need.alternatives.append(Alternative(tag=("year", token), bonus=YEAR_SCORE))
        elif not self.term(token).docs and token in self.vocabulary.contracted:
            need.alternatives += self.partner_alternatives((self.vocabulary.contracted[token],))
        elif not self.term(token).docs:  # a typo, perhaps
            fixed = correction(self.view, self.vocabulary, typed)
            if fixed is not None:
                self.corrections[typed] = fixed
                tokens = self.tokens(fixed)
                concept = self.concepts.get(tuple(tokens))
                fixed_need = (
                    self.concept_need(typed, tokens, concept)
                    if concept
                    else self.typed(typed, tokens, exact=False)
                )
                for alternative in fixed_need.alternatives:
                    alternative.weight *= CORRECTION_WEIGHT
                need.alternatives += fixed_need.alternatives
                named = next((ids for _, _, ids in self.vocabulary.aliases.find(fixed)), ())
                need.alternatives += self.partner_alternatives(named)
        return need

    def name_need(self, words: list[_Word], name: Name) -> Need:
        """A person's Chinese name (赵启明副校长): as typed, or in pinyin as English
        reports print it, in either order ("Zhao Qiming", "Qiming Zhao")."""
        tokens = [word.token for word in words]
        need = Need(_joined([word.typed for word in words]), self.chinese(tokens, 1.0))
        spelt = [self.term(normalize_word(part)) for part in (name.surname, name.given)]
        need.alternatives.append(Alternative(spelt))
        return need

    def years_need(self, label: str, first: int | None, last: int | None) -> Need:
        """A span of years ("since 2019", "2018年至2020年"): the records of any of them;
        an open end stops at the view's first or last year of publication."""
        dates = self.view.dates
        low = first if first is not None else int(dates[0][:4]) if dates else 0
        high = last if last is not None else int(dates[-1][:4]) if dates else -1
        return Need(
            label,
            [
                Alternative(tag=("year", str(year)), bonus=YEAR_SCORE)
                for year in range(low, min(high, low + MAX_SPAN_YEARS) + 1)
            ],
        )

    def concept_need(self, label: str, tokens: list[str], concept: ConceptMatch) -> Need:
        """Words that are a glossary concept's form: as typed, or as any other form."""
        tokens = list(tokens)
        need = Need(label, self.form(tokens, 1.0))
        for form in concept.forms:
            if list(form) != tokens:
                need.alternatives += self.form(form, EXPANSION_WEIGHT)
        if concept.topic is not None:
            need.alternatives.append(Alternative(tag=("topic", concept.topic), bonus=TOPIC_SCORE))
        tagged = self.view.facets["partner"]
        there = [partner for partner in concept.partners if len(tagged.docnums(partner))]
        need.alternatives += self.partner_alternatives(there, names=False)
        said = to_simplified(label).lower()
        if said in ABROAD_PLACES:
            need.alternatives.append(Alternative(tag=(PARTNERS, "abroad"), bonus=ABROAD_SCORE))
        elif said in ANY_PARTNER:  # met by any partner's record, scored by its words only
            need.alternatives.append(Alternative(tag=(PARTNERS, "any")))
        return need

    def form(self, tokens: list[str] | tuple[str, ...], weight: float) -> list[Alternative]:
        """A concept's form, its words in order: together they mean the concept, apart
        they need not ("student exchange", 学生交流)."""
        if any(has_cjk(t) for t in tokens):
            return self.chinese(tokens, weight)
        return [Alternative([self.term(t) for t in tokens], exact=len(tokens) > 1, weight=weight)]

    def group_need(self, group: tuple[Clause, ...]) -> Need:
        """A phrase, a partner's name, or terms joined by OR: any of their alternatives."""
        need = Need(" OR ".join(clause.text for clause in group))
        for clause in group:
            need.alternatives += self.clause_alternatives(clause)
        return need

    def clause_alternatives(self, clause: Clause) -> list[Alternative]:
        """How one clause can be met (also for exclusions)."""
        tokens = self.tokens(clause.text)
        exact = clause.phrase or not has_cjk(clause.text)
        alternatives = []
        if tokens and clause.text not in self.vocabulary.blocked:
            alternatives.append(Alternative([self.term(t) for t in tokens], exact=exact))
        return alternatives + self.partner_alternatives(clause.partners)

    def partner_alternatives(
        self, partners: Iterable[str], *, names: bool = True
    ) -> list[Alternative]:
        """Records tagged with a partner or on its own site, and (`names`) its one-word
        names anywhere (a Chinese name the segmenter keeps whole, an abbreviation); longer
        names are left to the tag."""
        alternatives = []
        home = self.vocabulary.home
        for partner in partners:
            alternatives.append(Alternative(tag=("partner", partner), bonus=PARTNER_SCORE))
            if self.vocabulary.sources_of.get(partner):  # its own sites: as tagged when
                # they name us, below that when they report its cooperation with others
                alternatives.append(Alternative(tag=(OWN_SITE, partner), bonus=PARTNER_SCORE))
                if home is not None and partner != home:
                    others = Alternative(
                        tag=(OWN_SITE, f"-{partner}"), bonus=OWN_SITE_SCORE, words=OWN_SITE_WORDS
                    )
                    alternatives.append(others)
            for form in self.vocabulary.partner_forms.get(partner, ()) if names else ():
                tokens = self.tokens(form)
                if len(tokens) == 1 and form not in self.vocabulary.blocked:
                    alternatives.append(Alternative([self.term(tokens[0])]))
        return alternatives

    # -- documents -----------------------------------------------------------------------

    def docs(self, alternative: Alternative, known: int = 0) -> int:
        """The documents meeting an alternative, those in `known` (met otherwise already)
        left out or not, as is cheaper."""
        if alternative.tag is not None:
            facet, value = alternative.tag
            if facet == PARTNERS:
                return self.partners(value)
            if facet == OWN_SITE:
                return self.own_site(value)
            return self.view.facets[facet].select([value])
        if not alternative.terms:
            return 0
        found = alternative.terms[0].set
        for t in alternative.terms[1:]:
            found &= t.set
        if _is_phrase(alternative) and found:
            texts = tuple(t.text for t in alternative.terms)
            return self.phrase_among(texts, found & ~known)
        return found

    def partners(self, group: str) -> int:
        """The records tagged with any partner of a group, "abroad" or "any", cached per
        view. Made from the partners' document lists in one pass: OR-ing the cached set of
        each partner kept hundreds of sets of the view's size for one query word."""
        partners = self.vocabulary.abroad if group == "abroad" else self.vocabulary.every_partner
        tagged = self.view.facets["partner"]

        def union() -> int:
            docs = [tagged.docnums(partner) for partner in partners]
            found = np.unique(np.concatenate(docs)) if docs else np.zeros(0, np.uint32)
            return bits.from_docnums(found, self.view.size)

        return self.view.sets.get_or_make((PARTNERS, group), union)

    def own_site(self, value: str) -> int:
        """The records of a partner's own sites: all of them, or (value "<partner>" with a
        home) those naming us, or (value "-<partner>") those that do not; cached per view."""
        partner = value.removeprefix("-")
        home = self.vocabulary.home

        def select() -> int:
            sources = self.vocabulary.sources_of.get(partner, ())
            found = self.view.facets["source"].select(sources)
            if home is None or partner == home:
                return found
            ours = self.view.facets["partner"].select([home])
            return found & ~ours if value.startswith("-") else found & ours

        return self.view.sets.get_or_make((OWN_SITE, value), select)

    def phrase_among(self, tokens: tuple[str, ...], candidates: int) -> int:
        """The `candidates` holding the phrase. The view remembers, per phrase, which
        documents were checked and which held it, so a document is checked once."""
        key = ("phrase", tokens)
        checked, held = self.view.phrases.get(key) or (0, 0)
        unchecked = candidates & ~checked
        if unchecked:
            checked, held = checked | unchecked, held | self.phrase(tokens, unchecked)
            self.view.phrases.put(key, (checked, held))
        return held & candidates

    def phrase(self, tokens: tuple[str, ...], candidates: int) -> int:
        """The candidates in which `tokens` occur consecutively.

        Where a segment lists two common words as a pair, their documents come from the
        list; the others are read from positions.

        Each occurrence becomes one integer, (docnum << 32) + position - index in the
        phrase, so all documents are checked with array intersections in numpy: a
        phrase occurs where every token yields the same integer.
        """
        view = self.view
        candidates &= view.live
        # Rarest tokens first: after two tokens, later ones are read only where both met.
        order = sorted(range(len(tokens)), key=lambda i: len(self.term(tokens[i]).docs))
        found = 0
        for segment in view.segments:
            size, offset = segment.size, segment.offset
            local = (candidates >> offset) & bits.full(size)
            if not local:
                continue
            wanted = bits.members(local, size)
            # Pairs of common words are listed with the segment (kb.index.format.pairs):
            # they narrow the documents to read, and a listed pair is the whole answer.
            paired = [segment.pair_docs(a, b) for a, b in pairwise(tokens)]
            for docs in paired:
                if docs is not None:
                    wanted = _common(wanted, docs.astype(wanted.dtype))
            if (len(paired) == 1 and paired[0] is not None) or not len(wanted):
                found |= bits.from_docnums(wanted, size) << offset
                continue
            starts: np.ndarray | None = None
            for step, i in enumerate(order):
                docs, positions = segment.positions("phrase", tokens[i], wanted)
                keyed = (docs << 32) + positions - i  # ascending, as docs and positions are
                starts = keyed if starts is None else _common(starts, keyed)
                if step:
                    starting = starts >> 32
                    wanted = starting[np.diff(starting, prepend=-1) != 0]
                    if not len(wanted):
                        break
            found |= bits.from_docnums(wanted, size) << offset
        return found


#: Words that open a span of years before the year, as analysed ("since", "after",
#: "before", "until") and the years they leave out of it (after 2018: from 2019).
_SPAN_BEFORE = {"sinc": (0, None), "after": (1, None), "befor": (None, -1), "until": (None, 0)}
#: Words after a year that open or close a span (2019年以来, 2020年之前).
_SPAN_AFTER = {
    "以来": (0, None), "以后": (0, None), "之后": (0, None), "至今": (0, None), "起": (0, None),
    "以前": (None, -1), "之前": (None, -1),
}  # fmt: skip
#: Words between the two years of a span (2018年至2020年, 2018到2020年).
_SPAN_JOINS = frozenset(("至", "到", "年"))
#: The longest span a query's years are read as (an open end meets the index's years).
MAX_SPAN_YEARS = 60


def _years_span(tokens: list[str], i: int) -> tuple[int, int | None, int | None] | None:
    """A span of years starting at tokens[i]: how many tokens it takes, and its first and
    last year (None: open). Two years in a row are a span ("from 2018 to 2020", whose
    "from" and "to" are stop words; "2018-2020"); so is a year with a word opening or
    closing it. A year alone is no span (it is a year need)."""

    def year(at: int) -> int | None:
        return int(tokens[at]) if at < len(tokens) and _YEAR.fullmatch(tokens[at]) else None

    def skip(at: int) -> int:
        while at < len(tokens) and tokens[at] in _SPAN_JOINS:
            at += 1
        return at

    if tokens[i] in _SPAN_BEFORE and (found := year(i + 1)) is not None:
        start, end = _SPAN_BEFORE[tokens[i]]
        return 2, *_shifted(found, start, end)
    first = year(i)
    if first is None:
        return None
    after = skip(i + 1)
    second = year(after)
    if second is not None and second > first:
        return skip(after + 1) - i, first, second
    if after < len(tokens) and tokens[after] in _SPAN_AFTER:
        start, end = _SPAN_AFTER[tokens[after]]
        return after + 1 - i, *_shifted(first, start, end)
    return None


def _shifted(year: int, start: int | None, end: int | None) -> tuple[int | None, int | None]:
    return (
        None if start is None else year + start,
        None if end is None else year + end,
    )


def _names_made(parsed: ParsedQuery, corrected: set[str]) -> bool:
    """Whether a corrected word is part of a partner's name the parsed query holds."""
    return any(
        clause.partners and corrected & set(clause.text.split())
        for group in parsed.groups
        for clause in group
    )


def _joined(words: list[str]) -> str:
    """Words as staff typed them: Chinese without spaces (线上签署), Latin with."""
    return ("" if any(map(has_cjk, words)) else " ").join(words)


def _is_phrase(alternative: Alternative) -> bool:
    """Whether an alternative's words must be read in order (from positions)."""
    return alternative.exact and len(alternative.terms) > 1


#: Above this ratio of lengths, binary searches from the shorter array beat a merge.
_SEARCH_RATIO = 8


def _common(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The values in both of two ascending arrays without repeats.

    Binary searches cost the shorter length times the log of the longer, and each step
    misses the cache on arrays of millions; when the lengths are alike, one merge (a
    stable sort of the two runs, which timsort does in one linear pass) is about twice
    as fast: what a phrase of common words needs at a million records.
    """
    if not len(first) or not len(second):
        return first[:0]
    short, long = (first, second) if len(first) <= len(second) else (second, first)
    common: np.ndarray
    if len(long) > _SEARCH_RATIO * len(short):
        at = np.minimum(np.searchsorted(long, short), len(long) - 1)
        common = short[long[at] == short]
    else:
        merged = np.concatenate((first, second))
        merged.sort(kind="stable")
        common = merged[:-1][merged[1:] == merged[:-1]]
    return common


def _is_particle(token: str) -> bool:
    """A single Chinese character standing alone after segmentation: a particle or a verb
    of motion (过, 了, 去, 来) far more often than what a question is about. Names and
    glossary forms, which carry the meaning, are never one character."""
    return len(token) == 1 and has_cjk(token)
