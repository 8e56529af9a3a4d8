"""The Whoosh face of `kb.index.analysis.analyze`, pickled into every index schema."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from whoosh.analysis import Analyzer, Token

from kb.index.analysis import analyze, segmenter_for, vocabulary_fingerprint, vocabulary_words


class MixedAnalyzer(Analyzer):
    """The Whoosh face of `analyze`. Pickled into the index schema with its vocabulary,
    so every reader tokenises queries exactly as the generation was indexed."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._use(words)

    def _use(self, words: Iterable[str]) -> None:
        self.words = vocabulary_words(words)
        self.fingerprint = vocabulary_fingerprint(self.words)
        self.segmenter = segmenter_for(self.words)

    def __getstate__(self) -> dict[str, Any]:
        return {"words": self.words}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._use(state["words"])

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MixedAnalyzer) and other.words == self.words

    def __hash__(self) -> int:
        return hash(self.words)

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        mode: str = "",
        start_pos: int = 0,
        start_char: int = 0,
        **kwargs: Any,
    ) -> Iterator[Token]:
        token = Token(positions, chars, mode=mode, **kwargs)
        for tok in analyze(value, self.segmenter, index=mode != "query"):
            token.text = tok.text
            token.boost = 1.0
            token.stopped = False
            if positions:
                token.pos = start_pos + tok.pos
            if chars:
                token.startchar = start_char + tok.start
                token.endchar = start_char + tok.end
            yield token
