"""Questions in the style of public text-to-SQL sets, on a small academic database (tests/understand/campus.py).

Each test runs the parsed query on the real database and compares the rows with SQL written by hand: every
column of the hand-written result must appear among the answer's columns (extra columns may be shown).
"""
from __future__ import annotations

from conversql.query.compile import compile_query
from conversql.understand.parser import parse
from tests.understand.conftest import TODAY


def answer(loaded, question):
    q = parse(question, loaded.model, loaded.lexicon, TODAY).query
    assert q is not None, question
    return q, loaded.source.execute(compile_query(q, loaded.model).sql, max_rows=5000)


def assert_same(loaded, question, truth_sql, ordered=False):
    """The answer holds every column of `truth_sql`'s result, with the same rows."""
    _, got = answer(loaded, question)
    truth = loaded.source.execute(truth_sql)
    assert len(got.rows) == len(truth.rows), (question, got.rows, truth.rows)
    columns = [[row[i] for row in got.rows] for i in range(len(got.columns))]
    for k in range(len(truth.columns)):
        want = [row[k] for row in truth.rows]
        assert any((col == want) if ordered else sorted(map(str, col)) == sorted(map(str, want))
                   for col in columns), (question, truth.columns[k], want, got.rows)


def test_youngest_picks_the_row_with_the_lowest_age(campus):
    assert_same(campus, "What is the name of the youngest editor?",
                "SELECT Name FROM Editor ORDER BY Age LIMIT 1")


def test_a_category_listed_before_a_count_groups_it(campus):
    assert_same(campus, "Please show different software platforms and the corresponding number of devices.",
                "SELECT Software_Platform, COUNT(*) FROM Device GROUP BY Software_Platform")


def test_a_number_listed_in_the_plural_before_a_count_groups_it(campus):
    assert_same(campus, "Show all majors and the corresponding number of students.",
                "SELECT Major, COUNT(*) FROM Student GROUP BY Major")


def test_words_after_the_count_only_qualify_it(campus):
    q, result = answer(campus, "How many students have a city code of BAL?")
    assert not q.dimensions and [list(r) for r in result.rows] == [[3]]


def test_full_names_are_first_and_last_name(campus):
    assert_same(campus, "What are the full names of all students older than 21?",
                "SELECT Fname, LName FROM Student WHERE Age > 21")


def test_the_names_of_people_are_never_the_last_name_alone(campus):
    q, result = answer(campus, "List the names of the female students")
    assert result.columns[:2] == ["fname", "l_name"] and len(result.rows) == 6


def test_an_abbreviated_column_answers_to_its_word(campus):
    assert_same(campus, "What are the names of stations with a latitude lower than 37.5?",
                "SELECT name FROM Station WHERE lat < 37.5")


def test_tallest_and_heaviest_are_superlatives():
    from conversql.understand.cues import find_word_cues
    from conversql.understand.tokens import tokenize
    spans = find_word_cues(tokenize("the tallest and the heaviest players"), [])
    assert [s.payload for s in spans if s.kind == "aggregate"] == ["max", "max"]


def test_a_number_column_named_before_a_year_takes_it(campus):
    assert_same(campus, "How many churches were there after season 2007?",
                "SELECT COUNT(*) FROM Church WHERE Season > 2007")


def test_years_on_a_number_column_of_dates_compare_that_column(campus):
    assert_same(campus, "How many churches opened before 1850 are there?",
                "SELECT COUNT(*) FROM Church WHERE Open_Date < 1850")


def test_a_number_before_a_comma_is_still_a_number():
    from conversql.understand.tokens import tokenize
    assert [t.number for t in tokenize("after 2000, ordered")][1] == 2000


def test_years_before_1900_are_years():
    from datetime import date

    from conversql.understand.timeexpr import find_time
    from conversql.understand.tokens import tokenize
    span = next(s for s in find_time(tokenize("founded after 1850"), date(2025, 12, 31)) if s.kind == "time")
    assert span.payload.start == date(1851, 1, 1)


def test_a_letter_named_without_quotes_is_contained(campus):
    assert_same(campus, "What are the names of editors with the letter w in their names?",
                "SELECT Name FROM Editor WHERE Name LIKE '%w%'")


def test_not_containing_a_letter_excludes_it(campus):
    assert_same(campus, "List the first names of students whose first name does not contain the letter a",
                "SELECT Fname FROM Student WHERE Fname NOT LIKE '%a%'")


def test_the_words_of_a_pattern_are_understood(campus):
    p = parse("names of editors whose name contains the letter w", campus.model, campus.lexicon, TODAY)
    assert p.not_understood == []


def test_not_before_a_word_starting_with_in_is_a_negation(campus):
    assert_same(campus, "What are the names of customers that are not involved in any accounts?",
                "SELECT customer_name FROM Customers WHERE customer_id NOT IN (SELECT customer_id FROM Accounts)")


def test_two_words_are_two_tables_even_when_one_is_a_synonym_of_the_other(campus):
    assert_same(campus, "How many customers do not have an account?",
                "SELECT COUNT(*) FROM Customers WHERE customer_id NOT IN (SELECT customer_id FROM Accounts)")


def test_a_verb_then_most_recently_orders_by_the_column_it_names(campus):
    assert_same(campus, "Which program was launched most recently?",
                "SELECT Name FROM Program ORDER BY Launch DESC LIMIT 1")


def test_an_average_of_different_things_is_one_per_thing(campus):
    assert_same(campus, "What is the average age of different sexes of students?",
                "SELECT Sex, AVG(Age) FROM Student GROUP BY Sex")


def test_the_total_number_of_distinct_things_is_one_count(campus):
    assert_same(campus, "Return the total number of distinct students.", "SELECT COUNT(*) FROM Student")


def test_a_number_compares_the_column_named_right_after_it(campus):
    assert_same(campus, "What is the average age of students with more than 550 major?",
                "SELECT AVG(Age) FROM Student WHERE Major > 550")


def test_before_the_year_n_is_before_that_year(campus):
    assert_same(campus, "How many churches opened before the year 1835?",
                "SELECT COUNT(*) FROM Church WHERE Open_Date < 1835")


def test_values_of_a_column_having_both_kinds_of_rows(campus):
    assert_same(campus, "Which city codes have both female students and male students?",
                "SELECT city_code FROM Student WHERE Sex = 'F' INTERSECT SELECT city_code FROM Student WHERE Sex = 'M'")


def test_values_of_a_column_having_rows_in_two_ranges(campus):
    assert_same(campus, "What are the city codes that have both students older than 20 and students younger than 18?",
                "SELECT city_code FROM Student WHERE Age > 20 INTERSECT SELECT city_code FROM Student WHERE Age < 18")


def test_a_table_named_before_a_count_is_what_it_counts_for(campus):
    q, result = answer(campus, "What are the names of different customers, and how many accounts has each had?")
    assert [d.field for d in q.dimensions] == ["Customers"]
    assert {r[0]: r[-1] for r in result.rows} == {"Aniyah": 2, "Susie": 0, "Marcel": 1, "Ricky": 0}


def test_a_number_named_in_a_sorted_listing_is_shown_per_row(campus):
    assert_same(campus, "What is the name and age of every editor, ordered by name?",
                "SELECT Name, Age FROM Editor ORDER BY Name", ordered=True)


def test_a_column_of_the_listed_rows_ranks_them(campus):
    q, _ = answer(campus, "What are the city codes of the students with the top 3 largest ages?")
    assert not q.measures and q.limit == 3 and [o.key for o in q.order] == ["Student.Age"]
    assert_same(campus, "What are the city codes of the students with the top 3 largest ages?",
                "SELECT city_code FROM Student ORDER BY Age DESC, StuID LIMIT 3")


def test_an_aggregate_word_on_the_column_still_ranks_groups(campus):
    q, _ = answer(campus, "Which city code has the highest average age of students?")
    assert q.measures and q.measures[0].agg == "avg" and [d.field for d in q.dimensions] == ["Student.city_code"]


def test_numbers_kept_as_text_are_averaged_as_numbers(campus):
    assert_same(campus, "What is the average speed of coasters?", "SELECT AVG(CAST(Speed AS REAL)) FROM Coaster")


def test_years_kept_as_text_compare_as_years(campus):
    assert_same(campus, "Which coasters opened after 2000?", "SELECT Name FROM Coaster WHERE Opened > '2000'")


def test_whole_numbers_named_as_labels_stay_labels(campus):
    assert campus.model.fields["Coaster.Room_Number"].role == "category"
    assert campus.model.fields["Coaster.Speed"].role == "numeric"


def test_years_said_after_a_thing_are_that_things_years(campus):
    assert_same(campus, "What are the names of editors who had a journal in 2007?",
                "SELECT DISTINCT e.Name FROM Editor e JOIN Journal j ON j.Editor_ID = e.Editor_ID WHERE j.Year = 2007")


def test_no_such_thing_in_those_years(campus):
    assert_same(campus, "What are the names of editors who did not have a journal in 2008?",
                "SELECT Name FROM Editor WHERE Editor_ID NOT IN (SELECT Editor_ID FROM Journal WHERE Year = 2008)")


def test_a_table_called_by_its_first_word_when_the_last_says_little():
    from conversql.semantic.model import Entity, SemanticModel
    from conversql.understand.lexicon import build_lexicon
    model = SemanticModel(dialect="sqlite")
    model.entities["user_profiles"] = Entity(name="user_profiles", label="user profile", primary_key=["uid"])
    assert [t.ref for t in build_lexicon(model).phrases[("user",)]] == ["user_profiles"]


def test_every_column_listed_after_order_by_is_a_key(campus):
    q, _ = answer(campus, "List the students' first names ordered by age and last name")
    assert [o.key for o in q.order] == ["Student.Age", "Student.LName"]


def test_a_comparative_finds_its_column_one_step_away(campus):
    assert_same(campus, "How many journals have an editor older than 30?",
                "SELECT COUNT(*) FROM Journal j JOIN Editor e ON e.Editor_ID = j.Editor_ID WHERE e.Age > 30")


def test_a_value_that_is_an_article_and_a_table_name_is_not_a_value():
    from conversql.understand.lexicon import _names_a_table
    assert _names_a_table("the mountain", {"mountain", "photo"}) and not _names_a_table("Mountain View", {"mountain"})


def test_several_numbers_after_a_column_are_any_of_them(campus):
    assert_same(campus, "Which students are in major 50 or 520?",
                "SELECT Fname, LName FROM Student WHERE Major IN (50, 520)")
