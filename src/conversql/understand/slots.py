"""Slots: each schema word of a question with the role its neighbours give it (grouped by, aggregated,
ranked, ordered by, or merely mentioned)."""
from __future__ import annotations

from dataclasses import dataclass, field

from conversql.semantic.model import NUMERIC, SemanticModel
from conversql.understand.lexicon import Term
from conversql.understand.spans import Span
from conversql.understand.tokens import Token

_NEAR_FILLER = {"the", "a", "an", "our", "my", "their", "its", "his", "her"}
_FAR_FILLER = _NEAR_FILLER | {"of", "all", "each", "every", "do", "we", "have", "did", "does", "are", "is",
                              "there", "been", "in", "total"}


@dataclass
class Slot:
    """One schema word of the question and the terms that could fill it."""
    role: str                      # mention | group | aggregate | ranked | order
    span: Span
    candidates: list[Term]
    agg: str | None = None
    cue_word: str = ""
    negated: bool = False
    desc: bool = False             # for order slots
    extra: dict = field(default_factory=dict)

    def kinds(self) -> set[str]:
        return {t.kind for t in self.candidates}


def _prev(spans: list[Span], span: Span, tokens: list[Token], skip: set[str]) -> Span | None:
    """The span just before `span`, skipping filler words."""
    i = span.start - 1
    while i >= 0 and tokens[i].low in skip and not any(s.covers(i) for s in spans):
        i -= 1
    return next((s for s in spans if s.covers(i)), None) if i >= 0 else None


_DESC_AFTER = {"descending", "desc", "decreasing", "descendingly"}
_PICKING = {"with", "has", "have", "having", "whose", "had", "of"}


def _bare(word: str) -> str:
    """'the longest' -> 'longest'."""
    return word[4:].strip() if word.startswith("the ") else word.strip()


def _aggregate_run(spans: list[Span], tokens: list[Token], last: Span) -> list[str]:
    """'the minimum, maximum, and average age': every aggregate of a listed run, in order."""
    run = [last.payload]
    i = last.start - 1
    while i >= 0:
        while i >= 0 and tokens[i].low in {",", "and", "the", "or"}:
            i -= 1
        prev = next((s for s in spans if s.covers(i)), None) if i >= 0 else None
        if prev is None or prev.kind != "aggregate" or prev.payload in ("count", "count_distinct"):
            break
        run.insert(0, prev.payload)
        i = prev.start - 1
    return run


def _negated(spans: list[Span], s: Span, reach: int = 4) -> bool:
    """'customers who never made an order': a negation a few words back, with no other schema word between."""
    for other in spans:
        if other.kind == "negate" and 0 <= s.start - other.end <= reach:
            between = [x for x in spans if x.kind == "term" and other.end <= x.start < s.start]
            if not between:
                return True
    return False


def is_numeric(sl: Slot, model: SemanticModel) -> bool:
    return any(t.kind == "measure" or t.kind == "field" and model.fields[t.ref].role == NUMERIC
               for t in sl.candidates)


def make_slots(tokens: list[Token], spans: list[Span], model: SemanticModel, used: set[int]) -> list[Slot]:
    slots: list[Slot] = []
    for s in (s for s in spans if s.kind == "term"):
        near = _prev(spans, s, tokens, _NEAR_FILLER)
        far = _prev(spans, s, tokens, _FAR_FILLER)
        sl = Slot("mention", s, list(s.payload))
        sl.extra["words"] = tuple(t.low for t in tokens[s.start:s.end])
        sl.extra["next"] = tokens[s.end].low if s.end < len(tokens) and not any(
            o.covers(s.end) for o in spans) else ""
        if s.start > 0:
            sl.extra["after"] = tokens[s.start - 1].low      # the word this one follows: "albums *by* X"
        sl.negated = any(p is not None and p.kind == "negate" for p in (near, far)) or _negated(spans, s)
        cue = near if near is not None and near.kind != "term" else far if far is not None and far.kind != "term" \
            else None
        if cue is not None:
            if cue.kind == "group":
                sl.role, sl.cue_word = "group", str(cue.payload)
            elif cue.kind == "aggregate" and cue.payload == "count_distinct" and \
                    cue.meta.get("word") in ("different", "distinct") and \
                    any(o.kind == "aggregate" and o.payload in ("sum", "avg", "min", "max") and o.end <= cue.start
                        for o in spans) and \
                    not any(o.kind == "aggregate" and o.payload == "count" and o.end <= cue.start for o in spans):
                # "the average base price of different bed types": one average per bed type
                sl.role, sl.cue_word = "group", str(cue.meta.get("word"))
            elif cue.kind == "aggregate":
                sl.role, sl.agg, sl.cue_word = "aggregate", cue.payload, _bare(cue.meta.get("word", ""))
                # "the flight with the maximum price": a row picked by the extreme, not the extreme alone
                sl.extra["argmax"] = cue.start > 0 and tokens[cue.start - 1].low in _PICKING
                sl.extra["aggs"] = _aggregate_run(spans, tokens, cue)
                # "the highest total amount": one aggregate right on another ranks by the inner one
                sl.extra["stacked"] = any(o.kind == "aggregate" and o.end == cue.start for o in spans)
                before = _prev(spans, cue, tokens, _NEAR_FILLER)
                sl.extra["counted"] = before is not None and before.kind == "aggregate" and before.payload == "count" \
                    or cue.meta.get("word", "").startswith("how many")
            elif cue.kind in ("rank", "superlative"):
                sl.role, sl.cue_word = "ranked", _bare(cue.meta.get("word", "") or str(cue.payload))
            elif cue.kind == "order":
                after = {t.low for t in tokens[s.end:s.end + 3]}
                # "ordered by points descending": the direction may follow the column
                sl.role, sl.desc = "order", cue.payload == "desc" or bool(after & _DESC_AFTER)
            used.update(range(cue.start, cue.end))
        slots.append(sl)
    for i, sl in enumerate(slots):      # the words between a schema word and the one before it ("name *of the* track")
        sl.extra["lead"] = tuple(t.low for t in tokens[(slots[i - 1].span.end if i else 0):sl.span.start])
    # "papers published by the institution 'Google'": "by" before a thing that is then named is its agent, not
    # a grouping
    for sl in slots:
        if sl.role == "group" and sl.cue_word == "by":
            nxt = next((s for s in spans if s.start == sl.span.end), None)
            if nxt is not None and (nxt.kind == "literal" or nxt.kind == "term" and
                                    all(t.kind == "value" for t in nxt.payload)):
                sl.role, sl.cue_word = "mention", ""
    # "in the order of built year and class", "sorted by last name, first name": every column listed is a key
    for i in range(1, len(slots)):
        before, sl = slots[i - 1], slots[i]
        gap = [t.low for t in tokens[before.span.end:sl.span.start]]
        if before.role == "order" and sl.role == "mention" and gap in (["and"], [","], [",", "and"], ["then"],
                                                                        ["and", "then"], [",", "then"]) \
                and "field" in sl.kinds():
            sl.role, sl.desc = "order", before.desc
    # "each US state": a group word reaches over a value to the column after it.
    for i in range(1, len(slots)):
        before, sl = slots[i - 1], slots[i]
        if before.role == "group" and before.kinds() == {"value"} and sl.role == "mention" and \
                0 <= sl.span.start - before.span.end <= 1 and "field" in sl.kinds():
            sl.role, sl.cue_word = "group", before.cue_word
            before.role = "mention"
    # "the average rating and resolution": the aggregate covers every numeric word of the list.
    for i, sl in enumerate(slots):
        if sl.role != "aggregate" or sl.agg not in ("sum", "avg", "min", "max"):
            continue
        for nxt in slots[i + 1:]:
            gap = {t.low for t in tokens[slots[slots.index(nxt) - 1].span.end:nxt.span.start]}
            if gap - {"and", ",", "the", "their", "its"} or nxt.role != "mention" or not is_numeric(nxt, model):
                break
            nxt.role, nxt.agg, nxt.cue_word = "aggregate", sl.agg, sl.cue_word
    # An aggregate word reaches over an entity word to its measure: "average invoice amount".
    for cue in (s for s in spans if s.kind == "aggregate" and s.payload not in ("count", "count_distinct")):
        nxt = [sl for sl in slots if sl.span.start >= cue.end and sl.span.start - cue.end <= 3]
        if nxt and nxt[0].role == "aggregate" and "entity" in nxt[0].kinds():
            target = next((sl for sl in nxt[1:] if is_numeric(sl, model)), None)
            if target is not None and target.role == "mention":
                target.role, target.agg, target.cue_word = "aggregate", cue.payload, nxt[0].cue_word
                nxt[0].role, nxt[0].agg = "mention", None
    return slots
