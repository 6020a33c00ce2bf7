"""Shares, comparisons of periods and of listed values, ranked groups and role names, on the demo and Chinook.

Each test runs the parsed query on the real database and checks the numbers against SQL written by hand.
"""
from __future__ import annotations

import pytest

from conversql.query.compile import compile_query
from conversql.understand.parser import parse
from tests.understand.conftest import TODAY


def run(loaded, question):
    q = parse(question, loaded.model, loaded.lexicon, TODAY).query
    assert q is not None, question
    compiled = compile_query(q, loaded.model)
    return q, loaded.source.execute(compiled.sql, max_rows=5000)


def by_name(result):
    return {row[0]: row for row in result.rows}


def test_share_per_group_adds_a_percent_column_summing_to_100(demo):
    q, result = run(demo, "share of revenue by category")
    assert q.measures[0].share
    pct = [row[-1] for row in result.rows]
    assert len(pct) == 8 and sum(pct) == pytest.approx(100, abs=0.05)


def test_share_per_group_matches_hand_written_sql(demo):
    _, result = run(demo, "share of revenue by category")
    truth = demo.source.execute(
        "SELECT c.category_name, ROUND(100.0 * SUM(od.quantity * od.unit_price * (1 - od.discount)) / "
        "(SELECT SUM(d.quantity * d.unit_price * (1 - d.discount)) FROM order_details d JOIN orders o2 "
        "ON o2.order_id = d.order_id WHERE d.deleted_at IS NULL AND o2.deleted_at IS NULL), 2) "
        "FROM order_details od JOIN products p ON p.product_id = od.product_id "
        "JOIN categories c ON c.category_id = p.category_id JOIN orders o ON o.order_id = od.order_id "
        "WHERE od.deleted_at IS NULL AND o.deleted_at IS NULL GROUP BY 1")
    got = by_name(result)
    for name, pct in truth.rows:
        assert got[name][-1] == pytest.approx(pct, abs=0.011)


def test_share_of_the_whole_turns_the_filter_into_a_ratio(chinook):
    q, result = run(chinook, "What % of our revenue comes from the US?")
    truth = chinook.source.execute(
        "SELECT ROUND(100.0 * SUM(CASE WHEN BillingCountry = 'USA' THEN Total ELSE 0 END) / SUM(Total), 2) "
        "FROM Invoice")
    assert result.rows == truth.rows and "WHERE" not in compile_query(q, chinook.model).sql


def test_two_named_periods_compare_row_by_row(chinook):
    q, result = run(chinook, "how does revenue this quarter compare with last quarter?")
    assert [d.grain for d in q.dimensions] == ["quarter"]
    assert [row[0] for row in result.rows] == ["2025-Q3", "2025-Q4"]


def test_two_years_compare_by_year(chinook):
    q, _ = run(chinook, "Revenue 2024 vs 2025")
    assert [d.grain for d in q.dimensions] == ["year"]
    assert (q.time_range.start.isoformat(), q.time_range.end.isoformat()) == ("2024-01-01", "2026-01-01")


def test_listed_values_become_groups(chinook):
    q, result = run(chinook, "compare Rock and Metal revenue")
    assert sorted(row[0] for row in result.rows) == ["Metal", "Rock"]


def test_values_joined_by_versus_become_groups(chinook):
    _, result = run(chinook, "How many invoices came from the USA versus Canada?")
    assert by_name(result)["USA"][1] == 91 and by_name(result)["Canada"][1] == 56


def test_which_month_had_the_highest_revenue_ranks_months(chinook):
    q, result = run(chinook, "Which month in 2025 had the highest revenue?")
    truth = chinook.source.execute(
        "SELECT strftime('%Y-%m', InvoiceDate) m, SUM(Total) r FROM Invoice WHERE InvoiceDate >= '2025-01-01' "
        "AND InvoiceDate < '2026-01-01' GROUP BY m ORDER BY r DESC LIMIT 1")
    assert (q.limit, result.rows[0][0]) == (1, truth.rows[0][0])


def test_top_customers_are_ranked_by_what_they_spent(chinook):
    q, result = run(chinook, "who are our top 3 customers this year")
    truth = chinook.source.execute(
        "SELECT c.FirstName || ' ' || c.LastName, SUM(i.Total) s FROM Customer c JOIN Invoice i "
        "ON i.CustomerId = c.CustomerId WHERE i.InvoiceDate >= '2025-01-01' GROUP BY c.CustomerId "
        "ORDER BY s DESC, 1 LIMIT 3")
    assert [r[0] for r in result.rows] == [r[0] for r in truth.rows]


def test_a_foreign_key_role_names_its_entity(chinook):
    q, result = run(chinook, "How many customers does each support rep look after?")
    assert [d.field for d in q.dimensions] == ["Employee"]
    assert sum(row[-1] for row in result.rows) == 59


@pytest.mark.parametrize("question, column, first", [
    ("What's the longest track we have?", "Milliseconds", "Occupation / Precipice"),
    ("Who is our oldest employee?", "BirthDate", "Margaret Park"),
])
def test_a_superlative_adjective_picks_its_column(chinook, question, column, first):
    q, result = run(chinook, question)
    assert q.limit == 1 and q.order[0].key.endswith(column) and shown(result)[0][0] == first


def shown(result):
    """Each row as a reader sees it: a person's first and last name columns read as one name."""
    out = []
    for row in result.rows:
        cells, i = [], 0
        while i < len(row):
            if result.columns[i].endswith("first_name") and i + 1 < len(row) and \
                    result.columns[i + 1].endswith("last_name"):
                cells.append(None if row[i] is None else f"{row[i]} {row[i + 1]}")
                i += 2
            else:
                cells.append(row[i])
                i += 1
        out.append(cells)
    return out


def names(result):
    return sorted(row[0] for row in shown(result))


def test_a_list_shows_each_row_with_its_manager_and_keeps_the_top_boss(chinook):
    q, result = run(chinook, "List every employee together with their manager")
    assert len(result.rows) == 8 and ["Andrew Adams", None] in shown(result)


def test_who_reports_to_someone_filters_on_the_manager(chinook):
    _, result = run(chinook, "Who reports to Nancy Edwards?")
    assert names(result) == ["Jane Peacock", "Margaret Park", "Steve Johnson"]


def test_who_someone_reports_to_lists_the_manager(chinook):
    _, result = run(chinook, "Who does Jane Peacock report to?")
    assert names(result) == ["Nancy Edwards"]


def test_a_list_shows_a_related_entity_named_beside_it(chinook):
    q, result = run(chinook, "list customers and their support rep")
    assert len(result.rows) == 59 and len(shown(result)[0]) == 2


def test_never_becomes_rows_without_related_rows(chinook):
    q, result = run(chinook, "tracks that were never sold")
    truth = chinook.source.execute("SELECT COUNT(*) FROM Track WHERE TrackId NOT IN (SELECT TrackId FROM InvoiceLine)")
    assert any(f.op == "not_exists" for f in q.filters) and len(result.rows) == truth.rows[0][0]


def test_without_becomes_rows_without_related_rows(demo):
    q, result = run(demo, "customers without orders")
    truth = demo.source.execute(
        "SELECT COUNT(*) FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id)")
    assert len(result.rows) == truth.rows[0][0]


def test_percentage_of_rows_never_sold(chinook):
    _, result = run(chinook, "What percentage of our tracks have never been sold?")
    truth = chinook.source.execute(
        "SELECT ROUND(100.0 * SUM(CASE WHEN TrackId NOT IN (SELECT TrackId FROM InvoiceLine) THEN 1 ELSE 0 END)"
        " / COUNT(*), 2) FROM Track")
    assert result.rows == truth.rows


def test_above_the_average_compares_with_the_column_average(chinook):
    q, result = run(chinook, "How many tracks are longer than average?")
    truth = chinook.source.execute(
        "SELECT COUNT(*) FROM Track WHERE Milliseconds > (SELECT AVG(Milliseconds) FROM Track)")
    assert q.filters[0].compare_to == "avg" and result.rows == truth.rows


def test_an_output_named_like_a_keyword_is_quoted(demo):
    from conversql.query.structured import DimensionSpec, MeasureSpec, StructuredQuery
    q = StructuredQuery(measures=[MeasureSpec(agg="count", entity="orders")],
                        dimensions=[DimensionSpec(field="orders.status", alias="order")])
    sql = compile_query(q, demo.model).sql
    assert '"order"' in sql and demo.source.execute(sql).rows


def test_an_aggregate_covers_every_measure_of_a_list(demo):
    q, _ = run(demo, "average freight and unit price of orders")
    assert {m.agg for m in q.measures} == {"avg"}


def test_maximum_number_of_is_the_maximum_of_a_column(chinook):
    q, result = run(chinook, "What is the maximum number of milliseconds of a track?")
    truth = chinook.source.execute("SELECT MAX(Milliseconds) FROM Track")
    assert result.rows == truth.rows


def test_the_row_with_the_maximum_is_listed(chinook):
    q, result = run(chinook, "the track with the maximum bytes")
    truth = chinook.source.execute("SELECT Name FROM Track ORDER BY Bytes DESC LIMIT 1")
    assert q.limit == 1 and result.rows[0][0] == truth.rows[0][0]


def test_descending_alphabetical_order(chinook):
    q, result = run(chinook, "list all genres in descending alphabetical order")
    assert q.order and q.order[0].desc and result.rows[0][0] == "World"


def test_things_with_more_than_n_related_rows_are_counted_per_thing(chinook):
    q, result = run(chinook, "artists that have more than 10 albums")
    truth = chinook.source.execute(
        "SELECT ar.Name FROM Artist ar JOIN Album al ON al.ArtistId = ar.ArtistId GROUP BY ar.ArtistId "
        "HAVING COUNT(*) > 10")
    assert any(f.on_measure for f in q.filters)
    assert sorted(r[0] for r in result.rows) == sorted(r[0] for r in truth.rows)


def test_people_are_listed_with_where_they_are_unless_filtered_on_it(chinook):
    in_brazil, _ = run(chinook, "List our clients in Brazil")
    in_berlin, _ = run(chinook, "customers in Berlin")
    assert in_brazil.fields == ["Customer", "Customer.City"]
    assert in_berlin.fields == ["Customer", "Customer.Country"]


def test_people_are_listed_with_their_job_title(chinook):
    q, result = run(chinook, "Who reports to Nancy Edwards?")
    assert q.fields[:2] == ["Employee", "Employee.Title"]
    assert {tuple(r[:2]) for r in shown(result)} == {("Jane Peacock", "Sales Support Agent"),
                                                    ("Margaret Park", "Sales Support Agent"),
                                                    ("Steve Johnson", "Sales Support Agent")}


def test_a_name_after_by_or_on_belongs_to_a_related_thing(chinook):
    q, result = run(chinook, "What albums do we have by Iron Maiden?")
    truth = chinook.source.execute(
        "SELECT al.Title FROM Album al JOIN Artist ar ON ar.ArtistId = al.ArtistId WHERE ar.Name = 'Iron Maiden'")
    assert sorted(r[0] for r in result.rows) == sorted(r[0] for r in truth.rows) and len(truth.rows) > 1
    q, result = run(chinook, "list the tracks on Let There Be Rock")
    truth = chinook.source.execute(
        "SELECT t.Name FROM Track t JOIN Album al ON al.AlbumId = t.AlbumId WHERE al.Title = 'Let There Be Rock'")
    assert sorted(r[0] for r in result.rows) == sorted(r[0] for r in truth.rows) and len(truth.rows) > 1


def test_a_word_is_not_cut_to_a_shorter_lemma_that_names_a_value(chinook):
    q, _ = run(chinook, "What's the largest invoice we've ever issued?")
    assert not q.filters


def test_things_listed_through_a_one_to_many_path_are_listed_once(chinook):
    q, result = run(chinook, "which customers have bought tracks that are on the Grunge playlist")
    names = [r[0] for r in result.rows]
    assert names and len(names) == len(set(names))


def test_a_follow_up_names_a_column_to_show_beside_a_list(chinook):
    from conversql.understand.followup import merge
    first = parse("How many customers are in Germany?", chinook.model, chinook.lexicon, TODAY).query
    shown = merge(first, "show them", parse("show them", chinook.model, chinook.lexicon, TODAY), chinook.model)
    rep = merge(shown, "who is their support rep?",
                parse("who is their support rep?", chinook.model, chinook.lexicon, TODAY), chinook.model)
    assert rep.fields[-1] == "Employee" and rep.filters == shown.filters


def test_a_word_only_one_value_has_stands_for_it(chinook):
    q, _ = run(chinook, "average track length for the video one")
    assert q.filters[0].value == "Protected MPEG-4 video file"


def test_distinct_people_are_counted_over_their_dated_rows(chinook):
    q, result = run(chinook, "How many different customers made a purchase in 2024?")
    truth = chinook.source.execute("SELECT COUNT(DISTINCT CustomerId) FROM Invoice WHERE InvoiceDate >= '2024-01-01'"
                                   " AND InvoiceDate < '2025-01-01'")
    assert q.entity == "Invoice" and result.rows == truth.rows


def test_a_group_word_reaches_over_a_value_to_its_column(chinook):
    q, result = run(chinook, "How many invoices came from each US state?")
    assert [d.field for d in q.dimensions] and q.filters[0].value == "USA" and len(result.rows) > 5


def test_counted_things_that_were_sold_sum_the_quantity(chinook):
    q, result = run(chinook, "What are the 5 genres with the most tracks sold?")
    assert [d.field for d in q.dimensions] == ["Genre"] and q.limit == 5
    assert result.columns == ["genre", "genre_id", "total_quantity"]


def test_on_average_how_many_per_entity_averages_the_counts(chinook):
    q, result = run(chinook, "On average, how many tracks are on a single invoice?")
    truth = chinook.source.execute(
        "SELECT ROUND(AVG(n), 2) FROM (SELECT InvoiceId, COUNT(*) AS n FROM InvoiceLine GROUP BY InvoiceId)")
    assert q.measures[0].per == "Invoice" and result.rows == truth.rows


def test_average_number_of_orders_per_customer(demo):
    q, result = run(demo, "average number of orders per customer")
    truth = demo.source.execute(
        "SELECT ROUND(AVG(n), 2) FROM (SELECT customer_id, COUNT(*) n FROM orders WHERE deleted_at IS NULL "
        "GROUP BY customer_id)")
    assert result.rows == truth.rows


def test_an_average_per_group_stays_an_average(chinook):
    q, _ = run(chinook, "average track length in minutes for each genre")
    assert q.measures[0].per is None and q.measures[0].agg == "avg"


def test_numbers_named_without_an_aggregate_are_columns(chinook):
    q, result = run(chinook, "list the names and milliseconds of tracks on the Grunge playlist")
    assert not q.measures and "Track.Milliseconds" in q.fields and len(result.rows) == 15


def test_money_named_alone_stays_a_total(chinook):
    q, _ = run(chinook, "What was revenue from Germany in 2023?")
    assert q.measures and not q.fields


def test_the_most_common_value_of_a_column(chinook):
    q, result = run(chinook, "What is the most common billing country?")
    assert q.limit == 1 and result.rows[0][0] == "USA"


def test_top_n_with_an_adjective_ranks_by_its_column(chinook):
    q, result = run(chinook, "the top 3 longest tracks")
    truth = chinook.source.execute("SELECT Name FROM Track ORDER BY Milliseconds DESC LIMIT 3")
    assert q.limit == 3 and [r[0] for r in result.rows] == [r[0] for r in truth.rows]


def test_a_negated_quoted_value_excludes_it(chinook):
    q, _ = run(chinook, 'tracks whose composer is not "AC/DC"')
    assert any(f.op == "!=" and f.value == "AC/DC" for f in q.filters)


def test_a_unit_converts_only_a_column_in_that_unit(demo):
    q, _ = run(demo, "orders with more than 40 hours of freight")
    assert all(f.value == 40 for f in q.filters if f.op == ">")


def test_both_values_need_a_related_row_each(chinook):
    q, result = run(chinook, "playlists with both Rock and Jazz tracks")
    truth = chinook.source.execute(
        "SELECT p.Name FROM Playlist p WHERE EXISTS (SELECT 1 FROM PlaylistTrack pt JOIN Track t ON t.TrackId = "
        "pt.TrackId JOIN Genre g ON g.GenreId = t.GenreId WHERE pt.PlaylistId = p.PlaylistId AND g.Name = 'Rock') "
        "AND EXISTS (SELECT 1 FROM PlaylistTrack pt JOIN Track t ON t.TrackId = pt.TrackId JOIN Genre g ON "
        "g.GenreId = t.GenreId WHERE pt.PlaylistId = p.PlaylistId AND g.Name = 'Jazz')")
    assert sorted(r[0] for r in result.rows) == sorted(r[0] for r in truth.rows)


def test_a_value_but_not_another_needs_one_and_none_of_the_other(chinook):
    q, _ = run(chinook, "playlists with Rock tracks but not Jazz tracks")
    assert sorted(f.op for f in q.filters) == ["exists", "not_exists"]


def test_the_direction_may_follow_the_ordered_column(chinook):
    q, _ = run(chinook, "list tracks ordered by milliseconds descending")
    assert q.order[0].desc


def test_in_descending_order_sorts_by_the_asked_number(chinook):
    q, _ = run(chinook, "list the milliseconds of the tracks of album Let There Be Rock in descending order")
    assert q.order[0].key == "Track.Milliseconds" and q.order[0].desc


def test_the_most_recent_row_by_its_own_date(chinook):
    q, result = run(chinook, "what is the most recent invoice?")
    truth = chinook.source.execute("SELECT MAX(InvoiceDate) FROM Invoice")
    assert q.limit == 1 and truth.rows[0][0] in result.rows[0]


def test_conditions_joined_by_or_hold_either_way(chinook):
    q, result = run(chinook, "tracks longer than 10 minutes or larger than 100 MB")
    truth = chinook.source.execute(
        "SELECT COUNT(*) FROM Track WHERE Milliseconds > 600000 OR Bytes > 104857600")
    assert q.filters[0].op == "any" and len(result.rows) == truth.rows[0][0]


def test_a_year_column_takes_the_years_listed(tmp_path):
    import sqlite3
    from conversql.engine.catalog import Catalog
    path = tmp_path / "festivals.sqlite"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE festival (festival_id INTEGER PRIMARY KEY, festival_name TEXT, year INTEGER, "
                "audience INTEGER)")
    con.executemany("INSERT INTO festival VALUES (?, ?, ?, ?)",
                    [(1, "Spring", 2008, 100), (2, "Summer", 2009, 200), (3, "Autumn", 2010, 300)])
    con.commit()
    con.close()
    catalog = Catalog()
    catalog.register("f", f"sqlite:///{path}")
    q, result = run(catalog.get("f"), "festivals in 2008 or 2010")
    assert sorted(r[0] for r in result.rows) == ["Autumn", "Spring"]
    catalog.close()


def test_two_columns_of_a_row_compared(chinook):
    q, result = run(chinook, "tracks whose milliseconds are greater than their bytes")
    truth = chinook.source.execute("SELECT COUNT(*) FROM Track WHERE Milliseconds > Bytes")
    assert q.filters[0].value_field == "Track.Bytes" and len(result.rows) == truth.rows[0][0]


def test_ties_in_a_ranking_are_broken_by_the_group_name(chinook):
    q, _ = run(chinook, "revenue by country sorted by most spent")
    sql = compile_query(q, chinook.model).sql
    assert sql.rstrip().splitlines()[-1].strip().endswith("ASC") or "country ASC" in sql


def test_a_plural_common_word_is_not_a_data_value(chinook):
    q, _ = run(chinook, "customers in Brazil, only the ones in Rio de Janeiro")
    assert all(f.value != "One" for f in q.filters)


def test_counting_per_group_shows_empty_groups_as_zero(chinook):
    _, result = run(chinook, "How many tracks are on each playlist?")
    truth = chinook.source.execute("SELECT COUNT(*) FROM Playlist")
    assert len(result.rows) == truth.rows[0][0] and min(r[-1] for r in result.rows) == 0


def test_a_role_named_group_counts_only_its_members(chinook):
    _, result = run(chinook, "How many customers does each support rep look after?")
    assert len(result.rows) == 3 and min(r[-1] for r in result.rows) > 0


def test_how_long_sums_the_length_column(chinook):
    q, result = run(chinook, "how long is the Grunge playlist in minutes?")
    truth = chinook.source.execute(
        "SELECT ROUND(SUM(t.Milliseconds) / 60000.0, 2) FROM Track t JOIN PlaylistTrack pt ON pt.TrackId = t.TrackId "
        "JOIN Playlist p ON p.PlaylistId = pt.PlaylistId WHERE p.Name = 'Grunge'")
    assert result.rows == truth.rows


def test_how_big_on_average_averages_the_size_column(chinook):
    q, _ = run(chinook, "how big are the video tracks on average?")
    assert (q.measures[0].measure, q.measures[0].agg) == ("Track.Bytes", "avg")


def follow(loaded, *questions):
    """The structured query after a conversation, and its rows."""
    from conversql.understand.followup import merge
    q = None
    for text in questions:
        parsed = parse(text, loaded.model, loaded.lexicon, TODAY).query
        q = parsed if q is None else merge(q, text, parse(text, loaded.model, loaded.lexicon, TODAY), loaded.model)
    return q, loaded.source.execute(compile_query(q, loaded.model).sql, max_rows=5000)


def test_two_things_compared_on_an_adjective_are_averaged_side_by_side(chinook):
    q, result = run(chinook, "Are Jazz tracks longer than Classical tracks on average? give me both in minutes")
    truth = chinook.source.execute(
        "SELECT g.Name, ROUND(AVG(t.Milliseconds) / 60000.0, 2) FROM Track t JOIN Genre g ON g.GenreId = t.GenreId "
        "WHERE g.Name IN ('Jazz', 'Classical') GROUP BY g.Name")
    assert {r[0]: r[1] for r in result.rows} == {r[0]: r[1] for r in truth.rows}


def test_both_without_a_pair_is_not_a_set_question(chinook):
    q, _ = run(chinook, "Are Jazz tracks longer than Classical tracks? give me both")
    assert not any(f.op == "exists" for f in q.filters)


def test_a_job_title_belongs_to_people_not_to_albums(chinook):
    q, result = run(chinook, "headcount by job title")
    assert q.dimensions[0].field == "Employee.Title"
    assert by_name(result)["Sales Support Agent"][1] == 3


def test_a_follow_up_comparison_on_the_measure_filters_the_groups(chinook):
    q, result = follow(chinook, "List our clients in Brazil", "how much has each of them spent?",
                       "only the ones who spent more than $38")
    assert any(f.on_measure for f in q.filters)
    assert [r[0] for r in result.rows] == ["Luís Gonçalves"]


def test_a_follow_up_comparison_naming_rows_filters_the_rows(chinook):
    q, _ = follow(chinook, "revenue by country", "only invoices over $10")
    assert q.filters and not any(f.on_measure for f in q.filters)


def test_how_many_of_a_value_counts_the_rows_holding_it(chinook):
    q, result = run(chinook, "how many are in Germany")
    truth = chinook.source.execute("SELECT COUNT(*) FROM Customer WHERE Country = 'Germany'")
    assert q.measures[0].agg == "count" and result.rows[0][0] == truth.rows[0][0]


def test_a_money_column_of_a_named_row_is_shown_not_summed(chinook):
    q, result = run(chinook, "show the unit price of the track Balls to the Wall")
    assert not q.measures and "Track.UnitPrice" in q.fields and result.rows[0][-1] == 0.99


def test_across_all_does_not_group(chinook):
    q, _ = run(chinook, "average track length across all tracks")
    assert not q.dimensions and q.measures[0].agg == "avg"


def test_the_least_number_of_things_ranks_groups_by_their_count(chinook):
    q, result = run(chinook, "the genre with the least number of tracks")
    truth = chinook.source.execute("SELECT g.Name FROM Genre g JOIN Track t ON t.GenreId = g.GenreId "
                                   "GROUP BY g.GenreId ORDER BY COUNT(*) ASC LIMIT 1")
    assert result.rows[0][0] == truth.rows[0][0]


def test_the_highest_total_ranks_groups_by_their_total(chinook):
    q, result = run(chinook, "the billing country with the highest total amount")
    truth = chinook.source.execute("SELECT BillingCountry FROM Invoice GROUP BY BillingCountry "
                                   "ORDER BY SUM(Total) DESC LIMIT 1")
    assert len(result.rows) == 1 and result.rows[0][0] == truth.rows[0][0]


def test_a_maximum_and_a_total_listed_are_both_shown(chinook):
    q, _ = run(chinook, "the maximum and total amount of invoices")
    assert {m.agg for m in q.measures} == {"max", "sum"}


def test_first_and_last_names_share_their_noun(chinook):
    q, result = run(chinook, "list first and last names of customers in Brazil")
    assert q.fields[:2] == ["Customer.FirstName", "Customer.LastName"]
    assert ("Luís", "Gonçalves") in {tuple(r[:2]) for r in result.rows}


def test_modifiers_before_and_share_the_words_around_them(chinook):
    q, _ = run(chinook, "show the billing city and country of invoices")
    assert "Invoice.BillingCity" in q.fields and "Invoice.BillingCountry" in q.fields


def test_all_information_shows_every_column(chinook):
    q, result = run(chinook, "all the information about customers in Brazil")
    assert len(q.fields) == len([f for f in chinook.model.fields_of("Customer") if not f.hidden])
    assert len(result.columns) >= 10


def test_a_negative_number_keeps_its_sign(chinook):
    q, _ = run(chinook, "invoices with a total between -5 and 1")
    between = next(f for f in q.filters if f.op == "between")
    assert between.value == [-5.0, 1.0]


def test_an_english_word_typed_in_lower_case_is_not_a_code_value(chinook):
    q, _ = run(chinook, "how many customers does Brazil has")
    assert [f.value for f in q.filters] == ["Brazil"]


def test_a_superlative_on_a_parents_column_picks_the_row(chinook):
    q, result = run(chinook, "the customer with the largest invoice")
    truth = chinook.source.execute("SELECT c.FirstName || ' ' || c.LastName FROM Invoice i JOIN Customer c "
                                   "ON c.CustomerId = i.CustomerId ORDER BY i.Total DESC LIMIT 1")
    assert not q.measures and shown(result)[0][0] == truth.rows[0][0]


def test_a_superlative_on_a_child_fact_still_totals_it(chinook):
    q, _ = run(chinook, "which customer has spent the most")
    assert q.measures and q.measures[0].agg == "sum"


def test_sorted_by_a_time_word_orders_by_the_column(chinook):
    q, _ = run(chinook, "invoices over $20 sorted by year")
    assert not q.dimensions and not q.measures


def test_ids_between_two_numbers_filter_the_key(chinook):
    q, result = run(chinook, "customers with ids between 10 and 20")
    assert len(result.rows) == 11 and not any(f.on_measure for f in q.filters)


def test_the_value_used_most_often_is_counted(chinook):
    q, result = run(chinook, "the billing country that is used most frequently")
    truth = chinook.source.execute("SELECT BillingCountry FROM Invoice GROUP BY BillingCountry "
                                   "ORDER BY COUNT(*) DESC LIMIT 1")
    assert result.rows[0][0] == truth.rows[0][0]


def test_a_lookup_key_is_counted_where_it_is_referenced(chinook):
    q, result = run(chinook, "the media type id that occurs the fewest times")
    truth = chinook.source.execute("SELECT MediaTypeId FROM Track GROUP BY MediaTypeId ORDER BY COUNT(*) LIMIT 1")
    assert q.measures[0].entity == "Track" and result.rows[0][0] == truth.rows[0][0]


def test_n_or_more_is_at_least_n(chinook):
    q, result = run(chinook, "artists with 10 or more albums")
    assert any(f.on_measure and f.op == ">=" and f.value == 10 for f in q.filters)
    assert {r[0] for r in result.rows} >= {"Iron Maiden", "Metallica"}


def test_how_many_kinds_of_counts_the_different_values(chinook):
    q, result = run(chinook, "how many kinds of media types are there")
    assert result.rows[0][0] == 5


def test_a_table_answers_to_the_head_of_its_name():
    from conversql.semantic.model import Entity, SemanticModel
    from conversql.understand.lexicon import build_lexicon
    model = SemanticModel(dialect="sqlite")
    for name, label in (("pilot", "pilot"), ("pilot_record", "pilot record"), ("member_of", "member of")):
        model.entities[name] = Entity(name=name, label=label, primary_key=["id"])
    lex = build_lexicon(model)
    assert [t.ref for t in lex.phrases[("record",)]] == ["pilot_record"]
    assert [t.ref for t in lex.phrases[("member",)]] == ["member_of"]
    assert all(t.ref == "pilot" for t in lex.phrases[("pilot",)])


def test_the_name_of_a_thing_is_that_things_name(chinook):
    q, result = run(chinook, "What is the name of the artist that has the greatest number of albums?")
    assert result.rows[0][0] == "Iron Maiden"


def test_their_names_are_the_subjects_names(chinook):
    q, result = run(chinook, "Which playlists have more than 1000 tracks? Give me their names.")
    truth = chinook.source.execute("SELECT p.Name FROM Playlist p JOIN PlaylistTrack pt ON pt.PlaylistId = "
                                   "p.PlaylistId GROUP BY p.PlaylistId HAVING COUNT(*) > 1000")
    assert sorted(r[0] for r in result.rows) == sorted(r[0] for r in truth.rows)


def test_two_values_of_a_related_table_joined_by_and_are_both_required(chinook):
    q, result = run(chinook, "customers who bought Rock and Jazz tracks")
    assert [f.op for f in q.filters] == ["exists", "exists"]
    truth = chinook.source.execute(
        "SELECT COUNT(*) FROM Customer c WHERE EXISTS (SELECT 1 FROM Invoice i JOIN InvoiceLine il ON il.InvoiceId = "
        "i.InvoiceId JOIN Track t ON t.TrackId = il.TrackId JOIN Genre g ON g.GenreId = t.GenreId WHERE i.CustomerId"
        " = c.CustomerId AND g.Name = 'Rock') AND EXISTS (SELECT 1 FROM Invoice i JOIN InvoiceLine il ON "
        "il.InvoiceId = i.InvoiceId JOIN Track t ON t.TrackId = il.TrackId JOIN Genre g ON g.GenreId = t.GenreId "
        "WHERE i.CustomerId = c.CustomerId AND g.Name = 'Jazz')")
    assert len(result.rows) == truth.rows[0][0]


def test_two_values_of_a_parent_joined_by_and_are_either(chinook):
    q, _ = run(chinook, "tracks in Rock and Jazz")
    assert [f.op for f in q.filters] == ["in"]


def test_never_with_nothing_after_it_means_no_referring_row(chinook):
    q, result = run(chinook, "which media types have never been used")
    truth = chinook.source.execute("SELECT COUNT(*) FROM MediaType m WHERE NOT EXISTS "
                                   "(SELECT 1 FROM Track t WHERE t.MediaTypeId = m.MediaTypeId)")
    assert q.filters[0].op == "not_exists" and len(result.rows) == truth.rows[0][0]


def test_conditions_on_absent_rows_go_inside_not_exists(chinook):
    q, result = run(chinook, "tracks never bought by customers in Germany")
    assert [f.op for f in q.filters] == ["not_exists"] and q.filters[0].value
    truth = chinook.source.execute(
        "SELECT COUNT(*) FROM Track t WHERE NOT EXISTS (SELECT 1 FROM InvoiceLine il JOIN Invoice i ON i.InvoiceId "
        "= il.InvoiceId JOIN Customer c ON c.CustomerId = i.CustomerId WHERE il.TrackId = t.TrackId AND c.Country "
        "= 'Germany')")
    assert len(result.rows) == truth.rows[0][0]


def test_a_things_name_is_its_title_when_it_has_no_name_column(chinook):
    q, result = run(chinook, "Show the album names for albums that contain tracks with unit price bigger than 1")
    assert q.fields[0] in ("Album", "Album.Title")
    truth = chinook.source.execute("SELECT COUNT(DISTINCT al.AlbumId) FROM Album al JOIN Track t ON t.AlbumId = "
                                   "al.AlbumId WHERE t.UnitPrice > 1")
    assert len(result.rows) == truth.rows[0][0]


def test_grouping_by_a_persons_name_column_of_another_thing_does_not_split_by_key():
    from conversql.query.compile import compile_query
    from conversql.query.structured import DimensionSpec, MeasureSpec, StructuredQuery
    from conversql.semantic.model import Entity, Field, SemanticModel
    model = SemanticModel(dialect="sqlite")
    model.entities["gas_station"] = Entity(name="gas_station", label="gas station", primary_key=["station_id"],
                                           name_fields=["manager_name"])
    model.fields["gas_station.manager_name"] = Field(id="gas_station.manager_name", entity="gas_station",
                                                     column="manager_name", kind="text", role="name",
                                                     label="manager name")
    q = StructuredQuery(measures=[MeasureSpec(agg="count", entity="gas_station")],
                        dimensions=[DimensionSpec(field="gas_station.manager_name")])
    assert "station_id" not in compile_query(q, model).sql


def test_a_money_column_said_in_the_plural_is_shown_per_row(chinook):
    q, result = run(chinook, "the totals of invoices billed to Germany")
    assert not q.measures and "Invoice.Total" in q.fields and len(result.rows) > 1


def test_money_said_in_the_singular_is_still_a_total(chinook):
    q, _ = run(chinook, "what were sales in Germany")
    assert q.measures and q.measures[0].agg == "sum"


def test_who_was_it_for_names_the_person_a_row_points_at(chinook):
    q, result = run(chinook, "What's the largest invoice we've ever issued, and who was it for?")
    truth = chinook.source.execute("SELECT c.FirstName || ' ' || c.LastName FROM Invoice i JOIN Customer c ON "
                                   "c.CustomerId = i.CustomerId ORDER BY i.Total DESC LIMIT 1")
    assert "Customer" in q.fields and truth.rows[0][0] in shown(result)[0]


def test_vs_between_two_people_compares_them_and_is_no_value(chinook):
    q, result = run(chinook, "Compare total sales from Jane Peacock's customers vs Margaret Park's customers")
    assert [f.op for f in q.filters] == ["in"] and len(result.rows) == 2


def test_the_whole_of_a_listed_set_is_one_total_in_the_unit_asked(chinook):
    q, result = follow(chinook, "How many tracks are in the Grunge playlist?", "list them with the artist",
                       "how long is the whole playlist in minutes?")
    truth = chinook.source.execute(
        "SELECT ROUND(SUM(t.Milliseconds) / 60000.0, 2) FROM Track t JOIN PlaylistTrack pt ON pt.TrackId = t.TrackId "
        "JOIN Playlist p ON p.PlaylistId = pt.PlaylistId WHERE p.Name = 'Grunge'")
    assert not q.dimensions and result.rows[0][0] == pytest.approx(truth.rows[0][0])


def test_for_different_things_groups_by_them(chinook):
    q, result = run(chinook, "Show the average invoice total for different customers")
    assert q.dimensions and q.measures[0].agg == "avg" and len(result.rows) == 59


def test_the_value_that_is_most_common_when_said_last(chinook):
    q, result = run(chinook, "Give the billing country of invoices that is most common")
    truth = chinook.source.execute("SELECT BillingCountry FROM Invoice GROUP BY BillingCountry ORDER BY COUNT(*) "
                                   "DESC LIMIT 1")
    assert result.rows[0][0] == truth.rows[0][0]


def test_the_number_of_different_values_is_a_distinct_count(chinook):
    q, result = run(chinook, "Count the number of different cities that customers live in")
    assert q.measures[0].agg == "count_distinct" and not q.dimensions


def test_in_or_after_a_year_includes_it(chinook):
    q, _ = run(chinook, "invoices in or after 2024")
    assert q.time_range.start.year == 2024 and q.time_range.start.month == 1


def test_a_comparison_without_than_is_still_one(chinook):
    q, _ = run(chinook, "invoices with a total greater 20")
    assert any(f.op == ">" and f.value == 20 for f in q.filters)


def test_alphabetical_order_follows_the_column_asked_for(chinook):
    q, _ = run(chinook, "list all customer countries in alphabetical order")
    assert q.order[0].key == "Customer.Country"


def test_ordered_by_the_count_is_ascending_unless_said(chinook):
    q, _ = run(chinook, "the number of customers in each country ordered by the count")
    assert q.order and not q.order[0].desc


def test_greater_than_or_equal_to_is_at_least(chinook):
    q, _ = run(chinook, "invoices with a total larger than or equal to 20")
    assert any(f.op == ">=" and f.value == 20 for f in q.filters)


def test_the_first_row_is_the_earliest(chinook):
    q, result = run(chinook, "When did the first invoice happen?")
    truth = chinook.source.execute("SELECT MIN(InvoiceDate) FROM Invoice")
    assert len(result.rows) == 1 and truth.rows[0][0] in result.rows[0]


def test_starting_with_the_is_no_letters(chinook):
    q, _ = run(chinook, "list the artists starting with the oldest")
    assert not any(f.op == "like" for f in q.filters)


def test_a_yes_no_column_said_alone_is_a_condition(demo):
    q, result = run(demo, "how many products are discontinued")
    truth = demo.source.execute("SELECT COUNT(*) FROM products WHERE discontinued")
    assert q.filters[0].value is True and result.rows[0][0] == truth.rows[0][0]
    q, result = run(demo, "how many products are not discontinued")
    truth = demo.source.execute("SELECT COUNT(*) FROM products WHERE NOT discontinued")
    assert q.filters[0].value is False and result.rows[0][0] == truth.rows[0][0]


def test_count_the_rows_holding_values_named_in_filters(chinook):
    q, result = run(chinook, "Count the number of Sales Support Agent employees in city Calgary")
    assert q.measures and q.measures[0].agg == "count" and result.rows[0][0] == 3


def test_a_category_asked_for_in_the_plural_lists_each_value_once(chinook):
    q, result = run(chinook, "which countries do our customers live in")
    truth = chinook.source.execute("SELECT COUNT(DISTINCT Country) FROM Customer")
    assert q.distinct and len(result.rows) == truth.rows[0][0] and len(result.columns) == 1


def test_counting_a_role_per_that_role_counts_the_rows_pointing_at_it(chinook):
    q, result = run(chinook, "How many direct reports does each manager have?")
    truth = chinook.source.execute("SELECT m.FirstName || ' ' || m.LastName, COUNT(*) FROM Employee e "
                                   "JOIN Employee m ON m.EmployeeId = e.ReportsTo GROUP BY m.EmployeeId")
    assert sorted((r[0], r[-1]) for r in result.rows) == sorted(tuple(r) for r in truth.rows)
