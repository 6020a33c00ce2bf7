"""How numbers and column names read in sentences: "1,234,567.89", "37.5%", "total_sales" -> "total sales"."""
from __future__ import annotations

import re

from lemminflect import getInflection

# Suffixes that name an attribute of the thing rather than the thing: "customer_name" counts customers.
_ATTRIBUTE_SUFFIXES = ("name", "title", "label", "code", "id")


def format_number(value: float) -> str:
    """A number with thousands separators and at most two decimals, trailing zeros dropped.

    >>> format_number(1234567.891)
    '1,234,567.89'
    """
    if value == 0:
        return "0"
    # Tiny values would round to "0", which misstates them; two significant digits keep them honest.
    if abs(value) < 0.01:
        return f"{value:.2g}"
    text = f"{value:,.2f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def format_percent(value: float) -> str:
    """A percentage with at most one decimal.

    >>> format_percent(37.54)
    '37.5%'
    """
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return ("0" if text == "-0" else text) + "%"


def readable(name: str) -> str:
    """A column name as words: underscores and camelCase become spaces, lower case.

    >>> readable("totalSales_EUR")
    'total sales eur'
    """
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
    spaced = re.sub(r"[_\s]+", " ", spaced)
    return spaced.strip().lower() or name


def plural_noun(name: str) -> str:
    """What the rows of a label column are, in the plural: "customer_name" -> "customers".

    >>> plural_noun("country")
    'countries'
    """
    words = readable(name).split(" ")
    if len(words) > 1 and words[-1] in _ATTRIBUTE_SUFFIXES:
        words = words[:-1]
    last = words[-1]
    forms = getInflection(last, "NNS")
    # lemminflect offers "saleses" for words already plural; an "s" ending is a good enough sign of that.
    if forms and not last.endswith("s"):
        words[-1] = forms[0]
    return " ".join(words)


def sentence(text: str) -> str:
    """Capitalise the first letter only, leaving names such as "iPhone" or "EUR" inside alone.

    >>> sentence("total sales rose")
    'Total sales rose'
    """
    return text[:1].upper() + text[1:]
