"""How numbers, money and names read in sentences: "1,234.5", "$1,234.50", "37.5%", "total_sales" -> "total sales"."""
from __future__ import annotations

import re
from typing import Sequence

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


_PERCENT_WORDS = re.compile(r"^(?:pct|percent|percentage) of (.+)$|^(.+) (?:pct|percent|percentage)$")
_PERIOD_PART = re.compile(r"^[qhw]\d{1,2}$")      # q3, h1, w12: a quarter, half or week written in a name


def measure_words(name: str) -> str:
    """A measure's name as words; a percentage is named by what it measures, its value saying it is one.

    >>> measure_words("total_revenue_growth_pct"), measure_words("pct_of_total_revenue")
    ('total revenue growth', 'share of total revenue')
    """
    words = readable(name)
    match = _PERCENT_WORDS.match(words)
    if match is None:
        return words
    return f"share of {match.group(1)}" if match.group(1) else match.group(2)


def compared_names(names: Sequence[str]) -> tuple[str, list[str]]:
    """What the names of several columns share and what sets each apart: one measure and its periods
    ("total revenue": "last year", "this year"), or a quantity and its kinds ("price": "min price", "max price").

    >>> compared_names(["total_revenue_2024", "total_revenue_2025_q3"])
    ('total revenue', ['2024', '2025 Q3'])
    """
    split = [readable(n).split(" ") for n in names]
    shortest = min(len(words) for words in split)
    lead = 0
    while lead < shortest - 1 and len({words[lead] for words in split}) == 1:
        lead += 1
    if lead:
        return " ".join(split[0][:lead]), [" ".join(_period_part(w) for w in words[lead:]) for words in split]
    tail = 0
    while tail < shortest - 1 and len({words[-1 - tail] for words in split}) == 1:
        tail += 1
    stem = " ".join(split[0][len(split[0]) - tail:]) if tail else ""
    return stem, [" ".join(words) for words in split]


def measure_in_periods(names: Sequence[str]) -> tuple[str, list[str]] | None:
    """The measure and its periods when columns are one measure in several periods, their names alike but for
    the end; None for different measures ("min_price", "max_price").

    >>> measure_in_periods(["total_revenue_last_year", "total_revenue_this_year"])
    ('total revenue', ['last year', 'this year'])
    """
    stem, periods = compared_names(names)
    return (stem, periods) if stem and readable(names[0]).startswith(stem + " ") else None


def compared_title(names: Sequence[str]) -> str:
    """The title of an axis that holds several columns: what they share, or all of them when nothing.

    >>> compared_title(["total_revenue_2024", "total_revenue_2025"]), compared_title(["revenue", "cost"])
    ('Total revenue', 'Revenue, cost')
    """
    stem, parts = compared_names(names)
    return sentence(stem or ", ".join(parts))


def _period_part(word: str) -> str:
    return word.upper() if _PERIOD_PART.match(word) else word


def period_phrase(period: str) -> str:
    """A period a column is named after, as it follows an amount: "$5.00 in 2024", "$5.00 last year".

    >>> period_phrase("2024"), period_phrase("Q3 2025"), period_phrase("last year")
    ('in 2024', 'in Q3 2025', 'last year')
    """
    return f"in {period}" if period[:1].isdigit() or _PERIOD_PART.match(period.split(" ")[0].lower()) else period


_NAME_PARTS = {"first", "last", "given", "family", "middle", "sur", "f", "l"}


def plural_noun(name: str) -> str:
    """What the rows of a label column are, in the plural: "customer_name" -> "customers".

    >>> plural_noun("country")
    'countries'
    """
    words = readable(name).split(" ")
    if len(words) > 1 and words[-1] in _ATTRIBUTE_SUFFIXES:
        words = words[:-1]
    if words[-1] in _NAME_PARTS:
        return "people"          # "first_name" names people, not "firsts"
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
