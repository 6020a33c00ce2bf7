"""A built-in business thesaurus: the words people use for common schema words.

Keys are canonical words as they appear in schema names; values are what users say instead. The parser adds
these as synonyms of every entity, field or measure whose label contains the key, so no database is named here.
"""
from __future__ import annotations

SYNONYMS: dict[str, list[str]] = {
    "customer": ["client", "buyer", "account", "shopper", "purchaser"],
    "person": ["people", "persons", "individual"],
    "employee": ["staff", "staff member", "worker", "personnel", "colleague", "rep", "head"],
    "product": ["item", "goods", "article", "sku"],
    "order": ["purchase"],
    "invoice": ["bill", "receipt", "sale", "purchase"],
    "supplier": ["vendor", "provider"],
    "shipper": ["carrier", "courier", "shipping company"],
    "category": ["type", "kind", "group", "class"],
    "track": ["song", "tune", "recording"],
    "artist": ["band", "musician", "performer", "singer"],
    "album": ["record", "release"],
    "genre": ["style", "music type"],
    "playlist": ["play list"],
    "media type": ["media format", "format", "file type"],
    "country": ["nation", "market"],
    "nationality": ["nation", "country", "citizenship"],
    "headquarters": ["headquarter", "hq", "head office"],
    "city": ["town"],
    "population": ["residents", "inhabitants"],
    "classroom": ["room", "class room"],
    "state": ["province", "region"],
    "company": ["business", "firm", "organization", "organisation"],
    "title": ["job title", "position", "role"],
    "hire date": ["hired", "hiring date", "start date"],
    "birth date": ["birthday", "date of birth", "dob"],
    "milliseconds": ["length", "duration", "runtime", "long"],
    "bytes": ["size", "file size", "disk space", "big"],
    "unit price": ["price", "cost"],
    "price": ["cost", "amount"],
    "quantity": ["units", "qty", "amount sold", "number sold", "sold", "sell", "units sold", "copies"],
    "freight": ["shipping cost", "shipping fee", "delivery cost"],
    "support rep": ["support representative", "account manager", "sales rep"],
    "reports to": ["manager", "boss", "supervisor"],
    "manager": ["boss", "supervisor", "reports to"],
    "segment": ["customer segment", "tier"],
    "email": ["e-mail", "mail address"],
    "name": ["called", "named"],
    "age": ["old", "years old"],
}

# Synonyms that only a person's column answers to: an album's title is not a "job title".
PERSON_SYNONYMS = {"job title"}

# Words that name a money total; a numeric column so named is a revenue measure of its entity.
MONEY_WORDS = {"total", "amount", "revenue", "sales", "price", "cost", "value", "spend", "paid", "payment",
               "salary", "budget", "fee", "income", "profit", "freight", "tax", "shipping", "charge", "fare"}

# What a revenue measure answers to.
REVENUE_SYNONYMS = ["revenue", "sales", "income", "turnover", "earnings", "spend", "spent", "money",
                    "gross sales"]

# Superlative adjectives and the columns they are about: (words in the column name, descending?).
SUPERLATIVE_FIELDS: dict[str, list[tuple[set[str], bool]]] = {
    "oldest": [({"birth", "dob", "born"}, False), ({"age"}, True),
               ({"founded", "established", "opened", "built", "foundation", "founding"}, False),
               ({"*time*"}, False)],      # "the oldest log entry": the earliest
    "youngest": [({"birth", "dob", "born"}, True), ({"age"}, False)],
    "newest": [({"founded", "established", "opened", "built", "released", "release", "created"}, True),
               ({"*time*"}, True)],
    "latest": [({"*time*"}, True)], "most recent": [({"*time*"}, True)], "most recently": [({"*time*"}, True)],
    "earliest": [({"*time*"}, False)], "first": [({"*time*"}, False)], "last": [({"*time*"}, True)],
    "longest": [({"milliseconds", "length", "duration", "runtime", "minutes", "seconds", "distance"}, True)],
    "shortest": [({"milliseconds", "length", "duration", "runtime", "minutes", "seconds", "distance"}, False)],
    "largest": [({"bytes", "size", "total", "amount", "area", "capacity"}, True)],
    "biggest": [({"bytes", "size", "total", "amount", "area", "capacity"}, True)],
    "smallest": [({"bytes", "size", "total", "amount", "area", "capacity"}, False)],
    "most expensive": [({"price", "cost"}, True)],
    "cheapest": [({"price", "cost"}, False)],
    "least expensive": [({"price", "cost"}, False)],
    "tallest": [({"height"}, True)],
    "highest": [({"height", "elevation", "altitude"}, True)],
    "lowest": [({"height", "elevation", "altitude"}, False)],
    "heaviest": [({"weight"}, True)],
    "lightest": [({"weight"}, False)],
}

# Numeric columns whose natural aggregate is an average, not a sum.
AVERAGE_WORDS = {"price", "rate", "age", "percent", "percentage", "ratio", "discount", "rating", "score", "grade",
                 "temperature", "latitude", "longitude", "lat", "lon", "height", "weight", "gpa", "average"}


def _symmetric(pairs: dict[str, list[str]]) -> dict[str, list[str]]:
    """A table called 'staff' answers to 'employee' as a table called 'employee' answers to 'staff'."""
    out: dict[str, list[str]] = {k: list(v) for k, v in pairs.items()}
    for key, syns in pairs.items():
        for s in syns:
            if " " not in s:
                out.setdefault(s, [])
                for other in [key, *syns]:
                    if other != s and other not in out[s]:
                        out[s].append(other)
    return out


def synonyms_for(label: str) -> list[str]:
    """Thesaurus synonyms of a label, also for its last word ('unit price' -> price's too).

    >>> synonyms_for("staff")[:2]
    ['employee', 'staff member']
    """
    out = list(_ALL_SYNONYMS.get(label, []))
    words = label.split()
    if len(words) > 1:
        out += [" ".join(words[:-1] + [s]) for s in _ALL_SYNONYMS.get(words[-1], []) if " " not in s]
    return out


_ALL_SYNONYMS = _symmetric(SYNONYMS)

# Other names of common values: a value found in the data also answers to these.
VALUE_ALIASES: dict[str, list[str]] = {
    "usa": ["us", "u.s.", "u.s.a.", "united states", "america", "american"],
    "united states": ["us", "usa", "u.s.", "america", "american"],
    "united kingdom": ["uk", "britain", "great britain", "british", "england"],
    "uk": ["united kingdom", "britain", "great britain", "british", "england"],
    "germany": ["german"], "france": ["french"], "canada": ["canadian"], "brazil": ["brazilian"],
    "italy": ["italian"], "spain": ["spanish"], "india": ["indian"], "japan": ["japanese"], "china": ["chinese"],
    "mexico": ["mexican"], "portugal": ["portuguese"], "sweden": ["swedish"], "norway": ["norwegian"],
    "denmark": ["danish"], "finland": ["finnish"], "poland": ["polish"], "netherlands": ["dutch", "holland"],
    "belgium": ["belgian"], "austria": ["austrian"], "australia": ["australian"], "ireland": ["irish"],
    "argentina": ["argentinian", "argentine"], "chile": ["chilean"], "hungary": ["hungarian"],
    "czech republic": ["czech", "czechia"], "switzerland": ["swiss"],
}

US_STATES = {
    "AL": "alabama", "AK": "alaska", "AZ": "arizona", "AR": "arkansas", "CA": "california", "CO": "colorado",
    "CT": "connecticut", "DE": "delaware", "FL": "florida", "GA": "georgia", "HI": "hawaii", "ID": "idaho",
    "IL": "illinois", "IN": "indiana", "IA": "iowa", "KS": "kansas", "KY": "kentucky", "LA": "louisiana",
    "ME": "maine", "MD": "maryland", "MA": "massachusetts", "MI": "michigan", "MN": "minnesota",
    "MS": "mississippi", "MO": "missouri", "MT": "montana", "NE": "nebraska", "NV": "nevada",
    "NH": "new hampshire", "NJ": "new jersey", "NM": "new mexico", "NY": "new york", "NC": "north carolina",
    "ND": "north dakota", "OH": "ohio", "OK": "oklahoma", "OR": "oregon", "PA": "pennsylvania",
    "RI": "rhode island", "SC": "south carolina", "SD": "south dakota", "TN": "tennessee", "TX": "texas",
    "UT": "utah", "VT": "vermont", "VA": "virginia", "WA": "washington", "WV": "west virginia",
    "WI": "wisconsin", "WY": "wyoming", "DC": "district of columbia",
}


def value_aliases(value: str) -> list[str]:
    """Other ways to say a value: 'USA' -> ['us', 'united states', ...]; the state code 'CA' -> ['california']."""
    out = list(VALUE_ALIASES.get(value.lower(), []))
    if value in US_STATES:
        out.append(US_STATES[value])
    return out

# Trailing words of a column name that give a unit or a kind, not its meaning: "mean_humidity_percent",
# "assets_billion", "city_code" also answer to the words before them.
SUFFIX_WORDS = {"inches", "inch", "mph", "f", "c", "billion", "million", "thousand", "millions", "billions",
                "thousands", "usd", "eur", "kg", "km", "cm",
                "mm", "percent", "pct", "code", "id", "no", "num", "number", "type", "name", "mib", "gb", "mb",
                "count"}
