"""Pronouns that point at the person the previous answer named: 'Who does Jane Peacock report to?' -> Nancy
Edwards; 'and who does she report to?' asks about Nancy Edwards, a question of its own rather than an edit of the
previous query."""
from __future__ import annotations

import re

_PERSON = re.compile(r"\b(he|she|him|her|his)\b(\s+\w+)?", re.I)
# words after "her" that make it an object pronoun ("report to her?", "her and", "her in 2024"), not "her customers"
_NOT_A_NOUN = {"to", "and", "or", "in", "on", "at", "for", "with", "from", "by", "directly", "report", "reports"}


def name_pronouns(question: str, columns: list[str], rows: list[list]) -> str | None:
    """The question with he/she/him/her/his replaced by the one person the previous answer named, or None.

    >>> name_pronouns("and who does she report to?", ["manager", "title"], [["Nancy Edwards", "Sales Manager"]])
    'and who does Nancy Edwards report to?'
    """
    if len(rows) != 1 or not rows[0] or not isinstance(rows[0][0], str) or not _PERSON.search(question):
        return None
    name = _person_name(columns, rows[0])
    if len(name.split()) < 2:          # a person's name has a first and a last name; anything else is not "she"
        return None

    def replace(m: re.Match) -> str:
        word, after = m.group(1).lower(), m.group(2) or ""
        possessive = word == "his" or word == "her" and after.strip() and after.strip().lower() not in _NOT_A_NOUN
        return f"{name}'s{after}" if possessive else f"{name}{after}"

    return _PERSON.sub(replace, question)


_FIRST = re.compile(r"(^|_)(first|f|given)_?name$", re.I)
_LAST = re.compile(r"(^|_)(last|l|family|sur)_?name$", re.I)


def _person_name(columns: list[str], row: list) -> str:
    """The name in the first column, or first and last name when a listing shows them as two columns.

    >>> _person_name(["first_name", "last_name", "title"], ["Nancy", "Edwards", "Sales Manager"])
    'Nancy Edwards'
    """
    if len(columns) > 1 and len(row) > 1 and _FIRST.search(columns[0]) and _LAST.search(columns[1]) \
            and isinstance(row[1], str):
        return f"{row[0].strip()} {row[1].strip()}"
    return row[0].strip()
