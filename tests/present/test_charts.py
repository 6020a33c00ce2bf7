from datetime import date, timedelta

from conversql.engine.answer import ChartRecommendation
from conversql.present.charts import choose_visualization, recommend_charts
from conversql.present.roles import ColumnRole

from .side_by_side import MONTHS, QUARTERS

DAILY = (["order_date", "total_sales"], {"order_date": "date", "total_sales": "numeric"},
         [[date(2024, 1, 1) + timedelta(days=i), 100.0 + i] for i in range(10)])
BY_COUNTRY = (["country", "revenue"], {"country": "text", "revenue": "numeric"},
              [["FR", 30], ["DE", 50], ["IT", 20]])
MONTHLY_BY_REGION = (["month", "region", "revenue"], {"month": "date", "region": "text", "revenue": "numeric"},
                     [[date(2024, m, 1), r, 10.0 * m] for m in (1, 2, 3) for r in ("North", "South")])


def recommend(columns, types, rows, roles=None):
    return recommend_charts(columns, types, rows, roles)


def types_of(recs):
    return [r.chart_type for r in recs]


def by_type(recs, chart_type):
    return next(r for r in recs if r.chart_type == chart_type)


def categories(n, values=None):
    values = values or [float(i + 1) for i in range(n)]
    return ["customer", "revenue"], {"customer": "text", "revenue": "numeric"}, [
        [f"c{i}", v] for i, v in enumerate(values)]


def test_a_time_series_is_a_line_first():
    recs = recommend(*DAILY)
    assert recs[0] == ChartRecommendation(score=1.0, chart_type="LINE_CHART",
                                          encode={"x": "order_date", "y": "total_sales"})


def test_a_time_series_offers_an_area_and_bars_as_alternatives():
    recs = recommend(*DAILY)
    assert types_of(recs)[:3] == ["LINE_CHART", "BAR_CHART", "AREA_CHART"]
    assert 0 < by_type(recs, "AREA_CHART").score < 1


def test_a_category_with_a_time_series_splits_it_into_series():
    line = recommend(*MONTHLY_BY_REGION)[0]
    assert line.encode == {"x": "month", "y": "revenue", "color": "region"}


def test_a_tangle_of_series_leads_with_a_table():
    rows = [[date(2024, m, 1), f"customer {c}", 1.0] for m in (1, 2) for c in range(20)]
    recs = recommend(["month", "customer", "revenue"], {"month": "date", "customer": "text",
                                                        "revenue": "numeric"}, rows)
    assert recs[0].chart_type == "TABLE"


def test_a_time_series_is_never_a_pie():
    assert "PIE_CHART" not in types_of(recommend(*DAILY))


def test_a_measure_by_category_is_a_bar_chart():
    assert recommend(*BY_COUNTRY)[0].encode == {"x": "country", "y": "revenue"}
    assert recommend(*BY_COUNTRY)[0].chart_type == "BAR_CHART"


def test_two_categories_give_stacked_bars_with_the_shorter_list_as_colour():
    rows = [[c, p, 1.0] for c in ("FR", "DE", "IT", "ES") for p in ("web", "shop")]
    bar = recommend(["country", "channel", "revenue"],
                    {"country": "text", "channel": "text", "revenue": "numeric"}, rows)[0]
    assert bar.encode == {"x": "country", "y": "revenue", "color": "channel"}


def test_a_few_parts_of_a_whole_may_be_a_pie():
    assert "PIE_CHART" in types_of(recommend(*BY_COUNTRY))


def test_a_pie_is_second_to_bars():
    recs = recommend(*BY_COUNTRY)
    assert by_type(recs, "PIE_CHART").score < by_type(recs, "BAR_CHART").score


def test_no_pie_for_more_than_seven_parts():
    assert "PIE_CHART" not in types_of(recommend(*categories(8)))


def test_a_pie_for_seven_parts():
    assert "PIE_CHART" in types_of(recommend(*categories(7)))


def test_no_pie_for_a_single_part():
    assert "PIE_CHART" not in types_of(recommend(*categories(1)))


def test_no_pie_with_negative_values():
    assert "PIE_CHART" not in types_of(recommend(*categories(3, [10.0, -5.0, 3.0])))


def test_no_pie_with_missing_values():
    assert "PIE_CHART" not in types_of(recommend(*categories(3, [10.0, None, 3.0])))


def test_no_pie_for_a_measure_that_does_not_add_up():
    rows = [["FR", 3.5], ["DE", 4.0]]
    assert "PIE_CHART" not in types_of(recommend(["country", "avg_rating"],
                                                 {"country": "text", "avg_rating": "numeric"}, rows))


def test_no_pie_when_the_engine_says_the_measure_does_not_add_up():
    roles = [ColumnRole(name="country", role="category"), ColumnRole(name="revenue", role="measure",
                                                                     additive=False)]
    assert "PIE_CHART" not in types_of(recommend(*BY_COUNTRY, roles))


def test_no_pie_for_two_measures():
    rows = [["FR", 3, 1], ["DE", 4, 2]]
    recs = recommend(["country", "revenue", "orders"], {"country": "text", "revenue": "numeric",
                                                        "orders": "numeric"}, rows)
    assert "PIE_CHART" not in types_of(recs)


def test_many_categories_still_read_as_bars():
    assert recommend(*categories(50))[0].chart_type == "BAR_CHART"


def test_three_hundred_categories_read_better_as_a_table():
    assert recommend(*categories(300))[0].chart_type == "TABLE"


def test_two_measures_per_item_are_a_scatter_plot():
    rows = [[i, 1.5 * i, 2.0 * i + 1] for i in range(10)]
    recs = recommend(["product_id", "price", "weight"], {"product_id": "numeric", "price": "numeric",
                                                         "weight": "numeric"}, rows)
    assert recs[0] == ChartRecommendation(score=1.0, chart_type="SCATTER_CHART", encode={"x": "price",
                                                                                       "y": "weight"})


def test_a_scatter_plot_needs_three_points():
    rows = [[1.0, 2.0], [2.0, None], [3.0, 4.0]]
    assert "SCATTER_CHART" not in types_of(recommend(["a", "b"], {"a": "numeric", "b": "numeric"}, rows))


def test_few_categories_with_two_measures_stay_bars_first():
    rows = [["FR", 3, 1], ["DE", 4, 2], ["IT", 5, 1]]
    recs = recommend(["country", "revenue", "orders"], {"country": "text", "revenue": "numeric",
                                                        "orders": "numeric"}, rows)
    assert types_of(recs)[:2] == ["BAR_CHART", "SCATTER_CHART"]


def test_one_number_is_a_number_card():
    recs = recommend(["total_sales"], {"total_sales": "numeric"}, [[1234.5]])
    assert recs[0] == ChartRecommendation(score=1.0, chart_type="NUMBER_CARD", encode={"y": "total_sales"})


def test_one_row_of_several_measures_is_a_number_card_of_the_first():
    recs = recommend(["revenue", "orders"], {"revenue": "numeric", "orders": "numeric"}, [[10.0, 2]])
    assert recs[0].chart_type == "NUMBER_CARD"
    assert recs[0].encode == {"y": "revenue"}


def test_one_labelled_row_is_a_number_card_with_its_label():
    recs = recommend(*BY_COUNTRY[:2], [["DE", 50]])
    assert recs[0].encode == {"x": "country", "y": "revenue"}


def test_text_only_results_are_tables():
    recs = recommend(["name", "email"], {"name": "text", "email": "text"}, [["a", "a@x"], ["b", "b@x"]])
    assert types_of(recs) == ["TABLE"]
    assert recs[0].score == 1.0


def test_an_empty_result_is_a_table():
    assert types_of(recommend(*DAILY[:2], [])) == ["TABLE"]


def test_a_table_is_always_offered():
    for result in (DAILY, BY_COUNTRY, MONTHLY_BY_REGION):
        assert "TABLE" in types_of(recommend(*result))


def test_the_best_scores_one_and_the_rest_follow_in_order():
    scores = [r.score for r in recommend(*BY_COUNTRY)]
    assert scores[0] == 1.0
    assert scores == sorted(scores, reverse=True)
    assert all(0 < s <= 1 for s in scores)


def test_a_constant_period_is_a_filter_not_an_axis():
    rows = [[2024, "FR", 30.0], [2024, "DE", 50.0]]
    recs = recommend(["year", "country", "revenue"], {"year": "numeric", "country": "text",
                                                      "revenue": "numeric"}, rows)
    assert recs[0].encode == {"x": "country", "y": "revenue"}


def test_ids_label_bars_when_there_is_no_category():
    rows = [[7, 30.0], [9, 50.0]]
    bar = recommend(["customer_id", "revenue"], {"customer_id": "numeric", "revenue": "numeric"}, rows)[0]
    assert (bar.chart_type, bar.encode["x"]) == ("BAR_CHART", "customer_id")


def test_roles_from_the_engine_override_inference():
    roles = [ColumnRole(name="order_date", role="category"), ColumnRole(name="total_sales", role="measure")]
    assert recommend(*DAILY, roles)[0].chart_type == "BAR_CHART"


def test_choosing_without_a_request_takes_the_best():
    viz = choose_visualization(recommend(*DAILY))
    assert (viz.type, viz.x_axis, viz.y_axis, viz.series) == ("line", "order_date", "total_sales", None)


def test_choosing_carries_the_title():
    assert choose_visualization(recommend(*DAILY), title="Sales").title == "Sales"


def test_choosing_a_recommended_type_takes_its_encoding():
    viz = choose_visualization(recommend(*MONTHLY_BY_REGION), "bar")
    assert (viz.type, viz.x_axis, viz.series) == ("bar", "month", "region")


def test_choosing_an_unrecommended_type_borrows_the_best_axes():
    viz = choose_visualization(recommend(*DAILY), "pie")
    assert (viz.type, viz.x_axis, viz.y_axis) == ("pie", "order_date", "total_sales")


def test_a_borrowed_pie_drops_the_series():
    viz = choose_visualization(recommend(*MONTHLY_BY_REGION), "pie")
    assert viz.series is None


def test_a_number_card_cannot_be_forced_on_many_rows():
    assert choose_visualization(recommend(*DAILY), "number").type == "line"


def test_a_table_can_always_be_chosen():
    assert choose_visualization(recommend(*DAILY), "table").type == "table"


def test_a_chart_cannot_be_forced_on_a_result_without_measures():
    recs = recommend(["name"], {"name": "text"}, [["a"], ["b"]])
    assert choose_visualization(recs, "line").type == "table"


def test_an_unknown_chart_type_takes_the_best():
    assert choose_visualization(recommend(*DAILY), "donut").type == "line"


def test_choosing_from_nothing_is_a_table():
    assert choose_visualization([]).type == "table"


ORDERS = (["order_id", "order_date", "freight", "required_date"],
          {"order_id": "numeric", "order_date": "date", "freight": "numeric", "required_date": "date"},
          [[24947 + i, date(2026, 12, 4), 10.0 + i, date(2026, 12, 18) + timedelta(days=7 * (i % 3))]
           for i in range(10)])
ORDER_ROLES = [ColumnRole(name="order_id", role="detail"), ColumnRole(name="order_date", role="time"),
               ColumnRole(name="freight", role="measure", unit="currency"),
               ColumnRole(name="required_date", role="time")]


def test_a_listing_of_records_is_a_table():
    assert recommend(*ORDERS, ORDER_ROLES)[0].chart_type == "TABLE"


def test_a_listing_of_records_is_never_drawn_over_its_dates():
    assert not {"LINE_CHART", "AREA_CHART"} & set(types_of(recommend(*ORDERS, ORDER_ROLES)))


def test_a_listing_keeps_a_bar_on_offer_below_the_table():
    roles = [ColumnRole(name="product", role="detail"), ColumnRole(name="unit_price", role="measure")]
    recs = recommend(["product", "unit_price"], {"product": "text", "unit_price": "numeric"},
                     [["Tea", 18.0], ["Coffee", 14.0], ["Caviar", 260.0]], roles)
    assert types_of(recs)[:2] == ["TABLE", "BAR_CHART"]


def test_rows_that_share_a_date_are_not_a_series():
    rows = [[date(2024, 1, 1), 5.0], [date(2024, 1, 1), 7.0], [date(2024, 1, 2), 3.0]]
    assert "LINE_CHART" not in types_of(recommend(["order_date", "freight"],
                                                  {"order_date": "date", "freight": "numeric"}, rows))


def test_a_period_repeated_once_per_category_is_still_a_series():
    assert recommend(*MONTHLY_BY_REGION)[0].chart_type == "LINE_CHART"


# One measure in several periods side by side (columns, types, rows, roles from the engine).

def test_periods_side_by_side_over_months_are_a_line_per_period():
    assert recommend(*MONTHS)[0] == ChartRecommendation(score=1.0, chart_type="LINE_CHART", encode={
        "x": "month", "y": ["total_revenue_last_year", "total_revenue_this_year"]})


def test_periods_side_by_side_over_months_offer_grouped_bars():
    bar = by_type(recommend(*MONTHS), "BAR_CHART")
    assert bar.encode["y"] == ["total_revenue_last_year", "total_revenue_this_year"] and bar.score < 1


def test_periods_side_by_side_over_four_quarters_lead_with_grouped_bars():
    assert recommend(*QUARTERS)[0].encode == {"x": "quarter", "y": ["total_2024", "total_2025"]}
    assert recommend(*QUARTERS)[0].chart_type == "BAR_CHART"


def test_periods_side_by_side_over_named_categories_are_bars_only():
    columns, types, rows, roles = QUARTERS
    named = [[f"region {r[0]}", *r[1:]] for r in rows]
    assert types_of(recommend(columns, types, named, roles)) == ["BAR_CHART", "TABLE"]


def test_periods_side_by_side_are_not_plotted_against_each_other():
    assert "SCATTER_CHART" not in types_of(recommend(*MONTHS))


def test_a_growth_in_percent_is_not_what_a_line_draws():
    rows = [["2023", None, 100.0], ["2024", 20.0, 120.0], ["2025", 25.0, 150.0]]
    recs = recommend(["year", "revenue_growth_pct", "revenue"], {"year": "text", "revenue_growth_pct": "numeric",
                                                                 "revenue": "numeric"}, rows)
    assert recs[0].encode == {"x": "year", "y": "revenue"}


def test_a_share_in_percent_is_not_plotted_against_its_amount():
    rows = [["FR", 30.0, 30.0], ["DE", 50.0, 50.0], ["IT", 20.0, 20.0]]
    recs = recommend(["country", "revenue", "pct_of_revenue"], {"country": "text", "revenue": "numeric",
                                                                "pct_of_revenue": "numeric"}, rows)
    assert "SCATTER_CHART" not in types_of(recs)


def test_choosing_periods_side_by_side_lists_them_as_the_y_axes():
    viz = choose_visualization(recommend(*MONTHS))
    assert (viz.x_axis, viz.y_axis, viz.y_axes) == (
        "month", "total_revenue_last_year", ["total_revenue_last_year", "total_revenue_this_year"])


def test_an_area_asked_for_over_periods_keeps_them_all():
    assert choose_visualization(recommend(*MONTHS), "area").y_axes == [
        "total_revenue_last_year", "total_revenue_this_year"]


def test_a_pie_asked_for_over_periods_draws_one_of_them():
    viz = choose_visualization(recommend(*MONTHS), "pie")
    assert (viz.type, viz.y_axis, viz.y_axes) == ("pie", "total_revenue_last_year", [])


def test_amounts_of_one_unit_over_categories_are_grouped_bars():
    rows = [["FR", 10.0, 4.0], ["DE", 20.0, 15.0], ["IT", 5.0, 1.0]]
    recs = recommend(["country", "revenue", "cost"], {"country": "text", "revenue": "numeric", "cost": "numeric"},
                     rows)
    assert recs[0].encode == {"x": "country", "y": ["revenue", "cost"]}
