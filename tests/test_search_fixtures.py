"""Hand-written records and partner aliases shared by the index and search tests.

No tests here: expected values in the tests are worked out by hand from these records.
"""

from __future__ import annotations

import random
from pathlib import Path

from conftest import lexicon_of

from kb.core.record import PartnerRef, Record
from kb.index import IndexManager
from kb.search.engine import SearchEngine

ALIASES = {
    "Beijing Technology and Business University": "btbu",
    "北京工商大学": "btbu",
    "BTBU": "btbu",
    "北工商": "btbu",
    "University of Sheffield": "sheffield",
    "谢菲尔德大学": "sheffield",
    "International Labour Organization": "ilo",
    "ILO": "ilo",
    "国际劳工组织": "ilo",
}
NAMES = {
    "btbu": "Beijing Technology and Business University",
    "sheffield": "University of Sheffield",
    "ilo": "International Labour Organization",
}


def record(
    rid: str,
    title: str,
    body: str,
    *,
    lang: str = "en",
    published: str | None = "2021-07-19",
    partners: tuple[str, ...] = (),
    topics: tuple[str, ...] = (),
    source: str = "culr-en",
    attachment_text: str = "",
) -> Record:
    return Record(
        id=rid,
        url=f"https://example.edu/{rid}.htm",
        source=source,
        title=title,
        lang=lang,
        published=published,
        body=body,
        fetched_at="2024-01-01T00:00:00Z",
        partners=[PartnerRef(p, NAMES[p]) for p in partners],
        topics=list(topics),
        attachment_text=attachment_text,
    )


RECORDS = [
    record(
        "btbu-en",
        "Online exchange with Beijing Technology and Business University",
        "On the afternoon of July 18th our university and Beijing Technology and Business "
        "University (BTBU) held online communications on international exchanges. Liu Ying, "
        "Director of the International Office of BTBU, introduced the education of foreign "
        "students in China.",
        partners=("btbu",),
        topics=("online_meeting", "foreign_students"),
    ),
    record(
        "btbu-zh",
        "我校与北京工商大学开展线上交流",
        "7月18日下午，我校与北京工商大学进行线上交流。双方就外国留学生招生资格申请等工作深入"
        "交流，并希望今后继续加强合作。",
        lang="zh",
        published="2021-07-20",
        partners=("btbu",),
        topics=("online_meeting",),
        source="culr-zh",
    ),
    record(
        "sheffield-en",
        "Delegation from the University of Sheffield visits campus",
        "A delegation from the University of Sheffield visited our university. The two sides "
        "signed a cooperation agreement on student exchange and joint research.",
        published="2019-05-10",
        partners=("sheffield",),
        topics=("delegation_visit", "agreement_signing"),
    ),
    record(
        "sheffield-zh",
        "谢菲尔德大学代表团来访",
        "谢菲尔德大学代表团访问我校，双方签署合作协议，并就学生交流与联合研究进行了会谈。",
        lang="zh",
        published="2019-05-11",
        partners=("sheffield",),
        topics=("delegation_visit",),
        source="culr-zh",
    ),
    record(
        "ilo",
        "Pilot programme with the International Labour Organization",
        "The pilot programme on labour relations research was launched with the ILO. "
        "Researchers from the International Labour Organization joined the seminar.",
        published="2020-01-01",
        partners=("ilo",),
        topics=("research",),
        source="ilo-news",
    ),
    record(
        "mixed",
        "Summer school 2022 暑期学校",
        "Students from BTBU and Sheffield attended the 暑期学校 (summer school). "
        "学生们参观了实验室 and joined a lecture on trade unions.",
        published="2022-08-01",
        partners=("btbu", "sheffield"),
        topics=("student_exchange",),
    ),
    record(
        "script",
        "Cooperation agreement signed <b>today</b>",
        "<script>alert('x')</script> The cooperation agreement covers exchange students & "
        "visiting scholars.",
        published="2020-12-31",
        topics=("agreement_signing",),
    ),
    record(
        "undated",
        "Notes on planning",
        "Planning notes for the five-year plan of international exchange.",
        published=None,
        topics=("planning",),
    ),
    record(
        "attachment",
        "Meeting notes",
        "See the attached notes.",
        published="2018-03-02",
        partners=("sheffield",),
        attachment_text="Memorandum of understanding between the two universities on "
        "faculty exchange.",
    ),
]


def build(index_dir: Path, records: list[Record] = RECORDS) -> SearchEngine:
    """A real index of `records` in `index_dir`, and an engine on it."""
    with IndexManager(index_dir, ALIASES).writing() as session:
        session.rebuild(records, seq=1)
    return SearchEngine(index_dir, lexicon_of(ALIASES))


WORDS = [
    "exchange",
    "research",
    "agreement",
    "students",
    "delegation",
    "合作",
    "交流",
    "留学生",
    "seminar",
    "online",
    "visit",
    "labour",
]
PARTNER_IDS = ["btbu", "sheffield", "ilo", "leeds", "ucl", "hku", "nus", "sjtu"]
TOPIC_IDS = ["online_meeting", "research", "planning", "conference", "joint_program"]


def random_records(count: int, seed: int) -> list[Record]:
    """Records with random facets and text drawn from WORDS (for brute-force checks)."""
    rng = random.Random(seed)
    records = []
    for n in range(count):
        lang = rng.choice(("en", "zh"))
        words = rng.sample(WORDS, rng.randint(1, 5))
        body = (" " if lang == "en" else "，").join(words)
        year = rng.choice((2018, 2019, 2020, 2021))
        published = None if rng.random() < 0.05 else f"{year}-{rng.randint(1, 12):02d}-01"
        chosen = rng.sample(PARTNER_IDS, rng.choice((0, 1, 1, 2, 3)))
        records.append(
            Record(
                id=f"r{n:04d}",
                url=f"https://example.edu/r{n}",
                source=rng.choice(("a", "b", "c")),
                title=f"Record {n}",
                lang=lang,
                published=published,
                body=body,
                fetched_at="2024-01-01T00:00:00Z",
                partners=[PartnerRef(p, p.upper()) for p in chosen],
                topics=rng.sample(TOPIC_IDS, rng.choice((0, 1, 2))),
                # Every third record with a partner reports a visit to its first partner.
                visits=[f"in:{chosen[0]}"] if chosen and n % 3 == 0 else [],
            )
        )
    return records
