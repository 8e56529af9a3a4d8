"""Cross-record derivations: a source's chrome, and the reports of one event."""

from __future__ import annotations

from datetime import date

from kb.link import chrome, events

SIGNATURE = "（国际交流与合作处 港澳台事务办公室）"
BYLINE = (
    "Contributed by the International Exchange and Cooperation Office (Hong Kong, Macao and "
    "Taiwan Affairs Office) | Editor: {editor}"
)


def bodies() -> list[str]:
    """Ten pages of one source: a signature on eight, a byline on every English one."""
    pages = [f"第{n}篇报道的正文，内容各不相同，编号{n}。\n{SIGNATURE}" for n in range(8)]
    pages += [
        f"An English report number {n}.\n" + BYLINE.format(editor=f"Li {n}") for n in range(2)
    ]
    return pages


def test_lines_repeated_on_many_pages_of_a_source_are_chrome() -> None:
    found = chrome.detect(bodies())
    assert "国际交流与合作处" in found and "港澳台事务办公室" in found
    # Two of ten pages carry the byline: 20 %, and at least three pages are needed.
    assert not any("contributed by" in segment for segment in found)
    assert not any("正文" in segment for segment in found)  # the texts differ


def test_a_byline_on_every_page_is_chrome_though_its_editor_changes() -> None:
    pages = [f"Report {n} on cooperation.\n" + BYLINE.format(editor=f"Li {n}") for n in range(6)]
    found = chrome.detect(pages)
    stripped = chrome.strip(pages[0], found)
    assert stripped.startswith("Report 0 on cooperation.")
    assert "Hong Kong" not in stripped
    assert "Editor: Li 0" in stripped  # each editor appears once: not chrome


def test_stripping_keeps_the_text_and_drops_emptied_lines() -> None:
    found = chrome.detect(bodies())
    assert chrome.strip(bodies()[0], found) == "第0篇报道的正文，内容各不相同，编号0。"
    assert chrome.strip("正文", frozenset()) == "正文"


def test_too_few_pages_show_no_chrome() -> None:
    assert chrome.detect(bodies()[:2]) == frozenset()


def report(
    rid: str, source: str, lang: str, owner: str, partners: set[str], **days: str
) -> events.Report:
    return events.Report(
        id=rid,
        source=source,
        lang=lang,
        owner=owner,
        partners=frozenset(partners),
        topics=frozenset(days.pop("topics", "").split()),
        published=date.fromisoformat(days["published"]),
        event_date=date.fromisoformat(days["event"]) if "event" in days else None,
        event_end=date.fromisoformat(days["end"]) if "end" in days else None,
    )


def test_translations_and_the_partners_report_are_one_event() -> None:
    found = events.link(
        [
            report("zh", "ic", "zh", "culr", {"btbu"}, published="2021-07-20", event="2021-07-18"),
            report(
                "en", "news", "en", "culr", {"btbu"}, published="2021-07-22", event="2021-07-18"
            ),
            report(
                "theirs", "btbu", "zh", "btbu", {"culr"}, published="2021-07-19", event="2021-07-18"
            ),
        ]
    )
    assert found == {"zh": "en", "en": "en", "theirs": "en"}


def test_two_events_with_one_partner_in_a_week_stay_apart() -> None:
    found = events.link(
        [
            report(
                "visit-zh", "ic", "zh", "culr", {"btbu"}, published="2023-09-19", event="2023-09-18"
            ),
            report(
                "visit-en",
                "news",
                "en",
                "culr",
                {"btbu"},
                published="2023-09-20",
                event="2023-09-18",
            ),
            report(
                "call-zh", "ic", "zh", "culr", {"btbu"}, published="2023-09-22", event="2023-09-21"
            ),
            report(
                "call-en",
                "news",
                "en",
                "culr",
                {"btbu"},
                published="2023-09-23",
                event="2023-09-21",
            ),
        ]
    )
    assert found == {
        "visit-zh": "visit-en",
        "visit-en": "visit-en",
        "call-zh": "call-en",
        "call-en": "call-en",
    }


def test_overlapping_days_link_and_reports_on_one_site_do_not() -> None:
    found = events.link(
        [
            report(
                "a",
                "ic",
                "zh",
                "culr",
                {"ilo"},
                published="2018-10-15",
                event="2018-10-11",
                end="2018-10-12",
            ),
            report("b", "news", "en", "culr", {"ilo"}, published="2018-10-16", event="2018-10-12"),
            # Same site, same language: another article, not another report of the event.
            report("c", "ic", "zh", "culr", {"ilo"}, published="2018-10-14", event="2018-10-11"),
        ]
    )
    assert found.get("a") == found.get("b") == "a"
    assert "c" not in found


def test_undated_reports_link_only_when_published_close_together() -> None:
    close = events.link(
        [
            report("x", "ic", "zh", "culr", {"monash"}, published="2020-06-25"),
            report("y", "news", "en", "culr", {"monash"}, published="2020-06-28"),
        ]
    )
    assert close == {"x": "x", "y": "x"}
    far = events.link(
        [
            report("x", "ic", "zh", "culr", {"monash"}, published="2020-06-25"),
            report("y", "news", "en", "culr", {"monash"}, published="2020-07-20"),
        ]
    )
    assert far == {}


def test_the_universitys_own_event_needs_its_days_and_a_topic() -> None:
    own = events.link(
        [
            report(
                "zh",
                "ic",
                "zh",
                "culr",
                set(),
                published="2022-09-20",
                event="2022-09-16",
                topics="foreign_students",
            ),
            report(
                "en",
                "news",
                "en",
                "culr",
                set(),
                published="2022-09-22",
                event="2022-09-16",
                topics="foreign_students",
            ),
            report(
                "sport",
                "news",
                "en",
                "culr",
                set(),
                published="2022-09-17",
                event="2022-09-16",
                topics="",
            ),
        ]
    )
    assert own == {"zh": "en", "en": "en"}
