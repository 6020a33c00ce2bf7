"""Words from schema names: snake_case, CamelCase and abbreviations become the words people say."""
from __future__ import annotations

import re
from functools import lru_cache

from lemminflect import getInflection, getLemma

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")


def split_name(name: str) -> list[str]:
    """Split an identifier into lower-case words.

    >>> split_name("InvoiceLine_ID")
    ['invoice', 'line', 'id']
    """
    parts = re.split(r"[_\s\-.]+", _CAMEL.sub(" ", name.strip()))
    return [p.lower() for p in " ".join(parts).split() if p]


@lru_cache(maxsize=8192)
def singular(word: str) -> str:
    """The singular of a noun ('categories' -> 'category'); words that are not plurals come back unchanged."""
    if len(word) <= 3 or not word.isalpha() or word.endswith("ss"):
        return word
    lemma = getLemma(word, upos="NOUN")
    return lemma[0] if lemma else word


@lru_cache(maxsize=8192)
def plural(word: str) -> str:
    """The plural of a noun or of a phrase's last word: 'order detail' -> 'order details'."""
    if " " in word:
        head, _, last = word.rpartition(" ")
        return f"{head} {plural(last)}"
    if not word.isalpha():
        return word
    forms = getInflection(singular(word), tag="NNS")
    return forms[0] if forms else word + "s"


def singular_phrase(words: list[str]) -> list[str]:
    """Singularize the head noun (the last word): 'order details' -> 'order detail'."""
    return words[:-1] + [singular(words[-1])] if words else words


_TABLE_PREFIXES = {"ref", "tbl", "dim", "fact", "lkp", "lu", "lookup", "t"}


def label_of(name: str) -> str:
    """A readable label for an identifier: 'order_details' -> 'order detail', 'HireDate' -> 'hire date';
    a table's technical prefix goes: 'ref_colors' -> 'color'."""
    words = split_name(name)
    if len(words) > 1 and words[0] in _TABLE_PREFIXES:
        words = words[1:]
    return " ".join(singular_phrase(words))


def column_label(name: str) -> str:
    """A column's label keeps its number: 'units_in_stock' -> 'units in stock'; a trailing id is kept."""
    return " ".join(split_name(name))


# Abbreviations in column names and the words people say for them ("fname" is asked for as "first name").
ABBREVIATIONS = {"fname": "first name", "lname": "last name", "mname": "middle name", "dob": "date of birth",
                 "qty": "quantity", "amt": "amount", "dept": "department", "emp": "employee", "cust": "customer",
                 "addr": "address", "desc": "description", "enr": "enrollment", "pos": "position", "yr": "year",
                 "num": "number", "pct": "percent", "avg": "average", "tel": "telephone", "mgr": "manager",
                 "org": "organization", "prod": "product", "cat": "category", "loc": "location", "dt": "date",
                 "inst": "institution", "lat": "latitude", "long": "longitude", "lng": "longitude", "lon": "longitude",
                 "stu": "student", "crs": "course", "prof": "professor", "hrs": "hours", "bal": "balance",
                 "acct": "account", "acc": "account", "apt": "apartment", "dest": "destination", "src": "source",
                 "cnt": "count"}


def spoken_words(name: str) -> list[str]:
    """An identifier's words with abbreviations spelled out: 'LName' and 'lname' -> ['last', 'name'].

    >>> spoken_words("emp_fname")
    ['employee', 'first', 'name']
    """
    words = split_name(name)
    joined: list[str] = []
    for w in words:                         # "LName" splits as l + name
        if joined and w == "name" and joined[-1] in ("f", "l", "m"):
            joined[-1] += "name"
        else:
            joined.append(w)
    return " ".join(ABBREVIATIONS.get(w, w) for w in joined).split()


def expanded_label(name: str) -> str | None:
    """The spoken label of an identifier when it differs from its plain words, else None: 'fname' -> 'first
    name'."""
    spoken = spoken_words(name)
    return " ".join(spoken) if spoken != split_name(name) else None
