"""Normalize a question and split it into tokens that keep their place in the original text."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from lemminflect import getAllLemmas, getLemma

NUMBER_WORDS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
                "hundred": 100, "a dozen": 12, "dozen": 12}

# A token: a number (1,234.5 / $15 / 10k; "2000," ends before its comma), a word that may hold inner ' / & . - (AC/DC, O'Brien, e-mail),
# or a single symbol worth keeping (comparison signs, %).
_TOKEN = re.compile(r"\d{4}-\d{2}-\d{2}(?![\w-])|(?:(?<![\w.\-])-)?\$?\d+(?:,\d{3})*(?:\.\d+)?[kmb%]?(?![\w/])|\w+(?:['’/&.\-]\w+)*|[<>=!]=?|%")


@dataclass
class Token:
    text: str          # as typed
    low: str           # lower-cased
    lemma: str         # singular noun / base verb form
    start: int         # character offsets in the question
    end: int
    i: int             # position in the token list
    number: float | None = None

    def __repr__(self) -> str:
        return f"<{self.text}>"


@lru_cache(maxsize=16384)
def lemma_of(word: str) -> str:
    """Singular or base form: 'customers' -> 'customer', 'sold' -> 'sell', 'countries' -> 'country'."""
    if not word.isalpha() or len(word) <= 2:
        return word
    if word.endswith("ss") or word in _KEEP:
        return word
    noun = getLemma(word, upos="NOUN")
    if noun and noun[0] != word and _plausible(word, noun[0]):
        return noun[0]
    if word in getAllLemmas(word).get("NOUN", ()):
        return word          # "rating", "building": a noun in its own right, whatever verb it also comes from
    verb = getLemma(word, upos="VERB")
    return verb[0] if verb and _plausible(word, verb[0]) else word


def _plausible(word: str, lemma: str) -> bool:
    """An out-of-vocabulary word's lemma comes from suffix rules, which can cut a name in two
    ('Everlong' -> 'ever'); trust it only when it strips an inflection's few letters."""
    if getAllLemmas(word):
        return True
    common = len(os.path.commonprefix([word, lemma]))
    cut = word[common:]
    return len(cut) <= 4 and len(lemma) - common <= 1 and (cut == "" or cut.endswith(_INFLECTIONS))


_INFLECTIONS = ("s", "ed", "ing", "d")


_KEEP = {"sales", "news", "series", "status", "analysis", "always", "has", "was", "does", "is", "this", "us", "as",
         "its", "less", "plus", "data", "media", "across", "bytes", "milliseconds", "minutes", "hours", "days",
         "weeks", "months", "years", "quarters", "ms"}


def _number(text: str) -> float | None:
    t = text.lower().lstrip("$").replace(",", "")
    mult = {"k": 1e3, "m": 1e6, "b": 1e9}.get(t[-1:], 1) if t[-1:] in "kmb" else 1
    t = t.rstrip("kmb%")
    try:
        return float(t) * mult
    except ValueError:
        return float(NUMBER_WORDS[t]) if t in NUMBER_WORDS else None


_HEDGES = {"directly", "actually", "really", "presently", "currently"}


def tokenize(question: str) -> list[Token]:
    """Tokens of a question.

    >>> [t.lemma for t in tokenize("Top 5 customers by revenue, in Germany?")]
    ['top', '5', 'customer', 'by', 'revenue', 'in', 'germany']
    """
    out: list[Token] = []
    for m in _TOKEN.finditer(question):
        text = m.group(0)
        low = text.lower().replace("’", "'")
        if low in _HEDGES:
            continue        # "reports directly to", "actually sold": the phrase is the same without the adverb
        if low.endswith("'s"):
            low, text = low[:-2], text[:-2]
        tok = Token(text, low, lemma_of(low), m.start(), m.start() + len(text), len(out))
        digits = low[1:] if low[0] == "-" and len(low) > 1 else low
        tok.number = _number(low) if (digits[0].isdigit() or digits[0] == "$" or low in NUMBER_WORDS) else None
        out.append(tok)
    return out
