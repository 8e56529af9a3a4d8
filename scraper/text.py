"""Plain text from HTML fragments, normalised the same way for every profile.

CMS editors paste from Word: `&nbsp;`, full-width spaces used as indentation, and text split
over dozens of `<span>`s. Readers and the search index want one clean line per paragraph, so
block elements become line breaks, inline ones are joined, and the odd spaces are folded.
"""

from __future__ import annotations

import re

from bs4.element import NavigableString, PreformattedString, Tag

#: Elements whose content is never article text.
SKIPPED_TAGS = frozenset(
    {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
     "button", "select", "input", "textarea", "head", "title", "meta", "link"}
)  # fmt: skip

#: Elements that start a new line when rendered.
BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
     "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
     "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot",
     "th", "thead", "tr", "ul"}
)  # fmt: skip

#: A line break inside text (with the indentation around it): a "segment break" in CSS terms.
_SEGMENT_BREAK = re.compile(r"[ \t]*[\r\n]+[ \t]*")
_BREAK = "\ue000"  # stands for a segment break until the line is normalised
_SPACES = re.compile(r"[ \t\f\v\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = str.maketrans("", "", "\u200b\u200c\u200d\u2060\ufeff\u00ad")
_CJK = (
    r"\u2e80-\u2fdf\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
)
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}]){_BREAK}+(?=[{_CJK}0-9])|(?<=[0-9]){_BREAK}+(?=[{_CJK}])")
#: Full-width punctuation carries its own spacing; a space beside it is always an artefact.
_CJK_PUNCTUATION = r"\u3001-\u3011\u3014-\u301f\uff01\uff08\uff09\uff0c\uff0e\uff1a\uff1b\uff1f"
_PUNCTUATION_GAP = re.compile(rf" (?=[{_CJK_PUNCTUATION}])|(?<=[{_CJK_PUNCTUATION}]) ")

#: Lines that are page furniture even inside an article's content box.
_FURNITURE_LINE = re.compile(
    r"^(?:[【\[]?\s*(?:打印本页|打印此页|打印|关闭窗口|关闭|返回顶部|返回|收藏|"
    r"print(?: this page)?|close(?: window)?|back(?: to top)?|top)\s*[】\]]?\s*)+$"
    r"|^(?:浏览|阅读|点击|访问)(?:次数|量|数)?\s*[:：]?\s*\d*\s*次?$"
    r"|^(?:views?|hits|reads?)\s*[:：]?\s*\d*$"
    r"|^(?:分享到|您现在的位置|您的位置|当前位置|所在位置|you are here|location)\s*[:：]"
    r"|^[【\[]?\s*(?:字体|字号|font(?: size)?)\s*[:：].{0,12}[】\]]?$",
    re.IGNORECASE,
)


def normalize_line(text: str) -> str:
    """Fold every kind of space to one ASCII space, the way a browser renders the line.

    As CSS Text prescribes, a line break in the source between two Chinese characters
    vanishes (it comes from markup: `<span>`s on separate lines); so does one between Chinese
    and a digit ("4月\n13日"), which Chinese never spaces. A space the author typed stays
    ("代表团来访 双方探讨"). Spaces beside full-width punctuation go.
    """
    text = _SEGMENT_BREAK.sub(_BREAK, text.translate(_INVISIBLE))
    text = _CJK_BREAK.sub("", text).replace(_BREAK, " ")
    return _PUNCTUATION_GAP.sub("", _SPACES.sub(" ", text)).strip()


def normalize_text(text: str) -> str:
    """Normalise each line, drop empty lines and page furniture (print/close, view counters)."""
    lines = (normalize_line(line) for line in text.splitlines())
    return "\n".join(line for line in lines if line and not _FURNITURE_LINE.match(line))


def element_text(element: Tag) -> str:
    """Rendered text of an element: one line per block, inline runs joined, scripts skipped."""
    parts: list[str] = []
    _collect(element, parts)
    return normalize_text("".join(parts))


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, PreformattedString):  # comments, CDATA, doctype
                parts.append(_SEGMENT_BREAK.sub(_BREAK, str(child)))
        elif isinstance(child, Tag) and child.name not in SKIPPED_TAGS:
            block = child.name in BLOCK_TAGS
            if block:
                parts.append("\n")
            _collect(child, parts)
            if block:
                parts.append("\n")
