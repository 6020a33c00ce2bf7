"""The deterministic parser: question -> StructuredQuery, as a pipeline of small passes (see STYLE.md).

normalize/tokenize -> time expressions -> numeric cues -> multi-word schema phrases -> word cues ->
single-word schema terms and fuzzy matches -> assemble -> follow-up merge.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from conversql.query.structured import StructuredQuery
from conversql.semantic.model import SemanticModel
from conversql.understand.assemble import Draft, assemble
from conversql.understand.cues import find_growth, find_literals, find_number_cues, find_word_cues
from conversql.understand.lexicon import Lexicon, find_coordinated, find_terms
from conversql.understand.spans import Span, free
from conversql.understand.timeexpr import find_time
from conversql.understand.tokens import Token, tokenize

# Words that carry no meaning of their own in a data question; never reported as "not understood".
FILLER = {"a", "an", "the", "of", "in", "on", "at", "for", "to", "and", "or", "is", "are", "was", "were", "be",
          "been", "what", "which", "who", "whom", "how", "show", "me", "us", "all", "list", "do", "does", "did",
          "we", "our", "my", "i", "you", "your", "have", "has", "had", "there", "that", "this", "these", "those",
          "it", "its", "their", "them", "they", "with", "from", "as", "give", "get", "find", "display", "tell",
          "please", "can", "could", "would", "should", "will", "much", "many", "some", "any", "every", "each",
          "by", "per", "up", "out", "so", "far", "what's", "whats", "let", "see", "view", "report", "about",
          "make", "made", "bring", "brought", "generate", "generated", "come", "came", "into", "whole",
          "just", "only", "also", "together", "along", "where", "when", "s", "he", "she", "his", "her", "him",
          "being", "currently", "now", "exist", "existing", "available", "overall", "altogether",
          "ever", "than", "current", "whose", "instead", "rather", "either",
          "return", "provide", "retrieve", "fetch", "output", "identify", "name",
          # comparison words: the values listed around them become one row each
          "compare", "compared", "comparing", "vs", "versus"}


@dataclass
class Parse:
    tokens: list[Token]
    spans: list[Span]
    query: StructuredQuery | None
    understood: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    reason: str = ""
    draft: Draft | None = None         # what the question said before defaults: follow-ups merge this


def recognize(question: str, tokens: list[Token], lexicon: Lexicon, today: date) -> list[Span]:
    spans = find_literals(question, tokens, [])
    spans += find_growth(tokens, spans)
    spans += [s for s in find_time(tokens, today) if free(spans, s.start, s.end)]
    spans += find_number_cues(tokens, spans)
    spans += find_coordinated(tokens, lexicon, spans)
    spans += find_terms(tokens, lexicon, spans, min_len=2, fuzzy=False)
    spans += find_word_cues(tokens, spans)
    spans += find_terms(tokens, lexicon, spans, min_len=1, fuzzy=True)
    return sorted(spans, key=lambda s: s.start)


def parse(question: str, model: SemanticModel, lexicon: Lexicon, today: date) -> Parse:
    """Understand one question on its own.

    >>> parse("top 5 customers by revenue", model, lexicon, date(2025, 12, 31)).query.limit
    5
    """
    tokens = tokenize(question)
    spans = recognize(question, tokens, lexicon, today)
    result = assemble(tokens, spans, model, lexicon)
    covered = set(result.used)
    for s in spans:
        if s.kind in ("time", "grain", "term", "compare", "rank", "literal", "literal_cue", "order", "growth"):
            covered.update(range(s.start, s.end))
    understood = [t.text for t in tokens if t.i in covered]
    not_understood = [t.text for t in tokens if t.i not in covered and t.low not in FILLER and t.lemma not in FILLER
                      and not any(s.covers(t.i) for s in spans)]
    return Parse(tokens, spans, result.query, understood, not_understood, result.reason, result.draft)
