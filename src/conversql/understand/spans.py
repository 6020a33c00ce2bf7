"""Spans: what a recognizer found over a run of tokens, and a token-aligned regex search to find them."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from conversql.understand.tokens import Token


@dataclass
class Span:
    kind: str                      # time, grain, compare, rank, term, value, aggregate, group, ...
    start: int                     # first token index
    end: int                       # one past the last token index
    payload: Any = None
    score: float = 1.0
    meta: dict[str, Any] = field(default_factory=dict)

    def covers(self, i: int) -> bool:
        return self.start <= i < self.end


class TokenText:
    """The question as lower-case tokens joined by single spaces, with regex matches mapped back to tokens."""

    def __init__(self, tokens: list[Token], use_lemma: bool = False):
        self.tokens = tokens
        words = [t.lemma if use_lemma else t.low for t in tokens]
        self.offsets: list[int] = []
        pos = 0
        for w in words:
            self.offsets.append(pos)
            pos += len(w) + 1
        self.text = " ".join(words)

    def token_range(self, m_start: int, m_end: int) -> tuple[int, int]:
        first = max(i for i, o in enumerate(self.offsets) if o <= m_start) if self.offsets else 0
        last = max((i for i, o in enumerate(self.offsets) if o < m_end), default=first)
        return first, last + 1

    def finditer(self, pattern: re.Pattern[str]):
        """Yield (match, start_token, end_token) for matches that begin and end on token boundaries. The
        boundaries are part of the search, so "not in" cannot hide "not" in "not involved"."""
        for m in _bounded(pattern).finditer(self.text):
            s, e = m.span()
            if e == s:
                continue
            if s > 0 and self.text[s - 1] != " " or e < len(self.text) and self.text[e] != " ":
                continue
            a, b = self.token_range(s, e)
            yield m, a, b


_BOUNDED: dict[re.Pattern[str], re.Pattern[str]] = {}


def _bounded(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The pattern held to whole tokens (a space or the text's edge on either side)."""
    found = _BOUNDED.get(pattern)
    if found is None:
        found = _BOUNDED[pattern] = re.compile(r"(?<![^ ])(?:" + pattern.pattern + r")(?![^ ])", pattern.flags)
    return found


def free(spans: list[Span], start: int, end: int) -> bool:
    """True when no span already claims a token of [start, end)."""
    return all(s.end <= start or s.start >= end for s in spans)
