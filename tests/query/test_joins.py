"""Join planning: the cheapest tree of many-to-one (and, when needed, one-to-many) edges between entities."""
from __future__ import annotations

import pytest

from conversql.query.joins import (MANY_TO_ONE_COST, ONE_TO_MANY_COST, NoJoinPath, join_tree, path_cost,
                                   shortest_paths)
from conversql.semantic.model import Entity, Join, SemanticModel


def graph(*edges: str) -> SemanticModel:
    """A model from 'source.column>target.column' edges (many source rows point at one target row)."""
    model = SemanticModel(dialect="duckdb")
    for edge in edges:
        (s, sc), (t, tc) = (side.split(".") for side in edge.split(">"))
        for name in (s, t):
            model.entities.setdefault(name, Entity(name=name, label=name))
        model.joins.append(Join(s, [sc], t, [tc]))
    return model


SHOP = graph("order_details.order_id>orders.order_id", "orders.customer_id>customers.customer_id",
             "order_details.product_id>products.product_id", "products.category_id>categories.category_id",
             "customers.country_id>countries.country_id")


def route(model: SemanticModel, root: str, target: str) -> list[str]:
    return [s.entity for s in shortest_paths(model, root)[target]]


def test_the_root_needs_no_steps():
    assert shortest_paths(SHOP, "orders")["orders"] == []


def test_follows_foreign_keys_outwards():
    assert route(SHOP, "order_details", "customers") == ["orders", "customers"]


def test_walks_a_foreign_key_backwards_when_it_must():
    assert route(SHOP, "customers", "order_details") == ["orders", "order_details"]


def test_a_forward_step_says_the_tree_side_holds_the_key():
    [step] = shortest_paths(SHOP, "orders")["customers"]
    assert (step.forward, step.parent) == (True, "orders")


def test_a_backward_step_hangs_from_the_target_side():
    [step] = shortest_paths(SHOP, "customers")["orders"]
    assert (step.forward, step.parent) == (False, "customers")


def test_a_direct_key_beats_a_longer_path():
    model = graph("order_details.order_id>orders.order_id", "orders.customer_id>customers.customer_id",
                  "order_details.customer_id>customers.customer_id")
    assert route(model, "order_details", "customers") == ["customers"]


def test_many_to_one_path_beats_an_equally_long_one_to_many_path():
    # a -> b -> c (two forward steps) and a <- d -> c (one backward step, one forward step)
    model = graph("a.b_id>b.id", "b.c_id>c.id", "d.a_id>a.id", "d.c_id>c.id")
    assert route(model, "a", "c") == ["b", "c"]


def test_a_bridge_table_connects_many_to_many():
    model = graph("enrollments.student_id>students.id", "enrollments.course_id>courses.id")
    assert route(model, "students", "courses") == ["enrollments", "courses"]


def test_self_references_are_not_paths():
    model = graph("employees.manager_id>employees.id")
    assert shortest_paths(model, "employees") == {"employees": []}


def test_unconnected_entities_are_absent():
    model = graph("orders.customer_id>customers.id")
    model.entities["weather"] = Entity(name="weather", label="weather")
    assert "weather" not in shortest_paths(model, "orders")


def test_path_cost_adds_step_costs():
    assert path_cost(SHOP, "order_details", {"customers"}) == pytest.approx(2 * MANY_TO_ONE_COST)


def test_path_cost_of_a_backward_step():
    assert path_cost(SHOP, "customers", {"orders"}) == pytest.approx(ONE_TO_MANY_COST)


def test_path_cost_counts_shared_steps_once():
    assert path_cost(SHOP, "order_details", {"orders", "customers"}) == pytest.approx(2 * MANY_TO_ONE_COST)


def test_path_cost_of_the_root_alone_is_zero():
    assert path_cost(SHOP, "orders", {"orders"}) == 0


def test_path_cost_is_infinite_when_unreachable():
    model = graph("orders.customer_id>customers.id")
    model.entities["weather"] = Entity(name="weather", label="weather")
    assert path_cost(model, "orders", {"weather"}) == float("inf")


def test_join_tree_lists_parents_before_children():
    steps = join_tree(SHOP, "order_details", {"countries", "categories"})
    assert [s.entity for s in steps] == ["products", "categories", "orders", "customers", "countries"]


def test_join_tree_joins_a_shared_parent_once():
    steps = join_tree(SHOP, "order_details", {"orders", "customers"})
    assert [s.entity for s in steps] == ["orders", "customers"]


def test_join_tree_of_the_root_alone_is_empty():
    assert join_tree(SHOP, "orders", {"orders"}) == []


def test_join_tree_refuses_unconnected_entities():
    model = graph("orders.customer_id>customers.id")
    model.entities["weather"] = Entity(name="weather", label="weather")
    with pytest.raises(NoJoinPath, match="no known relationship connects orders and weather"):
        join_tree(model, "orders", {"weather"})


def test_paths_are_cached_until_the_joins_change():
    model = graph("order_details.order_id>orders.order_id", "orders.customer_id>customers.customer_id")
    assert shortest_paths(model, "order_details") is shortest_paths(model, "order_details")
    assert path_cost(model, "order_details", {"customers"}) == 2 * MANY_TO_ONE_COST
    model.joins.pop()                                   # orders -> customers is gone
    assert "customers" not in shortest_paths(model, "order_details")
    assert path_cost(model, "order_details", {"customers"}) == float("inf")


def test_a_redirected_join_is_seen():
    model = graph("a.x>b.id", "b.y>c.id")
    model.entities["d"] = Entity(name="d", label="d")
    assert route(model, "a", "c") == ["b", "c"]
    model.joins[1].target = "d"
    assert "c" not in shortest_paths(model, "a") and route(model, "a", "d") == ["b", "d"]


def test_parents_and_children_along_the_join_graph():
    from conversql.query.joins import has_many, is_parent_or_self
    from conversql.semantic.model import Entity, Join, SemanticModel
    model = SemanticModel(dialect="sqlite")
    for name in ("customers", "orders", "items"):
        model.entities[name] = Entity(name=name, label=name, primary_key=["id"])
    model.joins = [Join("orders", ["customer_id"], "customers", ["id"]), Join("items", ["order_id"], "orders", ["id"])]
    assert is_parent_or_self(model, "items", "customers") and is_parent_or_self(model, "orders", "orders")
    assert not is_parent_or_self(model, "customers", "items")
    assert has_many(model, "customers", "items") and not has_many(model, "items", "customers")
