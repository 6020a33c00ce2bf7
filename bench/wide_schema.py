"""A synthetic 100-table DuckDB database and the questions a person would ask of it, both deterministic.

The schema is a business back office: dimensions (regions, countries, cities, brands, categories...), people
(customers, employees, contacts...), events (orders, invoices, tickets, shipments...) and line tables, joined by
declared foreign keys into one connected graph of 100 tables. Every table has a surrogate key; things have a
unique name, people a first and last name, events a date and a status; numeric columns vary by table, and
low-cardinality category columns (status, priority, tier, channel...) hold a few readable values each.

    build_wide(Path("bench/.cache/wide-100.duckdb"))
    questions = wide_questions(seed=1, count=200)
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

# name, kind, parents. Kinds: thing (named row), person (first and last name), event (dated, with a status),
# line (quantities of an event). Parents come earlier in the list, so the tables can be created in order.
SPEC: list[tuple[str, str, list[str]]] = [
    ("regions", "thing", []), ("countries", "thing", ["regions"]), ("cities", "thing", ["countries"]),
    ("currencies", "thing", []), ("industries", "thing", []), ("brands", "thing", []),
    ("categories", "thing", []), ("subcategories", "thing", ["categories"]), ("departments", "thing", []),
    ("carriers", "thing", ["countries"]), ("warehouses", "thing", ["cities"]), ("stores", "thing", ["cities"]),
    ("suppliers", "thing", ["countries", "industries"]), ("manufacturers", "thing", ["countries"]),
    ("products", "thing", ["subcategories", "brands", "suppliers"]), ("teams", "thing", ["departments"]),
    ("employees", "person", ["teams", "cities"]), ("customers", "person", ["cities"]),
    ("companies", "thing", ["industries", "cities"]), ("contacts", "person", ["companies"]),
    ("orders", "event", ["customers", "stores", "employees"]), ("order_lines", "line", ["orders", "products"]),
    ("invoices", "event", ["orders", "currencies"]), ("payments", "event", ["invoices"]),
    ("refunds", "event", ["payments"]), ("shipments", "event", ["orders", "warehouses", "carriers"]),
    ("returns", "event", ["shipments"]), ("purchase_orders", "event", ["suppliers", "warehouses"]),
    ("purchase_lines", "line", ["purchase_orders", "products"]), ("stock_counts", "event", ["warehouses", "products"]),
    ("promotions", "thing", ["brands"]), ("campaigns", "thing", ["departments"]),
    ("leads", "event", ["campaigns", "contacts"]), ("opportunities", "event", ["leads", "employees"]),
    ("contracts", "event", ["companies", "employees"]), ("subscriptions", "event", ["customers", "products"]),
    ("plans", "thing", ["currencies"]), ("accounts", "thing", ["companies", "plans"]),
    ("tickets", "event", ["customers", "employees"]), ("ticket_comments", "event", ["tickets", "employees"]),
    ("projects", "thing", ["departments", "companies"]), ("tasks", "event", ["projects", "employees"]),
    ("timesheets", "event", ["tasks", "employees"]), ("expenses", "event", ["employees", "projects"]),
    ("budgets", "event", ["departments"]), ("vendors", "thing", ["countries"]),
    ("bills", "event", ["vendors", "departments"]), ("assets", "thing", ["departments", "vendors"]),
    ("maintenance_jobs", "event", ["assets", "employees"]), ("vehicles", "thing", ["carriers"]),
    ("routes", "thing", ["carriers", "cities"]), ("deliveries", "event", ["shipments", "vehicles", "routes"]),
    ("courses", "thing", ["departments"]), ("enrollments", "event", ["courses", "employees"]),
    ("reviews", "event", ["products", "customers"]), ("wishlists", "event", ["customers", "products"]),
    ("carts", "event", ["customers", "stores"]), ("cart_items", "line", ["carts", "products"]),
    ("coupons", "thing", ["promotions"]), ("redemptions", "event", ["coupons", "orders"]),
    ("loyalty_cards", "thing", ["customers"]), ("loyalty_points", "event", ["loyalty_cards", "orders"]),
    ("events", "thing", ["cities", "departments"]), ("attendees", "person", ["companies"]),
    ("registrations", "event", ["events", "attendees"]), ("sponsors", "thing", ["industries"]),
    ("sponsorships", "event", ["events", "sponsors"]), ("venues", "thing", ["cities"]),
    ("bookings", "event", ["venues", "events"]), ("candidates", "person", ["cities"]),
    ("job_openings", "thing", ["departments", "cities"]), ("applications", "event", ["job_openings", "candidates"]),
    ("interviews", "event", ["applications", "employees"]), ("offers", "event", ["applications"]),
    ("patients", "person", ["cities"]), ("doctors", "person", ["departments"]),
    ("clinics", "thing", ["cities"]), ("appointments", "event", ["patients", "doctors", "clinics"]),
    ("prescriptions", "event", ["appointments"]), ("medications", "thing", ["manufacturers"]),
    ("prescription_items", "line", ["prescriptions", "medications"]), ("insurers", "thing", ["countries"]),
    ("claims", "event", ["patients", "insurers"]), ("properties", "thing", ["cities"]),
    ("tenants", "person", ["properties"]), ("leases", "event", ["properties", "tenants"]),
    ("rent_payments", "event", ["leases"]), ("inspections", "event", ["properties", "employees"]),
    ("farms", "thing", ["regions"]), ("crops", "thing", []), ("harvests", "event", ["farms", "crops"]),
    ("machines", "thing", ["manufacturers", "farms"]), ("sensors", "thing", ["machines"]),
    ("readings", "event", ["sensors"]), ("alerts", "event", ["sensors", "employees"]),
    ("surveys", "thing", ["departments"]), ("responses", "event", ["surveys", "customers"]),
    ("skills", "thing", []), ("certifications", "event", ["employees", "skills"]),
    ("audits", "event", ["suppliers", "employees"]),
]

# Category columns: a readable name and its values; each table gets one (events two), picked by its position.
CATEGORIES: list[tuple[str, list[str]]] = [
    ("tier", ["Bronze", "Silver", "Gold", "Platinum"]),
    ("channel", ["Online", "Retail", "Partner", "Phone"]),
    ("segment", ["Enterprise", "Small Business", "Consumer", "Public Sector"]),
    ("priority", ["Low", "Medium", "High", "Critical"]),
    ("stage", ["Prospect", "Qualified", "Proposal", "Negotiation"]),
    ("size", ["Compact", "Standard", "Large", "Oversized"]),
    ("color", ["Crimson", "Navy", "Emerald", "Charcoal", "Ivory"]),
    ("level", ["Junior", "Senior", "Lead", "Principal"]),
    ("climate", ["Temperate", "Tropical", "Arid", "Polar"]),
    ("method", ["Card", "Transfer", "Cash", "Voucher"]),
    ("mode", ["Air", "Sea", "Road", "Rail"]),
    ("grade", ["Premium", "Economy", "Standard Plus"]),
]
STATUSES = ["Open", "Closed", "Pending", "Cancelled", "On Hold"]
NUMERICS = ["amount", "cost", "price", "budget", "weight_kg", "score", "duration_minutes", "balance", "fee", "tax",
            "capacity", "headcount", "distance_km", "hours", "salary", "credit_limit", "area_sqm", "population",
            "rating", "volume_liters", "deposit", "margin", "mileage", "temperature"]
ADJECTIVES = ["Northern", "Silver", "Golden", "Eastern", "Royal", "Quiet", "Bright", "Coastal", "Green", "Ancient",
              "Swift", "Noble", "Crystal", "Iron", "Summit", "Harbor", "Maple", "Cedar", "Lunar", "Solar", "Amber",
              "Velvet", "Granite", "Copper", "Falcon", "Aurora", "Willow", "Prairie", "Canyon", "Meadow"]
NOUNS = ["Works", "Partners", "Labs", "Trading", "Systems", "Foods", "Studio", "Logistics", "Holdings", "Outfitters",
         "Supply", "Dynamics", "Ventures", "Foundry", "Textiles", "Analytics", "Gardens", "Motors", "Media", "Crafts",
         "Networks", "Pharma", "Energy", "Capital", "Designs", "Robotics", "Kitchens", "Apparel", "Optics", "Marine"]
FIRST = ["Ada", "Bruno", "Chloe", "Dmitri", "Elena", "Farid", "Greta", "Hiro", "Ingrid", "Jonas", "Kira", "Luca",
         "Mara", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Soren", "Tara", "Umar", "Vera", "Wim", "Xenia", "Yusuf",
         "Zora", "Anton", "Bianca", "Cyrus", "Delia"]
LAST = ["Abbott", "Brennan", "Castillo", "Dumont", "Eriksen", "Fontaine", "Gallagher", "Hartmann", "Iversen",
        "Jablonski", "Kowalski", "Lindqvist", "Moreau", "Nakamura", "Okafor", "Petrov", "Quintero", "Rossi",
        "Schneider", "Takahashi", "Ulrich", "Valdez", "Whitmore", "Yilmaz", "Zamora", "Albrecht", "Bergstrom",
        "Carvalho", "Delacroix", "Esposito"]

ROWS = {"thing": 120, "person": 1500, "event": 4000, "line": 9000}
SMALL = {"regions": 6, "countries": 30, "currencies": 8, "industries": 12, "departments": 10, "categories": 9,
         "crops": 15, "plans": 5}


@dataclass
class WideTable:
    name: str
    kind: str
    parents: list[str]
    rows: int
    categories: list[tuple[str, list[str]]] = field(default_factory=list)
    numerics: list[str] = field(default_factory=list)
    date_column: str | None = None


def tables() -> list[WideTable]:
    """The 100 tables with their columns, decided by position only (the same on every run)."""
    out = []
    for i, (name, kind, parents) in enumerate(SPEC):
        t = WideTable(name, kind, parents, SMALL.get(name, ROWS[kind]))
        if kind == "event":
            t.categories = [("status", STATUSES), CATEGORIES[i % len(CATEGORIES)]]
            t.numerics = [NUMERICS[i % len(NUMERICS)], NUMERICS[(i * 7 + 3) % len(NUMERICS)]]
            t.date_column = f"{name.rstrip('s')}_date" if not name.endswith("ss") else "created_date"
        elif kind == "line":
            t.numerics = ["quantity", "unit_price", "discount"]
        else:
            t.categories = [CATEGORIES[i % len(CATEGORIES)]]
            t.numerics = [NUMERICS[(i * 5) % len(NUMERICS)]]
            t.date_column = "created_on" if i % 2 == 0 else None
        out.append(t)
    return out


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _pick(values: list[str], salt: int) -> str:
    """A deterministic, well-spread choice for row i (a multiplicative hash of i, not a random generator)."""
    return f"{_sql_list(values)}[1 + ((i * 2654435761 + {salt}) % 1000003) % {len(values)}]"


def _create(t: WideTable, position: int, row_counts: dict[str, int]) -> str:
    cols = ["id INTEGER PRIMARY KEY"]
    select = ["i AS id"]
    for p in t.parents:
        fk = f"{p.rstrip('s') if not p.endswith('ies') else p[:-3] + 'y'}_id"
        cols.append(f"{fk} INTEGER REFERENCES {p}(id)")
        select.append(f"1 + ((i * 40503 + {position}) % 999983) % {row_counts[p]} AS {fk}")
    if t.kind == "thing":
        cols.append("name VARCHAR NOT NULL")
        a, n = len(ADJECTIVES), len(NOUNS)
        select.append(f"{_sql_list(ADJECTIVES)}[1 + (i + {position * 7}) % {a}] || ' ' || "
                      f"{_sql_list(NOUNS)}[1 + ((i // {a}) + {position}) % {n}] || "
                      f"CASE WHEN i > {a * n} THEN ' ' || CAST(i AS VARCHAR) ELSE '' END AS name")
    elif t.kind == "person":
        cols += ["first_name VARCHAR NOT NULL", "last_name VARCHAR NOT NULL", "email VARCHAR"]
        select += [f"{_sql_list(FIRST)}[1 + i % {len(FIRST)}] AS first_name",
                   f"{_sql_list(LAST)}[1 + ((i // {len(FIRST)}) + {position}) % {len(LAST)}] AS last_name",
                   f"'user' || CAST(i AS VARCHAR) || '@{t.name}.example' AS email"]
    for k, (cname, values) in enumerate(t.categories):
        cols.append(f"{cname} VARCHAR")
        select.append(f"{_pick(values, position * 31 + k)} AS {cname}")
    for k, num in enumerate(t.numerics):
        cols.append(f"{num} DECIMAL(12, 2)")
        select.append(f"CAST(((i * 7919 + {k * 104729 + position}) % 100000) / 100.0 + 1 AS DECIMAL(12, 2)) AS {num}")
    if t.date_column:
        cols.append(f"{t.date_column} DATE")
        select.append(f"DATE '2022-01-01' + CAST((i * 37 + {position}) % 1277 AS INTEGER) AS {t.date_column}")
    return (f"CREATE TABLE {t.name} ({', '.join(cols)});\n"
            f"INSERT INTO {t.name} SELECT {', '.join(select)} FROM range(1, {t.rows + 1}) r(i);")


def build_wide(path: Path) -> Path:
    """Write the 100-table database to `path` (replaced if present)."""
    import duckdb
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + ".wal")):
        stale.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    try:
        row_counts: dict[str, int] = {}
        for position, t in enumerate(tables()):
            con.execute(_create(t, position, row_counts))
            row_counts[t.name] = t.rows
    finally:
        con.close()
    return path


def _label(name: str) -> str:
    words = name.split("_")
    last = words[-1]
    last = last[:-3] + "y" if last.endswith("ies") else last[:-1] if last.endswith("s") and not last.endswith("ss") \
        else last
    return " ".join(words[:-1] + [last])


def _plural(name: str) -> str:
    return name.replace("_", " ")


def _words(column: str) -> str:
    return column.replace("_", " ")


def wide_questions(seed: int = 1, count: int = 200) -> list[str]:
    """Questions naming the schema's tables, columns and values: counts, group-bys, value filters, joins to a
    parent, rankings and time ranges, in the proportions a dashboard user would ask them."""
    rng = random.Random(seed)
    ts = tables()
    by_name = {t.name: t for t in ts}
    out: list[str] = []
    templates = [_count, _by_category, _by_parent, _value_filter, _top_parents, _time_range, _measure_by_category,
                 _average_by_grandparent, _parent_value, _person_filter]
    while len(out) < count:
        t = rng.choice(ts)
        q = rng.choice(templates)(t, by_name, rng)
        if q:
            out.append(q)
    return out


def _count(t, by_name, rng):
    return rng.choice([f"how many {_plural(t.name)}", f"number of {_plural(t.name)}",
                       f"How many {_plural(t.name)} are there?"])


def _by_category(t, by_name, rng):
    if not t.categories:
        return None
    c = rng.choice(t.categories)[0]
    return rng.choice([f"{_plural(t.name)} by {c}", f"number of {_plural(t.name)} per {c}"])


def _by_parent(t, by_name, rng):
    if not t.parents or not t.numerics:
        return None
    p = rng.choice(t.parents)
    return f"total {_words(rng.choice(t.numerics))} by {_label(p)}"


def _value_filter(t, by_name, rng):
    if not t.categories:
        return None
    c, values = rng.choice(t.categories)
    v = rng.choice(values)
    if t.numerics:
        return rng.choice([f"total {_words(t.numerics[0])} of {_plural(t.name)} with {c} {v}",
                           f"how many {v} {_plural(t.name)}"])
    return f"how many {_plural(t.name)} with {c} {v}"


def _top_parents(t, by_name, rng):
    if not t.parents or not t.numerics:
        return None
    p = rng.choice(t.parents)
    return f"top {rng.choice([3, 5, 10])} {_plural(p)} by {_words(rng.choice(t.numerics))}"


def _time_range(t, by_name, rng):
    if not t.date_column:
        return None
    period = rng.choice(["last month", "in 2024", "last 3 months", "in Q2 2024", "this year", "last year"])
    if t.numerics and rng.random() < 0.6:
        return f"total {_words(t.numerics[0])} of {_plural(t.name)} {period}"
    return f"{_plural(t.name)} by month {period}" if rng.random() < 0.5 else f"how many {_plural(t.name)} {period}"


def _measure_by_category(t, by_name, rng):
    if not t.categories or not t.numerics:
        return None
    return f"average {_words(rng.choice(t.numerics))} by {rng.choice(t.categories)[0]}"


def _average_by_grandparent(t, by_name, rng):
    if not t.parents or not t.numerics:
        return None
    p = by_name[rng.choice(t.parents)]
    if not p.categories:
        return None
    return f"total {_words(t.numerics[0])} by {_label(p.name)} {p.categories[0][0]}"


def _parent_value(t, by_name, rng):
    """A filter on a value of a joined table: 'orders in Gold customers'-like, said the way people do."""
    if not t.parents:
        return None
    p = by_name[rng.choice(t.parents)]
    if not p.categories:
        return None
    c, values = p.categories[0]
    return f"number of {_plural(t.name)} for {rng.choice(values)} {_plural(p.name)}"


def _person_filter(t, by_name, rng):
    people = [by_name[p] for p in t.parents if by_name[p].kind == "person"]
    if not people:
        return None
    person = people[0]
    i = rng.randrange(1, min(person.rows, len(FIRST) * len(LAST)))
    position = [x.name for x in tables()].index(person.name)
    first = FIRST[i % len(FIRST)]
    last = LAST[((i // len(FIRST)) + position) % len(LAST)]
    return f"{_plural(t.name)} of {first} {last}"
