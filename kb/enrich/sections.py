"""The parts of a news page that say what it reports, apart from the parts that do not.

A page's extracted body often ends with links to other articles ("相关新闻", "上一篇：…",
"Related stories", "Previous: …"): what they name is another page's subject. An attached
file is the content only when the body is a short notice pointing to it ("详见附件",
"see the attached document"); a long report with an attached list of names reports
something else than the list. And the office names and bylines printed on every article
(`ignore` in topics.toml) are no one's partner, nor is the unit that signs the article off
on its last line ("（国际交流与合作处）", "International Office").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kb.core.text import CJK_CHARS, is_cjk, normalize

#: A line that starts the trailing block of links to other articles.
_TAIL_HEADING = re.compile(
    r"^\s*(?:[-–—*•·]\s*)?[【\[]?(?:"
    r"相关(?:新闻|阅读|文章|链接|报道|资讯)|推荐阅读|延伸阅读|更多(?:新闻|阅读|资讯)|最新(?:新闻|动态|资讯)"
    r"|上一(?:篇|条|页|则)|下一(?:篇|条|页|则)"
    r"|近期活动|活动预告|upcoming\s+events"
    r"|(?:related|more|latest|recent|other)\s+(?:news|stories|articles|posts|links|reading"
    r"|press releases|releases)"
    r"|related(?=\s*[:：]\s*\S)|related(?=\s*$)"
    r"|read\s+more|see\s+also|previous(?:\s+(?:post|article|story))?"
    r"|next(?:\s+(?:post|article|story))?|posted\s+in|tags?"
    r")[】\]]?\s*(?:[:：]|$)",
    re.IGNORECASE,
)
#: Marks of a headline that links to another article, when a page lists them without a
#: heading at the end of the body.
_LINK_MARKS = ("▶", "►", "▷", "»")
#: The share of the body that must come before a trailing block: a heading in the first
#: lines is the article's own.
_TAIL_AFTER = 0.3
#: Below this much text (see `size`) a body is a notice; its
#: attachment holds the content.
_NOTICE_SIZE = 160
_WORDS = re.compile(rf"[{CJK_CHARS}]|[A-Za-z]+")
#: A sign-off line is a name, not a sentence: no sentence punctuation, and short.
_SENTENCE = re.compile(r"[。！？；，,.!?;:：]")
_BRACKETS = "（）()【】[] "
_SIGN_OFF_SIZE = 30
#: Where a sentence ends: full stops (a Latin one before a space), question and exclamation
#: marks, semicolons, line breaks.
SENTENCE_END = re.compile(r"[。！？；!?;\n]|\.\s")


def sentence_around(text: str, offset: int) -> tuple[int, int]:
    """The start and end of the sentence holding `offset`."""
    starts = [m.end() for m in SENTENCE_END.finditer(text, 0, offset)]
    stop = SENTENCE_END.search(text, offset)
    return (starts[-1] if starts else 0, stop.start() if stop else len(text))


@dataclass(frozen=True)
class Article:
    """A record's text as enrichment reads it.

    `body` is the article without its trailing links; `attachment` is the attached files'
    text when it is the content (the body is a short notice), empty otherwise.
    """

    title: str
    body: str
    attachment: str

    @property
    def text(self) -> str:
        """Title, body and content attachment: where partners and institutions are named."""
        return "\n".join(part for part in (self.title, self.body, self.attachment) if part)

    @property
    def main(self) -> str:
        """Body and content attachment: what the article says it is about."""
        return "\n".join(part for part in (self.body, self.attachment) if part)

    @property
    def sign_off(self) -> tuple[int, int] | None:
        """Where, in `text`, the body's last line signs the article off: a name alone on
        the line (the publishing office, often in brackets), not a sentence."""
        body = self.body.rstrip()
        start = body.rfind("\n") + 1
        line = body[start:].strip()
        if not start or not line or _SENTENCE.search(line.strip(_BRACKETS)):
            return None
        if size(line) > _SIGN_OFF_SIZE:
            return None
        begin = self.title_end + body.index(line, start)
        return begin, begin + len(line)

    @property
    def title_end(self) -> int:
        """Where the title ends in `text`."""
        return len(self.title) + 1 if self.title else 0


def read_article(title: str, body: str, attachment_text: str = "") -> Article:
    """Split a record into what enrichment reads."""
    body = without_tail(body)
    notice = size(body) < _NOTICE_SIZE
    return Article(title, body, attachment_text if notice else "")


def without_tail(body: str) -> str:
    """The body without a trailing block of links to other articles."""
    lines = body.splitlines(keepends=True)
    seen = 0
    total = len(body)
    for line in lines:
        if seen >= _TAIL_AFTER * total and _TAIL_HEADING.match(normalize(line)):
            return body[:seen]
        seen += len(line)
    # no heading, but the body closes with headlines marked as links: ▶ …
    end = len(lines)
    while end and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith(_LINK_MARKS)):
        end -= 1
    kept = "".join(lines[:end])
    if len(kept) >= _TAIL_AFTER * total and kept.strip() != body.strip():
        return kept
    return body


def size(text: str) -> int:
    """How much text: Chinese characters, and Latin words counted twice (a word says
    about as much as two characters)."""
    return sum(1 if is_cjk(word[0]) else 2 for word in _WORDS.findall(text))


def lead_end(body: str, chars: int) -> int:
    """Offset where the lead ends: after the first paragraphs that hold `chars` characters
    of text (the whole body when it is shorter), or after the header of meeting notes (its
    first lines of "Date: …", "Platform: …", "参会人员：…", which say what the meeting
    was as a news lead does); 0 when `chars` is 0 (no lead)."""
    if chars <= 0:
        return 0
    seen = 0
    offset = 0
    header = True
    for line in body.splitlines(keepends=True):
        header = header and _FIELD.match(line) is not None
        if seen >= chars and not header:
            return offset
        offset += len(line)
        seen += len(line.strip())
    return len(body)


#: A line of a meeting's header: a short label and a colon ("Platform: Zoom", "时间：…").
_FIELD = re.compile(r"\s*[^\s:：，。,.]{1,12}(?: [^\s:：，。,.]{1,12}){0,2}\s*[:：]")
