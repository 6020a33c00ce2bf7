// Cell values as people read them: money with its currency, thousands separators, dates in words.

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}/;
const YEAR_MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
// The answer gives units for measures only, so names tell the numbers that label rather than count (an order id
// 24947, the year 2025: no thousands separator) and the months written as text ("2025-09"; a week is "2025-09" too).
const ID_NAME = /(^|_)(id|uuid|guid)$|[a-z](Id|ID)$/;
const YEAR_NAME = /(^|_)(year|yr)s?($|_)/i;
const MONTH_NAME = /(^|_)month$/i;

function wholeNumbers(values) {
  return values.every((v) => v === null || (typeof v === "number" && Number.isInteger(v)));
}

function isLabelNumber(name, values) {
  if (!wholeNumbers(values)) return false;
  if (ID_NAME.test(name) || /^id$/i.test(name)) return true;
  return YEAR_NAME.test(name) && values.every((v) => v === null || (v >= 1800 && v <= 2200));
}

/**
 * A function from a cell value to its text, for a column of `type` (numeric, text, date, datetime, boolean)
 * and `unit` (currency, count or undefined); `values` are the column's values, to tell whole numbers, and `name`
 * its name, to tell ids, years and months.
 *
 *   cellFormatter("numeric", "currency", [1234.5], "USD", "revenue")(1234.5) === "$1,234.50"
 */
export function cellFormatter(type, unit, values, currency, name = "") {
  if (type === "numeric") {
    let numbers;
    if (!unit && isLabelNumber(name, values)) {
      numbers = new Intl.NumberFormat(undefined, { useGrouping: false, maximumFractionDigits: 0 });
    } else if (unit === "currency") {
      try {
        numbers = new Intl.NumberFormat(undefined, { style: "currency", currency });
      } catch {
        numbers = new Intl.NumberFormat(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
      }
    } else {
      numbers = new Intl.NumberFormat(undefined, { maximumFractionDigits: wholeNumbers(values) ? 0 : 2 });
    }
    return (v) => (typeof v === "number" ? numbers.format(v) : String(v));
  }
  if ((type === "text" || type === "date") && MONTH_NAME.test(name) && values.length
      && values.every((v) => v === null || (typeof v === "string" && YEAR_MONTH.test(v)))) {
    const months = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", timeZone: "UTC" });
    return (v) => months.format(new Date(`${v}-01T00:00:00Z`));
  }
  if (type === "date") {
    const dates = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "short", day: "numeric", timeZone: "UTC" });
    return (v) => (typeof v === "string" && ISO_DATE.test(v) ? dates.format(new Date(v + "T00:00:00Z")) : String(v));
  }
  if (type === "datetime") {
    const moments = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
    return (v) => {
      if (typeof v !== "string" || !ISO_DATETIME.test(v)) return String(v);
      const hasZone = /(Z|[+-]\d{2}:?\d{2})$/.test(v);
      const when = new Date(hasZone ? v : v.replace(" ", "T") + "Z");
      return Number.isNaN(when.getTime()) ? v : moments.format(when);
    };
  }
  if (type === "boolean") return (v) => (v ? "Yes" : "No");
  return (v) => String(v);
}

/** The rows as CSV text (RFC 4180 quoting), raw values rather than formatted ones. */
export function toCsv(columns, rows) {
  const cell = (v) => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

/** A file name from a title: "Total revenue by day, last 3 months" -> "total-revenue-by-day-last-3-months". */
export function fileName(title, extension) {
  const base = (title || "answer").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "") || "answer";
  return `${base.slice(0, 80)}.${extension}`;
}
