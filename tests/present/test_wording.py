from conversql.present.wording import (format_amount, format_money, format_number, format_percent, is_plural,
                                       mid_sentence, plural_noun, readable, sentence, total_of)


def test_numbers_get_thousands_separators_and_two_decimals():
    assert format_number(1234567.891) == "1,234,567.89"


def test_trailing_zeros_are_dropped():
    assert format_number(1000.5) == "1,000.5"
    assert format_number(12.0) == "12"


def test_negative_numbers_keep_their_sign():
    assert format_number(-1500) == "-1,500"


def test_tiny_numbers_keep_two_significant_digits_instead_of_rounding_to_zero():
    assert format_number(0.0042) == "0.0042"


def test_zero_is_zero():
    assert format_number(0) == "0"


def test_percentages_have_at_most_one_decimal():
    assert format_percent(33.3333) == "33.3%"
    assert format_percent(60.0) == "60%"


def test_snake_case_names_read_as_words():
    assert readable("total_sales") == "total sales"


def test_camel_case_names_read_as_words():
    assert readable("totalSales") == "total sales"


def test_plural_of_a_category_column():
    assert plural_noun("country") == "countries"


def test_plural_drops_attribute_suffixes():
    assert plural_noun("customer_name") == "customers"


def test_plural_of_a_word_already_plural_is_left_alone():
    assert plural_noun("sales") == "sales"


def test_sentence_capitalises_only_the_first_letter():
    assert sentence("revenue in EUR") == "Revenue in EUR"


def test_money_has_its_currency_symbol_and_two_decimals():
    assert format_money(121235.5875, "USD") == "$121,235.59"


def test_money_in_a_currency_without_a_symbol_is_written_with_its_code():
    assert format_money(1234.5, "CHF") == "CHF 1,234.50"


def test_money_in_a_currency_without_cents_has_no_decimals():
    assert format_money(1234.5, "JPY") == "¥1,234"


def test_negative_money_puts_the_sign_before_the_symbol():
    assert format_money(-5, "EUR") == "-€5.00"


def test_an_amount_is_money_only_for_a_currency_measure_with_a_currency_known():
    assert (format_amount(10.5, "currency", "USD"), format_amount(10.5, "count", "USD"),
            format_amount(10.5, "currency", None)) == ("$10.50", "10.5", "10.5")


def test_the_total_of_a_measure_named_total_says_total_once():
    assert (total_of("total_revenue"), total_of("revenue")) == ("total revenue", "total revenue")


def test_a_title_reads_lower_case_inside_a_sentence():
    assert mid_sentence("Total revenue by day") == "total revenue by day"


def test_an_acronym_keeps_its_capitals_inside_a_sentence():
    assert mid_sentence("USA orders by month") == "USA orders by month"


def test_a_phrase_is_plural_by_its_head_noun_not_its_tail():
    assert (is_plural("the orders by country"), is_plural("the total revenue by products")) == (True, False)
