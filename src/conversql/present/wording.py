"""How numbers, money and names read in sentences: "1,234.5", "$1,234.50", "37.5%", "total_sales" -> "total sales"."""
from __future__ import annotations

import re

from lemminflect import getInflection, getLemma

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


# Symbols as browsers write them in English (Intl.NumberFormat), so the narrative and the table agree; other
# currencies are written with their code ("CHF 1,234.50").
_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "CNY": "CN¥", "INR": "₹", "KRW": "₩",
                     "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "MXN": "MX$", "BRL": "R$", "ILS": "₪",
                     "TWD": "NT$", "VND": "₫", "PHP": "₱"}
_NO_MINOR_UNIT = {"JPY", "KRW", "VND", "CLP", "ISK", "PYG", "UGX"}


def format_money(value: float, currency: str) -> str:
    """An amount in a currency (an ISO 4217 code), with its symbol and the currency's decimals.

    >>> format_money(121235.5875, "USD"), format_money(-5, "EUR"), format_money(1234.5, "CHF")
    ('$121,235.59', '-€5.00', 'CHF 1,234.50')
    """
    code = currency.strip().upper()
    decimals = 0 if code in _NO_MINOR_UNIT else 2
    shown = f"{abs(value):,.{decimals}f}"
    symbol = _CURRENCY_SYMBOLS.get(code)
    text = f"{symbol}{shown}" if symbol else f"{code} {shown}"
    return f"-{text}" if value < 0 and round(value, decimals) != 0 else text


def format_amount(value: float, unit: str | None, currency: str | None) -> str:
    """A measure's value as it reads in a sentence: money with its currency when one is known, else a number.

    >>> format_amount(17988.1975, "currency", "USD"), format_amount(17988.1975, "currency", None)
    ('$17,988.20', '17,988.2')
    """
    if unit == "currency" and currency:
        return format_money(value, currency)
    return format_number(value)


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


def total_of(name: str) -> str:
    """The whole a measure adds up to, without saying "total" twice.

    >>> total_of("revenue"), total_of("total_revenue")
    ('total revenue', 'total revenue')
    """
    words = readable(name)
    return words if words.split(" ")[0] in ("total", "sum") else f"total {words}"


def mid_sentence(text: str) -> str:
    """A phrase written to start a sentence, as it reads inside one: its first letter lowered, unless the first
    word is an acronym or a name with capitals inside ("USA", "iPhone").

    >>> mid_sentence("Total revenue by day"), mid_sentence("USA orders")
    ('total revenue by day', 'USA orders')
    """
    first = text.split(" ", 1)[0]
    if len(first) > 1 and any(c.isupper() for c in first[1:]):
        return text
    return text[:1].lower() + text[1:]


# The head of a phrase ends where a preposition or a clause begins: "total sales | per day", "orders | : id, date".
_HEAD_END = re.compile(r"[,:;(]| (?:by|per|of|for|in|on|with|from|where|across|over|during|sorted|excluding) ")


def is_plural(phrase: str) -> bool:
    """Whether a noun phrase names several things, by its head noun, so a verb can agree with it.

    >>> is_plural("the total sales per day"), is_plural("total revenue by day"), is_plural("the top 5: revenue")
    (True, False, True)
    """
    head = _HEAD_END.split(phrase.strip(), maxsplit=1)[0].split()
    if not head:
        return False
    last = head[-1].lower()
    if last.isdigit():
        return True       # "the top 5"
    lemmas = getLemma(last, upos="NOUN")
    return bool(lemmas) and last not in lemmas


def sentence(text: str) -> str:
    """Capitalise the first letter only, leaving names such as "iPhone" or "EUR" inside alone.

    >>> sentence("total sales rose")
    'Total sales rose'
    """
    return text[:1].upper() + text[1:]
