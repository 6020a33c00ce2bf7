from conversql.present.wording import (compared_names, compared_title, format_amount, format_money, format_number,
                                       format_percent, is_plural, measure_in_periods, measure_words, mid_sentence,
                                       period_phrase, plural_noun, readable, sentence, total_of)


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


def test_columns_of_one_measure_share_it_and_differ_by_period():
    assert compared_names(["total_revenue_last_year", "total_revenue_this_year"]) == \
        ("total revenue", ["last year", "this year"])


def test_a_quarter_in_a_column_name_is_written_in_capitals():
    assert compared_names(["revenue_2024_q3", "revenue_2025_q3"]) == ("revenue", ["2024 Q3", "2025 Q3"])


def test_columns_of_one_quantity_share_its_last_word():
    assert compared_names(["min_price", "max_price"]) == ("price", ["min price", "max price"])


def test_an_axis_of_unrelated_columns_names_them_all():
    assert compared_title(["revenue", "cost"]) == "Revenue, cost"


def test_a_percentage_is_named_by_what_it_measures():
    assert measure_words("total_revenue_change_pct") == "total revenue change"


def test_a_share_in_percent_is_named_a_share():
    assert measure_words("pct_of_total_revenue") == "share of total revenue"


def test_a_year_follows_an_amount_with_in():
    assert period_phrase("2024") == "in 2024"


def test_a_period_in_words_follows_an_amount_as_it_is():
    assert period_phrase("last year") == "last year"


def test_columns_of_one_quantity_are_not_one_measure_in_periods():
    assert measure_in_periods(["min_price", "max_price"]) is None
