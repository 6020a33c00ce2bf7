"""Function words that shape a query: comparisons (with units), ranks, aggregates, grouping and negation."""
from __future__ import annotations

import pytest

from conversql.understand.cues import find_number_cues, find_word_cues, unit_factor
from conversql.understand.spans import Span
from conversql.understand.tokens import tokenize


def number_cues(question: str, taken: list[Span] | None = None):
    return find_number_cues(tokenize(question), taken or [])


def compare(question: str) -> tuple:
    [span] = [s for s in number_cues(question) if s.kind == "compare"]
    op, value = span.payload
    return op, value * span.meta.get("factor", 1)


def rank(question: str) -> tuple[int, bool]:
    [span] = [s for s in number_cues(question) if s.kind == "rank"]
    return span.payload, span.meta["ascending"]


def word_cues(question: str) -> list[tuple[str, object]]:
    tokens = tokenize(question)
    return [(s.kind, s.payload) for s in find_word_cues(tokens, find_number_cues(tokens, []))]


# --- comparisons ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, op, value", [
    ("more than 500", ">", 500),
    ("over $1,000", ">", 1000),
    ("above 10k", ">", 10000),
    ("exceeding 3", ">", 3),
    ("at least 3", ">=", 3),
    ("no less than 3", ">=", 3),
    ("less than 2.5", "<", 2.5),
    ("fewer than five", "<", 5),
    ("under 20", "<", 20),
    ("at most 7", "<=", 7),
    ("no more than 7", "<=", 7),
    ("exactly 4", "=", 4),
    ("equal to 4", "=", 4),
    ("> 10", ">", 10),
    (">= 10", ">=", 10),
])
def test_comparison(question, op, value):
    assert compare(question) == (op, value)


@pytest.mark.parametrize("question, value", [
    ("longer than 10 minutes", 600_000),
    ("longer than 1 min", 60_000),
    ("shorter than 30 seconds", 30_000),
    ("more than two hours", 7_200_000),
    ("less than 5 ms", 5),
    ("larger than 100 MB", 100 * 1024 ** 2),
    ("over 100 kb", 102_400),
    ("bigger than 1 GB", 1024 ** 3),
])
def test_comparison_in_units_is_scaled_to_the_base_unit(question, value):
    assert compare(question)[1] == value


def test_duration_comparison_is_in_milliseconds():
    [span] = number_cues("longer than 10 minutes")
    assert (span.payload, span.meta["unit"], span.meta["factor"]) == ((">", 10.0), "ms", 60000.0)


def test_size_comparison_is_in_bytes():
    [span] = number_cues("larger than 100 MB")
    assert span.meta["unit"] == "bytes"


def test_comparison_without_unit_has_factor_one():
    [span] = number_cues("over 500")
    assert (span.meta["unit"], span.meta["factor"]) == (None, 1.0)


def test_between_two_numbers():
    [span] = number_cues("between 10 and 20")
    assert span.payload == ("between", [10.0, 20.0])


def test_a_comparison_covers_its_words():
    [span] = number_cues("tracks longer than 10 minutes")
    assert (span.start, span.end) == (1, 5)


def test_taken_tokens_are_not_reread():
    assert number_cues("over 500", [Span("time", 0, 2)]) == []


@pytest.mark.parametrize("unit, family, factor", [
    ("minutes", "ms", 60000.0),
    ("hrs", "ms", 3600000.0),
    ("ms", "ms", 1.0),
    ("MB", "bytes", 1048576.0),
    ("bytes", "bytes", 1.0),
    ("dollars", None, 1.0),
    (None, None, 1.0),
])
def test_unit_factor(unit, family, factor):
    assert unit_factor(unit) == (family, factor)


# --- ranks -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, n, ascending", [
    ("top 5 customers", 5, False),
    ("top ten", 10, False),
    ("best 3 products", 3, False),
    ("bottom 3 categories", 3, True),
    ("worst 2", 2, True),
    ("5 biggest orders", 5, False),
    ("3 cheapest products", 3, True),
    ("10 longest tracks", 10, False),
    ("2 oldest employees", 2, True),
])
def test_rank(question, n, ascending):
    assert rank(question) == (n, ascending)


def test_rank_remembers_its_word():
    [span] = number_cues("bottom 3 categories")
    assert span.meta["word"] == "bottom"


def test_a_number_before_a_noun_asks_for_that_many_rows():
    assert rank("which 3 artists have the most albums") == (3, False)


# --- word cues -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("question, agg", [
    ("how many customers", "count"),
    ("number of orders", "count"),
    ("count of tracks", "count"),
    ("total revenue", "sum"),
    ("sum of freight", "sum"),
    ("average price", "avg"),
    ("mean price", "avg"),
    ("maximum freight", "max"),
    ("highest price", "max"),
    ("minimum price", "min"),
    ("cheapest product", "min"),
    ("distinct countries", "count_distinct"),
])
def test_aggregate(question, agg):
    assert word_cues(question)[0] == ("aggregate", agg)


def test_aggregate_remembers_its_words():
    [span] = find_word_cues(tokenize("how many customers"), [])
    assert span.meta == {"word": "how many"}


@pytest.mark.parametrize("question, word", [
    ("customers by country", "by"),
    ("revenue per region", "per"),
    ("sales for each category", "for each"),
    ("revenue broken down by genre", "broken down by"),
    ("sales across markets", "across"),
])
def test_group(question, word):
    assert ("group", word) in word_cues(question)


@pytest.mark.parametrize("question, word", [
    ("customers not in Germany", "not in"),
    ("revenue excluding Germany", "excluding"),
    ("all orders except cancelled", "except"),
    ("products without discount", "without"),
])
def test_negation(question, word):
    assert ("negate", word) in word_cues(question)


def test_superlative_without_a_number():
    assert ("superlative", "most") in word_cues("which genre has the most tracks")


def test_ascending_superlative():
    [span] = [s for s in find_word_cues(tokenize("the fewest orders"), []) if s.kind == "superlative"]
    assert span.meta == {"ascending": True}


def test_word_cues_come_sorted_by_position():
    tokens = tokenize("average price by country")
    starts = [s.start for s in find_word_cues(tokens, [])]
    assert starts == sorted(starts)


def test_sorted_by_descending_then_the_column():
    from conversql.understand.cues import find_word_cues
    from conversql.understand.tokens import tokenize
    order = [s for s in find_word_cues(tokenize("names of pilots listed by descending age"), []) if s.kind == "order"]
    assert [o.payload for o in order] == ["desc"]


def test_n_or_younger_is_at_most_n():
    from conversql.understand.cues import find_number_cues
    from conversql.understand.tokens import tokenize
    assert [s.payload for s in find_number_cues(tokenize("artists aged 23 or younger"), [])] == [("<=", 23.0)]


def test_a_percent_number_compares():
    from conversql.understand.cues import find_number_cues
    from conversql.understand.tokens import tokenize
    assert [s.payload for s in find_number_cues(tokenize("capacity higher than 100%"), [])] == [(">", 100.0)]
