"""The lexicon: every phrase a question may use for an entity, field, measure or value of the semantic model.

Phrases are stored as tuples of lemmas, so "customers", "Customer" and "customer" meet on one key.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from lemminflect import getAllLemmas
from rapidfuzz import fuzz, process

from conversql.semantic.model import KEY, NAME, SemanticModel
from conversql.semantic.naming import split_name, spoken_words
from conversql.semantic.thesaurus import SUFFIX_WORDS, value_aliases
from conversql.understand.spans import Span, free
from conversql.understand.tokens import Token, lemma_of, tokenize

# Words too common to name a schema element alone, even when a column happens to be called that.
SOLO_STOPWORDS = {"a", "an", "the", "of", "in", "on", "at", "by", "for", "to", "and", "or", "is", "be", "what", "which",
                  "who", "how", "show", "me", "all", "list", "many", "much", "number", "total", "count", "sum",
                  "average", "mean", "each", "per", "with", "have", "do", "our", "my", "we", "it", "that", "this",
                  "there", "from", "as", "are", "was", "were", "top", "last", "first", "new", "no", "not",
                  "one", "i", "get", "give", "find", "display", "tell", "most", "least", "more", "less", "than",
                  "over", "under", "long", "big", "old", "s", "any", "every", "some", "only", "just",
                  "also", "their", "them", "they", "those", "these", "its", "his", "her"}
# Solo words that may name a column but say little alone: matched with a lower weight. Time words left free by
# the time expressions ("sorted by year", "the years of the wines") name a column so called.
WEAK_SOLO = {"name", "id", "date", "value", "type", "code", "status", "key", "title", "description", "number",
             "time", "day", "month", "week", "quarter", "year"}


@dataclass(frozen=True)
class Term:
    kind: str                      # entity | field | measure | value
    ref: str                       # entity name, field id or measure id
    value: str | None = None       # the database value, for value terms
    weight: float = 1.0            # 1 for a label, less for synonyms, partial names and fuzzy matches


@dataclass
class Lexicon:
    phrases: dict[tuple[str, ...], list[Term]] = field(default_factory=lambda: defaultdict(list))
    exact: dict[tuple[str, ...], list[Term]] = field(default_factory=dict)
    max_len: int = 1
    _solo: list[str] = field(default_factory=list)
    # Values held by the source's value index rather than as phrases (understand/value_link.py): terms for a run
    # of tokens with the same words, and for a single mistyped word.
    value_lookup: Callable[[list[Token]], list[Term]] | None = None
    value_similar: Callable[[Token], list[Term]] | None = None

    def add(self, words: list[str] | str, term: Term) -> None:
        key = phrase_key(words)
        if not key or (len(key) == 1 and key[0] in SOLO_STOPWORDS and term.kind != "value"):
            return
        if len(key) == 1 and key[0] in WEAK_SOLO and term.kind != "value":
            term = Term(term.kind, term.ref, term.value, min(term.weight, 0.75))
        existing = self.phrases[key]
        for i, t in enumerate(existing):
            if (t.kind, t.ref, t.value) == (term.kind, term.ref, term.value):
                if term.weight > t.weight:
                    existing[i] = term
                return
        existing.append(term)
        self.max_len = max(self.max_len, len(key))

    def add_exact(self, key: tuple[str, ...], term: Term) -> None:
        """A phrase keyed by its lower-case words as typed, not by lemmas."""
        self.exact.setdefault(key, []).append(term)
        self.max_len = max(self.max_len, len(key))

    def vocabulary(self) -> list[str]:
        if not self._solo:
            self._solo = sorted({k[0] for k in self.phrases if len(k) == 1 and len(k[0]) >= 4})
        return self._solo


def phrase_key(words: list[str] | str) -> tuple[str, ...]:
    if isinstance(words, str):
        words = [t.low for t in tokenize(words)]
    return tuple(lemma_of(w.lower()) for w in words)


def add_value(lex: Lexicon, value: str, ref: str, weight: float) -> None:
    """A value answers to its exact words, a little less to their lemmas ('Beverages' ~ 'beverage'), and to
    its known aliases ('USA' ~ 'US', 'united states')."""
    words = [t.low for t in tokenize(value)]
    if not words:
        return
    if all(t.number is not None for t in tokenize(value)):
        weight *= 0.6      # a number in a question is a number first, a code some column holds second
    lex.add_exact(tuple(words), Term("value", ref, value=value, weight=weight))
    lex.add(words, Term("value", ref, value=value, weight=weight * 0.9))
    for alias in value_aliases(value):
        lex.add_exact(tuple(alias.split()), Term("value", ref, value=value, weight=weight * 0.95))


_ARTICLES = {"the", "a", "an", "all", "every", "each"}


def _names_a_table(value: str, labels: set[str]) -> bool:
    """'the mountain' as a photo's name says nothing a question about "the mountains" means: a value made of an
    article and a table's name is not a value to look for."""
    words = [t.low for t in tokenize(value)]
    rest = [w for w in words if w not in _ARTICLES]
    return len(rest) < len(words) and " ".join(lemma_of(w) for w in rest) in {
        " ".join(lemma_of(w) for w in label.split()) for label in labels}


def _add_distinctive_words(lex: Lexicon, values: list, ref: str, schema_words: set[str]) -> None:
    """A word found in only one value of a column stands for it, weakly: "the video one" is
    'Protected MPEG-4 video file'."""
    owners: dict[str, set[str]] = {}
    for v in values:
        if isinstance(v, str):
            for w in {t.low for t in tokenize(v)}:
                if len(w) >= 4 and w.isalpha() and w not in SOLO_STOPWORDS and w not in COMMON_WORDS \
                        and lemma_of(w) not in schema_words:
                    owners.setdefault(w, set()).add(v)
    for w, vs in owners.items():
        if len(vs) == 1 and len(next(iter(vs)).split()) > 1:
            lex.add_exact((w,), Term("value", ref, value=next(iter(vs)), weight=0.6))


SEX_CODES = {"F": ["female", "females", "women", "woman", "girl", "girls"],
             "M": ["male", "males", "men", "man", "boy", "boys"]}


def _is_sex(column: str) -> bool:
    return bool({"sex", "gender"} & set(split_name(column)))


_LINKS = {"of", "in", "to", "for", "on", "by", "and", "has", "is"}


_GENERIC_TAILS = {"profile", "info", "information", "detail", "details", "record", "data", "list", "entry", "log",
                  "history", "master", "table", "registry"}


def _head_words(label: str, labels: set[str]) -> list[str]:
    """The words a multi-word table name may be called by alone: its last noun, or its first before 'of'; never
    a word that names another table."""
    words = label.split()
    core = [w for w in words if w not in _LINKS]
    if len(words) < 2 or not core:
        return []
    # "member of" -> member; "user profiles", "movie details" -> user, movie: the last word says little
    heads = {core[-1]} | ({core[0]} if words[-1] in _LINKS or core[-1] in _GENERIC_TAILS else set())
    return [w for w in heads if w not in labels and lemma_of(w) not in labels and w not in WEAK_SOLO
            and w not in SOLO_STOPWORDS and len(w) > 2]


def build_lexicon(model: SemanticModel) -> Lexicon:
    """All phrases of a model.

    >>> [t.ref for t in build_lexicon(model).phrases[("client",)]]
    ['customers']
    """
    lex = Lexicon()
    distinctive: list[tuple[list, str]] = []
    labels = {w for e in model.entities.values() for w in [e.label, e.name.lower()]}
    for eid, ent in model.entities.items():
        if ent.hidden:
            continue
        lex.add(ent.label, Term("entity", eid))
        if not ent.role_of:
            lex.add(ent.name, Term("entity", eid))
        for s in ent.synonyms:
            lex.add(s, Term("entity", eid, weight=0.8))
        if len(ent.name_fields) == 1 and f"{eid}.{ent.name_fields[0]}" in model.fields:
            lex.add(["name"], Term("field", f"{eid}.{ent.name_fields[0]}", weight=0.6))   # an album's name: its title
        elif len(ent.name_fields) > 1:
            # a person's name, or full name, is first and last name together, never the last name alone
            for words in (["name"], ["full", "name"]):
                lex.add(words, Term("entity", eid, weight=0.55))
        for word in _head_words(ent.label, labels):
            lex.add([word], Term("entity", eid, weight=0.7))    # "pilot record" -> "record", "member of" -> "member"
    for f in model.fields.values():
        if f.hidden:
            continue
        ent = model.entities[f.entity]
        if f.role == KEY:
            # keys answer to their full name ("supplier id"), weakly: "which supplier" means the name
            lex.add(f.label.split(), Term("field", f.id, weight=0.7))
            if f.label.split() != ent.label.split() + ["id"]:
                lex.add(ent.label.split() + f.label.split(), Term("field", f.id, weight=0.7))
            if ent.primary_key == [f.column] and f.column.lower().endswith("id"):
                lex.add(["id"], Term("field", f.id, weight=0.5))       # "the id and salary of Mark Young"
        else:
            for s in f.synonyms:
                lex.add(s, Term("field", f.id, weight=0.8))
            person_name = f.column in ent.name_fields and len(ent.name_fields) > 1
            spoken = spoken_words(f.column)
            for words in [f.label.split()] + ([spoken] if spoken != f.label.split() else []):
                for phrase, weight in field_phrases(words, ent.label.split(), person_name, labels):
                    lex.add(phrase, Term("field", f.id, weight=weight))
        for v in f.values or []:
            if isinstance(v, str) and v.strip() and f.role not in (KEY,) and not _names_a_table(v, labels):
                add_value(lex, v, f.id, 0.95 if f.role != NAME else 1.0)
                for word in SEX_CODES.get(v.strip().upper(), []) if _is_sex(f.column) else []:
                    lex.add_exact((word,), Term("value", f.id, value=v, weight=0.95))   # "female" is 'F'

        if f.values and len(f.values) <= 200:
            distinctive.append((f.values, f.id))
    for j in model.joins:
        # a foreign key's role names its target: "support rep" is an employee, "manager" too
        target = model.entities.get(j.target)
        if target is not None and j.role and j.role != target.label and j.source != j.target:
            lex.add(j.role.split(), Term("entity", j.target, weight=0.9))
    for eid, ent in model.entities.items():
        for v in ent.name_values:
            # the same person as a manager reads a little weaker than as themselves
            add_value(lex, v, eid, 0.95 if not ent.role_of else 0.9)
    schema_words = {w for key, terms in lex.phrases.items() for w in key if any(t.kind != "value" for t in terms)}
    for values, ref in distinctive:
        _add_distinctive_words(lex, values, ref, schema_words)
    for m in model.measures.values():
        lex.add(m.label or m.name, Term("measure", m.id))
        for s in m.synonyms:
            # a money total answers to "revenue" almost as well as a derived revenue measure does
            lex.add(s, Term("measure", m.id, weight=0.95 if m.unit == "currency" else 0.85))
    return lex


def field_phrases(words: list[str], ent_words: list[str], person_name: bool = False,
                  tables: set[str] = frozenset()):
    """The phrases a column answers to, with their weights: its words; without unit or code suffixes
    ('city_code' -> 'city', 'policy_type_code' -> 'policy type', 'policy'); without its table's words
    ('customer_name' -> 'name', 'document_type_code' -> 'type'), else after them ('invoice total'); its last
    word, weakly ('billing_country' -> 'country'); and its words after the first ('catalog_level_number' ->
    'level number', 'stu_hrs' spoken 'student hours' -> 'hours')."""
    yield words, 1.0
    core = list(words)
    while len(core) > 1 and core[-1] in SUFFIX_WORDS:
        core = core[:-1]
        if core != ent_words:
            yield core, 0.85 if core[-1] not in SUFFIX_WORDS else 0.9
    if words[: len(ent_words)] == ent_words and len(words) > len(ent_words):
        rest = words[len(ent_words):]
        if " ".join(rest) in tables:
            return         # student_class is the student's class; "classes" are still the class table's rows
        yield rest, 0.9
        while len(rest) > 1 and rest[-1] in SUFFIX_WORDS:
            rest = rest[:-1]
            yield rest, 0.8
        return
    yield ent_words + words, 1.0
    if len(words) > 1 and not person_name:
        yield words[-1:], 0.6
    if len(words) > 2 and words[1] not in _JOINING and " ".join(words[1:]) not in tables:
        yield words[1:], 0.8
        tail = words[1:]
        while len(tail) > 1 and tail[-1] in SUFFIX_WORDS:
            tail = tail[:-1]
            if " ".join(tail) not in tables:
                yield tail, 0.75


_JOINING = {"of", "in", "to", "for", "and", "per", "on", "at", "by", "from", "with", "the", "a"}


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
            terms = _lookup(lex, tokens[i:i + n], lemmas[i:i + n])
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
        english = bool(getAllLemmas(t.low))
        if not hit and not english and lex.value_similar is not None:
            if terms := lex.value_similar(t):
                spans.append(Span("term", t.i, t.i + 1, terms, score=max(x.weight for x in terms),
                                  meta={"fuzzy": terms[0].value}))
            continue
        if hit:
            # a typo of a schema word is likely; a typo that lands on a data value ("weather" ~ "Heather")
            # is more often another word, so values need a closer match
            terms = [Term(x.kind, x.ref, x.value, x.weight * hit[1] / 100) for x in lex.phrases[(hit[0],)]
                     if x.kind != "value" or hit[1] >= 92 and not english]
            if not terms:
                continue
            spans.append(Span("term", t.i, t.i + 1, terms, score=hit[1] / 100, meta={"fuzzy": hit[0]}))
        elif (kin := _derived(t, lex)) is not None:
            spans.append(Span("term", t.i, t.i + 1, kin[1], score=0.6, meta={"derived": kin[0]}))
    return sorted(spans, key=lambda s: s.start)


# Suffixes that turn a verb into the noun a column is named with: pay -> payment, advise -> advisor
_DERIVATIONS = ("ment", "ments", "ance", "ence", "ation", "ion", "or", "ors", "er", "ers", "al", "ee", "ees", "ing",
                "y", "ure")


def _derived(t: Token, lex: Lexicon) -> tuple[str, list[Term]] | None:
    """'paid' -> payment, 'advises' -> advisor, 'attended' -> attendance: a verb of the question that names a
    schema word by derivation, when nothing closer matched. Weak, and never a data value."""
    if not t.low.isalpha() or t.lemma in COMMON_WORDS:
        return None
    stem = t.lemma[:-1] if t.lemma.endswith("e") else t.lemma
    if len(stem) < 3:
        return None
    for word in lex.vocabulary():
        if word.startswith(stem) and word[len(stem):] in _DERIVATIONS:
            terms = [Term(x.kind, x.ref, x.value, x.weight * 0.6) for x in lex.phrases[(word,)] if x.kind != "value"]
            if terms:
                return word, terms
    return None


def find_coordinated(tokens: list[Token], lex: Lexicon, taken: list[Span]) -> list[Span]:
    """'first and last names', 'typical buying and selling prices': the words before 'and' share the noun after
    it (and the words before them), when both readings are schema phrases ('typical selling price')."""
    spans: list[Span] = []
    for i in range(len(tokens) - 3):
        if tokens[i + 1].low not in ("and", "or") or not free(taken + spans, i, i + 1):
            continue
        found = None
        for h in range(i, max(-1, i - 3), -1):            # "typical" may belong to both
            if not free(taken + spans, h, i + 1):
                break
            for n in range(min(lex.max_len, len(tokens) - i - 2), 1, -1):
                tail = tokens[i + 2:i + 2 + n]            # "selling prices"
                if not free(taken + spans, i + 2, i + 2 + n):
                    continue
                first = tokens[h:i + 1] + tail[1:]         # "typical buying prices"
                second = tokens[h:i] + tail                # "typical selling prices"
                a, b = _lookup(lex, first, [t.lemma for t in first]), _lookup(lex, second, [t.lemma for t in second])
                if a and b and not _lookup(lex, tokens[h:i + 1], [t.lemma for t in tokens[h:i + 1]]):
                    found = (Span("term", h, i + 1, list(a)), Span("term", i + 2, i + 2 + n, list(b)))
                    break
            if found:
                break
        if found is None:
            found = _shared_prefix(tokens, i, lex, taken + spans)
        if found:
            spans += found
    return spans


def _shared_prefix(tokens: list[Token], i: int, lex: Lexicon, taken: list[Span]) -> tuple[Span, ...] | None:
    """'billing city and country': the words before the first noun also qualify the second ('billing country')."""
    for h in range(max(0, i - 2), i):
        head, nxt = tokens[h:i + 1], tokens[h:i] + [tokens[i + 2]]
        if not free(taken, h, i + 3):
            continue
        a, b = _lookup(lex, head, [t.lemma for t in head]), _lookup(lex, nxt, [t.lemma for t in nxt])
        if a and b:
            return Span("term", h, i + 1, list(a)), Span("term", i + 2, i + 3, list(b))
    return None


def _lookup(lex: Lexicon, toks: list[Token], lemmas: list[str]) -> list[Term]:
    """Terms for a run of tokens: exact words first, then lemmas; a value on a common word must match its case."""
    exact = lex.exact.get(tuple(t.low for t in toks), [])
    if lex.value_lookup is not None:
        exact = exact + lex.value_lookup(toks)
    by_lemma = lex.phrases.get(tuple(lemmas)) or (lex.phrases.get((toks[0].low,)) if len(toks) == 1 else None) or []
    merged: dict[tuple, Term] = {}
    for t in list(exact) + list(by_lemma):
        k = (t.kind, t.ref, t.value)
        if k not in merged or t.weight > merged[k].weight:
            merged[k] = t
    terms = list(merged.values())
    if len(toks) == 1 and ({toks[0].low, toks[0].lemma} & (SOLO_STOPWORDS | COMMON_WORDS)):
        typed_as_code = toks[0].text.isupper() and len(toks[0].text) > 1
        terms = [t for t in terms if t.kind != "value" or t.value == toks[0].text or typed_as_code]
    return terms


# Ordinary English words that also occur as data values ("on" as a state code, "Time" as a track name):
# taken as values only when typed exactly as stored.
COMMON_WORDS = {"on", "in", "at", "or", "and", "me", "my", "no", "so", "us", "it", "is", "be", "go", "up", "do", "if",
                "as", "an", "by", "to", "we", "he", "ok", "hi", "one", "two", "new", "old", "big", "top", "end",
                "who", "why", "how", "out", "off", "day", "man", "men", "way", "yes", "you", "now", "love", "time",
                "home", "life", "world", "money", "music", "people", "best", "most", "more", "less", "last", "first",
                "next", "each", "every", "only", "just", "both", "many", "much", "same", "other", "again", "still",
                "never", "always", "here", "there", "where", "when", "what", "which", "whose", "whom", "work",
                "show", "list", "give", "tell", "find", "have", "make", "made", "sold", "sell", "buy", "bought",
                "total", "average", "sum", "count", "number", "revenue", "sales", "name", "names", "title", "year",
                "month", "week", "quarter", "today", "tracks", "track", "album", "albums", "artist", "artists",
                "customer", "customers", "order", "orders", "product", "products", "all", "any", "some",
                "has", "had", "was", "were", "are", "did", "does", "been", "than", "then", "with", "from", "into",
                "over", "under", "this", "that", "these", "those", "them", "they", "their", "there", "what", "not",
                "can", "may", "will", "for", "the", "of", "a", "i", "vs", "versus", "against", "compare"}
