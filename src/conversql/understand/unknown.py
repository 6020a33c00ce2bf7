"""Names the question filters on that this database does not hold: 'revenue in Antarctica'.

Answering such a question without the filter would answer another question (all revenue), so the engine asks
instead, with the closest values it does hold.
"""
from __future__ import annotations

from rapidfuzz import fuzz, process

from conversql.semantic.model import SemanticModel
from conversql.semantic.value_index import ValueIndex
from conversql.understand.parser import Parse

# Words that introduce the thing a question is limited to: "in Antarctica", "from Acme", "named Zed".
_INTRODUCERS = {"in", "from", "for", "named", "called", "by", "to"}
# Units and currencies are said the same way ("in USD", "in EUR") but limit nothing.
_UNITS = {"usd", "eur", "gbp", "jpy", "cad", "aud", "chf", "cny", "inr", "dollars", "euros", "pounds", "kg", "km",
          "mb", "gb", "kb", "ms"}


def unknown_names(p: Parse) -> list[str]:
    """Capitalized words right after 'in', 'from', 'named'... that matched nothing: names this database lacks.

    >>> unknown_names(parse("revenue in Antarctica", model, lexicon, today))
    ['Antarctica']
    """
    missing = set(p.not_understood)
    out: list[str] = []
    for t in p.tokens[1:]:
        before = p.tokens[t.i - 1]
        if t.text in missing and t.text[:1].isupper() and before.low in _INTRODUCERS and t.low not in _UNITS \
                and not any(s.covers(t.i) for s in p.spans):
            out.append(t.text)
    return out


def closest_values(word: str, model: SemanticModel, values: ValueIndex, limit: int = 3) -> list[str]:
    """The values this database holds that are spelled most like `word` (for 'did you mean ...?')."""
    known = {v for f in model.fields.values() for v in f.values or [] if isinstance(v, str)}
    known |= {v for e in model.entities.values() for v in e.name_values}
    scored = [(v, s) for v, s, _ in process.extract(word, known, scorer=fuzz.ratio, limit=limit, score_cutoff=70)]
    scored += [(v, s) for _, v, s in values.similar(word, limit=limit, cutoff=80)]
    best: dict[str, float] = {}
    for v, s in scored:
        best[v] = max(s, best.get(v, 0))
    return [v for v, _ in sorted(best.items(), key=lambda x: -x[1])[:limit]]
