"""What the demo retailer sells, who supplies it and who ships it: fixed data, the same for every seed.

Northwind's eight categories, with eighty products of our own priced like a fine-food wholesaler (a tin of sardines
at a few dollars, a Grand Cru at nearly two hundred). A few products arrive part-way through the three years of
history and a few are discontinued, so "new products" and "discontinued products" questions have answers.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Category:
    category_id: int
    category_name: str
    description: str


@dataclass(frozen=True)
class Supplier:
    supplier_id: int
    company_name: str
    country: str
    city: str


@dataclass(frozen=True)
class Product:
    product_id: int
    product_name: str
    category_id: int
    supplier_id: int
    unit_price: Decimal            # today's list price; older order lines were cheaper (see orders.py)
    # Fractions of the history window: 0.0 is its first day, 1.0 is today. A product sells in [launched, retired).
    launched: float = 0.0
    retired: float | None = None   # set means discontinued

    @property
    def discontinued(self) -> bool:
        return self.retired is not None


@dataclass(frozen=True)
class Shipper:
    shipper_id: int
    company_name: str
    phone: str
    share: int                     # relative share of orders
    base_freight: Decimal          # fixed part of the freight it charges per order


CATEGORIES: tuple[Category, ...] = (
    Category(1, "Beverages", "Teas, coffees, soft drinks, beers and wines"),
    Category(2, "Condiments", "Sauces, vinegars, oils, spreads and seasonings"),
    Category(3, "Confections", "Chocolates, sweets, biscuits and pastries"),
    Category(4, "Dairy Products", "Cheeses, butter and yogurt"),
    Category(5, "Grains/Cereals", "Breads, pasta, rice, flours and breakfast cereals"),
    Category(6, "Meat/Poultry", "Fresh and cured meats, poultry and pâtés"),
    Category(7, "Produce", "Dried fruit, preserved vegetables, mushrooms and bean curd"),
    Category(8, "Seafood", "Fish, shellfish, roe and preserved seafood"),
)

SUPPLIERS: tuple[Supplier, ...] = (
    Supplier(1, "Highland Provisions Ltd", "United Kingdom", "Edinburgh"),
    Supplier(2, "Bodega del Sol", "Spain", "Seville"),
    Supplier(3, "Caseificio Aurora", "Italy", "Parma"),
    Supplier(4, "Maison Lefèvre", "France", "Lyon"),
    Supplier(5, "Nordhavn Seafood A/S", "Denmark", "Copenhagen"),
    Supplier(6, "Pacific Harvest Co.", "USA", "Seattle"),
    Supplier(7, "Green Valley Farms", "USA", "Portland"),
    Supplier(8, "Érable Québec Inc.", "Canada", "Montreal"),
    Supplier(9, "Chocolaterie Van Damme", "Belgium", "Antwerp"),
    Supplier(10, "Lindqvist Foods AB", "Sweden", "Gothenburg"),
    Supplier(11, "Anatolia Trading", "Turkey", "Izmir"),
    Supplier(12, "Southern Cross Provisions", "Australia", "Melbourne"),
    Supplier(13, "Kaiyo Fine Foods", "Japan", "Osaka"),
    Supplier(14, "Hacienda Santa Rosa", "Mexico", "Guadalajara"),
    Supplier(15, "Fazenda Boa Vista", "Brazil", "Belo Horizonte"),
    Supplier(16, "Alpenhof Käserei", "Switzerland", "Bern"),
    Supplier(17, "Hanse Feinkost GmbH", "Germany", "Hamburg"),
    Supplier(18, "Atlas Spice Traders", "Morocco", "Casablanca"),
    Supplier(19, "Aegean Groves", "Greece", "Thessaloniki"),
    Supplier(20, "Ganges Valley Exports", "India", "Kolkata"),
)


def _p(pid: int, name: str, cat: int, sup: int, price: str, launched: float = 0.0,
       retired: float | None = None) -> Product:
    return Product(pid, name, cat, sup, Decimal(price), launched, retired)


PRODUCTS: tuple[Product, ...] = (
    # Beverages
    _p(1, "Highland Breakfast Tea", 1, 1, "18.00"),
    _p(2, "Darjeeling First Flush", 1, 20, "24.50"),
    _p(3, "Sierra Cold Brew Coffee", 1, 6, "14.00", launched=0.45),
    _p(4, "Espresso Roast Beans", 1, 15, "21.00"),
    _p(5, "Sparkling Elderflower Lemonade", 1, 1, "6.50"),
    _p(6, "Ginger Beer", 1, 7, "4.75"),
    _p(7, "Blood Orange Soda", 1, 3, "3.95", retired=0.55),
    _p(8, "Belgian Abbey Ale", 1, 9, "12.50"),
    _p(9, "Reserve Cabernet Sauvignon", 1, 12, "42.00"),
    _p(10, "Grand Cru Bordeaux", 1, 4, "189.00"),
    # Condiments
    _p(11, "Smoked Chipotle Sauce", 2, 14, "8.95"),
    _p(12, "Aged Balsamic Vinegar", 2, 3, "27.50"),
    _p(13, "Dijon Mustard", 2, 4, "5.40"),
    _p(14, "Wildflower Honey", 2, 7, "11.20"),
    _p(15, "Maple Syrup Grade A", 2, 8, "16.80"),
    _p(16, "Harissa Paste", 2, 18, "7.25", launched=0.30),
    _p(17, "Black Truffle Oil", 2, 4, "34.00"),
    _p(18, "Sea Salt Flakes", 2, 1, "6.10"),
    _p(19, "Sweet Chili Relish", 2, 13, "5.95", retired=0.40),
    _p(20, "Basil Pesto Genovese", 2, 3, "9.60"),
    # Confections
    _p(21, "Dark Chocolate 70%", 3, 9, "4.80"),
    _p(22, "Salted Caramel Truffles", 3, 9, "19.50"),
    _p(23, "Almond Nougat", 3, 2, "12.75"),
    _p(24, "Lemon Shortbread", 3, 1, "7.90"),
    _p(25, "Gingerbread Biscuits", 3, 17, "6.40"),
    _p(26, "Belgian Praline Selection", 3, 9, "28.00"),
    _p(27, "Marzipan Loaf", 3, 17, "9.25", retired=0.70),
    _p(28, "Sour Cherry Gummies", 3, 10, "3.60", launched=0.80),
    _p(29, "Pistachio Baklava", 3, 11, "15.40"),
    _p(30, "Licorice Allsorts", 3, 10, "4.20"),
    # Dairy Products
    _p(31, "Aged Gouda", 4, 17, "22.00"),
    _p(32, "Parmigiano Reggiano", 4, 3, "36.50"),
    _p(33, "Camembert de Normandie", 4, 4, "14.20"),
    _p(34, "Greek Yogurt", 4, 19, "4.30"),
    _p(35, "Cultured Butter", 4, 5, "7.80"),
    _p(36, "Blue Stilton", 4, 1, "18.90"),
    _p(37, "Fresh Mozzarella", 4, 3, "8.40"),
    _p(38, "Goat Cheese Log", 4, 4, "10.60", retired=0.85),
    _p(39, "Manchego Curado", 4, 2, "24.75"),
    _p(40, "Gruyère AOP", 4, 16, "29.90"),
    # Grains/Cereals
    _p(41, "Steel-Cut Oats", 5, 7, "5.90"),
    _p(42, "Sourdough Loaf", 5, 7, "6.75"),
    _p(43, "Arborio Rice", 5, 3, "7.20"),
    _p(44, "Basmati Rice", 5, 20, "9.80"),
    _p(45, "Quinoa Tricolore", 5, 6, "11.40", launched=0.20),
    _p(46, "Spelt Fusilli", 5, 17, "4.60"),
    _p(47, "Rye Crispbread", 5, 10, "3.90"),
    _p(48, "Fresh Egg Tagliatelle", 5, 3, "8.25"),
    _p(49, "Buckwheat Flour", 5, 17, "6.30", retired=0.62),
    _p(50, "Granola Clusters", 5, 7, "10.50"),
    # Meat/Poultry
    _p(51, "Free-Range Chicken Breast", 6, 7, "18.60"),
    _p(52, "Smoked Bacon", 6, 7, "12.40"),
    _p(53, "Ibérico Ham", 6, 2, "95.00"),
    _p(54, "Wagyu Beef Burgers", 6, 12, "48.00", launched=0.65),
    _p(55, "Duck Confit", 6, 4, "32.50"),
    _p(56, "Chorizo Picante", 6, 2, "14.90"),
    _p(57, "Lamb Merguez", 6, 18, "16.70"),
    _p(58, "Turkey Pastrami", 6, 7, "13.30", retired=0.50),
    _p(59, "Venison Pâté", 6, 4, "21.80"),
    _p(60, "Prosciutto di Parma", 6, 3, "38.00"),
    # Produce
    _p(61, "Sun-Dried Tomatoes", 7, 3, "8.70"),
    _p(62, "Marinated Artichokes", 7, 19, "9.95"),
    _p(63, "Dried Porcini", 7, 3, "26.00"),
    _p(64, "Organic Medjool Dates", 7, 18, "13.50"),
    _p(65, "Tofu Extra Firm", 7, 13, "3.80"),
    _p(66, "Roasted Red Peppers", 7, 2, "5.60"),
    _p(67, "Kalamata Olives", 7, 19, "7.45"),
    _p(68, "Dried Apricots", 7, 11, "8.10"),
    _p(69, "Pickled Beetroot", 7, 17, "4.40", retired=0.35),
    _p(70, "Shiitake Mushrooms", 7, 13, "15.20"),
    # Seafood
    _p(71, "Smoked Atlantic Salmon", 8, 1, "31.00"),
    _p(72, "Tinned Sardines", 8, 2, "4.25"),
    _p(73, "Anchovy Fillets", 8, 2, "6.90"),
    _p(74, "King Prawns", 8, 6, "27.50"),
    _p(75, "Marinated Herring", 8, 5, "9.30"),
    _p(76, "Tuna in Olive Oil", 8, 2, "7.60"),
    _p(77, "Osetra Caviar", 8, 5, "260.00", retired=0.75),
    _p(78, "Dungeness Crab Meat", 8, 6, "22.40"),
    _p(79, "Nordic Gravlax", 8, 5, "19.80"),
    _p(80, "Dried Salt Cod", 8, 5, "24.60"),
)

# Phone numbers use the 555-01xx block reserved for fiction.
SHIPPERS: tuple[Shipper, ...] = (
    Shipper(1, "Swift Parcel", "(503) 555-0142", 45, Decimal("6.50")),
    Shipper(2, "Blue Anchor Freight", "(206) 555-0118", 35, Decimal("9.00")),
    Shipper(3, "Meridian Logistics", "(415) 555-0175", 20, Decimal("12.50")),
)
