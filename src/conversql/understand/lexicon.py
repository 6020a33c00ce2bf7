"""The lexicon: every phrase a question may use for an entity, field, measure or value of the semantic model.

Phrases are stored as tuples of lemmas, so "customers", "Customer" and "customer" meet on one key.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from conversql.semantic.model import KEY, NAME, SemanticModel
from conversql.understand.spans import Span, free
from conversql.understand.tokens import Token, lemma_of, tokenize

# Words too common to name a schema element alone, even when a column happens to be called that.
SOLO_STOPWORDS = {"a", "an", "the", "of", "in", "on", "at", "by", "for", "to", "and", "or", "is", "be", "what", "which",
                  "who", "how", "show", "me", "all", "list", "many", "much", "number", "total", "count", "sum", "id",
                  "average", "mean", "name", "date", "value", "type", "each", "per", "with", "have", "do", "our",
                  "my", "we", "it", "that", "this", "there", "from", "as", "are", "was", "were", "time", "year",
                  "month", "day", "week", "quarter", "top", "last", "first", "new", "code", "status", "no", "not",
                  "one", "i", "get", "give", "find", "display", "tell", "most", "least", "more", "less", "than",
                  "over", "under", "long", "big", "old", "key", "s", "any", "every", "some", "only", "just",
                  "also", "their", "them", "they", "those", "these", "its", "his", "her"}


@dataclass(frozen=True)
class Term:
    kind: str                      # entity | field | measure | value
    ref: str                       # entity name, field id or measure id
    value: str | None = None       # the database value, for value terms
    weight: float = 1.0            # 1 for a label, less for synonyms, partial names and fuzzy matches


@dataclass
class Lexicon:
    phrases: dict[tuple[str, ...], list[Term]] = field(default_factory=lambda: defaultdict(list))
    max_len: int = 1
    _solo: list[str] = field(default_factory=list)

    def add(self, words: list[str] | str, term: Term) -> None:
        key = phrase_key(words)
        if not key or (len(key) == 1 and key[0] in SOLO_STOPWORDS and term.kind != "value"):
            return
        existing = self.phrases[key]
        for i, t in enumerate(existing):
            if (t.kind, t.ref, t.value) == (term.kind, term.ref, term.value):
                if term.weight > t.weight:
                    existing[i] = term
                return
        existing.append(term)
        self.max_len = max(self.max_len, len(key))

    def vocabulary(self) -> list[str]:
        if not self._solo:
            self._solo = sorted({k[0] for k in self.phrases if len(k) == 1 and len(k[0]) >= 4})
        return self._solo


def phrase_key(words: list[str] | str) -> tuple[str, ...]:
    if isinstance(words, str):
        words = [t.low for t in tokenize(words)]
    return tuple(lemma_of(w.lower()) for w in words)


def build_lexicon(model: SemanticModel) -> Lexicon:
    """All phrases of a model.

    >>> [t.ref for t in build_lexicon(model).phrases[("client",)]]
    ['customers']
    """
    lex = Lexicon()
    for ent in model.entities.values():
        if ent.hidden:
            continue
        lex.add(ent.label, Term("entity", ent.name))
        lex.add(ent.name, Term("entity", ent.name))
        for s in ent.synonyms:
            lex.add(s, Term("entity", ent.name, weight=0.8))
    for f in model.fields.values():
        if f.hidden:
            continue
        ent = model.entities[f.entity]
        if f.role != KEY:
            words = f.label.split()
            lex.add(words, Term("field", f.id))
            for s in f.synonyms:
                lex.add(s, Term("field", f.id, weight=0.8))
            ent_words = ent.label.split()
            if words[: len(ent_words)] == ent_words and len(words) > len(ent_words):
                lex.add(words[len(ent_words):], Term("field", f.id, weight=0.9))   # customer_name -> "name"
            else:
                lex.add(ent_words + words, Term("field", f.id))                      # "invoice total"
                if len(words) > 1:
                    lex.add(words[-1:], Term("field", f.id, weight=0.6))             # billing_country -> "country"
        for v in f.values or []:
            if isinstance(v, str) and v.strip() and f.role not in (KEY,):
                lex.add(v, Term("value", f.id, value=v, weight=1.0 if f.role != NAME else 0.95))
    for m in model.measures.values():
        lex.add(m.label or m.name, Term("measure", m.id))
        for s in m.synonyms:
            # a money total answers to "revenue" almost as well as a derived revenue measure does
            lex.add(s, Term("measure", m.id, weight=0.95 if m.unit == "currency" else 0.85))
    return lex


def find_terms(tokens: list[Token], lex: Lexicon, taken: list[Span], min_len: int = 1, fuzzy: bool = True) -> list[Span]:
    """Longest-first phrase matching over tokens not already claimed; a fuzzy pass catches typos."""
    spans: list[Span] = []
    lemmas = [t.lemma for t in tokens]
    i = 0
    while i < len(tokens):
        matched = False
        for n in range(min(lex.max_len, len(tokens) - i), min_len - 1, -1):
            if not free(taken + spans, i, i + n):
                continue
            key = tuple(lemmas[i:i + n])
            terms = lex.phrases.get(key)
            if terms is None and n == 1:
                terms = lex.phrases.get((tokens[i].low,))
            if terms:
                spans.append(Span("term", i, i + n, list(terms)))
                i += n
                matched = True
                break
        if not matched:
            i += 1
    vocab = lex.vocabulary() if fuzzy else []
    for t in tokens if fuzzy else []:
        if len(t.low) < 4 or t.low in SOLO_STOPWORDS or t.number is not None or not free(taken + spans, t.i, t.i + 1):
            continue
        hit = process.extractOne(t.lemma, vocab, scorer=fuzz.ratio, score_cutoff=84)
        if hit:
            terms = [Term(x.kind, x.ref, x.value, x.weight * hit[1] / 100) for x in lex.phrases[(hit[0],)]]
            spans.append(Span("term", t.i, t.i + 1, terms, score=hit[1] / 100, meta={"fuzzy": hit[0]}))
    return sorted(spans, key=lambda s: s.start)
