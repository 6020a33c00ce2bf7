"""tokenize: words, numbers and symbols, each with its place in the question and its lemma."""
from __future__ import annotations

import pytest

from conversql.understand.tokens import lemma_of, tokenize


def texts(question: str) -> list[str]:
    return [t.text for t in tokenize(question)]


def test_words_and_punctuation():
    assert texts("Top 5 customers by revenue, in Germany?") == ["Top", "5", "customers", "by", "revenue", "in",
                                                                "Germany"]


def test_tokens_keep_their_offsets():
    t = tokenize("total  revenue")[1]
    assert (t.start, t.end) == (7, 14)


def test_tokens_know_their_position():
    assert [t.i for t in tokenize("a b c")] == [0, 1, 2]


def test_tokens_are_lower_cased():
    assert tokenize("GERMANY")[0].low == "germany"


def test_lemma_is_the_singular_noun():
    assert [t.lemma for t in tokenize("customers countries")] == ["customer", "country"]


def test_lemma_of_a_past_tense_verb_is_its_base():
    assert lemma_of("sold") == "sell"


@pytest.mark.parametrize("word", ["sales", "status", "bytes", "milliseconds", "data", "this", "us", "months"])
def test_some_words_keep_their_form(word):
    assert lemma_of(word) == word


@pytest.mark.parametrize("text, number", [
    ("5", 5.0),
    ("1,234.50", 1234.5),
    ("$15", 15.0),
    ("10k", 10000.0),
    ("2.5m", 2500000.0),
    ("3b", 3e9),
    ("15%", 15.0),
    ("twenty", 20.0),
    ("dozen", 12.0),
])
def test_numbers(text, number):
    [token] = tokenize(text)
    assert token.number == number


def test_words_are_not_numbers():
    assert tokenize("revenue")[0].number is None


def test_a_dollar_amount_is_one_token():
    assert texts("over $1,000 please") == ["over", "$1,000", "please"]


@pytest.mark.parametrize("word", ["AC/DC", "O'Brien", "e-mail", "Guns&Roses"])
def test_inner_punctuation_stays_in_the_word(word):
    assert texts(word) == [word]


def test_possessive_s_is_dropped():
    t = tokenize("customer's orders")[0]
    assert (t.text, t.low, t.end) == ("customer", "customer", 8)


def test_curly_apostrophe_possessive_is_dropped():
    assert tokenize("Germany’s revenue")[0].low == "germany"


@pytest.mark.parametrize("symbol", [">=", "<=", ">", "<", "=", "!="])
def test_comparison_signs_are_tokens(symbol):
    assert texts(f"revenue {symbol} 500") == ["revenue", symbol, "500"]


def test_empty_question_has_no_tokens():
    assert tokenize("  ?, ") == []


def test_a_noun_in_its_own_right_keeps_its_form():
    from conversql.understand.tokens import lemma_of
    assert [lemma_of(w) for w in ("rating", "ratings", "building", "buildings")] == ["rating"] * 2 + ["building"] * 2
    assert lemma_of("sold") == "sell"
