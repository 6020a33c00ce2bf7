"""Linking words of a question to values held by the source's value index (semantic/value_index.py).

The index answers with (reference, value) pairs; this turns them into lexicon terms weighted the way
`lexicon.add_value` weighs values kept as phrases, so a value reads the same wherever it is stored.
"""
from __future__ import annotations

from conversql.semantic.model import NAME, SemanticModel
from conversql.semantic.value_index import ValueIndex
from conversql.understand.lexicon import Lexicon, Term
from conversql.understand.tokens import Token

MAX_PHRASE_WORDS = 6        # longer values are still indexed, but a question is not searched for runs this long
FUZZY_CUTOFF = 92           # as for values in the lexicon's own fuzzy pass: a typo must be close
MIN_FUZZY_CHARS = 5


def value_weight(ref: str, model: SemanticModel) -> float:
    """A category value 1.0, a name 0.9, a full name over several columns 0.95 (as in `build_lexicon`)."""
    if ref in model.entities:
        return 0.95
    f = model.fields.get(ref)
    return 0.9 if f is not None and f.role == NAME else 1.0


def attach_value_index(lex: Lexicon, index: ValueIndex, model: SemanticModel) -> Lexicon:
    """Let `lex` find the values of `index`: exact runs of words, and single mistyped words.

    >>> attach_value_index(lexicon, index, model).value_lookup(tokenize("Bruno Nakamura"))[0].value
    'Bruno Nakamura'
    """
    weights = {ref: value_weight(ref, model) for ref in index.refs}

    def lookup(tokens: list[Token]) -> list[Term]:
        if len(tokens) > MAX_PHRASE_WORDS or tokens[0].number is not None and len(tokens) == 1:
            return []
        return [Term("value", ref, value=v, weight=weights[ref])
                for ref, v in index.exact(" ".join(t.text for t in tokens))]

    def similar(token: Token) -> list[Term]:
        if len(token.low) < MIN_FUZZY_CHARS:
            return []
        return [Term("value", ref, value=v, weight=weights[ref] * score / 100)
                for ref, v, score in index.similar(token.text, limit=3, cutoff=FUZZY_CUTOFF)]

    lex.value_lookup, lex.value_similar = lookup, similar
    lex.max_len = max(lex.max_len, min(index.max_words, MAX_PHRASE_WORDS))
    return lex
