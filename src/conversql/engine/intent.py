"""Route a message to an intent before any understanding: refuse, raw SQL, change chart, explain, help, data."""
from __future__ import annotations

import re
from dataclasses import dataclass

_WRITE_VERBS = re.compile(
    r"^\s*(?:please\s+|can you\s+|could you\s+|i want to\s+|let's\s+|go ahead and\s+)?"
    r"(delete|drop|truncate|update|insert|alter|create|add|remove|erase|wipe|modify|change|set|rename|replace|"
    r"grant|revoke|purge|destroy|overwrite|edit|merge|upsert|reset)\b", re.I)
_INJECTION = re.compile(r";\s*(delete|drop|update|insert|alter|create|truncate|grant|attach|copy|pragma)\b|--\s*$",
                        re.I)
_RAW_SQL = re.compile(r"^\s*(select|with)\s", re.I)
_SQL_STATEMENT = re.compile(r"^\s*(insert|update|delete|drop|create|alter|truncate|grant|revoke|attach|copy|pragma|"
                            r"install|load|set|call|exec|merge|vacuum)\s", re.I)
CHART_WORDS = {"pie": "pie", "donut": "pie", "doughnut": "pie", "bar": "bar", "column": "bar", "line": "line",
               "scatter": "scatter", "area": "area", "table": "table", "number": "number", "card": "number",
               "histogram": "bar"}
_CHART = re.compile(r"\b(?:as|in|into|to|a|an|use|make|show|plot|draw|switch|change|display|instead)\b.*?\b(" +
                    "|".join(CHART_WORDS) + r")\b(?:\s+(?:chart|graph|plot|view))?|\b(" + "|".join(CHART_WORDS) +
                    r")\s+(?:chart|graph|plot)\b", re.I)
_EXPLAIN = re.compile(r"^\s*(why\??|explain\b|how did you|how was (?:this|that|it)|what does (?:this|that) mean|"
                      r"show (?:me )?the (?:sql|query)|what (?:sql|query) did you)", re.I)
_HELP = re.compile(r"^\s*(help\b|what can i ask|what (?:tables|data|columns|fields|information)|which tables|"
                   r"what do you (?:know|have)|describe (?:the )?(?:data|database|schema)|list (?:the )?tables)", re.I)

# In a conversation "remove Seafood" or "change it to last year" refine the last answer; they change no data.
_REFINING_VERBS = {"remove", "change", "add", "set", "replace", "edit", "reset"}
_PRESENTATION_OBJECT = re.compile(r"^\s*(?:me\s+)?(?:a|an|the|some)?\s*(?:new\s+)?(?:\w+\s+)?(chart|graph|plot|"
                                  r"report|dashboard|visuali[sz]ation|summary|table of|list of|breakdown)\b", re.I)
_DATA_OBJECT = re.compile(r"\b(tables?|rows?|records?|database|new|every|all)\b", re.I)


@dataclass
class Route:
    intent: str                    # data_question | change_chart | explain | schema_help | raw_sql | refuse
    chart_type: str | None = None
    reason: str = ""


def route(message: str, has_context: bool) -> Route:
    """Decide what kind of message this is.

    >>> route("drop the Customer table", False).intent
    'refuse'
    """
    text = message.strip()
    if _RAW_SQL.match(text) and re.search(r"\bfrom\b|\bselect\s+\d", text, re.I):
        return Route("raw_sql")
    if _SQL_STATEMENT.match(text) and re.search(r"\b(table|from|into|where|set|database)\b", text, re.I):
        return Route("refuse", reason="ConverSQL only reads data; statements that change a database are refused.")
    if _INJECTION.search(text):
        return Route("refuse", reason="The question contains SQL that would change data; nothing was run.")
    if has_context:
        m = _CHART.search(text)
        if m and len(text.split()) <= 9:
            word = (m.group(1) or m.group(2)).lower()
            return Route("change_chart", chart_type=CHART_WORDS[word])
    write = _WRITE_VERBS.match(text)
    if write and _PRESENTATION_OBJECT.search(text[write.end():write.end() + 40]):
        write = None          # "create a chart of revenue", "make a report": a question, not a write
    if write and not (has_context and write.group(1).lower() in _REFINING_VERBS and not _DATA_OBJECT.search(text)):
        verb = write.group(1).lower()
        return Route("refuse", reason=f"ConverSQL answers questions about your data but never changes it "
                                      f"(\"{verb}\" would modify the database), so nothing was run.")
    if has_context and _EXPLAIN.match(text):
        return Route("explain")
    if _HELP.match(text):
        return Route("schema_help")
    return Route("data_question")
