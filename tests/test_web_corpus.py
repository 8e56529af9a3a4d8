"""The web tests' fixture corpus: 40 hand-written records, a store, a real index and a config.

The counts asserted by the web tests are computed by hand from the table below (see
EXPECTED); the tests in this module check that hand count against the table itself, so a
wrong constant fails here first, not as a puzzling facet test elsewhere.

Numbering: record n has id `rec(n)`. Same-event pairs: 1/2 (one event date, both
languages), 3/4, 6/7, 11/12, 14/15 (published within three days).
"""

from __future__ import annotations

import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from conftest import put_records

from kb.core.config import load_config
from kb.core.record import PartnerRef, Record, record_id
from kb.lexicon import Lexicon
from kb.pipeline import index_manager
from kb.store import RunKind, RunStatus, Store

NAMES = {
    "btbu": "Beijing Technology and Business University",
    "sheffield": "University of Sheffield",
    "ilo": "International Labour Organization",
    "hku": "The University of Hong Kong",
    "monash": "Monash University",
    "cornell": "Cornell University",
}

# n: (lang, published, event_date, partners, topics, title, body)
ROWS: dict[int, tuple[str, str, str | None, tuple[str, ...], tuple[str, ...], str, str]] = {
    1: (
        "zh",
        "2021-07-20",
        "2021-07-18",
        ("btbu",),
        ("online_meeting", "foreign_students"),
        "我校与北京工商大学开展国际交流线上座谈",
        "7月18日下午，我校与北京工商大学就国际交流与合作、外国留学生招生资格申请开展线上交流。",
    ),
    2: (
        "en",
        "2021-07-21",
        "2021-07-18",
        ("btbu",),
        ("online_meeting", "foreign_students"),
        "Online exchange with Beijing Technology and Business University",
        "On the afternoon of July 18th our university and BTBU held an online communication "
        "on international exchanges and the admission of foreign students.",
    ),
    3: (
        "zh",
        "2019-05-10",
        None,
        ("btbu",),
        ("delegation_visit",),
        "北京工商大学代表团来访我校",
        "北京工商大学代表团一行来我校访问，双方座谈交流。",
    ),
    4: (
        "en",
        "2019-05-12",
        None,
        ("btbu",),
        ("delegation_visit",),
        "BTBU delegation visits our university",
        "A delegation from BTBU visited the campus and met the International Office.",
    ),
    5: (
        "zh",
        "2020-11-03",
        None,
        ("btbu", "ilo"),
        ("conference",),
        "我校与北京工商大学、国际劳工组织联合举办劳动关系研讨会",
        "研讨会由我校、北京工商大学和国际劳工组织共同主办，讨论劳动关系与工会研究。",
    ),
    6: (
        "en",
        "2022-03-15",
        None,
        ("btbu",),
        ("agreement_signing", "joint_program"),
        "BTBU and our university sign joint program agreement",
        "The two universities signed an agreement on a joint training program.",
    ),
    7: (
        "zh",
        "2022-03-16",
        None,
        ("btbu",),
        ("agreement_signing", "joint_program"),
        "我校与北工商签署联合培养协议",
        "我校与北工商签署联合培养合作协议。",
    ),
    8: (
        "zh",
        "2023-06-01",
        None,
        ("btbu",),
        ("student_exchange",),
        "北京工商大学交换生项目启动",
        "北京工商大学与我校交换生项目正式启动。",
    ),
    9: (
        "en",
        "2023-09-20",
        None,
        ("btbu", "sheffield"),
        ("research",),
        "Joint research workshop with BTBU and Sheffield",
        "Researchers from BTBU and the University of Sheffield met for a joint workshop.",
    ),
    10: (
        "zh",
        "2020-04-08",
        None,
        ("btbu",),
        ("online_meeting", "planning"),
        "与北京工商大学视频会议研讨十四五国际化规划",
        "我校与北京工商大学召开视频会议，研讨十四五国际交流规划。",
    ),
    11: (
        "en",
        "2019-10-14",
        None,
        ("sheffield",),
        ("delegation_visit",),
        "University of Sheffield delegation visits campus",
        "A delegation of the University of Sheffield visited our university.",
    ),
    12: (
        "zh",
        "2019-10-15",
        None,
        ("sheffield",),
        ("delegation_visit",),
        "英国谢菲尔德大学代表团访问我校",
        "英国谢菲尔德大学代表团访问我校，双方举行会谈。",
    ),
    13: (
        "en",
        "2020-06-30",
        None,
        ("sheffield",),
        ("online_meeting", "student_exchange"),
        "Online meeting with Sheffield on student exchange",
        "An online meeting with the University of Sheffield discussed student exchange.",
    ),
    14: (
        "en",
        "2021-03-02",
        None,
        ("sheffield",),
        ("faculty_exchange",),
        "Sheffield visiting scholars programme",
        "Visiting scholars from the University of Sheffield start their programme.",
    ),
    15: (
        "zh",
        "2021-03-05",
        None,
        ("sheffield",),
        ("faculty_exchange",),
        "谢菲尔德大学访问学者项目",
        "谢菲尔德大学访问学者项目启动。",
    ),
    16: (
        "en",
        "2022-09-12",
        None,
        ("sheffield", "monash"),
        ("conference",),
        "International conference on labour relations with Sheffield and Monash",
        "Scholars of the University of Sheffield and Monash University gave keynote speeches.",
    ),
    17: (
        "zh",
        "2023-04-18",
        None,
        ("sheffield",),
        ("agreement_signing",),
        "我校与谢菲尔德大学续签合作协议",
        "我校与谢菲尔德大学续签校际合作协议。",
    ),
    18: (
        "en",
        "2019-03-20",
        None,
        ("ilo",),
        ("conference",),
        "ILO regional seminar on trade unions",
        "The International Labour Organization held a regional seminar on trade unions.",
    ),
    19: (
        "zh",
        "2020-09-09",
        None,
        ("ilo",),
        ("research",),
        "国际劳工组织专家来校开展联合研究",
        "国际劳工组织专家来校开展联合研究。",
    ),
    20: (
        "en",
        "2021-11-25",
        None,
        ("ilo",),
        ("research", "conference"),
        "ILO and our university publish joint research report",
        "The ILO and our university presented a joint research report at a conference.",
    ),
    21: (
        "zh",
        "2022-12-01",
        None,
        ("ilo", "hku"),
        ("conference",),
        "国际劳工组织与香港大学学者出席劳动法论坛",
        "国际劳工组织和香港大学的学者出席劳动法国际论坛。",
    ),
    22: (
        "en",
        "2023-02-14",
        None,
        ("ilo",),
        ("planning",),
        "ILO cooperation plan for 2023",
        "The cooperation plan with the International Labour Organization for 2023.",
    ),
    23: (
        "zh",
        "2019-07-01",
        None,
        ("hku",),
        ("hmt_affairs", "student_exchange"),
        "香港大学学生暑期交流团来访",
        "香港大学学生暑期交流团来我校访问。",
    ),
    24: (
        "en",
        "2020-01-10",
        None,
        ("hku",),
        ("hmt_affairs",),
        "HKU delegation discusses cross-border cooperation",
        "A delegation of The University of Hong Kong discussed cooperation.",
    ),
    25: (
        "zh",
        "2021-08-19",
        None,
        ("hku",),
        ("hmt_affairs", "online_meeting"),
        "与香港大学举行线上交流会",
        "我校与香港大学举行线上交流会。",
    ),
    26: (
        "en",
        "2022-05-05",
        None,
        ("hku",),
        ("joint_program",),
        "Joint program with The University of Hong Kong approved",
        "A joint program with The University of Hong Kong was approved.",
    ),
    27: (
        "en",
        "2020-02-20",
        None,
        ("monash",),
        ("foreign_students",),
        "Monash University recruits foreign students",
        "Monash University presented its programmes for foreign students.",
    ),
    28: (
        "zh",
        "2021-10-10",
        None,
        ("monash",),
        ("student_exchange",),
        "莫纳什大学交换生项目",
        "莫纳什大学交换生项目开始报名。",
    ),
    29: (
        "en",
        "2023-11-30",
        None,
        ("monash",),
        ("delegation_visit",),
        "Monash delegation visits",
        "A delegation of Monash University visited our campus.",
    ),
    30: (
        "en",
        "2019-12-02",
        None,
        ("cornell",),
        ("research",),
        "Cornell ILR School research collaboration",
        "Cornell University and our university agreed on a research collaboration.",
    ),
    31: (
        "zh",
        "2022-07-07",
        None,
        ("cornell",),
        ("faculty_exchange",),
        "康奈尔大学教授来校讲学",
        "康奈尔大学教授来我校讲学。",
    ),
    32: (
        "en",
        "2023-03-03",
        None,
        ("cornell",),
        ("online_meeting",),
        "Online seminar with Cornell",
        "An online seminar with Cornell University.",
    ),
    33: (
        "zh",
        "2019-01-15",
        None,
        (),
        ("planning",),
        "我校召开国际交流工作会议",
        "我校召开年度国际交流工作会议。",
    ),
    34: (
        "en",
        "2019-09-01",
        None,
        (),
        ("foreign_students",),
        "Welcome ceremony for international students",
        "The university welcomed new international students.",
    ),
    35: (
        "zh",
        "2020-12-20",
        None,
        (),
        ("foreign_students",),
        "来华留学生新年联欢会",
        "来华留学生新年联欢会举行。",
    ),
    36: (
        "en",
        "2021-05-18",
        None,
        (),
        (),
        "Campus news: library opening hours",
        "The library extends its opening hours.",
    ),
    37: (
        "zh",
        "2022-01-11",
        None,
        (),
        ("planning",),
        "国际交流合作处召开年度总结会",
        "国际交流合作处召开年度总结会。",
    ),
    38: (
        "en",
        "2022-10-24",
        None,
        (),
        ("conference",),
        "Our university hosts labour forum",
        "Our university hosted a forum on labour law.",
    ),
    39: ("zh", "2023-08-08", None, (), (), "暑期校园安全通知", "暑期校园安全注意事项。"),
    40: (
        "en",
        "2023-12-12",
        None,
        (),
        ("student_exchange",),
        "Study abroad fair",
        "Students met exchange partners at the study abroad fair.",
    ),
}

# Counted by hand from ROWS (checked against ROWS by the tests below).
EXPECTED = {
    "total": 40,
    "partner": {"btbu": 10, "sheffield": 8, "ilo": 6, "hku": 5, "monash": 4, "cornell": 3},
    "year": {"2019": 9, "2020": 7, "2021": 8, "2022": 8, "2023": 8},
    "lang": {"zh": 19, "en": 21},
    "source": {"culr-ic": 19, "culr-en": 21},
    "topic": {
        "online_meeting": 6,
        "conference": 6,
        "foreign_students": 5,
        "delegation_visit": 5,
        "student_exchange": 5,
        "research": 4,
        "planning": 4,
        "agreement_signing": 3,
        "joint_program": 3,
        "faculty_exchange": 3,
        "hmt_affairs": 3,
    },
    # partner=btbu OR sheffield: 10 + 8 - 1 (record 9 has both)
    "btbu_or_sheffield": 17,
    # lang=zh: partner counts (the partner facet ignores a partner selection)
    "partner_zh": {"btbu": 6, "sheffield": 3, "ilo": 3, "hku": 3, "monash": 1, "cornell": 1},
    # from=2021 to=2021-07: records 1, 2, 14, 15, 36
    "from_2021_to_2021_07": 5,
}

REPO = Path(__file__).resolve().parent.parent

# A partner only the test partners file knows, with no records.
EXTRA_PARTNER = ("gufi", "Global Union Federation Institute", "全球工会联合会研究院", "CH")

PARTNERS_TOML = textwrap.dedent(f"""\
    [[partner]]
    id = "{EXTRA_PARTNER[0]}"
    name = "{EXTRA_PARTNER[1]}"
    name_zh = "{EXTRA_PARTNER[2]}"
    aliases = ["GUFI"]
    country = "{EXTRA_PARTNER[3]}"
    type = "organisation"
    """)


def url_of(n: int) -> str:
    lang = ROWS[n][0]
    host = "ic.culr.example.edu.cn" if lang == "zh" else "news.culr.example.edu.cn"
    return f"https://{host}/{ROWS[n][1][:4]}/n{n:02d}.htm"


def rec(n: int) -> str:
    """The id of record n."""
    return record_id(url_of(n))


#: Records reporting one event (as `kb index` links them): the numbers of each pair.
SAME_EVENT = ((1, 2), (3, 4), (6, 7), (11, 12), (14, 15))


def _others(n: int) -> list[str]:
    return [rec(m) for pair in SAME_EVENT if n in pair for m in pair if m != n]


def corpus() -> list[Record]:
    """The 40 records of ROWS."""
    records = []
    for n, (lang, published, event_date, partners, topics, title, body) in ROWS.items():
        records.append(
            Record(
                id=rec(n),
                url=url_of(n),
                source="culr-ic" if lang == "zh" else "culr-en",
                title=title,
                lang=lang,
                published=published,
                event_date=event_date,
                partners=[PartnerRef(p, NAMES[p]) for p in partners],
                topics=list(topics),
                body=body,
                fetched_at=f"{published}T08:00:00Z",
                attachments=[f"https://ic.culr.example.edu.cn/files/n{n:02d}.pdf"]
                if n == 1
                else [],
                attachment_text="会议纪要：线上交流 meeting notes" if n == 1 else "",
                same_event=_others(n),
            )
        )
    return records


def build_site(root: Path, records: list[Record]) -> Path:
    """A config, store and real index for `records` under `root`; returns the kb.toml path."""
    (root / "partners.toml").write_text(PARTNERS_TOML, encoding="utf-8")
    config_path = root / "kb.toml"
    config_path.write_text(
        textwrap.dedent("""\
        [storage]
        data_dir = "data"
        index_dir = "indexes/main"

        [enrich]
        partners_file = "partners.toml"
        """),
        encoding="utf-8",
    )
    config = load_config(config_path)
    with Store(config.storage.store_path) as store:
        run = store.start_run(RunKind.UPDATE)
        put_records(store, records)
        store.finish_run(run, RunStatus.OK, {"records": len(records)})
        seq = store.current_seq()
    with index_manager(config, Lexicon.load(config.enrich)).writing() as writer:
        writer.rebuild(records, seq)
    return config_path


XSS = '<script>window.__xss=1;alert(1)</script><img src=x onerror="window.__xss=2;alert(2)">'


def xss_record() -> Record:
    """A scraped page that tries script in its title, body, partner name and URLs."""
    url = "javascript:window.__xss=3;alert(3)//https://evil.example/"
    return Record(
        id=record_id(url),
        url=url,
        source="culr-en",
        title=f"Visit {XSS} BTBU",
        lang="en",
        published="2021-07-22",
        event_date="2021-07-18",
        partners=[PartnerRef("btbu", f"BTBU {XSS}")],
        topics=["online_meeting"],
        body=f"Body with {XSS} and BTBU.\nSecond line <b>bold</b>.",
        attachments=["javascript:window.__xss=4", "https://ic.example.edu.cn/ok.pdf"],
        fetched_at="2021-07-23T00:00:00Z",
        byline=f"来源：国际交流处 {XSS}",
    )


@contextmanager
def served(config_path: Path, log_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`python -m kb serve` as a real process on a free loopback port; yields its base URL
    and the process."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    command = [
        sys.executable,
        "-m",
        "kb",
        "serve",
        "--config",
        str(config_path),
        "--port",
        str(port),
    ]
    with open(log_path, "w") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=REPO)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start:\n{log_path.read_text()}") from None
                time.sleep(0.1)
        yield base, process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_expected_counts_match_the_table() -> None:
    records = corpus()
    assert len(records) == EXPECTED["total"]
    assert Counter(p.id for r in records for p in r.partners) == EXPECTED["partner"]
    assert Counter(r.published[:4] for r in records if r.published) == EXPECTED["year"]
    assert Counter(r.lang for r in records) == EXPECTED["lang"]
    assert Counter(r.source for r in records) == EXPECTED["source"]
    assert Counter(t for r in records for t in r.topics) == EXPECTED["topic"]
    zh = [r for r in records if r.lang == "zh"]
    assert Counter(p.id for r in zh for p in r.partners) == EXPECTED["partner_zh"]
    both = [r for r in records if {p.id for p in r.partners} & {"btbu", "sheffield"}]
    assert len(both) == EXPECTED["btbu_or_sheffield"]
    window = [r for r in records if r.published and "2021-01-01" <= r.published <= "2021-07-31"]
    assert len(window) == EXPECTED["from_2021_to_2021_07"]


def test_ids_are_unique() -> None:
    assert len({r.id for r in corpus()}) == len(ROWS)
