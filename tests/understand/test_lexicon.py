"""The lexicon: every phrase a question may use for an entity, field, measure or value, and matching it in text."""
from __future__ import annotations

import pytest

from conversql.semantic.build import build_model
from conversql.sources import Column, ForeignKey, Schema, Table
from conversql.understand.lexicon import build_lexicon, find_terms, phrase_key
from conversql.understand.spans import Span
from conversql.understand.tokens import tokenize


@pytest.fixture(scope="module")
def model():
    """A small model built from an introspected-looking schema (no database needed: the lexicon reads the model)."""
    schema = Schema("duckdb", [
        Table("customers", [Column("customer_id", "INTEGER", "number", primary_key=True),
                            Column("first_name", "VARCHAR", "text"), Column("last_name", "VARCHAR", "text"),
                            Column("billing_country", "VARCHAR", "text", values=["Germany", "USA"]),
                            Column("state", "VARCHAR", "text", values=["ON", "CA"])],
              primary_key=["customer_id"], row_count=3),
        Table("invoices", [Column("invoice_id", "INTEGER", "number", primary_key=True),
                           Column("customer_id", "INTEGER", "number"), Column("invoice_date", "DATE", "date"),
                           Column("total", "DECIMAL", "number")],
              primary_key=["invoice_id"], foreign_keys=[ForeignKey(["customer_id"], "customers", ["customer_id"])],
              row_count=5),
        Table("tracks", [Column("track_id", "INTEGER", "number", primary_key=True),
                         Column("name", "VARCHAR", "text", values=["Time", "Yellow Submarine"]),
                         Column("genre", "VARCHAR", "text", values=["Rock", "Beverages"]),
                         Column("secret", "VARCHAR", "text", values=["Hush"])],
              primary_key=["track_id"]),
        Table("audit_log", [Column("log_id", "INTEGER", "number", primary_key=True)], primary_key=["log_id"]),
    ])
    m = build_model(schema)
    m.entities["customers"].name_values = ["Jane Peacock"]
    m.fields["tracks.secret"].hidden = True
    m.entities["audit_log"].hidden = True
    return m


@pytest.fixture(scope="module")
def lex(model):
    return build_lexicon(model)


def refs(lex, *words: str) -> set[tuple]:
    return {(t.kind, t.ref, t.value) for t in lex.phrases.get(phrase_key(list(words)), [])}


def weight(lex, words: tuple[str, ...], ref: str) -> float:
    return next(t.weight for t in lex.phrases[phrase_key(list(words))] if t.ref == ref)


def matches(lex, question: str, taken: list[Span] | None = None, **kwargs) -> list[tuple]:
    spans = find_terms(tokenize(question), lex, taken or [], **kwargs)
    return [(s.start, s.end, sorted((t.kind, t.ref, t.value) for t in s.payload)) for s in spans]


# --- phrases ---------------------------------------------------------------------------------------------------

def test_phrase_key_is_lemmas():
    assert phrase_key("Invoice Dates") == ("invoice", "date")


def test_entity_answers_to_its_label(lex):
    assert ("entity", "customers", None) in refs(lex, "customer")


def test_entity_answers_to_its_plural(lex):
    assert ("entity", "customers", None) in refs(lex, "customers")


def test_entity_answers_to_thesaurus_synonyms(lex):
    assert refs(lex, "client") == {("entity", "customers", None)}


def test_a_label_outranks_a_synonym(lex):
    assert weight(lex, ("customer",), "customers") > weight(lex, ("client",), "customers")


def test_field_answers_to_its_label(lex):
    assert ("field", "invoices.invoice_date", None) in refs(lex, "invoice", "date")


def test_field_answers_to_entity_and_label_together(lex):
    assert ("field", "invoices.total", None) in refs(lex, "invoice", "total")


def test_field_answers_weakly_to_its_head_noun(lex):
    assert ("field", "customers.billing_country", None) in refs(lex, "country")
    assert weight(lex, ("country",), "customers.billing_country") < weight(lex, ("invoice", "date"),
                                                                           "invoices.invoice_date")


def test_a_stopword_alone_names_nothing(lex):
    assert refs(lex, "total") == set()


def test_a_money_total_answers_to_revenue(lex):
    assert ("measure", "invoices.total", None) in refs(lex, "revenue")


def test_hidden_entities_are_left_out(lex):
    assert refs(lex, "audit", "log") == set()


def test_hidden_fields_and_their_values_are_left_out(lex):
    assert refs(lex, "secret") == set() and ("hush",) not in lex.exact


def test_max_len_is_the_longest_phrase(lex):
    assert lex.max_len == max(len(k) for k in list(lex.phrases) + list(lex.exact))


def test_vocabulary_holds_single_words_of_four_letters_or_more(lex):
    vocab = lex.vocabulary()
    assert "customer" in vocab and all(len(w) >= 4 for w in vocab)


# --- values ------------------------------------------------------------------------------------------------------

def test_a_value_answers_to_its_exact_words(lex):
    assert [(t.ref, t.value) for t in lex.exact[("beverages",)]] == [("tracks.genre", "Beverages")]


def test_a_value_answers_a_little_less_to_its_lemma(lex):
    assert refs(lex, "beverage") == {("value", "tracks.genre", "Beverages")}
    assert weight(lex, ("beverage",), "tracks.genre") < lex.exact[("beverages",)][0].weight


def test_a_value_answers_to_its_aliases(lex):
    assert [(t.ref, t.value) for t in lex.exact[("united", "states")]] == [("customers.billing_country", "USA")]


def test_full_names_of_an_entity_are_values_of_it(lex):
    assert [(t.kind, t.ref, t.value) for t in lex.exact[("jane", "peacock")]] == [("value", "customers",
                                                                                    "Jane Peacock")]


# --- matching ----------------------------------------------------------------------------------------------------

def test_longest_phrase_wins(lex):
    assert matches(lex, "invoice date")[0][:2] == (0, 2)


def test_multi_word_values_match_as_one(lex):
    assert matches(lex, "Yellow Submarine plays") == [(0, 2, [("value", "tracks.name", "Yellow Submarine")])]


def test_alias_matches_the_stored_value(lex):
    assert matches(lex, "united states customers")[0] == (0, 2, [("value", "customers.billing_country", "USA")])


def test_min_len_skips_shorter_phrases(lex):
    assert matches(lex, "customers in Germany", min_len=2, fuzzy=False) == []


def test_taken_tokens_are_skipped(lex):
    assert matches(lex, "customers in Germany", [Span("time", 0, 1)]) == [
        (2, 3, [("value", "customers.billing_country", "Germany")])]


def test_a_common_word_is_a_value_only_when_typed_as_stored(lex):
    assert matches(lex, "orders on time") == []
    assert matches(lex, "play Time") == [(1, 2, [("value", "tracks.name", "Time")])]


def test_an_upper_case_code_matches_a_common_word_value(lex):
    assert (2, 3, [("value", "customers.state", "ON")]) in matches(lex, "customers in ON")


def test_a_typo_matches_fuzzily(lex):
    [span] = find_terms(tokenize("custmers"), lex, [])
    assert (span.meta["fuzzy"], span.payload[0].ref) == ("customer", "customers")


def test_a_fuzzy_match_weighs_less(lex):
    [span] = find_terms(tokenize("custmers"), lex, [])
    assert span.payload[0].weight < 1.0


def test_no_fuzzy_pass_when_switched_off(lex):
    assert find_terms(tokenize("custmers"), lex, [], fuzzy=False) == []


def test_unknown_words_match_nothing(lex):
    assert matches(lex, "weather forecast") == []


def test_sex_codes_answer_to_the_words_for_them():
    from conversql.semantic.model import Entity, Field, SemanticModel
    from conversql.understand.lexicon import build_lexicon
    model = SemanticModel(dialect="sqlite")
    model.entities["faculty"] = Entity(name="faculty", label="faculty", primary_key=["id"])
    model.fields["faculty.sex"] = Field(id="faculty.sex", entity="faculty", column="sex", kind="text",
                                        role="category", label="sex", values=["F", "M"])
    lex = build_lexicon(model)
    assert [t.value for t in lex.exact[("female",)]] == ["F"]
    assert [t.value for t in lex.exact[("men",)]] == ["M"]


def test_a_column_answers_to_its_words_after_the_first():
    from conversql.understand.lexicon import field_phrases
    phrases = [p for p, _ in field_phrases(["catalog", "level", "number"], ["catalog", "structure"])]
    assert ["level", "number"] in phrases and ["level"] in phrases


def test_a_column_tail_is_never_a_preposition_or_another_table():
    from conversql.understand.lexicon import field_phrases
    assert ["of", "customer"] not in [p for p, _ in field_phrases(["no", "of", "customer"], ["bank"])]
    assert ["class"] not in [p for p, _ in field_phrases(["student", "class"], ["student"], tables={"class"})]
