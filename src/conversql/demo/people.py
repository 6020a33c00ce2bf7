"""The people in the demo: the retailer's staff (a fixed hierarchy) and the word lists customer names are built from.

Staff form a real tree: a CEO with no manager, a VP of Sales and a CFO under her, three regional sales managers
under the VP, and sales representatives under each manager. Representatives take the orders of customers in their
manager's territory; three of them join part-way through the history, so they only have recent orders.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Employee:
    employee_id: int
    first_name: str
    last_name: str
    title: str
    hired_days: int                # hire date relative to the first day of the history window (negative: before it)
    manager_id: int | None
    city: str
    country: str

    @property
    def takes_orders(self) -> bool:
        return self.title.endswith("Sales Representative")


CEO, VP_SALES, CFO = 1, 2, 3
EUROPE_MANAGER, NORTH_AMERICA_MANAGER, INTERNATIONAL_MANAGER = 4, 5, 6

# Listed so that every manager comes before the people reporting to them (the FK is checked row by row).
EMPLOYEES: tuple[Employee, ...] = (
    Employee(1, "Margaret", "Ellison", "Chief Executive Officer", -3400, None, "Seattle", "USA"),
    Employee(2, "Daniel", "Okafor", "Vice President of Sales", -2900, CEO, "Seattle", "USA"),
    Employee(3, "Priya", "Raman", "Chief Financial Officer", -2500, CEO, "Seattle", "USA"),
    Employee(4, "Sofia", "Marchetti", "Sales Manager", -2100, VP_SALES, "London", "United Kingdom"),
    Employee(5, "James", "Whitaker", "Sales Manager", -1900, VP_SALES, "Chicago", "USA"),
    Employee(6, "Lucía", "Fernández", "Sales Manager", -1500, VP_SALES, "São Paulo", "Brazil"),
    Employee(7, "Laura", "Bennett", "Inside Sales Coordinator", -1200, VP_SALES, "Seattle", "USA"),
    Employee(8, "Hannah", "Becker", "Senior Sales Representative", -1800, EUROPE_MANAGER, "Hamburg", "Germany"),
    Employee(9, "Pierre", "Dubois", "Sales Representative", -900, EUROPE_MANAGER, "Paris", "France"),
    Employee(10, "Emma", "Lindgren", "Sales Representative", 420, EUROPE_MANAGER, "Stockholm", "Sweden"),
    Employee(11, "Oliver", "Grant", "Sales Representative", -600, EUROPE_MANAGER, "London", "United Kingdom"),
    Employee(12, "Michael", "Chen", "Senior Sales Representative", -1700, NORTH_AMERICA_MANAGER, "Chicago", "USA"),
    Employee(13, "Ashley", "Turner", "Sales Representative", -700, NORTH_AMERICA_MANAGER, "New York", "USA"),
    Employee(14, "Ryan", "Brooks", "Sales Representative", 700, NORTH_AMERICA_MANAGER, "Toronto", "Canada"),
    Employee(15, "Gabriel", "Santos", "Senior Sales Representative", -1400, INTERNATIONAL_MANAGER, "São Paulo",
             "Brazil"),
    Employee(16, "Aiko", "Tanaka", "Sales Representative", -300, INTERNATIONAL_MANAGER, "Tokyo", "Japan"),
    Employee(17, "Liam", "O'Connor", "Sales Representative", 250, INTERNATIONAL_MANAGER, "Sydney", "Australia"),
)

# Which manager's team serves the customers of each region (region ids from geography.REGIONS).
TERRITORY_MANAGER: dict[int, int] = {
    1: NORTH_AMERICA_MANAGER,
    2: EUROPE_MANAGER,
    3: INTERNATIONAL_MANAGER,
    4: INTERNATIONAL_MANAGER,
    5: INTERNATIONAL_MANAGER,
}

FIRST_NAMES: tuple[str, ...] = (
    "Anna", "Ben", "Carla", "David", "Elena", "Felix", "Grace", "Hugo", "Isabel", "Jonas", "Karin", "Leo",
    "Maria", "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Samuel", "Tara", "Umar", "Vera", "William", "Ximena",
    "Yusuf", "Zoe", "Amelia", "Bruno", "Chloé", "Diego", "Emil", "Fatima", "Giulia", "Henrik", "Ines", "Jack",
    "Kenji", "Lena", "Mateo", "Nina", "Oscar", "Pia", "Rafael", "Sara", "Thomas", "Ursula", "Victor", "Wen",
    "Yara", "Zain", "Aisha", "Björn", "Camille", "Dmitri", "Eva", "Finn", "Gabriela", "Hiro", "Ivy", "José",
)

LAST_NAMES: tuple[str, ...] = (
    "Smith", "Müller", "Martin", "Rossi", "García", "Johnson", "Schmidt", "Dubois", "Bianchi", "Fernández",
    "Brown", "Schneider", "Bernard", "Romano", "López", "Williams", "Fischer", "Moreau", "Colombo", "Silva",
    "Taylor", "Weber", "Laurent", "Ricci", "Santos", "Wilson", "Meyer", "Lefebvre", "Marino", "Costa",
    "Anderson", "Wagner", "Girard", "Greco", "Oliveira", "Thompson", "Becker", "Fontaine", "Conti", "Pereira",
    "Nakamura", "Jensen", "Nielsen", "Kowalski", "Andersson", "O'Brien", "Murphy", "Van Dijk", "Janssens", "Ito",
    "Patel", "Khan", "Nguyen", "Kim", "Cohen", "Novak", "Horvat", "Berg", "Lindqvist", "Dlamini",
)

# Company names are "<word> <noun><suffix>", e.g. "Bluebird Provisions Ltd".
COMPANY_WORDS: tuple[str, ...] = (
    "Bluebird", "Northgate", "Riverside", "Golden Oak", "Harbor", "Silver Birch", "Maple Leaf", "Old Mill",
    "Green Meadow", "Stonebridge", "Sunrise", "Lighthouse", "Red Fern", "Willow", "Copper Kettle", "Highfield",
    "Blue Door", "Oakwood", "Juniper", "Saffron", "Cedar", "Larkspur", "Fox Hollow", "Brightwater", "Corner",
    "Hilltop", "Seaside", "Wildrose", "Iron Gate", "Orchard", "Rosemary", "Market Square", "Evergreen",
    "Two Rivers", "Lantern", "Meadowlark", "Thistle", "Cobblestone", "Amber", "Windmill",
)

COMPANY_NOUNS: tuple[str, ...] = (
    "Market", "Grocers", "Delicatessen", "Provisions", "Foods", "Trading", "Pantry", "Bistro", "Café",
    "Catering", "Wholesale", "Larder", "Kitchen", "Emporium", "Supply", "Fine Foods", "Cellars", "Deli",
    "Brasserie", "Trattoria", "Bakery", "Hotels", "Restaurants", "Store", "Food Hall", "Merchants", "Table",
    "Gourmet", "Co-op", "Eatery",
)

COMPANY_SUFFIXES: tuple[str, ...] = ("", " Ltd", " Inc.", " & Co.", " Group", " LLC")

# Every generated e-mail address uses a domain reserved for examples (RFC 2606), so none can reach a real mailbox:
# consumers get these, companies get "<company>.example".
CONSUMER_MAIL_DOMAINS: tuple[str, ...] = ("example.com", "example.net", "example.org")
