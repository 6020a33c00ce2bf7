"""The value index: distinct values of text columns too many to keep as lexicon phrases, for linking.

The lexicon holds the values of small columns as phrases (semantic/values.py keeps up to 5,000 per column, from
tables of up to 200,000 rows). A column of a million customer names would make that lexicon slow to build and
large to hold, yet "orders of Bruno Nakamura" should still find the customer. The index keeps such values in two
byte strings (the normalized keys, sorted, and the values as stored) with integer offsets, so a million values
cost tens of megabytes instead of hundreds, and answers

- `exact(text)`: every (reference, value) whose words are `text`'s words, case and punctuation aside, by binary
  search over the sorted keys;
- `similar(text)`: the closest values by edit distance (rapidfuzz), among the keys that share `text`'s first
  characters (two, or up to eight when two leave more than 20,000 keys), so a typo after those is forgiven
  without scanning every value.

A reference is a field id ("customers.company_name") or, for a name spread over several columns (first and last
name), the entity ("customers"). What is kept is bounded (`IndexLimits`): see `build_value_index` for the policy.

    >>> index = ValueIndex.from_columns({"customers.name": ["Bruno Nakamura", "Ada Rossi"]})
    >>> index.exact("bruno  NAKAMURA")
    [('customers.name', 'Bruno Nakamura')]
"""
from __future__ import annotations

import logging
import re
import time
from array import array
from bisect import bisect_left
from collections.abc import Iterable
from itertools import accumulate
from operator import add
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from sqlglot import exp

from conversql.semantic.model import CATEGORY, NAME, SemanticModel
from conversql.sources.base import Source, SourceError

log = logging.getLogger(__name__)

MAX_VALUE_CHARS = 80            # longer text is a description or a comment, not something a question names
MAX_FUZZY_CANDIDATES = 20_000   # keys compared by edit distance in one `similar` call, at most
MAX_PREFIX_CHARS = 8            # the longest shared prefix `similar` narrows the candidates by
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """The key a value is found by: its words, lower-cased, one space apart ('AC/DC' and 'ac dc' meet).

    >>> normalize("  O'Brien & Sons ")
    'o brien sons'
    """
    return " ".join(_WORD.findall(text.lower()))


@dataclass(frozen=True)
class IndexLimits:
    """How much one source's index may hold. `max_values` counts (reference, value) entries; `max_bytes` the
    UTF-8 bytes of keys and values together (the index's memory is about 1.2 times that plus 12 bytes an
    entry)."""
    max_values: int = 1_000_000
    max_bytes: int = 64 * 2**20
    timeout_s: float = 30.0


@dataclass
class IndexedColumn:
    ref: str                   # field id, or entity id for a name over several columns
    kept: int = 0              # distinct values in the index
    truncated: bool = False    # the column had more values than the limits left room for
    ms: float = 0.0            # time to read it from the source


@dataclass
class ValueIndex:
    """Sorted normalized keys and their values, in two byte strings with offsets; immutable once built."""
    columns: list[IndexedColumn] = field(default_factory=list)
    _keys: bytes = b""                                        # b"key\nkey\n...", sorted
    _key_starts: array = field(default_factory=lambda: array("Q", [0]))     # n + 1 offsets into _keys
    _values: bytes = b""
    _value_starts: array = field(default_factory=lambda: array("Q", [0]))
    _refs: array = field(default_factory=lambda: array("I"))                # column position per entry
    max_words: int = 0
    build_ms: float = 0.0

    @classmethod
    def from_columns(cls, columns: dict[str, Iterable[str]], limits: IndexLimits | None = None) -> ValueIndex:
        """An index of the given values per reference, kept in the order given until a limit is reached.

        >>> len(ValueIndex.from_columns({"a.b": ["x", "y"]}, IndexLimits(max_values=1)))
        1
        """
        builder = _Builder(limits or IndexLimits())
        for ref, values in columns.items():
            builder.add(ref, values)
        return builder.finish()

    def __len__(self) -> int:
        return len(self._refs)

    @property
    def nbytes(self) -> int:
        """Memory held by the entries (the byte strings and offset arrays)."""
        return (len(self._keys) + len(self._values) + self._key_starts.itemsize * len(self._key_starts)
                + self._value_starts.itemsize * len(self._value_starts) + self._refs.itemsize * len(self._refs))

    @property
    def refs(self) -> list[str]:
        return [c.ref for c in self.columns]

    def _key(self, i: int) -> bytes:
        return self._keys[self._key_starts[i]:self._key_starts[i + 1] - 1]

    def _entry(self, i: int) -> tuple[str, str]:
        value = self._values[self._value_starts[i]:self._value_starts[i + 1]].decode()
        return self.columns[self._refs[i]].ref, value

    def _first_at_or_after(self, key: bytes) -> int:
        lo, hi = 0, len(self._refs)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._key(mid) < key:
                lo = mid + 1
            else:
                hi = mid
        return lo

    def exact(self, text: str) -> list[tuple[str, str]]:
        """(reference, value) of every value with the same words as `text`."""
        key = normalize(text).encode()
        if not key:
            return []
        i = self._first_at_or_after(key)
        out = []
        while i < len(self._refs) and self._key(i) == key:
            out.append(self._entry(i))
            i += 1
        return out

    def similar(self, text: str, *, limit: int = 5, cutoff: float = 85.0) -> list[tuple[str, str, float]]:
        """(reference, value, score 0-100) of the values closest to `text`, best first, scored by
        `rapidfuzz.fuzz.ratio` over normalized keys. Only keys sharing `text`'s first characters are compared: the
        first two, or as many more (up to 8) as it takes to leave at most 20,000 keys.

        >>> ValueIndex.from_columns({"c.name": ["Bruno Nakamura"]}).similar("bruno nakamora")[0][1]
        'Bruno Nakamura'
        """
        key = normalize(text)
        if len(key) < 3 or not len(self):
            return []
        # the shortest prefix (two characters or more) whose keys are few enough to compare them all
        for n in range(2, max(3, min(len(key), MAX_PREFIX_CHARS) + 1)):
            lo, hi = self._block(key[:n].encode())
            if hi - lo <= MAX_FUZZY_CANDIDATES:
                break
        hi = min(hi, lo + MAX_FUZZY_CANDIDATES)
        if lo >= hi:
            return []
        block = self._keys[self._key_starts[lo]:self._key_starts[hi] - 1].decode().split("\n")
        hits = process.extract(key, block, scorer=fuzz.ratio, score_cutoff=cutoff, limit=limit)
        return [(*self._entry(lo + i), score) for _, score, i in hits]

    def _block(self, prefix: bytes) -> tuple[int, int]:
        return self._first_at_or_after(prefix), self._first_at_or_after(prefix + b"\xff")


class _Builder:
    """Collects (key, reference, value) entries under the limits, then sorts them into a `ValueIndex`.

    Keys are made a column at a time with a few passes over the column's values joined into one string (one
    lower(), two regular-expression substitutions), not one call per value: a million values take about a
    second, not several."""

    def __init__(self, limits: IndexLimits):
        self.limits = limits
        self.columns: list[IndexedColumn] = []
        self.keys: list[str] = []
        self.values: list[str] = []
        self.refs: list[int] = []
        self.bytes = 0
        self.started = time.perf_counter()

    @property
    def room(self) -> int:
        return max(0, self.limits.max_values - len(self.keys))

    def add(self, ref: str, values: Iterable[str]) -> IndexedColumn:
        column = IndexedColumn(ref)
        position = len(self.columns)
        self.columns.append(column)
        kept = [v for v in values if isinstance(v, str) and 0 < len(v) <= MAX_VALUE_CHARS and "\n" not in v]
        if not kept:
            return column
        keys = _keys_of("\n".join(kept).lower())
        # the first value of each key wins (values come most frequent first when a column was cut)
        first = dict(zip(reversed(keys), reversed(kept)))
        first.pop("", None)
        del keys, kept
        new_keys, new_values = list(first)[::-1], list(first.values())[::-1]
        del first
        room = self.room
        if len(new_keys) > room:
            new_keys, new_values, column.truncated = new_keys[:room], new_values[:room], True
        size = _utf8_size(new_keys) + _utf8_size(new_values) + len(new_keys)
        if self.bytes + size > self.limits.max_bytes:
            sizes = list(accumulate(len(k.encode()) + len(v.encode()) + 1 for k, v in zip(new_keys, new_values)))
            fits = bisect_left(sizes, self.limits.max_bytes - self.bytes + 1)
            new_keys, new_values, column.truncated = new_keys[:fits], new_values[:fits], True
            size = sizes[fits - 1] if fits else 0
        self.bytes += size
        self.keys += new_keys
        self.values += new_values
        self.refs += [position] * len(new_keys)
        column.kept = len(new_keys)
        return column

    def finish(self) -> ValueIndex:
        order = sorted(range(len(self.keys)), key=self.keys.__getitem__)     # stable: columns in order per key
        keys = [self.keys[i] for i in order]
        values = [self.values[i] for i in order]
        refs = array("I", [self.refs[i] for i in order])
        del order
        self.keys, self.values, self.refs = [], [], []         # freed before the byte strings are made
        keys_blob = ("\n".join(keys) + "\n").encode() if keys else b""
        values_blob = "".join(values).encode()
        # offsets are cumulative byte lengths (plus one newline per key); C-level passes, no call per entry
        key_bytes = map(len, keys) if keys_blob.isascii() else (len(k.encode()) for k in keys)
        key_starts = array("Q", map(add, accumulate(key_bytes, initial=0), range(len(keys) + 1)))
        value_bytes = map(len, values) if values_blob.isascii() else (len(v.encode()) for v in values)
        value_starts = array("Q", accumulate(value_bytes, initial=0))
        max_words = max((k.count(" ") for k in keys), default=-1) + 1
        index = ValueIndex(self.columns, keys_blob, key_starts, values_blob, value_starts, refs, max_words)
        index.build_ms = round((time.perf_counter() - self.started) * 1000, 1)
        return index


def _utf8_size(texts: list[str]) -> int:
    size = sum(map(len, texts))
    return size if all(map(str.isascii, texts)) else sum(len(t.encode()) for t in texts)


_NON_WORD = re.compile(r"[^\w\n]+")
_EDGE_SPACE = re.compile(r" ?\n ?")
_SPACES = re.compile(rb"  +")
# ASCII: every byte that is not a letter, digit, underscore (\w) or newline becomes a space, in one translate
_ASCII_WORDS = bytes(c if chr(c).isalnum() or c in b"_\n" else 32 for c in range(128)) + bytes(range(128, 256))


def _keys_of(lowered: str) -> list[str]:
    """`normalize` of every line of `lowered` (values joined by newlines, already lower-cased)."""
    if lowered.isascii():
        text = _SPACES.sub(b" ", lowered.encode().translate(_ASCII_WORDS)).replace(b" \n", b"\n")
        return text.replace(b"\n ", b"\n").strip(b" ").decode().split("\n")
    return _EDGE_SPACE.sub("\n", _NON_WORD.sub(" ", lowered)).strip(" ").split("\n")


def indexable(model: SemanticModel) -> list[tuple[str, exp.Expression, str]]:
    """The columns the index takes: (reference, SQL expression of the value, table) for name and category text
    columns whose values the lexicon does not already hold, and the full names of entities named by several
    columns when those were too many to load. Smaller tables come first."""
    from conversql.semantic.values import _display_expr
    out = []
    for f in model.fields.values():
        ent = model.entities[f.entity]
        if f.values or f.kind != "text" or f.role not in (NAME, CATEGORY) or f.hidden or ent.role_of or ent.hidden:
            continue
        out.append((ent.row_count or 0, f.id, exp.column(f.column, quoted=True), f.entity))
    for eid, ent in model.entities.items():
        if ent.role_of or ent.hidden or len(ent.name_fields) < 2 or ent.name_values:
            continue
        out.append((ent.row_count or 0, eid, _display_expr(ent.name_fields), eid))
    return [(ref, expr, table) for _, ref, expr, table in sorted(out, key=lambda x: (x[0], x[1]))]


def build_value_index(model: SemanticModel, source: Source, limits: IndexLimits | None = None) -> ValueIndex:
    """Read the indexable columns' distinct values from `source`, within `limits`.

    What is kept when the limits bind: columns are read smallest table first, each whole while it fits. The first
    column that does not fit keeps its most frequent values (GROUP BY ... ORDER BY count DESC), as many as there
    is room for; the columns after it are left out (listed with `kept == 0, truncated`). A column whose read
    fails or times out is left out too. Values over 80 characters are never kept.

    >>> build_value_index(model, source).exact("Bruno Nakamura")          # doctest: +SKIP
    [('customers', 'Bruno Nakamura')]
    """
    limits = limits or IndexLimits()
    builder = _Builder(limits)
    for ref, expr, table_name in indexable(model):
        ent = model.entities[table_name]
        table = exp.Table(this=exp.to_identifier(ent.name, quoted=True),
                          db=exp.to_identifier(ent.schema, quoted=True) if ent.schema else None)
        room = builder.room
        if room == 0 or builder.bytes >= limits.max_bytes:
            builder.columns.append(IndexedColumn(ref, truncated=True))
            continue
        started = time.perf_counter()
        where = exp.Not(this=exp.Is(this=expr.copy(), expression=exp.Null()))
        distinct = exp.select(expr.copy()).distinct().from_(table).where(where).limit(room + 1)
        try:
            result = source.execute(distinct.sql(dialect=model.dialect), max_rows=room + 1,
                                    timeout_s=limits.timeout_s)
            if result.truncated or len(result.rows) > room:
                frequent = (exp.select(expr.copy()).from_(table).where(where).group_by(expr.copy())
                            .order_by(exp.Ordered(this=exp.Count(this=exp.Star()), desc=True)).limit(room))
                result = source.execute(frequent.sql(dialect=model.dialect), max_rows=room,
                                        timeout_s=limits.timeout_s)
                result.truncated = True
        except SourceError as e:
            log.warning("value index: %s not read: %s", ref, e)
            builder.columns.append(IndexedColumn(ref, truncated=True))
            continue
        column = builder.add(ref, (r[0] for r in result.rows))
        column.truncated = column.truncated or result.truncated
        column.ms = round((time.perf_counter() - started) * 1000, 1)
    return builder.finish()
