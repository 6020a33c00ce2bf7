"""Function words that shape a query: aggregations, grouping, ranking, comparisons and negation."""
from __future__ import annotations

import re

from conversql.understand.spans import Span, TokenText, free
from conversql.understand.tokens import NUMBER_WORDS, Token

_NUM = r"(?P<n>-?\$?\d[\d,]*(?:\.\d+)?[kmb%]?|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"

AGGREGATES = [
    # "the maximum number of passengers" is the maximum of a number column, not a count
    (re.compile(r"(?:the )?(?:maximum|max|highest|largest|biggest|greatest) number of"), "max"),
    (re.compile(r"(?:the )?(?:minimum|min|lowest|smallest|least) number of"), "min"),
    (re.compile(r"(?:the )?(?:average|mean|avg) number of"), "avg"),
    # "how many types of jobs": the different values, counted
    (re.compile(r"how many (?:different |distinct )?(?:types|type|kinds|kind|sorts) of"), "count_distinct"),
    (re.compile(r"how many|number of|count of|count|headcount|how much (?:did|do|does|have|has)?"), "count"),
    (re.compile(r"(?:the )?(?:total|sum of|sum|overall|combined|altogether|in total|how much)"), "sum"),
    (re.compile(r"(?:the )?(?:average|avg|mean|typical)"), "avg"),
    (re.compile(r"(?:the )?(?:maximum|max|highest|largest|biggest|greatest|most expensive|longest|latest|newest|"
                r"most recent|most recently|tallest|heaviest)"), "max"),
    (re.compile(r"the last"), "max"),                # "the last order": the latest (never "last year", a time)
    (re.compile(r"(?:the )?(?:minimum|min|lowest|smallest|least expensive|cheapest|shortest|earliest|oldest|"
                r"youngest|lightest|first)"), "min"),
    (re.compile(r"(?:different|distinct|unique)"), "count_distinct"),
]

_COMPARE = re.compile(r"(?P<op>(?:more|greater|larger|bigger|higher) than or equal to|(?:less|fewer|smaller|lower) "
                      r"than or equal to|more than|greater than|larger than|bigger than|longer than|higher than|older than|"
                      r"younger than|taller than|heavier than|over|above|"
                      r"exceeding|exceeds|at least|no less than|>=|>|less than|fewer than|smaller than|shorter than|"
                      r"lower than|under|below|at most|no more than|<=|<|equal to|equals|exactly|=|"
                      r"greater|bigger|larger|higher|smaller|lower|older|younger) " + _NUM +
                      r"(?: (?P<unit>minutes?|mins?|seconds?|secs?|hours?|hrs?|ms|milliseconds?|kb|mb|gb|tb|bytes?|"
                      r"dollars?|usd|euros?|eur|percent|%))?")
_COMPARE_AVG = re.compile(r"(?P<op>more than|greater than|larger than|bigger than|longer than|higher than|over|above|"
                          r"less than|fewer than|smaller than|shorter than|lower than|under|below) (?:the )?"
                          r"(?:overall )?(?:average|mean)(?: of all)?")
# "nominated more than two times", "at least twice", "booked 3 times": how often a thing occurs (its rows counted)
_TIMES = re.compile(r"(?:(?P<op>more than|over|at least|no less than|less than|fewer than|under|at most|no more than|"
                    r"exactly) )?(?:(?P<word>once|twice|thrice)|" + _NUM + r" times)")
_TIMES_WORDS = {"once": 1, "twice": 2, "thrice": 3}
# "3 or more actors", "five or fewer stars"
_OR_MORE = re.compile(_NUM + r" or (?P<dir>more|greater|higher|above|over|older|fewer|less|lower|below|under|"
                      r"younger)")
_OR_OPS = {"more": ">=", "greater": ">=", "higher": ">=", "above": ">=", "over": ">=", "older": ">=", "fewer": "<=",
           "less": "<=", "lower": "<=", "below": "<=", "under": "<=", "younger": "<="}
_BETWEEN = re.compile(r"between " + _NUM.replace("?P<n>", "?P<lo>") + r" and " + _NUM.replace("?P<n>", "?P<hi>"))
_OPS = {"more than": ">", "greater than": ">", "larger than": ">", "bigger than": ">", "longer than": ">",
        "higher than": ">", "older than": ">", "younger than": "<", "taller than": ">", "heavier than": ">",
        "over": ">", "above": ">", "exceeding": ">", "exceeds": ">", "at least": ">=",
        "no less than": ">=", ">=": ">=", ">": ">", "less than": "<", "fewer than": "<", "smaller than": "<",
        "shorter than": "<", "lower than": "<", "under": "<", "below": "<", "at most": "<=", "no more than": "<=",
        "<=": "<=", "<": "<", "equal to": "=", "equals": "=", "exactly": "=", "=": "=", "the same as": "=",
        "more than or equal to": ">=", "greater than or equal to": ">=", "larger than or equal to": ">=",
        "bigger than or equal to": ">=", "higher than or equal to": ">=", "less than or equal to": "<=",
        "fewer than or equal to": "<=", "smaller than or equal to": "<=", "lower than or equal to": "<=",
        # "age greater 30": the comparison without its "than"
        "greater": ">", "bigger": ">", "larger": ">", "higher": ">", "smaller": "<", "lower": "<", "older": ">",
        "younger": "<"}

_ADJ = (r"(?: (?P<adj>most expensive|least expensive|expensive|cheapest|oldest|youngest|longest|shortest|largest|"
        r"biggest|smallest|tallest|heaviest|newest|latest|earliest))?")
_RANK = re.compile(r"(?P<dir>top|bottom|best|worst|first|last|highest|lowest|largest|smallest|biggest|latest|newest|"
                   r"most recent|earliest|oldest) " + _NUM + _ADJ +
                   r"|" + _NUM.replace("?P<n>", "?P<n2>") + r" (?P<dir2>biggest|largest|highest|longest|"
                   r"most|best|top|greatest|smallest|lowest|shortest|least|fewest|worst|cheapest|oldest|newest|"
                   r"latest|most expensive|tallest|heaviest|youngest)")
_COUNTED = re.compile(r"(?:the|which|what|show|list|name|give me|find) " + _NUM + r"(?= [a-z])")
_SUPERLATIVE = re.compile(r"(?:the )?(?P<dir>(?:most|least) (?:common|popular|frequently|frequent|often)|"
                          r"(?:most|fewest|least) times|most|least|fewest|highest|"
                          r"lowest|biggest|largest|smallest|best|worst|top|bottom|longest|shortest|cheapest|oldest|"
                          r"newest|latest|earliest)")
# "nominated the greatest number of times": how often, ranked
_MOST_TIMES = re.compile(r"(?:the )?(?P<dir>greatest|largest|highest|biggest|maximum|max|most|smallest|lowest|least|"
                         r"fewest|minimum|min) (?:number|amount) of times")
_FEWEST = {"smallest", "lowest", "least", "fewest", "minimum", "min"}
ASCENDING = {"bottom", "worst", "lowest", "smallest", "least", "fewest", "shortest", "cheapest", "oldest",
             "earliest", "least common", "least popular", "least frequent", "least frequently", "least often",
             "fewest times", "least times"}

_IN_UNIT = re.compile(r"(?:in|as|into) (?P<unit>minutes?|mins?|seconds?|secs?|hours?|hrs?|kb|mb|gb|tb|kilobytes?|"
                      r"megabytes?|gigabytes?)")
_UNIT_NAMES = {"min": "minutes", "minute": "minutes", "sec": "seconds", "second": "seconds", "hr": "hours",
               "hour": "hours", "kilobyte": "kb", "megabyte": "mb", "gigabyte": "gb"}
# a comparison word with no number after it: "a support rate lower than their oppose rate"
_COMPARATOR = re.compile(r"(?:is |are |was |were )?(?P<op>more than|greater than|larger than|bigger than|higher than|"
                         r"less than|fewer than|smaller than|lower than|equal to|the same as)(?: (?:their|its|the)\b)?")
# "how long is the playlist", "how big are those files": the column the adjective is about
_HOW_ADJ = re.compile(r"how (?P<adj>long|big|large|heavy|tall|expensive)")
# "all information about the students", "everything about each body builder": every column
_EVERYTHING = re.compile(r"(?:all (?:the )?(?:\w+ )?(?:information|info|details|data|attributes)\b|(?:the )?(?:information|"
                         r"info|full details|complete details) (?:about|of|regarding|for|on)\b|everything about)")
# "are Jazz tracks longer than Classical ones": two things compared on the adjective's column
_THAN_THING = re.compile(r"(?P<adj>longer|bigger|larger|heavier|taller|more expensive) than(?= (?:the )?[a-z])")
_THAN_WORDS = {"longer": "longest", "bigger": "biggest", "larger": "largest", "heavier": "heaviest",
               "taller": "tallest", "more expensive": "most expensive"}
_HOW_WORDS = {"long": "longest", "big": "biggest", "large": "largest", "heavy": "heaviest", "tall": "tallest",
              "expensive": "most expensive"}
_SHARE = re.compile(r"(?:what |the )?(?:share|percentage|percent|proportion|fraction|%) of|what (?:share|percentage|"
                    r"percent|proportion|fraction|%)")
_ORDER = re.compile(r"(?:(?:in )?(?:the )?(?:ascending |descending |alphabetical |increasing |decreasing )?order of"
                    r"|(?:sorted|ordered|sort|order|ranked|arranged|listed)(?: them| it| the results?)? by"
                    r"(?: (?:the )?(?:descending|ascending|decreasing|increasing) order of"
                    r"| (?:descending|ascending|decreasing|increasing)(?= \w))?"       # "listed by descending age"
                    r"|in (?:the )?(?:(?:ascending|descending|increasing|decreasing|reverse) )?(?:ascending|"
                    r"descending|alphabetical|increasing|decreasing|lexicographic(?:al)?|chronological) order"
                    r"(?: of| by)?"
                    r"|(?:sorted|ordered) (?:in )?(?:ascending|descending|alphabetically|alphabetical)(?: order)?"
                    r"(?: by| of)?"
                    r"|from (?:the )?(?:highest|largest|most|biggest|newest|latest|oldest|lowest|smallest|least|"
                    r"fewest|earliest) to (?:the )?(?:highest|largest|most|biggest|newest|latest|oldest|lowest|"
                    r"smallest|least|fewest|earliest)(?: by| of)?"
                    r"|(?:ascending|descending)ly|alphabetically)")
_DESC_WORDS = re.compile(r"descending|decreasing|reverse|from (?:the )?(?:highest|largest|most|biggest|newest|latest)")
_GROUP = re.compile(r"(?:broken down by|break(?:ing)? (?:it )?down by|grouped by|group by|split by|for each|"
                    r"for every|by|per|each|across(?! all\b| every\b| the whole\b)|within each)")
# not "of": "the number of different cities" counts them
_GROUP_DIFFERENT = re.compile(r"(?:for|across|among) (?:the |all the |all )?(?:different|various|distinct)")
_NEGATION = re.compile(r"(?:not in|never|not|except|excluding|exclude|other than|apart from|without|but not|"
                       r"don't|doesn't|didn't|haven't|hasn't|no)")
_UNIT_FACTORS = {"minute": 60000, "min": 60000, "second": 1000, "sec": 1000, "hour": 3600000, "hr": 3600000,
                 "ms": 1, "millisecond": 1, "kb": 1024, "mb": 1024 ** 2, "gb": 1024 ** 3, "tb": 1024 ** 4}


def _n(text: str) -> float:
    t = text.lower().lstrip("$").replace(",", "").rstrip("%")
    if t in NUMBER_WORDS:
        return float(NUMBER_WORDS[t])
    mult = {"k": 1e3, "m": 1e6, "b": 1e9}.get(t[-1], 1)
    return float(t.rstrip("kmb")) * mult


def unit_factor(unit: str | None) -> tuple[str | None, float]:
    """The base unit family and factor of a unit word: 'minutes' -> ('ms', 60000), 'MB' -> ('bytes', 1048576)."""
    if not unit:
        return None, 1.0
    u = unit.lower().rstrip("s") if unit.lower() not in ("ms",) else "ms"
    u = {"kilobyte": "kb", "megabyte": "mb", "gigabyte": "gb"}.get(u, u)
    if u in ("kb", "mb", "gb", "tb", "byte"):
        return "bytes", float(_UNIT_FACTORS.get(u, 1))
    if u in _UNIT_FACTORS:
        return "ms", float(_UNIT_FACTORS[u])
    return None, 1.0


def _adder(taken: list[Span], spans: list[Span]):
    def add(kind: str, a: int, b: int, payload, **meta) -> None:
        if free(taken + spans, a, b):
            spans.append(Span(kind, a, b, payload, meta=meta))
    return add


def find_number_cues(tokens: list[Token], taken: list[Span]) -> list[Span]:
    """Spans of kind compare ('over $15', 'longer than 10 minutes') and rank ('top 5', '3 biggest')."""
    tt = TokenText(tokens)
    spans: list[Span] = []
    add = _adder(taken, spans)
    for m, a, b in tt.finditer(_TIMES):
        n = _TIMES_WORDS[m["word"]] if m["word"] else _n(m["n"])
        add("compare", a, b, (_OPS[m["op"]] if m["op"] else "=", n), times=True, word=m.group(0))
    for m, a, b in tt.finditer(_COMPARE_AVG):
        add("compare", a, b, (_OPS[m["op"]], None), to="avg", word=m["op"])
    for m, a, b in tt.finditer(_BETWEEN):
        add("compare", a, b, ("between", [_n(m["lo"]), _n(m["hi"])]))
    for m, a, b in tt.finditer(_OR_MORE):
        add("compare", a, b, (_OR_OPS[m["dir"]], _n(m["n"])), word=m.group(0))
    for m, a, b in tt.finditer(_COMPARE):
        family, factor = unit_factor(m["unit"])
        add("compare", a, b, (_OPS[m["op"]], _n(m["n"])), unit=family, factor=factor, word=m["op"])
    for m, a, b in tt.finditer(_COUNTED):
        # "the 5 genres", "which 3 artists": a small number before a noun asks for that many rows
        if _n(m["n"]) >= 1 and (b >= len(tokens) or tokens[b].number is None):
            add("rank", a + 1, b, int(_n(m["n"])), ascending=False, word="", implicit=True)
    for m, a, b in tt.finditer(_RANK):
        d = m["adj"] or m["dir"] or m["dir2"]          # "top 3 expensive rooms": the adjective says by what
        d = {"expensive": "most expensive"}.get(d, d)
        add("rank", a, b, int(_n(m["n"] or m["n2"])), ascending=d in ASCENDING or d == "youngest", word=d)
    return spans


# "revenue growth by month", "year over year change", "how did orders grow": the change from one time group to the
# next; the payload is the grain an "X over X" phrase names, else None
_GROWTH = re.compile(r"(?P<unit>day|week|month|quarter|year)[ -]over[ -](?:day|week|month|quarter|year)"
                     r"(?: (?:growth|change|increase|decrease))?|yoy|mom|growth|grew|grow|growing|"
                     r"(?:percent(?:age)? |% )?change")
_GROWTH_UNITS = {"yoy": "year", "mom": "month"}


def find_growth(tokens: list[Token], taken: list[Span]) -> list[Span]:
    """Spans of kind growth, found before time expressions ('year over year' is not 'over year')."""
    spans: list[Span] = []
    add = _adder(taken, spans)
    for m, a, b in TokenText(tokens).finditer(_GROWTH):
        add("growth", a, b, m["unit"] or _GROWTH_UNITS.get(m.group(0)))
    return spans


def find_word_cues(tokens: list[Token], taken: list[Span]) -> list[Span]:
    """Spans of kind aggregate, superlative, group and negate."""
    tt = TokenText(tokens)
    spans: list[Span] = []
    add = _adder(taken, spans)
    for m, a, b in tt.finditer(_IN_UNIT):
        family, factor = unit_factor(m["unit"])
        if family:
            add("unit", a, b, (family, factor, _UNIT_NAMES.get(m["unit"].rstrip("s"), m["unit"])))
    for m, a, b in tt.finditer(_SHARE):
        add("share", a, b, m.group(0))
    for m, a, b in tt.finditer(_HOW_ADJ):
        add("how", a, b, _HOW_WORDS[m["adj"]])
    for m, a, b in tt.finditer(_EVERYTHING):
        add("everything", a, b, m.group(0))
    for m, a, b in tt.finditer(_THAN_THING):
        add("how", a, b, _THAN_WORDS[m["adj"]])
    for m, a, b in tt.finditer(_COMPARATOR):
        add("comparator", a, b, _OPS[m["op"]], word=m["op"])
    for m, a, b in tt.finditer(_ORDER):
        words = m.group(0)
        add("order", a, b, "desc" if _DESC_WORDS.search(words) else "asc", word=words,
            alphabetical="alphabetical" in words)
    for m, a, b in tt.finditer(_GROUP_DIFFERENT):
        add("group", a, b, m.group(0))         # "the average amount for different investors": per investor
    for m, a, b in tt.finditer(_MOST_TIMES):          # before "the greatest number of" is read as a maximum
        add("superlative", a, b, "fewest times" if m["dir"] in _FEWEST else "most times",
            ascending=m["dir"] in _FEWEST)
    for pattern, agg in AGGREGATES:
        for m, a, b in tt.finditer(pattern):
            add("aggregate", a, b, agg, word=m.group(0))
    for m, a, b in tt.finditer(_SUPERLATIVE):
        add("superlative", a, b, m["dir"], ascending=m["dir"] in ASCENDING)
    for m, a, b in tt.finditer(_GROUP):
        add("group", a, b, m.group(0))
    for m, a, b in tt.finditer(_NEGATION):
        add("negate", a, b, m.group(0))
    return sorted(spans, key=lambda s: s.start)


_QUOTED = re.compile(r"(?:^|(?<=[\s(,:]))[\"“'‘]([^\"”'’]{1,80})[\"”'’](?=$|[\s?.,;:)!])")
_LIKE_BEFORE = [
    (re.compile(r"(?:starts?|starting|begins?|beginning) with(?: (?:the )?(?:letter|letters|prefix|string|word))?\s*$",
                re.I), "prefix"),
    (re.compile(r"(?:ends?|ending) with(?: (?:the )?(?:letter|letters|suffix|string|word))?\s*$", re.I), "suffix"),
    (re.compile(r"(?:contains?|containing|including|includes?|with|has|have|having)(?: (?:the|a))?"
                r" (?:substring|string|word|words|phrase|text|letters?)\s*$|(?:contains?|containing|includes?"
                r"|including)\s*$|like\s*$", re.I), "contains"),
]


# "with the letter a in their names", "containing the letter M": letters named without quotes; "contains TN": a
# code in capitals after a word of containing
_LETTERS = re.compile(r"\b(?:the |a )?(?:letters?|character|substring) [\"'‘“]?(?P<x>[A-Za-z0-9]{1,3})\b"
                      r"|\b(?:contains?|containing|includes?|including) (?P<code>[A-Z][A-Z0-9]{1,3})\b")


_LIKE_CUE_WORDS = {"contain", "contains", "containing", "include", "includes", "including", "the", "a", "letter",
                   "letters", "character", "substring", "string", "word", "starts", "start", "starting", "begins",
                   "begin", "beginning", "ends", "end", "ending", "with", "like"}


def find_literals(question: str, tokens: list[Token], taken: list[Span]) -> list[Span]:
    """Quoted strings ("Kyle", 'ALA') and letters after 'starts with': text to compare a column with."""
    spans: list[Span] = []
    found = [(m.start(1), m.end(1), m.group(1)) for m in _QUOTED.finditer(question)]
    for m in re.finditer(r"(?:starts?|starting|begins?|beginning|ends?|ending) with (?:the )?(?:letter |prefix )?"
                         r"([A-Za-z0-9]{1,3})\b", question, re.I):
        if m.group(1).lower() in ("the", "a", "an", "my", "our") and not m.group(1).isupper():
            continue      # "starting with the oldest" orders; it names no letters
        if not any(a <= m.start(1) < b for a, b, _ in found):
            found.append((m.start(1), m.end(1), m.group(1)))
    # "with the letter a in their names", "containing the letter M", "contains TN": unquoted letters and codes
    for m in _LETTERS.finditer(question):
        group = "x" if m.group("x") else "code"
        if not any(a <= m.start(group) < b for a, b, _ in found):
            found.append((m.start(group), m.end(group), m.group(group)))
    for start, end, text in found:
        covered = [t.i for t in tokens if t.start >= start and t.end <= end]
        if not covered:
            continue
        a, b = min(covered), max(covered) + 1
        cue = a
        while cue > 0 and tokens[cue - 1].low in _LIKE_CUE_WORDS:
            cue -= 1                # "does not contain the letter": understood, though it filters nothing itself
        if cue < a:
            spans.append(Span("literal_cue", cue, a, None))
        before = question[:max(0, start - 1)]
        mode = next((mode for rx, mode in _LIKE_BEFORE if rx.search(before)), None) or \
            ("contains" if re.search(r"(?:letters?|character|substring)\s*[\"'‘“]?$", before, re.I) else "equals")
        spans.append(Span("literal", a, b, text, meta={"mode": mode}))
    return spans
