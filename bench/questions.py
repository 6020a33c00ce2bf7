"""The questions the benchmarks ask: what a person would type about the demo retail database.

The benchmark measures speed, not correctness: a question that is not understood still counts (the time to say
so is part of what a user waits for), and the report says how many were answered with SQL.
"""
from __future__ import annotations

from datetime import date

# Fixed so relative time ("last 3 months") and the demo's contents are the same on every run.
TODAY = date(2025, 6, 30)

QUESTIONS: list[str] = [
    # totals and counts
    "total revenue",
    "How many orders are there?",
    "how many customers do we have",
    "number of products",
    "total freight",
    "average order value",
    "total quantity sold",
    # by a category
    "revenue by category",
    "revenue by country",
    "number of customers by country",
    "orders by status",
    "revenue by customer segment",
    "total freight by shipper",
    "revenue by region",
    "number of products per supplier",
    "revenue by employee",
    # over time
    "revenue by month",
    "number of orders by month",
    "monthly revenue in 2024",
    "revenue by quarter",
    "orders per year",
    "weekly orders last 3 months",
    # top / bottom N
    "top 10 customers by revenue",
    "top 5 products by quantity sold",
    "top 3 categories by revenue",
    "bottom 5 countries by revenue",
    "best selling products last month",
    # relative and absolute time ranges
    "revenue in the last 3 months",
    "total revenue in Q3 2024",
    "orders last year",
    "revenue this year by category",
    "revenue in June 2025",
    # filters
    "orders in Germany",
    "revenue from customers in Germany",
    "orders with freight over 500",
    "customers in France",
    "cancelled orders last month",
    "revenue of Beverages by month",
    "products with unit price over 50",
    "top 5 customers in Germany by revenue in 2024",
]

# Aggregates over the order lines and orders: these read the big tables, so at scale 150 they show what the
# engine adds on top of the database's own work.
AGGREGATES: list[str] = [
    "total revenue",
    "How many orders are there?",
    "revenue by category",
    "revenue by country",
    "revenue by month",
    "number of orders by month",
    "top 10 customers by revenue",
    "total revenue in Q3 2024",
    "orders by status",
    "total quantity sold",
]
