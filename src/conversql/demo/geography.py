"""Where the demo's customers live: regions, countries weighted by how much business they bring, and cities.

The weights are the country mix of a Europe- and US-heavy retailer: the USA alone is about a fifth of customers,
Germany, the UK and France follow, and a long tail of smaller markets brings the total to twenty countries.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Region:
    region_id: int
    region_name: str


@dataclass(frozen=True)
class Country:
    country_id: int
    country_name: str
    iso_code: str
    region_id: int
    weight: int                    # relative share of customers; only the ratios matter
    cities: tuple[str, ...]        # biggest market first: customers favour the head of this list


REGIONS: tuple[Region, ...] = (
    Region(1, "North America"),
    Region(2, "Europe"),
    Region(3, "South America"),
    Region(4, "Asia Pacific"),
    Region(5, "Africa"),
)

COUNTRIES: tuple[Country, ...] = (
    Country(1, "USA", "US", 1, 22, ("New York", "Chicago", "Seattle", "Austin", "Boston", "San Francisco", "Portland")),
    Country(2, "Canada", "CA", 1, 5, ("Toronto", "Vancouver", "Montreal", "Calgary")),
    Country(3, "Mexico", "MX", 1, 3, ("Mexico City", "Guadalajara", "Monterrey")),
    Country(4, "Germany", "DE", 2, 12, ("Berlin", "Munich", "Hamburg", "Cologne", "Frankfurt")),
    Country(5, "United Kingdom", "GB", 2, 10, ("London", "Manchester", "Edinburgh", "Bristol", "Leeds")),
    Country(6, "France", "FR", 2, 9, ("Paris", "Lyon", "Marseille", "Nantes", "Lille")),
    Country(7, "Italy", "IT", 2, 4, ("Milan", "Rome", "Turin", "Bologna")),
    Country(8, "Spain", "ES", 2, 4, ("Madrid", "Barcelona", "Seville", "Valencia")),
    Country(9, "Netherlands", "NL", 2, 3, ("Amsterdam", "Rotterdam", "Utrecht")),
    Country(10, "Belgium", "BE", 2, 2, ("Brussels", "Antwerp", "Ghent")),
    Country(11, "Switzerland", "CH", 2, 2, ("Zurich", "Geneva", "Basel")),
    Country(12, "Austria", "AT", 2, 2, ("Vienna", "Graz", "Salzburg")),
    Country(13, "Sweden", "SE", 2, 3, ("Stockholm", "Gothenburg", "Malmö")),
    Country(14, "Denmark", "DK", 2, 2, ("Copenhagen", "Aarhus")),
    Country(15, "Ireland", "IE", 2, 2, ("Dublin", "Cork")),
    Country(16, "Brazil", "BR", 3, 6, ("São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba")),
    Country(17, "Argentina", "AR", 3, 3, ("Buenos Aires", "Córdoba", "Rosario")),
    Country(18, "Japan", "JP", 4, 4, ("Tokyo", "Osaka", "Yokohama")),
    Country(19, "Australia", "AU", 4, 4, ("Sydney", "Melbourne", "Brisbane")),
    Country(20, "South Africa", "ZA", 5, 2, ("Johannesburg", "Cape Town", "Durban")),
)
