// Text made into DOM: SQL with its parts coloured, and a question with its understood and unknown words marked.

const KEYWORDS = new Set(`select from where and or not in is null as on join inner left right full outer cross
group by order having limit offset union all distinct case when then else end cast asc desc between like ilike
with over partition count sum avg min max coalesce extract interval date true false exists any using nulls first
last top fetch next rows only round lower upper filter`.split(/\s+/));

const SQL_TOKEN = /(--[^\n]*|\/\*[\s\S]*?\*\/)|('(?:[^']|'')*')|("(?:[^"]|"")*"|`[^`]*`)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_][A-Za-z0-9_]*)|(\s+|.)/g;

function span(cls, text) {
  const el = document.createElement("span");
  el.className = cls;
  el.textContent = text;
  return el;
}

/** `sql` as a fragment of text and spans: sql-keyword, sql-string, sql-number, sql-comment, sql-ident. */
export function highlightSql(sql) {
  const out = document.createDocumentFragment();
  for (const m of sql.matchAll(SQL_TOKEN)) {
    const [text, comment, string, quoted, number, word] = m;
    if (comment) out.append(span("sql-comment", text));
    else if (string) out.append(span("sql-string", text));
    else if (quoted) out.append(span("sql-ident", text));
    else if (number) out.append(span("sql-number", text));
    else if (word && KEYWORDS.has(word.toLowerCase())) out.append(span("sql-keyword", text));
    else out.append(document.createTextNode(text));
  }
  return out;
}

const WORD = /[\p{L}\p{N}][\p{L}\p{N}'’_-]*/gu;

function wordSet(phrases) {
  const set = new Set();
  for (const phrase of phrases || []) {
    for (const w of String(phrase).toLowerCase().match(WORD) || []) set.add(w);
  }
  return set;
}

/**
 * The question as a fragment where each understood word is a <mark class="understood"> and each word the engine
 * ignored is a <span class="unknown">; other words (filler such as "what", "my") stay plain.
 */
export function markQuestion(question, understood, notUnderstood) {
  const known = wordSet(understood);
  const unknown = wordSet(notUnderstood);
  const out = document.createDocumentFragment();
  let at = 0;
  for (const m of question.matchAll(WORD)) {
    out.append(document.createTextNode(question.slice(at, m.index)));
    const w = m[0].toLowerCase();
    if (unknown.has(w)) {
      const el = span("unknown", m[0]);
      el.title = "not understood";
      out.append(el);
    } else if (known.has(w)) {
      const el = document.createElement("mark");
      el.className = "understood";
      el.title = "understood";
      el.textContent = m[0];
      out.append(el);
    } else {
      out.append(document.createTextNode(m[0]));
    }
    at = m.index + m[0].length;
  }
  out.append(document.createTextNode(question.slice(at)));
  return out;
}
