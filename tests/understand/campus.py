"""A small academic database in the style of public text-to-SQL sets: abbreviated names (Fname, LName), numeric
codes (Major), code columns (document_type_code), coordinates (lat, long). Built fresh in SQLite for each session."""
from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE Student (StuID INTEGER PRIMARY KEY, LName TEXT, Fname TEXT, Age INTEGER, Sex TEXT, Major INTEGER,
                      city_code TEXT);
CREATE TABLE Editor (Editor_ID INTEGER PRIMARY KEY, Name TEXT, Age REAL);
CREATE TABLE Device (Device_ID INTEGER PRIMARY KEY, Device TEXT, Carrier TEXT, Software_Platform TEXT);
CREATE TABLE Station (id INTEGER PRIMARY KEY, name TEXT, lat NUMERIC, long NUMERIC, city TEXT);
CREATE TABLE Church (Church_ID INTEGER PRIMARY KEY, Name TEXT, Open_Date INTEGER, Season INTEGER);
CREATE TABLE Program (Program_ID INTEGER PRIMARY KEY, Name TEXT, Launch REAL);
CREATE TABLE Customers (customer_id INTEGER PRIMARY KEY, customer_name TEXT);
CREATE TABLE Accounts (account_id INTEGER PRIMARY KEY, customer_id INTEGER REFERENCES Customers(customer_id),
                       account_name TEXT);
CREATE TABLE Coaster (Coaster_ID INTEGER PRIMARY KEY, Name TEXT, Speed TEXT, Opened TEXT, Room_Number TEXT);
CREATE TABLE Journal (Journal_ID INTEGER PRIMARY KEY, Editor_ID INTEGER REFERENCES Editor(Editor_ID), Year INTEGER);
CREATE TABLE Documents (document_id INTEGER PRIMARY KEY, document_type_code TEXT, document_name TEXT,
                        access_count INTEGER);
"""

STUDENTS = [
    (1001, "Smith", "Linda", 18, "F", 600, "BAL"), (1002, "Kim", "Tracy", 19, "F", 600, "HKG"),
    (1003, "Jones", "Shiela", 21, "F", 600, "WAS"), (1004, "Kumar", "Dinesh", 20, "M", 600, "PIT"),
    (1005, "Gompers", "Paul", 26, "M", 50, "YYZ"), (1006, "Schultz", "Andy", 18, "M", 600, "BAL"),
    (1007, "Apap", "Lisa", 18, "F", 600, "PIT"), (1008, "Nelson", "Jandy", 20, "F", 600, "BAL"),
    (1009, "Tai", "Eric", 19, "M", 600, "YYZ"), (1010, "Lee", "Derek", 17, "M", 520, "HKG"),
    (1011, "Adams", "David", 22, "M", 600, "PHL"), (1012, "Davis", "Steven", 20, "M", 600, "PIT"),
    (1013, "Norris", "Charles", 18, "M", 550, "DAL"), (1014, "Lee", "Susan", 16, "F", 600, "HKG"),
    (1015, "Schwartz", "Mark", 17, "M", 600, "DAL"), (1016, "Wilson", "Bruce", 27, "M", 50, "DAL"),
]
EDITORS = [(1, "Kamila Porczyk", 34.0), (2, "Anna Powierza", 38.0), (3, "Marek Siudym", 54.0),
           (4, "Piotr Pręgowski", 29.0), (5, "Szymon Wydra", 20.0), (6, "Władysław Grzywna", 24.0)]
DEVICES = [(1, "BlackBerry Storm 9500", "Iusacell", "Android"), (2, "Apple", "Verizon Wireless", "iOS"),
           (3, "Huawei", "Telcel", "Android"), (4, "Xiaomi", "Bell Mobility", "Android"),
           (5, "Samsung", "Vodafone AU", "Tizen"), (6, "Galaxy", "Verizon Wireless", "Android")]
STATIONS = [(2, "San Jose Diridon", 37.329732, -121.901782, "San Jose"),
            (3, "San Jose Civic Center", 37.330698, -121.888979, "San Jose"),
            (21, "Franklin at Maple", 37.481758, -122.226904, "Redwood City"),
            (41, "Clay at Battery", 37.795001, -122.39997, "San Francisco"),
            (50, "Harry Bridges Plaza", 37.795392, -122.394203, "San Francisco"),
            (70, "Palo Alto Caltrain", 37.443988, -122.164759, "Palo Alto")]
CHURCHES = [(1, "Pure Church of Christ", 1831, 2007), (2, "Independent Church", 1832, 2008),
            (3, "Church of Christ", 1831, 2007), (4, "Church of Jesus Christ", 1836, 2009),
            (5, "Alston Church", 1839, 2010), (6, "Church of Christ (Parrishite)", 1857, 2008)]
PROGRAMS = [(1, "Aniworld", 2005.0), (2, "Kaku", 2004.0), (3, "Youman", 2013.0), (4, "Toonmax", 2010.0)]
CUSTOMERS = [(1, "Aniyah"), (2, "Susie"), (3, "Marcel"), (4, "Ricky")]
ACCOUNTS = [(1, 1, "900"), (2, 1, "520"), (3, 3, "323")]
COASTERS = [(1, "Boardwalk Bullet", "51", "1998", "101"), (2, "Dauling Dragon", "55", "2012", "102"),
            (3, "Hades 360", "70", "2005", "205"), (4, "Ravine Flyer II", "57", "2008", "310"),
            (5, "Twister", "37.9", "1995", "311")]
JOURNALS = [(1, 1, 2007), (2, 2, 2008), (3, 1, 2008), (4, 3, 2007), (5, 6, 2009)]
DOCUMENTS = [(1, "CV", "Robin CV", 8), (2, "BK", "Data base", 3), (3, "CV", "Jose CV", 12),
             (4, "PR", "Review", 5), (5, "CV", "Amy CV", 2), (6, "BK", "Learning", 9)]


def build(path: Path) -> Path:
    con = sqlite3.connect(path)
    con.executescript(SCHEMA)
    for table, rows in (("Student", STUDENTS), ("Editor", EDITORS), ("Device", DEVICES), ("Station", STATIONS),
                        ("Documents", DOCUMENTS), ("Church", CHURCHES),
                        ("Program", PROGRAMS), ("Customers", CUSTOMERS), ("Accounts", ACCOUNTS),
                        ("Coaster", COASTERS), ("Journal", JOURNALS)):
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
    con.commit()
    con.close()
    return path
