"""The passing model: the words it reads, its training, and how the enricher uses it."""

from __future__ import annotations

import pytest

from kb.enrich import Enricher
from kb.enrich.partners import Mention
from kb.enrich.passing import PassingModel, features, lone_mentions, train, words


@pytest.fixture(scope="module")
def enricher() -> Enricher:
    return Enricher.from_files(None, None)


def test_words_are_latin_words_and_pairs_of_chinese_characters() -> None:
    assert words("Alumni working AT the") == ["alumni", "working", "at", "the"]
    assert words("曾任教授") == ["曾任", "任教", "教授"]
    # traditional characters read as simplified, and a pair never spans a Latin word
    assert words("畢業於MIT後") == ["毕业", "业于", "mit"]


def test_features_read_the_sentence_and_each_side_of_the_name() -> None:
    """The words around the name, not the name's own, and the visit's way (here none)."""
    text = "Talks went well. She studied at Ghent University in 2001. Next."
    start = text.index("Ghent")
    assert features(text, (start, start + len("Ghent University")), "university", True) == [
        "L:she",
        "L:studied",
        "L:at",
        "visit:None",
        "R:in",
        "S:she",
        "S:studied",
        "S:at",
        "S:in",
        "type:university",
        "publisher:True",
        "bias",
    ]


def test_lone_mentions_are_named_once_after_the_title_and_stand() -> None:
    mentions = [
        Mention("a", 2, 6, "A", False),  # in the title (it ends at 10)
        Mention("b", 12, 16, "B", False),
        Mention("c", 20, 24, "C", False),
        Mention("c", 30, 34, "C", False),  # named twice
        Mention("d", 40, 44, "D", False, stands=False),  # part of a longer name
        Mention("e", 50, 54, "E", False),
        Mention("e", 60, 64, "E", False, stands=False),
    ]
    assert {p: m.start for p, m in lone_mentions(mentions, title_end=10).items()} == {
        "b": 12,
        "e": 50,
    }


def test_training_learns_which_words_mark_a_mention_in_passing() -> None:
    examples = [(["S:曾任", "S:教授", "bias"], False), (["S:签署", "S:协议", "bias"], True)] * 20
    examples += [(["S:曾任", "S:协议", "bias"], False), (["S:教授", "S:签署", "bias"], True)] * 5
    weights = train(examples)
    assert weights == train(examples)  # deterministic, so the bundled model can be checked
    model = PassingModel(weights)
    assert model.probability(["S:曾任", "bias"]) < 0.1 < 0.9 < model.probability(["S:签署", "bias"])
    assert model.in_passing(["S:曾任", "bias"]) and not model.in_passing(["S:签署", "bias"])
    assert PassingModel(weights).digest == model.digest != PassingModel({}).digest


def test_a_partner_named_once_in_passing_is_dropped(enricher: Enricher) -> None:
    """No rule reads a visitor's family; the model reads the sentence as about someone."""
    body = (
        "A delegation from the University of Manchester visited our university on 3 November "
        "and signed a student exchange agreement. The Vice-President of Manchester said she "
        "looked forward to joint work. Her husband is a historian at the University of "
        "Cambridge."
    )
    got = enricher.enrich(
        title="Manchester delegation visits",
        body=body,
        lang="en",
        published="2025-11-05",
        owner=None,
    )
    assert [p.id for p in got.partners] == ["manchester"]
    without = Enricher.from_files(None, None, passing=PassingModel({}))
    got = without.enrich(
        title="Manchester delegation visits", body=body, lang="en", published=None, owner=None
    )
    assert [p.id for p in got.partners] == ["manchester", "cambridge"]


def test_a_partner_named_once_as_a_counterpart_is_kept(enricher: Enricher) -> None:
    body = (
        "11月3日，我校举办材料科学国际研讨会。来自英国曼彻斯特大学、德国亚琛工业大学的学者作"
        "大会报告。曼彻斯特大学是英国规模最大的大学之一，其校友中有多位在剑桥大学执教。"
    )
    got = enricher.enrich(
        title="我校举办国际学术研讨会", body=body, lang="zh", published="2025-11-05", owner=None
    )
    assert [p.id for p in got.partners] == ["manchester", "rwth"]


def test_the_model_decides_only_for_partners_named_once_after_the_title(
    enricher: Enricher,
) -> None:
    """A model that reads every mention of "visited" as passing drops a partner the body
    names once, never one the title names or the body names again."""
    model = PassingModel({"S:visited": -10.0})
    strict = Enricher.from_files(None, None, passing=model)

    def partners(title: str, body: str) -> list[str]:
        got = strict.enrich(title=title, body=body, lang="en", published=None, owner=None)
        return [p.id for p in got.partners]

    once = "A delegation of Ghent University visited our university and signed an agreement."
    assert partners("Agreement signed", once) == []
    assert partners("Ghent University delegation", once) == ["ghent"]
    twice = once + " Ghent University will host our students next year."
    assert partners("Agreement signed", twice) == ["ghent"]


def test_the_words_before_the_name_are_read_with_the_visits_way() -> None:
    """A hosted visitor's other stop (此后前往…) is our own delegation's next one too: the
    words before the name are read once alone and once with the page's way."""
    text = "代表团此后前往伦敦，访问伦敦大学学院。"
    start = text.index("伦敦大学学院")
    span = (start, start + 6)
    got = features(text, span, "university", True, "out")
    assert {"L:访问", "out|L:访问", "visit:out"} <= set(got)
    assert not any(word.startswith(("in|", "out|")) for word in features(text, span, "", True))


def test_the_model_reads_unknown_institutions_named_once_as_well() -> None:
    """How a name is given does not depend on whether the partners file knows it: a
    candidate given once after the title in a sentence read as passing is no candidate."""
    model = PassingModel({"S:visited": -10.0})
    strict = Enricher.from_files(None, None, passing=model)
    lead = "A delegation of Ghent University signed an agreement with our university. "
    once = "Its rector visited the Tallinn University of Technology last year."
    again = " The Tallinn University of Technology will host our students."

    def candidates(title: str, body: str) -> list[str]:
        got = strict.enrich(title=title, body=body, lang="en", published=None, owner=None)
        return got.candidates

    assert candidates("Agreement signed", lead + once) == []
    tallinn = ["Tallinn University of Technology"]
    assert candidates("Tallinn University of Technology delegation", lead + once) == tallinn
    assert candidates("Agreement signed", lead + once + again) == tallinn


def test_an_unknown_institution_in_passing_is_no_candidate(enricher: Enricher) -> None:
    body = (
        "A delegation from the University of Manchester visited our university and signed a "
        "student exchange agreement. Her husband is a historian at the Tallinn University of "
        "Technology."
    )
    got = enricher.enrich(
        title="Delegation visits", body=body, lang="en", published=None, owner=None
    )
    assert got.candidates == []
