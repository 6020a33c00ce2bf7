"""Recognize time expressions: ranges (last 3 months, Q3 2023, since March, year to date) and grains (monthly).

Rolling windows ("last 3 months") end today and start the same day N units earlier; named periods ("last month",
"this quarter", "2023") are whole calendar periods. The label says which, for the answer's explanation.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from conversql.query.structured import TimeRange
from conversql.understand.calendar import period, shift
from conversql.understand.spans import Span, TokenText, free
from conversql.understand.tokens import NUMBER_WORDS, Token

MONTHS = {m: i + 1 for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                          "september", "october", "november", "december"])}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_UNIT = r"(?P<unit>day|week|month|quarter|year)s?"
_NUM = r"(?P<n>\d+|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + ")"
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_YEAR = r"(?P<year>(?:1[6-9]|20)\d\d)"       # 1600-2099: "founded after 1850"

GRAIN_WORDS = {
    "daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter", "yearly": "year",
    "annual": "year", "annually": "year",
}


@dataclass
class Period:
    """A named period found in text, before it is placed by since/before/between."""
    start: date
    end: date
    label: str


def _num(s: str) -> int:
    return int(s) if s.isdigit() else int(NUMBER_WORDS[s])


def _named_period(m: re.Match[str], today: date) -> Period | None:
    """Turn one match of _PERIOD into a calendar period."""
    g = m.groupdict()
    if g.get("q"):
        q = int(g["q"])
        year = int(g["qyear"]) if g.get("qyear") else today.year if q <= (today.month - 1) // 3 + 1 else today.year - 1
        start = date(year, 3 * (q - 1) + 1, 1)
        return Period(start, shift(start, "quarter", 1), f"Q{q} {year}")
    if g.get("h"):
        h = int(g["h"])
        year = int(g["hyear"]) if g.get("hyear") else today.year if h == 1 or today.month > 6 else today.year - 1
        start = date(year, 1 if h == 1 else 7, 1)
        return Period(start, shift(start, "month", 6), f"H{h} {year}")
    if g.get("month"):
        month = MONTHS[g["month"]]
        if g.get("myear"):
            year = int(g["myear"])
        else:
            year = today.year if month <= today.month else today.year - 1
        start = date(year, month, 1)
        return Period(start, shift(start, "month", 1), start.strftime("%B %Y"))
    if g.get("year"):
        y = int(g["year"])
        return Period(date(y, 1, 1), date(y + 1, 1, 1), str(y))
    if g.get("iso"):
        d = date.fromisoformat(g["iso"])
        return Period(d, d + timedelta(days=1), d.isoformat())
    return None


_PERIOD_RE = (r"(?:q(?P<q>[1-4])(?: (?:of )?(?P<qyear>(?:19|20)\d\d))?"
              r"|h(?P<h>[12])(?: (?P<hyear>(?:19|20)\d\d))?"
              r"|(?P<iso>\d{4}-\d{2}-\d{2})"
              r"|" + _MONTH + r"(?: (?:of )?(?P<myear>(?:19|20)\d\d))?"
              r"|" + _YEAR + ")")
_ORDINAL_Q = re.compile(r"\b(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of (?P<y>(?:19|20)\d\d))?")
_ORDINAL_H = re.compile(r"\b(?:the )?(?P<ord>first|second|1st|2nd) half(?: of (?:the year )?(?P<y>(?:19|20)\d\d))?")
_PERIOD = re.compile(_PERIOD_RE)
_RANGE_TWO = re.compile(r"(?:between|from) (?P<a>" + _PERIOD_RE.replace("?P<", "?P<a_") + r") (?:and|to|until|through|-) (?P<b>"
                        + _PERIOD_RE.replace("?P<", "?P<b_") + ")")
# "from 2021" alone is that period ("invoices from 2021"); "from 2021 to 2023" is a range (above)
_SINCE = re.compile(r"(?P<op>since|in or after|on or after|after|starting|starting from|in or before|on or before|"
                    r"before|until|prior to) (?:the (?:year )?|year )?(?P<p>" + _PERIOD_RE + ")")   # "before the year 2000"
_ROLLING = re.compile(r"(?:(?:in|over|during|for|within) )?(?:the )?(?P<dir>last|past|previous|prior|trailing|next) "
                      + _NUM + " " + _UNIT)
_NAMED_REL = re.compile(r"(?:(?:in|over|during|for|within) )?(?:the )?(?P<which>last|past|previous|prior|this|current|next) "
                        + _UNIT)
_TO_DATE = re.compile(r"(?P<unit>year|month|quarter|week)(?: |-)to(?: |-)date|(?P<abbr>ytd|mtd|qtd|wtd)")
_DAY_WORDS = re.compile(r"(?P<w>today|yesterday)")
_THE_BEFORE = re.compile(r"(?:the )?(?P<unit>day|week|month|quarter|year) before")


def find_time(tokens: list[Token], today: date) -> list[Span]:
    """Time spans: kind 'time' with a TimeRange payload, kind 'grain' with a grain name.

    >>> find_time(tokenize("sales in the last 3 months"), date(2025, 12, 31))[0].payload
    TimeRange(start=date(2025, 9, 30), end=date(2026, 1, 1), label='last 3 months')
    """
    tt = TokenText(tokens)
    spans: list[Span] = []
    tomorrow = today + timedelta(days=1)

    def add(a: int, b: int, start: date | None, end: date | None, label: str, **meta) -> None:
        if free(spans, a, b):
            spans.append(Span("time", a, b, TimeRange(start=start, end=end, label=label), meta=meta))

    for m, a, b in tt.finditer(_RANGE_TWO):
        pa = _named_period(_sub(m, "a_"), today)
        pb = _named_period(_sub(m, "b_"), today)
        if pa and pb:
            add(a, b, pa.start, pb.end, f"{pa.label} to {pb.label}")
    for m, a, b in tt.finditer(_ROLLING):
        n, unit = _num(m["n"]), m["unit"]
        if m["dir"] == "next":
            add(a, b, tomorrow, shift(tomorrow, unit, n), f"next {n} {unit}s")
        else:
            add(a, b, shift(today, unit, -n), tomorrow, f"last {n} {unit}{'s' if n != 1 else ''}", rolling=True, n=n,
                unit=unit)
    for m, a, b in tt.finditer(_TO_DATE):
        unit = m["unit"] or {"y": "year", "m": "month", "q": "quarter", "w": "week"}[m["abbr"][0]]
        start, _ = period(today, unit)
        add(a, b, start, tomorrow, f"{unit} to date")
    for m, a, b in tt.finditer(_NAMED_REL):
        unit, which = m["unit"], m["which"]
        if which == "past":
            add(a, b, shift(today, unit, -1), tomorrow, f"past {unit}", rolling=True, n=1, unit=unit)
            continue
        offset = {"last": -1, "previous": -1, "prior": -1, "this": 0, "current": 0, "next": 1}[which]
        start, end = period(today, unit, offset)
        add(a, b, start, end, f"{'last' if offset < 0 else which} {unit}", calendar=unit)
    for m, a, b in tt.finditer(_DAY_WORDS):
        d = today if m["w"] == "today" else today - timedelta(days=1)
        add(a, b, d, d + timedelta(days=1), m["w"])
    for m, a, b in tt.finditer(_SINCE):
        p = _named_period(m, today)
        if p is None:
            continue
        op = m["op"]
        if op in ("since", "starting", "starting from", "in or after", "on or after"):
            add(a, b, p.start, tomorrow if op.startswith("s") else None, f"since {p.label}")
        elif op == "after":
            add(a, b, p.end, None, f"after {p.label}")
        elif op in ("in or before", "on or before"):
            add(a, b, None, p.end, f"until {p.label}")
        else:
            add(a, b, None, p.start, f"before {p.label}")
    for m, a, b in tt.finditer(_ORDINAL_Q):
        q = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}[m["ord"]]
        year = int(m["y"]) if m["y"] else today.year
        start = date(year, 3 * (q - 1) + 1, 1)
        add(a, b, start, shift(start, "quarter", 1), f"Q{q} {year}")
    # "the first half of 2025 ... the second half": a half without its year is of the year the question names
    named_year = next((int(t.low) for t in tokens if re.fullmatch(r"(?:19|20)\d\d", t.low)), today.year)
    for m, a, b in tt.finditer(_ORDINAL_H):
        h = 1 if m["ord"] in ("first", "1st") else 2
        year = int(m["y"]) if m["y"] else named_year
        start = date(year, 1 if h == 1 else 7, 1)
        add(a, b, start, shift(start, "month", 6), f"H{h} {year}", calendar="half")
    periods = []
    for m, a, b in tt.finditer(_PERIOD):
        if not free(spans, a, b) or (m["month"] and not _looks_like_month(tokens, a, m)):
            continue
        if m["year"] and _is_quantity(tokens, a, b):
            continue
        p = _named_period(m, today)
        if p:
            periods.append((a, b, p))
    _merge_periods(periods, tokens, spans)
    for m, a, b in tt.finditer(_THE_BEFORE):
        if free(spans, a, b):
            spans.append(Span("time_shift", a, b, m["unit"]))
    spans += find_grains(tokens, spans)
    return sorted(spans, key=lambda s: s.start)


def _sub(m: re.Match[str], prefix: str) -> re.Match[str]:
    """A view of a RANGE_TWO match's named groups for one side, as _named_period expects."""
    class _View:
        def __init__(self, d):
            self._d = d

        def groupdict(self):
            return self._d
    return _View({k[len(prefix):]: v for k, v in m.groupdict().items() if k.startswith(prefix)})  # type: ignore[return-value]


def _looks_like_month(tokens: list[Token], a: int, m: re.Match[str]) -> bool:
    """'may' and 'march' are also verbs; accept a bare month name only after a preposition or before a year."""
    word = m["month"]
    if m["myear"] or len(word) > 3 and word not in ("march", "may"):
        return a == 0 or tokens[a - 1].low in _PREPOSITIONS or word not in ("march", "may")
    return a > 0 and tokens[a - 1].low in _PREPOSITIONS


_PREPOSITIONS = {"in", "since", "for", "during", "of", "from", "until", "before", "after", "to", "and", "through",
                 "by", "between", "vs", "versus", "than", "or"}


def _is_quantity(tokens: list[Token], a: int, b: int) -> bool:
    """'over 2000', 'top 2000', '2000 tracks' are numbers, not years."""
    prev = tokens[a - 1].low if a > 0 else ""
    if prev in {"over", "above", "under", "below", "than", "top", "bottom", "least", "most", "$", "first", "exceed",
                "exceeds", "limit", "equal", "equals", "="}:
        return True
    return tokens[a].text.startswith("$")


def _merge_periods(periods: list[tuple[int, int, Period]], tokens: list[Token], spans: list[Span]) -> None:
    """Adjacent periods joined by and/vs/or become one range that a comparison can group ('2024 vs 2025')."""
    i = 0
    while i < len(periods):
        a, b, p = periods[i]
        group = [(a, b, p)]
        j = i + 1
        while j < len(periods) and periods[j][0] == group[-1][1] + 1 and \
                tokens[group[-1][1]].low in {"and", "vs", "versus", "or", "compared", ","}:
            group.append(periods[j])
            j += 1
        if j < len(periods) and len(group) == 1 and periods[j][0] == b + 2 and tokens[b].low == "compared" \
                and tokens[b + 1].low in {"to", "with"}:
            group.append(periods[j])
            j += 1
        start = min(g[2].start for g in group)
        end = max(g[2].end for g in group)
        label = " vs ".join(g[2].label for g in group) if len(group) > 1 else p.label
        spans.append(Span("time", group[0][0], group[-1][1], TimeRange(start=start, end=end, label=label),
                          meta={"compare": [(g[2].start, g[2].end, g[2].label) for g in group]} if len(group) > 1
                          else {}))
        i = j


_GRAIN_PHRASE = re.compile(r"(?:(?:per|by|each|every|a|for each|broken down by|grouped by|over|which|what) (?:the )?)?"
                           r"(?P<unit>day of (?:the )?week|weekday|day|week|month|quarter|year)s?\b"
                           r"|(?P<adj>daily|weekly|monthly|quarterly|yearly|annual|annually)"
                           r"|(?P<trend>over time|trend|trends|timeline|time series)")


_ORDERING = {"sorted", "ordered", "sort", "order", "ranked", "arranged", "listed"}


def find_grains(tokens: list[Token], taken: list[Span]) -> list[Span]:
    tt = TokenText(tokens)
    out: list[Span] = []
    for m, a, b in tt.finditer(_GRAIN_PHRASE):
        if not free(taken + out, a, b):
            continue
        if m["unit"]:
            has_marker = b - a > 1
            listed = a > 1 and tokens[a - 1].low in ("and", ",") and \
                any(t.low in ("by", "per") for t in tokens[max(0, a - 6):a - 1])
            if not has_marker and not listed:
                continue  # a bare "month" is a grain only with per/by/each ("by category and month"), else it is
                          # part of something else
            if a > 0 and tokens[a - 1].low in _ORDERING and tokens[a].low == "by":
                continue  # "sorted by year" orders by a column called year; it does not group by years
            unit = "day_of_week" if m["unit"].startswith(("day of", "weekday")) else m["unit"]
            out.append(Span("grain", a, b, unit))
        elif m["adj"]:
            out.append(Span("grain", a, b, GRAIN_WORDS[m["adj"]]))
        else:
            out.append(Span("grain", a, b, None, meta={"trend": True}))
    return out
