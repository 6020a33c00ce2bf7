"""The page's small JavaScript functions, run in the browser on their own: the event reader, formats, CSV, words."""
from __future__ import annotations

import pytest

from .browser import open_page


@pytest.fixture()
def js(page, base_url):
    """`js(module, body)`: run `body` (an async function body) with the page module `module` as `m`."""
    open_page(page, base_url)

    def run(module: str, body: str):
        return page.evaluate(f"async () => {{ const m = await import('/static/{module}'); {body} }}")
    return run


def test_the_event_reader_handles_crlf_comments_multiline_data_and_any_chunking(js):
    events, rest = js("api.js", r"""
        const text = 'event: step\r\ndata: {"a":1}\r\n\r\n: keep-alive\r\n\r\nevent: answer\ndata: {"b":\ndata: 2}\n\n'
                   + 'event: end\ndata: {}';
        const out = []; let buf = '';
        for (const ch of text) { buf += ch; const p = m.parseEvents(buf); buf = p.rest; out.push(...p.events); }
        return [out, buf];""")
    assert events == [{"name": "step", "data": '{"a":1}'}, {"name": "answer", "data": '{"b":\n2}'}]
    assert rest == "event: end\ndata: {}"                # incomplete until its blank line arrives


def test_csv_quotes_what_needs_quoting_and_leaves_nulls_empty(js):
    csv = js("format.js", """return m.toCsv(["name", "note", "n"],
        [["a,b", 'say "hi"', 1.5], ["line\\nbreak", null, 0]]);""")
    assert csv == 'name,note,n\r\n"a,b","say ""hi""",1.5\r\n"line\nbreak",,0\r\n'


@pytest.mark.parametrize("type_, unit, values, value, shown", [
    ("numeric", "currency", [1234.5], 1234.5, "$1,234.50"),
    ("numeric", None, [1234567, 2], 1234567, "1,234,567"),
    ("numeric", None, [0.125, 2], 0.125, "0.13"),
    ("numeric", "count", [12000], 12000, "12,000"),
    ("date", None, ["2025-01-05"], "2025-01-05", "Jan 5, 2025"),
    ("date", None, ["2025-01"], "2025-01", "2025-01"),                  # not a day: left as it is
    ("datetime", None, ["2025-01-05 14:30:00"], "2025-01-05 14:30:00", "Jan 5, 2025, 2:30 PM"),
    ("boolean", None, [True], True, "Yes"),
    ("text", None, ["Paris"], "Paris", "Paris"),
])
def test_cells_are_formatted_by_type_and_unit(js, type_, unit, values, value, shown):
    import json
    got = js("format.js", f"return m.cellFormatter({json.dumps(type_)}, {json.dumps(unit)}, {json.dumps(values)}, "
                          f"'USD')({json.dumps(value)});")
    assert got.replace("\u202f", " ") == shown          # newer ICU puts a narrow space before PM


@pytest.mark.parametrize("name, type_, values, value, shown", [
    ("order_id", "numeric", [24947, 3], 24947, "24947"),               # an id is a label: no separator
    ("customerId", "numeric", [10250], 10250, "10250"),
    ("year", "numeric", [2025, 2024], 2025, "2025"),
    ("order_count", "numeric", [2025, 12], 2025, "2,025"),              # a count that happens to look like a year
    ("paid", "numeric", [12000], 12000, "12,000"),                      # 'paid' ends in 'id' but is no id
    ("month", "text", ["2025-09", None], "2025-09", "Sep 2025"),
    ("order_month", "text", ["2025-12"], "2025-12", "Dec 2025"),
    ("week", "text", ["2025-09"], "2025-09", "2025-09"),                # week 9, not September
    ("month", "text", ["2025-09", "2025-13"], "2025-09", "2025-09"),   # not every value is a month
])
def test_ids_years_and_months_are_told_by_the_column_name(js, name, type_, values, value, shown):
    import json
    got = js("format.js", f"return m.cellFormatter({json.dumps(type_)}, undefined, {json.dumps(values)}, 'USD', "
                          f"{json.dumps(name)})({json.dumps(value)});")
    assert got == shown


def test_an_unknown_currency_code_still_formats_money(js):
    assert js("format.js", "return m.cellFormatter('numeric', 'currency', [5], 'NOPE')(5);") == "5.00"


def test_file_names_come_from_titles(js):
    assert js("format.js", "return m.fileName('Top 5: revenue, by month!', 'csv');") == "top-5-revenue-by-month.csv"
    assert js("format.js", "return m.fileName('', 'png');") == "answer.png"


def test_sql_parts_are_classified(js):
    spans = js("text.js", """const d = document.createElement('div');
        d.append(m.highlightSql("SELECT name, 'it''s' -- note\\nFROM \\"my table\\" WHERE n > 10.5"));
        return [...d.querySelectorAll('span')].map(s => [s.className, s.textContent]).concat([[d.textContent]]);""")
    *parts, (text,) = spans
    assert parts == [["sql-keyword", "SELECT"], ["sql-string", "'it''s'"], ["sql-comment", "-- note"],
                     ["sql-keyword", "FROM"], ["sql-ident", '"my table"'], ["sql-keyword", "WHERE"],
                     ["sql-number", "10.5"]]
    assert text == "SELECT name, 'it''s' -- note\nFROM \"my table\" WHERE n > 10.5"     # nothing lost


def test_question_words_are_marked_whatever_their_case(js):
    marked = js("text.js", """const d = document.createElement('div');
        d.append(m.markQuestion('Revenue by Month, instead?', ['revenue', 'by month'], ['instead']));
        return [d.innerHTML, d.textContent];""")
    html, text = marked
    assert text == "Revenue by Month, instead?"
    assert html == ('<mark class="understood" title="understood">Revenue</mark> '
                    '<mark class="understood" title="understood">by</mark> '
                    '<mark class="understood" title="understood">Month</mark>, '
                    '<span class="unknown" title="not understood">instead</span>?')
