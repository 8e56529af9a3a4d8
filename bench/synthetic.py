"""Deterministic synthetic records for benchmarks: bilingual cooperation news at any scale.

Record `i` depends only on `i` (and the seed), so a 500-record smoke run indexes exactly
the first 500 records of the 100,000-record run. Shape of the data: 70 % English / 30 %
Chinese, 2,000 partners (names, Chinese names and abbreviations), the 11 default topics,
20 publication years, 40 sources; English bodies of 150-450 words and Chinese bodies of
300-900 characters, word frequencies following a Zipf law over a domain vocabulary.
"""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from kb.core.record import PartnerRef, Record, record_id
from kb.core.text import has_cjk
from kb.lexicon import Taxonomy

SEED = 20240718
TOPICS: tuple[str, ...] = tuple(Taxonomy.load().topics)  # the default taxonomy
YEARS: tuple[int, ...] = tuple(range(2006, 2026))
SOURCES: tuple[str, ...] = tuple(f"source-{n:02d}" for n in range(40))
PARTNER_COUNT = 2000


def _words(text: str) -> list[str]:
    return text.split()


_TOPIC_PHRASES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "foreign_students": (
        ("foreign students", "international students", "admission of foreign students"),
        ("外国留学生", "来华留学", "留学生招生"),
    ),
    "student_exchange": (
        ("student exchange", "exchange students", "summer school"),
        ("学生交流", "交换生", "暑期学校"),
    ),
    "faculty_exchange": (
        ("visiting scholars", "faculty exchange", "teacher training"),
        ("访问学者", "教师交流", "师资培训"),
    ),
    "joint_program": (
        ("joint program", "double degree", "joint training"),
        ("联合培养", "双学位", "合作办学"),
    ),
    "agreement_signing": (
        ("cooperation agreement", "memorandum of understanding", "signing ceremony"),
        ("合作协议", "谅解备忘录", "签约仪式"),
    ),
    "delegation_visit": (
        ("delegation visited", "official visit", "warm reception"),
        ("代表团访问", "来访", "热情接待"),
    ),
    "online_meeting": (
        ("online meeting", "video conference", "online communication"),
        ("线上交流", "视频会议", "云端会谈"),
    ),
    "conference": (
        ("international conference", "academic forum", "keynote speech"),
        ("国际会议", "学术论坛", "主旨演讲"),
    ),
    "research": (
        ("joint research", "research cooperation", "laboratory"),
        ("联合研究", "科研合作", "实验室"),
    ),
    "hmt_affairs": (("Hong Kong", "Macao", "Taiwan"), ("港澳台", "香港", "澳门")),
    "planning": (
        ("five-year plan", "strategic planning", "international strategy"),
        ("十四五规划", "战略规划", "国际化战略"),
    ),
}

_EN_DOMAIN = _words("""
university international cooperation exchange students office director development program
education research two sides talent cultivation quality construction further friendly
communication foundation vision year experience project teachers faculty training college
school president professor department meeting discussion partner campus academic global
future mutual support opportunity platform mechanism culture language course degree
undergraduate graduate scholarship application visit agreement signed delegation ceremony
welcome introduced said pointed hoped expressed thanked important significant strengthen
promote deepen expand improve establish continue innovation science technology economics
management business engineering medicine law art history trade labor relations unions
policy society community service practice online offline video conference forum seminar
workshop lecture report summary plan strategy goal achievement result progress success
contribution level field area region country world china beijing asia europe africa
america australia city province ministry government embassy consulate council association
foundation company industry
""")
_ZH_DOMAIN = _words("""
国际 合作 交流 学生 学校 大学 学院 办公室 主任 发展 项目 教育 研究 双方 人才 培养 质量
建设 进一步 友好 沟通 基础 愿景 经验 教师 培训 校长 教授 部门 会议 讨论 伙伴 校园 学术
全球 未来 相互 支持 机会 平台 机制 文化 语言 课程 学位 本科 研究生 奖学金 申请 访问 协议
签署 代表团 仪式 欢迎 介绍 表示 指出 希望 感谢 重要 加强 推动 深化 拓展 提升 建立 继续
创新 科学 技术 经济 管理 商业 工程 医学 法律 艺术 历史 贸易 劳动关系 工会 政策 社会 服务
实践 线上 线下 论坛 研讨会 讲座 报告 总结 计划 战略 目标 成果 进展 成功 贡献 水平 领域
地区 国家 世界 中国 北京 亚洲 欧洲 非洲 美洲 城市 省 部 政府 大使馆 领事馆 委员会 协会
基金会 公司 行业 我校 下午 上午 举行
""")
_EN_GLUE = _words("""
the of and to in a for with on by as at from that this our its their
""")
_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "vo",
    "su",
    "ne",
    "di",
    "pa",
    "ro",
    "li",
    "an",
    "el",
    "or",
    "in",
    "us",
    "ta",
    "be",
    "go",
)
_ZH_CHARS = "安宝昌达鼎丰光海和华嘉锦康乐明南平庆荣顺泰文祥新信阳远云泽正中"
_EN_PLACES = _words("""
Aldwick Bramford Carrow Dunmere Elston Farley Glenhurst Harwood Ingleby Kelso Lanark
Merton Norwood Oakham Penrith Quarry Redhill Selby Thornbury Upton Venmore Walford Yarrow
Ashby Beckett Calder Denby Eskdale Fenwick Garston
""")
_ZH_PLACES = _words("""
奥德维克 布兰福德 卡罗 邓米尔 埃尔斯顿 法利 格伦赫斯特 哈伍德 英格尔比 凯尔索 拉纳克 默顿
诺伍德 奥克姆 彭里斯 夸里 雷德希尔 塞尔比 索恩伯里 厄普顿 文莫尔 沃尔福德 亚罗 阿什比
贝克特 考尔德 登比 埃斯克代尔 芬威克 加斯顿
""")
_EN_KINDS = (
    "University",
    "Institute of Technology",
    "Normal University",
    "Medical University",
    "University of Science",
    "Business School",
    "Polytechnic",
    "College",
    "Agricultural University",
    "Conservatory",
    "Academy of Arts",
    "Law School",
    "Open University",
    "Maritime University",
    "University of Economics",
    "Language University",
    "Sports University",
    "Teachers College",
    "Foreign Studies University",
    "Trade Union Institute",
)
_ZH_KINDS = (
    "大学",
    "理工学院",
    "师范大学",
    "医科大学",
    "科技大学",
    "商学院",
    "理工大学",
    "学院",
    "农业大学",
    "音乐学院",
    "艺术学院",
    "法学院",
    "开放大学",
    "海事大学",
    "经济大学",
    "语言大学",
    "体育大学",
    "教师学院",
    "外国语大学",
    "工会学院",
)
_EN_QUALIFIERS = ("", "North", "South", "East", "West")
_ZH_QUALIFIERS = ("", "北", "南", "东", "西")


@dataclass(frozen=True)
class Partner:
    id: str
    name: str
    name_zh: str
    aliases: tuple[str, ...]  # abbreviations (Latin ones appear in both languages)


def partners(count: int = PARTNER_COUNT) -> list[Partner]:
    """`count` distinct partners; the first is the real BTBU of the example article."""
    found = [
        Partner(
            "btbu",
            "Beijing Technology and Business University",
            "北京工商大学",
            ("BTBU", "北工商"),
        )
    ]
    abbreviations = {"BTBU"}
    combos = itertools.product(
        range(len(_EN_QUALIFIERS)), range(len(_EN_KINDS)), range(len(_EN_PLACES))
    )
    for q, k, p in combos:
        if len(found) >= count:
            break
        name = " ".join(filter(None, (_EN_QUALIFIERS[q], _EN_PLACES[p], _EN_KINDS[k])))
        name_zh = _ZH_QUALIFIERS[q] + _ZH_PLACES[p] + _ZH_KINDS[k]
        abbreviation = "".join(w[0] for w in name.split() if w[0].isupper())
        aliases: tuple[str, ...] = ()
        if len(abbreviation) >= 3 and abbreviation not in abbreviations:
            abbreviations.add(abbreviation)
            aliases = (abbreviation,)
        found.append(Partner(f"p{len(found):04d}", name, name_zh, aliases))
    return found


def vocabulary(partner_list: list[Partner]) -> dict[str, str]:
    """Surface form -> partner id: names, Chinese names and aliases."""
    forms: dict[str, str] = {}
    for partner in partner_list:
        for form in (partner.name, partner.name_zh, *partner.aliases):
            forms[form] = partner.id
    return forms


class _Zipf:
    """Draw words with probability proportional to 1 / rank."""

    def __init__(self, words: list[str]) -> None:
        self.words = words
        self.cumulative = list(itertools.accumulate(1.0 / (rank + 1) for rank in range(len(words))))

    def draw(self, rng: random.Random, k: int) -> list[str]:
        total = self.cumulative[-1]
        return [self.words[bisect.bisect(self.cumulative, rng.random() * total)] for _ in range(k)]


def _pseudo_words(rng: random.Random) -> tuple[list[str], list[str]]:
    english = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(4000)})
    chinese = sorted({"".join(rng.choices(_ZH_CHARS, k=2)) for _ in range(1500)})
    rng.shuffle(english)
    rng.shuffle(chinese)
    return english, chinese


class Generator:
    """Builds record `i` on demand; shared tables are computed once."""

    def __init__(self, seed: int = SEED, partner_count: int = PARTNER_COUNT) -> None:
        self.seed = seed
        self.partners = partners(partner_count)
        english, chinese = _pseudo_words(random.Random(seed))
        self.en_words = _Zipf(_EN_DOMAIN + english)
        self.zh_words = _Zipf(_ZH_DOMAIN + chinese)
        self.partner_rank = _Zipf([str(n) for n in range(len(self.partners))])
        self.start = date(YEARS[0], 1, 1)
        self.days = (date(YEARS[-1], 12, 31) - self.start).days

    def record(self, i: int) -> Record:
        rng = random.Random(self.seed * 1_000_003 + i)
        lang = "zh" if rng.random() < 0.3 else "en"
        chosen = {int(w) for w in self.partner_rank.draw(rng, rng.choice((1, 1, 1, 2, 2, 3)))}
        record_partners = [self.partners[n] for n in sorted(chosen)]
        topics = sorted(set(rng.sample(TOPICS, rng.choice((0, 1, 1, 2, 2, 3)))))
        published = self.start + timedelta(days=rng.randrange(self.days + 1))
        event = published - timedelta(days=rng.randrange(3)) if rng.random() < 0.6 else None
        title, body = (self._zh if lang == "zh" else self._en)(rng, record_partners, topics)
        url = f"https://news{i % 40:02d}.example.edu/{published.year}/{i}.htm"
        return Record(
            id=record_id(url),
            url=url,
            source=SOURCES[i % len(SOURCES)],
            title=title,
            lang=lang,
            published=published.isoformat(),
            event_date=event.isoformat() if event else None,
            body=body,
            fetched_at="2025-01-01T00:00:00Z",
            partners=[
                PartnerRef(p.id, p.name_zh if lang == "zh" else p.name) for p in record_partners
            ],
            topics=topics,
        )

    def records(self, count: int, start: int = 0) -> Iterator[Record]:
        return (self.record(i) for i in range(start, start + count))

    def _en(
        self, rng: random.Random, record_partners: list[Partner], topics: list[str]
    ) -> tuple[str, str]:
        names = [
            rng.choice((p.name, *(a for a in p.aliases if not has_cjk(a)))) for p in record_partners
        ]
        phrases = [rng.choice(_TOPIC_PHRASES[t][0]) for t in topics] or ["cooperation"]
        title = (
            f"{names[0]} and our university: {rng.choice(phrases)} "
            + " ".join(self.en_words.draw(rng, rng.randint(2, 6)))
        ).capitalize()
        sentences = []
        for _ in range(rng.randint(10, 25)):
            words = [
                rng.choice(_EN_GLUE) if rng.random() < 0.35 else w
                for w in self.en_words.draw(rng, rng.randint(8, 22))
            ]
            if rng.random() < 0.3:
                words.insert(rng.randrange(len(words)), rng.choice(phrases))
            if rng.random() < 0.15:
                words.insert(rng.randrange(len(words)), rng.choice(names))
            sentences.append(" ".join(words).capitalize() + ".")
        return title, " ".join(sentences)

    def _zh(
        self, rng: random.Random, record_partners: list[Partner], topics: list[str]
    ) -> tuple[str, str]:
        names = [rng.choice((p.name_zh, p.name_zh, *p.aliases)) for p in record_partners]
        phrases = [rng.choice(_TOPIC_PHRASES[t][1]) for t in topics] or ["合作"]
        title = f"我校与{names[0]}开展{rng.choice(phrases)}" + "".join(
            self.zh_words.draw(rng, rng.randint(1, 3))
        )
        sentences = []
        for _ in range(rng.randint(8, 20)):
            words = self.zh_words.draw(rng, rng.randint(8, 20))
            if rng.random() < 0.35:
                words.insert(rng.randrange(len(words)), rng.choice(phrases))
            if rng.random() < 0.2:
                words.insert(rng.randrange(len(words)), rng.choice(names))
            cut = rng.randrange(3, len(words))
            sentences.append("".join(words[:cut]) + "，" + "".join(words[cut:]) + "。")
        return title, "".join(sentences)
