from conversql.present.wording import format_number, format_percent, plural_noun, readable, sentence


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
